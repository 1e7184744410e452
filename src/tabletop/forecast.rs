//! Monte Carlo continuations of a game from where it stands.
//!
//! The runner is cloned at the current moment of the game (same draws, same text on the table,
//! same momentum, trust, targets and waived conditions), each clone gets fresh random streams
//! ([`Runner::fork`]), and the engine plays the rest of the talks and the pause, deciding for
//! every party, the people's parties included: a forecast says where the talks are heading if
//! everyone behaves as the model expects, not what the people will do.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use truce_core::engine::{Outcome, RoundEnd, Runner, Silent};
use truce_core::stats::wilson::{Z95, wilson};

/// Continuations a forecast plays: enough for a share to about +/- 1.5 points, and fast.
pub const CONTINUATIONS: u64 = 4000;

/// Where the game stands when a forecast is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    /// The round in progress (opened, not yet closed).
    pub round: u32,
    /// Under the alternating protocol, the proposer whose package is not on the table yet:
    /// the engine drafts it first.
    pub undrafted: Option<usize>,
}

/// How the continuations ended.
#[derive(Debug, Clone)]
pub struct Forecast {
    pub runs: u64,
    /// Runs per outcome, by `Outcome::index`.
    pub outcomes: [u64; 5],
    /// Runs in which a deal was signed in the round in progress.
    pub signed_this_round: u64,
    pub elapsed: Duration,
}

impl Forecast {
    /// Share and Wilson 95% interval of a count.
    pub fn share(&self, count: u64) -> (f64, f64, f64) {
        let (lo, hi) = wilson(count, self.runs, Z95);
        let p = if self.runs == 0 {
            0.0
        } else {
            count as f64 / self.runs as f64
        };
        (p, lo, hi)
    }

    pub fn signed(&self) -> u64 {
        Outcome::ALL
            .iter()
            .filter(|o| o.signed())
            .map(|o| self.outcomes[o.index()])
            .sum()
    }

    /// The forecast as lines for the terminal.
    pub fn render(&self) -> String {
        let pct = |c: u64| {
            let (p, lo, hi) = self.share(c);
            format!(
                "{:>5.1}%  (95% interval {:.1}-{:.1}%)",
                100.0 * p,
                100.0 * lo,
                100.0 * hi
            )
        };
        let mut out = format!(
            "Forecast: {} continuations from here; the engine decides for every party, yours included.\n",
            self.runs
        );
        for o in Outcome::ALL {
            out.push_str(&format!(
                "  {:<18} {}\n",
                super::words::outcome_name(o),
                pct(self.outcomes[o.index()])
            ));
        }
        out.push_str(&format!(
            "  {:<18} {}\n",
            "any deal signed",
            pct(self.signed())
        ));
        out.push_str(&format!(
            "  {:<18} {}\n",
            "signed this round",
            pct(self.signed_this_round)
        ));
        out.push_str(&format!(
            "  ({} runs in {:.2} s)\n",
            self.runs,
            self.elapsed.as_secs_f64()
        ));
        out
    }
}

/// Play `runs` continuations of `base` from `at`, in parallel.
pub fn forecast(base: &Runner<'_>, at: Moment, runs: u64) -> Forecast {
    let start = Instant::now();
    let (outcomes, signed_this_round) = (0..runs)
        .into_par_iter()
        .map(|k| continuation(base, at, k))
        .fold(
            || ([0u64; 5], 0u64),
            |(mut counts, mut now), (o, here)| {
                counts[o.index()] += 1;
                now += u64::from(here);
                (counts, now)
            },
        )
        .reduce(
            || ([0u64; 5], 0u64),
            |(mut a, an), (b, bn)| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                (a, an + bn)
            },
        );
    Forecast {
        runs,
        outcomes,
        signed_this_round,
        elapsed: start.elapsed(),
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
