//! The one entry point every caller uses: a scenario and the options of a job in, the
//! aggregate, the summary and the bargaining analysis out.
//!
//! `truce run`, `truce play`'s comparison runs, sweeps, sensitivity analyses, the tests, the
//! benches, and later the web server and the Python package all go through [`Simulation`]
//! instead of assembling "load, analyse, simulate, summarise" themselves. The bargaining
//! analysis is computed once per scenario, the first time something needs it, and shared by
//! every job and every single run ([`Simulation::runner`]) of that scenario.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::engine::{Analysis, Runner};
use crate::model::Scenario;
use crate::montecarlo::{
    self, BLOCK_RUNS, MAX_RUNS, Monitor, NoSink, Plan, RunSink, Shard, SimulationError,
};
use crate::param::{Param, ParamError};
use crate::scenario::{self, LoadError};
use crate::stats::Aggregate;
use crate::summary::{ScenarioDigest, ShardInfo, Summary};

/// A scenario ready to be played: the validated scenario and its bargaining analysis.
///
/// ```
/// use truce_core::{Options, Simulation};
/// use truce_core::engine::Outcome;
///
/// let sim = Simulation::load("../../scenarios/kursk-ceasefire-2025.toml".as_ref())?;
/// let results = sim.run(&Options::runs(1000).seed(7))?;
/// assert_eq!(results.summary.runs, 1000);
/// let held = results.summary.outcome(Outcome::Held).expect("every outcome is listed");
/// println!("held: {:.1}% (95% interval {:.1}% to {:.1}%)",
///     100.0 * held.share, 100.0 * held.low, 100.0 * held.high);
/// assert!(held.low <= held.share && held.share <= held.high);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Simulation {
    scenario: Scenario,
    /// Computed on first use, then shared (`None` inside: the scenario has no two sides, or no
    /// text inside every red line).
    analysis: OnceLock<Option<Arc<Analysis>>>,
}

impl Clone for Simulation {
    fn clone(&self) -> Simulation {
        let analysis = OnceLock::new();
        if let Some(a) = self.analysis.get() {
            let _ = analysis.set(a.clone());
        }
        Simulation {
            scenario: self.scenario.clone(),
            analysis,
        }
    }
}

impl From<Scenario> for Simulation {
    fn from(scenario: Scenario) -> Simulation {
        Simulation::new(scenario)
    }
}

/// Which runs a job plays.
#[derive(Debug, Clone, PartialEq)]
pub enum Runs {
    /// Runs `0..n`; `None`: the scenario's `runs`.
    Count(Option<u64>),
    /// These run indices.
    Range(Range<u64>),
    /// The K-th of N equal slices of runs `0..total` (`None`: the scenario's `runs`), for job
    /// arrays on a cluster; the shards' aggregates merge into the whole job's.
    Shard {
        /// Which slice.
        shard: Shard,
        /// Runs of the whole job.
        total: Option<u64>,
    },
    /// Runs 0, 1, 2... in whole batches, until every outcome share's Wilson 95% half-width is
    /// at most `half_width`, or `max` runs (`None`: [`MAX_RUNS`]). The stopping point depends
    /// on the results alone, never on the thread count.
    UntilPrecise {
        /// The widest half-width to accept, in (0, 0.5].
        half_width: f64,
        /// The most runs to play.
        max: Option<u64>,
    },
}

/// How a job is played.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The seed; `None`: the scenario's `seed`.
    pub seed: Option<u64>,
    /// Which runs.
    pub runs: Runs,
    /// Worker threads; 0: all cores. (Without the `parallel` feature, one.)
    pub threads: usize,
    /// Place every deal against the bargaining benchmark (distance to the Nash point, Pareto
    /// efficiency, the utility-space cloud). Sweeps and sensitivity analyses, which read only
    /// outcome shares, turn it off: the outcomes do not depend on it (the parties weigh the
    /// Nash text either way; only the measuring is skipped).
    pub benchmark: bool,
    /// Runs per block of work ([`BLOCK_RUNS`]); the results do not depend on it.
    pub block_size: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: None,
            runs: Runs::Count(None),
            threads: 0,
            benchmark: true,
            block_size: BLOCK_RUNS,
        }
    }
}

impl Options {
    /// Runs `0..n`, everything else as default.
    pub fn runs(n: u64) -> Options {
        Options {
            runs: Runs::Count(Some(n)),
            ..Options::default()
        }
    }

    /// The same options with this seed.
    pub fn seed(self, seed: u64) -> Options {
        Options {
            seed: Some(seed),
            ..self
        }
    }

    /// The same options on this many worker threads (0: all cores).
    pub fn threads(self, threads: usize) -> Options {
        Options { threads, ..self }
    }
}

/// What a job leaves: the aggregate (exact integer counts, mergeable), its summary (what
/// `summary.json` holds) and the bargaining analysis the deals were placed against.
#[derive(Debug, Clone)]
pub struct Results {
    /// The seed played.
    pub seed: u64,
    /// The run indices asked for; with [`Runs::UntilPrecise`] the job may stop early:
    /// `aggregate.runs` says how many were played (from `runs.start`).
    pub runs: Range<u64>,
    /// The integer aggregate of the runs played.
    pub aggregate: Aggregate,
    /// The summary of the aggregate (with its shard, for a shard).
    pub summary: Summary,
    /// The bargaining analysis, when the job placed deals against one.
    pub analysis: Option<Arc<Analysis>>,
}

impl Simulation {
    /// A simulation of `scenario`.
    pub fn new(scenario: Scenario) -> Simulation {
        Simulation {
            scenario,
            analysis: OnceLock::new(),
        }
    }

    /// Load and validate a scenario file.
    pub fn load(path: &Path) -> Result<Simulation, LoadError> {
        scenario::load(path).map(Simulation::new)
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The bargaining analysis at the scenario's central values (computed on the first call,
    /// then kept); `None` when the scenario has no two sides or no text inside every red line.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.shared_analysis().map(|a| &**a)
    }

    fn shared_analysis(&self) -> Option<&Arc<Analysis>> {
        self.analysis
            .get_or_init(|| Analysis::compute(&self.scenario).map(Arc::new))
            .as_ref()
    }

    /// The facts about the scenario a summary needs besides the aggregate, with the analysis.
    pub fn digest(&self) -> ScenarioDigest {
        ScenarioDigest::new(&self.scenario, self.analysis())
    }

    /// A runner for single runs (narration, tabletop play, tests) that places deals against
    /// the same analysis as [`Simulation::run`]; run `i` of seed `S` is exactly run `i` of a
    /// job with seed `S`.
    pub fn runner(&self) -> Runner<'_> {
        Runner::new(&self.scenario, self.analysis())
    }

    /// The same scenario with each number of `pins` fixed at its value (a sweep point, a
    /// slider, Python's `with_values`). Pinning keeps every number's slot in the draws, so run
    /// `i` of the pinned scenario shares all its other random numbers with run `i` of this
    /// one (common random numbers). Its analysis is computed afresh, when needed.
    pub fn with_values(&self, pins: &[(Param, f64)]) -> Result<Simulation, ParamError> {
        let mut scenario = self.scenario.clone();
        for (param, value) in pins {
            param.pin(&mut scenario, *value)?;
        }
        Ok(Simulation::new(scenario))
    }

    /// Play a job and summarise it.
    pub fn run(&self, options: &Options) -> Result<Results, SimulationError> {
        self.run_with(options, &(), &mut NoSink)
    }

    /// Play a job, telling `monitor` how far it is (and letting it cancel) and handing every
    /// run's record to `sink` in run order, then summarise it.
    pub fn run_with<S: RunSink>(
        &self,
        options: &Options,
        monitor: &dyn Monitor,
        sink: &mut S,
    ) -> Result<Results, SimulationError> {
        let s = &self.scenario;
        let seed = options.seed.unwrap_or(s.seed);
        let (runs, until_precise, shard) = match &options.runs {
            Runs::Count(n) => (0..n.unwrap_or(s.runs), None, None),
            Runs::Range(r) => (r.clone(), None, None),
            Runs::Shard { shard, total } => {
                let total = total.unwrap_or(s.runs);
                let range = shard.range(total);
                let info = ShardInfo {
                    k: shard.k,
                    n: shard.n,
                    total_runs: total,
                    first_run: range.start,
                    end_run: range.end,
                };
                (range, None, Some(info))
            }
            Runs::UntilPrecise { half_width, max } => {
                (0..max.unwrap_or(MAX_RUNS), Some(*half_width), None)
            }
        };
        // The parties weigh the Nash text whether or not deals are measured against it
        // (docs/MODEL.md, section 8), so every job has the analysis; only the summary's
        // benchmark depends on the option.
        let shared = self.shared_analysis();
        let analysis = if options.benchmark {
            shared.cloned()
        } else {
            None
        };
        let plan = Plan {
            seed,
            runs: runs.clone(),
            threads: options.threads,
            block_size: options.block_size.max(1),
            until_precise,
        };
        let aggregate = montecarlo::simulate(
            s,
            shared.map(|a| &**a),
            options.benchmark,
            &plan,
            monitor,
            sink,
        )?;
        let digest = ScenarioDigest::new(s, analysis.as_deref());
        let mut summary = Summary::from_aggregate(&digest, seed, &aggregate);
        summary.shard = shard;
        Ok(Results {
            seed,
            runs,
            aggregate,
            summary,
            analysis,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

    use super::*;
    use crate::engine::Record;
    use crate::montecarlo::{BATCH_BLOCKS, Control};
    use crate::testing::scenario;

    /// Keeps the run index of every record, to check the order.
    struct Indices(Vec<u64>);

    impl RunSink for Indices {
        type Block = Vec<u64>;
        fn block(&self) -> Vec<u64> {
            Vec::new()
        }
        fn record(&self, b: &mut Vec<u64>, r: &Record) {
            b.push(r.run);
        }
        fn take(&mut self, b: Vec<u64>) -> io::Result<()> {
            self.0.extend(b);
            Ok(())
        }
    }

    #[test]
    fn runs_reach_the_sink_in_run_order_whatever_the_threads() {
        let sim = Simulation::new(scenario());
        let mut outs = Vec::new();
        for threads in [1, 2, 3] {
            let options = Options {
                runs: Runs::Range(10..1000),
                block_size: 7,
                ..Options::default().seed(5).threads(threads)
            };
            let mut sink = Indices(Vec::new());
            let results = sim.run_with(&options, &(), &mut sink).unwrap();
            assert_eq!(results.aggregate.runs, 990);
            assert_eq!(sink.0, (10..1000).collect::<Vec<u64>>());
            outs.push(results);
        }
        for r in &outs {
            assert_eq!(r.aggregate, outs[0].aggregate);
            assert_eq!(r.summary, outs[0].summary);
        }
    }

    #[test]
    fn cancel_stops_and_returns_nothing() {
        let sim = Simulation::new(scenario());
        let cancel = AtomicBool::new(false);
        let seen = AtomicU64::new(0);
        let progress = |n: u64| {
            if seen.fetch_add(n, Ordering::Relaxed) + n >= 100 {
                cancel.store(true, Ordering::Relaxed);
            }
        };
        let control = Control {
            cancel: &cancel,
            progress: &progress,
        };
        let options = Options {
            block_size: 10,
            ..Options::runs(10_000_000).seed(1).threads(2)
        };
        let result = sim.run_with(&options, &control, &mut NoSink);
        assert!(matches!(result, Err(SimulationError::Cancelled)));
        assert!(seen.load(Ordering::Relaxed) < 10_000);
    }

    #[test]
    fn until_precise_stops_on_a_batch_boundary() {
        let sim = Simulation::new(scenario());
        let options = Options {
            runs: Runs::UntilPrecise {
                half_width: 0.03,
                max: Some(1_000_000),
            },
            block_size: 100,
            ..Options::default().seed(1).threads(2)
        };
        let results = sim.run(&options).unwrap();
        let played = results.aggregate.runs;
        assert!(results.aggregate.widest_half_width() <= 0.03);
        assert_eq!(played % (100 * BATCH_BLOCKS), 0);
        assert!(played < 1_000_000, "{played}");
        // It stopped at the first batch that was precise enough.
        let before = Options {
            runs: Runs::Count(Some(played - 100 * BATCH_BLOCKS)),
            ..options.clone()
        };
        assert!(sim.run(&before).unwrap().aggregate.widest_half_width() > 0.03);
    }

    #[test]
    fn sink_errors_stop_the_job() {
        struct Full;
        impl RunSink for Full {
            type Block = ();
            fn block(&self) {}
            fn record(&self, _: &mut (), _: &Record) {}
            fn take(&mut self, _: ()) -> io::Result<()> {
                Err(io::Error::other("disk full"))
            }
        }
        let sim = Simulation::new(scenario());
        let r = sim.run_with(&Options::runs(100).threads(1), &(), &mut Full);
        assert!(matches!(r, Err(SimulationError::Sink(_))));
    }

    #[test]
    fn shards_add_up_to_the_whole_job() {
        let sim = Simulation::new(scenario());
        let whole = sim.run(&Options::runs(2000).seed(3)).unwrap();
        let mut merged = Aggregate::new(sim.scenario());
        for k in 1..=3 {
            let options = Options {
                runs: Runs::Shard {
                    shard: Shard { k, n: 3 },
                    total: Some(2000),
                },
                ..Options::default().seed(3)
            };
            let part = sim.run(&options).unwrap();
            let info = part.summary.shard.as_ref().expect("a shard says which");
            assert_eq!((info.k, info.n, info.total_runs), (k, 3, 2000));
            merged.merge(&part.aggregate).unwrap();
        }
        assert_eq!(merged, whole.aggregate);
        assert!(whole.summary.shard.is_none());
    }

    /// The analysis is computed once and shared: by every job, and by single runs.
    #[test]
    fn the_analysis_is_computed_once_and_shared() {
        let sim = Simulation::new(scenario());
        let a = sim.analysis().map(|a| a as *const Analysis);
        assert!(
            a.is_some(),
            "the test scenario has two sides and an open zone"
        );
        let results = sim.run(&Options::runs(10)).unwrap();
        let b = results.analysis.as_deref().map(|a| a as *const Analysis);
        assert_eq!(a, b);
        assert_eq!(sim.runner().analysis().map(|a| a as *const Analysis), a);
        let quick = Options {
            benchmark: false,
            ..Options::runs(10)
        };
        let results = sim.run(&quick).unwrap();
        assert!(results.analysis.is_none() && results.summary.analysis.is_none());
        assert_eq!(results.aggregate.nash_measured, 0);
    }

    #[test]
    fn pinned_values_keep_the_common_random_numbers() {
        let sim = Simulation::new(scenario());
        let trust = Param::parse(sim.scenario(), "parties.north.trust").unwrap();
        let pinned = sim.with_values(&[(trust, 0.9)]).unwrap();
        assert_eq!(pinned.scenario().parties[0].trust.central(), 0.9);
        assert!(sim.with_values(&[(trust, 2.0)]).is_err());
    }
}
