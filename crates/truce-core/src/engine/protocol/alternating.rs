//! Alternating offers: the required parties take turns proposing whole packages (Rubinstein
//! 1982 style offers; the alternating-offers protocol of Genius and NegMAS). The proposer keeps
//! what it needs to meet its own target and gives the others as much as it can, trading first
//! the issues they care about most relative to its own stake (logrolling). It stands by its own
//! package.

// Issue-indexed parallel arrays (weights, ideals, text, pulls) read more clearly as `x[j]`.
#![allow(clippy::needless_range_loop)]

use super::round::{Brief, Protocol};
use crate::engine::state::RunState;
use crate::engine::trace::Answer;
use crate::engine::utility::EPS;
use crate::model::Scenario;

/// The required parties take turns proposing packages.
#[derive(Debug)]
pub struct Alternating;

impl Protocol for Alternating {
    fn name(&self) -> &'static str {
        "alternating"
    }
    fn needs_mediator(&self) -> bool {
        false
    }
    fn describe(&self, s: &Scenario) -> String {
        let required: Vec<&str> = s
            .required_parties()
            .map(|p| s.parties[p].name.as_str())
            .collect();
        format!(
            "Alternating offers: {} take turns proposing a whole package; the others accept or reject it.",
            required.join(", ")
        )
    }
    fn brief(&self) -> Brief {
        Brief {
            title: "Alternating offers",
            sources: "Rubinstein 1982, as in Genius and NegMAS",
            how: "the required parties take turns proposing whole packages; the proposer keeps \
                  what it needs to meet its own target and gives the others what they value \
                  most relative to its own stake (logrolling).",
        }
    }
    /// The required parties in turn, from the first.
    fn proposer(&self, run: &RunState<'_>, round: u32) -> Option<usize> {
        Some(run.required[(round as usize - 1) % run.required.len()])
    }
    fn table(&self, run: &mut RunState<'_>, round: u32) {
        if let Some(p) = self.proposer(run, round) {
            draft_for(run, p);
        }
    }
    /// A proposer stands by its own offer, unless it crosses its own red line (possible only
    /// when a person tabled it).
    fn answered(&self, run: &mut RunState<'_>) {
        let round = run.st.round.max(1);
        if let Some(p) = self.proposer(run, round)
            && !matches!(run.st.verdicts[p].answer, Answer::RedLine(_))
        {
            run.st.verdicts[p].answer = Answer::Accept;
        }
    }
    fn rejected(&self, _run: &mut RunState<'_>) {}
}

/// Party p drafts a package: its own ideal inside everyone's red lines, then concessions on
/// the issues the others value most relative to p, as far as p's target allows.
pub(crate) fn draft_for(run: &mut RunState<'_>, p: usize) {
    let s = run.s;
    let ni = run.ni;
    for j in 0..ni {
        let snapped = s.issues[j].snap(run.ideals[p * ni + j]);
        run.st.text[j] = run.feasible.project(j, snapped, snapped);
    }
    // The others' leverage- and salience-weighted compromise per issue, and its priority.
    let own = run.draws.weights_of(p, ni);
    run.st.order.clear();
    for j in 0..ni {
        let (mut sum, mut weight) = (0.0, 0.0);
        for &q in &run.required {
            if q != p {
                let w = run.st.leverage[q].max(0.05) * run.draws.weights_of(q, ni)[j];
                sum += w * run.ideals[q * ni + j];
                weight += w;
            }
        }
        if weight > 0.0 {
            run.st.scratch[j] = sum / weight;
            run.st.rank[j] = weight / (own[j] + 1e-6);
            run.st.order.push(j);
        }
    }
    let rank = &run.st.rank;
    run.st
        .order
        .sort_unstable_by(|&a, &b| rank[b].total_cmp(&rank[a]).then(a.cmp(&b)));
    let need = run.st.target[p].max(run.st.walk_away[p]);
    for i in 0..run.st.order.len() {
        let j = run.st.order[i];
        let from = run.st.text[j];
        let goal = s.issues[j].snap(run.st.scratch[j]);
        let to = run.feasible.project(j, goal, from);
        if (to - from).abs() < EPS {
            continue;
        }
        run.st.text[j] = to;
        if run.value_of(p, &run.st.text) >= need - EPS {
            continue;
        }
        // Only part of the way: as far as the target allows.
        run.st.text[j] = from;
        match s.issues[j].option_count() {
            None => {
                let (mut lo, mut hi) = (0.0, 1.0);
                for _ in 0..20 {
                    let mid = 0.5 * (lo + hi);
                    run.st.text[j] = from + mid * (to - from);
                    if run.value_of(p, &run.st.text) >= need - EPS {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                run.st.text[j] = from + lo * (to - from);
            }
            Some(n) => {
                let step = (to - from).signum() / (n - 1) as f64;
                let mut x = from;
                loop {
                    let next = s.issues[j].snap(x + step);
                    if (next - from).abs() > (to - from).abs() + EPS
                        || (next - x).abs() < EPS
                        || !run.feasible_value(j, next)
                    {
                        break;
                    }
                    run.st.text[j] = next;
                    if run.value_of(p, &run.st.text) < need - EPS {
                        break;
                    }
                    x = next;
                }
                run.st.text[j] = x;
                // A choice issue moves in whole options, so some slack may be left for
                // the issues ranked after it.
                continue;
            }
        }
        break;
    }
}
