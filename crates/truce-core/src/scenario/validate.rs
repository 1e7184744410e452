//! Raw file -> validated [`Scenario`], collecting every problem instead of stopping at the first.
//!
//! Each part is checked even when an earlier part failed, as far as it can be: a party with a
//! bad `trust` still has its positions checked. A part that cannot be built (an issue with
//! neither range nor options) is left out silently by everything that refers to it, since its
//! own problem has already been reported.

use super::decode::Tree;
use super::diagnostic::Diagnostic;
use super::lookup::{Ids, Issues, Located, enum_value, value_on_issue};
use super::numbers::{Bounds, Problems, bounded, finite, integer};
use super::raw::{RawFile, RawIssue, Sp};
use super::{observed, parties, world};
use crate::engine::protocol;
use crate::model::{Issue, IssueKind, ProtocolName, Scenario, format_value};

/// Parties and issues a scenario may hold; more is almost surely a generated file gone wrong, and
/// the engine's per-run state is sized by them.
pub const MAX_PARTIES: usize = 64;
pub const MAX_ISSUES: usize = 64;
/// Options of one choice issue. A negotiated text picks one of them, the aggregate keeps a bin
/// per option, and the terms chart draws a bar per option: beyond a few dozen none of that can
/// be read, and a list of thousands is a generated file gone wrong.
pub const MAX_OPTIONS: usize = 64;
/// Red lines of one party, and conditions of one party: each is checked against every text
/// in every round.
pub const MAX_RED_LINES: usize = 64;
/// See [`MAX_RED_LINES`].
pub const MAX_CONDITIONS: usize = 64;
/// Events (injects) of a scenario: each is drawn in every round of every run.
pub const MAX_EVENTS: usize = 256;
/// Effects of one event.
pub const MAX_EFFECTS: usize = 64;

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
            choice(p, options, id)
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
                format_value(lo),
                format_value(hi)
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

fn choice(
    p: &mut Problems,
    options: &Sp<Vec<Sp<String>>>,
    id: Option<&String>,
) -> Option<IssueKind> {
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
    if list.len() > MAX_OPTIONS {
        let issue = id.map_or_else(|| "this issue".to_string(), |i| format!("issue `{i}`"));
        p.hinted(
            options.span(),
            format!("{issue} has {} options", list.len()),
            format!("at most {MAX_OPTIONS} options are allowed"),
        );
        ok = false;
    }
    let mut seen = std::collections::HashSet::with_capacity(list.len());
    for o in list {
        if !seen.insert(o.get_ref().as_str()) {
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
pub(super) fn count_check<T>(
    p: &mut Problems,
    list: &Option<Sp<Vec<T>>>,
    what: &str,
    min: usize,
    max: usize,
) {
    match list {
        None if min == 0 => {}
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
    let private_information = match h.and_then(|h| h.private_information.as_ref()) {
        Some(v) => bounded(&mut p, v, "private_information", Bounds::HALF),
        None => Some(crate::model::PRIVATE_INFORMATION),
    };
    let protocol = match h.and_then(|h| h.protocol.as_ref()) {
        Some(v) => enum_value::<ProtocolName>(&mut p, v, "protocol"),
        None => Some(protocol::default_name()),
    };

    count_check(&mut p, &raw.issues, "[[issues]]", 1, MAX_ISSUES);
    count_check(&mut p, &raw.parties, "[[parties]]", 2, MAX_PARTIES);
    count_check(&mut p, &raw.events, "[[events]]", 0, MAX_EVENTS);
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

    // A protocol that needs a mediator gets one; any other ignores `mediator`.
    let needs_mediator = protocol.map(|n| n.protocol().needs_mediator());
    let mediator = match (needs_mediator, h.and_then(|h| h.mediator.as_ref())) {
        (Some(true), Some(m)) => party_ids.resolve(&mut p, m).map(Some),
        (Some(true), None) => {
            if let (Some(header), Some(name)) = (header, protocol) {
                let without: Vec<String> = protocol::REGISTRY
                    .iter()
                    .filter(|q| !q.needs_mediator())
                    .map(|q| format!("protocol = \"{}\"", q.name()))
                    .collect();
                p.hinted(
                    header.span(),
                    format!("the {name} protocol needs a `mediator`"),
                    format!(
                        "name the party that drafts the text, or set {}",
                        without.join(" or ")
                    ),
                );
            }
            None
        }
        // Ignored, but a reference like any other: a typo must not pass silently.
        (Some(false), Some(m)) => party_ids.resolve(&mut p, m).map(|_| None),
        (Some(false), None) => Some(None),
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
        .map(|o| observed::observed(&mut p, o, horizon_days));

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
            mediator: mediator?,
            max_rounds: u32::try_from(max_rounds?).ok()?,
            days_per_round: u32::try_from(days_per_round?).ok()?,
            horizon_days: u32::try_from(horizon_days?).ok()?,
            runs: u64::try_from(runs?).ok()?,
            seed: u64::try_from(seed?).ok()?,
            private_information: private_information?,
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
