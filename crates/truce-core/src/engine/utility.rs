//! Preferences: what a text is worth to a party, and whether it can accept it at all.
//!
//! Utility is linear additive over issues (Keeney and Raiffa 1976; the default utility space of
//! Genius and NegMAS): `u_p(x) = sum_j w_pj * (1 - |x_j - a_pj|)`, minus the penalty of each
//! condition the text leaves unmet and the party has not waived. A red line is not a cost but a
//! veto: a text that crosses one is unacceptable at any utility.

use crate::model::{Constraint, Scenario};

/// Utilities and values closer than this count as equal (a text "reaches" a target it misses
/// by rounding only).
pub const EPS: f64 = 1e-9;

/// `sum_j w_j * (1 - |x_j - a_j|)`: 1 at the party's ideal text, 0 at the farthest corner.
#[inline]
pub fn base_utility(weights: &[f64], ideals: &[f64], text: &[f64]) -> f64 {
    // Summed in issue order, like any loop over j; zipped so no index is checked.
    let mut u = 0.0;
    for ((&w, &a), &x) in weights.iter().zip(ideals).zip(text) {
        u += w * (1.0 - (x - a).abs());
    }
    u
}

/// The tolerance of [`Rule::allows`] at an interval's ends.
const RULE_EPS: f64 = 1e-9;

/// A red line or condition compiled for the hot loop: an interval on [0, 1] and a bitmask of
/// forbidden options, so checking it is two comparisons and a shift.
#[derive(Debug, Clone, Copy)]
pub struct Rule<'a> {
    /// The issue it bounds.
    pub issue: usize,
    lo: f64,
    hi: f64,
    /// `lo - EPS` and `hi + EPS`, the bounds [`Rule::allows`] compares with (the same
    /// numbers it would compute, computed once).
    lo_eps: f64,
    hi_eps: f64,
    /// Bit k set: option k is forbidden (options 0..64).
    forbid: u64,
    /// Options minus one (0 for numeric issues), to turn a position into an option index.
    steps: f64,
    /// Set when an option beyond the 64th is forbidden: check the full constraint instead.
    wide: Option<&'a Constraint>,
}

impl<'a> Rule<'a> {
    /// Compile `c`, a constraint of `s`.
    pub fn compile(c: &'a Constraint, s: &Scenario) -> Rule<'a> {
        let issue = &s.issues[c.issue];
        let mut forbid = 0u64;
        let mut wide = None;
        for &k in &c.forbid {
            if k < 64 {
                forbid |= 1 << k;
            } else {
                wide = Some(c);
            }
        }
        let lo = c.min.unwrap_or(f64::NEG_INFINITY);
        let hi = c.max.unwrap_or(f64::INFINITY);
        Rule {
            issue: c.issue,
            lo,
            hi,
            lo_eps: lo - RULE_EPS,
            hi_eps: hi + RULE_EPS,
            forbid,
            steps: issue.option_count().map_or(0.0, |n| (n - 1) as f64),
            wide,
        }
    }

    /// The nearest value the rule allows on a numeric issue (ignores forbidden options).
    #[inline]
    pub fn clamp_into(&self, x: f64) -> f64 {
        x.clamp(self.lo.max(0.0), self.hi.min(1.0).max(self.lo.max(0.0)))
    }

    /// Whether value `x` of the rule's issue satisfies it (same answer as
    /// [`Constraint::allows`], which stays the reference).
    #[inline]
    pub fn allows(&self, x: f64, s: &Scenario) -> bool {
        if x < self.lo_eps || x > self.hi_eps {
            return false;
        }
        if self.forbid != 0 {
            let k = (x.clamp(0.0, 1.0) * self.steps + 0.5) as u32;
            if k < 64 && (self.forbid >> k) & 1 == 1 {
                return false;
            }
        }
        match self.wide {
            Some(c) => c.allows(&s.issues[c.issue], x),
            None => true,
        }
    }
}

/// Every party's red lines and conditions, compiled, flattened in party order.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    /// Red lines, flattened in party order.
    pub red_lines: Vec<Rule<'a>>,
    /// Index of party p's first red line; `red_start[p + 1]` ends it.
    pub red_start: Vec<usize>,
    /// Flattened like `Draws::penalty` (use `Draws::condition_start`).
    pub conditions: Vec<Rule<'a>>,
}

impl<'a> Rules<'a> {
    /// Compile every party's red lines and conditions.
    pub fn compile(s: &'a Scenario) -> Rules<'a> {
        let mut red_start = vec![0];
        let mut red_lines = Vec::new();
        let mut conditions = Vec::new();
        for p in &s.parties {
            red_lines.extend(p.red_lines.iter().map(|r| Rule::compile(&r.constraint, s)));
            red_start.push(red_lines.len());
            conditions.extend(p.conditions.iter().map(|c| Rule::compile(&c.constraint, s)));
        }
        Rules {
            red_lines,
            red_start,
            conditions,
        }
    }

    /// The first of party p's red lines that `text` crosses.
    #[inline]
    pub fn crossed_red_line(&self, s: &Scenario, p: usize, text: &[f64]) -> Option<usize> {
        self.red_lines[self.red_start[p]..self.red_start[p + 1]]
            .iter()
            .position(|r| !r.allows(text[r.issue], s))
    }
}

/// Total penalty of the unmet, unwaived conditions among `rules` (one party's), and the
/// costliest of them. (Always inlined: it runs for every party on every text the hot loop
/// values, and a call costs more than its loop.)
#[inline(always)]
pub fn condition_cost(
    s: &Scenario,
    rules: &[Rule<'_>],
    text: &[f64],
    penalty: &[f64],
    waived: &[bool],
) -> (f64, Option<usize>) {
    let mut total = 0.0;
    let mut worst: Option<(usize, f64)> = None;
    for (k, rule) in rules.iter().enumerate() {
        if waived[k] || rule.allows(text[rule.issue], s) {
            continue;
        }
        total += penalty[k];
        if worst.is_none_or(|(_, w)| penalty[k] > w) {
            worst = Some((k, penalty[k]));
        }
    }
    (total, worst.map(|(k, _)| k))
}

/// How much of a deal's surplus over the walk-away value is lost at zero trust (Fearon 1995:
/// a party that doubts the other side will keep the deal counts its gains only in part).
pub const TRUST_DISCOUNT: f64 = 0.5;

/// Utility lost at zero trust by a party whose opponent may rearm fully during the pause
/// (Fearon's commitment problem: the pause shifts power toward the side that rearms).
pub const REARM_DISCOUNT: f64 = 0.3;

/// A text's value to a party that doubts it will be kept:
/// `v = w + (u - w)(1 - TRUST_DISCOUNT (1 - trust)) - REARM_DISCOUNT (1 - trust) exposure`
/// when `u >= w` (w = walk-away), and `u - REARM_DISCOUNT (1 - trust) exposure` otherwise.
/// `exposure` in [0, 1] is how far the text lets the party's opponent rearm.
#[inline]
pub fn discounted_value(utility: f64, walk_away: f64, trust: f64, exposure: f64) -> f64 {
    let doubt = 1.0 - trust;
    let kept = if utility >= walk_away {
        walk_away + (utility - walk_away) * (1.0 - TRUST_DISCOUNT * doubt)
    } else {
        utility
    };
    kept - REARM_DISCOUNT * doubt * exposure
}

/// The most a mediator's pressure can lower a party's walk-away value: a mediator with full
/// leverage pressing a party with none (Touval and Zartman 1985, Beardsley 2011: manipulative
/// mediation, the carrots and sticks that change what fighting on is worth). Assumption: 0.2,
/// about the weight of one salient issue in a deal of several, less than the 0.3 a side
/// loses to full rearmament at zero trust ([`REARM_DISCOUNT`]).
pub const MEDIATOR_PRESSURE: f64 = 0.2;

/// Days after signing that halve the mediator's pressure: its inducements are paid at
/// signing and its threats need an attention that moves on to the next crisis (Beardsley 2008,
/// "Agreement without peace?": agreements reached with a mediator's leverage are likelier but
/// less durable, because the incentives it added do not last). Assumption: 60 days.
pub const PRESSURE_HALF_LIFE_DAYS: f64 = 60.0;

/// How far a mediator with leverage `mediator` lowers the walk-away value of a party with
/// leverage `party`: `MEDIATOR_PRESSURE * mediator * (1 - party)`. A strong party needs the
/// mediator's goods less and fears its threats less, so pressure falls with its own leverage.
#[inline]
pub fn pressure(mediator: f64, party: f64) -> f64 {
    MEDIATOR_PRESSURE * mediator * (1.0 - party)
}

/// The pressure on party p of `s`'s mediator, given each party's leverage (drawn, or central):
/// none without a mediator, and none on the mediator itself.
#[inline]
pub fn pressure_on(s: &Scenario, p: usize, leverage: impl Fn(usize) -> f64) -> f64 {
    match s.mediator {
        Some(m) if m != p => pressure(leverage(m), leverage(p)),
        _ => 0.0,
    }
}

/// The walk-away value: `clamp(reservation + sensitivity * momentum_for_p - pressure, 0, 1)`.
#[inline]
pub fn walk_away(
    reservation: f64,
    sensitivity: f64,
    momentum_for_party: f64,
    pressure: f64,
) -> f64 {
    (reservation + sensitivity * momentum_for_party - pressure).clamp(0.0, 1.0)
}

/// Party p's walk-away value as the talks open, at the scenario's central values: its
/// reservation moved by the starting momentum in its favour, less the mediator's pressure. The
/// one number every output shows as "the walk-away value" of a party (summary, report, charts,
/// briefing cards) and the disagreement point of the bargaining analysis.
pub fn opening_walk_away(s: &Scenario, p: usize) -> f64 {
    let party = &s.parties[p];
    let momentum = s.battlefield.as_ref().map_or(0.0, |b| b.momentum.central());
    walk_away(
        party.reservation.central(),
        party.momentum_sensitivity.central(),
        s.momentum_sign(p) * momentum,
        pressure_on(s, p, |q| s.parties[q].leverage.central()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_utility_is_one_at_the_ideal_and_linear_away_from_it() {
        let w = [0.75, 0.25];
        let a = [0.2, 1.0];
        assert!((base_utility(&w, &a, &a) - 1.0).abs() < 1e-12);
        // 0.75 * (1 - 0.3) + 0.25 * (1 - 0.5) = 0.525 + 0.125
        assert!((base_utility(&w, &a, &[0.5, 0.5]) - 0.65).abs() < 1e-12);
    }

    #[test]
    fn full_trust_keeps_the_value_and_zero_trust_halves_the_surplus() {
        assert!((discounted_value(0.8, 0.4, 1.0, 1.0) - 0.8).abs() < 1e-12);
        assert!((discounted_value(0.8, 0.4, 0.0, 0.0) - 0.6).abs() < 1e-12);
        assert!((discounted_value(0.8, 0.4, 0.0, 1.0) - 0.3).abs() < 1e-12);
        // Below the walk-away value there is no surplus to discount.
        assert!((discounted_value(0.3, 0.4, 0.0, 0.0) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn walk_away_moves_with_momentum_and_stays_in_range() {
        assert!((walk_away(0.4, 0.5, 0.2, 0.0) - 0.5).abs() < 1e-12);
        assert_eq!(walk_away(0.9, 1.0, 1.0, 0.0), 1.0);
        assert_eq!(walk_away(0.1, 1.0, -1.0, 0.0), 0.0);
        // Pressure lowers it, and it stays in range.
        assert!((walk_away(0.4, 0.5, 0.2, 0.1) - 0.4).abs() < 1e-12);
        assert_eq!(walk_away(0.05, 0.0, 0.0, 0.2), 0.0);
    }

    #[test]
    fn pressure_grows_with_the_mediators_leverage_and_falls_with_the_partys() {
        assert!((pressure(1.0, 0.0) - MEDIATOR_PRESSURE).abs() < 1e-12);
        assert!((pressure(0.5, 0.5) - 0.05).abs() < 1e-12);
        assert_eq!(pressure(0.0, 0.2), 0.0);
        assert_eq!(pressure(0.9, 1.0), 0.0);
        assert!(pressure(0.7, 0.3) > pressure(0.5, 0.3));
        assert!(pressure(0.7, 0.3) > pressure(0.7, 0.6));
    }
}
