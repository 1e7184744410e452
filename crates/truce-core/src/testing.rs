//! Small scenarios and records built in code, for the tests of this crate and of the crates
//! above it (feature `testing`); not part of the API.

use crate::engine::{BlockKind, Blocker, Outcome, Record};
use crate::model::*;

/// A small scenario built in code (the loader is tested elsewhere): two issues, three
/// parties, one red line, one condition, a 60-day horizon in 7-day rounds.
pub fn scenario() -> Scenario {
    let u = |v| Uncertain::fixed(v, 0.0, 1.0);
    let party = |id: &str, ideal: [f64; 2]| Party {
        id: id.into(),
        name: id.to_uppercase(),
        role: Role::Belligerent,
        must_agree: true,
        leverage: u(0.5),
        trust: u(0.5),
        reservation: u(0.4),
        momentum_sensitivity: u(0.0),
        delay_cost: u(0.0),
        one_off_gain: u(0.0),
        strategy: Strategy {
            tactic: crate::engine::tactic::named("linear").expect("registered"),
            beta: Uncertain::fixed(1.0, 0.01, 100.0),
            acceptance: crate::model::Acceptance::Expected,
        },
        positions: ideal
            .iter()
            .map(|&x| Position {
                ideal: x,
                weight: u(1.0),
                stated: true,
            })
            .collect(),
        red_lines: vec![],
        conditions: vec![],
    };
    let mut north = party("north", [0.2, 0.5]);
    north.red_lines.push(RedLine {
        constraint: Constraint {
            issue: 1,
            min: None,
            max: None,
            forbid: vec![2],
            reason: "no".into(),
        },
    });
    north.conditions.push(Condition {
        constraint: Constraint {
            issue: 0,
            min: Some(0.1),
            max: None,
            forbid: vec![],
            reason: "c".into(),
        },
        penalty: u(0.25),
        waive_below: u(0.0),
    });
    let south = party("south", [1.0, 1.0]);
    let mut broker = party("broker", [0.5, 0.5]);
    broker.role = Role::Mediator;
    broker.must_agree = false;
    Scenario {
        name: "Test pause".into(),
        description: "A test.".into(),
        sources: vec!["none".into()],
        protocol: crate::engine::protocol::named("mediated").expect("registered"),
        mediator: Some(2),
        max_rounds: 8,
        days_per_round: 7,
        horizon_days: 60,
        runs: 1000,
        seed: 1,
        // The known answers of the unit tests read the numbers as written.
        private_information: 0.0,
        issues: vec![
            Issue {
                id: "days".into(),
                label: "Pause length".into(),
                kind: IssueKind::Numeric {
                    min: 0.0,
                    max: 60.0,
                    unit: "days".into(),
                },
                opening: None,
            },
            Issue {
                id: "monitoring".into(),
                label: "Monitoring".into(),
                kind: IssueKind::Options(vec![
                    "none".into(),
                    "joint".into(),
                    "international".into(),
                ]),
                opening: None,
            },
        ],
        parties: vec![north, south, broker],
        battlefield: None,
        events: vec![],
        truce: None,
        file_hash: "abc123".into(),
        observed: None,
    }
}

/// A deterministic pseudo-record for run `i`: all outcomes, blockers and values appear.
pub fn record(s: &Scenario, i: u64) -> Record {
    let mut r = Record::new(s);
    r.run = i;
    let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
    let f = |k: u64| ((h >> (k * 7)) % 1000) as f64 / 999.0;
    r.outcome = Outcome::ALL[(h % 5) as usize];
    if r.outcome.signed() {
        r.agreement_round = Some(1 + (h % 8) as u32);
        r.agreement_day = Some(7 * (1 + (h % 8) as u32));
        r.terms = vec![f(1), f(2)];
        r.utilities = vec![f(3), f(4), f(5)];
        r.truce_days = (h % 50) as u32;
        r.violations = (h % 4) as u32;
        r.detected = (h % 2) as u32;
        r.nash_distance = Some(f(6));
        r.pareto_efficient = Some(h.is_multiple_of(3));
    } else {
        r.blocker = Some(match h % 4 {
            0 => Blocker {
                party: 0,
                kind: BlockKind::RedLine(0),
            },
            1 => Blocker {
                party: 0,
                kind: BlockKind::Condition(0),
            },
            2 => Blocker {
                party: 1,
                kind: BlockKind::WalkAway,
            },
            _ => Blocker {
                party: 2,
                kind: BlockKind::Target,
            },
        });
    }
    for (p, m) in r.momentum.iter_mut().enumerate() {
        *m = (f(p as u64 % 8) * 2.0 - 1.0) * 0.5;
    }
    for (p, t) in r.trust.iter_mut().enumerate() {
        *t = f((p as u64 + 3) % 8);
    }
    r
}
