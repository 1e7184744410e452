//! `truce schema`

use super::{CmdResult, Failure};

pub fn execute() -> CmdResult {
    let text = serde_json::to_string_pretty(&crate::scenario::json_schema())
        .map_err(|e| Failure::io(format!("cannot print the schema: {e}")))?;
    println!("{text}");
    Ok(())
}
