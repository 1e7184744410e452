//! Turning results into bytes, and bytes into files.
//!
//! Each format is a pure function from results to bytes ([`summary_json`], [`runs_csv`],
//! [`shard_file`], [`table`]), testable without a disk; [`folder`] is the one place that touches the
//! disk, writing an output folder whole or not at all.

pub mod folder;
pub mod runs_csv;
pub mod shard_file;
pub mod summary_json;
pub mod table;
