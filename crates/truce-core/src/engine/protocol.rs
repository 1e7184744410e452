//! Protocols: who drafts the text on the table and how it moves between rounds.
//!
//! - Mediated: the single negotiating text (Fisher and Ury 1981; Raiffa 1982, on Camp David).
//!   The mediator opens with one text and, after each round, revises it toward the parties that
//!   said no, weighting each by its leverage and by how far short the text fell of its demands,
//!   issue by issue in proportion to salience, then keeps it inside every known red line.
//! - Alternating: parties take turns proposing whole packages (Rubinstein 1982 style offers;
//!   the alternating-offers protocol of Genius and NegMAS). The proposer keeps what it needs to
//!   meet its own target and gives the others as much as it can, trading first the issues they
//!   care about most relative to its own stake (logrolling).

/// Fraction of the net pull by which the mediator moves an issue after round 1.
pub const MEDIATOR_STEP: f64 = 0.25;

/// The mediator's step after round `r`: `MEDIATOR_STEP / sqrt(r)`. Diminishing steps (as in any
/// iterative procedure that should settle) keep the text from swinging between the last two
/// objectors; the total distance the text can travel still grows without bound.
#[inline]
pub fn step(round: u32) -> f64 {
    MEDIATOR_STEP / f64::from(round.max(1)).sqrt()
}

/// Distance (on [0, 1]) at which a party's pull toward its ideal reaches full strength; nearer
/// than this it weakens, so the text settles instead of overshooting.
pub const PULL_SATURATION: f64 = 0.1;

/// Direction and strength (in [-1, 1]) of a pull from `from` toward `to`.
#[inline]
pub fn pull(from: f64, to: f64) -> f64 {
    ((to - from) * (1.0 / PULL_SATURATION)).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_shrink_with_rounds() {
        assert_eq!(step(1), MEDIATOR_STEP);
        assert!((step(4) - MEDIATOR_STEP / 2.0).abs() < 1e-12);
        assert!(step(9) < step(8));
    }

    #[test]
    fn pulls_saturate_and_point_the_right_way() {
        assert_eq!(pull(0.0, 1.0), 1.0);
        assert_eq!(pull(1.0, 0.0), -1.0);
        assert!((pull(0.5, 0.55) - 0.5).abs() < 1e-12);
        assert_eq!(pull(0.3, 0.3), 0.0);
    }
}
