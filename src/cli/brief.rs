//! `truce brief FILE [--party P] [--out DIR]`: the situation manual, the party cards and the
//! master events list, as Markdown and printable HTML, written whole or not at all.

use std::path::Path;

use super::{BriefArgs, CmdResult, Failure};
use crate::tabletop::brief;
use truce_core::model::Scenario;

/// A line on stdout; a closed stdout (`| head`) is not an error worth dying for.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub fn execute(args: &BriefArgs) -> CmdResult {
    let s = super::load_scenario(&args.file)?;
    let only = match &args.party {
        Some(id) => Some(party(&s, id, &args.file)?),
        None => None,
    };
    let dir = super::out_dir(&args.file, args.out.as_deref());
    let files = brief::files(&s, only);
    let fail = |e: std::io::Error| Failure::io(format!("cannot write {}: {e}", dir.display()));
    let mut staging = super::open_output(&dir, args.out.is_some())?;
    for (name, content) in &files {
        staging.write(name, content.as_bytes()).map_err(fail)?;
    }
    // Cards of parties the scenario no longer has would brief a team that does not exist.
    let stale = stale_cards(&dir, &s);
    let stale: Vec<&str> = stale.iter().map(String::as_str).collect();
    staging.commit(&stale).map_err(fail)?;
    say!("Briefing for \"{}\" in {}:", s.name, dir.display());
    for (name, _) in &files {
        say!("  {name}");
    }
    if only.is_none() {
        say!(
            "Print situation-manual.html for everyone, each team's card-PARTY.html for that team only (or cards.html: one card per page), and keep master-events-list.html for the facilitator."
        );
    }
    Ok(())
}

/// The party cards (`card-ID.md`, `card-ID.html`) in `dir` of ids `s` has no party for.
fn stale_cards(dir: &Path, s: &Scenario) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let id = name
                .strip_prefix("card-")
                .and_then(|n| n.strip_suffix(".md").or_else(|| n.strip_suffix(".html")));
            id.is_some_and(|id| s.party_index(id).is_none())
        })
        .collect()
}

/// The index of the party with this id, or a usage error with a hint.
pub(super) fn party(s: &Scenario, id: &str, file: &Path) -> Result<usize, Failure> {
    let id = id.trim();
    if let Some(p) = s
        .party_index(id)
        .or_else(|| s.party_index(&id.to_lowercase()))
    {
        return Ok(p);
    }
    let ids: Vec<&str> = s.parties.iter().map(|p| p.id.as_str()).collect();
    let hint = truce_core::suggest::closest(&id.to_lowercase(), ids.iter().copied())
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    Err(Failure::usage(format!(
        "no party `{id}` in {}: {hint}the parties are {}",
        file.display(),
        ids.join(", ")
    )))
}
