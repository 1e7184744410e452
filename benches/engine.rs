//! Speed of the engine and of the Monte Carlo around it.
//!
//! - `one_run/<scenario>`: one run of each bundled scenario in `scenarios/` (engine only);
//! - `montecarlo/kursk_100k`: 100,000 runs of the Kursk scenario through the entry point
//!   (`Simulation::run`) on all cores (engine + aggregate + summary), in runs per second;
//! - `aggregate/kursk_fold`: folding one (pre-played) record into the aggregate, i.e. what the
//!   Monte Carlo adds per run on top of the engine.
//!
//! Run with `cargo bench --bench engine`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use truce_core::stats::Aggregate;
use truce_core::{Options, Simulation};

const KURSK: &str = "scenarios/kursk-ceasefire-2025.toml";

fn bundled() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    files
}

fn one_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_run");
    for path in bundled() {
        let Ok(sim) = Simulation::load(&path) else {
            eprintln!("skipping {} (does not load)", path.display());
            continue;
        };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The Monte Carlo's runner: deals are placed against the bargaining analysis.
        let mut runner = sim.runner();
        let mut i = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                i += 1;
                black_box(runner.run(black_box(1), i).outcome)
            })
        });
    }
    group.finish();
}

fn montecarlo_100k(c: &mut Criterion) {
    let sim = Simulation::load(KURSK.as_ref()).expect("the Kursk scenario loads");
    let runs = 100_000;
    let mut group = c.benchmark_group("montecarlo");
    group.sample_size(10).throughput(Throughput::Elements(runs));
    group.bench_function("kursk_100k", |b| {
        b.iter(|| {
            let options = Options::runs(runs).seed(2025);
            black_box(sim.run(&options).map(|r| r.aggregate.runs).ok())
        })
    });
    group.finish();
}

fn aggregate_fold(c: &mut Criterion) {
    let sim = Simulation::load(KURSK.as_ref()).expect("the Kursk scenario loads");
    let scenario = sim.scenario();
    let mut runner = sim.runner();
    // A run with a deal, so every per-deal statistic is updated.
    let record = (0..1000)
        .map(|i| runner.run(2025, i).clone())
        .find(|r| r.outcome.signed())
        .unwrap_or_else(|| runner.run(2025, 0).clone());
    let mut agg = Aggregate::new(scenario);
    c.bench_function("aggregate/kursk_fold", |b| {
        b.iter(|| agg.add(scenario, black_box(&record)))
    });
}

criterion_group! {
    name = benches;
    // No plots: they need system fonts that build machines often lack (criterion then panics).
    config = Criterion::default().without_plots();
    targets = one_run, montecarlo_100k, aggregate_fold
}
criterion_main!(benches);
