//! A player's line, parsed into a [`Command`] once (or a one-line hint saying what to type).
//!
//! The commands are those of `truce play` in `docs/CLI.md`: `accept`, `reject`, `propose ISSUE=VALUE...`,
//! `forecast`, `status`, `help`, `quit`. Short forms (`a`, `r`, `p`, `f`, `s`, `h`/`?`, `q`)
//! save typing at the table. Values are in the issue's own units (`pause_days=30`, `30days`)
//! or option names (`verification=third_party_monitors`); a unique prefix of an issue id or an
//! option name is enough. Every mistake gives a hint with a "did you mean", never a panic.

use truce_core::model::{IssueKind, Scenario, format_number};

/// One change to the text on the table: issue `issue` set to `value` on [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amendment {
    pub issue: usize,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Accept,
    Reject,
    Propose(Vec<Amendment>),
    Forecast,
    Status,
    Help,
    Quit,
    /// A blank line: ask again.
    Empty,
}

const WORDS: [&str; 7] = [
    "accept", "reject", "propose", "forecast", "status", "help", "quit",
];

/// The help text, one line per command.
pub fn help(s: &Scenario) -> String {
    let example = example_proposal(s);
    format!(
        "Commands (short forms in brackets):\n  \
         accept (a)                       say yes to the text on the table\n  \
         reject (r)                       say no to it\n  \
         propose ISSUE=VALUE ... (p)      put an amended text on the table, e.g. `{example}`\n  \
         forecast (f)                     Monte Carlo of how the talks may end from here\n  \
         status (s)                       the text, the battlefield and your position again\n  \
         help (h, ?)                      this list\n  \
         quit (q)                         end the game now (the report is still written)\n\
         Issues: {}",
        s.issues
            .iter()
            .map(|i| format!("{} ({})", i.id, values_of(i)))
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// What values an issue takes, for hints: `7 to 90 days` or `none | joint | international`.
pub fn values_of(issue: &truce_core::model::Issue) -> String {
    match &issue.kind {
        IssueKind::Numeric { min, max, unit } => {
            let u = if unit.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            };
            format!("{} to {}{u}", format_number(*min), format_number(*max))
        }
        IssueKind::Options(o) => o.join(" | "),
    }
}

fn example_proposal(s: &Scenario) -> String {
    let parts: Vec<String> = s
        .issues
        .iter()
        .take(2)
        .map(|i| match &i.kind {
            IssueKind::Numeric { min, max, .. } => {
                format!("{}={}", i.id, format_number((0.5 * (min + max)).round()))
            }
            IssueKind::Options(o) => format!("{}={}", i.id, o[o.len() / 2]),
        })
        .collect();
    format!("propose {}", parts.join(" "))
}

/// Parse one line typed or piped by a player.
pub fn parse(line: &str, s: &Scenario) -> Result<Command, String> {
    let line = line.trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let word = word.to_lowercase();
    let command = match word.as_str() {
        "" => return Ok(Command::Empty),
        "accept" | "a" | "yes" | "y" => Command::Accept,
        "reject" | "r" | "no" | "n" => Command::Reject,
        "propose" | "p" => return parse_proposal(rest, s).map(Command::Propose),
        "forecast" | "f" => Command::Forecast,
        "status" | "s" => Command::Status,
        "help" | "h" | "?" => Command::Help,
        "quit" | "q" | "exit" => Command::Quit,
        other => {
            let hint = closest(other, WORDS.iter().copied())
                .map(|c| format!(": did you mean `{c}`?"))
                .unwrap_or_else(|| format!(": the commands are {}", WORDS.join(", ")));
            return Err(format!("unknown command `{other}`{hint} (type `help`)"));
        }
    };
    if !rest.is_empty() {
        return Err(format!(
            "`{word}` takes nothing after it; to change the text use `propose ISSUE=VALUE`"
        ));
    }
    Ok(command)
}

fn parse_proposal(rest: &str, s: &Scenario) -> Result<Vec<Amendment>, String> {
    // Let people put spaces around `=`: `pause_days = 30`.
    let mut joined = String::with_capacity(rest.len());
    for (k, part) in rest.split('=').enumerate() {
        if k == 0 {
            joined.push_str(part.trim_end());
        } else {
            joined.push('=');
            joined.push_str(part.trim());
        }
    }
    let tokens: Vec<&str> = joined.split_whitespace().collect();
    if tokens.is_empty() {
        return Err(format!(
            "propose needs at least one ISSUE=VALUE, e.g. `{}`",
            example_proposal(s)
        ));
    }
    let mut out: Vec<Amendment> = Vec::new();
    for token in tokens {
        let Some((name, value)) = token.split_once('=') else {
            return Err(match find_issue(token, s) {
                Ok(j) => format!(
                    "`{}` needs a value: write {}=VALUE ({})",
                    s.issues[j].id,
                    s.issues[j].id,
                    values_of(&s.issues[j])
                ),
                Err(_) => format!(
                    "`{token}` is not ISSUE=VALUE, e.g. `{}`",
                    example_proposal(s)
                ),
            });
        };
        let j = find_issue(name, s)?;
        if value.is_empty() {
            return Err(format!(
                "`{}` needs a value ({})",
                s.issues[j].id,
                values_of(&s.issues[j])
            ));
        }
        let x = parse_value(j, value, s)?;
        if out.iter().any(|a| a.issue == j) {
            return Err(format!("`{}` is given twice", s.issues[j].id));
        }
        out.push(Amendment { issue: j, value: x });
    }
    Ok(out)
}

fn find_issue(name: &str, s: &Scenario) -> Result<usize, String> {
    let lower = name.to_lowercase();
    if let Some(j) = s.issues.iter().position(|i| i.id == lower) {
        return Ok(j);
    }
    let prefixed: Vec<usize> = (0..s.issues.len())
        .filter(|&j| s.issues[j].id.starts_with(&lower))
        .collect();
    if prefixed.len() == 1 && !lower.is_empty() {
        return Ok(prefixed[0]);
    }
    let ids: Vec<&str> = s.issues.iter().map(|i| i.id.as_str()).collect();
    let hint = match closest(&lower, ids.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("the issues are {}", ids.join(", ")),
    };
    Err(format!("no issue `{name}`: {hint}"))
}

fn parse_value(j: usize, value: &str, s: &Scenario) -> Result<f64, String> {
    let issue = &s.issues[j];
    match &issue.kind {
        IssueKind::Numeric { min, max, unit } => {
            let bad = || {
                format!(
                    "`{}` takes a number from {}, not `{value}`",
                    issue.id,
                    values_of(issue)
                )
            };
            let mut text = value.trim();
            if !unit.is_empty()
                && text.len() > unit.len()
                && text.is_char_boundary(text.len() - unit.len())
                && text[text.len() - unit.len()..].eq_ignore_ascii_case(unit)
            {
                text = text[..text.len() - unit.len()].trim();
            }
            let v: f64 = text.parse().map_err(|_| bad())?;
            if !v.is_finite() || v < *min - 1e-9 || v > *max + 1e-9 {
                return Err(bad());
            }
            Ok(issue.from_units(v))
        }
        IssueKind::Options(opts) => {
            let lower = value.to_lowercase();
            let n = opts.len();
            let at = |k: usize| k as f64 / (n - 1) as f64;
            if let Some(k) = opts.iter().position(|o| o.to_lowercase() == lower) {
                return Ok(at(k));
            }
            let prefixed: Vec<usize> = (0..n)
                .filter(|&k| opts[k].to_lowercase().starts_with(&lower))
                .collect();
            if prefixed.len() == 1 {
                return Ok(at(prefixed[0]));
            }
            let hint = closest(&lower, opts.iter().map(|o| o.as_str()))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            Err(format!(
                "`{}` takes one of {}, not `{value}`{hint}",
                issue.id,
                opts.join(", ")
            ))
        }
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo. Players type
/// in a hurry, so the bar is a little lower than the loader's.
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    truce_core::suggest::closest_within(word, candidates, 0.75)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let toml = r#"
[scenario]
name = "t"
mediator = "m"
[[issues]]
id = "pause_days"
range = [7, 90]
unit = "days"
[[issues]]
id = "verification"
options = ["none", "bilateral_hotline", "third_party_monitors"]
[[parties]]
id = "a"
[parties.positions]
pause_days = { ideal = 30, weight = 1 }
[[parties]]
id = "b"
[parties.positions]
pause_days = { ideal = 60, weight = 1 }
[[parties]]
id = "m"
role = "mediator"
[parties.positions]
pause_days = { ideal = 45, weight = 1 }
"#;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.toml");
        std::fs::write(&path, toml).expect("write");
        truce_core::scenario::load(&path).expect("valid test scenario")
    }

    #[test]
    fn simple_words_and_short_forms() {
        let s = scenario();
        assert_eq!(parse("accept", &s), Ok(Command::Accept));
        assert_eq!(parse("  A ", &s), Ok(Command::Accept));
        assert_eq!(parse("reject", &s), Ok(Command::Reject));
        assert_eq!(parse("f", &s), Ok(Command::Forecast));
        assert_eq!(parse("status", &s), Ok(Command::Status));
        assert_eq!(parse("?", &s), Ok(Command::Help));
        assert_eq!(parse("quit", &s), Ok(Command::Quit));
        assert_eq!(parse("   ", &s), Ok(Command::Empty));
    }

    #[test]
    fn typos_get_a_did_you_mean() {
        let s = scenario();
        let e = parse("acept", &s).unwrap_err();
        assert!(e.contains("did you mean `accept`"), "{e}");
        assert!(parse("accept now", &s).is_err());
        assert!(!e.contains('\n'));
    }

    #[test]
    fn proposals_in_units_and_option_names() {
        let s = scenario();
        let Ok(Command::Propose(a)) = parse("propose pause_days=48.5 verification=none", &s) else {
            panic!("not a proposal");
        };
        assert_eq!(a.len(), 2);
        assert!((a[0].value - 0.5).abs() < 1e-9);
        assert_eq!(
            a[1],
            Amendment {
                issue: 1,
                value: 0.0
            }
        );
        // Spaces around `=`, a unit suffix, prefixes of ids and options.
        let Ok(Command::Propose(b)) = parse("p pause = 90days verif=third", &s) else {
            panic!("not a proposal");
        };
        assert_eq!(b[0].issue, 0);
        assert!((b[0].value - 1.0).abs() < 1e-9);
        assert!((b[1].value - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bad_proposals_get_one_line_hints() {
        let s = scenario();
        let cases = [
            ("propose", "at least one"),
            ("propose pause_dayz=30", "did you mean `pause_days`"),
            ("propose pause_days=abc", "7 to 90 days"),
            ("propose pause_days=500", "7 to 90 days"),
            ("propose pause_days=NaN", "7 to 90 days"),
            ("propose verification=monitors", "takes one of"),
            ("propose verification=nonee", "did you mean `none`"),
            ("propose pause_days", "needs a value"),
            ("propose pause_days=", "needs a value"),
            ("propose pause_days=30 pause_days=40", "twice"),
            ("propose =30", "no issue"),
            ("propose ünïcødé=✓", "no issue"),
        ];
        for (line, want) in cases {
            let e = parse(line, &s).expect_err(line);
            assert!(e.contains(want), "{line}: {e}");
            assert!(!e.contains('\n'), "{line}: {e}");
        }
    }
}
