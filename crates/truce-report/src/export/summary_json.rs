//! `summary.json`: the [`Summary`], pretty-printed.

use truce_core::summary::Summary;

/// The bytes of `summary.json`: indented JSON with a final newline. Deterministic: the same
/// summary gives the same bytes (field order is the struct's, floats print in shortest form).
pub fn serialize(summary: &Summary) -> Vec<u8> {
    // Serialising plain structs of numbers and strings cannot fail; fall back to an empty
    // object rather than panic if it ever did.
    let mut bytes = serde_json::to_vec_pretty(summary).unwrap_or_else(|_| b"{}".to_vec());
    bytes.push(b'\n');
    bytes
}

/// Read a `summary.json` back.
pub fn parse(bytes: &[u8]) -> Result<Summary, serde_json::Error> {
    serde_json::from_slice(bytes)
}
