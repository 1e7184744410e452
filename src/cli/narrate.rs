//! `truce narrate FILE [--run I] [--seed S] [--json]`

use std::io::Write;

use super::{CmdResult, Failure, NarrateArgs};
use truce_report::narrate;

pub fn execute(args: &NarrateArgs) -> CmdResult {
    let sim = truce_core::Simulation::new(super::load_scenario(&args.file)?);
    let scenario = sim.scenario();
    let seed = args.seed.unwrap_or(scenario.seed);
    if args.run >= scenario.runs {
        // Still a valid run (a job with more runs plays it), but not one of this scenario's.
        super::style::warn(format!(
            "run {} is past the scenario's {} runs (0 to {}); it is told as the run a job of at \
             least {} runs (`truce run --runs {}`) would play",
            args.run,
            truce_report::charts::thousands(scenario.runs),
            scenario.runs - 1,
            args.run.saturating_add(1),
            args.run.saturating_add(1)
        ));
    }
    let story = narrate::story(&sim, seed, args.run);
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&story)
            .map_err(|e| Failure::io(format!("cannot encode the story as JSON: {e}")))?;
        json.push('\n');
        json
    } else {
        narrate::render(scenario, &story)
    };
    // A closed stdout (`truce narrate ... | head`) ends the story early; it is not an error.
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::io(format!("cannot write the story: {e}")))
        }
        _ => Ok(()),
    }
}
