//! Integration tests of `truce-core`, in one test binary: every integration test file would
//! otherwise be its own binary that links the whole crate, which costs build time.

use std::path::{Path, PathBuf};

mod decisions;
mod engine_properties;
mod run_alloc;
mod scenario_never_panics;
mod scenario_validation;
mod sweep_crn;
mod zeuthen;

/// A path from the repository root (tests run in `crates/truce-core`).
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}
