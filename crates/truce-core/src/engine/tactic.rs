//! Concession tactics: how far a party lowers its demands as the deadline nears.
//!
//! Faratin, Sierra and Jennings (1998), "Negotiation decision functions for autonomous agents",
//! in the form Genius uses for its time-dependent agents (Boulware, Linear, Conceder):
//! `target(t) = w + (P - w)(1 - t^(1/beta))`, with `t = round / deadline`, `w` the walk-away
//! value and `P` the value of the party's best hope (Genius's `Pmax`). `beta < 1` holds out
//! until late (Boulware), `beta = 1` concedes evenly, `beta > 1` concedes early (Conceder).
//! Hardliners never concede. Tit-for-tat is Faratin's relative behaviour-dependent tactic: it
//! moves its demand as much as the others moved theirs last round.

use crate::model::TacticKind;

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
    /// The last round the talks can have.
    pub max_rounds: u32,
    /// The party's target last round (1 in round 1).
    pub previous: f64,
    /// How much the other required parties lowered their targets last round, on average.
    pub others_concession: Option<f64>,
}

/// Faratin's time `t = round / deadline`, as its logarithm (the hot loop tables it once per
/// round for all parties). The deadline is the last round the talks can have (`max_rounds`, or
/// fewer when the horizon cuts them short), so every party reaches its walk-away value in the
/// last round, as Faratin's agents do at `t_max`.
pub fn ln_time(round: u32, deadline: u32) -> f64 {
    let t = (f64::from(round) / f64::from(deadline.max(1))).min(1.0);
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
    // t^(1/beta) as exp(ln t / beta): one `exp` instead of a `powf` in the hot loop.
    let concede = |beta: f64| {
        let inv_beta = (2.0 * i.leverage - 1.0).exp2() / beta;
        i.walk_away + (top - i.walk_away) * (1.0 - (ln_t * inv_beta).exp())
    };
    let target = match i.tactic {
        TacticKind::Hardliner => top,
        TacticKind::TitForTat => match i.others_concession {
            // Mirrors the others: gives up what they gave up, hardens when they harden.
            Some(c) => i.previous.min(top) - c,
            // Without a history yet, it concedes as a linear tactic would.
            None => concede(1.0),
        },
        _ => concede(i.beta),
    };
    target.clamp(i.walk_away, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of Genius's time-dependent agents with Pmin = 0, Pmax = 1, k = 0:
    /// `1 - t^(1/e)` for e = 0.2 (Boulware), 1 (Linear), 2 (Conceder), through the engine's own
    /// [`target`] (leverage 0.5 leaves beta as written).
    #[test]
    fn faratin_curves_match_genius() {
        // (tactic, beta, round, deadline, expected target)
        let cases = [
            (TacticKind::Boulware, 0.2, 6, 12, 1.0 - 0.5f64.powi(5)), // t = 0.5: 0.96875
            (TacticKind::Boulware, 0.2, 9, 10, 1.0 - 0.9f64.powi(5)), // t = 0.9: 0.40951
            (TacticKind::Linear, 1.0, 6, 12, 0.5),
            (TacticKind::Linear, 1.0, 3, 12, 0.75),
            (TacticKind::Conceder, 2.0, 3, 12, 0.5),
            (TacticKind::Conceder, 2.0, 81, 100, 0.1),
        ];
        for (tactic, beta, round, deadline, want) in cases {
            let got = target(&TacticInput {
                tactic,
                beta,
                leverage: 0.5,
                walk_away: 0.0,
                best: 1.0,
                round,
                max_rounds: deadline,
                previous: 1.0,
                others_concession: None,
            });
            assert!(
                (got - want).abs() < 1e-12,
                "beta {beta} t {round}/{deadline}: {got} != {want}"
            );
        }
        // The curve reaches the walk-away value at the deadline.
        let last = target(&TacticInput {
            tactic: TacticKind::Conceder,
            beta: 2.0,
            leverage: 0.5,
            walk_away: 0.4,
            best: 1.0,
            round: 12,
            max_rounds: 12,
            previous: 1.0,
            others_concession: None,
        });
        assert!((last - 0.4).abs() < 1e-12);
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
        // It hardens when the others harden.
        let harder = TacticInput {
            others_concession: Some(-0.05),
            ..tft
        };
        assert!((target(&harder) - 0.85).abs() < 1e-12);
        // It never goes below the walk-away value.
        let deep = TacticInput {
            others_concession: Some(0.9),
            ..tft
        };
        assert_eq!(target(&deep), 0.3);
    }
}
