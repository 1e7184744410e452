//! `truce calibrate FILE --target OUTCOME=P[+-E]...`: reweight the runs (minimum relative
//! entropy) until the outcome shares meet the targets, say what must be believed about each
//! uncertain number, and write `calibrated.toml` (the file with the moved numbers refitted),
//! `calibration.csv`, `calibration.json` and the chart of the largest shifts.
//!
//! Order of work: flags and targets (usage errors before anything slow), the scenario and its
//! text, the output folder, the calibration (its jobs under one spinner), then the files,
//! renamed into place together.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::run::{interrupt_flag, rate, stopped};
use super::{CalibrateArgs, CmdResult, Failure};
use truce_core::calibrate::tilt::TiltError;
use truce_core::calibrate::{self, CalibrateError, Settings, Target, target};
use truce_core::{Control, Simulation};
use truce_report::calibrate::{self as export, chart};
use truce_report::charts::Format;

/// Numbers in the table on the terminal (all are in `calibration.csv`).
const TABLE_ROWS: usize = 15;

/// Files a calibration may write.
const FILES: [&str; 5] = [
    "calibrated.toml",
    "calibration.csv",
    "calibration.json",
    "calibration-shifts.svg",
    "calibration-shifts.png",
];

fn parse_targets(texts: &[String]) -> Result<Vec<Target>, Failure> {
    let targets = texts
        .iter()
        .map(|t| Target::parse(t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::usage(e.to_string()))?;
    target::check_distinct(&targets).map_err(|e| Failure::usage(e.to_string()))?;
    Ok(targets)
}

/// A spinner on stderr (the number of jobs is not known in advance).
fn spinner(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
    let style =
        ProgressStyle::with_template("{spinner} {human_pos} runs  {per_sec}  (calibrating)")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar
}

pub fn execute(args: &CalibrateArgs) -> CmdResult {
    let (threads, formats) = args.common.check()?;
    if args.max_iterations == 0 {
        return Err(Failure::usage("--max-iterations must be at least 1"));
    }
    let targets = parse_targets(&args.target)?;
    let scenario = super::load_scenario(&args.file)?;
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", args.file.display())))?;
    let sim = Simulation::new(scenario);
    let dir = super::out_dir(&args.file, args.common.out.as_deref());
    let mut staging = super::open_output(&dir)?;
    let io_fail = |what: &str, e: std::io::Error| super::write_failure(&dir, what, e);

    let bar = spinner(args.common.quiet);
    let progress = |n: u64| bar.inc(n);
    let control = Control {
        cancel: interrupt_flag(),
        progress: &progress,
    };
    let settings = Settings {
        seed: args.common.seed,
        runs: args.common.runs,
        threads,
        max_iterations: args.max_iterations,
    };
    let file_name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let started = Instant::now();
    let result = calibrate::calibrate(&text, &file_name, &sim, &targets, &settings, &control);
    bar.finish_and_clear();
    let c = result.map_err(|e| match e {
        CalibrateError::Target(TiltError::Unreachable { target, reason }) => {
            let which = targets.get(target).map_or(String::new(), Target::describe);
            Failure::usage(format!("cannot calibrate to {which}: {reason}"))
        }
        CalibrateError::Target(other) => Failure::usage(format!("cannot calibrate: {other}")),
        CalibrateError::Simulation(stop) => stopped(stop),
        other => Failure::io(other.to_string()),
    })?;
    let elapsed: Duration = started.elapsed();

    let json = export::json(&c);
    staging
        .write("calibrated.toml", c.calibrated_toml.as_bytes())
        .map_err(|e| io_fail("calibrated.toml", e))?;
    staging
        .write("calibration.csv", &export::csv(&c))
        .map_err(|e| io_fail("calibration.csv", e))?;
    staging
        .write("calibration.json", &json)
        .map_err(|e| io_fail("calibration.json", e))?;
    for format in &formats {
        let (file, bytes) = match format {
            Format::Svg => (
                format!("{}.svg", chart::FILE_STEM),
                chart::svg(&c).map(String::into_bytes),
            ),
            Format::Png => (format!("{}.png", chart::FILE_STEM), chart::png(&c)),
        };
        let bytes = bytes.map_err(|e| Failure::io(format!("cannot draw {file}: {e}")))?;
        staging
            .write(&file, &bytes)
            .map_err(|e| io_fail(&file, e))?;
    }
    staging
        .commit(&FILES)
        .map_err(|e| io_fail("the output files", e))?;

    let mut out = std::io::stdout().lock();
    let _ = if args.common.json {
        out.write_all(&json)
    } else {
        out.write_all(export::table(&c, TABLE_ROWS).as_bytes())
    };
    let _ = out.flush();
    if !c.met {
        eprintln!(
            "warning: after {} refit{} calibrated.toml still misses a target (see calibration.json); \
             the refitted numbers are independent, while the reweighting tied them together",
            c.refits(),
            if c.refits() == 1 { "" } else { "s" }
        );
    }
    if !args.common.quiet {
        let runs = c.runs * c.iterations.len() as u64;
        eprintln!(
            "{} jobs of {} runs ({runs} runs) in {:.2} s ({}); files in {}",
            c.iterations.len(),
            c.runs,
            elapsed.as_secs_f64(),
            rate(runs, elapsed),
            dir.display()
        );
    }
    Ok(())
}
