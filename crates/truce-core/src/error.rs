//! The errors of `truce-core`, as types: each says what went wrong in a sentence a user can
//! act on (`Display`), and callers that need to tell them apart (exit codes, HTTP statuses,
//! Python exceptions) match on the variant.

use crate::montecarlo::SimulationError;
use crate::param::ParamError;
use crate::scenario::LoadError;

/// Anything a call into `truce-core` can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario file could not be read or is invalid (every problem, with line and column).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A path names no number of the scenario, or a value the number cannot take.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// A job was cancelled, or its run sink or worker threads failed.
    #[error(transparent)]
    Simulation(#[from] SimulationError),
}
