//! `truce merge DIR... --out DIR`

use super::{CmdResult, MergeArgs};

pub fn execute(_args: &MergeArgs) -> CmdResult {
    super::not_yet("merge")
}
