//! Integration tests of `truce-report`, in one test binary (each file would otherwise be its
//! own binary linking everything).

use std::path::{Path, PathBuf};

mod charts_scenarios;
mod report_browser;

/// A path from the repository root (tests run in `crates/truce-report`).
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}
