//! What `truce calibrate` writes besides `calibrated.toml`: `calibration.csv`,
//! `calibration.json`, the table on the terminal and the chart of the largest shifts, each a
//! pure function of a [`Calibration`].

pub mod chart;

use std::fmt::Write;

use serde::Serialize;

use crate::charts::thousands;
use truce_core::calibrate::collect::Spread;
use truce_core::calibrate::refit::number as short;
use truce_core::calibrate::{Calibration, Iteration, Number};
use truce_core::engine::Outcome;

/// Version of the `calibration.json` layout.
pub const FORMAT: u32 = 1;

/// `calibration.csv`: one row per uncertain number that varies, most moved first.
pub fn csv(c: &Calibration) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = vec![
        "rank",
        "path",
        "label",
        "unit",
        "written_as",
        "moved",
        "shift_sd",
    ];
    header.extend([
        "written_mean",
        "written_sd",
        "written_p10",
        "written_p50",
        "written_p90",
        "calibrated_mean",
        "calibrated_sd",
        "calibrated_p10",
        "calibrated_p50",
        "calibrated_p90",
        "refit",
    ]);
    let _ = w.write_record(&header);
    let f = |v: f64| format!("{v:.6e}");
    for (k, n) in c.numbers.iter().enumerate() {
        let spread = |s: &Spread| [f(s.mean), f(s.sd), f(s.p10), f(s.p50), f(s.p90)];
        let mut row = vec![
            (k + 1).to_string(),
            n.path.clone(),
            n.label.clone(),
            n.unit.to_string(),
            n.written_as.clone(),
            n.moved.to_string(),
            format!("{:.4}", n.shift),
        ];
        row.extend(spread(&n.written));
        row.extend(spread(&n.calibrated));
        row.push(n.refit.map_or(String::new(), |r| r.toml()));
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

#[derive(Serialize)]
struct JsonTarget<'a> {
    target: String,
    outcome: &'a str,
    share: f64,
    tolerance: Option<f64>,
    checked_within: f64,
    written_share: f64,
    reweighted_share: f64,
    calibrated_share: f64,
}

#[derive(Serialize)]
struct Five {
    no_deal: f64,
    walkout: f64,
    collapsed: f64,
    expired: f64,
    held: f64,
}

impl Five {
    fn of(v: &[f64; 5]) -> Five {
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
struct JsonFile<'a> {
    format: u32,
    program_version: &'static str,
    scenario: &'a str,
    file_hash: &'a str,
    seed: u64,
    runs: u64,
    targets: Vec<JsonTarget<'a>>,
    effective_sample_size: f64,
    effective_runs: f64,
    kl_divergence_nats: f64,
    lambda: &'a [f64],
    run_weight: Five,
    reweighted_shares: Five,
    iterations: &'a [Iteration],
    refits: usize,
    met: bool,
    numbers: &'a [Number],
    method: &'static str,
}

/// `calibration.json` (and `--json` on stdout).
pub fn json(c: &Calibration) -> Vec<u8> {
    let first = c.iterations.first();
    let last = c.iterations.last();
    let targets = c
        .targets
        .iter()
        .enumerate()
        .map(|(j, t)| JsonTarget {
            target: t.describe(),
            outcome: &t.name,
            share: t.share,
            tolerance: t.tolerance,
            checked_within: t.check_tolerance(),
            written_share: first.map_or(0.0, |i| i.target_shares[j]),
            reweighted_share: (0..5).filter(|&k| t.set[k]).map(|k| c.tilt.shares[k]).sum(),
            calibrated_share: last.map_or(0.0, |i| i.target_shares[j]),
        })
        .collect();
    let file = JsonFile {
        format: FORMAT,
        program_version: env!("CARGO_PKG_VERSION"),
        scenario: &c.scenario,
        file_hash: &c.file_hash,
        seed: c.seed,
        runs: c.runs,
        targets,
        effective_sample_size: c.tilt.effective_fraction,
        effective_runs: c.tilt.effective_fraction * c.runs as f64,
        kl_divergence_nats: c.tilt.divergence,
        lambda: &c.tilt.lambda,
        run_weight: Five::of(&c.tilt.run_weight),
        reweighted_shares: Five::of(&c.tilt.shares),
        iterations: &c.iterations,
        refits: c.refits(),
        met: c.met,
        numbers: &c.numbers,
        method: "minimum relative entropy (exponential tilting) of the runs as played, weights by \
                 outcome; each moved number refitted to its own family by moment matching; \
                 calibrated.toml played again (same runs and seed) and refitted until it meets \
                 every target within its tolerance (0.02 when none is given)",
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn spread(s: &Spread) -> String {
    format!("{} [{}, {}]", short(s.mean), short(s.p10), short(s.p90))
}

/// The table for the terminal: the targets, the reweighting, the `limit` most moved numbers
/// and how calibrated.toml fared.
pub fn table(c: &Calibration, limit: usize) -> String {
    let mut t = String::new();
    let targets: Vec<String> = c.targets.iter().map(|t| t.describe()).collect();
    let _ = writeln!(t, "{}: calibrated to {}", c.scenario, targets.join(", "));
    let _ = writeln!(t, "{} runs, seed {}\n", thousands(c.runs), c.seed);
    for (j, target) in c.targets.iter().enumerate() {
        let reweighted: f64 = (0..5)
            .filter(|&k| target.set[k])
            .map(|k| c.tilt.shares[k])
            .sum();
        let _ = writeln!(
            t,
            "{:<8} as written {:>6}  reweighted {:>6}",
            target.name,
            pct(c.iterations[0].target_shares[j]),
            pct(reweighted)
        );
    }
    let _ = writeln!(
        t,
        "effective sample size {} of the runs ({:.0}); KL divergence {:.4} nats\n",
        pct(c.tilt.effective_fraction),
        c.tilt.effective_fraction * c.runs as f64,
        c.tilt.divergence
    );
    let width = c
        .numbers
        .iter()
        .take(limit)
        .map(|n| n.path.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        t,
        "rank  {:<width$}  {:>26}  {:>26}  {:>9}",
        "number", "as written: mean [P10, P90]", "reweighted: mean [P10, P90]", "shift"
    );
    for (k, n) in c.numbers.iter().take(limit).enumerate() {
        let _ = writeln!(
            t,
            "{:>4}  {:<width$}  {:>26}  {:>26}  {:>+6.2} sd{}",
            k + 1,
            n.path,
            spread(&n.written),
            spread(&n.calibrated),
            n.shift,
            if n.moved { " *" } else { "" }
        );
    }
    if c.numbers.len() > limit {
        let _ = writeln!(t, "  ({} more in calibration.csv)", c.numbers.len() - limit);
    }
    let moved = c.numbers.iter().filter(|n| n.moved).count();
    let _ = writeln!(
        t,
        "shift: change of the mean in standard deviations as written; * moved (more than \
         reweighting noise): refitted in calibrated.toml ({moved} number{})\n",
        if moved == 1 { "" } else { "s" }
    );
    match c.iterations.last() {
        Some(last) if c.refits() > 0 => {
            let shares: Vec<String> = c
                .targets
                .iter()
                .zip(&last.target_shares)
                .map(|(target, s)| {
                    format!(
                        "{} {} (target {} ± {})",
                        target.name,
                        pct(*s),
                        target.share,
                        target.check_tolerance()
                    )
                })
                .collect();
            let _ = writeln!(
                t,
                "calibrated.toml after {} refit{}: played with the same runs and seed it gives {}: {}",
                c.refits(),
                if c.refits() == 1 { "" } else { "s" },
                shares.join(", "),
                if c.met { "met" } else { "NOT met" }
            );
        }
        _ if c.met => {
            let _ = writeln!(
                t,
                "The scenario as written already meets every target: calibrated.toml changes nothing."
            );
        }
        _ => {
            let _ = writeln!(
                t,
                "No number moved enough to refit: calibrated.toml changes nothing."
            );
        }
    }
    t
}

/// The share of `outcome` among the last file's runs (for tests and messages).
pub fn final_share(c: &Calibration, outcome: Outcome) -> Option<f64> {
    let last = c.iterations.last()?;
    let n: u64 = last.counts.iter().sum();
    (n > 0).then(|| last.counts[outcome.index()] as f64 / n as f64)
}
