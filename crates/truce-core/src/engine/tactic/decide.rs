//! How a tactic decides: the [`Tactic`] trait, what a tactic may look at ([`TacticInput`],
//! [`Talks`]), Faratin's clock, and the rule that keeps every target between the walk-away value
//! and the best hope ([`target`]).

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
    /// Whether the party's demand follows a schedule it can read one round ahead (Faratin's
    /// time-dependent curves, the hardliner's constant): the acceptance rule then compares a
    /// text with the party's *next* demand (`AC_next`). A tactic that reacts to the others'
    /// moves cannot know its next demand; its current one stands in.
    fn scheduled(&self) -> bool {
        false
    }
    /// Whether the party refuses every text below its demand, however the talks look: a
    /// hardliner does; every other tactic takes a text that beats what going on can be expected
    /// to bring (`docs/MODEL.md`, section 8).
    fn holds_out(&self) -> bool {
        false
    }
    /// The target the tactic asks for this round; [`target`] then keeps it between the
    /// walk-away value and the best hope. Generic over the view of the talks, so the engine
    /// calls it without indirection (the registry's `Registered` dispatches by `match`).
    fn demand<T: Talks + ?Sized>(&self, input: &TacticInput<'_, T>) -> f64
    where
        Self: Sized;
}

/// What a tactic can see of the talks when it sets a party's target. The run in progress
/// implements it ([`crate::engine::RunState`]); tests implement it with plain numbers.
pub trait Talks {
    /// The parties whose yes a deal needs.
    fn required(&self) -> &[usize];
    /// A party's target last round (1 before any round).
    fn last_target(&self, party: usize) -> f64;
    /// A party's target the round before last.
    fn target_before_last(&self, party: usize) -> f64;
    /// A party's answer to the last text (meaningful from round 2; in the Monte Carlo only
    /// the required parties answer).
    fn answer(&self, party: usize) -> Verdict;
    /// For the party that tabled the last text: its answer to the other side's text before.
    fn earlier_answer(&self, party: usize) -> Option<Verdict>;
    /// The party that tabled the text on the table; `None` for the mediator's text (or the
    /// opening text).
    fn tabled_by(&self) -> Option<usize>;
    /// The value to a party of the text on the table when the round opens (under mediation
    /// the text about to be answered; under alternating offers last round's package), with
    /// this round's walk-away values, trust and waivers.
    fn value(&self, party: usize) -> f64;
    /// A party's walk-away value this round.
    fn walk_away(&self, party: usize) -> f64;
    /// `2^(2 leverage - 1)`: how far `leverage` stretches the party's concession clock
    /// ([`super::leveraged_beta`]). The run in progress keeps it per party, since leverage
    /// rarely changes; the value is the same either way.
    #[inline]
    fn stretch(&self, _party: usize, leverage: f64) -> f64 {
        (2.0 * leverage - 1.0).exp2()
    }
}

/// Everything a tactic may look at in one round.
pub struct TacticInput<'a, T: Talks + ?Sized> {
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
    pub others: Others<'a, T>,
}

impl<T: Talks + ?Sized> Clone for TacticInput<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Talks + ?Sized> Copy for TacticInput<'_, T> {}

/// What a party can see of the other parties that must agree, and of the text on the table.
pub struct Others<'a, T: Talks + ?Sized> {
    /// The party setting its target.
    pub party: usize,
    /// The talks as the party sees them.
    pub talks: &'a T,
}

impl<T: Talks + ?Sized> Clone for Others<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Talks + ?Sized> Copy for Others<'_, T> {}

impl<T: Talks + ?Sized> Others<'_, T> {
    /// The other required parties.
    #[inline]
    pub fn parties(&self) -> impl Iterator<Item = usize> + '_ {
        let party = self.party;
        self.talks
            .required()
            .iter()
            .copied()
            .filter(move |&q| q != party)
    }

    /// How much the other required parties lowered their targets last round, on average;
    /// `None` without other required parties.
    #[inline]
    pub fn mean_concession(&self) -> Option<f64> {
        let mut sum = 0.0;
        let mut n = 0;
        for q in self.parties() {
            sum += self.talks.target_before_last(q) - self.talks.last_target(q);
            n += 1;
        }
        (n > 0).then(|| sum / n as f64)
    }

    /// Party x's answer to the last text another party tabled (the other side's offer, as x
    /// valued it then; under mediation the mediator's last text); `None` before it has answered
    /// one.
    #[inline]
    pub fn offered(&self, x: usize) -> Option<Verdict> {
        if self.talks.tabled_by() == Some(x) {
            self.talks.earlier_answer(x)
        } else {
            Some(self.talks.answer(x))
        }
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
pub fn target<A: Tactic, T: Talks + ?Sized>(tactic: &A, i: &TacticInput<'_, T>) -> f64 {
    let top = i.best.max(i.walk_away);
    tactic.demand(i).clamp(i.walk_away, top)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two required parties (0 and 1) seen through plain numbers.
    #[derive(Debug, Clone)]
    pub(crate) struct Seen {
        pub last: [f64; 2],
        pub before_last: [f64; 2],
        pub answers: [Verdict; 2],
        pub earlier: [Option<Verdict>; 2],
        pub tabled_by: Option<usize>,
        /// Value of the text on the table to each party.
        pub values: [f64; 2],
        pub walk_away: f64,
    }

    impl Default for Seen {
        fn default() -> Seen {
            Seen {
                last: [1.0; 2],
                before_last: [1.0; 2],
                answers: [Verdict::NONE; 2],
                earlier: [None; 2],
                tabled_by: None,
                values: [0.0; 2],
                walk_away: 0.0,
            }
        }
    }

    impl Talks for Seen {
        fn required(&self) -> &[usize] {
            &[0, 1]
        }
        fn last_target(&self, party: usize) -> f64 {
            self.last[party]
        }
        fn target_before_last(&self, party: usize) -> f64 {
            self.before_last[party]
        }
        fn answer(&self, party: usize) -> Verdict {
            self.answers[party]
        }
        fn earlier_answer(&self, party: usize) -> Option<Verdict> {
            self.earlier[party]
        }
        fn tabled_by(&self) -> Option<usize> {
            self.tabled_by
        }
        fn value(&self, party: usize) -> f64 {
            self.values[party]
        }
        fn walk_away(&self, _: usize) -> f64 {
            self.walk_away
        }
    }

    /// Nothing to see: no other party.
    pub(crate) struct Alone;

    impl Talks for Alone {
        fn required(&self) -> &[usize] {
            &[0]
        }
        fn last_target(&self, _: usize) -> f64 {
            1.0
        }
        fn target_before_last(&self, _: usize) -> f64 {
            1.0
        }
        fn answer(&self, _: usize) -> Verdict {
            Verdict::NONE
        }
        fn earlier_answer(&self, _: usize) -> Option<Verdict> {
            None
        }
        fn tabled_by(&self) -> Option<usize> {
            None
        }
        fn value(&self, _: usize) -> f64 {
            0.0
        }
        fn walk_away(&self, _: usize) -> f64 {
            0.0
        }
    }

    /// Party 0 with no one else in view, at leverage 0.5 (beta as written).
    pub(crate) fn input(beta: f64, round: u32, deadline: u32) -> TacticInput<'static, Alone> {
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
                talks: &Alone,
            },
        }
    }

    /// Party 0 of `seen`, at leverage 0.5, in `round` of `deadline`.
    pub(crate) fn seeing(seen: &Seen, round: u32, deadline: u32) -> TacticInput<'_, Seen> {
        TacticInput {
            beta: 1.0,
            leverage: 0.5,
            walk_away: seen.walk_away,
            best: 1.0,
            round,
            max_rounds: deadline,
            previous: seen.last[0],
            ln_t: ln_time(round, deadline),
            others: Others {
                party: 0,
                talks: seen,
            },
        }
    }
}
