//! `truce backtest FILE|DIR...`: play every scenario that has `[observed]` as `truce run` does
//! and score the forecasts against what happened; a table on stdout, `backtest.csv`,
//! `backtest.json`, the charts and `backtest.html` in the output folder.
//!
//! Order of work: flags, the list of files (folders give their `*.toml`, sorted), every
//! scenario loaded and checked (all diagnostics at once), the output folder, the runs (one
//! progress bar across all cases), then the files, renamed into place together.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::run::{interrupt_flag, progress_bar, rate, stopped};
use super::{BacktestArgs, CmdResult, Failure};
use truce_core::backtest::{Backtest, Forecast};
use truce_core::model::Scenario;
use truce_core::{Control, NoSink, Options, Runs, Simulation};
use truce_report::backtest::chart::{self, Kind};
use truce_report::backtest::{export, html};
use truce_report::charts::Format;

/// The default output folder: a backtest scores many scenarios, so its files belong to none
/// of them.
pub const DEFAULT_OUT: &str = "output/backtest";

/// Every file a backtest may write (an earlier backtest's files that this one did not write
/// are removed, e.g. the PIT chart when there are now too few signed cases).
fn output_files() -> Vec<String> {
    let mut files = vec![
        "backtest.csv".to_string(),
        "backtest.json".to_string(),
        "backtest.html".to_string(),
    ];
    for kind in Kind::ALL {
        files.push(format!("{}.svg", kind.stem()));
        files.push(format!("{}.png", kind.stem()));
    }
    files
}

/// The scenario files named by the arguments: files as given, folders' `*.toml` files sorted
/// by name. A folder with none is an error.
fn scenario_files(args: &[PathBuf]) -> Result<Vec<(PathBuf, Option<PathBuf>)>, Failure> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let entries = std::fs::read_dir(arg).map_err(|e| {
                Failure::usage(format!("cannot read the folder {}: {e}", arg.display()))
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Failure::usage(format!(
                    "{}: the folder holds no .toml scenario",
                    arg.display()
                )));
            }
            files.extend(found.into_iter().map(|f| (f, Some(arg.clone()))));
        } else if arg.is_file() {
            files.push((arg.clone(), None));
        } else {
            return Err(Failure::usage(format!(
                "{}: no such file or folder",
                arg.display()
            )));
        }
    }
    Ok(files)
}

/// Load every file, printing the diagnostics of the bad ones; keep those with `[observed]`,
/// telling on stderr which were skipped.
fn load_cases(files: &[(PathBuf, Option<PathBuf>)]) -> Result<Vec<(PathBuf, Scenario)>, Failure> {
    let mut cases = Vec::new();
    let mut bad = false;
    let mut observed_in: Vec<(&Path, bool)> = Vec::new();
    for (file, folder) in files {
        match truce_core::scenario::load(file) {
            Ok(s) => {
                let has = s.observed.is_some();
                if let Some(folder) = folder {
                    match observed_in.iter_mut().find(|(f, _)| *f == folder.as_path()) {
                        Some(entry) => entry.1 |= has,
                        None => observed_in.push((folder.as_path(), has)),
                    }
                }
                if has {
                    cases.push((file.clone(), s));
                } else {
                    eprintln!(
                        "{}: skipped (no [observed] table: nothing to score against)",
                        file.display()
                    );
                }
            }
            Err(e) => {
                eprint!("{}", e.render());
                bad = true;
            }
        }
    }
    if bad {
        return Err(Failure::usage(""));
    }
    if let Some((folder, _)) = observed_in.iter().find(|(_, has)| !has) {
        return Err(Failure::usage(format!(
            "{}: no scenario in the folder has an [observed] table",
            folder.display()
        )));
    }
    if cases.is_empty() {
        return Err(Failure::usage(
            "no scenario with an [observed] table to score (add one: see docs/FORMAT.md)",
        ));
    }
    Ok(cases)
}

pub fn execute(args: &BacktestArgs) -> CmdResult {
    let (threads, formats) = args.common.check()?;
    let files = scenario_files(&args.files)?;
    let cases = load_cases(&files)?;
    let dir = args
        .common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    let mut staging = super::open_output(&dir)?;
    let io_fail = |what: &str, e: std::io::Error| super::write_failure(&dir, what, e);

    let planned: u64 = cases
        .iter()
        .map(|(_, s)| args.common.runs.unwrap_or(s.runs))
        .sum();
    let bar = progress_bar(Some(planned), args.common.quiet);
    let progress = |n: u64| bar.inc(n);
    let control = Control {
        cancel: interrupt_flag(),
        progress: &progress,
    };
    let started = Instant::now();
    let mut forecasts = Vec::with_capacity(cases.len());
    for (file, scenario) in cases {
        let label = file.display().to_string();
        let sim = Simulation::new(scenario);
        let options = Options {
            seed: args.common.seed,
            runs: Runs::Count(args.common.runs),
            threads,
            // Outcomes and days kept do not depend on placing deals against the benchmark.
            benchmark: false,
            ..Options::default()
        };
        let results = match sim.run_with(&options, &control, &mut NoSink) {
            Ok(r) => r,
            Err(e) => {
                bar.finish_and_clear();
                return Err(stopped(e));
            }
        };
        if let Some(f) = Forecast::of(&label, sim.scenario(), &results) {
            forecasts.push(f);
        }
    }
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let b = Backtest::score(&forecasts);

    let json = export::json(&b);
    staging
        .write("backtest.csv", &export::csv(&b))
        .map_err(|e| io_fail("backtest.csv", e))?;
    staging
        .write("backtest.json", &json)
        .map_err(|e| io_fail("backtest.json", e))?;
    let mut figures = Vec::new();
    for kind in Kind::ALL {
        if kind == Kind::Pit && !b.enough_for_pit() {
            continue;
        }
        let mut svg_file = None;
        let mut svg = None;
        for format in &formats {
            match format {
                Format::Svg => {
                    let text = chart::svg(kind, &b)
                        .map_err(|e| Failure::io(format!("cannot draw {}: {e}", kind.stem())))?;
                    let file = format!("{}.svg", kind.stem());
                    staging
                        .write(&file, text.as_bytes())
                        .map_err(|e| io_fail(&file, e))?;
                    svg_file = Some(file);
                    svg = Some(text);
                }
                Format::Png => {
                    let bytes = chart::png(kind, &b)
                        .map_err(|e| Failure::io(format!("cannot draw {}: {e}", kind.stem())))?;
                    let file = format!("{}.png", kind.stem());
                    staging
                        .write(&file, &bytes)
                        .map_err(|e| io_fail(&file, e))?;
                    svg_file = svg_file.or(Some(file));
                }
            }
        }
        // The page inlines SVG: draw it for the page when only PNGs were asked for.
        if svg.is_none() && !formats.is_empty() {
            svg = chart::svg(kind, &b).ok();
        }
        figures.push(html::Figure {
            kind,
            svg,
            file: svg_file,
        });
    }
    staging
        .write("backtest.html", html::html(&b, &figures).as_bytes())
        .map_err(|e| io_fail("backtest.html", e))?;
    if interrupt_flag().load(std::sync::atomic::Ordering::SeqCst) {
        return Err(stopped(truce_core::SimulationError::Cancelled));
    }
    let stale = output_files();
    let stale: Vec<&str> = stale.iter().map(String::as_str).collect();
    staging
        .commit(&stale)
        .map_err(|e| io_fail("the output files", e))?;

    let mut out = std::io::stdout().lock();
    let _ = if args.common.json {
        out.write_all(&json)
    } else {
        out.write_all(export::table(&b).as_bytes())
    };
    let _ = out.flush();
    if !args.common.quiet {
        let runs: u64 = b.cases.iter().map(|c| c.runs).sum();
        eprintln!(
            "{} cases, {runs} runs in {:.2} s ({}); files in {}",
            b.cases.len(),
            elapsed.as_secs_f64(),
            rate(runs, elapsed),
            dir.display()
        );
    }
    Ok(())
}
