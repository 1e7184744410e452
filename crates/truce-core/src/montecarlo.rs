//! Many runs of one scenario, in parallel, folded into one [`Aggregate`].
//!
//! Run `i` depends only on (scenario, seed, i) (the engine guarantees it). Run indices are cut
//! into fixed-size blocks; rayon folds blocks into aggregates, which merge exactly (integer
//! counts), so the result does not depend on the number of threads or on how rayon splits the
//! work. Per-run rows (`runs.csv`) are produced per block and handed to the sink in block order,
//! so they are in run order too. Memory stays flat: at most one batch of blocks is in flight.
//!
//! This module is quiet (no printing) and knows nothing of files: `truce run`, `truce sweep`
//! and the benches all call [`simulate`].

use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::engine::Analysis;
use crate::engine::{Record, Runner};
use crate::model::Scenario;
use crate::stats::Aggregate;

/// Runs per block: big enough that per-block costs (a fresh aggregate, a merge) are small per
/// run, small enough that a cancel is seen quickly and the load balances over cores.
pub const BLOCK_RUNS: u64 = 4096;
/// Blocks per batch. `--until-precise` decides whether to go on only after a whole batch, so
/// its stopping point depends on the results alone, never on the thread count.
pub const BATCH_BLOCKS: u64 = 32;

/// The K-th (1-based) of N equal contiguous slices of the run indices (`--shard K/N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// Parse `K/N` with 1 <= K <= N.
    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("--shard wants K/N with 1 <= K <= N (like 2/8), not `{text}`");
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

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub seed: u64,
    /// Run indices to play. With `until_precise`, `runs.end` is the most that will be played.
    pub runs: Range<u64>,
    /// Worker threads; 0 means all cores.
    pub threads: usize,
    /// Runs per block ([`BLOCK_RUNS`] unless a test wants otherwise); at least 1.
    pub block_size: u64,
    /// Stop after the first batch at which every outcome share's Wilson 95% half-width is at
    /// most this.
    pub until_precise: Option<f64>,
}

impl Plan {
    pub fn new(seed: u64, runs: Range<u64>, threads: usize) -> Plan {
        Plan {
            seed,
            runs,
            threads,
            block_size: BLOCK_RUNS,
            until_precise: None,
        }
    }
}

/// How the caller watches and stops a simulation.
pub struct Control<'a> {
    /// Set (e.g. by a Ctrl-C handler) to stop; checked before every block.
    pub cancel: &'a AtomicBool,
    /// Called from worker threads with the number of runs of each finished block.
    pub progress: &'a (dyn Fn(u64) + Sync),
}

/// Why a simulation did not finish.
#[derive(Debug)]
pub enum Stop {
    /// The cancel flag was set; the partial results were dropped.
    Cancelled,
    /// The row sink failed (e.g. the disk is full).
    Io(io::Error),
    /// The worker threads could not be started.
    Threads(String),
    /// A number could not be pinned at the value asked for.
    Param(crate::param::ParamError),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Cancelled => write!(f, "cancelled"),
            Stop::Io(e) => write!(f, "{e}"),
            Stop::Threads(e) => write!(f, "could not start worker threads: {e}"),
            Stop::Param(e) => write!(f, "{e}"),
        }
    }
}

/// Turns records into per-run rows, one buffer per block (so rows allocate nothing shared and
/// blocks can be formatted in parallel).
pub trait RowFormat: Sync {
    type Block: Send;
    /// A fresh buffer for one block.
    fn block(&self) -> Self::Block;
    /// Append the row of one run.
    fn row(&self, block: &mut Self::Block, record: &Record);
    /// The block's bytes.
    fn finish(&self, block: Self::Block) -> Vec<u8>;
}

/// No rows at all: what [`simulate`] uses.
pub struct NoRows;

impl RowFormat for NoRows {
    type Block = ();
    fn block(&self) {}
    fn row(&self, _: &mut (), _: &Record) {}
    fn finish(&self, _: ()) -> Vec<u8> {
        Vec::new()
    }
}

/// Simulate `plan` and return the aggregate of its runs.
pub fn simulate(scenario: &Scenario, plan: &Plan, control: &Control) -> Result<Aggregate, Stop> {
    simulate_with_rows(scenario, plan, control, &NoRows, &mut |_| Ok(()))
}

/// Simulate `plan`; also format a row per run with `format` and hand each block's rows to
/// `sink`, in run order.
pub fn simulate_with_rows<F: RowFormat>(
    scenario: &Scenario,
    plan: &Plan,
    control: &Control,
    format: &F,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> Result<Aggregate, Stop> {
    let pool = Workers::new(plan.threads)?;
    let block = plan.block_size.max(1);
    // The bargaining benchmark is the same for every run: computed once per job.
    let analysis = Analysis::compute(scenario);
    let mut total = Aggregate::new(scenario);
    let mut next = plan.runs.start;
    while next < plan.runs.end {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        let batch_end = next
            .saturating_add(block.saturating_mul(BATCH_BLOCKS))
            .min(plan.runs.end);
        let blocks: Vec<Range<u64>> = (next..batch_end)
            .step_by(usize::try_from(block).unwrap_or(usize::MAX))
            .map(|b| b..b.saturating_add(block).min(batch_end))
            .collect();
        // Only the fold runs on the pool; the sink stays on the caller's thread.
        let (agg, mut rows) = pool.fold_blocks(scenario, &analysis, plan, control, format, &blocks);
        if control.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        rows.sort_unstable_by_key(|(k, _)| *k);
        for (_, bytes) in &rows {
            sink(bytes).map_err(Stop::Io)?;
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

/// The threads that play the blocks: a rayon pool, or (without the `parallel` feature) the
/// caller's thread alone.
struct Workers {
    #[cfg(feature = "parallel")]
    pool: rayon::ThreadPool,
}

impl Workers {
    #[cfg(feature = "parallel")]
    fn new(threads: usize) -> Result<Workers, Stop> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("truce-worker-{i}"))
            .build()
            .map_err(|e| Stop::Threads(e.to_string()))?;
        Ok(Workers { pool })
    }

    #[cfg(not(feature = "parallel"))]
    fn new(_threads: usize) -> Result<Workers, Stop> {
        Ok(Workers {})
    }

    /// Play `blocks`; the aggregate of all of them and each block's rows tagged with its
    /// position (rayon may finish them in any order).
    #[cfg(feature = "parallel")]
    fn fold_blocks<F: RowFormat>(
        &self,
        scenario: &Scenario,
        analysis: &Option<Analysis>,
        plan: &Plan,
        control: &Control,
        format: &F,
        blocks: &[Range<u64>],
    ) -> (Aggregate, Vec<(usize, Vec<u8>)>) {
        self.pool.install(|| {
            blocks
                .par_iter()
                .enumerate()
                .fold(
                    || {
                        (
                            Runner::new(scenario, analysis.as_ref()),
                            Aggregate::new(scenario),
                            Vec::new(),
                        )
                    },
                    |(mut runner, mut agg, mut rows), (k, range)| {
                        play_block(
                            scenario,
                            plan,
                            control,
                            format,
                            &mut runner,
                            &mut agg,
                            &mut rows,
                            k,
                            range,
                        );
                        (runner, agg, rows)
                    },
                )
                .map(|(_, agg, rows)| (agg, rows))
                .reduce(
                    || (Aggregate::new(scenario), Vec::new()),
                    |(mut a, mut ra), (b, rb)| {
                        merge_same_shape(&mut a, &b);
                        ra.extend(rb);
                        (a, ra)
                    },
                )
        })
    }

    /// Play `blocks` one after the other on the caller's thread.
    #[cfg(not(feature = "parallel"))]
    fn fold_blocks<F: RowFormat>(
        &self,
        scenario: &Scenario,
        analysis: &Option<Analysis>,
        plan: &Plan,
        control: &Control,
        format: &F,
        blocks: &[Range<u64>],
    ) -> (Aggregate, Vec<(usize, Vec<u8>)>) {
        let mut runner = Runner::new(scenario, analysis.as_ref());
        let mut agg = Aggregate::new(scenario);
        let mut rows = Vec::new();
        for (k, range) in blocks.iter().enumerate() {
            play_block(
                scenario,
                plan,
                control,
                format,
                &mut runner,
                &mut agg,
                &mut rows,
                k,
                range,
            );
        }
        (agg, rows)
    }
}

/// Play the runs of one block into `agg`, its rows into `rows` (tagged `k`).
#[allow(clippy::too_many_arguments)]
fn play_block<F: RowFormat>(
    scenario: &Scenario,
    plan: &Plan,
    control: &Control,
    format: &F,
    runner: &mut Runner<'_>,
    agg: &mut Aggregate,
    rows: &mut Vec<(usize, Vec<u8>)>,
    k: usize,
    range: &Range<u64>,
) {
    if control.cancel.load(Ordering::Relaxed) {
        return;
    }
    let mut buf = format.block();
    for i in range.clone() {
        let record = runner.run(plan.seed, i);
        agg.add(scenario, record);
        format.row(&mut buf, record);
    }
    rows.push((k, format.finish(buf)));
    (control.progress)(range.end - range.start);
}

/// Merge two aggregates of the same scenario (shapes always match here, by construction).
fn merge_same_shape(into: &mut Aggregate, other: &Aggregate) {
    let merged = into.merge(other);
    debug_assert!(merged.is_ok(), "aggregates of one scenario have one shape");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::scenario;
    use std::sync::atomic::AtomicU64;

    /// Rows that are just the run index, to check ordering.
    struct Indices;
    impl RowFormat for Indices {
        type Block = Vec<u8>;
        fn block(&self) -> Vec<u8> {
            Vec::new()
        }
        fn row(&self, b: &mut Vec<u8>, r: &Record) {
            b.extend_from_slice(format!("{}\n", r.run).as_bytes());
        }
        fn finish(&self, b: Vec<u8>) -> Vec<u8> {
            b
        }
    }

    fn quiet(cancel: &AtomicBool) -> Control<'_> {
        Control {
            cancel,
            progress: &|_| {},
        }
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

    #[test]
    fn rows_come_in_run_order_whatever_the_threads() {
        let s = scenario();
        let cancel = AtomicBool::new(false);
        let mut outs = Vec::new();
        for threads in [1, 2, 3] {
            let mut plan = Plan::new(5, 10..1000, threads);
            plan.block_size = 7;
            let mut bytes = Vec::new();
            let agg = simulate_with_rows(&s, &plan, &quiet(&cancel), &Indices, &mut |b| {
                bytes.extend_from_slice(b);
                Ok(())
            })
            .unwrap();
            assert_eq!(agg.runs, 990);
            outs.push((agg, bytes));
        }
        let expected: String = (10..1000).map(|i| format!("{i}\n")).collect();
        for (agg, bytes) in &outs {
            assert_eq!(bytes, expected.as_bytes());
            assert_eq!(agg, &outs[0].0);
        }
    }

    #[test]
    fn cancel_stops_and_returns_nothing() {
        let s = scenario();
        let cancel = AtomicBool::new(false);
        let seen = AtomicU64::new(0);
        let progress = |n: u64| {
            if seen.fetch_add(n, Ordering::Relaxed) + n >= 100 {
                cancel.store(true, Ordering::Relaxed);
            }
        };
        let mut plan = Plan::new(1, 0..10_000_000, 2);
        plan.block_size = 10;
        let control = Control {
            cancel: &cancel,
            progress: &progress,
        };
        let result = simulate(&s, &plan, &control);
        assert!(matches!(result, Err(Stop::Cancelled)));
        assert!(seen.load(Ordering::Relaxed) < 10_000);
    }

    #[test]
    fn until_precise_stops_on_a_batch_boundary() {
        let s = scenario();
        let cancel = AtomicBool::new(false);
        let mut plan = Plan::new(1, 0..1_000_000, 2);
        plan.block_size = 100;
        plan.until_precise = Some(0.01);
        let agg = simulate(&s, &plan, &quiet(&cancel)).unwrap();
        // The stub engine gives one outcome in every run: the interval is narrow at once.
        assert!(agg.widest_half_width() <= 0.01);
        assert_eq!(agg.runs % (100 * BATCH_BLOCKS), 0);
        assert!(agg.runs < 1_000_000);
    }

    #[test]
    fn sink_errors_stop_the_job() {
        let s = scenario();
        let cancel = AtomicBool::new(false);
        let plan = Plan::new(1, 0..100, 1);
        let r = simulate_with_rows(&s, &plan, &quiet(&cancel), &Indices, &mut |_| {
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(r, Err(Stop::Io(_))));
    }
}
