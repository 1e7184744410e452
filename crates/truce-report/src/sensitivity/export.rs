//! `sensitivity.csv`, `sensitivity.json` and the ranking on the terminal, from a
//! [`Sensitivity`].

use serde::Serialize;

use truce_core::engine::Outcome;
use truce_core::sensitivity::{Basis, Sensitivity, Swing};
use truce_core::sweep::{Counts, Share};

/// `sensitivity.csv`: one row per uncertain number, ranked by effect on the chosen outcome:
/// `rank,path,basis,low,high`, then per outcome its share at low and at high, then `effect`
/// (share of the chosen outcome at high minus at low).
pub fn csv(a: &Sensitivity) -> Vec<u8> {
    let mut header: Vec<String> = ["rank", "path", "basis", "low", "high"]
        .map(String::from)
        .to_vec();
    for o in Outcome::ALL {
        header.push(format!("{}_at_low", o.as_str()));
        header.push(format!("{}_at_high", o.as_str()));
    }
    header.push(format!("{}_effect", a.outcome.as_str()));
    let mut out = header.join(",");
    out.push('\n');
    for (k, w) in a.swings.iter().enumerate() {
        let mut row = vec![
            (k + 1).to_string(),
            w.path.clone(),
            w.basis.as_str().to_string(),
            w.low.to_string(),
            w.high.to_string(),
        ];
        for o in Outcome::ALL {
            row.push(format!("{:.6}", Share::of(&w.at_low, a.runs, o).share));
            row.push(format!("{:.6}", Share::of(&w.at_high, a.runs, o).share));
        }
        row.push(format!("{:.6}", w.effect(a.outcome, a.runs)));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct JsonFile<'a> {
    format: u32,
    program_version: &'static str,
    scenario: &'a str,
    file_hash: &'a str,
    seed: u64,
    runs: u64,
    outcome: &'static str,
    method: &'static str,
    baseline: Shares,
    numbers: Vec<JsonSwing<'a>>,
}

#[derive(Serialize)]
struct JsonSwing<'a> {
    rank: usize,
    #[serde(flatten)]
    swing: &'a Swing,
    at_low: Shares,
    at_high: Shares,
    effect: f64,
}

#[derive(Serialize)]
struct Shares {
    no_deal: Share,
    walkout: Share,
    collapsed: Share,
    expired: Share,
    held: Share,
}

impl Shares {
    fn of(c: &Counts, runs: u64) -> Shares {
        Shares {
            no_deal: Share::of(c, runs, Outcome::NoDeal),
            walkout: Share::of(c, runs, Outcome::Walkout),
            collapsed: Share::of(c, runs, Outcome::Collapsed),
            expired: Share::of(c, runs, Outcome::Expired),
            held: Share::of(c, runs, Outcome::Held),
        }
    }
}

/// `sensitivity.json` (and `--json` on stdout): everything in the CSV, with counts and intervals.
pub fn json(a: &Sensitivity) -> Vec<u8> {
    let file = JsonFile {
        format: 1,
        program_version: env!("CARGO_PKG_VERSION"),
        scenario: &a.scenario,
        file_hash: &a.file_hash,
        seed: a.seed,
        runs: a.runs,
        outcome: a.outcome.as_str(),
        method: "one number at a time pinned at its 10th and 90th percentile (a fixed number: \
                 -20% and +20%), same seed and run indices as the scenario as written",
        baseline: Shares::of(&a.baseline, a.runs),
        numbers: a
            .swings
            .iter()
            .enumerate()
            .map(|(k, w)| JsonSwing {
                rank: k + 1,
                swing: w,
                at_low: Shares::of(&w.at_low, a.runs),
                at_high: Shares::of(&w.at_high, a.runs),
                effect: w.effect(a.outcome, a.runs),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The ranking as a table for the terminal: the first `limit` numbers.
pub fn table(a: &Sensitivity, limit: usize) -> String {
    let o = a.outcome;
    let base = a.baseline_share(o);
    let mut out = format!(
        "{}\n{} runs per value, seed {}; `{}` as written: {:.1}%\n\n",
        a.scenario,
        a.runs,
        a.seed,
        o.as_str(),
        base.share * 100.0
    );
    let width = a
        .swings
        .iter()
        .take(limit)
        .map(|w| w.path.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    out.push_str(&format!(
        "rank  {:<width$}  {:>21}  {:>15}  {:>7}\n",
        "number",
        "low .. high",
        format!("{} at low/high", o.as_str()),
        "change"
    ));
    for (k, w) in a.swings.iter().take(limit).enumerate() {
        let at = |c: &Counts| crate::sweep::export::share_text(Share::of(c, a.runs, o).share);
        let range = match w.basis {
            Basis::FixedZero => "fixed at 0".to_string(),
            _ => format!("{} .. {}", short(w.low), short(w.high)),
        };
        out.push_str(&format!(
            "{:>4}  {:<width$}  {:>21}  {:>7} {:>7}  {:>+6.1}\n",
            k + 1,
            w.path,
            range,
            at(&w.at_low),
            at(&w.at_high),
            w.effect(o, a.runs) * 100.0
        ));
    }
    if a.swings.len() > limit {
        out.push_str(&format!(
            "  ({} more in sensitivity.csv)\n",
            a.swings.len() - limit
        ));
    }
    out.push_str("change: percentage points from the number at low to the number at high\n");
    out
}

/// A number in at most 4 significant digits, for the table.
fn short(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e5) {
        format!("{v:.2e}")
    } else {
        let s = format!("{v:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}
