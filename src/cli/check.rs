//! `truce check FILE...`

use std::path::PathBuf;

use std::io::Write;

use clap::Args;

use super::{CmdResult, Failure};
use truce_core::scenario;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario files (TOML; the format: docs/FORMAT.md).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Checks every file even after a bad one, so one run lists all that need fixing.
pub fn execute(args: &CheckArgs) -> CmdResult {
    let mut bad = 0usize;
    for path in &args.files {
        match scenario::load(path) {
            Ok(s) => {
                let line = format!(
                    "{}: ok ({} parties, {} issues)",
                    path.display(),
                    s.parties.len(),
                    s.issues.len()
                );
                // A closed stdout (`truce check ... | head`) must not panic; the exit code
                // still tells whether every file is good.
                let _ = writeln!(std::io::stdout().lock(), "{line}");
            }
            Err(e) => {
                let _ = write!(
                    std::io::stderr().lock(),
                    "{}",
                    super::style::diagnostics(&e.render())
                );
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
