//! Command-line interface: argument parsing (clap) and one handler per command.
//!
//! Handlers turn library results into text and files; they hold no model logic.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod brief;
mod check;
mod merge;
mod narrate;
mod play;
mod run;
mod schema;
mod sensitivity;
mod serve;
mod sweep;

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
    about = "Monte Carlo simulator of ceasefire negotiations"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate scenario files.
    Check(check::CheckArgs),
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// The Monte Carlo job: many runs, a summary, files under the output folder.
    Run(RunArgs),
    /// Tell one run round by round in plain language.
    Narrate(NarrateArgs),
    /// Run the scenario at each value of one or two uncertain numbers.
    Sweep(SweepArgs),
    /// Vary each uncertain number down and up; tornado chart of the effects.
    Sensitivity(SensitivityArgs),
    /// Tabletop mode: people decide for some parties, the engine plays the rest.
    Play(PlayArgs),
    /// Printable briefing: situation manual and one private card per party.
    Brief(BriefArgs),
    /// Combine the outputs of `truce run --shard K/N` into the result of the whole run.
    Merge(MergeArgs),
    /// Local web app: explore a scenario with live controls; run a multi-team tabletop exercise.
    Serve(serve::ServeArgs),
}

/// Flags shared by the commands that run the Monte Carlo.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Number of runs (default: the scenario's `runs`).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Seed (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: `output/<scenario file stem>/`).
    #[arg(long, help = "Output folder (default: output/<scenario file stem>/)")]
    pub out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Machine-readable summary on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Chart formats: `svg,png` (default), `svg`, `png` or `none`.
    #[arg(long, default_value = "svg,png")]
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
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Write runs.csv at any size.
    #[arg(long)]
    pub per_run: bool,
    /// Run only the K-th of N equal slices of the run indices (1-based K).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Keep adding runs until every outcome share's 95% half-width is at most E.
    #[arg(long, value_name = "E")]
    pub until_precise: Option<f64>,
}

#[derive(Args, Debug)]
pub struct NarrateArgs {
    pub file: PathBuf,
    /// The run index to tell (as counted by `truce run`).
    #[arg(long, default_value_t = 0)]
    pub run: u64,
    #[arg(long)]
    pub seed: Option<u64>,
    /// Print the full trace and record as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    pub file: PathBuf,
    /// `PATH=A..B[:STEPS]`; give one or two.
    #[arg(
        long = "set",
        value_name = "PATH=A..B[:STEPS]",
        required = true,
        help = "PATH=A..B[:STEPS]; give one or two"
    )]
    pub set: Vec<String>,
    /// Outcome whose share the two-way heatmap shows.
    #[arg(long, default_value = "held")]
    pub outcome: String,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    pub file: PathBuf,
    /// Outcome whose share the tornado chart ranks by.
    #[arg(long, default_value = "held")]
    pub outcome: String,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct PlayArgs {
    pub file: PathBuf,
    /// The party or parties the people play, comma-separated.
    #[arg(long = "as", value_name = "PARTY[,PARTY...]", required = true)]
    pub as_parties: String,
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BriefArgs {
    pub file: PathBuf,
    /// Only this party's card.
    #[arg(long)]
    pub party: Option<String>,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Output folders of the shards.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value = "svg,png")]
    pub charts: String,
    #[arg(long)]
    pub json: bool,
    /// Accepted for scripts that pass the common flags to every step (merging prints no
    /// progress).
    #[arg(long)]
    pub quiet: bool,
    /// Accepted for the same reason; merging adds counts and needs no threads.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// The output folder of a command: `--out`, or `output/<scenario file stem>/` (cli.md's common
/// default, shared by every command: their file names do not collide).
pub(crate) fn out_dir(file: &Path, out: Option<&Path>) -> PathBuf {
    match out {
        Some(dir) => dir.to_path_buf(),
        None => {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into());
            Path::new("output").join(stem)
        }
    }
}

/// Open the output folder for staging, or fail with exit code 1 and the reason.
pub(crate) fn open_output(dir: &Path) -> Result<truce_report::export::folder::Staging, Failure> {
    truce_report::export::folder::Staging::open(dir).map_err(|e| {
        Failure::io(format!(
            "cannot create the output folder {}: {e}",
            dir.display()
        ))
    })
}

/// The failure for a file that could not be written in the output folder (exit code 1).
pub(crate) fn write_failure(dir: &Path, what: &str, e: std::io::Error) -> Failure {
    Failure::io(format!("cannot write {what} in {}: {e}", dir.display()))
}

/// Load and validate a scenario, printing its diagnostics on failure (exit code 2).
pub fn load_scenario(path: &std::path::Path) -> Result<truce_core::model::Scenario, Failure> {
    truce_core::scenario::load(path).map_err(|e| {
        eprint!("{}", e.render());
        Failure::usage("")
    })
}

/// Parse the command line, run the command, map the result to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("error: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}
