//! The single negotiating text (Fisher and Ury 1981; Raiffa 1982, on Camp David). The
//! mediator opens with one text and, after each round, revises it toward the parties that said
//! no, weighting each by its leverage and by how far short the text fell of its demands, issue
//! by issue in proportion to salience, then keeps it inside every known red line.

// Issue-indexed parallel arrays (weights, ideals, text, pulls) read more clearly as `x[j]`.
#![allow(clippy::needless_range_loop)]

use super::round::{Brief, Protocol};
use crate::engine::state::RunState;
use crate::engine::trace::Answer;
use crate::model::Scenario;

/// A mediator drafts one text and revises it toward the objectors.
#[derive(Debug)]
pub struct Mediated;

impl Protocol for Mediated {
    fn name(&self) -> &'static str {
        "mediated"
    }
    fn needs_mediator(&self) -> bool {
        true
    }
    fn describe(&self, s: &Scenario) -> String {
        let mediator = s
            .mediator
            .map_or("The mediator", |m| s.parties[m].name.as_str());
        format!(
            "Mediated: {mediator} drafts a single negotiating text, puts it to every party each round, and revises it toward the parties that said no."
        )
    }
    fn brief(&self) -> Brief {
        Brief {
            title: "A single negotiating text",
            sources: "Fisher and Ury 1981, Raiffa 1982 on Camp David",
            how: "the mediator drafts one text and, after each round of objections, revises it \
                  toward the parties that said no, weighted by their leverage and by how far \
                  the text fell short, issue by issue in proportion to salience, always inside \
                  every public red line.",
        }
    }
    fn proposer(&self, _run: &RunState<'_>, _round: u32) -> Option<usize> {
        None
    }
    fn table(&self, _run: &mut RunState<'_>, _round: u32) {}
    fn answered(&self, _run: &mut RunState<'_>) {}
    fn rejected(&self, run: &mut RunState<'_>) {
        revise(run);
    }
}

/// Fraction of the net pull by which the mediator moves an issue after round 1.
pub const MEDIATOR_STEP: f64 = 0.25;

/// The mediator's step after round `r`: `MEDIATOR_STEP / sqrt(r)`. Diminishing steps (as in any
/// iterative procedure that should settle) keep the text from swinging between the last two
/// objectors; the total distance the text can travel still grows without bound.
#[inline]
pub fn step(round: u32) -> f64 {
    MEDIATOR_STEP / f64::from(round.max(1)).sqrt()
}

/// Distance (on [0, 1]) at which a party's pull toward its ideal reaches full strength; nearer
/// than this it weakens, so the text settles instead of overshooting.
pub const PULL_SATURATION: f64 = 0.1;

/// Direction and strength (in [-1, 1]) of a pull from `from` toward `to`.
#[inline]
pub fn pull(from: f64, to: f64) -> f64 {
    ((to - from) * (1.0 / PULL_SATURATION)).clamp(-1.0, 1.0)
}

/// The single negotiating text moves toward the parties that said no.
///
/// The issue loops run over slices cut to the issue count once, in lockstep, so the compiler
/// drops the bounds checks; every sum is taken in the same order as issue by issue.
pub(crate) fn revise(run: &mut RunState<'_>) {
    let s = run.s;
    let ni = run.ni;
    let st = &mut run.st;
    let step = step(st.round);
    let pull_sum = &mut st.pull_sum[..ni];
    let pull_weight = &mut st.pull_weight[..ni];
    let draft = &mut st.draft[..ni];
    let text = &mut st.text[..ni];
    pull_sum.fill(0.0);
    pull_weight.fill(0.0);
    for &p in &run.required {
        let v = st.verdicts[p];
        let shortfall = match v.answer {
            Answer::Accept => continue,
            Answer::RedLine(_) => 1.0,
            _ => (v.target.max(v.walk_away) - v.value).max(0.0) + 0.02,
        };
        let strength = st.leverage[p].max(0.05) * shortfall;
        let w = run.draws.weights_of(p, ni);
        let ideals = &run.ideals[p * ni..(p + 1) * ni];
        for ((((&wj, &ideal), &d), sum), weight) in w
            .iter()
            .zip(ideals)
            .zip(draft.iter())
            .zip(pull_sum.iter_mut())
            .zip(pull_weight.iter_mut())
        {
            if wj > 0.0 {
                let dir = pull(d, ideal);
                *sum += strength * wj * dir;
                *weight += strength * wj;
            }
        }
        // Objections name their unmet conditions: the drafter hears them issue by issue.
        let c0 = run.draws.condition_start[p];
        let c1 = run.draws.condition_start[p + 1];
        for ck in c0..c1 {
            let rule = &run.rules.conditions[ck];
            let j = rule.issue;
            if st.waived[ck] || rule.allows(text[j], s) {
                continue;
            }
            let goal = match s.issues[j].option_count() {
                None => rule.clamp_into(text[j]),
                Some(_) => run.condition_goal[ck][s.issues[j].option_index(text[j])],
            };
            if goal >= 0.0 {
                let pen = run.draws.penalty[ck];
                pull_sum[j] += strength * pen * pull(draft[j], goal);
                pull_weight[j] += strength * pen;
            }
        }
    }
    for (j, (((d, x), &sum), &weight)) in draft
        .iter_mut()
        .zip(text.iter_mut())
        .zip(pull_sum.iter())
        .zip(pull_weight.iter())
        .enumerate()
    {
        if weight > 0.0 {
            *d = (*d + step * sum / weight).clamp(0.0, 1.0);
        }
        *x = run.feasible.table(j, *d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_shrink_with_rounds() {
        assert_eq!(step(1), MEDIATOR_STEP);
        assert!((step(4) - MEDIATOR_STEP / 2.0).abs() < 1e-12);
        assert!(step(9) < step(8));
    }

    #[test]
    fn pulls_saturate_and_point_the_right_way() {
        assert_eq!(pull(0.0, 1.0), 1.0);
        assert_eq!(pull(1.0, 0.0), -1.0);
        assert!((pull(0.5, 0.55) - 0.5).abs() < 1e-12);
        assert_eq!(pull(0.3, 0.3), 0.0);
    }
}
