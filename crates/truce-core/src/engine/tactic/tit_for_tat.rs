//! Tit-for-tat: Faratin, Sierra and Jennings' (1998) relative behaviour-dependent tactic. The
//! party moves its demand as much as the other required parties moved theirs last round: it
//! gives up what they gave up, and hardens when they harden. Without two rounds of history it
//! concedes as a linear tactic would.

use super::decide::{Tactic, TacticInput, Talks};
use super::time_dependent::faratin;

/// Mirrors the others' concessions.
#[derive(Debug)]
pub struct TitForTat;

impl Tactic for TitForTat {
    fn name(&self) -> &'static str {
        "tit_for_tat"
    }
    fn posture(&self) -> &'static str {
        "mirrors the others: concedes as much as they conceded last round"
    }
    #[inline]
    fn demand<T: Talks + ?Sized>(&self, i: &TacticInput<'_, T>) -> f64 {
        // Last round's concession needs the two rounds before this one.
        let mirrored = if i.round >= 3 {
            i.others.mean_concession()
        } else {
            None
        };
        match mirrored {
            Some(c) => i.previous.min(i.best.max(i.walk_away)) - c,
            None => faratin(i, 1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::decide::target;
    use super::super::decide::tests::{Seen, input, seeing};
    use super::*;

    /// Party 0 (last demand `previous`) sees party 1, which lowered its target from `before`
    /// to `last`.
    fn after(before: f64, last: f64, previous: f64) -> f64 {
        let seen = Seen {
            last: [previous, last],
            before_last: [1.0, before],
            walk_away: 0.3,
            ..Seen::default()
        };
        target(&TitForTat, &seeing(&seen, 12, 12))
    }

    #[test]
    fn tit_for_tat_mirrors_the_others() {
        assert!((after(0.9, 0.85, 0.8) - 0.75).abs() < 1e-12);
        // It hardens when the others harden.
        assert!((after(0.85, 0.9, 0.8) - 0.85).abs() < 1e-12);
        // It never goes below the walk-away value.
        assert_eq!(after(1.0, 0.1, 0.8), 0.3);
    }

    #[test]
    fn without_history_it_concedes_linearly() {
        let i = input(5.0, 2, 4);
        assert!((target(&TitForTat, &i) - 0.5).abs() < 1e-12);
    }
}
