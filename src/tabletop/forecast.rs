//! A forecast on the terminal: how the talks may end, two ways, side by side, so that a team
//! can compare its game with the Monte Carlo of `truce run`:
//! - *as written*: fresh runs of the scenario from round 1, each drawing its own world (what
//!   `truce run` shows, with fewer runs);
//! - *from here*: Monte Carlo continuations of this game (played by `truce_core::forecast`):
//!   its drawn world, the text on the table now, the round in progress.
//!
//! In both the engine decides for every party, the people's parties included, walkouts and
//! the keeping of a pause too (during the game itself the engine never walks a people's party
//! out), so the two columns count the same things.

use std::time::Instant;

use truce_core::engine::{Outcome, Runner};
use truce_core::forecast::{self, Forecast, Moment};
use truce_core::stats::wilson::{Z95, wilson};

/// Continuations a forecast plays (and runs of the scenario as written): enough for a share to
/// about +/- 1.5 points, and fast.
pub const CONTINUATIONS: u64 = 4000;

/// Outcome counts of the scenario as written: `runs` runs of the seed, from round 1.
#[derive(Debug, Clone, Copy)]
pub struct AsWritten {
    /// Runs played.
    pub runs: u64,
    /// Runs per outcome, by `Outcome::index`.
    pub outcomes: [u64; 5],
}

/// Play `runs` continuations of `base` from `at`, the engine deciding for every party (the
/// people's `humans` too), and tell them beside the scenario as written.
pub fn forecast(
    base: &Runner<'_>,
    humans: &[usize],
    at: Moment,
    runs: u64,
    written: &AsWritten,
) -> String {
    let started = Instant::now();
    let mut engine_plays_all = base.clone();
    for &p in humans {
        engine_plays_all.set_human(p, false);
    }
    let f = forecast::forecast(&engine_plays_all, at, runs);
    render(&f, written, at.round, started.elapsed().as_secs_f64())
}

fn cell(count: u64, runs: u64) -> String {
    let (lo, hi) = wilson(count, runs, Z95);
    let p = if runs == 0 {
        0.0
    } else {
        count as f64 / runs as f64
    };
    format!("{:>5.1}% ({:.1}-{:.1})", 100.0 * p, 100.0 * lo, 100.0 * hi)
}

/// The forecast as lines for the terminal.
fn render(f: &Forecast, w: &AsWritten, round: u32, seconds: f64) -> String {
    let mut out = String::from(
        "Forecast: how the talks may end, with the engine deciding for every party, yours \
         included (walkouts and keeping a pause too).\n",
    );
    out.push_str(&format!(
        "  {:<18} {:<21} {:<21}\n",
        "", "as written", "from here"
    ));
    for o in Outcome::ALL {
        out.push_str(&format!(
            "  {:<18} {:<21} {:<21}\n",
            super::words::outcome_name(o),
            cell(w.outcomes[o.index()], w.runs),
            cell(f.outcomes[o.index()], f.runs)
        ));
    }
    let written_signed: u64 = Outcome::ALL
        .iter()
        .filter(|o| o.signed())
        .map(|o| w.outcomes[o.index()])
        .sum();
    out.push_str(&format!(
        "  {:<18} {:<21} {:<21}\n",
        "any deal signed",
        cell(written_signed, w.runs),
        cell(f.signed(), f.runs)
    ));
    out.push_str(&format!(
        "  {:<18} {:<21} {:<21}\n",
        "signed this round",
        "",
        cell(f.signed_this_round, f.runs)
    ));
    // No trailing blanks from the padding of the last column.
    let mut out: String = out.lines().map(|l| format!("{}\n", l.trim_end())).collect();
    out.push_str(&format!(
        "  As written: {} fresh runs of the scenario from round 1, each drawing its own world \
         (as `truce run` does).\n  From here: {} continuations of this game from round {round}: \
         its drawn world and the text now on the table. (95% intervals in brackets; {seconds:.2} s)\n",
        w.runs, f.runs
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_columns_and_what_they_assume() {
        let f = Forecast {
            runs: 100,
            outcomes: [10, 20, 30, 10, 30],
            signed_this_round: 5,
        };
        let w = AsWritten {
            runs: 200,
            outcomes: [8, 70, 100, 2, 20],
        };
        let text = render(&f, &w, 3, 0.1);
        assert!(
            text.contains("as written") && text.contains("from here"),
            "{text}"
        );
        assert!(text.contains("yours included"), "{text}");
        assert!(text.contains("from round 3"), "{text}");
        // walkout: 70 of 200 as written, 20 of 100 from here.
        let walkout = text
            .lines()
            .find(|l| l.trim_start().starts_with("walkout"))
            .unwrap_or_default();
        assert!(
            walkout.contains("35.0%") && walkout.contains("20.0%"),
            "{walkout}"
        );
    }
}
