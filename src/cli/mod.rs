//! Command-line interface: argument parsing (clap) and one handler per command.
//!
//! Handlers turn library results into text and files; they hold no model logic.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

mod backtest;
mod brief;
mod calibrate;
mod check;
mod merge;
mod narrate;
mod play;
mod run;
mod schema;
mod sensitivity;
mod serve;
pub mod style;
mod sweep;

use style::ColorWhen;

/// A command failed: what to tell the user and which exit code to use.
#[derive(Debug)]
pub struct Failure {
    /// 1: the job failed for a reason outside the input; 2: bad input or usage.
    pub code: u8,
    /// Printed on stderr as is; empty when diagnostics were already printed.
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    pub fn io(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

pub type CmdResult = Result<(), Failure>;

#[derive(Parser, Debug)]
#[command(
    name = "truce",
    version,
    about = "Monte Carlo simulator of ceasefire negotiations",
    after_help = "Examples:\n  \
      truce check scenarios/*.toml\n  \
      truce run scenarios/kursk-ceasefire-2025.toml\n  \
      truce narrate scenarios/kursk-ceasefire-2025.toml --run 17\n  \
      truce play scenarios/kursk-ceasefire-2025.toml --as russia,ukraine\n\n\
      Every command, flag, exit code and file: docs/CLI.md. The scenario format: docs/FORMAT.md."
)]
pub struct Cli {
    /// When to colour help and error messages: auto (on a terminal, unless NO_COLOR is set),
    /// always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

/// Help text of every command's scenario argument.
const FILE_HELP: &str = "Scenario file (TOML; the format: docs/FORMAT.md)";

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate scenario files.
    #[command(after_help = "Examples:\n  \
        truce check scenarios/kursk-ceasefire-2025.toml\n  \
        truce check scenarios/*.toml scenarios/history/*.toml\n\n\
        Prints FILE: ok (N parties, M issues) per good file; every problem of a bad one, each \
        with its line and column, on stderr (exit 2).")]
    Check(check::CheckArgs),
    /// Print the JSON Schema of the scenario format.
    #[command(after_help = "Example:\n  \
        truce schema > truce.schema.json\n\n\
        Editors that use the Taplo language server (Even Better TOML) then complete and check \
        scenarios: see the README.")]
    Schema,
    /// The Monte Carlo job: many runs, a summary, files under the output folder.
    #[command(after_help = "Examples:\n  \
        truce run scenarios/kursk-ceasefire-2025.toml\n  \
        truce run scenarios/kursk-ceasefire-2025.toml -n 100000 --seed 7 -o out/kursk\n  \
        truce run scenarios/kursk-ceasefire-2025.toml --until-precise 0.005 --charts none\n  \
        truce run scenarios/kursk-ceasefire-2025.toml -n 100000000 --shard 3/16 -q -o parts/3\n\n\
        Writes summary.json, runs.csv (up to 100,000 runs, or any size with --per-run), \
        charts/*.svg and *.png, and report.html.")]
    Run(RunArgs),
    /// Tell one run round by round in plain language.
    #[command(after_help = "Examples:\n  \
        truce narrate scenarios/kursk-ceasefire-2025.toml --run 17\n  \
        truce narrate scenarios/kursk-ceasefire-2025.toml --run 17 --json > run17.json\n\n\
        Run I of seed S is exactly the run that `truce run --seed S` counted as run I.")]
    Narrate(NarrateArgs),
    /// Run the scenario at each value of one or two uncertain numbers.
    #[command(after_help = "Examples:\n  \
        truce sweep scenarios/kursk-ceasefire-2025.toml --set parties.russia.reservation=0.1..0.4:4\n  \
        truce sweep scenarios/kursk-ceasefire-2025.toml --set truce.detection.bilateral_hotline=0..1\n  \
        truce sweep scenarios/kursk-ceasefire-2025.toml --set parties.russia.trust=0..0.5:6 \\\n      \
        --set truce.violation_rate=0.00005..0.0003:6 --outcome collapsed\n\n\
        A bad PATH lists the scenario's valid paths. Method and the Kursk story: docs/SWEEP.md.")]
    Sweep(SweepArgs),
    /// Vary each uncertain number down and up; tornado chart of the effects.
    #[command(after_help = "Examples:\n  \
        truce sensitivity scenarios/kursk-ceasefire-2025.toml\n  \
        truce sensitivity scenarios/kursk-ceasefire-2025.toml --outcome walkout -n 2000")]
    Sensitivity(SensitivityArgs),
    /// Tabletop mode: people decide for some parties, the engine plays the rest.
    #[command(after_help = "Examples:\n  \
        truce play scenarios/kursk-ceasefire-2025.toml --as russia,ukraine\n  \
        truce play scenarios/classroom-two-party.toml --as north --seed 7 < moves.txt\n\n\
        Moves, one per line: accept, reject, propose ISSUE=VALUE..., forecast, status, help, \
        quit. The facilitator's guide: docs/TABLETOP.md.")]
    Play(PlayArgs),
    /// Printable briefing: situation manual and one private card per party.
    #[command(after_help = "Examples:\n  \
        truce brief scenarios/kursk-ceasefire-2025.toml\n  \
        truce brief scenarios/kursk-ceasefire-2025.toml --party ukraine -o handouts")]
    Brief(BriefArgs),
    /// Combine the outputs of `truce run --shard K/N` into the result of the whole run.
    #[command(after_help = "Example:\n  \
        truce merge parts/* -o whole\n\n\
        The shards must be of one scenario, seed and run count and cover every slice once.")]
    Merge(MergeArgs),
    /// Local web app: explore a scenario with live controls; run a multi-team tabletop exercise.
    #[command(after_help = "Examples:\n  \
        truce serve\n  \
        truce serve my-scenarios/ --port 8000\n  \
        truce serve --bind 0.0.0.0 -o class-2025\n\n\
        Prints the address to open. --bind 0.0.0.0 lets anyone on the network with a link join \
        an exercise. The guide: README's 'In the browser' and docs/TABLETOP.md.")]
    Serve(serve::ServeArgs),
    /// Score the forecasts of scenarios that have `[observed]` against what happened.
    Backtest(BacktestArgs),
    /// Reweight the uncertain numbers until outcome shares meet targets; write calibrated.toml.
    Calibrate(CalibrateArgs),
}

/// Flags shared by the commands that run the Monte Carlo.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Number of runs (default: the scenario's `runs`).
    #[arg(short = 'n', long, value_name = "N")]
    pub runs: Option<u64>,
    /// Seed (default: the scenario's `seed`).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores); results are the same for any number.
    #[arg(short = 'j', long, value_name = "T")]
    pub threads: Option<usize>,
    /// Output folder (default: `output/<scenario file stem>/`).
    #[arg(
        short = 'o',
        long,
        value_name = "DIR",
        help = "Output folder (default: output/<scenario file stem>/)"
    )]
    pub out: Option<PathBuf>,
    /// No progress bar and no timing line on stderr.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Machine-readable summary on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Chart formats: `svg,png`, `svg`, `png` or `none`.
    #[arg(long, value_name = "FORMATS", default_value = "svg,png")]
    pub charts: String,
}

/// Most worker threads a job may ask for: far above any machine's cores, low enough that a
/// typo cannot try to start a hundred thousand threads.
pub const MAX_THREADS: usize = 1024;

impl CommonArgs {
    /// The checks every Monte Carlo command makes before loading anything: `--runs`,
    /// `--threads` (0 = all cores) and `--charts`.
    pub(crate) fn check(&self) -> Result<(usize, Vec<truce_report::charts::Format>), Failure> {
        if self.runs == Some(0) {
            return Err(Failure::usage("--runs must be at least 1"));
        }
        if let Some(n) = self.runs.filter(|&n| n > truce_core::montecarlo::MAX_RUNS) {
            return Err(Failure::usage(format!(
                "--runs {} is more than {}, the most runs one job plays (the limit of `runs` in a scenario file too)",
                truce_report::charts::thousands(n),
                truce_report::charts::thousands(truce_core::montecarlo::MAX_RUNS)
            )));
        }
        let threads = match self.threads {
            Some(0) => return Err(Failure::usage("--threads must be at least 1")),
            Some(t) if t > MAX_THREADS => {
                return Err(Failure::usage(format!(
                    "--threads {t} is more than {MAX_THREADS}; leave it out to use every core"
                )));
            }
            Some(t) => t,
            None => 0,
        };
        let formats = truce_report::charts::parse_formats(&self.charts).map_err(Failure::usage)?;
        Ok((threads, formats))
    }
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[arg(help = FILE_HELP)]
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Write runs.csv at any size (without it: only up to 100,000 runs).
    #[arg(long)]
    pub per_run: bool,
    /// Run only the K-th of N equal slices of the run indices (1-based K); `truce merge`
    /// combines the slices.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Keep adding runs until every outcome share's 95% half-width is at most E (e.g. 0.005).
    #[arg(long, value_name = "E")]
    pub until_precise: Option<f64>,
}

#[derive(Args, Debug)]
pub struct NarrateArgs {
    #[arg(help = FILE_HELP)]
    pub file: PathBuf,
    /// The run index to tell, as `truce run` counts them (0 is the first).
    #[arg(long, value_name = "I", default_value_t = 0)]
    pub run: u64,
    /// Seed (default: the scenario's `seed`); run I of seed S is run I of `truce run --seed S`.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Print the full trace and record as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The outcome names `--outcome` takes, for clap's help, its checks and its "did you mean".
fn outcome_values() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(truce_core::engine::Outcome::ALL.map(|o| o.as_str()))
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    #[arg(help = FILE_HELP)]
    pub file: PathBuf,
    /// `PATH=A..B[:STEPS]`; give one or two.
    #[arg(
        long = "set",
        value_name = "PATH=A..B[:STEPS]",
        required = true,
        help = "The number to sweep and its values: PATH=A..B[:STEPS] (STEPS evenly spaced \
                values from A to B, default 11) or PATH=A; give one (lines) or two (a heatmap)"
    )]
    pub set: Vec<String>,
    /// Outcome whose share the two-way heatmap shows.
    #[arg(long, value_name = "OUTCOME", default_value = "held", value_parser = outcome_values())]
    pub outcome: String,
    /// Start the job even if it is larger than the limits (more than 100,000,000 runs in all,
    /// or more than an hour at the pace measured on this machine).
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    #[arg(help = FILE_HELP)]
    pub file: PathBuf,
    /// Outcome whose share the tornado chart ranks by.
    #[arg(long, value_name = "OUTCOME", default_value = "held", value_parser = outcome_values())]
    pub outcome: String,
    /// Start the job even if it is larger than the limits (more than 100,000,000 runs in all,
    /// or more than an hour at the pace measured on this machine).
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct PlayArgs {
    #[arg(help = FILE_HELP)]
    pub file: PathBuf,
    /// The party or parties the people play, comma-separated (not the mediator).
    #[arg(long = "as", value_name = "PARTY[,PARTY...]", required = true)]
    pub as_parties: String,
    /// Seed of the drawn world (default: the scenario's `seed`); the same seed replays it.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Folder of the after-action report (default: `output/<scenario file stem>/`).
    #[arg(
        short = 'o',
        long,
        value_name = "DIR",
        help = "Folder of the after-action report (default: output/<scenario file stem>/)"
    )]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BriefArgs {
    #[arg(help = FILE_HELP)]
    pub file: PathBuf,
    /// Only this party's card (and the situation manual).
    #[arg(long, value_name = "PARTY")]
    pub party: Option<String>,
    /// Folder of the documents (default: `output/<scenario file stem>/`).
    #[arg(
        short = 'o',
        long,
        value_name = "DIR",
        help = "Folder of the documents (default: output/<scenario file stem>/)"
    )]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Output folders of the shards (`truce run --shard K/N --out DIR`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder of the merged result (not one of the shards).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub out: PathBuf,
    /// Chart formats: `svg,png`, `svg`, `png` or `none`.
    #[arg(long, value_name = "FORMATS", default_value = "svg,png")]
    pub charts: String,
    /// Machine-readable summary on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Accepted for scripts that pass the common flags to every step (merging prints no
    /// progress).
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Accepted for the same reason; merging adds counts and needs no threads.
    #[arg(short = 'j', long, value_name = "T")]
    pub threads: Option<usize>,
}

#[derive(Args, Debug)]
pub struct BacktestArgs {
    /// Scenario files, or folders of them (their `*.toml`); files without `[observed]` are
    /// skipped.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// The common flags; `--out` defaults to `output/backtest/`.
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    pub file: PathBuf,
    /// `OUTCOME=P[+-E]`: an outcome (or `signed`), its wanted share, an optional tolerance;
    /// give one or more.
    #[arg(
        long = "target",
        value_name = "OUTCOME=P[+-E]",
        required = true,
        help = "OUTCOME=P[+-E]: an outcome or `signed`, its wanted share, an optional tolerance; one or more"
    )]
    pub target: Vec<String>,
    /// Most refits of calibrated.toml before giving up on meeting the targets.
    #[arg(long, default_value_t = truce_core::calibrate::MAX_ITERATIONS)]
    pub max_iterations: usize,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The output folder of a command: `--out`, or `output/<scenario file stem>/` (docs/CLI.md, "Output folders": the common
/// default, shared by every command: their file names do not collide). The stem is made safe
/// as a folder name: letters, digits, `-`, `_` and inner dots kept, anything else `_`, leading
/// dots dropped (`...toml` would otherwise give `output/..`, the working folder), `scenario`
/// if nothing is left.
pub(crate) fn out_dir(file: &Path, out: Option<&Path>) -> PathBuf {
    match out {
        Some(dir) => dir.to_path_buf(),
        None => {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Path::new("output").join(safe_stem(&stem))
        }
    }
}

/// `stem` as a single, safe folder name (see [`out_dir`]).
fn safe_stem(stem: &str) -> String {
    let cleaned: String = stem
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '_',
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim_end_matches('.');
    if cleaned.is_empty() {
        "scenario".to_string()
    } else {
        cleaned.to_string()
    }
}

/// [`out_dir`] for `truce run`: a shard without `--out` goes to
/// `output/<stem>/shard-K-of-N/`, so that shards run side by side do not erase each other.
pub(crate) fn shard_out_dir(
    file: &Path,
    out: Option<&Path>,
    shard: Option<truce_core::Shard>,
) -> PathBuf {
    match (out, shard) {
        (None, Some(s)) => out_dir(file, None).join(format!("shard-{}-of-{}", s.k, s.n)),
        _ => out_dir(file, out),
    }
}

/// Open the output folder for staging (its lock taken), or fail: exit code 1 when it cannot be
/// created or another job writes it, 2 when the user `chose` it (`--out`) and it holds files
/// truce did not write. The default folders under `output/` are truce's own.
pub(crate) fn open_output(
    dir: &Path,
    chosen: bool,
) -> Result<truce_report::export::folder::Staging, Failure> {
    use truce_report::export::folder::Staging;
    // Ctrl-C from here on removes what the job staged.
    run::interrupt_flag();
    let opened = if chosen {
        Staging::open_chosen(dir)
    } else {
        Staging::open(dir)
    };
    opened.map_err(|e| match e.kind() {
        std::io::ErrorKind::DirectoryNotEmpty => {
            Failure::usage(format!("will not write into {}: {e}", dir.display()))
        }
        std::io::ErrorKind::ResourceBusy => {
            Failure::io(format!("cannot write into {}: {e}", dir.display()))
        }
        _ => Failure::io(format!(
            "cannot create the output folder {}: {e}",
            dir.display()
        )),
    })
}

/// The failure for a file that could not be written in the output folder (exit code 1).
pub(crate) fn write_failure(dir: &Path, what: &str, e: std::io::Error) -> Failure {
    Failure::io(format!("cannot write {what} in {}: {e}", dir.display()))
}

/// Load and validate a scenario, printing its diagnostics on failure (exit code 2).
pub fn load_scenario(path: &std::path::Path) -> Result<truce_core::model::Scenario, Failure> {
    truce_core::scenario::load(path).map_err(|e| {
        style::print_diagnostics(&e);
        Failure::usage("")
    })
}

/// Parse the command line, run the command, map the result to an exit code.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `--color` decides how clap prints help and usage errors too, so it is read first.
    let color = color_flag(&args);
    style::init(color);
    let matches = match Cli::command()
        .color(color.clap())
        .try_get_matches_from(&args)
    {
        Ok(m) => m,
        Err(e) => e.exit(),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Check(a) => check::execute(&a),
        Command::Schema => schema::execute(),
        Command::Run(a) => run::execute(&a),
        Command::Narrate(a) => narrate::execute(&a),
        Command::Sweep(a) => sweep::execute(&a),
        Command::Sensitivity(a) => sensitivity::execute(&a),
        Command::Play(a) => play::execute(&a),
        Command::Brief(a) => brief::execute(&a),
        Command::Merge(a) => merge::execute(&a),
        Command::Serve(a) => serve::execute(&a),
        Command::Backtest(a) => backtest::execute(&a),
        Command::Calibrate(a) => calibrate::execute(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                // Messages quote paths, ids and values the user gave: escape what would act on
                // the terminal.
                eprintln!(
                    "{} {}",
                    style::error_label(),
                    truce_core::scenario::printable(&f.message)
                );
            }
            ExitCode::from(f.code)
        }
    }
}

/// The `--color` value among the arguments (the last one given wins, as clap's would), before
/// clap parses them: clap needs it to print its own help and errors. An unknown value is left
/// for clap to report.
fn color_flag(args: &[std::ffi::OsString]) -> ColorWhen {
    use clap::ValueEnum;
    let mut when = ColorWhen::Auto;
    let mut next_is_value = false;
    for arg in args.iter().skip(1) {
        let Some(a) = arg.to_str() else { continue };
        if a == "--" {
            break;
        }
        let value = if next_is_value {
            next_is_value = false;
            Some(a)
        } else if a == "--color" {
            next_is_value = true;
            None
        } else {
            a.strip_prefix("--color=")
        };
        if let Some(v) = value
            && let Ok(w) = ColorWhen::from_str(v, true)
        {
            when = w;
        }
    }
    when
}

#[cfg(test)]
mod cli_tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
        list.iter().map(Into::into).collect()
    }

    #[test]
    fn color_flag_is_read_before_clap() {
        assert_eq!(color_flag(&args(&["truce", "run", "x"])), ColorWhen::Auto);
        assert_eq!(
            color_flag(&args(&["truce", "--color", "never", "run"])),
            ColorWhen::Never
        );
        assert_eq!(
            color_flag(&args(&["truce", "run", "x", "--color=always"])),
            ColorWhen::Always
        );
        assert_eq!(
            color_flag(&args(&["truce", "run", "--", "--color=always"])),
            ColorWhen::Auto
        );
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
