//! `truce-core`: the model of `truce`, a Monte Carlo simulator of ceasefire and truce
//! negotiations, as a library: the command line, the web server and the Python package all
//! call it. No terminal, chart or command-line code lives here.
//!
//! **The entry point** is [`Simulation`]: a validated scenario and its bargaining analysis
//! (computed once); [`Simulation::run_with`] plays a job ([`Options`]: seed, which runs, threads)
//! under a [`Monitor`] (progress, cancellation), hands every run's record to a [`RunSink`] in
//! run order, and returns [`Results`]: the exact integer aggregate, its [`summary::Summary`]
//! and the analysis. [`Simulation::runner`] plays single runs (narration, tabletop play), and
//! [`Simulation::with_values`] pins numbers addressed by [`Param`] (sweeps, sliders).
//!
//! Data flows one way, and each module is one stage of it:
//! scenario file -> [`scenario`] (parse, validate) -> [`model::Scenario`] -> [`engine`] (one run)
//! -> [`montecarlo`] (many runs, folded into a [`stats`] aggregate) -> [`summary`]. No stage
//! knows the ones after it. Beside them: [`param`] (a number of a scenario, by path),
//! [`sweep`] and [`sensitivity`] (the same job at pinned values), [`forecast`] (continuations of
//! a run in progress), [`backtest`] (scoring forecasts against what happened), [`calibrate`]
//! (reweighting the uncertain numbers to meet targets), [`error`] (the error types),
//! [`suggest`] (did-you-mean).
//!
//! Seams: a negotiation protocol is a type behind [`engine::protocol::Protocol`], a concession
//! tactic a type behind [`engine::tactic::Tactic`], each in its own file and named once in its
//! module's `REGISTRY`.
//!
//! Features: `parallel` (default) plays a job's blocks on all cores with rayon; without it they
//! are played one after the other, with the very same results.

#![warn(missing_docs)]

pub mod backtest;
pub mod calibrate;
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
