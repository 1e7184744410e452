//! `truce narrate FILE [--run I] [--seed S] [--json]`

use super::{CmdResult, Failure, NarrateArgs};
use crate::narrate;

pub fn execute(args: &NarrateArgs) -> CmdResult {
    let scenario = super::load_scenario(&args.file)?;
    let seed = args.seed.unwrap_or(scenario.seed);
    let story = narrate::story(&scenario, seed, args.run);
    if args.json {
        let json = serde_json::to_string_pretty(&story)
            .map_err(|e| Failure::io(format!("cannot encode the story as JSON: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", narrate::render(&scenario, &story));
    }
    Ok(())
}
