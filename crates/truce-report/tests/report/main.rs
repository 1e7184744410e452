//! Integration tests of `truce-report`, in one test binary (each file would otherwise be its
//! own binary linking everything).

use std::path::{Path, PathBuf};

use truce_core::summary::Summary;
use truce_core::{Options, Simulation};

mod charts_scenarios;
mod report_browser;

/// A path from the repository root (tests run in `crates/truce-report`).
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// The summary of `runs` runs of a bundled scenario (its own seed), through the one entry point.
pub fn summary_of(file: &str, runs: u64) -> Summary {
    let sim =
        Simulation::load(&repo("scenarios").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    sim.run(&Options::runs(runs))
        .expect("the simulation runs")
        .summary
}
