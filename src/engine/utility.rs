//! Preferences: what a text is worth to a party, and whether it can accept it at all.
//!
//! Utility is linear additive over issues (Keeney and Raiffa 1976; the default utility space of
//! Genius and NegMAS): `u_p(x) = sum_j w_pj * (1 - |x_j - a_pj|)`, minus the penalty of each
//! condition the text leaves unmet and the party has not waived. A red line is not a cost but a
//! veto: a text that crosses one is unacceptable at any utility.

use crate::model::Scenario;

/// `sum_j w_j * (1 - |x_j - a_j|)`: 1 at the party's ideal text, 0 at the farthest corner.
#[inline]
pub fn base_utility(weights: &[f64], ideals: &[f64], text: &[f64]) -> f64 {
    let mut u = 0.0;
    for j in 0..text.len() {
        u += weights[j] * (1.0 - (text[j] - ideals[j]).abs());
    }
    u
}

/// The first of party p's red lines that `text` crosses.
#[inline]
pub fn crossed_red_line(s: &Scenario, p: usize, text: &[f64]) -> Option<usize> {
    s.parties[p].red_lines.iter().position(|r| {
        let c = &r.constraint;
        !c.allows(&s.issues[c.issue], text[c.issue])
    })
}

/// Total penalty of p's unmet, unwaived conditions, and the costliest of them.
#[inline]
pub fn condition_cost(
    s: &Scenario,
    p: usize,
    text: &[f64],
    penalty: &[f64],
    waived: &[bool],
) -> (f64, Option<usize>) {
    let mut total = 0.0;
    let mut worst: Option<(usize, f64)> = None;
    for (k, cond) in s.parties[p].conditions.iter().enumerate() {
        if waived[k] {
            continue;
        }
        let c = &cond.constraint;
        if !c.allows(&s.issues[c.issue], text[c.issue]) {
            total += penalty[k];
            if worst.is_none_or(|(_, w)| penalty[k] > w) {
                worst = Some((k, penalty[k]));
            }
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

/// The walk-away value: `clamp(reservation + sensitivity * momentum_for_p, 0, 1)`.
#[inline]
pub fn walk_away(reservation: f64, sensitivity: f64, momentum_for_party: f64) -> f64 {
    (reservation + sensitivity * momentum_for_party).clamp(0.0, 1.0)
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
        assert!((walk_away(0.4, 0.5, 0.2) - 0.5).abs() < 1e-12);
        assert_eq!(walk_away(0.9, 1.0, 1.0), 1.0);
        assert_eq!(walk_away(0.1, 1.0, -1.0), 0.0);
    }
}
