//! `truce`: a Monte Carlo simulator of ceasefire and truce negotiations.
//!
//! Data flows one way, and each module is one stage of it:
//! scenario file -> [`scenario`] (parse, validate) -> [`model::Scenario`] -> [`engine`] (one run)
//! -> [`montecarlo`] (many runs, folded into a [`stats`] aggregate) -> [`summary`]
//! -> [`export`], [`charts`], [`report`]. No stage knows the ones after it.

pub mod analysis;
pub mod charts;
pub mod cli;
pub mod engine;
pub mod export;
pub mod model;
pub mod montecarlo;
pub mod narrate;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod summary;
pub mod sweep;
pub mod tabletop;
