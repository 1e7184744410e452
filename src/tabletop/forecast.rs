//! A forecast on the terminal: the Monte Carlo continuations of the game from where it stands
//! (played by `truce_core::forecast`), as shares with their intervals.

use std::time::Instant;

use truce_core::engine::{Outcome, Runner};
use truce_core::forecast::{self, Forecast, Moment};

/// Continuations a forecast plays: enough for a share to about +/- 1.5 points, and fast.
pub const CONTINUATIONS: u64 = 4000;

/// Play `runs` continuations of `base` from `at` and tell them as lines for the terminal.
pub fn forecast(base: &Runner<'_>, at: Moment, runs: u64) -> String {
    let started = Instant::now();
    let f = forecast::forecast(base, at, runs);
    render(&f, started.elapsed().as_secs_f64())
}

/// The forecast as lines for the terminal.
fn render(f: &Forecast, seconds: f64) -> String {
    let pct = |c: u64| {
        let (p, lo, hi) = f.share(c);
        format!(
            "{:>5.1}%  (95% interval {:.1}-{:.1}%)",
            100.0 * p,
            100.0 * lo,
            100.0 * hi
        )
    };
    let mut out = format!(
        "Forecast: {} continuations from here; the engine decides for every party, yours included.\n",
        f.runs
    );
    for o in Outcome::ALL {
        out.push_str(&format!(
            "  {:<18} {}\n",
            super::words::outcome_name(o),
            pct(f.outcomes[o.index()])
        ));
    }
    out.push_str(&format!(
        "  {:<18} {}\n",
        "any deal signed",
        pct(f.signed())
    ));
    out.push_str(&format!(
        "  {:<18} {}\n",
        "signed this round",
        pct(f.signed_this_round)
    ));
    out.push_str(&format!("  ({} runs in {seconds:.2} s)\n", f.runs));
    out
}
