//! Calibration: the smallest change to a scenario's uncertain numbers that makes its outcome
//! shares agree with targets (`signed=0.25`, `held=0.05+-0.02`).
//!
//! 1. Play the job as `truce run` does, keeping each run's outcome and drawn numbers
//!    ([`collect`]).
//! 2. Reweight the runs to meet the targets while staying as close as possible, in
//!    Kullback-Leibler divergence, to the runs as played: the exponential tilt ([`tilt`]). The
//!    weight of a run depends on its outcome alone. The tilted runs say what must be believed
//!    about each number for the model to agree: its weighted mean and percentiles.
//! 3. Write that belief back into the file: each number that moved is refitted to a
//!    distribution of its own family by moment matching ([`refit`]), in a copy of the file
//!    edited in place ([`rewrite`]).
//! 4. Refitting each number on its own drops the dependence between numbers that the tilt
//!    induced, so the refitted file may fall short of the targets. Play it, tilt its runs again
//!    and refit again, until the file itself meets every target within its tolerance (or
//!    [`MAX_ITERATIONS`]).
//!
//! Everything is deterministic: the same file, targets, seed and runs give the same result
//! for any thread count.

pub mod collect;
pub mod refit;
pub mod rewrite;
pub mod target;
pub mod tilt;

use serde::Serialize;

use crate::model::Scenario;
use crate::montecarlo::{Monitor, SimulationError};
use crate::param::Param;
use crate::scenario;
use crate::simulation::{Options, Runs, Simulation};
use collect::{Collected, Collector, Spread};
use refit::Fit;
pub use target::{Target, TargetError};
use tilt::{CLASSES, Tilt, TiltError};

/// Most refits before calibration gives up on meeting the targets with the refitted file.
pub const MAX_ITERATIONS: usize = 8;
/// A number counts as moved when its standardised mean shift is at least this many standard
/// errors of the shift (what reweighting noise alone would give)...
pub const SIGNIFICANCE: f64 = 3.0;
/// ...and at least this large (a fiftieth of its spread as written).
pub const MIN_SHIFT: f64 = 0.02;

/// How calibration plays its jobs.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Seed; `None`: the scenario's.
    pub seed: Option<u64>,
    /// Runs per job; `None`: the scenario's.
    pub runs: Option<u64>,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Most refits.
    pub max_iterations: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            seed: None,
            runs: None,
            threads: 0,
            max_iterations: MAX_ITERATIONS,
        }
    }
}

/// One uncertain number, as written and as calibrated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Number {
    /// Its path: `parties.russia.reservation`.
    pub path: String,
    /// For people: `Russia reservation`.
    pub label: String,
    /// Its unit.
    pub unit: &'static str,
    /// As the file gives it: `triangular 0.15..0.25..0.35`.
    pub written_as: String,
    /// Its distribution over the runs as played.
    pub written: Spread,
    /// Its distribution over the runs reweighted to meet the targets.
    pub calibrated: Spread,
    /// `(calibrated mean - written mean) / written sd`.
    pub shift: f64,
    /// Whether the shift is more than reweighting noise ([`SIGNIFICANCE`], [`MIN_SHIFT`]).
    pub moved: bool,
    /// The distribution `calibrated.toml` gives it (moved numbers only).
    pub refit: Option<Fit>,
}

/// One pass of "play the file, check the targets".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Iteration {
    /// 0: the scenario as written; then one per refit.
    pub iteration: usize,
    /// Runs per outcome.
    pub counts: [u64; CLASSES],
    /// The share each target counts, in target order.
    pub target_shares: Vec<f64>,
    /// Whether every target is met within its tolerance.
    pub met: bool,
}

/// What calibration found.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The scenario's title.
    pub scenario: String,
    /// SHA-256 of the file as written.
    pub file_hash: String,
    /// The seed of every job.
    pub seed: u64,
    /// Runs of every job.
    pub runs: u64,
    /// The targets.
    pub targets: Vec<Target>,
    /// The reweighting of the runs as written that meets the targets (minimum relative
    /// entropy): its weights, divergence and effective sample size.
    pub tilt: Tilt,
    /// Every uncertain number that varies, most moved first.
    pub numbers: Vec<Number>,
    /// The scenario as written (0), then each refitted file, played.
    pub iterations: Vec<Iteration>,
    /// Whether the last file played meets every target.
    pub met: bool,
    /// The text of `calibrated.toml`.
    pub calibrated_toml: String,
}

impl Calibration {
    /// Refits made (iterations after the scenario as written).
    pub fn refits(&self) -> usize {
        self.iterations.len().saturating_sub(1)
    }
}

/// Why calibration could not run.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// The targets cannot be met by reweighting these runs (bad input: exit 2).
    #[error("{0}")]
    Target(#[from] TiltError),
    /// A job stopped (Ctrl-C) or failed.
    #[error(transparent)]
    Simulation(#[from] SimulationError),
    /// The file could not be edited.
    #[error(transparent)]
    Rewrite(#[from] rewrite::RewriteError),
    /// The edited file does not load (a bug: refits keep every number in its key's range).
    #[error("the calibrated file does not load: {0}")]
    Load(String),
}

/// Play `sim` with `settings`, keeping what calibration needs.
fn collect(
    sim: &Simulation,
    seed: u64,
    runs: u64,
    settings: &Settings,
    monitor: &dyn Monitor,
) -> Result<Collected, SimulationError> {
    let mut collector = Collector::new(sim.scenario(), seed);
    let options = Options {
        seed: Some(seed),
        runs: Runs::Count(Some(runs)),
        threads: settings.threads,
        benchmark: false,
        ..Options::default()
    };
    sim.run_with(&options, monitor, &mut collector)?;
    Ok(collector.finish())
}

fn iteration(k: usize, c: &Collected, targets: &[Target]) -> Iteration {
    let counts = c.runs();
    Iteration {
        iteration: k,
        counts,
        target_shares: targets.iter().map(|t| t.share_of(&counts)).collect(),
        met: targets.iter().all(|t| t.met_by(&counts)),
    }
}

/// The tilt that drives a refit. A target with a tolerance aims at the inner half of its band,
/// so that the refitted file's sampling noise does not leave it just outside. Because a refit
/// recovers only part of the tilt's change (it drops the dependence between numbers), the aim
/// is corrected by how far the last refit fell short: if aiming at `a` from a share `s` gave
/// `s'`, the refit reached `rho = (s' - s) / (a - s)` of the way, and the next aim is
/// `s' + (t - s') / rho` (a secant step; `rho` kept in [0.4, 1], so a step is at most 2.5
/// times the gap).
fn drive_targets(
    targets: &[Target],
    shares: &[f64],
    last: Option<(&[f64], &[f64])>,
) -> Vec<tilt::Target> {
    targets
        .iter()
        .enumerate()
        .map(|(j, t)| {
            let s = shares[j];
            let met = (s - t.share).abs() <= t.check_tolerance();
            let aim = match last {
                Some((s0, a0)) if !met && (a0[j] - s0[j]).abs() > 1e-6 => {
                    let rho = ((s - s0[j]) / (a0[j] - s0[j])).clamp(0.4, 1.0);
                    (s + (t.share - s) / rho).clamp(0.005, 0.995)
                }
                _ => t.share,
            };
            tilt::Target {
                share: aim,
                tolerance: t.tolerance.unwrap_or(0.0) / 2.0,
                ..t.tilt_target()
            }
        })
        .collect()
}

/// Calibrate the scenario `text` (the file's bytes as text, named `file_name`; `sim` is its
/// simulation) to `targets`.
pub fn calibrate(
    text: &str,
    file_name: &str,
    sim: &Simulation,
    targets: &[Target],
    settings: &Settings,
    monitor: &dyn Monitor,
) -> Result<Calibration, CalibrateError> {
    let s = sim.scenario();
    let seed = settings.seed.unwrap_or(s.seed);
    let runs = settings.runs.unwrap_or(s.runs);
    let written = collect(sim, seed, runs, settings, monitor)?;
    let counts = written.runs();
    let asked: Vec<tilt::Target> = targets.iter().map(Target::tilt_target).collect();
    let tilt = tilt::solve(&counts, &asked)?;
    let mut numbers = numbers(s, &written, &tilt, runs);
    let mut iterations = vec![iteration(0, &written, targets)];
    let header = header(s, file_name, targets, &tilt, seed, runs);
    if iterations[0].met {
        let mut calibrated_toml = String::new();
        for line in &header {
            calibrated_toml.push_str(&format!("# {line}\n"));
        }
        calibrated_toml.push_str(
            "# The scenario as written already meets every target: no number was changed.\n",
        );
        calibrated_toml.push_str(text);
        return Ok(Calibration {
            scenario: s.name.clone(),
            file_hash: s.file_hash.clone(),
            seed,
            runs,
            targets: targets.to_vec(),
            tilt,
            numbers,
            iterations,
            met: true,
            calibrated_toml,
        });
    }

    // The moved numbers, with their distribution as written.
    let moved: Vec<(Param, Fit, f64, f64)> = numbers
        .iter()
        .filter(|n| n.moved)
        .filter_map(|n| {
            let p = Param::parse(s, &n.path).ok()?;
            let u = p.uncertain(s)?;
            Some((p, Fit::of(u)?, u.lo, u.hi))
        })
        .collect();
    let mut fits: Vec<Fit> = moved.iter().map(|m| m.1).collect();
    let mut current = written;
    let mut calibrated_toml = text.to_string();
    let mut met = false;
    // The shares and aims of the last refit, for the secant step.
    let mut last: Option<(Vec<f64>, Vec<f64>)> = None;
    for k in 1..=settings.max_iterations.max(1) {
        if moved.is_empty() {
            break;
        }
        let shares: Vec<f64> = targets
            .iter()
            .map(|t| t.share_of(&current.runs()))
            .collect();
        let drive = drive_targets(
            targets,
            &shares,
            last.as_ref().map(|(s, a)| (s.as_slice(), a.as_slice())),
        );
        // Aims pushed past several targets can contradict each other (held beyond signed):
        // then aim at the targets themselves.
        let (drive, t) = match tilt::solve(&current.runs(), &drive) {
            Ok(t) => (drive, t),
            Err(_) => {
                let plain = drive_targets(targets, &shares, None);
                match tilt::solve(&current.runs(), &plain) {
                    Ok(t) => (plain, t),
                    // The refitted file's runs can no longer reach a target: stop, not met.
                    Err(_) => break,
                }
            }
        };
        last = Some((shares, drive.iter().map(|d| d.share).collect()));
        for (i, (param, _, lo, hi)) in moved.iter().enumerate() {
            let Some(slot) = current.slots.iter().position(|x| x.param == *param) else {
                continue;
            };
            let spread = current.spread(slot, &t.run_weight);
            fits[i] = refit::refit(&fits[i], *lo, *hi, spread.mean, spread.sd);
        }
        let edits: Vec<rewrite::Edit> = moved
            .iter()
            .zip(&fits)
            .map(|((param, was, _, _), fit)| {
                let n = numbers
                    .iter()
                    .find(|n| n.path == param.path(s))
                    .expect("every moved number is listed");
                rewrite::Edit {
                    param: *param,
                    fit: *fit,
                    comment: comment(n, was, fit, targets, k),
                }
            })
            .collect();
        calibrated_toml = rewrite::rewrite(text, s, &edits, &header)?;
        let next = scenario::parse(calibrated_toml.as_bytes(), file_name)
            .map_err(|e| CalibrateError::Load(e.render()))?;
        let next = Simulation::new(next);
        current = collect(&next, seed, runs, settings, monitor)?;
        let it = iteration(k, &current, targets);
        met = it.met;
        iterations.push(it);
        if met {
            break;
        }
    }
    for ((param, ..), fit) in moved.iter().zip(&fits) {
        let path = param.path(s);
        if let Some(n) = numbers.iter_mut().find(|n| n.path == path) {
            n.refit = Some(*fit);
        }
    }
    Ok(Calibration {
        scenario: s.name.clone(),
        file_hash: s.file_hash.clone(),
        seed,
        runs,
        targets: targets.to_vec(),
        tilt,
        numbers: std::mem::take(&mut numbers),
        iterations,
        met,
        calibrated_toml,
    })
}

/// Every number that varies, as written and reweighted, most moved first (ties in path
/// order).
fn numbers(s: &Scenario, c: &Collected, tilt: &Tilt, runs: u64) -> Vec<Number> {
    let ones = [1.0; CLASSES];
    // Standard error of a standardised weighted-mean shift under noise alone:
    // Var(sum (w_i - 1) x_i / N) = Var(x) E[(w - 1)^2] / N, and E[(w - 1)^2] = 1/ESS - 1.
    let ess = tilt.effective_fraction.max(1e-12);
    let se = ((1.0 / ess - 1.0).max(0.0) / runs.max(1) as f64).sqrt();
    let mut out: Vec<Number> = c
        .slots
        .iter()
        .enumerate()
        .map(|(k, slot)| {
            let written = c.spread(k, &ones);
            let calibrated = c.spread(k, &tilt.run_weight);
            let shift = if written.sd > 0.0 {
                (calibrated.mean - written.mean) / written.sd
            } else {
                0.0
            };
            let n = slot.param.number(s);
            Number {
                path: n.path,
                label: n.label,
                unit: n.unit,
                written_as: n.given,
                written,
                calibrated,
                shift,
                moved: shift.abs() >= (SIGNIFICANCE * se).max(MIN_SHIFT),
                refit: None,
            }
        })
        .collect();
    out.sort_by(|a, b| b.shift.abs().total_cmp(&a.shift.abs()));
    out
}

fn targets_text(targets: &[Target]) -> String {
    targets
        .iter()
        .map(Target::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

fn header(
    s: &Scenario,
    file_name: &str,
    targets: &[Target],
    tilt: &Tilt,
    seed: u64,
    runs: u64,
) -> Vec<String> {
    let short: String = s.file_hash.chars().take(16).collect();
    vec![
        format!(
            "Calibrated by `truce calibrate` from {file_name} (SHA-256 {short}...) to the targets {}.",
            targets_text(targets)
        ),
        format!(
            "Method: {runs} runs (seed {seed}) reweighted by minimum relative entropy (effective sample size {:.1}%, KL divergence {:.4} nats),",
            100.0 * tilt.effective_fraction,
            tilt.divergence
        ),
        "then each number that moved refitted to its own family by moment matching; every change says what it was.".into(),
        "A calibrated scenario agrees with the targets; that does not make it true (see docs/VALIDATION.md).".into(),
    ]
}

fn short(v: f64) -> String {
    refit::number(v)
}

fn comment(n: &Number, was: &Fit, fit: &Fit, targets: &[Target], refits: usize) -> Vec<String> {
    let how = if refits == 1 {
        "refitted by moment matching".to_string()
    } else {
        format!(
            "refitted by moment matching, {refits} times: the file played again fell short of \
             the targets (refits drop the dependence between numbers), so the aim was pushed"
        )
    };
    vec![
        format!("calibrated: was {}", was.toml()),
        format!(
            "  as written: mean {}, P10 {}, P90 {}; runs reweighted to meet {}: mean {} ({:+.2} sd), P10 {}, P90 {}",
            short(n.written.mean),
            short(n.written.p10),
            short(n.written.p90),
            targets_text(targets),
            short(n.calibrated.mean),
            n.shift,
            short(n.calibrated.p10),
            short(n.calibrated.p90),
        ),
        format!(
            "  {how}; now {} with mean {}",
            fit.family(),
            short(fit.mean())
        ),
    ]
}

#[cfg(test)]
mod tests;
