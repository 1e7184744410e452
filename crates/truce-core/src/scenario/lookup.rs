//! What the parts of a scenario file refer to while it is validated: ids and their lookup
//! (with did-you-mean), the issues as far as they could be built, values placed on an issue, and
//! the names a string key accepts. The validator and its helpers (parties, world, observed) all
//! use these; none of them is used back from here.

use std::ops::Range;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::decode::Tree;
use super::numbers::{Problems, finite};
use super::raw::{RawValue, Sp};
use super::schema::{Step, names_of};
use crate::model::{Issue, IssueKind, format_number};
use crate::suggest::hint_for;

/// The ids of one kind, in file order; `None` where an item has no usable id.
pub struct Ids {
    pub kind: &'static str,
    pub ids: Vec<Option<String>>,
}

impl Ids {
    /// Checks syntax and uniqueness of every item's id.
    pub fn collect<'a>(
        p: &mut Problems,
        kind: &'static str,
        items: impl Iterator<Item = (Range<usize>, &'a Option<Sp<String>>)>,
    ) -> Ids {
        let mut ids: Vec<Option<String>> = Vec::new();
        for (span, id) in items {
            let Some(id) = id else {
                p.error(span, format!("this {kind} has no `id`"));
                ids.push(None);
                continue;
            };
            let text = id.get_ref();
            if !is_id(text) {
                p.hinted(
                    id.span(),
                    format!("`{text}` is not a valid {kind} id"),
                    "ids are a lowercase letter followed by lowercase letters, digits or `_`",
                );
                ids.push(None);
            } else if ids.iter().flatten().any(|seen| seen == text) {
                p.hinted(
                    id.span(),
                    format!("{kind} id `{text}` is used twice"),
                    format!("each {kind} needs its own id"),
                );
                ids.push(None);
            } else {
                ids.push(Some(text.clone()));
            }
        }
        Ids { kind, ids }
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i.as_deref() == Some(id))
    }

    /// The index a reference names, or an error with a did-you-mean hint.
    pub fn resolve(&self, p: &mut Problems, r: &Sp<String>) -> Option<usize> {
        let found = self.position(r.get_ref());
        if found.is_none() {
            let known: Vec<&str> = self.ids.iter().flatten().map(String::as_str).collect();
            p.hinted(
                r.span(),
                format!("there is no {} `{}`", self.kind, r.get_ref()),
                hint_for(r.get_ref(), &known, &plural(self.kind)),
            );
        }
        found
    }
}

/// `parties`, `issues`, `events`: the plural of a kind of id, for "the parties are ..." hints.
fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{kind}s"),
    }
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Where a party's map keys are written, for errors about them.
pub struct Located<'a, 't> {
    pub tree: &'a Tree<'t>,
    pub party: usize,
}

impl Located<'_, '_> {
    /// The span of the key naming an issue in this party's positions, else `fallback`.
    pub fn position_key(&self, issue: &str, fallback: Range<usize>) -> Range<usize> {
        let path = [
            Step::Key("parties".into()),
            Step::Index(self.party),
            Step::Key("positions".into()),
            Step::Key(issue.into()),
        ];
        self.tree.key_span(&path).unwrap_or(fallback)
    }
}

/// Parses a string key into one of its schema enum's values, or reports it with a hint.
pub fn enum_value<'de, T: Deserialize<'de> + schemars::JsonSchema>(
    p: &mut Problems,
    v: &'de Sp<String>,
    key: &str,
) -> Option<T> {
    let de: StrDeserializer<'de, ValueError> = v.get_ref().as_str().into_deserializer();
    let parsed = T::deserialize(de).ok();
    if parsed.is_none() {
        let names = names_of::<T>();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        p.hinted(
            v.span(),
            format!("unknown {key} `{}`", v.get_ref()),
            hint_for(v.get_ref(), &names, &format!("{key} is one of")),
        );
    }
    parsed
}

/// The issues as far as they could be built; `None` for a broken issue.
pub struct Issues {
    pub ids: Ids,
    pub built: Vec<Option<Issue>>,
}

impl Issues {
    pub fn get(&self, i: usize) -> Option<&Issue> {
        self.built.get(i).and_then(Option::as_ref)
    }

    /// A value of issue `i` placed on [0, 1], or an error at the value.
    pub fn value(&self, p: &mut Problems, i: usize, v: &Sp<RawValue>, key: &str) -> Option<f64> {
        let issue = self.get(i)?;
        value_on_issue(p, issue, v, key)
    }
}

pub fn value_on_issue(p: &mut Problems, issue: &Issue, v: &Sp<RawValue>, key: &str) -> Option<f64> {
    match (&issue.kind, v.get_ref()) {
        (IssueKind::Numeric { min, max, unit }, RawValue::Number(x)) => {
            let x = finite(p, &Sp::new(v.span(), *x), key)?;
            if (*min..=*max).contains(&x) {
                Some((x - min) / (max - min))
            } else {
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                p.hinted(
                    v.span(),
                    format!(
                        "{key} {} is outside the range of `{}`",
                        format_number(x),
                        issue.id
                    ),
                    format!(
                        "`{}` runs from {} to {}{unit}",
                        issue.id,
                        format_number(*min),
                        format_number(*max)
                    ),
                );
                None
            }
        }
        (IssueKind::Numeric { min, max, .. }, RawValue::Name(s)) => {
            p.hinted(
                v.span(),
                format!(
                    "{key} \"{s}\" is not a number, but `{}` is a numeric issue",
                    issue.id
                ),
                format!(
                    "give a number from {} to {}",
                    format_number(*min),
                    format_number(*max)
                ),
            );
            None
        }
        (IssueKind::Options(options), RawValue::Name(s)) => {
            let found = options.iter().position(|o| o == s);
            if found.is_none() {
                let names: Vec<&str> = options.iter().map(String::as_str).collect();
                p.hinted(
                    v.span(),
                    format!("`{s}` is not an option of `{}`", issue.id),
                    hint_for(s, &names, "the options are"),
                );
            }
            found.map(|k| k as f64 / (options.len() - 1) as f64)
        }
        (IssueKind::Options(options), RawValue::Number(x)) => {
            p.hinted(
                v.span(),
                format!(
                    "{key} {} is a number, but `{}` is a choice issue",
                    format_number(*x),
                    issue.id
                ),
                format!("give one of its options: {}", options.join(", ")),
            );
            None
        }
    }
}
