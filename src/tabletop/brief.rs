//! `truce brief`: the situation manual, one private card per party, and the facilitator's
//! master events list, as documents ([`Doc`]) rendered to Markdown and printable HTML.
//!
//! The manual holds only what every player may know: the public situation, the issues, the
//! opening text, the protocol and the injects scheduled in advance. A party's card holds that
//! party's private positions and nothing of anyone else's: the teams must discover each
//! other's red lines at the table. The master events list (every inject, with its chance and
//! effects) is for the facilitator only.

use truce_core::engine::Runner;
use truce_core::model::{EffectOp, IssueKind, Param, Role, Scenario, format_number};

use super::command::values_of;
use super::doc::{Block, Doc};
use super::words;

/// The files of a briefing: (file name, content).
pub fn files(s: &Scenario, only: Option<usize>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let manual = situation_manual(s);
    out.push(("situation-manual.md".to_string(), manual.markdown()));
    out.push(("situation-manual.html".to_string(), manual.html()));
    let parties: Vec<usize> = match only {
        Some(p) => vec![p],
        None => (0..s.parties.len()).collect(),
    };
    let mut all = Doc::new(format!("{}: party cards", s.name));
    for &p in &parties {
        let card = party_card(s, p);
        let id = &s.parties[p].id;
        out.push((format!("card-{id}.md"), card.markdown()));
        out.push((format!("card-{id}.html"), card.html()));
        for page in card.pages {
            all.page_break();
            for b in page {
                all.push(b);
            }
        }
    }
    if only.is_none() {
        out.push(("cards.html".to_string(), all.html()));
        let mel = master_events_list(s);
        out.push(("master-events-list.md".to_string(), mel.markdown()));
        out.push(("master-events-list.html".to_string(), mel.html()));
    }
    out
}

fn role_words(s: &Scenario, p: usize, yours: bool) -> String {
    let party = &s.parties[p];
    let role = match party.role {
        Role::Belligerent => "a party to the fighting",
        Role::Mediator => "the mediator",
        Role::Backer => "a backer",
    };
    let whose = if yours { "your" } else { "its" };
    let yes = if party.must_agree {
        format!("{whose} yes is required for a deal")
    } else {
        format!("{whose} yes is not required")
    };
    format!("{role}; {yes}")
}

/// The text the mediator opens with (the engine's own opening), on [0, 1] per issue.
fn opening(s: &Scenario) -> Vec<f64> {
    Runner::new(s, None).opening().to_vec()
}

/// The public situation, for every player.
pub fn situation_manual(s: &Scenario) -> Doc {
    let mut d = Doc::new(format!("{}: situation manual", s.name));
    d.h(1, format!("{}: situation manual", s.name));
    d.push(Block::Stamp("For all players".to_string()));
    d.h(2, "The situation");
    if s.description.trim().is_empty() {
        d.p("(The scenario file gives no description: the facilitator briefs the situation.)");
    } else {
        d.p(s.description.trim());
    }
    if !s.sources.is_empty() {
        d.h(3, "Sources");
        d.list(s.sources.clone());
    }

    d.h(2, "The talks");
    d.p(words::protocol(s));
    let rounds = s.max_rounds.min(s.horizon_days / s.days_per_round);
    d.p(format!(
        "Up to {rounds} rounds; each round stands for {} days of diplomacy. If no text has every required yes by the last round, the talks have failed. The exercise follows events for {} days in all, so a signed pause is played out after the talks.",
        s.days_per_round, s.horizon_days
    ));
    let rows = (0..s.parties.len())
        .map(|p| vec![s.parties[p].name.clone(), role_words(s, p, false)])
        .collect();
    d.table(&["Party", "Role"], rows);

    d.h(2, "The issues");
    d.p("A deal is one value for every issue. Players name issues by the word in the second column.");
    let rows = s
        .issues
        .iter()
        .map(|i| vec![i.label.clone(), i.id.clone(), values_of(i)])
        .collect();
    d.table(&["Issue", "Type this", "Values"], rows);

    match s.mediator {
        Some(m) => {
            d.h(2, "The opening text");
            d.p(format!(
                "{} opens the talks with this text:",
                s.parties[m].name
            ));
            let text = opening(s);
            let rows = s
                .issues
                .iter()
                .zip(&text)
                .map(|(i, &x)| vec![i.label.clone(), i.display(x)])
                .collect();
            d.table(&["Issue", "Opening text"], rows);
        }
        None => {
            d.h(2, "Who proposes");
            let r = Runner::new(s, None);
            let order: Vec<&str> = (1..=s.parties.len() as u32)
                .filter_map(|k| r.proposer(k))
                .map(|p| s.parties[p].name.as_str())
                .collect();
            let mut seen: Vec<&str> = Vec::new();
            for o in order {
                if !seen.contains(&o) {
                    seen.push(o);
                }
            }
            d.p(format!(
                "There is no mediator and no opening text. The parties propose in turn: {}, then again in the same order.",
                seen.join(", ")
            ));
        }
    }

    if let Some(b) = &s.battlefield {
        d.h(2, "The battlefield");
        d.p(format!(
            "At the start: {}. The front moves from round to round, and a side that gains ground expects more from holding out.",
            words::momentum(s, b.momentum.central())
        ));
    }

    if let Some(t) = &s.truce {
        d.h(2, "If a pause is signed");
        let mut items = vec![format!(
            "It lasts as long as the agreed {}.",
            s.issues[t.duration_issue].label
        )];
        if let Some(v) = &t.verification
            && let IssueKind::Options(opts) = &s.issues[v.issue].kind
        {
            let chances: Vec<String> = opts
                .iter()
                .zip(&v.detection)
                .map(|(o, p)| format!("{o}: {:.0}%", 100.0 * p))
                .collect();
            items.push(format!(
                "Violations will happen. The agreed {} sets how many are established: {}.",
                s.issues[v.issue].label,
                chances.join(", ")
            ));
        }
        items.push(match t.collapse_after {
            Some(n) => format!("{n} established violations end the pause."),
            None => "Each side decides after every incident whether the pause is still worth \
                     more than fighting: clear violations weigh more than accusations, and quiet \
                     weeks rebuild trust."
                .to_string(),
        });
        if let Some(r) = t.rearm_issue {
            items.push(format!(
                "The agreed {} decides whether a side can rearm during the pause.",
                s.issues[r].label
            ));
        }
        items.push(if t.renewable {
            "At the end of its term the pause is renewed if every required party still prefers another term to fighting (gains delivered once, such as exchanges, do not come again)."
                .to_string()
        } else {
            "It is not renewable.".to_string()
        });
        d.list(items);
    }

    d.h(2, "Scheduled events");
    let scheduled: Vec<String> = s
        .events
        .iter()
        .filter_map(|e| e.at_round.map(|r| (r, e)))
        .map(|(r, e)| format!("Round {r}: {}", e.label))
        .collect();
    let unscheduled = s.events.iter().filter(|e| e.at_round.is_none()).count();
    if scheduled.is_empty() {
        d.p("No event is scheduled in advance.");
    } else {
        d.p("These are announced in advance and will happen at the start of the round shown:");
        d.list(scheduled);
    }
    if unscheduled > 0 {
        d.p("Other events may happen without warning at the start of any round: the facilitator will read them out as they come.");
    }

    d.h(2, "How a round goes");
    d.list(vec![
        "The facilitator reads out the round: the battlefield, any event, the text on the table and the answers of the parties the computer plays.".to_string(),
        "Each team decides: accept, reject, or propose changes (propose ISSUE=VALUE ...).".to_string(),
        "If every required party says yes, the text is signed; otherwise the talks go on to the next round.".to_string(),
    ]);
    d
}

/// The private card of party `p`: its own positions only.
pub fn party_card(s: &Scenario, p: usize) -> Doc {
    let party = &s.parties[p];
    let mut d = Doc::new(format!("{}: private card", party.name));
    d.h(1, format!("{}: private card", party.name));
    d.push(Block::Stamp(format!(
        "Confidential: for the {} team only",
        party.name
    )));
    d.p(format!(
        "Scenario: {}. You are {}, {}.",
        s.name,
        party.name,
        role_words(s, p, true)
    ));

    d.h(2, "What you want");
    let total: f64 = party.positions.iter().map(|x| x.weight.central()).sum();
    let mut rows = Vec::new();
    for (j, pos) in party.positions.iter().enumerate() {
        let issue = &s.issues[j];
        let share = if total > 0.0 && pos.stated {
            pos.weight.central() / total
        } else {
            0.0
        };
        let ideal = if pos.stated {
            issue.display(pos.ideal)
        } else {
            "(no position)".to_string()
        };
        let how = if share > 0.0 {
            format!(
                "{} ({:.0}% of what is at stake for you)",
                words::salience(share),
                100.0 * share
            )
        } else {
            words::salience(0.0).to_string()
        };
        rows.push((share, vec![issue.label.clone(), ideal, how]));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    d.table(
        &["Issue", "Your ideal", "How much it matters"],
        rows.into_iter().map(|r| r.1).collect(),
    );

    d.h(2, "Your red lines");
    if party.red_lines.is_empty() {
        d.p("You have no red lines: every value of every issue can be traded.");
    } else {
        d.p("Never sign a text that crosses one of these, at any round, under any pressure.");
        d.list(
            party
                .red_lines
                .iter()
                .map(|r| {
                    let c = &r.constraint;
                    with_reason(c.describe(&s.issues[c.issue]), &c.reason)
                })
                .collect(),
        );
    }

    d.h(2, "Your conditions");
    if party.conditions.is_empty() {
        d.p("You have no conditions.");
    } else {
        d.p("Demands you press but may drop: a deal that leaves one unmet is worth less to you, and you may let it go if your position weakens.");
        d.list(
            party
                .conditions
                .iter()
                .map(|cond| {
                    let c = &cond.constraint;
                    let mut text = with_reason(c.describe(&s.issues[c.issue]), &c.reason);
                    text.push_str(&format!(
                        " Leaving it unmet costs you about {} on the 0-1 scale below.",
                        format_number(round2(cond.penalty.central()))
                    ));
                    let waive = cond.waive_below.central();
                    if waive > 0.0 {
                        text.push_str(&format!(
                            " You may drop it once walking away (no deal) is worth less than about {} to you.",
                            format_number(round2(waive))
                        ));
                    }
                    text
                })
                .collect(),
        );
    }

    d.h(2, "Your walk-away value");
    let r = &party.reservation;
    let spread = if r.is_fixed() {
        String::new()
    } else {
        format!(
            " (your government's estimate is uncertain: {})",
            words::uncertain(r)
        )
    };
    // What the engine compares with (and every other output shows): the reservation moved by
    // the starting momentum. Where the two differ, the card says which is which.
    let start = truce_core::engine::utility::opening_walk_away(s, p);
    let reservation = r.central();
    let worth = if format!("{start:.2}") == format!("{reservation:.2}") {
        format!("{start:.2}{spread} to you as the talks open")
    } else {
        let moved = if start > reservation {
            "raised"
        } else {
            "lowered"
        };
        format!(
            "{start:.2} to you as the talks open: your reservation, about {reservation:.2}{spread}, {moved} by the battlefield as it stands"
        )
    };
    d.p(format!(
        "On a scale where your ideal deal is 1 and the worst is 0, no deal (walking away) is worth about {worth}. A deal worth less than that is worse than no deal."
    ));
    if let Some(b) = &s.battlefield
        && b.sides.contains(&p)
        && party.momentum_sensitivity.central() > 0.0
    {
        d.p("It rises when the battlefield turns your way and falls when it turns against you.");
    }
    d.p(format!(
        "Your trust in the other side is {}.",
        words::trust(party.trust.central())
    ));

    d.h(2, "Your bargaining position");
    d.list(vec![
        format!("Leverage: {}.", words::leverage(party.leverage.central())),
        format!(
            "Concession posture: {}. This is how the computer plays {} when no team does; your team may choose otherwise.",
            words::posture(party.strategy.tactic),
            party.name
        ),
    ]);
    d
}

fn with_reason(what: String, reason: &str) -> String {
    if reason.trim().is_empty() {
        format!("{what}.")
    } else {
        format!("{what}. Why: {}", reason.trim())
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Every inject with its timing, chance and effects: for the facilitator only.
pub fn master_events_list(s: &Scenario) -> Doc {
    let mut d = Doc::new(format!("{}: master events list", s.name));
    d.h(1, format!("{}: master events list", s.name));
    d.push(Block::Stamp("Facilitator only".to_string()));
    d.p("Every inject the engine may fire. Scheduled injects are in the situation manual; the others come without warning. `truce play` prints INJECT when one fires: read it out to the room, with a line of colour if you like, but do not reveal the effects until the hot wash.");
    if s.events.is_empty() {
        d.p("This scenario has no injects.");
        return d;
    }
    let rows = s
        .events
        .iter()
        .map(|e| {
            let when = match e.at_round {
                Some(r) => format!("round {r}"),
                None => format!(
                    "any round, {} a round{}",
                    chance(&e.probability),
                    if e.once { ", once" } else { ", can recur" }
                ),
            };
            let effects: Vec<String> = e
                .effects
                .iter()
                .map(|f| {
                    let target = match f.target {
                        Param::Party { party, key } => {
                            format!(
                                "{}'s {}",
                                s.parties[party].name,
                                key.as_str().replace('_', " ")
                            )
                        }
                        // Injects move the battlefield's momentum and drift, or a party's number.
                        other => other.path(s).replace('.', " "),
                    };
                    match f.op {
                        EffectOp::Add(x) => format!(
                            "{target} {}{}",
                            if x >= 0.0 { "+" } else { "" },
                            format_number(x)
                        ),
                        EffectOp::Set(x) => format!("{target} set to {}", format_number(x)),
                    }
                })
                .collect();
            vec![e.label.clone(), when, effects.join("; ")]
        })
        .collect();
    d.table(&["Inject", "When", "Effects"], rows);
    if let Some(b) = &s.battlefield {
        d.note(format!(
            "Momentum above 0 favours {}.",
            s.parties[b.sides[0]].name
        ));
    }
    d
}

fn chance(u: &truce_core::model::Uncertain) -> String {
    words::chance(u)
}
