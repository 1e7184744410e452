//! `truce sensitivity`

use super::{CmdResult, SensitivityArgs};

pub fn execute(_args: &SensitivityArgs) -> CmdResult {
    super::not_yet("sensitivity")
}
