//! The hardliner: never concedes. Its target stays at the value of its best hope (its ideal
//! inside everyone's red lines, discounted for trust), so it signs only a text worth that much.

use super::decide::{Tactic, TacticInput, Talks};

/// Never concedes.
#[derive(Debug)]
pub struct Hardliner;

impl Tactic for Hardliner {
    fn name(&self) -> &'static str {
        "hardliner"
    }
    fn posture(&self) -> &'static str {
        "does not concede: holds its opening demands to the end"
    }
    fn scheduled(&self) -> bool {
        true
    }
    fn holds_out(&self) -> bool {
        true
    }
    #[inline]
    fn demand<T: Talks + ?Sized>(&self, i: &TacticInput<'_, T>) -> f64 {
        i.best.max(i.walk_away)
    }
}

#[cfg(test)]
mod tests {
    use super::super::decide::tests::input;
    use super::super::decide::{TacticInput, target};
    use super::*;

    #[test]
    fn a_hardliner_never_concedes() {
        let last_round = TacticInput {
            walk_away: 0.3,
            ..input(1.0, 12, 12)
        };
        assert_eq!(target(&Hardliner, &last_round), 1.0);
    }
}
