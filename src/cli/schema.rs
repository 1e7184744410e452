//! `truce schema`

use super::CmdResult;

pub fn execute() -> CmdResult {
    super::not_yet("schema")
}
