//! Bargaining analysis of a scenario at its central values: Pareto frontier and Nash point.

use crate::model::Scenario;

/// The bargaining geometry between the two sides (the first two required parties).
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Party indices whose utilities span the plane: x = sides[0], y = sides[1].
    pub sides: [usize; 2],
    /// Points (u_x, u_y) of the Pareto frontier among red-line-respecting texts, sorted by u_x.
    pub frontier: Vec<(f64, f64)>,
    /// Utilities at the Nash bargaining point.
    pub nash: (f64, f64),
    /// The Nash text on [0, 1] per issue.
    pub nash_terms: Vec<f64>,
    /// Disagreement point: the sides' walk-away values at the central values.
    pub disagreement: (f64, f64),
}

impl Analysis {
    /// STUB until the engine lands: returns `None` (no analysis available).
    pub fn compute(_scenario: &Scenario) -> Option<Analysis> {
        None
    }
}
