//! `backtest.csv`, `backtest.json` and the table on the terminal, from a [`Backtest`].

use std::fmt::Write;

use serde::Serialize;

use truce_core::backtest::score::{LOG_PSEUDOCOUNT, ReliabilityBin};
use truce_core::backtest::{Backtest, Case, MIN_PIT_CASES, Means, Scores};
use truce_core::engine::Outcome;

/// Version of the `backtest.json` layout.
pub const FORMAT: u32 = 1;

/// Bins of the PIT histogram.
pub const PIT_BINS: usize = 10;

/// A case's short name: its file name without the folder and `.toml`.
pub fn short_name(label: &str) -> &str {
    let base = label.rsplit(['/', '\\']).next().unwrap_or(label);
    base.strip_suffix(".toml").unwrap_or(base)
}

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x:.6}"))
}

/// `backtest.csv`: one row per case.
pub fn csv(b: &Backtest) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "case",
        "file",
        "name",
        "as_of",
        "runs",
        "seed",
        "observed",
        "observed_days",
    ]
    .map(String::from)
    .to_vec();
    for o in Outcome::ALL {
        header.push(format!("share_{}", o.as_str()));
    }
    header.extend(
        [
            "share_observed",
            "share_signed",
            "brier",
            "log_score",
            "signed_brier",
            "pit",
            "uniform_brier",
            "uniform_log_score",
            "uniform_signed_brier",
            "base_rate_brier",
            "base_rate_log_score",
            "base_rate_signed_brier",
            "combined_brier",
            "combined_log_score",
            "combined_signed_brier",
        ]
        .map(String::from),
    );
    let _ = w.write_record(&header);
    for c in &b.cases {
        let mut row = vec![
            crate::export::csv_text(short_name(&c.label)).into_owned(),
            crate::export::csv_text(&c.label).into_owned(),
            crate::export::csv_text(&c.name).into_owned(),
            crate::export::csv_text(&c.as_of).into_owned(),
            c.runs.to_string(),
            c.seed.to_string(),
            c.observed.as_str().to_string(),
            c.observed_days.map_or(String::new(), |d| d.to_string()),
        ];
        row.extend(c.shares.iter().map(|p| format!("{p:.6}")));
        row.push(format!("{:.6}", c.share_observed));
        row.push(format!("{:.6}", c.share_signed));
        let scores = |s: &Scores| {
            [
                format!("{:.6}", s.brier),
                format!("{:.6}", s.log),
                format!("{:.6}", s.signed_brier),
            ]
        };
        row.extend(scores(&c.model));
        row.push(opt(c.pit));
        row.extend(scores(&c.uniform));
        row.extend(scores(&c.base_rate));
        row.extend(scores(&c.combined));
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// Counts of the PIT values in [`PIT_BINS`] equal bins on [0, 1].
pub fn pit_histogram(pit: &[f64]) -> Vec<u64> {
    let mut h = vec![0u64; PIT_BINS];
    for &v in pit {
        let k = ((v.clamp(0.0, 1.0) * PIT_BINS as f64) as usize).min(PIT_BINS - 1);
        h[k] += 1;
    }
    h
}

#[derive(Serialize)]
struct Five<T> {
    no_deal: T,
    walkout: T,
    collapsed: T,
    expired: T,
    held: T,
}

impl<T: Copy> Five<T> {
    fn of(v: &[T; 5]) -> Five<T> {
        Five {
            no_deal: v[0],
            walkout: v[1],
            collapsed: v[2],
            expired: v[3],
            held: v[4],
        }
    }
}

#[derive(Serialize)]
struct JsonCase<'a> {
    case: &'a str,
    file: &'a str,
    name: &'a str,
    as_of: &'a str,
    runs: u64,
    seed: u64,
    observed: Outcome,
    observed_days: Option<f64>,
    counts: Five<u64>,
    shares: Five<f64>,
    smoothed_shares: Five<f64>,
    share_observed: f64,
    share_signed: f64,
    pit: Option<f64>,
    scores: &'a Scores,
    uniform: &'a Scores,
    base_rate_counts: Five<u64>,
    base_rate: &'a Scores,
    combined: &'a Scores,
}

#[derive(Serialize)]
struct Pit {
    values: usize,
    bins: usize,
    counts: Option<Vec<u64>>,
    note: Option<String>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    format: u32,
    program_version: &'static str,
    cases: Vec<JsonCase<'a>>,
    means: &'a Means,
    reliability: &'a [ReliabilityBin],
    pit: Pit,
    method: Method,
}

#[derive(Serialize)]
struct Method {
    brier: &'static str,
    log_score: String,
    signed_brier: &'static str,
    pit: &'static str,
    uniform: &'static str,
    base_rate: &'static str,
    combined: &'static str,
    skill: &'static str,
}

/// Why there is no PIT histogram, if there is none.
pub fn pit_note(b: &Backtest) -> Option<String> {
    (!b.enough_for_pit()).then(|| {
        format!(
            "{} signed case{} with days kept; a PIT histogram needs at least {MIN_PIT_CASES}",
            b.pit.len(),
            if b.pit.len() == 1 { "" } else { "s" }
        )
    })
}

fn case_json(c: &Case) -> JsonCase<'_> {
    JsonCase {
        case: short_name(&c.label),
        file: &c.label,
        name: &c.name,
        as_of: &c.as_of,
        runs: c.runs,
        seed: c.seed,
        observed: c.observed,
        observed_days: c.observed_days,
        counts: Five::of(&c.counts),
        shares: Five::of(&c.shares),
        smoothed_shares: Five::of(&c.smoothed),
        share_observed: c.share_observed,
        share_signed: c.share_signed,
        pit: c.pit,
        scores: &c.model,
        uniform: &c.uniform,
        base_rate_counts: Five::of(&c.base_counts),
        base_rate: &c.base_rate,
        combined: &c.combined,
    }
}

/// `backtest.json` (and `--json` on stdout).
pub fn json(b: &Backtest) -> Vec<u8> {
    let file = JsonFile {
        format: FORMAT,
        program_version: env!("CARGO_PKG_VERSION"),
        cases: b.cases.iter().map(case_json).collect(),
        means: &b.means,
        reliability: &b.reliability,
        pit: Pit {
            values: b.pit.len(),
            bins: PIT_BINS,
            counts: b.enough_for_pit().then(|| pit_histogram(&b.pit)),
            note: pit_note(b),
        },
        method: Method {
            brier: "sum over the five outcomes of (p - o)^2, p the share of runs, o 1 for the outcome that happened",
            log_score: format!(
                "-ln p of the outcome that happened, in nats, with p = (n + {LOG_PSEUDOCOUNT}) / (N + {}) (Jeffreys pseudocount)",
                5.0 * LOG_PSEUDOCOUNT
            ),
            signed_brier: "(P(signed) - s)^2, s 1 when a pause was signed (collapsed, expired or held)",
            pit: "mid-PIT of the observed days kept among the runs with a deal: (F(d - 1) + F(d)) / 2",
            uniform: "1/5 on each outcome (so 3/5 on signed)",
            base_rate: "the observed outcome frequencies of the other cases (leave-one-out); the log score smooths them with the same pseudocount",
            combined: "the model's shares and the base rates averaged with equal weights (the smoothed shares likewise for the log score); if it beats the base rates, the model carries information they lack",
            skill: "1 - mean score / mean score of the baseline",
        },
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn skill(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:+.1}%", 100.0 * v))
}

/// The table for the terminal.
pub fn table(b: &Backtest) -> String {
    let mut t = String::new();
    let n = b.cases.len();
    let _ = writeln!(
        t,
        "Backtest of {n} case{} with [observed] (each at its own runs and seed)\n",
        if n == 1 { "" } else { "s" }
    );
    let width = b
        .cases
        .iter()
        .map(|c| short_name(&c.label).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        t,
        "{:<width$}  {:<9}  {:>7}  {:>7}  {:>6}  {:>6}  {:>6}  {:>5}",
        "case", "observed", "p(obs)", "signed", "Brier", "log", "sBrier", "PIT"
    );
    for c in &b.cases {
        let _ = writeln!(
            t,
            "{:<width$}  {:<9}  {:>7}  {:>7}  {:>6.3}  {:>6.2}  {:>6.3}  {:>5}",
            short_name(&c.label),
            c.observed.as_str(),
            pct(c.share_observed),
            pct(c.share_signed),
            c.model.brier,
            c.model.log,
            c.model.signed_brier,
            c.pit.map_or("-".into(), |p| format!("{p:.2}"))
        );
    }
    let m = &b.means;
    let _ = writeln!(
        t,
        "\nmean over {n} cases           Brier   log (nats)   signed Brier"
    );
    for (name, s) in [
        ("model", &m.model),
        ("uniform (1/5 each)", &m.uniform),
        ("base rates (leave-one-out)", &m.base_rate),
        ("model and base rates, 1:1", &m.combined),
    ] {
        let _ = writeln!(
            t,
            "{name:<27}  {:>6.3}   {:>10.3}   {:>12.3}",
            s.brier, s.log, s.signed_brier
        );
    }
    for (name, k) in [
        ("skill vs uniform", &m.skill_vs_uniform),
        ("skill vs base rates", &m.skill_vs_base_rate),
        ("1:1 vs base rates", &m.combined_vs_base_rate),
    ] {
        let _ = writeln!(
            t,
            "{name:<27}  {:>6}   {:>10}   {:>12}",
            skill(k.brier),
            skill(k.log),
            skill(k.signed_brier)
        );
    }
    let _ = writeln!(
        t,
        "\nBrier: sum of (p - o)^2 over the five outcomes (0 best, 2 worst); log: -ln p(observed), \
         shares smoothed (n + 0.5) / (N + 2.5); sBrier: Brier of \"a pause is signed\"; PIT: where \
         the days really kept fall among the runs with a deal; skill: 1 - score / baseline \
         (> 0: better than the baseline); 1:1: the model's shares averaged with the base rates \
         (if it beats the base rates, the model adds information to them)."
    );
    if let Some(note) = pit_note(b) {
        let _ = writeln!(t, "No PIT histogram: {note}.");
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_folders_and_the_extension() {
        assert_eq!(
            short_name("scenarios/history/minsk-i-2014.toml"),
            "minsk-i-2014"
        );
        assert_eq!(short_name("a.toml"), "a");
        assert_eq!(short_name("weird"), "weird");
    }

    #[test]
    fn pit_values_land_in_tenths() {
        assert_eq!(
            pit_histogram(&[0.0, 0.05, 0.1, 0.95, 1.0]),
            vec![2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
        );
    }
}
