//! Loading scenario files: bytes -> raw spanned file -> validated [`crate::model::Scenario`].
//!
//! Every problem in a file is reported at once, each pointing at its line, because the people
//! who write scenarios by hand fix them in one pass rather than one error per run.

mod decode;
mod diagnostic;
mod lookup;
mod numbers;
mod observed;
mod parties;
pub(crate) mod raw;
mod schema;

pub(crate) mod validate;
mod world;

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use decode::MAX_BYTES;
pub use diagnostic::{Diagnostic, LoadError, MAX_SHOWN, QUOTE_WIDTH, line_col, printable};
pub use schema::json_schema;

use crate::model::Scenario;

/// Reads and validates a scenario file. Files over [`MAX_BYTES`] are refused without being read
/// whole.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    let name = path.display().to_string();
    let cannot_read = |e: std::io::Error| {
        LoadError::new(
            &name,
            "",
            vec![Diagnostic::without_span(format!("cannot read: {e}"))],
        )
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    parse(&bytes, &name)
}

/// Validates a scenario given as bytes; `file_name` is what the diagnostics start with.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<Scenario, LoadError> {
    let fail = |source: &str, diags: Vec<Diagnostic>| LoadError::new(file_name, source, diags);
    let text = match decode::text(bytes) {
        Ok(text) => text,
        Err(d) => {
            // Too large: nothing worth quoting. Not UTF-8: quote what decodes.
            let shown = if bytes.len() > MAX_BYTES {
                String::new()
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            };
            return Err(fail(&shown, vec![d]));
        }
    };
    let (raw, mut diags) = decode::raw(text);
    let Some((raw, tree)) = raw else {
        return Err(fail(text, diags));
    };
    match validate::scenario(&raw, &tree, sha256_hex(bytes)) {
        Ok(s) if diags.is_empty() => Ok(s),
        Ok(_) => Err(fail(text, diags)),
        Err(more) => {
            diags.extend(more);
            Err(fail(text, diags))
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
