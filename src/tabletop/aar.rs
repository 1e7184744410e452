//! The after-action report: what happened in the game, and how it compares with the Monte
//! Carlo spread of the same scenario, for the hot wash.
//!
//! The comparison answers the questions a facilitator asks after an exercise: was our result
//! unusual? Did our deal give us more or less than the deals the model reaches on its own? Did
//! we sign sooner or later? And, with the same draws and injects, what would the engine alone
//! have done (`truce narrate --run 0 --seed S`)?

use truce_core::engine::Record;
use truce_core::model::{IssueKind, Scenario, format_number};
use truce_core::stats::{Aggregate, UTILITY_BINS, histogram::bin_of};
use truce_core::summary::Summary;

use super::doc::{Block, Doc};
use super::play::{GameLog, RUN_INDEX};
use super::words;

/// The Monte Carlo of the same scenario under the same seed, the engine playing everyone.
pub struct Spread<'a> {
    pub summary: &'a Summary,
    pub aggregate: &'a Aggregate,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// A share as a whole percentage rounded down, so "more than 99%" is never "more than 100%".
fn floor_pct(x: f64) -> String {
    format!("{:.0}%", (100.0 * x).floor())
}

/// Share of the simulated deals that gave party `p` less utility than `u` (bin resolution
/// 1/[`UTILITY_BINS`]; ties count half, so "more than X% did" is fair at either end).
pub fn share_below(agg: &Aggregate, p: usize, u: f64) -> Option<f64> {
    let bins = agg.utility.get(p)?;
    let total: u64 = bins.iter().sum();
    if total == 0 {
        return None;
    }
    let k = bin_of(u, 0.0, 1.0, UTILITY_BINS).min(bins.len().saturating_sub(1));
    let below: u64 = bins[..k].iter().sum();
    let tie = bins[k] as f64 * 0.5;
    Some((below as f64 + tie) / total as f64)
}

/// The report as a document.
///
/// `file` is the scenario's path as the players gave it, for the commands the report quotes.
pub fn report(
    s: &Scenario,
    file: &str,
    game: &GameLog,
    spread: &Spread,
    engine_alone: &Record,
) -> Doc {
    let mut d = Doc::new(format!("{}: after-action report", s.name));
    let people: Vec<&str> = game
        .humans
        .iter()
        .map(|&p| s.parties[p].name.as_str())
        .collect();
    d.h(1, format!("{}: after-action report", s.name));
    d.p(format!(
        "Played by people for: {}. The engine played everyone else. Seed {}: `truce play {file} --as {} --seed {}` replays the same world (draws, battlefield and injects).",
        people.join(", "),
        game.seed,
        game.humans
            .iter()
            .map(|&p| s.parties[p].id.as_str())
            .collect::<Vec<_>>()
            .join(","),
        game.seed
    ));

    d.h(2, "Outcome");
    let r = &game.record;
    if let Some(q) = game.quit_in {
        d.p(format!(
            "The game was stopped in round {q}; the talks count as ended without a deal."
        ));
    }
    d.p(words::outcome(s, r));
    if r.outcome.signed() {
        if let (Some(round), Some(day)) = (r.agreement_round, r.agreement_day) {
            d.p(format!("Signed in round {round} (day {day})."));
        }
        let rows = s
            .issues
            .iter()
            .zip(&r.terms)
            .map(|(i, &x)| vec![i.label.clone(), i.display(x)])
            .collect();
        d.table(&["Issue", "Signed text"], rows);
    } else if let Some(b) = r.blocker {
        d.p(format!("What stopped the last text: {}.", b.describe(s)));
    }
    if !game.pause.is_empty() {
        d.h(3, "The pause");
        d.list(game.pause.clone());
    }
    if !game.own_red_lines_crossed.is_empty() {
        d.h(3, "Instructions broken");
        d.list(game.own_red_lines_crossed.clone());
    }

    comparison(&mut d, s, file, game, spread, engine_alone);
    transcript(&mut d, s, game);
    hot_wash(&mut d, s, game);
    d
}

fn comparison(
    d: &mut Doc,
    s: &Scenario,
    file: &str,
    game: &GameLog,
    spread: &Spread,
    alone: &Record,
) {
    let sum = spread.summary;
    let r = &game.record;
    d.h(2, "Your result against the Monte Carlo");
    let deals = sum.deals as f64 / sum.runs.max(1) as f64;
    d.p(format!(
        "{} simulated runs of the same scenario (seed {}), the engine playing every party with the parties' uncertain numbers drawn afresh each run. {} of them reached a deal.",
        sum.runs,
        sum.seed,
        pct(deals)
    ));
    let rows = sum
        .outcomes
        .iter()
        .map(|o| {
            let name = words::outcome_name(o.outcome);
            let yours = if o.outcome == r.outcome { "yours" } else { "" };
            vec![
                name.to_string(),
                format!("{:.1}%", 100.0 * o.share),
                format!("{:.1}-{:.1}%", 100.0 * o.low, 100.0 * o.high),
                yours.to_string(),
            ]
        })
        .collect();
    d.table(&["Outcome", "Share of runs", "95% interval", ""], rows);
    if let Some(o) = sum.outcome(r.outcome) {
        d.p(format!(
            "Your outcome ({}) happened in {:.1}% of simulated runs{}.",
            words::outcome_name(r.outcome),
            100.0 * o.share,
            if o.share < 0.1 {
                ": an unusual result"
            } else {
                ""
            }
        ));
    }

    if r.outcome.signed() {
        let mut items = Vec::new();
        if let (Some(day), Some(q)) = (r.agreement_day, sum.time_to_agreement.quantiles) {
            let when = if (day as f64) < q.p25 {
                "earlier than three simulated deals in four"
            } else if (day as f64) > q.p75 {
                "later than three simulated deals in four"
            } else {
                "about when most simulated deals were signed"
            };
            items.push(format!(
                "Timing: you signed on day {day}, {when} (simulated median day {}).",
                format_number(q.p50)
            ));
        }
        for (p, party) in s.parties.iter().enumerate() {
            if !party.must_agree && !game.humans.contains(&p) {
                continue;
            }
            let u = r.utilities[p];
            let Some(below) = share_below(spread.aggregate, p, u) else {
                continue;
            };
            let median = sum
                .parties
                .get(p)
                .and_then(|x| x.utility)
                .map(|x| format!(" (simulated median {:.2})", x.p50))
                .unwrap_or_default();
            let verdict = if below >= 0.995 {
                "more than any simulated deal did".to_string()
            } else if below <= 0.005 {
                "less than any simulated deal did".to_string()
            } else if below >= 0.5 {
                format!("more than {} of simulated deals did", floor_pct(below))
            } else {
                format!(
                    "less than {} of simulated deals did",
                    floor_pct(1.0 - below)
                )
            };
            items.push(format!(
                "Your deal gave {} a utility of {u:.2}, {verdict}{median}.",
                party.name
            ));
        }
        d.list(items);

        d.h(3, "Your terms and the typical simulated deal");
        let rows = s
            .issues
            .iter()
            .enumerate()
            .map(|(j, issue)| {
                let info = sum.issues.get(j);
                let typical = info
                    .and_then(|i| i.typical.clone())
                    .unwrap_or_else(|| "-".to_string());
                let range = match (&issue.kind, info) {
                    (IssueKind::Numeric { unit, .. }, Some(i)) => i
                        .quantiles
                        .map(|q| {
                            format!(
                                "half of deals between {} and {} {unit}",
                                format_number(q.p25.round()),
                                format_number(q.p75.round())
                            )
                        })
                        .unwrap_or_default(),
                    (IssueKind::Options(_), Some(i)) => i
                        .option_counts
                        .iter()
                        .filter(|c| c.count > 0)
                        .map(|c| {
                            let share = if c.share < 0.01 {
                                "<1%".to_string()
                            } else {
                                pct(c.share)
                            };
                            format!("{} {share}", c.option)
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    _ => String::new(),
                };
                vec![
                    issue.label.clone(),
                    issue.display(r.terms[j]),
                    typical,
                    range.trim().to_string(),
                ]
            })
            .collect();
        d.table(&["Issue", "Your deal", "Typical deal", "Spread"], rows);
    }

    d.h(3, "The engine alone, same world");
    let alone_when = match alone.agreement_round {
        Some(k) if alone.outcome.signed() => format!(" It signed in round {k}."),
        _ => String::new(),
    };
    d.p(format!(
        "With the same draws and the same battlefield and injects, the engine playing your parties too reached: {}{alone_when} (`truce narrate {} --run {RUN_INDEX} --seed {}` tells that run round by round.)",
        words::outcome(s, alone),
        file,
        game.seed
    ));
    if alone.outcome.signed() && r.outcome.signed() {
        let rows = game
            .humans
            .iter()
            .map(|&p| {
                vec![
                    s.parties[p].name.clone(),
                    format!("{:.2}", r.utilities[p]),
                    format!("{:.2}", alone.utilities[p]),
                ]
            })
            .collect();
        d.table(&["Party", "Your deal", "Engine's deal"], rows);
    }
}

fn transcript(d: &mut Doc, s: &Scenario, game: &GameLog) {
    d.page_break();
    d.h(2, "Transcript");
    for log in &game.rounds {
        d.h(3, format!("Round {} (day {})", log.round, log.day));
        let mut items = Vec::new();
        if s.battlefield.is_some() {
            items.push(format!(
                "Battlefield: {}.",
                words::momentum(s, log.momentum)
            ));
        }
        for inject in &log.injects {
            items.push(format!("Inject: {inject}."));
        }
        items.extend(log.waived.iter().cloned());
        if let Some(p) = log.proposer {
            items.push(format!("{} proposes.", s.parties[p].name));
        }
        d.list(items);
        let rows = s
            .issues
            .iter()
            .enumerate()
            .map(|(j, issue)| {
                let first = log
                    .opening
                    .get(j)
                    .map(|&x| issue.display(x))
                    .unwrap_or_default();
                let last = log
                    .text
                    .get(j)
                    .map(|&x| issue.display(x))
                    .unwrap_or_default();
                let mark = if first == last { "" } else { " (amended)" };
                vec![issue.label.clone(), first, format!("{last}{mark}")]
            })
            .collect();
        d.table(&["Issue", "Text put on the table", "Text answered"], rows);
        if !log.moves.is_empty() {
            d.push(Block::Para(format!("Moves: {}.", log.moves.join("; "))));
        }
        let answers: Vec<String> = log
            .answers
            .iter()
            .map(|a| {
                format!(
                    "{}{}: {}",
                    s.parties[a.party].name,
                    if a.by_person { " (players)" } else { "" },
                    a.words
                )
            })
            .collect();
        d.list(answers);
        d.p(log.result.clone());
    }
}

fn hot_wash(d: &mut Doc, s: &Scenario, game: &GameLog) {
    d.h(2, "Questions for the hot wash");
    let mut q = vec![
        "What did each team think the other side's red lines were, and when did you find out?".to_string(),
        "Which inject or battlefield change moved your position most, and why?".to_string(),
        "Did your team's deadline behaviour match your card's concession posture? What did holding out cost or gain?".to_string(),
    ];
    if game.record.outcome.signed() {
        q.push("Compare your terms with the typical simulated deal: where did you give more, and what did you get for it?".to_string());
    } else {
        q.push(
            "The model reached a deal in some runs: what would have had to change for you to sign?"
                .to_string(),
        );
    }
    if s.truce.is_some() {
        q.push("How did trust and verification shape what happened after signing (or what you feared would happen)?".to_string());
    }
    d.list(q);
}
