//! Faratin, Sierra and Jennings (1998), "Negotiation decision functions for autonomous agents":
//! the time-dependent tactics, in the form Genius uses for its Boulware, Linear and Conceder
//! agents: `target(t) = w + (P - w)(1 - t^(1/beta))`, with `t = round / deadline`, `w` the
//! walk-away value and `P` the value of the party's best hope (Genius's `Pmax`). `beta < 1`
//! holds out until late (Boulware), `beta = 1` concedes evenly, `beta > 1` concedes early
//! (Conceder). The three differ only in their default `beta`.

use super::decide::{Tactic, TacticInput, Talks};

/// A time-dependent tactic: one of Faratin's curves, named by its default exponent.
#[derive(Debug)]
pub struct TimeDependent {
    name: &'static str,
    default_beta: f64,
    posture: &'static str,
}

/// Holds out until late (beta 0.2 unless the file says otherwise).
pub const BOULWARE: TimeDependent = TimeDependent {
    name: "boulware",
    default_beta: 0.2,
    posture: "holds firm until late, then concedes in a rush near the deadline",
};

/// Concedes evenly (beta 1): the default tactic.
pub const LINEAR: TimeDependent = TimeDependent {
    name: "linear",
    default_beta: 1.0,
    posture: "concedes steadily, a little every round",
};

/// Concedes early (beta 2 unless the file says otherwise).
pub const CONCEDER: TimeDependent = TimeDependent {
    name: "conceder",
    default_beta: 2.0,
    posture: "concedes early: moves quickly toward what it can live with",
};

impl Tactic for TimeDependent {
    fn name(&self) -> &'static str {
        self.name
    }
    fn default_beta(&self) -> f64 {
        self.default_beta
    }
    fn reads_beta(&self) -> bool {
        true
    }
    fn scheduled(&self) -> bool {
        true
    }
    fn posture(&self) -> &'static str {
        self.posture
    }
    #[inline]
    fn demand<T: Talks + ?Sized>(&self, i: &TacticInput<'_, T>) -> f64 {
        faratin(i, i.beta)
    }
}

/// Leverage stretches the party's clock: it concedes as if the exponent were
/// `beta / 2^(2 leverage - 1)`. A party with leverage 1 has its beta halved (tougher), one
/// with leverage 0 doubled (softer), 0.5 leaves beta as written.
#[inline]
pub fn leveraged_beta(beta: f64, leverage: f64) -> f64 {
    beta / (2.0 * leverage - 1.0).exp2()
}

/// Faratin's curve with exponent `beta` (stretched by leverage) at this round's clock.
#[inline]
pub(super) fn faratin<T: Talks + ?Sized>(i: &TacticInput<'_, T>, beta: f64) -> f64 {
    let top = i.best.max(i.walk_away);
    // t^(1/beta) as exp(ln t / beta): one `exp` instead of a `powf` in the hot loop.
    let inv_beta = i.others.talks.stretch(i.others.party, i.leverage) / beta;
    i.walk_away + (top - i.walk_away) * (1.0 - (i.ln_t * inv_beta).exp())
}

#[cfg(test)]
mod tests {
    use super::super::decide::target;
    use super::super::decide::tests::input;
    use super::*;

    /// Values of Genius's time-dependent agents with Pmin = 0, Pmax = 1, k = 0:
    /// `1 - t^(1/e)` for e = 0.2 (Boulware), 1 (Linear), 2 (Conceder), through the engine's own
    /// [`target`] (leverage 0.5 leaves beta as written).
    #[test]
    fn faratin_curves_match_genius() {
        // (tactic, beta, round, deadline, expected target)
        let cases = [
            (&BOULWARE, 0.2, 6, 12, 1.0 - 0.5f64.powi(5)), // t = 0.5: 0.96875
            (&BOULWARE, 0.2, 9, 10, 1.0 - 0.9f64.powi(5)), // t = 0.9: 0.40951
            (&LINEAR, 1.0, 6, 12, 0.5),
            (&LINEAR, 1.0, 3, 12, 0.75),
            (&CONCEDER, 2.0, 3, 12, 0.5),
            (&CONCEDER, 2.0, 81, 100, 0.1),
        ];
        for (tactic, beta, round, deadline, want) in cases {
            let got = target(tactic, &input(beta, round, deadline));
            assert!(
                (got - want).abs() < 1e-12,
                "beta {beta} t {round}/{deadline}: {got} != {want}"
            );
        }
        // The curve reaches the walk-away value at the deadline.
        let last = target(
            &CONCEDER,
            &TacticInput {
                walk_away: 0.4,
                ..input(2.0, 12, 12)
            },
        );
        assert!((last - 0.4).abs() < 1e-12);
    }

    #[test]
    fn leverage_slows_concession() {
        let base = TacticInput {
            walk_away: 0.3,
            ..input(1.0, 7, 12)
        };
        let weak = target(
            &LINEAR,
            &TacticInput {
                leverage: 0.1,
                ..base
            },
        );
        let even = target(&LINEAR, &base);
        let strong = target(
            &LINEAR,
            &TacticInput {
                leverage: 0.9,
                ..base
            },
        );
        assert!(weak < even && even < strong, "{weak} {even} {strong}");
        assert_eq!(leveraged_beta(1.0, 0.5), 1.0);
        assert_eq!(leveraged_beta(1.0, 1.0), 0.5);
    }
}
