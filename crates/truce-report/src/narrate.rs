//! One run told as a story, for a teacher to read aloud, or as JSON for a program.
//!
//! The story is recorded by an [`Observer`] on the very engine the Monte Carlo uses, so run I of
//! seed S told here is exactly run I of `truce run --seed S`.

use std::fmt::Write as _;

use serde::Serialize;

use truce_core::Simulation;
use truce_core::engine::pause::RENEGING_COST;
use truce_core::engine::utility::{pressure_on, walk_away};
use truce_core::engine::{Answer, Draws, Observer, Outcome, Record, Sighting, TraceEvent, Verdict};
use truce_core::model::{Scenario, TacticName, format_number};

/// Serde's test for leaving out a number that is zero.
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Everything that happened in one run, owned and serialisable.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// The scenario's name.
    pub scenario: String,
    /// The seed.
    pub seed: u64,
    /// The run index.
    pub run: u64,
    /// What each party drew.
    pub draws: Vec<PartyDraw>,
    /// What the battlefield drew.
    pub battlefield: Option<BattlefieldDraw>,
    /// What the pause drew.
    pub truce: Option<TruceDraw>,
    /// What happened, in order (a pause's incidents after the first 1,000 are counted in
    /// `incidents_untold`, not listed).
    pub events: Vec<StoryEvent>,
    /// Incidents of the pause left out of `events`.
    pub incidents_untold: u64,
    /// The run's record.
    pub record: RecordView,
}

/// One party's draws.
#[derive(Debug, Clone, Serialize)]
pub struct PartyDraw {
    /// Its id.
    pub party: String,
    /// Leverage.
    pub leverage: f64,
    /// Trust.
    pub trust: f64,
    /// Reservation utility.
    pub reservation: f64,
    /// Momentum sensitivity.
    pub momentum_sensitivity: f64,
    /// Utility lost per week of talks without a deal.
    pub delay_cost: f64,
    /// The share of its gain from a pause that the first term uses up.
    pub one_off_gain: f64,
    /// Its private shift of its walk-away value (`[scenario] private_information`).
    pub resolve: f64,
    /// The walk-away value this run starts the talks with: the reservation and the private
    /// shift, moved by the drawn momentum in the party's favour, less the mediator's pressure
    /// (before any inject).
    pub walk_away: f64,
    /// Its tactic.
    pub tactic: TacticName,
    /// Its concession exponent.
    pub beta: f64,
    /// Normalised weights by issue id.
    pub weights: Vec<(String, f64)>,
}

/// The battlefield's draws.
#[derive(Debug, Clone, Serialize)]
pub struct BattlefieldDraw {
    /// The two sides' ids.
    pub sides: [String; 2],
    /// Momentum when the talks open.
    pub momentum: f64,
    /// Drift per round.
    pub drift: f64,
    /// Volatility per round.
    pub volatility: f64,
}

/// The pause's draws.
#[derive(Debug, Clone, Serialize)]
pub struct TruceDraw {
    /// Front length in km.
    pub frontline_km: f64,
    /// Violations per km per day at zero trust.
    pub violation_rate: f64,
}

/// How a party answered a text, as the JSON says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// Yes.
    Accept,
    /// The text crosses a red line (`index` says which).
    RedLine,
    /// An unmet condition sinks it (`index` says which).
    Condition,
    /// Worth less than the walk-away value.
    WalkAway,
    /// Beats the walk-away value, not yet the concession target.
    Target,
}

/// One party's answer to a text.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    /// Its id.
    pub party: String,
    /// Whether a deal needs its yes.
    pub required: bool,
    /// `accept`, `red_line`, `condition`, `walk_away` or `target`.
    pub answer: Reply,
    /// Index of the red line or condition, where the answer names one.
    pub index: Option<usize>,
    /// The text's utility to it (before trust discounts).
    pub utility: f64,
    /// Its value after the discounts.
    pub value: f64,
    /// Its concession target.
    pub target: f64,
    /// Its walk-away value.
    pub walk_away: f64,
}

/// Something that happened in the run.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum StoryEvent {
    /// An inject fired.
    Inject {
        /// The round.
        round: u32,
        /// The event's id.
        id: String,
        /// Its label.
        label: String,
    },
    /// A party dropped a condition.
    Waived {
        /// The round.
        round: u32,
        /// The party's id.
        party: String,
        /// Which of its conditions.
        condition: usize,
    },
    /// A text was tabled and answered.
    Round {
        /// The round.
        round: u32,
        /// The day (since the start of talks).
        day: u32,
        /// Battlefield momentum.
        momentum: f64,
        /// The party that tabled it (`None`: nobody but the mediator).
        proposer: Option<String>,
        /// Issue values in their own units (numbers) or option names.
        text: Vec<(String, String)>,
        /// The same text on [0, 1].
        position: Vec<f64>,
        /// Every party's answer.
        answers: Vec<AnswerView>,
        /// Every party's trust.
        trust: Vec<(String, f64)>,
    },
    /// A required party left.
    Walkout {
        /// The round.
        round: u32,
        /// The party's id.
        party: String,
        /// The value to it of its best achievable text (after its trust and rearming discounts);
        /// `None` when people playing the party took it out.
        best: Option<f64>,
        /// Its walk-away value then.
        walk_away: f64,
        /// The mediator's pressure on it then, already taken off `walk_away`.
        #[serde(skip_serializing_if = "is_zero")]
        pressure: f64,
    },
    /// Every required party said yes.
    Signed {
        /// The round.
        round: u32,
        /// The day (since the start of talks).
        day: u32,
    },
    /// An incident of the pause: a violation, or a false alarm.
    Violation {
        /// Days since signing.
        day: f64,
        /// The violator's id (for a false alarm: the side blamed).
        violator: String,
        /// Whether anyone fired deliberately (`false`: a false alarm).
        deliberate: bool,
        /// `verified` (by the monitors), `contested` (seen by its victim only) or `unseen`.
        seen: Sighting,
        /// Every party's trust after it.
        trust: Vec<(String, f64)>,
    },
    /// A party abandoned the pause.
    Abandoned {
        /// Days since signing.
        day: f64,
        /// The party's id.
        party: String,
        /// What keeping the pause was worth to it.
        value: f64,
        /// Its walk-away value.
        walk_away: f64,
    },
    /// A party first kept the pause although fighting was worth more to it (by less than the
    /// cost of reneging); later such incidents are not told again.
    Kept {
        /// Days since signing.
        day: f64,
        /// The party's id.
        party: String,
        /// What keeping the pause was worth to it.
        value: f64,
        /// Its walk-away value.
        walk_away: f64,
    },
    /// The pause was renewed.
    Renewed {
        /// Day (since signing).
        day: u32,
        /// The new end of the term.
        until: u32,
    },
    /// The pause drew more incidents than a run plays, and counts as collapsed.
    Overwhelmed {
        /// Days since signing.
        day: f64,
    },
    /// The pause ended unrenewed.
    NotRenewed {
        /// Day (since signing).
        day: u32,
        /// The party that refused (`None`: not renewable).
        party: Option<String>,
    },
    /// The run is over.
    End {
        /// How it ended.
        outcome: Outcome,
    },
}

/// The run's record, for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// How it ended.
    pub outcome: Outcome,
    /// Round of agreement.
    pub agreement_round: Option<u32>,
    /// Day of agreement (since the start of talks).
    pub agreement_day: Option<u32>,
    /// Agreed terms (issue id, value), when a deal was signed.
    pub terms: Option<Vec<(String, String)>>,
    /// Each party's utility of the deal.
    pub utilities: Option<Vec<(String, f64)>>,
    /// Days the pause was kept.
    pub truce_days: u32,
    /// Violations.
    pub violations: u32,
    /// Detected violations.
    pub detected: u32,
    /// Renewals.
    pub renewals: u32,
    /// Blocker label, for runs without a deal.
    pub blocker: Option<String>,
    /// The blocker in words.
    pub blocker_description: Option<String>,
    /// Distance of the deal to the Nash point.
    pub nash_distance: Option<f64>,
    /// Whether the deal is on the Pareto frontier.
    pub pareto_efficient: Option<bool>,
}

impl RecordView {
    /// The view of record `r` of scenario `s`.
    pub fn of(s: &Scenario, r: &Record) -> RecordView {
        let signed = r.outcome.signed();
        RecordView {
            outcome: r.outcome,
            agreement_round: r.agreement_round,
            agreement_day: r.agreement_day,
            terms: signed.then(|| {
                s.issues
                    .iter()
                    .zip(&r.terms)
                    .map(|(i, &x)| (i.id.clone(), i.csv_value(x)))
                    .collect()
            }),
            utilities: signed.then(|| {
                s.parties
                    .iter()
                    .zip(&r.utilities)
                    .map(|(p, &u)| (p.id.clone(), round3(u)))
                    .collect()
            }),
            truce_days: r.truce_days,
            violations: r.violations,
            detected: r.detected,
            renewals: r.renewals,
            blocker: r.blocker.map(|b| b.label(s)),
            blocker_description: r.blocker.map(|b| b.describe(s)),
            nash_distance: r.nash_distance.map(round3),
            pareto_efficient: r.pareto_efficient,
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Collects a run's events into a [`Story`].
struct Recorder<'s> {
    s: &'s Scenario,
    draws: Option<(Vec<PartyDraw>, Option<BattlefieldDraw>, Option<TruceDraw>)>,
    events: Vec<StoryEvent>,
    /// Incidents heard so far: only the first [`RECORDED_INCIDENTS`] are kept.
    incidents: u64,
    /// Parties whose keeping of a pause they would rather end has been told.
    kept_told: Vec<bool>,
}

/// Incidents of a pause a story keeps (the rest are counted, not told): a pause with thousands
/// of incidents is told by its first ones and its ending, and the trace stays small.
const RECORDED_INCIDENTS: u64 = 1000;

impl Recorder<'_> {
    fn named_trust(&self, trust: &[f64]) -> Vec<(String, f64)> {
        self.s
            .parties
            .iter()
            .zip(trust)
            .map(|(p, &t)| (p.id.clone(), round3(t)))
            .collect()
    }

    fn drawn(&self, d: &Draws) -> (Vec<PartyDraw>, Option<BattlefieldDraw>, Option<TruceDraw>) {
        let s = self.s;
        let ni = s.issues.len();
        let parties = s
            .parties
            .iter()
            .enumerate()
            .map(|(p, party)| PartyDraw {
                party: party.id.clone(),
                leverage: round3(d.leverage[p]),
                trust: round3(d.trust[p]),
                reservation: round3(d.reservation[p]),
                momentum_sensitivity: round3(d.momentum_sensitivity[p]),
                delay_cost: round3(d.delay_cost[p]),
                one_off_gain: round3(d.one_off_gain[p]),
                resolve: round3(d.resolve[p]),
                walk_away: round3(walk_away(
                    d.reservation[p] + d.resolve[p],
                    d.momentum_sensitivity[p],
                    s.momentum_sign(p) * d.momentum,
                    pressure_on(s, p, |q| d.leverage[q]),
                )),
                tactic: party.strategy.tactic,
                beta: round3(d.beta[p]),
                weights: s
                    .issues
                    .iter()
                    .zip(d.weights_of(p, ni))
                    .filter(|(_, w)| **w > 0.0)
                    .map(|(i, &w)| (i.id.clone(), round3(w)))
                    .collect(),
            })
            .collect();
        let battlefield = s.battlefield.as_ref().map(|b| BattlefieldDraw {
            sides: [
                s.parties[b.sides[0]].id.clone(),
                s.parties[b.sides[1]].id.clone(),
            ],
            momentum: round3(d.momentum),
            drift: round3(d.drift),
            volatility: round3(d.volatility),
        });
        let truce = s.truce.as_ref().map(|_| TruceDraw {
            frontline_km: round3(d.frontline_km),
            violation_rate: d.violation_rate,
        });
        (parties, battlefield, truce)
    }
}

fn answer_view(s: &Scenario, p: usize, v: &Verdict) -> AnswerView {
    let (answer, index) = match v.answer {
        Answer::Accept => (Reply::Accept, None),
        Answer::RedLine(k) => (Reply::RedLine, Some(k)),
        Answer::Condition(k) => (Reply::Condition, Some(k)),
        Answer::WalkAway => (Reply::WalkAway, None),
        Answer::Target => (Reply::Target, None),
    };
    AnswerView {
        party: s.parties[p].id.clone(),
        required: s.parties[p].must_agree,
        answer,
        index,
        utility: round3(v.utility),
        value: round3(v.value),
        target: round3(v.target),
        walk_away: round3(v.walk_away),
    }
}

impl Observer for Recorder<'_> {
    const ACTIVE: bool = true;

    fn on(&mut self, event: TraceEvent<'_>) {
        let s = self.s;
        if let TraceEvent::Violation { .. } = event {
            self.incidents += 1;
            if self.incidents > RECORDED_INCIDENTS {
                return;
            }
        }
        let ev = match event {
            TraceEvent::Drawn(d) => {
                self.draws = Some(self.drawn(d));
                return;
            }
            TraceEvent::Inject { round, event } => StoryEvent::Inject {
                round,
                id: s.events[event].id.clone(),
                label: s.events[event].label.clone(),
            },
            TraceEvent::Waived {
                round,
                party,
                condition,
            } => StoryEvent::Waived {
                round,
                party: s.parties[party].id.clone(),
                condition,
            },
            TraceEvent::Round {
                round,
                day,
                momentum,
                proposer,
                text,
                verdicts,
                trust,
            } => StoryEvent::Round {
                round,
                day,
                momentum: round3(momentum),
                proposer: proposer.map(|p| s.parties[p].id.clone()),
                text: s
                    .issues
                    .iter()
                    .zip(text)
                    .map(|(i, &x)| (i.id.clone(), i.short_value(x)))
                    .collect(),
                position: text.iter().map(|&x| round3(x)).collect(),
                answers: verdicts
                    .iter()
                    .enumerate()
                    .map(|(p, v)| answer_view(s, p, v))
                    .collect(),
                trust: self.named_trust(trust),
            },
            TraceEvent::Walkout {
                round,
                party,
                best,
                walk_away,
                pressure,
            } => StoryEvent::Walkout {
                round,
                party: s.parties[party].id.clone(),
                best: best.map(round3),
                walk_away: round3(walk_away),
                pressure: round3(pressure),
            },
            TraceEvent::Signed { round, day, .. } => StoryEvent::Signed { round, day },
            TraceEvent::Violation {
                day,
                violator,
                deliberate,
                seen,
                trust,
            } => StoryEvent::Violation {
                day: round3(day),
                violator: s.parties[violator].id.clone(),
                deliberate,
                seen,
                trust: self.named_trust(trust),
            },
            TraceEvent::Abandoned {
                day,
                party,
                value,
                walk_away,
            } => StoryEvent::Abandoned {
                day: round3(day),
                party: s.parties[party].id.clone(),
                value: round3(value),
                walk_away: round3(walk_away),
            },
            TraceEvent::Kept {
                day,
                party,
                value,
                walk_away,
            } => {
                if std::mem::replace(&mut self.kept_told[party], true) {
                    return;
                }
                StoryEvent::Kept {
                    day: round3(day),
                    party: s.parties[party].id.clone(),
                    value: round3(value),
                    walk_away: round3(walk_away),
                }
            }
            TraceEvent::Renewed { day, until } => StoryEvent::Renewed { day, until },
            TraceEvent::Overwhelmed { day } => StoryEvent::Overwhelmed { day: round3(day) },
            TraceEvent::NotRenewed { day, party } => StoryEvent::NotRenewed {
                day,
                party: party.map(|p| s.parties[p].id.clone()),
            },
            TraceEvent::End { outcome, .. } => StoryEvent::End { outcome },
        };
        self.events.push(ev);
    }
}

/// Play run `run` of `seed` and record everything that happened: exactly run `run` of a job
/// with seed `seed` (deals placed against the same bargaining analysis).
pub fn story(sim: &Simulation, seed: u64, run: u64) -> Story {
    let s = sim.scenario();
    let mut runner = sim.runner();
    let mut rec = Recorder {
        s,
        draws: None,
        events: Vec::new(),
        incidents: 0,
        kept_told: vec![false; s.parties.len()],
    };
    let record = runner.run_observed(seed, run, &mut rec).clone();
    let (draws, battlefield, truce) = rec.draws.take().unwrap_or_default();
    Story {
        scenario: s.name.clone(),
        seed,
        run,
        draws,
        battlefield,
        truce,
        events: rec.events,
        incidents_untold: rec.incidents.saturating_sub(RECORDED_INCIDENTS),
        record: RecordView::of(s, &record),
    }
}

// ----- the text ------------------------------------------------------------------------------

fn party_name<'a>(s: &'a Scenario, id: &str) -> &'a str {
    s.parties
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.name.as_str())
        .unwrap_or("?")
}

fn momentum_words(s: &Scenario, m: f64) -> String {
    match &s.battlefield {
        None => String::new(),
        Some(b) => {
            let side = if m >= 0.0 { b.sides[0] } else { b.sides[1] };
            if m.abs() < 0.005 {
                "momentum even".to_string()
            } else {
                format!("momentum {:+.2} (toward {})", m, s.parties[side].name)
            }
        }
    }
}

/// Two values with enough decimals that unequal values never print alike (`0.33` vs `0.33`
/// becomes `0.328` vs `0.334`).
fn distinct(a: f64, b: f64) -> (String, String) {
    if (a - b).abs() < 5e-5 {
        return (format!("{a:.2}"), format!("{b:.2}"));
    }
    for digits in 2..=4 {
        let (x, y) = (format!("{a:.digits$}"), format!("{b:.digits$}"));
        if x != y || digits == 4 {
            return (x, y);
        }
    }
    (format!("{a:.2}"), format!("{b:.2}"))
}

fn reason(s: &Scenario, a: &AnswerView) -> String {
    let Some(p) = s.parties.iter().find(|p| p.id == a.party) else {
        return String::new();
    };
    let (value, target) = distinct(a.value, a.target);
    let bar = format!("bar {target} (walk-away {:.2})", a.walk_away);
    let quoted = |reason: &str| {
        if reason.is_empty() {
            String::new()
        } else {
            format!(": \"{reason}\"")
        }
    };
    match (a.answer, a.index) {
        (Reply::Accept, _) => format!("yes: worth {value} to it, enough for its {bar}"),
        (Reply::RedLine, Some(k)) => {
            let r = &p.red_lines[k].constraint;
            format!(
                "no: crosses its red line ({}){}",
                r.describe(&s.issues[r.issue]),
                quoted(&r.reason)
            )
        }
        (Reply::Condition, Some(k)) => {
            let c = &p.conditions[k].constraint;
            format!(
                "no: its condition is unmet ({}){}; worth {value} with it unmet, short of its {bar}",
                c.describe(&s.issues[c.issue]),
                quoted(&c.reason)
            )
        }
        (Reply::WalkAway, _) => {
            let (value, walk) = distinct(a.value, a.walk_away);
            format!("no: worth {value}, below what it expects from walking away ({walk})")
        }
        _ => format!("no: worth {value}, short of its {bar}; it holds out for more"),
    }
}

/// The story as plain text, in the scenario's own units and names.
pub fn render(s: &Scenario, story: &Story) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "Run {} of \"{}\" (seed {})",
        story.run, s.name, story.seed
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "What this run drew");
    for d in &story.draws {
        let p = party_name(s, &d.party);
        // A tactic that reads its exponent shows it.
        let tactic = if d.tactic.tactic().reads_beta() {
            format!("{} (beta {})", d.tactic, format_number(d.beta))
        } else {
            d.tactic.as_str().replace('_', "-")
        };
        // The walk-away value the run opens with, where its private resolve, the battlefield
        // or the mediator's pressure moves it away from the reservation.
        let (reservation, walk) = (
            format!("{:.2}", d.reservation),
            format!("{:.2}", d.walk_away),
        );
        let private = if format!("{:.2}", d.resolve.abs()) == "0.00" {
            String::new()
        } else {
            format!("private resolve {:+.2}; ", d.resolve)
        };
        let walk = if walk == reservation {
            String::new()
        } else {
            format!(" ({private}walk-away {walk} as the talks open)")
        };
        let _ = writeln!(
            w,
            "  {p}: leverage {:.2}, trust {:.2}, reservation {reservation}{walk}, concedes {tactic}",
            d.leverage, d.trust
        );
        if d.delay_cost > 0.0 || d.one_off_gain > 0.0 {
            let mut parts = Vec::new();
            if d.delay_cost > 0.0 {
                parts.push(format!(
                    "each week without a deal costs it {:.3}",
                    d.delay_cost
                ));
            }
            if d.one_off_gain > 0.0 {
                parts.push(format!(
                    "{:.0}% of its gain from a pause comes once, in the first term",
                    100.0 * d.one_off_gain
                ));
            }
            let _ = writeln!(w, "    {}", parts.join("; "));
        }
        if !d.weights.is_empty() {
            let mut ws: Vec<&(String, f64)> = d.weights.iter().collect();
            ws.sort_by(|a, b| b.1.total_cmp(&a.1));
            let top: Vec<String> = ws
                .iter()
                .take(3)
                .map(|(id, x)| {
                    let label = s
                        .issue_index(id)
                        .map(|j| s.issues[j].label.as_str())
                        .unwrap_or(id);
                    format!("{label} {:.0}%", x * 100.0)
                })
                .collect();
            let _ = writeln!(w, "    cares most about: {}", top.join(", "));
        }
    }
    if let Some(b) = &story.battlefield {
        let _ = writeln!(
            w,
            "  Battlefield: {}, drift {:+.3} a round, volatility {:.3}",
            momentum_words(s, b.momentum),
            b.drift,
            b.volatility
        );
    }
    if let Some(t) = &story.truce {
        let _ = writeln!(
            w,
            "  Front line: {} km; {} violations per km per day at zero trust",
            format_number(t.frontline_km.round()),
            significant(t.violation_rate)
        );
    }

    let mut last_text: Option<&Vec<(String, String)>> = None;
    let mut violations_shown = 0usize;
    let mut violations_hidden = 0usize;
    for ev in &story.events {
        match ev {
            StoryEvent::Inject { round, label, .. } => {
                let _ = writeln!(w, "\n  >> Round {round}: {label}");
            }
            StoryEvent::Waived {
                party, condition, ..
            } => {
                let p = party_name(s, party);
                let c = s
                    .parties
                    .iter()
                    .find(|x| &x.id == party)
                    .map(|x| &x.conditions[*condition].constraint);
                if let Some(c) = c {
                    let _ = writeln!(
                        w,
                        "  {p}'s position has weakened: it drops its condition ({})",
                        c.describe(&s.issues[c.issue])
                    );
                }
            }
            StoryEvent::Round {
                round,
                day,
                momentum,
                proposer,
                text,
                answers,
                ..
            } => {
                let _ = writeln!(w);
                let bf = momentum_words(s, *momentum);
                let bf = if bf.is_empty() {
                    String::new()
                } else {
                    format!(", {bf}")
                };
                let _ = writeln!(w, "Round {round} (day {day}{bf})");
                let who = proposer
                    .as_deref()
                    .map(|p| party_name(s, p))
                    .unwrap_or("The mediator");
                match last_text {
                    None => {
                        let _ = writeln!(w, "  {who} tables the text:");
                        for (id, v) in text {
                            let j = s.issue_index(id).unwrap_or(0);
                            let _ =
                                writeln!(w, "    {}: {}", s.issues[j].label, with_unit(s, j, v));
                        }
                    }
                    Some(prev) => {
                        let changes: Vec<String> = text
                            .iter()
                            .zip(prev.iter())
                            .filter(|(a, b)| a.1 != b.1)
                            .map(|((id, v), (_, old))| {
                                let j = s.issue_index(id).unwrap_or(0);
                                format!(
                                    "{} {} -> {}",
                                    s.issues[j].label,
                                    with_unit(s, j, old),
                                    with_unit(s, j, v)
                                )
                            })
                            .collect();
                        if changes.is_empty() {
                            let _ = writeln!(w, "  {who} keeps the same text on the table.");
                        } else {
                            let _ =
                                writeln!(w, "  {who} revises the text: {}.", changes.join("; "));
                        }
                    }
                }
                last_text = Some(text);
                for a in answers {
                    let p = party_name(s, &a.party);
                    let note = if a.required {
                        ""
                    } else {
                        " (its yes is not required)"
                    };
                    let _ = writeln!(w, "    {p}{note}: {}", reason(s, a));
                }
            }
            StoryEvent::Walkout {
                round,
                party,
                best,
                walk_away,
                pressure,
            } => {
                let who = party_name(s, party);
                let pressed = if *pressure > 0.0 {
                    format!(", after {pressure:.3} of the mediator's pressure")
                } else {
                    String::new()
                };
                let _ = match best {
                    Some(best) => {
                        let (best, walk) = distinct(*best, *walk_away);
                        writeln!(
                            w,
                            "\n{who} walks out in round {round}: its best achievable text (its ideal inside every required party's red lines, after its trust and rearming discounts) is worth {best} to it, less than what it expects from fighting on ({walk}{pressed}) by more than the cost of breaking off talks ({RENEGING_COST})."
                        )
                    }
                    None => writeln!(w, "\n{who} walks out in round {round}."),
                };
            }
            StoryEvent::Signed { round, day } => {
                let _ = writeln!(w, "\nSIGNED in round {round}, day {day}. The terms:");
                if let Some(t) = last_text {
                    for (id, v) in t {
                        let j = s.issue_index(id).unwrap_or(0);
                        let _ = writeln!(w, "    {}: {}", s.issues[j].label, with_unit(s, j, v));
                    }
                }
                if s.truce.is_some() {
                    let _ = writeln!(w, "\nThe pause (days since signing)");
                }
            }
            StoryEvent::Violation {
                day,
                violator,
                deliberate,
                seen,
                trust,
            } => {
                if violations_shown >= 25 {
                    violations_hidden += 1;
                    continue;
                }
                violations_shown += 1;
                let seen = match seen {
                    Sighting::Verified => "verified by the monitors",
                    Sighting::Contested if *deliberate => {
                        "seen by its victim only: accusations and denials"
                    }
                    Sighting::Contested => "accusations and denials",
                    Sighting::Unseen => "unseen: nobody can say who fired",
                    Sighting::Cleared => "cleared by the monitors",
                };
                let what = if *deliberate {
                    "violation by"
                } else {
                    "false alarm (nobody fired deliberately) blamed on"
                };
                // The two sides of the pause.
                let pair = s.sides();
                let sides: Vec<String> = pair
                    .iter()
                    .flatten()
                    .map(|&p| {
                        let t = trust
                            .iter()
                            .find(|(id, _)| *id == s.parties[p].id)
                            .map(|x| x.1);
                        format!("{} {:.2}", s.parties[p].name, t.unwrap_or(0.0))
                    })
                    .collect();
                let _ = writeln!(
                    w,
                    "  day {:>5.1}: {what} {}, {seen}; trust now {}",
                    day,
                    party_name(s, violator),
                    sides.join(", ")
                );
            }
            StoryEvent::Kept {
                day,
                party,
                value,
                walk_away,
            } => {
                let _ = writeln!(
                    w,
                    "  day {day:>5.1}: {} would now rather fight ({walk_away:.2}) than keep the pause ({value:.2}), but not by the cost of reneging on a signed pause ({RENEGING_COST}): it keeps the pause for now",
                    party_name(s, party)
                );
            }
            StoryEvent::Abandoned {
                day,
                party,
                value,
                walk_away,
            } => {
                let _ = writeln!(
                    w,
                    "  day {day:>5.1}: {} abandons the pause: keeping it is now worth {value:.2}, less than fighting ({walk_away:.2}) by more than the cost of reneging on a signed pause ({RENEGING_COST})",
                    party_name(s, party)
                );
            }
            StoryEvent::Renewed { day, until } => {
                let _ = writeln!(
                    w,
                    "  day {day:>5}: the term ends; every party renews it, to day {until}"
                );
            }
            StoryEvent::Overwhelmed { day } => {
                let _ = writeln!(
                    w,
                    "  day {day:>5.1}: more incidents than a run plays ({}): open war under another name, counted as a collapse",
                    truce_core::engine::pause::MAX_INCIDENTS
                );
            }
            StoryEvent::NotRenewed { day, party } => {
                let who = match party {
                    Some(p) => format!("{} will not renew it", party_name(s, p)),
                    None => "it is not renewable".to_string(),
                };
                let _ = writeln!(w, "  day {day:>5}: the term ends and {who}");
            }
            StoryEvent::End { .. } => {}
        }
    }
    let violations_hidden = violations_hidden as u64 + story.incidents_untold;
    if violations_hidden > 0 {
        let _ = writeln!(w, "  ... and {violations_hidden} more incidents");
    }
    let r = &story.record;
    let _ = writeln!(w);
    let ending = match r.outcome {
        Outcome::NoDeal => {
            "NO DEAL: the talks ran out of rounds without every required yes.".to_string()
        }
        Outcome::Walkout => "WALKOUT: a required party left the talks.".to_string(),
        Outcome::Collapsed => match &s.truce {
            Some(t) if t.collapse_after.is_some_and(|n| r.detected >= n) => format!(
                "COLLAPSED after {} days of pause: the {} detected violation ended it (collapse_after = {}).",
                r.truce_days,
                ordinal(r.detected),
                r.detected
            ),
            _ => format!(
                "COLLAPSED after {} days of pause: a side ended it as worth less than fighting.",
                r.truce_days
            ),
        },
        Outcome::Expired => format!(
            "EXPIRED: the pause ran {} days and was not renewed.",
            r.truce_days
        ),
        Outcome::Held => {
            if s.truce.is_some() {
                format!(
                    "HELD: the pause stood to the horizon ({} days kept).",
                    r.truce_days
                )
            } else {
                "HELD: the deal stands.".to_string()
            }
        }
    };
    let _ = writeln!(w, "Ending: {ending}");
    if let Some(b) = &r.blocker_description {
        let _ = writeln!(w, "What stopped the last text: {b}.");
    }
    if r.violations > 0 {
        let _ = writeln!(
            w,
            "Violations: {} committed, {} detected.",
            r.violations, r.detected
        );
    }
    if r.renewals > 0 {
        let _ = writeln!(w, "Renewals: {}.", r.renewals);
    }
    if let Some(u) = &r.utilities {
        let us: Vec<String> = u
            .iter()
            .map(|(id, x)| format!("{} {:.2}", party_name(s, id), x))
            .collect();
        let _ = writeln!(
            w,
            "Utilities of the deal (before trust discounts): {}.",
            us.join(", ")
        );
    }
    if let Some(d) = r.nash_distance {
        let eff = if r.pareto_efficient == Some(true) {
            "on"
        } else {
            "inside"
        };
        let _ = writeln!(
            w,
            "Distance from the Nash bargaining point: {d:.3} (the deal lies {eff} the Pareto frontier)."
        );
    }
    out
}

/// `1st`, `2nd`, `3rd`, `4th`...
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A value of issue `j` for reading: a number with its unit, an option as words
/// (`ceasefire_only` -> `ceasefire only`).
fn with_unit(s: &Scenario, j: usize, v: &str) -> String {
    let unit = s.issues[j].unit();
    if v.parse::<f64>().is_err() {
        v.replace('_', " ")
    } else if unit.is_empty() {
        v.to_string()
    } else {
        format!("{v} {unit}")
    }
}

/// A small positive number to three significant digits in plain decimals, for reading:
/// `0.000034307205980717836` -> `0.0000343`.
fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format_number(x);
    }
    let digits = (2 - x.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::significant;

    #[test]
    fn small_rates_read_in_three_significant_digits() {
        assert_eq!(significant(0.000034307205980717836), "0.0000343");
        assert_eq!(significant(0.001), "0.001");
        assert_eq!(significant(0.12345), "0.123");
        assert_eq!(significant(2054.7), "2055");
        assert_eq!(significant(0.0), "0");
    }
}
