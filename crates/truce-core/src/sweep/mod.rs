//! `truce sweep`: the scenario at every point of a grid of one or two pinned numbers.
//!
//! A sweep answers "what if Russia had less leverage?": each point is the whole Monte Carlo
//! job with one number (or two) fixed at the point's value instead of drawn. Every point plays
//! the same seed and the same run indices (common random numbers), and pinning keeps every other
//! draw of run `i` unchanged (see [`crate::param`]), so the difference between two points is the effect
//! of the number and not a fresh roll of the dice.
//!
//! Parts: [`crate::param`] names the numbers, [`set`] parses `--set`, this file runs the grid;
//! `truce-report` turns the results into `sweep.csv`, `sweep.json` and charts.

pub mod set;

use serde::Serialize;

use crate::engine::Outcome;
use crate::error::Error;
use crate::montecarlo::{BLOCK_RUNS, Monitor, NoSink};
use crate::param::Param;
use crate::simulation::{Options, Runs, Simulation};
use crate::stats::wilson::{Z95, wilson};
use set::SetSpec;

/// Most runs per point when `--runs` is not given: the scenario's `runs`, capped so that a
/// default 11-point sweep stays quick. 10,000 runs put a share within about +/- 1 point.
pub const DEFAULT_RUNS_CAP: u64 = 10_000;

/// Seed, runs and threads of every point.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    /// The seed of every point.
    pub seed: u64,
    /// Runs per point.
    pub runs: u64,
    /// 0: all cores.
    pub threads: usize,
}

/// Runs of one pinned scenario per outcome, in `Outcome::ALL` order.
pub type Counts = [u64; 5];

/// Play the scenario of `sim` with each `(param, value)` pinned: runs `0..job.runs` of
/// `job.seed`. Only the outcomes are counted, so deals are not measured against the bargaining
/// benchmark (it changes no outcome); the pinned scenario still computes its own analysis,
/// because the parties weigh its Nash text when they answer (docs/MODEL.md, section 8).
pub fn outcome_counts(
    sim: &Simulation,
    pins: &[(Param, f64)],
    job: &Job,
    monitor: &dyn Monitor,
) -> Result<Counts, Error> {
    let pinned = sim.with_values(pins)?;
    let options = Options {
        seed: Some(job.seed),
        runs: Runs::Count(Some(job.runs)),
        threads: job.threads,
        benchmark: false,
        // Small blocks keep both cores busy on a point of a few thousand runs; the aggregate
        // is the same whatever the block size (integer counts merge exactly).
        block_size: (job.runs / 16).clamp(256, BLOCK_RUNS),
    };
    let results = pinned.run_with(&options, monitor, &mut NoSink)?;
    Ok(results.aggregate.outcomes)
}

/// Runs per point up to which [`outcome_counts_of`] plays points side by side: such a point is
/// one or a few blocks, and its bargaining analysis is computed on one thread, so one point at a
/// time leaves the other cores idle. Larger points share the cores within themselves.
pub const SIDE_BY_SIDE_RUNS: u64 = 4 * BLOCK_RUNS;

/// Stack of the threads that play points side by side (see [`outcome_counts_of`]).
#[cfg(feature = "parallel")]
const ANALYSIS_STACK: usize = 32 << 20;

/// [`outcome_counts`] of every point of `points`, in order. With the `parallel` feature, more
/// than one thread and points of at most [`SIDE_BY_SIDE_RUNS`] runs, the points are played side
/// by side, each on one thread: the counts are the same either way (each point's runs and
/// their integer counts do not depend on the threads).
pub fn outcome_counts_of(
    sim: &Simulation,
    points: &[Vec<(Param, f64)>],
    job: &Job,
    monitor: &dyn Monitor,
) -> Result<Vec<Counts>, Error> {
    #[cfg(feature = "parallel")]
    if job.threads != 1 && job.runs <= SIDE_BY_SIDE_RUNS && points.len() > 1 {
        use rayon::prelude::*;
        // A point's bargaining analysis runs on these threads, not the caller's: give them
        // the stack a program's main thread has, and more (a 64-party analysis overflows
        // rayon's default 2 MiB).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(job.threads)
            .stack_size(ANALYSIS_STACK)
            .build()
            .map_err(|e| Error::Simulation(crate::SimulationError::Threads(e.to_string())))?;
        let one = Job { threads: 1, ..*job };
        return pool.install(|| {
            points
                .par_iter()
                .map(|pins| outcome_counts(sim, pins, &one, monitor))
                .collect()
        });
    }
    points
        .iter()
        .map(|pins| outcome_counts(sim, pins, job, monitor))
        .collect()
}

/// One outcome's share of a point with its Wilson 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    /// Runs with the outcome.
    pub count: u64,
    /// Their share.
    pub share: f64,
    /// Lower end of the Wilson 95% interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Share {
    /// The share of `outcome` among `runs` runs counted in `counts`.
    pub fn of(counts: &Counts, runs: u64, outcome: Outcome) -> Share {
        let count = counts[outcome.index()];
        let (low, high) = wilson(count, runs, Z95);
        Share {
            count,
            share: if runs == 0 {
                0.0
            } else {
                count as f64 / runs as f64
            },
            low,
            high,
        }
    }
}

/// One swept number.
#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    /// Its path (as typed).
    pub path: String,
    /// Human label for charts.
    pub label: String,
    /// The number as the scenario file gives it (what the sweep replaces).
    pub baseline: String,
    /// Its central value as written (the mean of a distribution): where the charts mark "as
    /// written".
    pub central: f64,
    /// The values it takes.
    pub values: Vec<f64>,
    /// The number.
    #[serde(skip)]
    pub param: Param,
}

/// One point of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// One value per axis.
    pub values: Vec<f64>,
    /// Runs played.
    pub runs: u64,
    /// Runs per outcome.
    pub counts: Counts,
}

impl Point {
    /// The share of `outcome` at this point.
    pub fn share(&self, outcome: Outcome) -> Share {
        Share::of(&self.counts, self.runs, outcome)
    }
}

/// The results of a sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The scenario's name.
    pub scenario: String,
    /// Hex SHA-256 of the scenario file.
    pub file_hash: String,
    /// The seed of every point.
    pub seed: u64,
    /// Runs per point.
    pub runs_per_point: u64,
    /// The swept numbers (one or two).
    pub axes: Vec<Axis>,
    /// Row-major: the last axis varies fastest.
    pub points: Vec<Point>,
}

/// The grid of `specs` (one or two), the last varying fastest.
pub fn grid(specs: &[SetSpec]) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    for spec in specs {
        let values = spec.values();
        points = points
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |&v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                })
            })
            .collect();
    }
    points
}

/// Run every point of the grid of `specs`.
pub fn run(
    sim: &Simulation,
    specs: &[SetSpec],
    job: &Job,
    monitor: &dyn Monitor,
) -> Result<Sweep, Error> {
    let scenario = sim.scenario();
    let axes: Vec<Axis> = specs
        .iter()
        .map(|spec| Axis {
            path: spec.path.clone(),
            label: spec.param.label(scenario),
            baseline: spec.param.describe(scenario),
            central: spec.param.central(scenario),
            values: spec.values(),
            param: spec.param,
        })
        .collect();
    let grid = grid(specs);
    let pins: Vec<Vec<(Param, f64)>> = grid
        .iter()
        .map(|values| specs.iter().map(|s| s.param).zip(values.clone()).collect())
        .collect();
    let counts = outcome_counts_of(sim, &pins, job, monitor)?;
    let points = grid
        .into_iter()
        .zip(counts)
        .map(|(values, counts)| Point {
            values,
            runs: job.runs,
            counts,
        })
        .collect();
    Ok(Sweep {
        scenario: scenario.name.clone(),
        file_hash: scenario.file_hash.clone(),
        seed: job.seed,
        runs_per_point: job.runs,
        axes,
        points,
    })
}

/// `v` rounded to 12 significant digits, so `0.1 + 0.2` prints as `0.3` in files and tables.
pub fn tidy(v: f64) -> f64 {
    format!("{v:.11e}").parse().unwrap_or(v)
}
