//! A forecast (for the terminal, and as rows for the browser): how the talks may end, two ways,
//! side by side, so that a team can compare its game with the Monte Carlo of `truce run`:
//! - *as written*: fresh runs of the scenario from round 1, each drawing its own world (what
//!   `truce run` shows, with fewer runs);
//! - *from here*: Monte Carlo continuations of this game (played by `truce_core::forecast`):
//!   its drawn world, the text on the table now, the round in progress.
//!
//! In both the engine decides for every party, the people's parties included, walkouts and
//! the keeping of a pause too (during the game itself the engine never walks a people's party
//! out), so the two columns count the same things.

use std::time::Instant;

use truce_core::Simulation;
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

/// The scenario as written: `runs` fresh runs of `seed` from round 1, each drawing its own
/// world (what `truce run --seed S` plays, with fewer runs). It does not change during a game:
/// play it once and keep it.
pub fn as_written(sim: &Simulation, seed: u64, runs: u64) -> Result<AsWritten, String> {
    let runs = runs.max(1);
    let results = sim
        .run(&truce_core::Options::runs(runs).seed(seed))
        .map_err(|e| format!("the forecast runs failed: {e}"))?;
    let mut outcomes = [0u64; 5];
    for o in &results.summary.outcomes {
        outcomes[o.outcome.index()] = o.count;
    }
    Ok(AsWritten { runs, outcomes })
}

/// Play `runs` continuations of `base` from `at`, the engine deciding for every party (the
/// people's `humans` too: walkouts and the keeping of a pause included).
pub fn from_here(base: &Runner<'_>, humans: &[usize], at: Moment, runs: u64) -> Forecast {
    let mut engine_plays_all = base.clone();
    for &p in humans {
        engine_plays_all.set_human(p, false);
    }
    forecast::forecast(&engine_plays_all, at, runs)
}

/// A share of runs with its Wilson 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub share: f64,
    pub low: f64,
    pub high: f64,
}

impl Share {
    fn of(count: u64, runs: u64) -> Share {
        let (low, high) = wilson(count, runs, Z95);
        let share = if runs == 0 {
            0.0
        } else {
            count as f64 / runs as f64
        };
        Share { share, low, high }
    }
}

/// One line of a forecast: the share as written (`None` where it has no meaning: "signed this
/// round") and from here.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: &'static str,
    pub as_written: Option<Share>,
    pub from_here: Share,
}

/// The lines of a forecast, for any screen: the five outcomes, "any deal signed" and "signed
/// this round".
pub fn rows(f: &Forecast, w: &AsWritten) -> Vec<Row> {
    let mut out: Vec<Row> = Outcome::ALL
        .iter()
        .map(|&o| Row {
            label: super::words::outcome_name(o),
            as_written: Some(Share::of(w.outcomes[o.index()], w.runs)),
            from_here: Share::of(f.outcomes[o.index()], f.runs),
        })
        .collect();
    let written_signed: u64 = Outcome::ALL
        .iter()
        .filter(|o| o.signed())
        .map(|o| w.outcomes[o.index()])
        .sum();
    out.push(Row {
        label: "any deal signed",
        as_written: Some(Share::of(written_signed, w.runs)),
        from_here: Share::of(f.signed(), f.runs),
    });
    out.push(Row {
        label: "signed this round",
        as_written: None,
        from_here: Share::of(f.signed_this_round, f.runs),
    });
    out
}

/// What the forecast assumes, in words: the first line of the terminal's forecast and the
/// browser's caption.
pub const HEADLINE: &str = "Forecast: how the talks may end, with the engine deciding for every \
     party, yours included (walkouts and keeping a pause too).";

/// What each column is, in words.
pub fn columns(w: &AsWritten, f: &Forecast, round: u32) -> (String, String) {
    (
        format!(
            "As written: {} fresh runs of the scenario from round 1, each drawing its own world \
             (as `truce run` does).",
            w.runs
        ),
        format!(
            "From here: {} continuations of this game from round {round}: its drawn world and \
             the text now on the table.",
            f.runs
        ),
    )
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
    let f = from_here(base, humans, at, runs);
    render(&f, written, at.round, started.elapsed().as_secs_f64())
}

fn cell(s: &Share) -> String {
    format!(
        "{:>5.1}% ({:.1}-{:.1})",
        100.0 * s.share,
        100.0 * s.low,
        100.0 * s.high
    )
}

/// The forecast as lines for the terminal.
fn render(f: &Forecast, w: &AsWritten, round: u32, seconds: f64) -> String {
    let mut out = format!("{HEADLINE}\n");
    out.push_str(&format!(
        "  {:<18} {:<21} {:<21}\n",
        "", "as written", "from here"
    ));
    for row in rows(f, w) {
        out.push_str(&format!(
            "  {:<18} {:<21} {:<21}\n",
            row.label,
            row.as_written.as_ref().map(cell).unwrap_or_default(),
            cell(&row.from_here)
        ));
    }
    // No trailing blanks from the padding of the last column.
    let mut out: String = out.lines().map(|l| format!("{}\n", l.trim_end())).collect();
    let (written, here) = columns(w, f, round);
    out.push_str(&format!(
        "  {written}\n  {here} (95% intervals in brackets; {seconds:.2} s)\n"
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
