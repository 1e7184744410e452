//! `truce sensitivity`: which uncertain number moves the outcome most?
//!
//! One-at-a-time sensitivity ("tornado") analysis. For every uncertain number of the scenario,
//! a low and a high value: the 10th and 90th percentiles of its distribution, or 20% below and
//! above a fixed number (clamped to the key's range). The scenario is played with the number
//! pinned at each (everything else as written), with common random numbers: the same seed and
//! run indices as the unmodified scenario, and every other draw of run `i` unchanged (see
//! [`crate::param`]). The swing of an outcome's share between low and high is the
//! number's effect; the tornado chart ranks numbers by it.
//!
//! A number fixed at 0 has no +/- 20%: it keeps its row (at 0, the scenario as written) and is
//! marked as such, so the CSV still has one row per uncertain number.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::engine::Outcome;
use crate::error::Error;
use crate::model::{Dist, Scenario, Uncertain};
use crate::montecarlo::Monitor;
use crate::param::Param;
use crate::simulation::Simulation;
use crate::sweep::{Counts, Job, Share, outcome_counts_of, tidy};

/// Draws used to find a distribution's percentiles.
pub const PERCENTILE_DRAWS: usize = 20_000;
/// Seed of those draws (fixed, so low and high never change between invocations).
const PERCENTILE_SEED: u64 = 0x5EED_7A11;
/// The low and high percentiles.
pub const LOW_PERCENTILE: f64 = 0.10;
/// The high percentile.
pub const HIGH_PERCENTILE: f64 = 0.90;
/// The relative step below and above a fixed number.
pub const FIXED_STEP: f64 = 0.20;

/// Where a number's low and high come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 10th and 90th percentiles of its distribution.
    Percentiles,
    /// 20% below and above its fixed value (clamped to the key's range).
    PlusMinus20,
    /// Fixed at 0: there is nothing to vary; low = high = 0.
    FixedZero,
}

impl Basis {
    /// The name as the files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Percentiles => "p10_p90",
            Basis::PlusMinus20 => "plus_minus_20pct",
            Basis::FixedZero => "fixed_zero",
        }
    }
}

/// The low and high of one number, and how they were found.
pub fn low_high(u: &Uncertain) -> (f64, f64, Basis) {
    match u.dist {
        Dist::Fixed(0.0) => (0.0, 0.0, Basis::FixedZero),
        Dist::Fixed(v) => {
            let (a, b) = (v * (1.0 - FIXED_STEP), v * (1.0 + FIXED_STEP));
            let clamp = |x: f64| tidy(x.clamp(u.lo, u.hi));
            (clamp(a.min(b)), clamp(a.max(b)), Basis::PlusMinus20)
        }
        _ => {
            let mut rng = ChaCha8Rng::seed_from_u64(PERCENTILE_SEED);
            let mut draws: Vec<f64> = (0..PERCENTILE_DRAWS).map(|_| u.draw(&mut rng)).collect();
            draws.sort_by(f64::total_cmp);
            let at = |q: f64| draws[((draws.len() - 1) as f64 * q).round() as usize];
            // Four significant digits: the percentiles are estimates from the draws anyway.
            let round = |v: f64| format!("{v:.3e}").parse().unwrap_or(v);
            (
                round(at(LOW_PERCENTILE)),
                round(at(HIGH_PERCENTILE)),
                Basis::Percentiles,
            )
        }
    }
}

/// One number's swing.
#[derive(Debug, Clone, Serialize)]
pub struct Swing {
    /// The number's path.
    pub path: String,
    /// Its label.
    pub label: String,
    /// The number as the file gives it.
    pub given: String,
    /// Where low and high come from.
    pub basis: Basis,
    /// The low value.
    pub low: f64,
    /// The high value.
    pub high: f64,
    /// Outcome counts with the number at low.
    #[serde(skip)]
    pub at_low: Counts,
    /// Outcome counts with the number at high.
    #[serde(skip)]
    pub at_high: Counts,
    /// The number.
    #[serde(skip)]
    pub param: Param,
}

impl Swing {
    /// Change of `outcome`'s share from the number at low to the number at high.
    pub fn effect(&self, outcome: Outcome, runs: u64) -> f64 {
        let at = |c: &Counts| c[outcome.index()] as f64 / runs.max(1) as f64;
        at(&self.at_high) - at(&self.at_low)
    }
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// The scenario's name.
    pub scenario: String,
    /// Hex SHA-256 of the scenario file.
    pub file_hash: String,
    /// The seed of every setting.
    pub seed: u64,
    /// Runs per setting.
    pub runs: u64,
    /// The outcome the numbers are ranked by.
    pub outcome: Outcome,
    /// The scenario as written, same seed and runs.
    pub baseline: Counts,
    /// Ranked by the size of the effect on `outcome`, largest first (ties in scenario order).
    pub swings: Vec<Swing>,
}

impl Sensitivity {
    /// Share of `outcome` in the scenario as written.
    pub fn baseline_share(&self, outcome: Outcome) -> Share {
        Share::of(&self.baseline, self.runs, outcome)
    }
}

/// The numbers a sensitivity analysis varies, with their low and high.
pub fn plan(s: &Scenario) -> Vec<(Param, f64, f64, Basis)> {
    Param::uncertain_numbers(s)
        .into_iter()
        .filter_map(|p| {
            let (low, high, basis) = low_high(p.uncertain(s)?);
            Some((p, low, high, basis))
        })
        .collect()
}

/// Runs the analysis plays: the scenario as written, then low and high of each number not
/// fixed at 0.
pub fn simulations(s: &Scenario) -> u64 {
    1 + 2 * plan(s)
        .iter()
        .filter(|(.., b)| *b != Basis::FixedZero)
        .count() as u64
}

/// Run the analysis.
pub fn run(
    sim: &Simulation,
    outcome: Outcome,
    job: &Job,
    monitor: &dyn Monitor,
) -> Result<Sensitivity, Error> {
    let s = sim.scenario();
    let plan = plan(s);
    // Every point first (the scenario as written, then low and high of each number that is not
    // fixed at 0), played side by side where that helps; then the swings from their counts.
    let mut points: Vec<Vec<(Param, f64)>> = vec![Vec::new()];
    for &(param, low, high, basis) in &plan {
        if basis != Basis::FixedZero {
            points.push(vec![(param, low)]);
            points.push(vec![(param, high)]);
        }
    }
    let counts = outcome_counts_of(sim, &points, job, monitor)?;
    let baseline = counts[0];
    let mut next = counts[1..].iter().copied();
    let mut swings = Vec::new();
    for (param, low, high, basis) in plan {
        let (at_low, at_high) = if basis == Basis::FixedZero {
            // Pinned at 0 is the scenario as written: with common random numbers, the very
            // same runs.
            (baseline, baseline)
        } else {
            match (next.next(), next.next()) {
                (Some(l), Some(h)) => (l, h),
                _ => unreachable!("two points per number varied"),
            }
        };
        swings.push(Swing {
            path: param.path(s),
            label: param.label(s),
            given: param.describe(s),
            basis,
            low,
            high,
            at_low,
            at_high,
            param,
        });
    }
    // Stable sort: equal effects keep scenario order, so the ranking is deterministic.
    swings.sort_by(|a, b| {
        let e = |w: &Swing| w.effect(outcome, job.runs).abs();
        e(b).total_cmp(&e(a))
    });
    Ok(Sensitivity {
        scenario: s.name.clone(),
        file_hash: s.file_hash.clone(),
        seed: job.seed,
        runs: job.runs,
        outcome,
        baseline,
        swings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Uncertain;

    #[test]
    fn low_and_high_of_distributions_and_fixed_numbers() {
        let fixed = Uncertain::fixed(0.5, 0.0, 1.0);
        assert_eq!(low_high(&fixed), (0.4, 0.6, Basis::PlusMinus20));
        let near_top = Uncertain::fixed(0.9, 0.0, 1.0);
        assert_eq!(low_high(&near_top), (0.72, 1.0, Basis::PlusMinus20));
        let negative = Uncertain::fixed(-0.5, -1.0, 1.0);
        assert_eq!(low_high(&negative), (-0.6, -0.4, Basis::PlusMinus20));
        assert_eq!(
            low_high(&Uncertain::fixed(0.0, 0.0, 1.0)),
            (0.0, 0.0, Basis::FixedZero)
        );
        let uniform = Uncertain {
            dist: Dist::Uniform { min: 0.0, max: 1.0 },
            lo: 0.0,
            hi: 1.0,
        };
        let (lo, hi, basis) = low_high(&uniform);
        assert_eq!(basis, Basis::Percentiles);
        assert!(
            (lo - 0.1).abs() < 0.01 && (hi - 0.9).abs() < 0.01,
            "{lo} {hi}"
        );
    }
}
