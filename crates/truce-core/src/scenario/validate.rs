//! Raw file -> validated [`Scenario`], collecting every problem instead of stopping at the first.
//!
//! Each part is checked even when an earlier part failed, as far as it can be: a party with a
//! bad `trust` still has its positions checked. A part that cannot be built (an issue with
//! neither range nor options) is left out silently by everything that refers to it, since its
//! own problem has already been reported.

use std::ops::Range;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::decode::Tree;
use super::diagnostic::Diagnostic;
use super::numbers::{Problems, finite, integer};
use super::raw::{RawFile, RawIssue, RawValue, Sp};
use super::schema::{Step, names_of};
use super::{parties, world};
use crate::model::{Issue, IssueKind, Protocol, Scenario, format_number};
use crate::suggest::hint_for;

/// Parties and issues a scenario may hold; more is almost surely a generated file gone wrong, and
/// the engine's per-run state is sized by them.
pub const MAX_PARTIES: usize = 64;
pub const MAX_ISSUES: usize = 64;

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
                hint_for(r.get_ref(), &known, &format!("{}s", self.kind)),
            );
        }
        found
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

fn issue(p: &mut Problems, raw: &Sp<RawIssue>, id: Option<&String>) -> Option<Issue> {
    let r = raw.get_ref();
    let kind = match (&r.range, &r.options) {
        (Some(range), None) => numeric(p, range, r.unit.as_ref().map(|u| u.get_ref().clone())),
        (None, Some(options)) => {
            if let Some(unit) = &r.unit {
                p.hinted(
                    unit.span(),
                    "`unit` belongs to numeric issues",
                    "remove it, or give a `range` instead of `options`",
                );
            }
            choice(p, options)
        }
        (Some(range), Some(_)) => {
            p.hinted(
                range.span(),
                "an issue has either `range` or `options`, not both",
                "keep one of them",
            );
            None
        }
        (None, None) => {
            p.hinted(
                raw.span(),
                "this issue has neither `range` nor `options`",
                "add range = [min, max] or options = [...]",
            );
            None
        }
    };
    let id = id?.clone();
    let label = r
        .label
        .as_ref()
        .map_or_else(|| id.clone(), |l| l.get_ref().clone());
    let mut issue = Issue {
        id,
        label,
        kind: kind?,
        opening: None,
    };
    if let Some(opening) = &r.opening {
        issue.opening = Some(value_on_issue(p, &issue, opening, "opening")?);
    }
    Some(issue)
}

fn numeric(p: &mut Problems, range: &Sp<Vec<Sp<f64>>>, unit: Option<String>) -> Option<IssueKind> {
    let [min, max] = range.get_ref().as_slice() else {
        p.hinted(
            range.span(),
            "`range` must hold exactly two numbers",
            "write range = [min, max]",
        );
        return None;
    };
    let (lo, hi) = (finite(p, min, "range min"), finite(p, max, "range max"));
    let (lo, hi) = (lo?, hi?);
    if lo >= hi {
        p.hinted(
            range.span(),
            format!(
                "range min {} is not below max {}",
                format_number(lo),
                format_number(hi)
            ),
            "write range = [min, max] with min < max",
        );
        return None;
    }
    Some(IssueKind::Numeric {
        min: lo,
        max: hi,
        unit: unit.unwrap_or_default(),
    })
}

fn choice(p: &mut Problems, options: &Sp<Vec<Sp<String>>>) -> Option<IssueKind> {
    let list = options.get_ref();
    if list.len() < 2 {
        p.hinted(
            options.span(),
            "a choice issue needs at least two options",
            "a single option leaves nothing to negotiate",
        );
        return None;
    }
    let mut ok = true;
    for (i, o) in list.iter().enumerate() {
        if list[..i]
            .iter()
            .any(|earlier| earlier.get_ref() == o.get_ref())
        {
            p.hinted(
                o.span(),
                format!("option `{}` appears twice", o.get_ref()),
                "options must be unique",
            );
            ok = false;
        }
    }
    ok.then(|| IssueKind::Options(list.iter().map(|o| o.get_ref().clone()).collect()))
}

/// A list that must hold between `min` and `max` items.
fn count_check<T>(p: &mut Problems, list: &Option<Sp<Vec<T>>>, what: &str, min: usize, max: usize) {
    match list {
        None => p.hinted(
            0..0,
            format!("the scenario has no {what}"),
            format!("add at least {min} {what} table(s)"),
        ),
        Some(l) if l.get_ref().len() < min => p.hinted(
            l.span(),
            format!("the scenario needs at least {min} {what}"),
            format!("add {what} tables"),
        ),
        Some(l) if l.get_ref().len() > max => p.hinted(
            l.span(),
            format!("the scenario has {} {what}", l.get_ref().len()),
            format!("at most {max} are allowed"),
        ),
        Some(_) => {}
    }
}

/// Checks everything and builds the scenario, or returns every problem found.
pub fn scenario(
    raw: &RawFile,
    tree: &Tree<'_>,
    file_hash: String,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut p = Problems::default();
    let header = raw.scenario.as_ref();
    if header.is_none() {
        p.hinted(
            0..0,
            "the scenario has no [scenario] table",
            "start the file with [scenario] and a name",
        );
    }
    let h = header.map(|h| h.get_ref());
    let name = match h.and_then(|h| h.name.as_ref()) {
        Some(n) => Some(n.get_ref().clone()),
        None => {
            if let Some(header) = header {
                p.hinted(
                    header.span(),
                    "[scenario] has no `name`",
                    "add name = \"...\"",
                );
            }
            None
        }
    };
    let none = None;
    let max_rounds = integer(
        &mut p,
        h.map_or(&none, |h| &h.max_rounds),
        "max_rounds",
        1,
        1000,
        12,
    );
    let days_per_round = integer(
        &mut p,
        h.map_or(&none, |h| &h.days_per_round),
        "days_per_round",
        1,
        365,
        7,
    );
    let horizon_days = integer(
        &mut p,
        h.map_or(&none, |h| &h.horizon_days),
        "horizon_days",
        1,
        3650,
        180,
    );
    let runs = integer(
        &mut p,
        h.map_or(&none, |h| &h.runs),
        "runs",
        1,
        100_000_000,
        10_000,
    );
    let seed = integer(&mut p, h.map_or(&none, |h| &h.seed), "seed", 0, i64::MAX, 1);
    let mediated = match h.and_then(|h| h.protocol.as_ref()) {
        Some(v) => enum_value::<super::raw::ProtocolName>(&mut p, v, "protocol")
            .map(|n| n == super::raw::ProtocolName::Mediated),
        None => Some(true),
    };

    count_check(&mut p, &raw.issues, "[[issues]]", 1, MAX_ISSUES);
    count_check(&mut p, &raw.parties, "[[parties]]", 2, MAX_PARTIES);
    let raw_issues = raw
        .issues
        .as_ref()
        .map_or(&[][..], |l| l.get_ref().as_slice());
    let ids = Ids::collect(
        &mut p,
        "issue",
        raw_issues.iter().map(|i| (i.span(), &i.get_ref().id)),
    );
    let built = raw_issues
        .iter()
        .zip(&ids.ids)
        .map(|(r, id)| issue(&mut p, r, id.as_ref()))
        .collect();
    let issues = Issues { ids, built };

    let raw_parties = raw
        .parties
        .as_ref()
        .map_or(&[][..], |l| l.get_ref().as_slice());
    let party_ids = Ids::collect(
        &mut p,
        "party",
        raw_parties.iter().map(|r| (r.span(), &r.get_ref().id)),
    );
    let built_parties: Vec<_> = raw_parties
        .iter()
        .zip(&party_ids.ids)
        .enumerate()
        .map(|(k, (r, id))| {
            parties::party(&mut p, r, id.as_ref(), &issues, &Located { tree, party: k })
        })
        .collect();
    // A deal needs somebody's yes: with no party that must agree, every text would be "signed"
    // at once (and alternating offers would have nobody to take turns).
    if !raw_parties.is_empty()
        && built_parties
            .iter()
            .all(|b| b.as_ref().is_some_and(|b| !b.must_agree))
        && let Some(first) = raw_parties.first()
    {
        p.hinted(
            first.span(),
            "no party must agree to a deal",
            "belligerents must agree by default; give at least one party role = \"belligerent\" \
             or must_agree = true",
        );
    }

    let protocol = match (mediated, h.and_then(|h| h.mediator.as_ref())) {
        (Some(true), Some(m)) => party_ids
            .resolve(&mut p, m)
            .map(|mediator| Protocol::Mediated { mediator }),
        (Some(true), None) => {
            if let Some(header) = header {
                p.hinted(
                    header.span(),
                    "the mediated protocol needs a `mediator`",
                    "name the party that drafts the text, or set protocol = \"alternating\"",
                );
            }
            None
        }
        (Some(false), _) => Some(Protocol::Alternating),
        (None, _) => None,
    };

    let battlefield = raw
        .battlefield
        .as_ref()
        .map(|b| world::battlefield(&mut p, b, &party_ids));
    let has_battlefield = raw.battlefield.is_some();
    let events = world::events(
        &mut p,
        raw.events.as_ref(),
        &party_ids,
        has_battlefield,
        max_rounds,
    );
    let truce = raw
        .truce
        .as_ref()
        .map(|t| world::truce(&mut p, t, &issues, tree));

    let observed = raw
        .observed
        .as_ref()
        .map(|o| super::observed::observed(&mut p, o, horizon_days));

    let built = (|| {
        if !p.is_empty() {
            return None;
        }
        let battlefield = match battlefield {
            Some(b) => Some(b?),
            None => None,
        };
        let truce = match truce {
            Some(t) => Some(t?),
            None => None,
        };
        let observed = match observed {
            Some(o) => Some(o?),
            None => None,
        };
        Some(Scenario {
            name: name?,
            description: h
                .and_then(|h| h.description.as_ref())
                .map(|d| d.get_ref().clone())
                .unwrap_or_default(),
            sources: h
                .and_then(|h| h.sources.as_ref())
                .map(|s| s.get_ref().iter().map(|x| x.get_ref().clone()).collect())
                .unwrap_or_default(),
            protocol: protocol?,
            max_rounds: u32::try_from(max_rounds?).ok()?,
            days_per_round: u32::try_from(days_per_round?).ok()?,
            horizon_days: u32::try_from(horizon_days?).ok()?,
            runs: u64::try_from(runs?).ok()?,
            seed: u64::try_from(seed?).ok()?,
            issues: issues.built.into_iter().collect::<Option<Vec<_>>>()?,
            parties: built_parties.into_iter().collect::<Option<Vec<_>>>()?,
            battlefield,
            events: events?,
            truce,
            observed,
            file_hash,
        })
    })();
    match built {
        Some(s) => Ok(s),
        None if p.is_empty() => Err(vec![Diagnostic::new(
            0..0,
            "the scenario could not be built",
        )]),
        None => Err(p.list),
    }
}
