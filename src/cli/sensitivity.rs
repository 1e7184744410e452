//! `truce sensitivity FILE [--outcome O]`: every uncertain number down and up, one at a time;
//! a ranked table on stdout, `sensitivity.csv`, `sensitivity.json` and a tornado chart.

use std::io::Write;
use std::time::Instant;

use super::run::{failed, interrupt_flag, progress_bar, rate};
use super::sweep::{check_common, parse_outcome, runs_per_point};
use super::{CmdResult, Failure, SensitivityArgs};
use truce_core::sensitivity;
use truce_core::sweep::Job;
use truce_core::{Control, Simulation};
use truce_report::charts::Format;
use truce_report::sensitivity::{chart, export};

/// Rows of the table on the terminal (all of them are in the CSV).
const TABLE_ROWS: usize = 20;

pub fn execute(args: &SensitivityArgs) -> CmdResult {
    let (threads, formats) = check_common(&args.common)?;
    let outcome = parse_outcome(&args.outcome)?;
    let sim = Simulation::new(super::load_scenario(&args.file)?);
    let scenario = sim.scenario();
    let job = Job {
        seed: args.common.seed.unwrap_or(scenario.seed),
        runs: runs_per_point(&args.common, scenario),
        threads,
    };
    let dir = super::out_dir(&args.file, args.common.out.as_deref());
    let mut staging = super::open_output(&dir)?;
    let io_fail = |what: &str, e: std::io::Error| super::write_failure(&dir, what, e);

    let simulations = sensitivity::simulations(scenario);
    let bar = progress_bar(
        Some(simulations.saturating_mul(job.runs)),
        args.common.quiet,
    );
    let progress = |n: u64| bar.inc(n);
    let control = Control {
        cancel: interrupt_flag(),
        progress: &progress,
    };
    let started = Instant::now();
    let result = sensitivity::run(&sim, outcome, &job, &control);
    bar.finish_and_clear();
    let result = result.map_err(failed)?;
    let elapsed = started.elapsed();

    let json = export::json(&result);
    staging
        .write("sensitivity.csv", &export::csv(&result))
        .map_err(|e| io_fail("sensitivity.csv", e))?;
    staging
        .write("sensitivity.json", &json)
        .map_err(|e| io_fail("sensitivity.json", e))?;
    for format in &formats {
        let (file, bytes) = match format {
            Format::Svg => (
                format!("charts/{}.svg", chart::FILE_STEM),
                chart::svg(&result).map(String::into_bytes),
            ),
            Format::Png => (
                format!("charts/{}.png", chart::FILE_STEM),
                chart::png(&result),
            ),
        };
        let bytes = bytes.map_err(|e| Failure::io(format!("cannot draw {file}: {e}")))?;
        staging
            .write(&file, &bytes)
            .map_err(|e| io_fail(&file, e))?;
    }
    staging
        // Charts go under charts/, as a run's do; versions before 0.2 wrote them at the root.
        .commit(&[
            "charts/tornado.svg",
            "charts/tornado.png",
            "tornado.svg",
            "tornado.png",
        ])
        .map_err(|e| io_fail("the output files", e))?;

    let mut out = std::io::stdout().lock();
    let _ = if args.common.json {
        out.write_all(&json)
    } else {
        out.write_all(export::table(&result, TABLE_ROWS).as_bytes())
    };
    let _ = out.flush();
    if !args.common.quiet {
        let total = simulations * job.runs;
        eprintln!(
            "{simulations} settings x {} runs = {total} runs in {:.2} s ({}); files in {}",
            job.runs,
            elapsed.as_secs_f64(),
            rate(total, elapsed),
            dir.display()
        );
    }
    Ok(())
}
