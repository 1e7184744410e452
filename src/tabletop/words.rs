//! Plain words for the model's numbers, shared by the briefing, the game and the report.
//!
//! Players read these, not the equations: a posture is "holds firm until late", not
//! "boulware, beta 0.2"; momentum is "Russia has the initiative", not "+0.31". The words fit
//! any dispute (a trade war or a strike as well as a war): no deal is "walking away", not
//! "fighting on".

use truce_core::engine::pause::RENEGING_COST;
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
        format!("{side} is gaining ground")
    } else {
        format!("{side} has the upper hand")
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
        Answer::WalkAway => "no: it would rather walk away than sign this".to_string(),
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
        Answer::WalkAway => "worse than no deal: reject, or amend it".to_string(),
        Answer::Target => "better than no deal, but you can still hold out for more".to_string(),
    }
}

/// The outcome of a game or run in one sentence.
pub fn outcome(s: &Scenario, r: &Record) -> String {
    match r.outcome {
        Outcome::NoDeal => "NO DEAL: the talks ended without every required yes.".to_string(),
        Outcome::Walkout => match r.blocker {
            Some(b) => format!(
                "WALKOUT: {} left the talks: no text inside the red lines could beat walking away.",
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

/// An uncertain number in words: `0.25`, or `about 0.25, between 0.15 and 0.35` (its mean, and
/// the range its draws fall in: the whole range of a uniform or triangular number; for a normal
/// or beta one, its 10th to 90th percentile, "mostly between").
pub fn uncertain(u: &truce_core::model::Uncertain) -> String {
    use truce_core::model::{Dist, format_number};
    let two = |x: f64| format_number((x * 100.0).round() / 100.0);
    let (lo, hi, mostly) = match &u.dist {
        Dist::Fixed(v) => return format_number(*v),
        Dist::Uniform { min, max } | Dist::Triangular { min, max, .. } => (*min, *max, ""),
        Dist::Normal { .. } | Dist::Beta { .. } => {
            let (lo, hi, _) = truce_core::sensitivity::low_high(u);
            (lo, hi, "mostly ")
        }
    };
    format!(
        "about {}, {mostly}between {} and {}",
        two(u.central()),
        two(lo),
        two(hi)
    )
}

/// A chance in words: `30%`, or `about 30%, between 20% and 40%` (as [`uncertain`]).
pub fn chance(u: &truce_core::model::Uncertain) -> String {
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    if u.is_fixed() {
        return pct(u.central());
    }
    let (lo, hi, mostly) = match &u.dist {
        truce_core::model::Dist::Uniform { min, max }
        | truce_core::model::Dist::Triangular { min, max, .. } => (*min, *max, ""),
        _ => {
            let (lo, hi, _) = truce_core::sensitivity::low_high(u);
            (lo, hi, "mostly ")
        }
    };
    format!(
        "about {}, {mostly}between {} and {}",
        pct(u.central()),
        pct(lo),
        pct(hi)
    )
}

/// What the engine does with a pause for every party, the people's included, and on what
/// grounds: said when the game starts, so that no team is surprised when its party "ends" a
/// pause it signed.
pub fn pause_rule(s: &Scenario, people: &str, horizon: u32) -> String {
    let renew = match &s.truce {
        Some(t) if t.renewable => {
            " At the end of each term it renews the pause for a party only if another term is worth more to that party than walking away."
        }
        _ => "",
    };
    format!(
        "Once a text is signed, the engine plays out the pause to day {horizon} and decides for every \
         party, {people} included, whether to keep it: after each violation a party ends the pause \
         when keeping it (the signed text, discounted for its trust, which violations wear down) is \
         worth less to it than walking away, by more than the cost of reneging on a signed pause \
         ({RENEGING_COST}).{renew}"
    )
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
    fn uncertain_numbers_in_words() {
        let toml = r#"
[scenario]
name = "t"
protocol = "alternating"
[[issues]]
id = "days"
range = [0, 60]
[[parties]]
id = "a"
leverage = { dist = "triangular", min = 0.15, mode = 0.25, max = 0.35 }
trust = { dist = "normal", mean = 0.5, sd = 0.1 }
reservation = 0.3
positions = { days = { ideal = 10, weight = 1 } }
[[parties]]
id = "b"
positions = { days = { ideal = 50, weight = 1 } }
"#;
        let s = truce_core::scenario::parse(toml.as_bytes(), "t.toml").expect("valid");
        let a = &s.parties[0];
        assert_eq!(uncertain(&a.reservation), "0.3");
        assert_eq!(uncertain(&a.leverage), "about 0.25, between 0.15 and 0.35");
        let trust = uncertain(&a.trust);
        assert!(
            trust.starts_with("about 0.5, mostly between 0.37"),
            "{trust}"
        );
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
