//! `truce play FILE --as PARTY[,PARTY...] [--seed S] [--out DIR]`: the tabletop game on
//! stdin/stdout, then the after-action report in the output folder.

use std::io::{self, IsTerminal};

use super::brief::party;
use super::{CmdResult, Failure, PlayArgs};
use crate::tabletop::aar::{self, Spread};
use crate::tabletop::forecast::CONTINUATIONS;
use crate::tabletop::play::{self, RUN_INDEX, Setup};
use truce_core::{Options, Simulation};

/// Simulated runs behind the after-action comparison: shares to about +/- 1.4 points, a
/// second or two on a laptop.
const AAR_RUNS: u64 = 5000;

/// A line on stdout; a closed stdout (`| head`) is not an error worth dying for.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The file of the moves typed, in the output folder.
const MOVES_FILE: &str = "play-moves.txt";

/// The game's input, copied to the moves file as it is read: every line up to
/// [`play::MAX_LINE`] bytes (the game ignores longer ones), flushed at once. If the file
/// cannot be written (a full disk) the game goes on with a warning.
struct Journal<R> {
    input: R,
    moves: Option<std::fs::File>,
    /// Bytes of the current line so far.
    line: usize,
}

impl<R: io::Read> io::Read for Journal<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::io::Write as _;
        let n = self.input.read(buf)?;
        let mut kept = Vec::new();
        for &b in &buf[..n] {
            if self.line < play::MAX_LINE || b == b'\n' {
                kept.push(b);
            }
            self.line = if b == b'\n' { 0 } else { self.line + 1 };
        }
        if let Some(f) = &mut self.moves
            && let Err(e) = f.write_all(&kept).and_then(|()| f.flush())
        {
            eprintln!(
                "{} cannot save the moves ({e}); the game goes on",
                super::style::warning_label()
            );
            self.moves = None;
        }
        Ok(n)
    }
}

pub fn execute(args: &PlayArgs) -> CmdResult {
    let sim = Simulation::new(super::load_scenario(&args.file)?);
    let s = sim.scenario();
    let mut humans = Vec::new();
    for id in args.as_parties.split(',').filter(|x| !x.trim().is_empty()) {
        let p = party(s, id, &args.file)?;
        if !humans.contains(&p) {
            humans.push(p);
        }
    }
    if humans.is_empty() {
        return Err(Failure::usage(
            "--as needs at least one party id, e.g. --as russia,ukraine",
        ));
    }
    if let Some(m) = s.mediator
        && humans.contains(&m)
    {
        return Err(Failure::usage(format!(
            "`{}` is the mediator, which the engine drafts for; play a party that answers the text (--as {})",
            s.parties[m].id,
            s.required_parties()
                .map(|p| s.parties[p].id.as_str())
                .collect::<Vec<_>>()
                .join(",")
        )));
    }
    let seed = args.seed.unwrap_or(s.seed);
    let dir = super::out_dir(&args.file, args.out.as_deref());
    let fail = |e: io::Error| Failure::io(format!("cannot write {}: {e}", dir.display()));
    // Open the folder before the game, so an unwritable --out fails now, not after an hour.
    let mut staging = super::open_output(&dir, args.out.is_some())?;

    // The moves, saved line by line as they are typed (and the folder's writability checked
    // now): a game lost to a full disk at the end can be replayed from them with the same
    // seed (`truce play ... < play-moves.txt`).
    let moves_path = dir.join(MOVES_FILE);
    let moves = std::fs::File::create(&moves_path)
        .and_then(|mut f| {
            use std::io::Write as _;
            f.sync_all()?;
            f.flush()?;
            Ok(f)
        })
        .map_err(fail)?;
    let stdin = io::stdin();
    let setup = Setup {
        humans,
        seed,
        forecast_runs: CONTINUATIONS,
        echo: !stdin.is_terminal(),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let input = io::BufReader::new(Journal {
        input: stdin.lock(),
        moves: Some(moves),
        line: 0,
    });
    let game = play::play(&sim, &setup, input, &mut out)
        .map_err(|e| Failure::io(format!("the game stopped: {e}")))?;
    drop(out);

    say!("");
    say!("Preparing the after-action report ({AAR_RUNS} simulated runs for comparison)...");
    let results = sim
        .run(&Options::runs(AAR_RUNS).seed(seed))
        .map_err(|e| Failure::io(format!("the comparison runs failed: {e}")))?;
    let alone = sim.runner().run(seed, RUN_INDEX).clone();
    let spread = Spread {
        summary: &results.summary,
        aggregate: &results.aggregate,
    };
    let file = args.file.display().to_string();
    let doc = aar::report(s, &file, &game, &spread, &alone);
    staging
        .write("aar.md", doc.markdown().as_bytes())
        .map_err(fail)?;
    staging
        .write("aar.html", doc.html().as_bytes())
        .map_err(fail)?;
    staging.commit(&[]).map_err(fail)?;
    say!(
        "After-action report: {} and {}",
        dir.join("aar.md").display(),
        dir.join("aar.html").display()
    );
    Ok(())
}
