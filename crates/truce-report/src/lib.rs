//! `truce-report`: what `truce` makes of a Monte Carlo job: `summary.json`, `runs.csv`, the
//! shard file, the terminal table, the charts, `report.html`, the exports of sweeps and
//! sensitivity analyses, and one run told as a story (narration).
//!
//! Every format is a pure function from results to bytes; [`export::folder`] is the one place
//! that touches the disk.

#![warn(missing_docs)]

pub mod backtest;
pub mod calibrate;
pub mod charts;
pub mod export;
pub mod narrate;
pub mod report;
pub mod sensitivity;
pub mod sweep;
