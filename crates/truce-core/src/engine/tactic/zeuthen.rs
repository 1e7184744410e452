//! Zeuthen's risk-based concession (Zeuthen 1930, "Problems of Monopoly and Economic Warfare";
//! Harsanyi 1956, "Approaches to the bargaining problem before and after the theory of games").
//!
//! A party's *willingness to risk conflict* is the share of what it demands over its walk-away
//! value that it would give up by accepting the other side's offer:
//!
//! ```text
//! risk_p = (T_p - V_p) / (T_p - w_p)      clamped to [0, 1]
//! ```
//!
//! with `T_p` its demand (its target), `V_p` what the offer is worth to it and `w_p` its
//! walk-away value (`risk = 0` when nothing is left to risk: `T_p <= w_p`, or the offer already
//! meets the demand). Zeuthen's rule: the party less willing to risk conflict concedes; when
//! the risks are equal, both do. Harsanyi showed that the rule leads to the Nash bargaining
//! solution.
//!
//! In truce the other side's offer is the text on the table when the round opens (the
//! mediator's text; under alternating offers the package the other side tabled last round),
//! or, for a party that tabled that text itself, the other side's package it answered before.
//! From round 2, a Zeuthen party whose risk is no larger than that of every other party that
//! must agree concedes; otherwise it holds its demand. Conceding, it lowers its demand to what
//! the offer is worth to it when the offer beats walking away (so it accepts the offer); an
//! offer worse than walking away it will not accept, but it gives up half the distance between
//! its demand and its walk-away value ([`STEP`]). Demands never rise. A party that has not
//! answered an offer yet counts as risking nothing, so nobody concedes to a side that has not
//! shown its hand. In round 1 it asks for its best hope. The clock matters only at the end: in
//! the last round a refusal means conflict for certain, which no risk limit below 1 accepts, so
//! every Zeuthen party concedes then. `beta` and leverage play no part: it compares risks, not
//! power (leverage still weighs its objections in the mediator's revisions).

use super::decide::{Others, Tactic, TacticInput, Talks};
use crate::engine::utility::EPS;

/// Share of the distance between its demand and its walk-away value that a conceding party
/// gives up when the offer is worse than walking away. Assumption: 0.5, splitting the
/// difference; a smaller step only makes talks between Zeuthen parties slower.
pub const STEP: f64 = 0.5;

/// Concedes when it is less willing to risk conflict than the others.
#[derive(Debug)]
pub struct Zeuthen;

/// The share of the surplus it demands over its walk-away value that a party gives up by
/// accepting an offer worth `value` to it: its willingness to risk conflict, on [0, 1].
pub fn risk(demand: f64, value: f64, walk_away: f64) -> f64 {
    let surplus = demand - walk_away;
    if surplus <= EPS {
        return 0.0;
    }
    ((demand - value) / surplus).clamp(0.0, 1.0)
}

/// Party x's demand, the value to it of the other side's latest offer, and its walk-away
/// value; `None` before it has seen an offer from another party.
fn standing<T: Talks + ?Sized>(o: &Others<'_, T>, x: usize) -> Option<(f64, f64, f64)> {
    let talks = o.talks;
    if talks.tabled_by() != Some(x) {
        Some((talks.last_target(x), talks.value(x), talks.walk_away(x)))
    } else {
        let v = o.offered(x)?;
        Some((v.target, v.value, v.walk_away))
    }
}

impl Tactic for Zeuthen {
    fn name(&self) -> &'static str {
        "zeuthen"
    }
    fn posture(&self) -> &'static str {
        "weighs the risk of a breakdown: gives way when it has less to lose by accepting than the other side, holds firm otherwise"
    }
    fn demand<T: Talks + ?Sized>(&self, i: &TacticInput<'_, T>) -> f64 {
        if i.round <= 1 {
            return i.best.max(i.walk_away);
        }
        let o = &i.others;
        let Some((demand, value, walk_away)) = standing(o, o.party) else {
            return i.previous;
        };
        let mine = risk(demand, value, walk_away);
        let theirs = o
            .parties()
            .map(|q| standing(o, q).map_or(0.0, |(d, v, w)| risk(d, v, w)))
            .fold(f64::INFINITY, f64::min);
        let last_round = i.round >= i.max_rounds;
        if mine > theirs + EPS && !last_round {
            return i.previous;
        }
        // Concede: to the offer if it beats walking away, else halfway to the walk-away value.
        let conceded = if value >= i.walk_away {
            value
        } else {
            i.previous - STEP * (i.previous - i.walk_away)
        };
        i.previous.min(conceded)
    }
}

#[cfg(test)]
mod tests {
    use super::super::decide::target;
    use super::super::decide::tests::{Seen, input, seeing};
    use super::*;
    use crate::engine::trace::{Answer, Verdict};

    fn answered(target: f64, value: f64) -> Option<Verdict> {
        Some(Verdict {
            answer: Answer::Target,
            utility: value,
            value,
            target,
            walk_away: 0.2,
        })
    }

    /// Party 0's target in round 3 (of 12): it demanded `demands[0]` last round, party 1
    /// `demands[1]`; the text on the table is worth `values` to them and was tabled by `by`;
    /// `earlier` is, for a party that tabled it, its answer to the other side's package before.
    fn demand(
        demands: [f64; 2],
        values: [f64; 2],
        by: Option<usize>,
        earlier: [Option<Verdict>; 2],
    ) -> f64 {
        let seen = Seen {
            last: demands,
            values,
            tabled_by: by,
            earlier,
            walk_away: 0.2,
            ..Seen::default()
        };
        target(&Zeuthen, &seeing(&seen, 3, 12))
    }

    /// Under mediation: the mediator's text is worth `values`.
    fn mediated(demands: [f64; 2], values: [f64; 2]) -> f64 {
        demand(demands, values, None, [None, None])
    }

    #[test]
    fn risk_is_the_share_of_the_demanded_surplus_an_offer_gives_up() {
        // Demands 0.8 over a walk-away of 0.2; the offer gives 0.5: half the surplus is lost.
        assert!((risk(0.8, 0.5, 0.2) - 0.5).abs() < 1e-12);
        // An offer that meets the demand risks nothing; one below the walk-away risks all.
        assert_eq!(risk(0.8, 0.9, 0.2), 0.0);
        assert_eq!(risk(0.8, 0.1, 0.2), 1.0);
        // Nothing left above the walk-away value: nothing to risk.
        assert_eq!(risk(0.2, 0.1, 0.2), 0.0);
    }

    #[test]
    fn the_party_less_willing_to_risk_conflict_concedes_to_the_offer() {
        // Party 0 loses half its surplus by accepting, party 1 three quarters: 0 concedes, to
        // what the text is worth to it (so it accepts the text).
        assert!((mediated([0.8, 0.9], [0.5, 0.375]) - 0.5).abs() < 1e-12);
        // The other way round it holds its demand.
        assert!((mediated([0.8, 0.9], [0.35, 0.55]) - 0.8).abs() < 1e-12);
        // Equal risks: both concede (Zeuthen's rule for a tie).
        assert!((mediated([0.8, 0.8], [0.5, 0.5]) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn an_offer_worse_than_walking_away_halves_the_gap_and_demands_never_rise() {
        // Worth less than walking away to both (risks tie at 1): the demand moves halfway
        // from 0.8 to the walk-away value 0.2.
        assert!((mediated([0.8, 0.9], [0.1, 0.0]) - 0.5).abs() < 1e-12);
        // A text worth more than its demand does not raise the demand.
        assert!((mediated([0.6, 0.9], [0.7, 0.3]) - 0.6).abs() < 1e-12);
    }

    /// Under alternating offers a party that tabled the text itself weighs the other side's
    /// package it answered before; before it has answered one it neither concedes nor counts.
    #[test]
    fn a_proposer_weighs_the_other_sides_last_package() {
        // Party 0 tabled the text; it answered party 1's package before at 0.35 of 0.8
        // (risk 0.75), party 1 values 0's text at 0.55 of 0.9 (risk 0.5): 0 holds.
        let earlier = [answered(0.8, 0.35), None];
        assert!((demand([0.8, 0.9], [1.0, 0.55], Some(0), earlier) - 0.8).abs() < 1e-12);
        // With no package of party 1 answered yet, party 0 holds whatever party 1 risks.
        assert!((demand([0.8, 0.9], [1.0, 0.0], Some(0), [None, None]) - 0.8).abs() < 1e-12);
        // Party 1 tabled the text: party 0 weighs it now (0.5 of 0.8: risk 0.5), against
        // party 1's answer to 0's package before (0.375 of 0.9: risk 0.75): 0 concedes.
        let earlier = [None, answered(0.9, 0.375)];
        assert!((demand([0.8, 0.9], [0.5, 1.0], Some(1), earlier) - 0.5).abs() < 1e-12);
    }

    /// In the last round a refusal means conflict for certain: it concedes whatever the risks.
    #[test]
    fn in_the_last_round_it_concedes_to_an_offer_that_beats_walking_away() {
        let seen = Seen {
            last: [0.8, 0.9],
            values: [0.35, 0.55],
            walk_away: 0.2,
            ..Seen::default()
        };
        assert!((target(&Zeuthen, &seeing(&seen, 12, 12)) - 0.35).abs() < 1e-12);
    }

    #[test]
    fn round_one_asks_for_the_best_hope() {
        let first = TacticInput {
            walk_away: 0.2,
            ..input(1.0, 1, 12)
        };
        assert_eq!(target(&Zeuthen, &first), 1.0);
    }
}
