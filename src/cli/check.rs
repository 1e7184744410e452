//! `truce check FILE...`

use std::path::PathBuf;

use clap::Args;

use super::CmdResult;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn execute(_args: &CheckArgs) -> CmdResult {
    super::not_yet("check")
}
