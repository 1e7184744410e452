//! The Monte Carlo driver: many runs of one scenario, folded into one [`Aggregate`].
//!
//! Run `i` depends only on (scenario, seed, i) (the engine guarantees it). Run indices are cut
//! into fixed-size blocks; the blocks of a batch are played on all cores (rayon, behind the
//! default `parallel` feature) or one after the other, and folded into aggregates, which merge
//! exactly (integer counts), so the result depends neither on the number of threads nor on how
//! the work was split. Each block's records also go to a [`RunSink`], whose blocks are handed
//! back in block order, so a sink sees every run in run order. Memory stays flat: at most one
//! batch of blocks is in flight. A job whose sink keeps nothing and that does not stop on
//! precision plays all its blocks as one batch (no barrier between batches).
//!
//! This module is quiet (no printing) and knows nothing of files. Callers use
//! [`crate::Simulation`], which holds what a job needs besides the runs (the bargaining
//! analysis, computed once) and turns the aggregate into a summary.

use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::engine::{Analysis, Record, Runner};
use crate::model::Scenario;
use crate::stats::Aggregate;

/// Runs per block: big enough that per-block costs (a fresh aggregate, a merge) are small per
/// run, small enough that a cancel is seen quickly and the load balances over cores.
pub const BLOCK_RUNS: u64 = 4096;
/// Blocks per batch. `until_precise` decides whether to go on only after a whole batch, so its
/// stopping point depends on the results alone, never on the thread count.
pub const BATCH_BLOCKS: u64 = 32;
/// Most runs a job plays when nothing else caps it (`until_precise` without a maximum): the
/// scenario format's own limit on `runs`.
pub const MAX_RUNS: u64 = 100_000_000;

/// The K-th (1-based) of N equal contiguous slices of the run indices (`--shard K/N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1.
    pub k: u64,
    /// How many slices.
    pub n: u64,
}

/// A `K/N` that is not a shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--shard wants K/N with 1 <= K <= N (like 2/8), not `{0}`")]
pub struct ShardError(pub String);

impl std::str::FromStr for Shard {
    type Err = ShardError;

    /// Parse `K/N` with 1 <= K <= N.
    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// This shard's run indices out of `0..total`: `total*(K-1)/N .. total*K/N`, so the N
    /// slices are contiguous, cover every index once and differ in length by at most one.
    pub fn range(&self, total: u64) -> Range<u64> {
        let n = u128::from(self.n.max(1));
        let at = |k: u64| (u128::from(total) * u128::from(k.min(self.n)) / n) as u64;
        at(self.k.saturating_sub(1))..at(self.k)
    }
}

/// How a caller watches a job and stops it: progress bars, Ctrl-C, a web request's
/// cancellation, Python's `KeyboardInterrupt`.
pub trait Monitor: Sync {
    /// `runs` more runs are done. Called from worker threads, once per block.
    fn progress(&self, _runs: u64) {}
    /// Whether the caller wants the job stopped; checked before and after every block. A
    /// stopped job returns [`SimulationError::Cancelled`] and nothing else.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Watches nothing, never cancels.
impl Monitor for () {}

/// A [`Monitor`] made of a cancel flag (e.g. set by a Ctrl-C handler) and a progress callback.
pub struct Control<'a> {
    /// Set to stop; checked before and after every block.
    pub cancel: &'a AtomicBool,
    /// Called from worker threads with the number of runs of each finished block.
    pub progress: &'a (dyn Fn(u64) + Sync),
}

impl Monitor for Control<'_> {
    fn progress(&self, runs: u64) {
        (self.progress)(runs)
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Receives every run's record, in run order: `runs.csv` rows, or a columnar table for Python.
///
/// Records are turned into something cheap to keep ([`RunSink::record`]) on the worker threads,
/// one buffer per block, so nothing is shared while they run; the buffers are then handed to
/// [`RunSink::take`] on the caller's thread, in run order.
pub trait RunSink: Sync {
    /// One block's worth of runs, as the sink keeps them.
    type Block: Send;
    /// Whether the sink keeps anything. A sink that keeps nothing lets a job play all its
    /// blocks in one go (no memory to bound, no order to keep), without waiting at the end
    /// of every batch for the slowest worker, in blocks cut to the thread count. A sink
    /// that keeps records gets the plan's blocks, in batches, whatever the thread count.
    const KEEPS_RECORDS: bool = true;
    /// A fresh buffer for one block.
    fn block(&self) -> Self::Block;
    /// Keep one run (called in run order within a block).
    fn record(&self, block: &mut Self::Block, record: &Record);
    /// Take a finished block; blocks come in run order. An error stops the job
    /// ([`SimulationError::Sink`]).
    fn take(&mut self, block: Self::Block) -> io::Result<()>;
}

/// Keeps nothing: a job that wants the aggregate alone.
pub struct NoSink;

impl RunSink for NoSink {
    type Block = ();
    const KEEPS_RECORDS: bool = false;
    #[inline]
    fn block(&self) {}
    #[inline]
    fn record(&self, _: &mut (), _: &Record) {}
    #[inline]
    fn take(&mut self, _: ()) -> io::Result<()> {
        Ok(())
    }
}

/// Why a job did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// The monitor asked to stop; the partial results were dropped.
    #[error("cancelled")]
    Cancelled,
    /// The run sink failed (e.g. the disk is full).
    #[error(transparent)]
    Sink(io::Error),
    /// The worker threads could not be started.
    #[error("could not start worker threads: {0}")]
    Threads(String),
}

/// What the driver plays.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub seed: u64,
    /// Run indices to play. With `until_precise`, `runs.end` is the most that will be played.
    pub runs: Range<u64>,
    /// Worker threads; 0 means all cores.
    pub threads: usize,
    /// Runs per block; at least 1.
    pub block_size: u64,
    /// Stop after the first batch at which every outcome share's Wilson 95% half-width is at
    /// most this.
    pub until_precise: Option<f64>,
}

/// Play `plan`: every run goes to `sink` and into the aggregate that is returned. The parties
/// weigh the Nash text of `analysis` when there is one; deals are placed against it only when
/// `benchmark` is set.
pub(crate) fn simulate<S: RunSink>(
    scenario: &Scenario,
    analysis: Option<&Analysis>,
    benchmark: bool,
    plan: &Plan,
    monitor: &dyn Monitor,
    sink: &mut S,
) -> Result<Aggregate, SimulationError> {
    let workers = Workers::new(plan.threads)?;
    let block = fit_block(plan, workers.threads(), S::KEEPS_RECORDS);
    let job = Job {
        scenario,
        analysis,
        benchmark,
        seed: plan.seed,
        monitor,
    };
    // Batches bound the records a sink holds and give `until_precise` its stopping points.
    // Without either, one batch holds every block: workers never wait for each other
    // before the very end.
    let batch_blocks = if S::KEEPS_RECORDS || plan.until_precise.is_some() {
        BATCH_BLOCKS
    } else {
        u64::MAX
    };
    let mut total = Aggregate::new(scenario);
    let mut next = plan.runs.start;
    while next < plan.runs.end {
        if monitor.cancelled() {
            return Err(SimulationError::Cancelled);
        }
        let batch_end = next
            .saturating_add(block.saturating_mul(batch_blocks))
            .min(plan.runs.end);
        let blocks = Blocks {
            start: next,
            end: batch_end,
            size: block,
        };
        // Only the blocks run on the workers; the sink takes them on the caller's thread.
        let (agg, mut kept) = workers.fold_blocks(&job, &*sink, blocks);
        if monitor.cancelled() {
            return Err(SimulationError::Cancelled);
        }
        kept.sort_unstable_by_key(|(k, _)| *k);
        for (_, b) in kept {
            sink.take(b).map_err(SimulationError::Sink)?;
        }
        merge_same_shape(&mut total, &agg);
        next = batch_end;
        if let Some(target) = plan.until_precise
            && total.widest_half_width() <= target
        {
            break;
        }
    }
    Ok(total)
}

/// Runs per block: the plan's, made smaller for a job too short to give every worker
/// [`MIN_BLOCKS_PER_THREAD`] blocks (a sweep point on many cores), down to [`MIN_BLOCK_RUNS`].
/// The aggregate never depends on it (integer counts), but two things do: the stopping point
/// of `until_precise`, which moves by whole batches, and a sink's blocks (a sink may fold
/// floating-point sums block by block, as calibration's does). Jobs with either keep the
/// plan's block size whatever the thread count.
fn fit_block(plan: &Plan, threads: usize, keeps_records: bool) -> u64 {
    let block = plan.block_size.max(1);
    if keeps_records || plan.until_precise.is_some() {
        return block;
    }
    let runs = plan.runs.end.saturating_sub(plan.runs.start);
    let wanted = (threads.max(1) as u64).saturating_mul(MIN_BLOCKS_PER_THREAD);
    block.min(runs.div_ceil(wanted).max(MIN_BLOCK_RUNS))
}

/// Blocks each worker should get at least, so the last blocks balance the load.
const MIN_BLOCKS_PER_THREAD: u64 = 8;
/// The smallest block [`fit_block`] makes.
const MIN_BLOCK_RUNS: u64 = 256;

/// The blocks of one batch: runs `start..end` cut into blocks of `size` runs (the last may be
/// shorter), numbered from 0.
#[derive(Debug, Clone, Copy)]
struct Blocks {
    start: u64,
    end: u64,
    size: u64,
}

impl Blocks {
    /// How many blocks.
    fn len(&self) -> usize {
        usize::try_from((self.end - self.start).div_ceil(self.size)).unwrap_or(usize::MAX)
    }

    /// The run indices of block `k`.
    fn get(&self, k: usize) -> Range<u64> {
        let first = self
            .start
            .saturating_add((k as u64).saturating_mul(self.size))
            .min(self.end);
        first..first.saturating_add(self.size).min(self.end)
    }
}

/// What every block of a job shares.
struct Job<'a> {
    scenario: &'a Scenario,
    analysis: Option<&'a Analysis>,
    /// Place deals against the analysis (distance to the Nash point, efficiency).
    benchmark: bool,
    seed: u64,
    monitor: &'a dyn Monitor,
}

impl<'a> Job<'a> {
    /// A runner for this job's runs.
    fn runner(&self) -> Runner<'a> {
        let runner = Runner::new(self.scenario, self.analysis);
        if self.benchmark {
            runner
        } else {
            runner.without_benchmark()
        }
    }

    /// Play the runs of one block into `agg`, and into a fresh sink block tagged `k`.
    fn play_block<S: RunSink>(
        &self,
        sink: &S,
        runner: &mut Runner<'_>,
        agg: &mut Aggregate,
        kept: &mut Vec<(usize, S::Block)>,
        k: usize,
        range: &Range<u64>,
    ) {
        if self.monitor.cancelled() {
            return;
        }
        let mut b = sink.block();
        for i in range.clone() {
            let record = runner.run(self.seed, i);
            agg.add(self.scenario, record);
            sink.record(&mut b, record);
        }
        kept.push((k, b));
        self.monitor.progress(range.end - range.start);
    }
}

/// The threads that play the blocks: a rayon pool, or (without the `parallel` feature) the
/// caller's thread alone.
struct Workers {
    /// `None` for one thread: the caller's own (no pool to start and stop, which matters to
    /// sweeps and sensitivity analyses that play thousands of small points side by side).
    #[cfg(feature = "parallel")]
    pool: Option<rayon::ThreadPool>,
}

impl Workers {
    #[cfg(feature = "parallel")]
    fn new(threads: usize) -> Result<Workers, SimulationError> {
        if threads == 1 {
            return Ok(Workers { pool: None });
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("truce-worker-{i}"))
            .build()
            .map_err(|e| SimulationError::Threads(e.to_string()))?;
        Ok(Workers { pool: Some(pool) })
    }

    #[cfg(not(feature = "parallel"))]
    fn new(_threads: usize) -> Result<Workers, SimulationError> {
        Ok(Workers {})
    }

    /// How many threads play blocks.
    #[cfg(feature = "parallel")]
    fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, |p| p.current_num_threads())
    }

    /// How many threads play blocks.
    #[cfg(not(feature = "parallel"))]
    fn threads(&self) -> usize {
        1
    }

    /// Play `blocks` on all workers; the aggregate of all of them and each block's sink buffer
    /// tagged with its position (rayon may finish them in any order).
    #[cfg(feature = "parallel")]
    fn fold_blocks<S: RunSink>(
        &self,
        job: &Job<'_>,
        sink: &S,
        blocks: Blocks,
    ) -> (Aggregate, Vec<(usize, S::Block)>) {
        let scenario = job.scenario;
        let Some(pool) = &self.pool else {
            return fold_in_order(job, sink, blocks);
        };
        pool.install(|| {
            (0..blocks.len())
                .into_par_iter()
                .map(|k| (k, blocks.get(k)))
                .fold(
                    || (job.runner(), Aggregate::new(scenario), Vec::new()),
                    |(mut runner, mut agg, mut kept), (k, range)| {
                        job.play_block(sink, &mut runner, &mut agg, &mut kept, k, &range);
                        (runner, agg, kept)
                    },
                )
                .map(|(_, agg, kept)| (agg, kept))
                .reduce(
                    || (Aggregate::new(scenario), Vec::new()),
                    |(mut a, mut ka), (b, kb)| {
                        merge_same_shape(&mut a, &b);
                        ka.extend(kb);
                        (a, ka)
                    },
                )
        })
    }

    /// Play `blocks` one after the other on the caller's thread.
    #[cfg(not(feature = "parallel"))]
    fn fold_blocks<S: RunSink>(
        &self,
        job: &Job<'_>,
        sink: &S,
        blocks: Blocks,
    ) -> (Aggregate, Vec<(usize, S::Block)>) {
        fold_in_order(job, sink, blocks)
    }
}

/// Play `blocks` one after the other on the caller's thread.
fn fold_in_order<S: RunSink>(
    job: &Job<'_>,
    sink: &S,
    blocks: Blocks,
) -> (Aggregate, Vec<(usize, S::Block)>) {
    let mut runner = job.runner();
    let mut agg = Aggregate::new(job.scenario);
    let mut kept = Vec::new();
    for k in 0..blocks.len() {
        job.play_block(sink, &mut runner, &mut agg, &mut kept, k, &blocks.get(k));
    }
    (agg, kept)
}

/// Merge two aggregates of the same scenario (shapes always match here, by construction).
fn merge_same_shape(into: &mut Aggregate, other: &Aggregate) {
    let merged = into.merge(other);
    debug_assert!(merged.is_ok(), "aggregates of one scenario have one shape");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_shrink_only_for_short_jobs_without_a_sink_or_until_precise() {
        let plan = |runs: u64, until_precise: Option<f64>| Plan {
            seed: 1,
            runs: 0..runs,
            threads: 0,
            block_size: BLOCK_RUNS,
            until_precise,
        };
        assert_eq!(fit_block(&plan(10_000_000, None), 16, false), BLOCK_RUNS);
        assert_eq!(fit_block(&plan(100_000, None), 2, false), BLOCK_RUNS);
        assert_eq!(fit_block(&plan(100_000, None), 16, false), 782);
        assert_eq!(fit_block(&plan(1_000, None), 16, false), MIN_BLOCK_RUNS);
        assert_eq!(fit_block(&plan(100_000, Some(0.01)), 16, false), BLOCK_RUNS);
        // A sink sees the blocks: it keeps the plan's.
        assert_eq!(fit_block(&plan(100_000, None), 16, true), BLOCK_RUNS);
    }

    #[test]
    fn blocks_tile_a_batch_in_order() {
        for (start, end, size) in [
            (0u64, 10u64, 3u64),
            (5, 5, 4),
            (7, 8, 4096),
            (0, 8192, 4096),
        ] {
            let blocks = Blocks { start, end, size };
            let mut next = start;
            for k in 0..blocks.len() {
                let r = blocks.get(k);
                assert_eq!(r.start, next);
                assert!(r.end > r.start && r.end - r.start <= size);
                next = r.end;
            }
            assert_eq!(next, end);
        }
        // One batch of every block of the largest job: no overflow.
        let all = Blocks {
            start: 0,
            end: u64::MAX,
            size: 1,
        };
        let last = all.get(usize::MAX);
        assert!(last.start <= last.end);
    }

    #[test]
    fn shards_parse_and_tile_the_runs() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "x", "1/0", "", "1/", "/2", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        for total in [0u64, 1, 2, 10, 1001, u64::MAX] {
            for n in [1u64, 2, 3, 7] {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard { k, n }.range(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }
}
