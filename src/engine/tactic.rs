//! Concession tactics: how far a party lowers its demands as the deadline nears.
//!
//! Faratin, Sierra and Jennings (1998), "Negotiation decision functions for autonomous agents",
//! in the form Genius uses for its time-dependent agents (Boulware, Linear, Conceder):
//! `target(t) = w + (1 - w)(1 - t^(1/beta))`, with `t = round / max_rounds` and `w` the walk-away
//! value. `beta < 1` holds out until late (Boulware), `beta = 1` concedes evenly, `beta > 1`
//! concedes early (Conceder). Hardliners never concede. Tit-for-tat is Faratin's relative
//! behaviour-dependent tactic: it gives up as much as the others gave up last round.

use crate::model::TacticKind;

/// The time-dependent target on [w, 1] at time `t` in [0, 1].
#[inline]
pub fn time_dependent(t: f64, beta: f64, walk_away: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    walk_away + (1.0 - walk_away) * (1.0 - t.powf(1.0 / beta))
}

/// Leverage stretches the party's clock: it concedes as if the exponent were
/// `beta / 2^(2 leverage - 1)`. A party with leverage 1 has its beta halved (tougher), one
/// with leverage 0 doubled (softer), 0.5 leaves beta as written.
#[inline]
pub fn leveraged_beta(beta: f64, leverage: f64) -> f64 {
    beta / (2.0 * leverage - 1.0).exp2()
}

/// Everything a tactic may look at in one round.
#[derive(Debug, Clone, Copy)]
pub struct TacticInput {
    pub tactic: TacticKind,
    pub beta: f64,
    pub leverage: f64,
    pub walk_away: f64,
    /// Faratin's `Pmax`: the value of the best text the party could hope for (its ideal inside
    /// everyone's red lines, discounted for trust like any text), so a party whose ideal is on
    /// the table accepts it at once whatever its trust.
    pub best: f64,
    /// Round (1-based) and the deadline.
    pub round: u32,
    pub max_rounds: u32,
    /// The party's target last round (1 in round 1).
    pub previous: f64,
    /// How much the other required parties lowered their targets last round, on average.
    pub others_concession: Option<f64>,
}

/// Faratin's time `t = (round - 1) / max_rounds` (round 1 is the opening: everyone asks for
/// everything), as its logarithm, which the hot loop computes once per round for all parties.
pub fn ln_time(round: u32, max_rounds: u32) -> f64 {
    let t = (round.saturating_sub(1)) as f64 / max_rounds.max(1) as f64;
    if t > 0.0 { t.ln() } else { f64::NEG_INFINITY }
}

/// The party's target utility for this round; never below its walk-away value.
pub fn target(i: &TacticInput) -> f64 {
    target_at(i, ln_time(i.round, i.max_rounds))
}

/// [`target`] with `ln t` given.
#[inline]
pub fn target_at(i: &TacticInput, ln_t: f64) -> f64 {
    let top = i.best.max(i.walk_away);
    let target = match i.tactic {
        TacticKind::Hardliner => top,
        TacticKind::TitForTat => match i.others_concession {
            Some(c) => i.previous.min(top) - c.max(0.0),
            // Without a history yet, open as a linear concession would.
            None => {
                let bend = 1.0 - ln_t.exp().powf(1.0 / leveraged_beta(1.0, i.leverage));
                i.walk_away + (top - i.walk_away) * bend
            }
        },
        // t^(1/beta) as exp(ln t / beta): one `exp` instead of a `powf` in the hot loop.
        _ => {
            let inv_beta = (2.0 * i.leverage - 1.0).exp2() / i.beta;
            i.walk_away + (top - i.walk_away) * (1.0 - (ln_t * inv_beta).exp())
        }
    };
    target.clamp(i.walk_away, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of Genius's time-dependent agents with Pmin = 0, Pmax = 1, k = 0:
    /// `1 - t^(1/e)` for e = 0.2 (Boulware), 1 (Linear), 2 (Conceder).
    #[test]
    fn faratin_curves_match_genius() {
        let cases = [
            (0.2, 0.5, 1.0 - 0.5f64.powi(5)), // 0.96875
            (0.2, 0.9, 1.0 - 0.9f64.powi(5)), // 0.40951
            (1.0, 0.5, 0.5),
            (1.0, 0.25, 0.75),
            (2.0, 0.25, 0.5),
            (2.0, 0.81, 0.1),
        ];
        for (beta, t, want) in cases {
            let got = time_dependent(t, beta, 0.0);
            assert!(
                (got - want).abs() < 1e-12,
                "beta {beta} t {t}: {got} != {want}"
            );
        }
        // The curve runs from 1 at t = 0 to the walk-away value at the deadline.
        assert_eq!(time_dependent(0.0, 0.2, 0.4), 1.0);
        assert!((time_dependent(1.0, 2.0, 0.4) - 0.4).abs() < 1e-12);
    }

    #[test]
    fn leverage_slows_concession() {
        let base = TacticInput {
            tactic: TacticKind::Linear,
            beta: 1.0,
            leverage: 0.5,
            walk_away: 0.3,
            best: 1.0,
            round: 7,
            max_rounds: 12,
            previous: 1.0,
            others_concession: None,
        };
        let weak = target(&TacticInput {
            leverage: 0.1,
            ..base
        });
        let even = target(&base);
        let strong = target(&TacticInput {
            leverage: 0.9,
            ..base
        });
        assert!(weak < even && even < strong, "{weak} {even} {strong}");
        assert_eq!(leveraged_beta(1.0, 0.5), 1.0);
        assert_eq!(leveraged_beta(1.0, 1.0), 0.5);
    }

    #[test]
    fn hardliner_never_concedes_and_tit_for_tat_mirrors() {
        let i = TacticInput {
            tactic: TacticKind::Hardliner,
            beta: 1.0,
            leverage: 0.5,
            walk_away: 0.3,
            best: 1.0,
            round: 12,
            max_rounds: 12,
            previous: 1.0,
            others_concession: None,
        };
        assert_eq!(target(&i), 1.0);
        let tft = TacticInput {
            tactic: TacticKind::TitForTat,
            previous: 0.8,
            others_concession: Some(0.05),
            ..i
        };
        assert!((target(&tft) - 0.75).abs() < 1e-12);
        // It never goes below the walk-away value.
        let deep = TacticInput {
            others_concession: Some(0.9),
            ..tft
        };
        assert_eq!(target(&deep), 0.3);
    }
}
