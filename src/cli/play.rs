//! `truce play`

use super::{CmdResult, PlayArgs};

pub fn execute(_args: &PlayArgs) -> CmdResult {
    super::not_yet("play")
}
