//! Plain views of a scenario (JSON text that Python reads into dicts and lists): what the
//! scenario is, its issues, its parties and its uncertain numbers.

use serde_json::{Value, json};
use truce_core::Param;
use truce_core::engine::Outcome;
use truce_core::model::{Constraint, IssueKind, Scenario};

/// The scenario as a whole: name, protocol, calendar, default seed and runs.
pub fn info(s: &Scenario) -> Value {
    json!({
        "name": s.name,
        "description": s.description,
        "sources": s.sources,
        "protocol": s.protocol.as_str(),
        "mediator": s.mediator.map(|m| s.parties[m].id.clone()),
        "max_rounds": s.max_rounds,
        "days_per_round": s.days_per_round,
        "horizon_days": s.horizon_days,
        "runs": s.runs,
        "seed": s.seed,
        "file_hash": s.file_hash,
        "outcomes": Outcome::ALL.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
    })
}

/// Each issue: id, label, kind, range and unit (numeric) or options (choice).
pub fn issues(s: &Scenario) -> Value {
    Value::Array(
        s.issues
            .iter()
            .map(|i| match &i.kind {
                IssueKind::Numeric { min, max, unit } => json!({
                    "id": i.id,
                    "label": i.label,
                    "kind": "numeric",
                    "min": min,
                    "max": max,
                    "unit": unit,
                    "options": Value::Null,
                }),
                IssueKind::Options(options) => json!({
                    "id": i.id,
                    "label": i.label,
                    "kind": "options",
                    "min": Value::Null,
                    "max": Value::Null,
                    "unit": "",
                    "options": options,
                }),
            })
            .collect(),
    )
}

/// A red line or condition in words, with the party's reason.
fn constraint(s: &Scenario, c: &Constraint) -> Value {
    json!({
        "issue": s.issues[c.issue].id,
        "text": c.describe(&s.issues[c.issue]),
        "reason": c.reason,
    })
}

/// Each party: who it is, its numbers at their central values (the mean of each
/// distribution; `truce.Scenario.numbers` has the distributions), its tactic, its ideal and
/// weight on each issue it names, its red lines and conditions.
pub fn parties(s: &Scenario) -> Value {
    Value::Array(
        s.parties
            .iter()
            .map(|p| {
                let positions: serde_json::Map<String, Value> = s
                    .issues
                    .iter()
                    .zip(&p.positions)
                    .filter(|(_, pos)| pos.stated)
                    .map(|(issue, pos)| {
                        let ideal = match &issue.kind {
                            IssueKind::Numeric { .. } => json!(issue.to_units(pos.ideal)),
                            IssueKind::Options(o) => json!(o[issue.option_index(pos.ideal)]),
                        };
                        (
                            issue.id.clone(),
                            json!({ "ideal": ideal, "weight": pos.weight.central() }),
                        )
                    })
                    .collect();
                json!({
                    "id": p.id,
                    "name": p.name,
                    "role": p.role.as_str(),
                    "must_agree": p.must_agree,
                    "tactic": p.strategy.tactic.as_str(),
                    "beta": p.strategy.beta.central(),
                    "leverage": p.leverage.central(),
                    "trust": p.trust.central(),
                    "reservation": p.reservation.central(),
                    "momentum_sensitivity": p.momentum_sensitivity.central(),
                    "delay_cost": p.delay_cost.central(),
                    "one_off_gain": p.one_off_gain.central(),
                    "positions": positions,
                    "red_lines": p.red_lines.iter().map(|r| constraint(s, &r.constraint)).collect::<Vec<_>>(),
                    "conditions": p.conditions.iter().map(|c| {
                        let mut v = constraint(s, &c.constraint);
                        v["penalty"] = json!(c.penalty.central());
                        v["waive_below"] = json!(c.waive_below.central());
                        v
                    }).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// Every uncertain number the engine reads ([`Param::numbers`]): path, label, unit, the
/// number as the file gives it, its central value and the values it may take.
pub fn numbers(s: &Scenario) -> Value {
    Value::Array(
        Param::numbers(s)
            .into_iter()
            .map(|n| {
                json!({
                    "path": n.path,
                    "label": n.label,
                    "unit": n.unit,
                    "given": n.given,
                    "central": n.central,
                    // JSON has no infinity: an open top is null (None in Python).
                    "min": n.range.0,
                    "max": if n.range.1.is_finite() { json!(n.range.1) } else { Value::Null },
                })
            })
            .collect(),
    )
}
