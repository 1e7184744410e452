//! How `truce run` scales with `--threads`: wall clock, runs per second, speed-up and parallel
//! efficiency per thread count, and where the time of each worker thread goes (busy playing
//! blocks, or waiting: batch ends, the merge, the caller's work between batches).
//!
//! ```sh
//! cargo bench --bench scaling                                  # Kursk, 2,000,000 runs, 1 and 2 threads
//! cargo bench --bench scaling -- --runs 10000000 --threads 1,2,4,8,16
//! cargo bench --bench scaling -- --scenario scenarios/port-strike.toml --repeat 3
//! cargo bench --bench scaling -- --profile --runs 20000        # one 1-thread job, for callgrind
//! ```
//!
//! Options: `--scenario FILE`, `--runs N`, `--threads LIST` (comma-separated), `--seed S`,
//! `--block N` (runs per block), `--repeat K` (each thread count K times, the fastest kept),
//! `--profile` (play one job on one thread and print nothing but its runs: a steady target for
//! `valgrind --tool=callgrind`).
//!
//! Busy time per thread is the sum, over the blocks a worker played, of the time from the start
//! of the block (the monitor's cancel check, made once before each block on the worker) to its
//! end (the monitor's progress call, once after each block). `busy %` is the mean busy time over
//! the wall clock: what is left is scheduling (idle workers at the end of a batch), the merge of
//! the workers' aggregates, and the caller's work between batches. Not part of `cargo test`.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use truce_core::montecarlo::{Monitor, NoSink};
use truce_core::{Options, Simulation};

/// Records every worker's busy time.
#[derive(Default)]
struct Busy {
    per_thread: Mutex<HashMap<ThreadId, (Duration, u64)>>,
}

thread_local! {
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
}

impl Monitor for Busy {
    fn cancelled(&self) -> bool {
        STARTED.with(|s| s.set(Some(Instant::now())));
        false
    }
    fn progress(&self, _runs: u64) {
        let end = Instant::now();
        if let Some(start) = STARTED.with(|s| s.take()) {
            let mut map = self.per_thread.lock().unwrap_or_else(|e| e.into_inner());
            let slot = map.entry(std::thread::current().id()).or_default();
            slot.0 += end - start;
            slot.1 += 1;
        }
    }
}

struct Args {
    scenario: PathBuf,
    runs: u64,
    threads: Vec<usize>,
    seed: u64,
    block: Option<u64>,
    repeat: usize,
    profile: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        scenario: "scenarios/kursk-ceasefire-2025.toml".into(),
        runs: 2_000_000,
        threads: vec![1, 2],
        seed: 2025,
        block: None,
        repeat: 1,
        profile: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} wants a value"));
        match a.as_str() {
            "--scenario" => args.scenario = value("--scenario")?.into(),
            "--runs" => {
                args.runs = value("--runs")?
                    .replace('_', "")
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            "--threads" => {
                args.threads = value("--threads")?
                    .split(',')
                    .map(|t| t.trim().parse().map_err(|e| format!("--threads: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--seed" => {
                args.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--block" => {
                args.block = Some(
                    value("--block")?
                        .parse()
                        .map_err(|e| format!("--block: {e}"))?,
                )
            }
            "--repeat" => {
                args.repeat = value("--repeat")?
                    .parse()
                    .map_err(|e| format!("--repeat: {e}"))?
            }
            "--profile" => args.profile = true,
            // What `cargo bench` passes to every bench binary.
            "--bench" => {}
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(args)
}

/// One timed job: wall clock, each worker's busy time and blocks, the process's CPU time.
struct Timing {
    wall: Duration,
    busy: Vec<(Duration, u64)>,
    cpu: Option<Duration>,
}

fn job(sim: &Simulation, args: &Args, threads: usize) -> Timing {
    let mut options = Options::runs(args.runs).seed(args.seed).threads(threads);
    if let Some(b) = args.block {
        options.block_size = b;
    }
    let monitor = Busy::default();
    let cpu0 = process_cpu();
    let t0 = Instant::now();
    let results = sim.run_with(&options, &monitor, &mut NoSink);
    let wall = t0.elapsed();
    let cpu = process_cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
    std::hint::black_box(results.map(|r| r.aggregate.runs).ok());
    let mut busy: Vec<(Duration, u64)> = monitor
        .per_thread
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_values()
        .collect();
    busy.sort_by_key(|b| std::cmp::Reverse(b.0));
    Timing { wall, busy, cpu }
}

/// User + system CPU time of this process so far (Linux: /proc/self/stat; clock ticks of 10 ms).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("scaling: {e}");
            std::process::exit(2);
        }
    };
    let sim = match Simulation::load(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("scaling: {}: {e}", args.scenario.display());
            std::process::exit(2);
        }
    };
    // The bargaining analysis is computed once, before the clock starts.
    let _ = sim.analysis();
    if args.profile {
        let t = job(&sim, &args, 1);
        println!("{} runs in {:.3} s", args.runs, t.wall.as_secs_f64());
        return;
    }
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "{}: {} runs, seed {}, {} cores, load average {}",
        args.scenario.display(),
        args.runs,
        args.seed,
        cores,
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".into())
    );
    println!(
        "{:>7} {:>9} {:>11} {:>8} {:>10} {:>7} {:>8}  per-thread busy s (blocks)",
        "threads", "wall s", "runs/s", "speed-up", "efficiency", "busy %", "cpu s"
    );
    let mut base: Option<f64> = None;
    for &threads in &args.threads {
        let best = (0..args.repeat.max(1))
            .map(|_| job(&sim, &args, threads))
            .min_by_key(|t| t.wall)
            .expect("at least one repeat");
        let wall = best.wall.as_secs_f64();
        let one = *base.get_or_insert(wall * threads as f64);
        let speedup = one / wall;
        let workers = best.busy.len().max(1);
        let mean_busy: f64 =
            best.busy.iter().map(|b| b.0.as_secs_f64()).sum::<f64>() / workers as f64;
        let per: Vec<String> = best
            .busy
            .iter()
            .map(|(d, n)| format!("{:.3} ({n})", d.as_secs_f64()))
            .collect();
        println!(
            "{:>7} {:>9.3} {:>11.0} {:>8.2} {:>9.1}% {:>6.1}% {:>8}  {}",
            threads,
            wall,
            args.runs as f64 / wall,
            speedup,
            100.0 * speedup / threads as f64,
            100.0 * mean_busy / wall,
            best.cpu
                .map_or("?".into(), |c| format!("{:.2}", c.as_secs_f64())),
            per.join(" ")
        );
    }
    println!(
        "speed-up and efficiency against the first row (taken as {} thread(s) times its wall clock)",
        args.threads.first().copied().unwrap_or(1)
    );
}
