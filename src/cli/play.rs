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

    let stdin = io::stdin();
    let setup = Setup {
        humans,
        seed,
        forecast_runs: CONTINUATIONS,
        echo: !stdin.is_terminal(),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let game = play::play(&sim, &setup, stdin.lock(), &mut out)
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
