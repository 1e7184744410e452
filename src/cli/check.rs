//! `truce check FILE...`

use std::path::PathBuf;

use clap::Args;

use super::{CmdResult, Failure};
use crate::scenario;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Checks every file even after a bad one, so one run lists all that need fixing.
pub fn execute(args: &CheckArgs) -> CmdResult {
    let mut bad = 0usize;
    for path in &args.files {
        match scenario::load(path) {
            Ok(s) => println!(
                "{}: ok ({} parties, {} issues)",
                path.display(),
                s.parties.len(),
                s.issues.len()
            ),
            Err(e) => {
                eprint!("{}", e.render());
                bad += 1;
            }
        }
    }
    if bad > 0 {
        Err(Failure {
            code: 2,
            message: String::new(),
        })
    } else {
        Ok(())
    }
}
