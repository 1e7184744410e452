//! Plain words for the model's numbers, shared by the briefing, the game and the report.
//!
//! Players read these, not the equations: a posture is "holds firm until late", not
//! "boulware, beta 0.2"; momentum is "Russia has the initiative", not "+0.31".

use truce_core::engine::{Answer, Outcome, Record, Verdict};
use truce_core::model::{Scenario, TacticName};

/// The battlefield in words, with the number in brackets for those who want it.
pub fn momentum(s: &Scenario, m: f64) -> String {
    let Some(b) = &s.battlefield else {
        return "no battlefield in this scenario".to_string();
    };
    let side = &s.parties[if m >= 0.0 { b.sides[0] } else { b.sides[1] }].name;
    let a = m.abs();
    let words = if a < 0.05 {
        "a stalemate: neither side is gaining".to_string()
    } else if a < 0.2 {
        format!("a slight edge to {side}")
    } else if a < 0.45 {
        format!("{side} has the initiative")
    } else if a < 0.75 {
        format!("{side} is advancing")
    } else {
        format!("{side} is breaking through")
    };
    format!(
        "{words} (momentum {m:+.2}; above 0 favours {})",
        s.parties[b.sides[0]].name
    )
}

/// How a party concedes, as a facilitator would say it (each tactic's own words).
pub fn posture(t: TacticName) -> &'static str {
    t.tactic().posture()
}

/// How much an issue matters, from its share of the party's total weight.
pub fn salience(share: f64) -> &'static str {
    if share <= 0.0 {
        "does not matter to you"
    } else if share < 0.08 {
        "matters a little"
    } else if share < 0.18 {
        "matters"
    } else if share < 0.3 {
        "matters a lot"
    } else {
        "matters above all"
    }
}

pub fn leverage(x: f64) -> &'static str {
    if x < 0.3 {
        "weak: the text is pulled little toward you"
    } else if x < 0.45 {
        "below average"
    } else if x < 0.6 {
        "average"
    } else if x < 0.75 {
        "strong: the text is pulled toward you"
    } else {
        "dominant"
    }
}

pub fn trust(x: f64) -> &'static str {
    if x < 0.15 {
        "at rock bottom: you expect the other side to cheat, which discounts any deal"
    } else if x < 0.35 {
        "low: a deal is worth less to you because you doubt it will be kept"
    } else if x < 0.6 {
        "guarded"
    } else {
        "fair: you expect a deal to be kept"
    }
}

/// One party's answer to the text, as the mediator would report it in the room.
pub fn answer(s: &Scenario, p: usize, v: &Verdict) -> String {
    let party = &s.parties[p];
    match v.answer {
        Answer::Accept => "yes".to_string(),
        Answer::RedLine(k) => match party.red_lines.get(k) {
            Some(r) => {
                let c = &r.constraint;
                format!(
                    "no: it will never accept this ({})",
                    c.describe(&s.issues[c.issue])
                )
            }
            None => "no: a red line".to_string(),
        },
        Answer::Condition(k) => match party.conditions.get(k) {
            Some(cond) => {
                let c = &cond.constraint;
                format!("no: it insists on {}", c.describe(&s.issues[c.issue]))
            }
            None => "no: an unmet condition".to_string(),
        },
        Answer::WalkAway => "no: it would rather fight on than sign this".to_string(),
        Answer::Target => "no: not yet; it holds out for more".to_string(),
    }
}

/// A person's own party's reading of the text, as its staff would brief it.
pub fn own_reading(s: &Scenario, p: usize, v: &Verdict) -> String {
    let party = &s.parties[p];
    match v.answer {
        Answer::Accept => "acceptable: it meets what you can expect at this point".to_string(),
        Answer::RedLine(k) => match party.red_lines.get(k) {
            Some(r) => format!(
                "it crosses your red line ({})",
                r.constraint.describe(&s.issues[r.constraint.issue])
            ),
            None => "it crosses a red line".to_string(),
        },
        Answer::Condition(k) => match party.conditions.get(k) {
            Some(c) => format!(
                "acceptable only with your condition met ({})",
                c.constraint.describe(&s.issues[c.constraint.issue])
            ),
            None => "acceptable only with your conditions met".to_string(),
        },
        Answer::WalkAway => "worse than fighting on: reject, or amend it".to_string(),
        Answer::Target => {
            "better than fighting on, but you can still hold out for more".to_string()
        }
    }
}

/// The outcome of a game or run in one sentence.
pub fn outcome(s: &Scenario, r: &Record) -> String {
    match r.outcome {
        Outcome::NoDeal => "NO DEAL: the talks ended without every required yes.".to_string(),
        Outcome::Walkout => match r.blocker {
            Some(b) => format!(
                "WALKOUT: {} left the talks: no text inside the red lines could beat fighting on.",
                s.parties[b.party].name
            ),
            None => "WALKOUT: a required party left the talks.".to_string(),
        },
        Outcome::Collapsed => format!(
            "SIGNED, then COLLAPSED after {} days of pause.",
            r.truce_days
        ),
        Outcome::Expired => format!(
            "SIGNED; the pause ran {} days and EXPIRED without renewal.",
            r.truce_days
        ),
        Outcome::Held => {
            if s.truce.is_some() {
                format!(
                    "SIGNED, and the pause HELD to the horizon ({} days kept{}).",
                    r.truce_days,
                    if r.renewals > 0 {
                        format!(", renewed {} times", r.renewals)
                    } else {
                        String::new()
                    }
                )
            } else {
                "SIGNED: the deal stands.".to_string()
            }
        }
    }
}

/// Human name of an outcome for tables.
pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::NoDeal => "no deal",
        Outcome::Walkout => "walkout",
        Outcome::Collapsed => "signed, collapsed",
        Outcome::Expired => "signed, expired",
        Outcome::Held => "signed, held",
    }
}

/// The protocol in a sentence (each protocol's own words).
pub fn protocol(s: &Scenario) -> String {
    s.protocol.protocol().describe(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salience_words_grow_with_the_share() {
        assert_eq!(salience(0.0), "does not matter to you");
        assert_eq!(salience(0.05), "matters a little");
        assert_eq!(salience(0.5), "matters above all");
    }

    #[test]
    fn every_tactic_has_a_posture() {
        for name in truce_core::engine::tactic::names() {
            let tactic = truce_core::engine::tactic::named(name).expect("registered");
            assert!(!posture(tactic).is_empty(), "{name}");
        }
        let boulware = truce_core::engine::tactic::named("boulware").expect("registered");
        assert!(posture(boulware).contains("holds firm until late"));
    }
}
