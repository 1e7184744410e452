//! `truce run FILE`

use super::{CmdResult, RunArgs};

pub fn execute(_args: &RunArgs) -> CmdResult {
    super::not_yet("run")
}
