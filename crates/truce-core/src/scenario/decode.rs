//! From bytes to the raw, spanned file: size, UTF-8, TOML syntax, types and unknown keys.
//!
//! Each stage either passes everything it found to the next or stops with all of its own
//! problems; a later stage could not say anything reliable about a file an earlier one refused.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Diagnostic;
use super::raw::RawFile;
use super::schema::{self, Step};
use crate::suggest::did_you_mean;

/// Files larger than this are refused before they are parsed.
pub const MAX_BYTES: usize = 1024 * 1024;

/// The text of the file, or why it is not text.
pub fn text(bytes: &[u8]) -> Result<&str, Diagnostic> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        Diagnostic::new(at..at + 1, "the file is not valid UTF-8")
            .with_hint("save the scenario as UTF-8 text")
    })
}

/// `len` is what was read, which stops one byte past the limit: say "more than", not a size.
pub fn too_large(_len: u64) -> Diagnostic {
    Diagnostic::without_span(format!(
        "the file is larger than 1 MiB ({MAX_BYTES} bytes), the limit for scenario files"
    ))
    .with_hint("a scenario is a few kilobytes of TOML; is this the right file?")
}

/// The parsed document, kept to find where a key is written.
pub struct Tree<'i>(DeTable<'i>);

impl Tree<'_> {
    /// The span of the key at the end of `path`.
    pub fn key_span(&self, path: &[Step]) -> Option<std::ops::Range<usize>> {
        key_span(&self.0, path)
    }
}

/// Parses and deserializes the text. Unknown keys are errors but do not stop validation.
pub fn raw(text: &str) -> (Option<(RawFile, Tree<'_>)>, Vec<Diagnostic>) {
    let (tree, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let mut diags: Vec<Diagnostic> = syntax.iter().map(|e| toml_error(e, text)).collect();
        // The recovering parser can meet one fault twice (once per pass over a table).
        diags.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
        diags.dedup();
        return (None, diags);
    }
    let keep = tree.get_ref().clone();
    let mut unknown: Vec<Vec<Step>> = Vec::new();
    let de = toml::de::Deserializer::from(tree);
    let result = serde_ignored::deserialize(de, |path| unknown.push(steps(&path)));
    let mut spans = KeySpans::default();
    let mut diags: Vec<Diagnostic> = unknown
        .iter()
        .map(|p| unknown_key(&keep, &mut spans, p))
        .collect();
    match result {
        Ok(file) => (Some((file, Tree(keep))), diags),
        Err(e) => {
            diags.push(toml_error(&e, text));
            (None, diags)
        }
    }
}

fn toml_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    // serde names Rust types; a scenario's author thinks in TOML's.
    let message = e
        .message()
        .trim()
        .replace('\n', "; ")
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a string", "expected a string (in quotes)");
    match e.span() {
        Some(span) => Diagnostic::new(span, message),
        // Errors without a place are rare (a document-level type error); the file start is the
        // honest place for them.
        None => Diagnostic::new(0..text.len().min(1), message),
    }
}

/// serde_ignored's path as steps, without the private keys `toml::Spanned` reads through.
fn steps(path: &serde_ignored::Path<'_>) -> Vec<Step> {
    let mut out = Vec::new();
    let mut node = Some(path);
    while let Some(p) = node {
        node = match p {
            serde_ignored::Path::Root => None,
            serde_ignored::Path::Seq { parent, index } => {
                out.push(Step::Index(*index));
                Some(*parent)
            }
            serde_ignored::Path::Map { parent, key } => {
                if !key.starts_with("$__serde_spanned_private") {
                    out.push(Step::Key(key.clone()));
                }
                Some(*parent)
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => Some(*parent),
        };
    }
    out.reverse();
    out
}

type Key<'i> = Spanned<Cow<'i, str>>;

fn entry<'a, 'i>(
    table: &'a DeTable<'i>,
    key: &str,
) -> Option<(&'a Key<'i>, &'a Spanned<DeValue<'i>>)> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

/// The span of the key at the end of `path`, found by walking the parsed tree.
fn key_span(root: &DeTable<'_>, path: &[Step]) -> Option<std::ops::Range<usize>> {
    let (Step::Key(last), parents) = path.split_last()? else {
        return None;
    };
    entry(table_at(root, parents)?, last).map(|(k, _)| k.span())
}

/// The spans of the keys of each table that holds unknown keys, indexed once per table: a
/// generated file can hold a hundred thousand unknown keys in one table, and looking each one up
/// by walking the table would take quadratic time.
#[derive(Default)]
struct KeySpans {
    tables: HashMap<Vec<Step>, HashMap<String, Range<usize>>>,
}

impl KeySpans {
    fn get(&mut self, root: &DeTable<'_>, path: &[Step]) -> Option<Range<usize>> {
        let (Step::Key(last), parent) = path.split_last()? else {
            return None;
        };
        if !self.tables.contains_key(parent) {
            let keys = table_at(root, parent)
                .map(|t| {
                    t.iter()
                        .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                        .collect()
                })
                .unwrap_or_default();
            self.tables.insert(parent.to_vec(), keys);
        }
        self.tables.get(parent)?.get(last).cloned()
    }
}

/// The table at `path` (the root for an empty path).
fn table_at<'a, 'i>(root: &'a DeTable<'i>, path: &[Step]) -> Option<&'a DeTable<'i>> {
    let mut value: Option<&DeValue<'_>> = None;
    let mut table = root;
    for s in path {
        let v = match (s, value) {
            (Step::Key(k), _) => entry(table, k).map(|(_, v)| v.get_ref())?,
            (Step::Index(i), Some(DeValue::Array(a))) => a.get(*i).map(|v| v.get_ref())?,
            _ => return None,
        };
        if let DeValue::Table(t) = v {
            table = t;
        }
        value = Some(v);
    }
    match value {
        None => Some(root),
        Some(DeValue::Table(t)) => Some(t),
        Some(_) => None,
    }
}

fn unknown_key(root: &DeTable<'_>, spans: &mut KeySpans, path: &[Step]) -> Diagnostic {
    let (name, parent) = match path.split_last() {
        Some((Step::Key(k), parent)) => (k.as_str(), parent),
        _ => ("?", path),
    };
    let valid = schema::keys_at(parent);
    let span = spans.get(root, path).unwrap_or(0..0);
    let hint = did_you_mean(name, valid.iter().map(String::as_str))
        .or_else(|| (!valid.is_empty()).then(|| format!("expected one of: {}", valid.join(", "))));
    Diagnostic::new(span, format!("unknown key `{name}`")).maybe_hint(hint)
}
