//! The core's errors as Python exceptions.
//!
//! A scenario that cannot be loaded raises `truce.ScenarioError` (a `ValueError`): its text is
//! what `truce check` prints (every problem, `FILE:LINE:COL`, the line, a caret and the hint),
//! and its attributes give the first problem's `file`, `line`, `column`, `message` and `hint`,
//! and every problem in `diagnostics`. A path that names no number of the scenario, or a value
//! the number cannot take, raises `truce.ParamError` (a `ValueError`).

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use truce_core::SimulationError;
use truce_core::scenario::LoadError;

pyo3::create_exception!(
    truce,
    ScenarioError,
    PyValueError,
    "A scenario file could not be read or is invalid. str() is every problem, rustc-style \
     (FILE:LINE:COL, the line, a caret, the hint); `file`, `line`, `column`, `message` and \
     `hint` describe the first problem, `diagnostics` lists them all as dicts."
);

pyo3::create_exception!(
    truce,
    ParamError,
    PyValueError,
    "A path names no number of the scenario (with a did-you-mean where one is close), or a \
     value lies outside what the number allows."
);

/// `ScenarioError` for a scenario that could not be loaded.
pub fn scenario_error(py: Python<'_>, e: &LoadError) -> PyErr {
    let err = ScenarioError::new_err(e.render().trim_end().to_string());
    if let Err(inner) = describe(py, &err, e) {
        return inner;
    }
    err
}

/// Set the attributes of a `ScenarioError`.
fn describe(py: Python<'_>, err: &PyErr, e: &LoadError) -> PyResult<()> {
    let value = err.value(py);
    let mut all = Vec::with_capacity(e.diagnostics.len());
    for d in &e.diagnostics {
        let (line, column) = match e.position(d) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (None, None),
        };
        let dict = PyDict::new(py);
        dict.set_item("message", &d.message)?;
        dict.set_item("line", line)?;
        dict.set_item("column", column)?;
        dict.set_item("hint", d.hint.as_deref())?;
        all.push(dict);
    }
    value.setattr("file", &e.file_name)?;
    let first = all.first();
    for key in ["message", "line", "column", "hint"] {
        let item = match first {
            Some(d) => d.get_item(key)?,
            None => None,
        };
        value.setattr(key, item)?;
    }
    value.setattr("diagnostics", all)?;
    Ok(())
}

/// `ParamError` for a path or value the scenario refuses.
pub fn param_error(e: &truce_core::ParamError) -> PyErr {
    ParamError::new_err(e.to_string())
}

/// A job that failed for a reason other than a signal (the watcher raises those itself).
pub fn simulation_error(e: SimulationError) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}

/// Any error of the core.
pub fn core_error(py: Python<'_>, e: truce_core::Error) -> PyErr {
    match e {
        truce_core::Error::Load(e) => scenario_error(py, &e),
        truce_core::Error::Param(e) => param_error(&e),
        truce_core::Error::Simulation(e) => simulation_error(e),
    }
}
