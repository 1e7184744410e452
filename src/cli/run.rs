//! `truce run FILE`: the Monte Carlo job.
//!
//! Order of work: check the flags (usage errors before anything slow), load the scenario, open
//! the output folder (an unwritable `--out` fails before the runs, not after), simulate with
//! `runs.csv` rows streamed to a temporary file, then write `summary.json` (and, for a shard,
//! `aggregate.json`) and rename everything into place at once. Ctrl-C sets a flag that the
//! simulation checks between blocks; the staged files are then removed and nothing is written.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CmdResult, Failure, RunArgs, style};
use truce_core::summary::{SUMMARY_FORMAT, Summary};
use truce_core::{Control, NoSink, Options, Runs, Shard, Simulation, SimulationError};
use truce_report::export::folder::{self, Staging};
use truce_report::export::runs_csv::{self, RunsCsv};
use truce_report::export::{shard_file, summary_json, table};
use truce_report::{charts, report};

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// The failure of a Monte Carlo job that stopped early: Ctrl-C (exit 130) or an error. The
/// caller's staged files are removed when its `Staging` drops on the way out.
pub(crate) fn stopped(stop: SimulationError) -> Failure {
    match stop {
        SimulationError::Cancelled => Failure {
            code: EXIT_INTERRUPTED,
            message: "interrupted: no file was written".into(),
        },
        other => Failure::io(other.to_string()),
    }
}

/// The failure of a sweep or sensitivity analysis: as [`stopped`], or a number that could not
/// be pinned (a usage error).
pub(crate) fn failed(e: truce_core::Error) -> Failure {
    match e {
        truce_core::Error::Simulation(stop) => stopped(stop),
        other => Failure::usage(other.to_string()),
    }
}

/// Set by the Ctrl-C handler; every Monte Carlo command watches it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Install the Ctrl-C handler once per process. If it cannot be installed (another handler is
/// already there), Ctrl-C keeps its default effect, which also leaves only temporary files.
pub(crate) fn interrupt_flag() -> &'static AtomicBool {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    });
    &INTERRUPTED
}

/// Parse `--charts` (`svg,png`, `svg`, `png` or `none`).
pub(crate) fn chart_formats(text: &str) -> Result<Vec<charts::Format>, Failure> {
    charts::parse_formats(text).map_err(Failure::usage)
}

/// Every file a job may write. The commit removes those of them that an earlier job left in
/// the folder and this one did not stage, so the folder always holds one job's output.
pub(crate) fn output_files() -> Vec<String> {
    let mut files = vec![
        "summary.json".to_string(),
        "runs.csv".to_string(),
        "report.html".to_string(),
        shard_file::FILE_NAME.to_string(),
    ];
    for name in charts::names() {
        files.push(format!("charts/{name}.svg"));
        files.push(format!("charts/{name}.png"));
    }
    files
}

/// Draw the charts and the report from the summary into the staged folder. With `--charts
/// none` the report is the tables alone (docs/CLI.md: `truce run` always writes `report.html`).
pub(crate) fn stage_charts(
    staging: &mut Staging,
    summary: &Summary,
    formats: &[charts::Format],
    dir: &Path,
    quiet: bool,
) -> Result<(), Failure> {
    let started = Instant::now();
    let drawn = charts::render_all(summary, formats)
        .map_err(|e| Failure::io(format!("cannot draw the charts: {e}")))?;
    let io_fail = |what: &str, e: std::io::Error| {
        Failure::io(format!("cannot write {what} in {}: {e}", dir.display()))
    };
    for chart in &drawn {
        if let Some(svg) = &chart.svg {
            let file = format!("charts/{}.svg", chart.name);
            staging
                .write(&file, svg.as_bytes())
                .map_err(|e| io_fail(&file, e))?;
        }
        if let Some(png) = &chart.png {
            let file = format!("charts/{}.png", chart.name);
            staging.write(&file, png).map_err(|e| io_fail(&file, e))?;
        }
    }
    let page = report::html(summary, &drawn);
    staging
        .write("report.html", page.as_bytes())
        .map_err(|e| io_fail("report.html", e))?;
    if !quiet {
        let seconds = started.elapsed().as_secs_f64();
        if drawn.is_empty() {
            eprintln!("report.html written without charts (--charts none) in {seconds:.2} s");
        } else {
            eprintln!(
                "{} charts and report.html drawn in {seconds:.2} s",
                drawn.len()
            );
        }
    }
    Ok(())
}

/// A progress bar on stderr when it is a terminal and `--quiet` is off; hidden otherwise.
/// `total` is `None` when the number of runs is not known in advance (`--until-precise`): then
/// it shows runs done and the rate, without an ETA.
pub(crate) fn progress_bar(total: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr_with_hz(4));
    // `wide_bar` takes what the terminal's width leaves, so the line never wraps (an
    // 80-column terminal gets a short bar); the rate is ours (`1.23 M runs/s`), not
    // indicatif's `{per_sec}` (`286,916.0399/s`).
    let template = match total {
        Some(_) => "{wide_bar} {human_pos}/{human_len} runs  {rate}  ETA {eta}",
        None => "{spinner} {human_pos} runs  {rate}  (until precise)",
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rate(state.pos(), state.elapsed()));
            },
        );
    bar.set_style(style);
    bar
}

/// `1.23 M runs/s` style rate.
pub(crate) fn rate(runs: u64, elapsed: Duration) -> String {
    let per_sec = runs as f64 / elapsed.as_secs_f64().max(1e-9);
    if per_sec >= 1e6 {
        format!("{:.2} M runs/s", per_sec / 1e6)
    } else if per_sec >= 1e3 {
        format!("{:.1} k runs/s", per_sec / 1e3)
    } else {
        format!("{per_sec:.0} runs/s")
    }
}

/// Flags checked before anything is loaded or run.
struct Checked {
    threads: usize,
    shard: Option<Shard>,
    formats: Vec<charts::Format>,
}

fn check_flags(args: &RunArgs) -> Result<Checked, Failure> {
    let (threads, formats) = args.common.check()?;
    let shard = match &args.shard {
        Some(text) => Some(
            text.parse::<Shard>()
                .map_err(|e| Failure::usage(e.to_string()))?,
        ),
        None => None,
    };
    if let Some(e) = args.until_precise {
        if !(e > 0.0 && e <= 0.5) {
            return Err(Failure::usage(format!(
                "--until-precise wants a half-width in (0, 0.5], like 0.01, not {e}"
            )));
        }
        if shard.is_some() {
            return Err(Failure::usage(
                "--until-precise and --shard do not go together: a shard cannot know when the whole run is precise",
            ));
        }
    }
    Ok(Checked {
        threads,
        shard,
        formats,
    })
}

pub fn execute(args: &RunArgs) -> CmdResult {
    let checked = check_flags(args)?;
    let sim = Simulation::new(super::load_scenario(&args.file)?);
    let scenario = sim.scenario();
    let total_runs = args.common.runs.unwrap_or(scenario.runs);
    let runs = match (args.until_precise, checked.shard) {
        (Some(half_width), _) => Runs::UntilPrecise {
            half_width,
            max: args.common.runs,
        },
        (None, Some(shard)) => Runs::Shard {
            shard,
            total: Some(total_runs),
        },
        (None, None) => Runs::Count(Some(total_runs)),
    };
    // With --until-precise the final count is unknown, so runs.csv needs --per-run.
    let write_rows = match runs {
        Runs::UntilPrecise { .. } => args.per_run,
        _ => runs_csv::wanted(total_runs, args.per_run),
    };
    let planned = match (&runs, checked.shard) {
        (Runs::UntilPrecise { .. }, _) => None,
        (_, Some(shard)) => Some(shard.range(total_runs).count() as u64),
        _ => Some(total_runs),
    };
    let options = Options {
        seed: args.common.seed,
        runs,
        threads: checked.threads,
        ..Options::default()
    };
    let dir = super::out_dir(&args.file, args.common.out.as_deref());
    let mut staging = super::open_output(&dir)?;
    let io_fail = |what: &str, e: std::io::Error| super::write_failure(&dir, what, e);

    let bar = progress_bar(planned, args.common.quiet);
    let progress = |n: u64| bar.inc(n);
    let control = Control {
        cancel: interrupt_flag(),
        progress: &progress,
    };
    let started = Instant::now();
    let result = if write_rows {
        let file = staging
            .create("runs.csv")
            .map_err(|e| io_fail("runs.csv", e))?;
        let mut csv = RunsCsv::new(scenario, file).map_err(|e| io_fail("runs.csv", e))?;
        sim.run_with(&options, &control, &mut csv)
            .and_then(|results| {
                folder::finish(csv.into_inner())
                    .map(|()| results)
                    .map_err(SimulationError::Sink)
            })
    } else {
        sim.run_with(&options, &control, &mut NoSink)
    };
    bar.finish_and_clear();
    let results = match result {
        Ok(r) => r,
        Err(SimulationError::Sink(e)) => return Err(io_fail("runs.csv", e)),
        Err(other) => return Err(stopped(other)),
    };
    let elapsed = started.elapsed();

    let summary = &results.summary;
    let summary_bytes = summary_json::serialize(summary);
    staging
        .write("summary.json", &summary_bytes)
        .map_err(|e| io_fail("summary.json", e))?;
    if let Some(shard) = &summary.shard {
        let file = shard_file::ShardFile {
            format: SUMMARY_FORMAT,
            program_version: env!("CARGO_PKG_VERSION").to_string(),
            seed: results.seed,
            shard: shard.clone(),
            runs_csv: write_rows,
            digest: sim.digest(),
            aggregate: results.aggregate.clone(),
        };
        staging
            .write(shard_file::FILE_NAME, &shard_file::serialize(&file))
            .map_err(|e| io_fail(shard_file::FILE_NAME, e))?;
    }
    stage_charts(
        &mut staging,
        summary,
        &checked.formats,
        &dir,
        args.common.quiet,
    )?;
    // Ctrl-C while the charts were drawn still means: write nothing.
    if interrupt_flag().load(Ordering::SeqCst) {
        return Err(stopped(SimulationError::Cancelled));
    }
    let had_runs_csv = !write_rows && dir.join("runs.csv").is_file();
    let stale = output_files();
    let stale: Vec<&str> = stale.iter().map(String::as_str).collect();
    staging
        .commit(&stale)
        .map_err(|e| io_fail("the output files", e))?;

    if let Some(e) = args.until_precise
        && aggregate_half_width(summary) > e
    {
        style::warn(format!(
            "--runs {} stopped the job before every share was within ±{e}",
            summary.runs
        ));
    }
    if !write_rows {
        let why = match args.until_precise {
            Some(_) => {
                "--until-precise does not know the final number of runs in advance".to_string()
            }
            None => {
                format!(
                    "{} runs is more than {} ",
                    charts::thousands(total_runs),
                    charts::thousands(runs_csv::MAX_AUTO_ROWS)
                ) + "(one row per run would make a large file)"
            }
        };
        let removed = if had_runs_csv {
            "; the runs.csv of an earlier job in that folder was removed, so the folder holds one job's files"
        } else {
            ""
        };
        style::warn(format!(
            "runs.csv not written: {why}; add --per-run to write it{removed}"
        ));
    }
    print_result(summary, &summary_bytes, args.common.json);
    if !args.common.quiet {
        eprintln!(
            "{} runs in {:.2} s ({}); files in {}",
            summary.runs,
            elapsed.as_secs_f64(),
            rate(summary.runs, elapsed),
            dir.display()
        );
    }
    Ok(())
}

/// The widest 95% half-width among the outcome shares of a summary.
fn aggregate_half_width(summary: &Summary) -> f64 {
    summary
        .outcomes
        .iter()
        .map(|o| (o.high - o.low) / 2.0)
        .fold(0.0, f64::max)
}

/// The summary on stdout: the JSON itself with `--json`, else the table.
pub(crate) fn print_result(summary: &Summary, json: &[u8], as_json: bool) {
    let mut out = std::io::stdout().lock();
    // A closed stdout (`truce run ... | head`) is not a failure of the job: the files are written.
    let _ = if as_json {
        out.write_all(json)
    } else {
        out.write_all(table::render(summary).as_bytes())
    };
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_out_dir_uses_the_stem() {
        assert_eq!(
            super::super::out_dir(Path::new("scenarios/kursk.toml"), None),
            Path::new("output").join("kursk")
        );
    }
}
