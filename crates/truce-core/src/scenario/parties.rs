//! One party: its numbers, strategy, positions, red lines and conditions.

use std::ops::Range;

use super::lookup::{Issues, Located, enum_value};
use super::numbers::{Bounds, Problems, uncertain_or};
use super::raw::{ConstraintKeys, RawParty, RawPosition, RoleName, Sp};
use crate::engine::tactic::{self, Tactic};
use crate::model::{
    Acceptance, Condition, Constraint, Dist, IssueKind, Party, Position, RedLine, Role, Strategy,
    TacticName, Uncertain,
};
use crate::suggest::hint_for;

pub fn party(
    p: &mut Problems,
    raw: &Sp<RawParty>,
    id: Option<&String>,
    issues: &Issues,
    at: &Located<'_, '_>,
) -> Option<Party> {
    let r = raw.get_ref();
    let role = match &r.role {
        Some(v) => enum_value::<RoleName>(p, v, "role").map(|n| match n {
            RoleName::Belligerent => Role::Belligerent,
            RoleName::Mediator => Role::Mediator,
            RoleName::Backer => Role::Backer,
        }),
        None => Some(Role::Belligerent),
    };
    let leverage = uncertain_or(p, &r.leverage, "leverage", Bounds::UNIT, 0.5);
    let trust = uncertain_or(p, &r.trust, "trust", Bounds::UNIT, 0.5);
    let reservation = uncertain_or(p, &r.reservation, "reservation", Bounds::UNIT, 0.4);
    let sensitivity = uncertain_or(
        p,
        &r.momentum_sensitivity,
        "momentum_sensitivity",
        Bounds::UNIT,
        0.0,
    );
    let delay_cost = uncertain_or(p, &r.delay_cost, "delay_cost", Bounds::UNIT, 0.0);
    let one_off_gain = uncertain_or(p, &r.one_off_gain, "one_off_gain", Bounds::UNIT, 0.0);
    let strategy = strategy(p, r);
    let label = id.map_or_else(|| "this party".to_string(), |i| format!("party `{i}`"));
    let positions = positions(p, raw, &label, issues, at);
    let red_lines: Vec<Option<RedLine>> = r
        .red_lines
        .iter()
        .flat_map(|l| l.get_ref())
        .map(|l| {
            constraint(p, l.get_ref().keys(), l.span(), "red line", issues)
                .map(|constraint| RedLine { constraint })
        })
        .collect();
    let conditions: Vec<Option<Condition>> = r
        .conditions
        .iter()
        .flat_map(|l| l.get_ref())
        .map(|c| {
            let raw = c.get_ref();
            let constraint = constraint(p, raw.keys(), c.span(), "condition", issues);
            let penalty = uncertain_or(p, &raw.penalty, "penalty", Bounds::UNIT, 0.25);
            let waive_below = uncertain_or(p, &raw.waive_below, "waive_below", Bounds::UNIT, 0.0);
            Some(Condition {
                constraint: constraint?,
                penalty: penalty?,
                waive_below: waive_below?,
            })
        })
        .collect();
    let id = id?.clone();
    let role = role?;
    Some(Party {
        name: r
            .name
            .as_ref()
            .map_or_else(|| id.clone(), |n| n.get_ref().clone()),
        id,
        role,
        must_agree: r
            .must_agree
            .as_ref()
            .map_or(role == Role::Belligerent, |m| *m.get_ref()),
        leverage: leverage?,
        trust: trust?,
        reservation: reservation?,
        momentum_sensitivity: sensitivity?,
        delay_cost: delay_cost?,
        one_off_gain: one_off_gain?,
        strategy: strategy?,
        positions: positions?,
        red_lines: red_lines.into_iter().collect::<Option<_>>()?,
        conditions: conditions.into_iter().collect::<Option<_>>()?,
    })
}

fn strategy(p: &mut Problems, r: &RawParty) -> Option<Strategy> {
    let linear = || tactic::named(tactic::LINEAR.name());
    let Some(s) = &r.strategy else {
        return Some(Strategy {
            tactic: linear()?,
            beta: Uncertain::fixed(1.0, 1e-9, f64::INFINITY),
            acceptance: Acceptance::Expected,
        });
    };
    let s = s.get_ref();
    let tactic = match &s.tactic {
        Some(t) => enum_value::<TacticName>(p, t, "tactic"),
        None => linear(),
    };
    // Faratin et al.'s exponents: < 1 holds out until late, > 1 concedes early; each tactic
    // has its own default.
    let default_beta = tactic.map_or(1.0, |t| t.tactic().default_beta());
    let beta = uncertain_or(p, &s.beta, "beta", Bounds::POSITIVE, default_beta);
    let acceptance = match &s.acceptance {
        Some(a) => enum_value::<Acceptance>(p, a, "acceptance"),
        None => Some(Acceptance::Expected),
    };
    Some(Strategy {
        tactic: tactic?,
        beta: beta?,
        acceptance: acceptance?,
    })
}

/// Highest value a weight can take, to tell "all weights zero" even when weights are uncertain.
fn weight_ceiling(w: &Uncertain) -> f64 {
    match &w.dist {
        Dist::Fixed(v) => *v,
        Dist::Uniform { max, .. } | Dist::Triangular { max, .. } => *max,
        Dist::Normal { mean, sd, .. } => {
            if *sd > 0.0 {
                f64::INFINITY
            } else {
                *mean
            }
        }
        Dist::Beta { .. } => 1.0,
    }
}

fn positions(
    p: &mut Problems,
    raw: &Sp<RawParty>,
    label: &str,
    issues: &Issues,
    at: &Located<'_, '_>,
) -> Option<Vec<Position>> {
    let Some(table) = &raw.get_ref().positions else {
        p.hinted(
            raw.span(),
            format!("{label} states no positions"),
            "add [parties.positions] with at least one issue",
        );
        return None;
    };
    if table.get_ref().is_empty() {
        p.hinted(
            table.span(),
            format!("{label} states no positions"),
            "add at least one ISSUE = { ideal = ..., weight = ... }",
        );
        return None;
    }
    let silent = Position {
        ideal: 0.5,
        weight: Uncertain::fixed(0.0, 0.0, f64::INFINITY),
        stated: false,
    };
    let mut out = vec![silent; issues.built.len()];
    let mut ok = true;
    let mut ceiling: f64 = 0.0;
    for (issue_id, pos) in table.get_ref() {
        let key = Sp::new(at.position_key(issue_id, pos.span()), issue_id.clone());
        let Some(i) = issues.ids.resolve(p, &key) else {
            ok = false;
            continue;
        };
        match position(p, pos, i, issues) {
            Some(position) => {
                ceiling = ceiling.max(weight_ceiling(&position.weight));
                if let Some(slot) = out.get_mut(i) {
                    *slot = position;
                }
            }
            None => ok = false,
        }
    }
    if ok && ceiling <= 0.0 {
        p.hinted(
            table.span(),
            format!("every weight of {label} is zero"),
            "weights are relative salience: give at least one issue a weight above 0",
        );
        ok = false;
    }
    ok.then_some(out)
}

fn position(
    p: &mut Problems,
    pos: &Sp<RawPosition>,
    i: usize,
    issues: &Issues,
) -> Option<Position> {
    let r = pos.get_ref();
    let weight = uncertain_or(p, &r.weight, "weight", Bounds::NON_NEGATIVE, 1.0);
    let ideal = match &r.ideal {
        Some(v) => issues.value(p, i, v, "ideal"),
        None => {
            p.hinted(
                pos.span(),
                "this position has no `ideal`",
                "add ideal = VALUE (a number in the issue's range or an option)",
            );
            None
        }
    };
    Some(Position {
        ideal: ideal?,
        weight: weight?,
        stated: true,
    })
}

/// A red line or condition: which values of one issue the party can live with.
pub fn constraint(
    p: &mut Problems,
    k: ConstraintKeys<'_>,
    span: Range<usize>,
    what: &str,
    issues: &Issues,
) -> Option<Constraint> {
    let Some(issue_ref) = k.issue else {
        p.hinted(
            span,
            format!("this {what} has no `issue`"),
            "add issue = \"ISSUE_ID\"",
        );
        return None;
    };
    let index = issues.ids.resolve(p, issue_ref);
    if k.min.is_none() && k.max.is_none() && k.forbid.is_none() {
        p.hinted(
            span.clone(),
            format!("this {what} sets none of `min`, `max`, `forbid`"),
            format!("a {what} must rule something out"),
        );
        return None;
    }
    let issue = issues.get(index?)?;
    let i = index?;
    let min = k.min.as_ref().map(|v| issues.value(p, i, v, "min"));
    let max = k.max.as_ref().map(|v| issues.value(p, i, v, "max"));
    let mut forbid = Vec::new();
    let mut forbid_ok = true;
    if let Some(list) = k.forbid {
        match &issue.kind {
            IssueKind::Numeric { .. } => {
                p.hinted(
                    list.span(),
                    format!(
                        "`forbid` needs a choice issue, but `{}` is numeric",
                        issue.id
                    ),
                    "use `min` or `max` on a numeric issue",
                );
                forbid_ok = false;
            }
            IssueKind::Options(options) => {
                let names: Vec<&str> = options.iter().map(String::as_str).collect();
                for o in list.get_ref() {
                    match options.iter().position(|x| x == o.get_ref()) {
                        Some(k) => forbid.push(k),
                        None => {
                            p.hinted(
                                o.span(),
                                format!("`{}` is not an option of `{}`", o.get_ref(), issue.id),
                                hint_for(o.get_ref(), &names, "the options are"),
                            );
                            forbid_ok = false;
                        }
                    }
                }
            }
        }
    }
    let (min, max) = (
        min.unwrap_or(Some(f64::NEG_INFINITY)),
        max.unwrap_or(Some(f64::INFINITY)),
    );
    let (min, max) = (min?, max?);
    if !forbid_ok {
        return None;
    }
    if min > max {
        if let Some(v) = k.min {
            p.hinted(
                v.span(),
                format!("{what} min is above its max"),
                "min must not exceed max",
            );
        }
        return None;
    }
    let c = Constraint {
        issue: i,
        min: min.is_finite().then_some(min),
        max: max.is_finite().then_some(max),
        forbid,
        reason: k
            .reason
            .as_ref()
            .map(|r| r.get_ref().clone())
            .unwrap_or_default(),
    };
    if c.nearest_allowed(issue, 0.5).is_none() {
        p.hinted(
            span,
            format!("this {what} allows no value of `{}` at all", issue.id),
            format!("no deal could ever satisfy it: {}", c.describe(issue)),
        );
        return None;
    }
    Some(c)
}
