//! Monte Carlo continuations of a run from where it stands: what a tabletop game's `forecast`
//! shows, and what a web app's exercise would.
//!
//! The runner is cloned at the current moment (same draws, same text on the table, same
//! momentum, trust, targets and waived conditions), each clone gets fresh random streams
//! ([`Runner::fork`]), and the engine plays the rest of the talks and the pause, deciding for
//! every party, those played by people included: a forecast says where the talks are heading
//! if everyone behaves as the model expects, not what the people will do.

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::engine::{Outcome, RoundEnd, Runner, Silent};
use crate::stats::wilson::{Z95, wilson};

/// Where the run stands when a forecast is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    /// The round in progress (opened, not yet closed).
    pub round: u32,
    /// Under a protocol where parties propose, the proposer whose package is not on the
    /// table yet: the engine drafts it first.
    pub undrafted: Option<usize>,
}

/// How the continuations ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    /// Continuations played.
    pub runs: u64,
    /// Runs per outcome, by `Outcome::index`.
    pub outcomes: [u64; 5],
    /// Runs in which a deal was signed in the round in progress.
    pub signed_this_round: u64,
}

impl Forecast {
    /// Share and Wilson 95% interval of a count: `(share, low, high)`.
    pub fn share(&self, count: u64) -> (f64, f64, f64) {
        let (lo, hi) = wilson(count, self.runs, Z95);
        let p = if self.runs == 0 {
            0.0
        } else {
            count as f64 / self.runs as f64
        };
        (p, lo, hi)
    }

    /// Runs in which a deal was signed.
    pub fn signed(&self) -> u64 {
        Outcome::ALL
            .iter()
            .filter(|o| o.signed())
            .map(|o| self.outcomes[o.index()])
            .sum()
    }
}

/// Play `runs` continuations of `base` from `at` (on all cores with the `parallel` feature).
/// Continuation `k` is a pure function of the run and `k`.
pub fn forecast(base: &Runner<'_>, at: Moment, runs: u64) -> Forecast {
    let fold = |(mut counts, mut now): ([u64; 5], u64), (o, here): (Outcome, bool)| {
        counts[o.index()] += 1;
        now += u64::from(here);
        (counts, now)
    };
    #[cfg(feature = "parallel")]
    let (outcomes, signed_this_round) = (0..runs)
        .into_par_iter()
        .map(|k| continuation(base, at, k))
        .fold(|| ([0u64; 5], 0u64), fold)
        .reduce(
            || ([0u64; 5], 0u64),
            |(mut a, an), (b, bn)| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                (a, an + bn)
            },
        );
    #[cfg(not(feature = "parallel"))]
    let (outcomes, signed_this_round) = (0..runs)
        .map(|k| continuation(base, at, k))
        .fold(([0u64; 5], 0u64), fold);
    Forecast {
        runs,
        outcomes,
        signed_this_round,
    }
}

/// One continuation: the outcome, and whether the deal was signed in the round in progress.
fn continuation(base: &Runner<'_>, at: Moment, k: u64) -> (Outcome, bool) {
    let mut r = base.clone();
    r.fork(k);
    if let Some(p) = at.undrafted {
        r.draft_for(p);
    }
    r.answer(false);
    let mut end = r.close_round(at.round, &mut Silent);
    let here = end == RoundEnd::Signed;
    let mut round = at.round;
    while end == RoundEnd::Continue && round < r.rounds() {
        round += 1;
        r.open_round(round, &mut Silent);
        if let Some(p) = r.proposer(round) {
            r.draft_for(p);
        }
        r.answer(false);
        end = r.close_round(round, &mut Silent);
    }
    if end == RoundEnd::Continue {
        r.no_deal();
    }
    (r.finish(&mut Silent).outcome, here)
}
