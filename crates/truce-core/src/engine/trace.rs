//! What a run can tell about itself while it plays, for `truce narrate` and tabletop play.
//!
//! The engine reports through an [`Observer`]. The Monte Carlo uses [`Silent`], whose
//! `ACTIVE = false` lets the compiler drop every report from the hot loop.

use super::draw::Draws;
use super::record::Outcome;

/// Why a party answered as it did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// Yes.
    Accept,
    /// The text crosses this red line (index into the party's red lines).
    RedLine(usize),
    /// The unmet condition (index into the party's conditions) costs enough to sink the text.
    Condition(usize),
    /// Worth less than the walk-away value.
    WalkAway,
    /// Beats the walk-away value, but not yet the party's concession target.
    Target,
}

impl Answer {
    /// Whether the answer is yes.
    pub fn accepted(self) -> bool {
        matches!(self, Answer::Accept)
    }

    /// Severity for choosing a blocker: a red line outranks a condition, which outranks value.
    pub fn severity(self) -> u8 {
        match self {
            Answer::Accept => 0,
            Answer::Target => 1,
            Answer::WalkAway => 2,
            Answer::Condition(_) => 3,
            Answer::RedLine(_) => 4,
        }
    }
}

/// One party's reading of one text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Yes, or why not.
    pub answer: Answer,
    /// Utility of the text before trust discounts (after condition penalties).
    pub utility: f64,
    /// Value after the trust and rearmament discounts: what is compared with the bar.
    pub value: f64,
    /// The party's concession target this round.
    pub target: f64,
    /// Its walk-away value this round.
    pub walk_away: f64,
}

impl Verdict {
    /// No answer yet.
    pub const NONE: Verdict = Verdict {
        answer: Answer::Accept,
        utility: 0.0,
        value: 0.0,
        target: 0.0,
        walk_away: 0.0,
    };
}

/// How a violation of the pause came to light. Serialised as `verified`, `contested`, `unseen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sighting {
    /// The monitors saw it: established, and handled through the mechanism.
    Verified,
    /// Only the victim saw it: it accuses, the other side denies.
    Contested,
    /// Nobody could tell who fired.
    Unseen,
    /// A false alarm that the monitors cleared: nobody had fired deliberately.
    Cleared,
}

impl Sighting {
    /// The name as the JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Sighting::Verified => "verified",
            Sighting::Contested => "contested",
            Sighting::Unseen => "unseen",
            Sighting::Cleared => "cleared",
        }
    }
}

/// Something that happened in a run.
#[derive(Debug)]
pub enum TraceEvent<'a> {
    /// The run's draws, before round 1.
    Drawn(&'a Draws),
    /// An inject fired at the start of a round.
    Inject {
        /// The round.
        round: u32,
        /// Which event (index into the scenario's events).
        event: usize,
    },
    /// A party dropped a condition because its walk-away value fell below `waive_below`.
    Waived {
        /// The round.
        round: u32,
        /// The party.
        party: usize,
        /// Which of its conditions.
        condition: usize,
    },
    /// A text was put on the table and answered.
    Round {
        /// The round.
        round: u32,
        /// The day it ended (since the start of talks).
        day: u32,
        /// Battlefield momentum then.
        momentum: f64,
        /// The proposing party under the alternating protocol; the mediator otherwise.
        proposer: Option<usize>,
        /// The text, on [0, 1] per issue.
        text: &'a [f64],
        /// Every party's answer.
        verdicts: &'a [Verdict],
        /// Every party's trust then.
        trust: &'a [f64],
    },
    /// A required party left the talks.
    Walkout {
        /// The round.
        round: u32,
        /// The party.
        party: usize,
        /// The value to it of its best achievable text (its ideal inside every required
        /// party's red lines, after its trust and rearming discounts); `None` when a person
        /// took the party out.
        best: Option<f64>,
        /// Its walk-away value then.
        walk_away: f64,
        /// The mediator's pressure then, already taken off `walk_away` (0 without one).
        pressure: f64,
    },
    /// Every required party said yes.
    Signed {
        /// The round.
        round: u32,
        /// The day (since the start of talks).
        day: u32,
        /// The terms, on [0, 1] per issue.
        text: &'a [f64],
    },
    /// An incident of the pause, `day` days after signing: a violation, or a false alarm.
    Violation {
        /// Days since signing.
        day: f64,
        /// The party that fired, or the party blamed for a false alarm.
        violator: usize,
        /// Whether anyone fired deliberately (`false`: a false alarm).
        deliberate: bool,
        /// Who saw it.
        seen: Sighting,
        /// Every party's trust after it.
        trust: &'a [f64],
    },
    /// A party walked away from the pause because keeping it was worth less than fighting.
    Abandoned {
        /// Days since signing.
        day: f64,
        /// The party.
        party: usize,
        /// What keeping the pause was worth to it.
        value: f64,
        /// Its walk-away value then.
        walk_away: f64,
    },
    /// A party kept the pause after an incident although fighting was worth more to it, by
    /// less than the cost of reneging on a signed pause (`pause::RENEGING_COST`).
    Kept {
        /// Days since signing.
        day: f64,
        /// The party.
        party: usize,
        /// What keeping the pause was worth to it.
        value: f64,
        /// Its walk-away value then.
        walk_away: f64,
    },
    /// Every required party renewed the pause at the end of its term.
    Renewed {
        /// The day of renewal (since signing).
        day: u32,
        /// The new end of the term.
        until: u32,
    },
    /// The pause drew more incidents than a run plays ([`super::pause::MAX_INCIDENTS`]):
    /// it is counted as collapsed.
    Overwhelmed {
        /// Days since signing.
        day: f64,
    },
    /// The pause reached its end and at least one required party would not renew it.
    NotRenewed {
        /// The day the term ended (since signing).
        day: u32,
        /// The first party that would not renew it; `None`: the pause is not renewable.
        party: Option<usize>,
    },
    /// The run is over.
    End {
        /// How it ended.
        outcome: Outcome,
        /// The horizon's day.
        day: u32,
    },
}

/// Receives a run's events.
pub trait Observer {
    /// `false` lets the engine skip building events altogether.
    const ACTIVE: bool;
    /// Hear one event.
    fn on(&mut self, event: TraceEvent<'_>);
}

/// The observer of the Monte Carlo hot loop: hears nothing, costs nothing.
pub struct Silent;

impl Observer for Silent {
    const ACTIVE: bool = false;
    #[inline(always)]
    fn on(&mut self, _event: TraceEvent<'_>) {}
}
