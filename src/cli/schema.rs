//! `truce schema`

use std::io::Write;

use super::{CmdResult, Failure};

pub fn execute() -> CmdResult {
    let text = serde_json::to_string_pretty(&truce_core::scenario::json_schema())
        .map_err(|e| Failure::io(format!("cannot print the schema: {e}")))?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        // A reader that stops early (`truce schema | head`) is not a failure.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::io(format!("cannot print the schema: {e}")))
        }
        _ => Ok(()),
    }
}
