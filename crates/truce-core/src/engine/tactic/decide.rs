//! How a tactic decides: the [`Tactic`] trait, what a tactic may look at ([`TacticInput`]),
//! Faratin's clock, and the rule that keeps every target between the walk-away value and the
//! best hope ([`target`]).

use crate::engine::trace::Verdict;

/// How a party concedes.
pub trait Tactic: Sync + Send {
    /// The name scenario files use (`tactic = "..."`).
    fn name(&self) -> &'static str;
    /// The concession exponent when the file gives no `beta`.
    fn default_beta(&self) -> f64 {
        1.0
    }
    /// Whether the tactic reads `beta` at all (sensitivity analyses skip it otherwise, and
    /// narration does not show it).
    fn reads_beta(&self) -> bool {
        false
    }
    /// How a facilitator would say it, for briefing cards: "concedes steadily, a little every
    /// round".
    fn posture(&self) -> &'static str;
    /// The target the tactic asks for this round; [`target`] then keeps it between the
    /// walk-away value and the best hope.
    fn demand(&self, input: &TacticInput<'_>) -> f64;
}

/// Everything a tactic may look at in one round.
#[derive(Clone, Copy)]
pub struct TacticInput<'a> {
    /// Faratin's concession exponent, as drawn for this run.
    pub beta: f64,
    /// The party's leverage this round, on [0, 1].
    pub leverage: f64,
    /// Its walk-away value this round.
    pub walk_away: f64,
    /// Faratin's `Pmax`: the value of the best text the party could hope for (its ideal inside
    /// everyone's red lines, discounted for trust like any text), so a party whose ideal is on
    /// the table accepts it at once whatever its trust.
    pub best: f64,
    /// Round (1-based).
    pub round: u32,
    /// The last round the talks can have.
    pub max_rounds: u32,
    /// The party's target last round (1 in round 1).
    pub previous: f64,
    /// `ln t` of Faratin's clock for this round ([`ln_time`]), tabled once per run.
    pub ln_t: f64,
    /// What the party can see of the others.
    pub others: Others<'a>,
}

/// What a party can see of the other required parties when it sets its target: their
/// targets of the last two rounds and their answers to the last text.
#[derive(Clone, Copy)]
pub struct Others<'a> {
    /// The party setting its target.
    pub party: usize,
    /// The parties whose yes a deal needs.
    pub required: &'a [usize],
    /// Every party's target last round (1 before any round).
    pub last: &'a [f64],
    /// Every party's target the round before last.
    pub before_last: &'a [f64],
    /// Every party's answer to the last text (meaningful from round 2; in the Monte Carlo only
    /// the required parties answer).
    pub answers: &'a [Verdict],
    /// Every party's answer to the last text another party tabled: the other side's offer,
    /// as it valued it then (under mediation, the mediator's text). `None` before a party has
    /// answered one.
    pub offered: &'a [Option<Verdict>],
    /// The text on the table now, as each party sees it this round.
    pub table: &'a dyn Table,
}

/// The text on the table when a round opens (under mediation the text about to be answered;
/// under alternating offers last round's package, before this round's proposer drafts), as
/// each party sees it with this round's walk-away values, trust and waivers.
pub trait Table {
    /// Its value to `party`, discounted for trust and rearmament like any text.
    fn value(&self, party: usize) -> f64;
    /// The party that tabled it; `None` for the mediator's text (or the opening text).
    fn tabled_by(&self) -> Option<usize>;
    /// `party`'s walk-away value this round.
    fn walk_away(&self, party: usize) -> f64;
}

/// No text in view: for tests of tactics that do not look at the table.
#[cfg(test)]
pub(crate) struct Bare;

#[cfg(test)]
impl Table for Bare {
    fn value(&self, _: usize) -> f64 {
        0.0
    }
    fn tabled_by(&self) -> Option<usize> {
        None
    }
    fn walk_away(&self, _: usize) -> f64 {
        0.0
    }
}

impl Others<'_> {
    /// The other required parties.
    pub fn parties(&self) -> impl Iterator<Item = usize> + '_ {
        self.required.iter().copied().filter(|&q| q != self.party)
    }

    /// How much the other required parties lowered their targets last round, on average;
    /// `None` without other required parties.
    pub fn mean_concession(&self) -> Option<f64> {
        let mut sum = 0.0;
        let mut n = 0;
        for q in self.parties() {
            sum += self.before_last[q] - self.last[q];
            n += 1;
        }
        (n > 0).then(|| sum / n as f64)
    }
}

/// Faratin's time `t = round / deadline`, as its logarithm (the hot loop tables it once per
/// run for every round). The deadline is the last round the talks can have (`max_rounds`, or
/// fewer when the horizon cuts them short), so every party reaches its walk-away value in the
/// last round, as Faratin's agents do at `t_max`.
pub fn ln_time(round: u32, deadline: u32) -> f64 {
    let t = (f64::from(round) / f64::from(deadline.max(1))).min(1.0);
    if t > 0.0 { t.ln() } else { f64::NEG_INFINITY }
}

/// The party's target utility for this round: what `tactic` asks for, kept between its
/// walk-away value and its best hope.
#[inline]
pub fn target(tactic: &dyn Tactic, i: &TacticInput<'_>) -> f64 {
    let top = i.best.max(i.walk_away);
    tactic.demand(i).clamp(i.walk_away, top)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An input with no other parties in view, at leverage 0.5 (beta as written).
    pub(crate) fn input(beta: f64, round: u32, deadline: u32) -> TacticInput<'static> {
        TacticInput {
            beta,
            leverage: 0.5,
            walk_away: 0.0,
            best: 1.0,
            round,
            max_rounds: deadline,
            previous: 1.0,
            ln_t: ln_time(round, deadline),
            others: Others {
                party: 0,
                required: &[],
                last: &[],
                before_last: &[],
                answers: &[],
                offered: &[],
                table: &Bare,
            },
        }
    }
}
