//! `truce-core`: the model of `truce`, a Monte Carlo simulator of ceasefire and truce
//! negotiations.
//!
//! Data flows one way, and each module is one stage of it:
//! scenario file -> [`scenario`] (parse, validate) -> [`model::Scenario`] -> [`engine`] (one run)
//! -> [`montecarlo`] (many runs, folded into a [`stats`] aggregate) -> [`summary`].
//! No stage knows the ones after it.

pub mod engine;
pub mod error;
pub mod forecast;
pub mod model;
pub mod montecarlo;
pub mod param;
pub mod scenario;
pub mod sensitivity;
pub mod simulation;
pub mod stats;
pub mod suggest;
pub mod summary;
pub mod sweep;
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;

pub use error::Error;
pub use montecarlo::{Control, Monitor, NoSink, RunSink, Shard, SimulationError};
pub use param::{Param, ParamError};
pub use simulation::{Options, Results, Runs, Simulation};
