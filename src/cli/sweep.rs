//! `truce sweep FILE --set PATH=A..B[:STEPS] [--set ...]`: the scenario at every point of a
//! grid of one or two pinned numbers.
//!
//! Order of work as in `truce run`: flags, scenario, `--set` (checked against the scenario, so
//! a typo fails before anything slow), output folder, the points (one progress bar across all
//! of them), then `sweep.csv`, `sweep.json` and the chart, renamed into place together.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::run::{failed, interrupt_flag, progress_bar, rate};
use super::{CmdResult, Failure, SweepArgs};
use truce_core::engine::Outcome;
use truce_core::model::Scenario;
use truce_core::param::{Param, valid_paths};
use truce_core::sweep::set::SetSpec;
use truce_core::sweep::{self, DEFAULT_RUNS_CAP, Job};
use truce_core::{Control, Simulation};
use truce_report::charts::Format;
use truce_report::sweep::{chart, export};

/// Most `--set` flags: one gives lines, two a heatmap.
const MAX_SETS: usize = 2;

/// `--outcome`: one of the five outcomes.
pub(crate) fn parse_outcome(text: &str) -> Result<Outcome, Failure> {
    Outcome::parse(text.trim()).ok_or_else(|| {
        let names: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        Failure::usage(format!(
            "--outcome: unknown outcome `{text}` (outcomes: {})",
            names.join(", ")
        ))
    })
}

/// Checks shared by `sweep` and `sensitivity`: `--runs`, `--threads`, `--charts`.
pub(crate) fn check_common(common: &super::CommonArgs) -> Result<(usize, Vec<Format>), Failure> {
    common.check()
}

/// Runs per point: `--runs`, else the scenario's `runs` capped at [`DEFAULT_RUNS_CAP`].
pub(crate) fn runs_per_point(common: &super::CommonArgs, s: &Scenario) -> u64 {
    common.runs.unwrap_or(s.runs.min(DEFAULT_RUNS_CAP))
}

/// Parse every `--set`. A path the scenario does not have lists the valid ones; other
/// problems (a bad range, too many flags) say only what is wrong.
fn parse_sets(s: &Scenario, file: &Path, sets: &[String]) -> Result<Vec<SetSpec>, Failure> {
    if sets.len() > MAX_SETS {
        return Err(Failure::usage(format!(
            "{} --set flags given; a sweep takes one (lines) or two (a heatmap)",
            sets.len()
        )));
    }
    let mut specs: Vec<SetSpec> = Vec::new();
    for text in sets {
        let spec = SetSpec::parse(s, text).map_err(|problem| {
            let bad_path = text
                .split_once('=')
                .is_some_and(|(path, _)| Param::parse(s, path.trim()).is_err());
            let listing = if bad_path {
                format!("\nvalid paths for {}:\n{}", file.display(), valid_paths(s))
            } else {
                String::new()
            };
            Failure::usage(format!("--set {text}: {problem}{listing}"))
        })?;
        if specs.iter().any(|o| o.param == spec.param) {
            return Err(Failure::usage(format!(
                "--set {text}: {} is already swept by another --set",
                spec.path
            )));
        }
        specs.push(spec);
    }
    Ok(specs)
}

pub fn execute(args: &SweepArgs) -> CmdResult {
    let (threads, formats) = check_common(&args.common)?;
    let outcome = parse_outcome(&args.outcome)?;
    let sim = Simulation::new(super::load_scenario(&args.file)?);
    let scenario = sim.scenario();
    let specs = parse_sets(scenario, &args.file, &args.set)?;
    let job = Job {
        seed: args.common.seed.unwrap_or(scenario.seed),
        runs: runs_per_point(&args.common, scenario),
        threads,
    };
    let dir = super::out_dir(&args.file, args.common.out.as_deref());
    let mut staging = super::open_output(&dir)?;
    let io_fail = |what: &str, e: std::io::Error| super::write_failure(&dir, what, e);

    let points = sweep::grid(&specs).len() as u64;
    let bar = progress_bar(Some(points.saturating_mul(job.runs)), args.common.quiet);
    let progress = |n: u64| bar.inc(n);
    let control = Control {
        cancel: interrupt_flag(),
        progress: &progress,
    };
    let started = Instant::now();
    let result = sweep::run(&sim, &specs, &job, &control);
    bar.finish_and_clear();
    let result = result.map_err(failed)?;
    let elapsed = started.elapsed();

    let csv = export::csv(&result);
    let json = export::json(&result);
    staging
        .write("sweep.csv", &csv)
        .map_err(|e| io_fail("sweep.csv", e))?;
    staging
        .write("sweep.json", &json)
        .map_err(|e| io_fail("sweep.json", e))?;
    let name = chart::file_stem(&result);
    for format in &formats {
        let (file, bytes) = match format {
            Format::Svg => (
                format!("charts/{name}.svg"),
                chart::svg(&result, outcome).map(String::into_bytes),
            ),
            Format::Png => (format!("charts/{name}.png"), chart::png(&result, outcome)),
        };
        let bytes = bytes.map_err(|e| Failure::io(format!("cannot draw {file}: {e}")))?;
        staging
            .write(&file, &bytes)
            .map_err(|e| io_fail(&file, e))?;
    }
    staging
        .commit(&chart::ALL_FILES)
        .map_err(|e| io_fail("the output files", e))?;

    let mut out = std::io::stdout().lock();
    // A closed stdout is not a failure of the job: the files are written.
    let _ = if args.common.json {
        out.write_all(&json)
    } else {
        out.write_all(export::table(&result, outcome).as_bytes())
    };
    let _ = out.flush();
    if !args.common.quiet {
        let total = points * job.runs;
        eprintln!(
            "{points} points x {} runs = {total} runs in {:.2} s ({}); files in {}",
            job.runs,
            elapsed.as_secs_f64(),
            rate(total, elapsed),
            dir.display()
        );
    }
    Ok(())
}
