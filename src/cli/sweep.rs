//! `truce sweep`

use super::{CmdResult, SweepArgs};

pub fn execute(_args: &SweepArgs) -> CmdResult {
    super::not_yet("sweep")
}
