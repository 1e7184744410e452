//! `truce._truce`: the native half of the `truce` Python package.
//!
//! A thin layer over the core's one entry point ([`truce_core::Simulation`]) and the report
//! crate: every number comes from the same code as the `truce` command, so the same scenario,
//! seed and run count give the same results. The Python half (`python/truce/__init__.py`)
//! turns what this module returns into dicts, pandas DataFrames and charts that display in
//! Jupyter.
//!
//! What crosses into Python: small results as JSON text (the summary is `summary.json` itself,
//! stories are `truce narrate --json`, sweeps and sensitivity analyses are `sweep.json` and
//! `sensitivity.json`), and the per-run table as typed columns lent to numpy without a copy
//! ([`table`]). Jobs run with the GIL released and stop on Ctrl-C ([`watch`]).

use std::sync::Mutex;

use pyo3::exceptions::{PyMemoryError, PyValueError};
use pyo3::prelude::*;
use truce_core::engine::Outcome;
use truce_core::montecarlo::MAX_RUNS;
use truce_core::summary::Summary;
use truce_core::sweep::set::SetSpec;
use truce_core::sweep::{DEFAULT_RUNS_CAP, Job};
use truce_core::{NoSink, Options, Param, Runs};
use truce_report::export::summary_json;
use truce_report::{charts, narrate};

mod errors;
mod table;
mod views;
mod watch;

use errors::{core_error, param_error, scenario_error, simulation_error};
use table::{Described, Table, TableSink};
use watch::watched;

/// Most worker threads a job may ask for (as `--threads`).
const MAX_THREADS: usize = 1024;

/// Worker threads: `None` is every core (0 for the core).
fn threads(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        None => Ok(0),
        Some(0) => Err(PyValueError::new_err(
            "threads must be at least 1 (None: every core)",
        )),
        Some(t) if t > MAX_THREADS => Err(PyValueError::new_err(format!(
            "threads={t} is more than {MAX_THREADS}; leave it out (None) to use every core"
        ))),
        Some(t) => Ok(t),
    }
}

/// Runs of a job: `None` is the scenario's `runs`.
fn runs(runs: Option<u64>, default: u64) -> PyResult<u64> {
    match runs.unwrap_or(default) {
        0 => Err(PyValueError::new_err("runs must be at least 1")),
        n if n > MAX_RUNS => Err(PyValueError::new_err(format!(
            "runs={n} is more than {MAX_RUNS}, the most one job plays"
        ))),
        n => Ok(n),
    }
}

/// An outcome by name.
fn outcome(name: &str) -> PyResult<Outcome> {
    Outcome::parse(name.trim()).ok_or_else(|| {
        let names: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        PyValueError::new_err(format!(
            "unknown outcome `{name}` (outcomes: {})",
            names.join(", ")
        ))
    })
}

/// JSON bytes to text (the report crate writes UTF-8 JSON).
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// A validated scenario and its bargaining analysis (computed once, when first needed).
#[pyclass(frozen, module = "truce._truce")]
struct Simulation {
    sim: truce_core::Simulation,
}

#[pymethods]
impl Simulation {
    /// Load and validate a scenario file; raises ScenarioError.
    #[staticmethod]
    fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Simulation> {
        let sim = truce_core::Simulation::load(&path).map_err(|e| scenario_error(py, &e))?;
        Ok(Simulation { sim })
    }

    /// Validate a scenario given as TOML text (`name` stands for the file in messages).
    #[staticmethod]
    fn parse(py: Python<'_>, toml: &str, name: &str) -> PyResult<Simulation> {
        let scenario = truce_core::scenario::parse(toml.as_bytes(), name)
            .map_err(|e| scenario_error(py, &e))?;
        Ok(Simulation {
            sim: truce_core::Simulation::new(scenario),
        })
    }

    /// The scenario as a whole (JSON).
    fn info_json(&self) -> String {
        views::info(self.sim.scenario()).to_string()
    }

    /// Its issues (JSON).
    fn issues_json(&self) -> String {
        views::issues(self.sim.scenario()).to_string()
    }

    /// Its parties (JSON).
    fn parties_json(&self) -> String {
        views::parties(self.sim.scenario()).to_string()
    }

    /// Its uncertain numbers (JSON).
    fn numbers_json(&self) -> String {
        views::numbers(self.sim.scenario()).to_string()
    }

    /// Play runs `0..runs` of `seed` (None: the scenario's) on `threads` workers (None: every
    /// core), keeping the per-run table when `keep_runs`. The GIL is released while it runs;
    /// Ctrl-C stops it.
    #[pyo3(signature = (runs=None, seed=None, threads=None, keep_runs=true))]
    fn run(
        &self,
        py: Python<'_>,
        runs: Option<u64>,
        seed: Option<u64>,
        threads: Option<usize>,
        keep_runs: bool,
    ) -> PyResult<Results> {
        let s = self.sim.scenario();
        let n = self::runs(runs, s.runs)?;
        let options = Options {
            seed,
            runs: Runs::Count(Some(n)),
            threads: self::threads(threads)?,
            ..Options::default()
        };
        let mut sink = match keep_runs {
            false => None,
            true => {
                let rows =
                    usize::try_from(n).map_err(|_| PyMemoryError::new_err("too many runs"))?;
                let block = usize::try_from(options.block_size).unwrap_or(usize::MAX);
                Some(TableSink::new(s, rows, block).map_err(|e| {
                    PyMemoryError::new_err(format!(
                        "no memory for the table of {n} runs ({e}); run with keep_runs=False for the summary alone"
                    ))
                })?)
            }
        };
        let sim = &self.sim;
        let played = watched(py, |watch| match sink.as_mut() {
            Some(table) => sim.run_with(&options, watch, table),
            None => sim.run_with(&options, watch, &mut NoSink),
        })?
        .map_err(simulation_error)?;
        Ok(Results {
            summary: played.summary,
            table: Mutex::new(sink.map(TableSink::finish)),
        })
    }

    /// Run `run` of `seed` told as text (`truce narrate`).
    #[pyo3(signature = (run, seed=None))]
    fn narrate(&self, run: u64, seed: Option<u64>) -> String {
        let s = self.sim.scenario();
        let story = narrate::story(&self.sim, seed.unwrap_or(s.seed), run);
        narrate::render(s, &story)
    }

    /// Run `run` of `seed` as JSON (`truce narrate --json`).
    #[pyo3(signature = (run, seed=None))]
    fn trace_json(&self, run: u64, seed: Option<u64>) -> PyResult<String> {
        let s = self.sim.scenario();
        let story = narrate::story(&self.sim, seed.unwrap_or(s.seed), run);
        serde_json::to_string(&story).map_err(|e| {
            pyo3::exceptions::PyRuntimeError::new_err(format!("cannot encode the story: {e}"))
        })
    }

    /// The same scenario with each `(path, value)` pinned (common random numbers kept).
    fn with_values(&self, pins: Vec<(String, f64)>) -> PyResult<Simulation> {
        let s = self.sim.scenario();
        let mut parsed = Vec::with_capacity(pins.len());
        for (path, value) in &pins {
            parsed.push((Param::parse(s, path).map_err(|e| param_error(&e))?, *value));
        }
        let sim = self.sim.with_values(&parsed).map_err(|e| param_error(&e))?;
        Ok(Simulation { sim })
    }

    /// A sweep over the grid of `sets` (path, from, to, steps or None) as `sweep.json`.
    #[pyo3(signature = (sets, runs=None, seed=None, threads=None))]
    fn sweep_json(
        &self,
        py: Python<'_>,
        sets: Vec<(String, f64, f64, Option<u32>)>,
        runs: Option<u64>,
        seed: Option<u64>,
        threads: Option<usize>,
    ) -> PyResult<String> {
        let s = self.sim.scenario();
        if sets.is_empty() {
            return Err(PyValueError::new_err(
                "sweep: give at least one number to sweep, e.g. {\"parties.russia.reservation\": (0.1, 0.4, 7)}",
            ));
        }
        let mut specs: Vec<SetSpec> = Vec::with_capacity(sets.len());
        for (path, from, to, steps) in &sets {
            // The command line's own parser, so both check the same things the same way.
            // Rust prints an f64 in the shortest form that reads back as the same number.
            let mut spec_text = format!("{path}={from}..{to}");
            if let Some(n) = steps {
                spec_text.push_str(&format!(":{n}"));
            }
            let spec = SetSpec::parse(s, &spec_text).map_err(|problem| {
                errors::ParamError::new_err(format!("sweep {}: {problem}", path.trim()))
            })?;
            if specs.iter().any(|o| o.param == spec.param) {
                return Err(errors::ParamError::new_err(format!(
                    "sweep: {} is given twice",
                    spec.path
                )));
            }
            specs.push(spec);
        }
        let job = Job {
            seed: seed.unwrap_or(s.seed),
            runs: self::runs(runs, s.runs.min(DEFAULT_RUNS_CAP))?,
            threads: self::threads(threads)?,
        };
        let sim = &self.sim;
        let result = watched(py, |watch| truce_core::sweep::run(sim, &specs, &job, watch))?
            .map_err(|e| core_error(py, e))?;
        Ok(text(truce_report::sweep::export::json(&result)))
    }

    /// A sensitivity analysis ranked by `outcome`, as `sensitivity.json`.
    #[pyo3(signature = (outcome="held", runs=None, seed=None, threads=None))]
    fn sensitivity_json(
        &self,
        py: Python<'_>,
        outcome: &str,
        runs: Option<u64>,
        seed: Option<u64>,
        threads: Option<usize>,
    ) -> PyResult<String> {
        let s = self.sim.scenario();
        let outcome = self::outcome(outcome)?;
        let job = Job {
            seed: seed.unwrap_or(s.seed),
            runs: self::runs(runs, s.runs.min(DEFAULT_RUNS_CAP))?,
            threads: self::threads(threads)?,
        };
        let sim = &self.sim;
        let result = watched(py, |watch| {
            truce_core::sensitivity::run(sim, outcome, &job, watch)
        })?
        .map_err(|e| core_error(py, e))?;
        Ok(text(truce_report::sensitivity::export::json(&result)))
    }
}

/// What a job left: its summary and, when kept, the per-run table.
#[pyclass(frozen, module = "truce._truce")]
struct Results {
    summary: Summary,
    /// Taken (once) by `take_columns`.
    table: Mutex<Option<Table>>,
}

#[pymethods]
impl Results {
    /// `summary.json`, byte for byte as `truce run` writes it.
    fn summary_json(&self) -> String {
        text(summary_json::serialize(&self.summary))
    }

    /// The summary as `truce run` prints it on the terminal.
    fn table_text(&self) -> String {
        truce_report::export::table::render(&self.summary)
    }

    /// Whether the per-run table is still here to take.
    fn has_table(&self) -> bool {
        self.table.lock().map(|t| t.is_some()).unwrap_or(false)
    }

    /// The per-run table's columns, in `runs.csv` order: `(name, column, categories)`, where
    /// `categories` names the codes of a categorical column and is None otherwise. Taken
    /// once: the memory passes to Python. None when the job kept no table.
    fn take_columns(&self) -> Option<Vec<Described>> {
        let table = self.table.lock().ok()?.take()?;
        Some(table.into_columns())
    }

    /// The SVG of a chart, by its name (`outcomes`) or file stem (`01-outcomes`).
    fn chart_svg(&self, py: Python<'_>, name: &str) -> PyResult<String> {
        let stem = chart_stem(name)?;
        let summary = &self.summary;
        let drawn = py.detach(|| charts::svg_of(summary, stem));
        match drawn {
            Some(Ok(svg)) => Ok(svg),
            Some(Err(e)) => Err(pyo3::exceptions::PyRuntimeError::new_err(e.to_string())),
            None => Err(unknown_chart(name)),
        }
    }

    /// The charts' names, in file order (`outcomes`, `time-to-agreement`, ...).
    #[staticmethod]
    fn chart_names() -> Vec<&'static str> {
        charts::names().into_iter().map(short_name).collect()
    }
}

/// `01-outcomes` -> `outcomes`.
fn short_name(stem: &'static str) -> &'static str {
    stem.split_once('-').map_or(stem, |(_, rest)| rest)
}

/// The file stem of a chart given by its short name or its stem.
fn chart_stem(name: &str) -> PyResult<&'static str> {
    let name = name.trim();
    charts::names()
        .into_iter()
        .find(|&stem| stem == name || short_name(stem) == name)
        .ok_or_else(|| unknown_chart(name))
}

fn unknown_chart(name: &str) -> PyErr {
    let names: Vec<&str> = charts::names().into_iter().map(short_name).collect();
    PyValueError::new_err(format!(
        "unknown chart `{name}` (charts: {})",
        names.join(", ")
    ))
}

/// The module.
#[pymodule]
fn _truce(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Simulation>()?;
    m.add_class::<Results>()?;
    m.add_class::<table::Column>()?;
    m.add("ScenarioError", py.get_type::<errors::ScenarioError>())?;
    m.add("ParamError", py.get_type::<errors::ParamError>())?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_RUNS", MAX_RUNS)?;
    Ok(())
}
