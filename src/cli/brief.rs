//! `truce brief`

use super::{BriefArgs, CmdResult};

pub fn execute(_args: &BriefArgs) -> CmdResult {
    super::not_yet("brief")
}
