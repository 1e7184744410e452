//! Bargaining analysis of a scenario at its central values: Pareto frontier and Nash point.
//!
//! The benchmark against which simulated deals are judged, as NegMAS and Genius report it:
//! which texts no one could improve on without hurting the other side (the Pareto frontier),
//! and which of them maximises the product of both sides' gains over their walk-away values
//! (Nash 1950). Only texts inside every required party's red lines count.

use super::draw::Draws;
use super::feasible::Feasible;
use super::utility::{Rules, base_utility, condition_cost, opening_walk_away};
use crate::model::{IssueKind, Scenario};

/// Scalarisation weights tried when tracing the frontier.
const SWEEP_STEPS: usize = 200;
/// Texts interpolated between neighbouring frontier vertices.
const SEGMENT_STEPS: usize = 32;
/// A deal within this utility of the frontier on both axes counts as efficient.
pub const EFFICIENCY_TOLERANCE: f64 = 0.01;

/// The bargaining geometry between the two sides.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Party indices whose utilities span the plane ([`Scenario::sides`]): x = `sides[0]`,
    /// y = `sides[1]`.
    pub sides: [usize; 2],
    /// Non-dominated points (u_x, u_y), sorted by u_x ascending (so u_y descending).
    pub frontier: Vec<(f64, f64)>,
    /// Utilities at the Nash bargaining point.
    pub nash: (f64, f64),
    /// The Nash text on [0, 1] per issue.
    pub nash_terms: Vec<f64>,
    /// Disagreement point: the sides' walk-away values as the talks open
    /// ([`super::utility::opening_walk_away`]).
    pub disagreement: (f64, f64),
    /// The sides' preferences at the central values, to place any text in this plane.
    weights: [Vec<f64>; 2],
    ideals: [Vec<f64>; 2],
    penalties: [Vec<f64>; 2],
}

impl Analysis {
    /// `None` when the scenario has fewer than two required parties or their red lines leave
    /// no text open.
    pub fn compute(s: &Scenario) -> Option<Analysis> {
        let required: Vec<usize> = s.required_parties().collect();
        let sides = s.sides()?;
        let feasible = Feasible::of(s, &required);
        if !feasible.is_open() {
            return None;
        }
        let mut draws = Draws::new(s);
        draws.central(s);
        let ni = s.issues.len();
        let ideal = |p: usize, j: usize| s.parties[p].positions[j].ideal;
        let no_waivers = vec![false; draws.penalty.len()];
        let rules = Rules::compile(s);
        let ideals: Vec<Vec<f64>> = (0..s.parties.len())
            .map(|p| (0..ni).map(|j| ideal(p, j)).collect())
            .collect();
        let utility = |p: usize, text: &[f64]| -> f64 {
            let c0 = draws.condition_start[p];
            let c1 = draws.condition_start[p + 1];
            let base = base_utility(draws.weights_of(p, ni), &ideals[p], text);
            let (cost, _) = condition_cost(
                s,
                &rules.conditions[c0..c1],
                text,
                &draws.penalty[c0..c1],
                &no_waivers[c0..c1],
            );
            (base - cost).clamp(0.0, 1.0)
        };
        let disagreement = (
            opening_walk_away(s, sides[0]),
            opening_walk_away(s, sides[1]),
        );

        // Candidate values per issue: a grid (or every option), both ideals, inside the zone.
        let candidates: Vec<Vec<f64>> = (0..ni)
            .map(|j| {
                let issue = &s.issues[j];
                let mut c: Vec<f64> = match &issue.kind {
                    IssueKind::Numeric { .. } => (0..=100).map(|k| k as f64 / 100.0).collect(),
                    IssueKind::Options(o) => (0..o.len())
                        .map(|k| k as f64 / (o.len() - 1) as f64)
                        .collect(),
                };
                c.push(ideal(sides[0], j));
                c.push(ideal(sides[1], j));
                // The edges of the sides' conditions on this issue, where a penalty starts.
                for &p in &sides {
                    for cond in &s.parties[p].conditions {
                        let cn = &cond.constraint;
                        if cn.issue == j {
                            c.extend(cn.min.iter().chain(cn.max.iter()).copied());
                        }
                    }
                }
                c.iter()
                    .map(|&x| feasible.project(j, issue.snap(x), issue.snap(x)))
                    .collect()
            })
            .collect();

        // Weighted-sum scalarisation: per issue the best value for lambda*u_x + (1-lambda)*u_y.
        let mut vertices: Vec<Vec<f64>> = Vec::new();
        for k in 0..=SWEEP_STEPS {
            let lambda = k as f64 / SWEEP_STEPS as f64;
            let text: Vec<f64> = (0..ni)
                .map(|j| {
                    // Conditions bound one issue each, so their penalties separate by issue too.
                    let penalty = |p: usize, x: f64| -> f64 {
                        let c0 = draws.condition_start[p];
                        let c1 = draws.condition_start[p + 1];
                        rules.conditions[c0..c1]
                            .iter()
                            .zip(&draws.penalty[c0..c1])
                            .filter(|(r, _)| r.issue == j && !r.allows(x, s))
                            .map(|(_, pen)| pen)
                            .sum()
                    };
                    let score = |x: f64| {
                        let wa = draws.weights_of(sides[0], ni)[j];
                        let wb = draws.weights_of(sides[1], ni)[j];
                        lambda
                            * (wa * (1.0 - (x - ideal(sides[0], j)).abs()) - penalty(sides[0], x))
                            + (1.0 - lambda)
                                * (wb * (1.0 - (x - ideal(sides[1], j)).abs())
                                    - penalty(sides[1], x))
                    };
                    candidates[j]
                        .iter()
                        .copied()
                        .fold((f64::NEG_INFINITY, 0.0), |(bs, bx), x| {
                            let v = score(x);
                            if v > bs + 1e-12 { (v, x) } else { (bs, bx) }
                        })
                        .1
                })
                .collect();
            if vertices.last() != Some(&text) {
                vertices.push(text);
            }
        }
        // Points between neighbouring vertices, where linear utilities trade off smoothly.
        let mut texts: Vec<Vec<f64>> = Vec::new();
        for w in vertices.windows(2) {
            for k in 0..SEGMENT_STEPS {
                let f = k as f64 / SEGMENT_STEPS as f64;
                let text: Vec<f64> = (0..ni)
                    .map(|j| {
                        let x = w[0][j] + f * (w[1][j] - w[0][j]);
                        let snapped = s.issues[j].snap(x);
                        feasible.project(j, snapped, snapped)
                    })
                    .collect();
                texts.push(text);
            }
        }
        let segments = vertices.len().saturating_sub(1);
        let corners = vertices.clone();
        texts.extend(vertices);

        let points: Vec<(f64, f64)> = texts
            .iter()
            .map(|t| (utility(sides[0], t), utility(sides[1], t)))
            .collect();
        // Non-dominated points: sweep from the right, keeping each point higher than all so far.
        let mut sorted = points.clone();
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let mut frontier: Vec<(f64, f64)> = Vec::new();
        let mut highest = f64::NEG_INFINITY;
        for p in sorted {
            if p.1 > highest + 1e-12 {
                frontier.push(p);
                highest = p.1;
            }
        }
        frontier.reverse();

        // Nash point: the largest product of gains over the disagreement point.
        let (dx, dy) = disagreement;
        let best = points
            .iter()
            .enumerate()
            .filter(|(_, (x, y))| *x >= dx && *y >= dy)
            .max_by(|(_, a), (_, b)| {
                ((a.0 - dx) * (a.1 - dy)).total_cmp(&((b.0 - dx) * (b.1 - dy)))
            })
            .or_else(|| {
                // No text beats both walk-away values: fall back to the largest sum of utilities.
                points
                    .iter()
                    .enumerate()
                    .max_by(|(_, a), (_, b)| (a.0 + a.1).total_cmp(&(b.0 + b.1)))
            })?;
        // Refine between the neighbouring texts of the best one (golden-section search on the
        // segment), so the point does not depend on the sampling step.
        let product = |t: &[f64]| (utility(sides[0], t) - dx) * (utility(sides[1], t) - dy);
        let text_at = |seg: usize, f: f64| -> Vec<f64> {
            (0..ni)
                .map(|j| {
                    let x = corners[seg][j] + f * (corners[seg + 1][j] - corners[seg][j]);
                    let snapped = s.issues[j].snap(x);
                    feasible.project(j, snapped, snapped)
                })
                .collect()
        };
        let mut nash_terms = texts[best.0].clone();
        let mut nash = *best.1;
        if best.0 < segments * SEGMENT_STEPS && nash.0 >= dx && nash.1 >= dy {
            let seg = best.0 / SEGMENT_STEPS;
            let f = (best.0 % SEGMENT_STEPS) as f64 / SEGMENT_STEPS as f64;
            let step = 1.0 / SEGMENT_STEPS as f64;
            let (mut lo, mut hi) = ((f - step).max(0.0), (f + step).min(1.0));
            const GOLDEN: f64 = 0.618_033_988_749_895;
            for _ in 0..60 {
                let m1 = hi - GOLDEN * (hi - lo);
                let m2 = lo + GOLDEN * (hi - lo);
                if product(&text_at(seg, m1)) < product(&text_at(seg, m2)) {
                    lo = m1;
                } else {
                    hi = m2;
                }
            }
            let refined = text_at(seg, 0.5 * (lo + hi));
            if product(&refined) > product(&nash_terms) {
                nash = (utility(sides[0], &refined), utility(sides[1], &refined));
                nash_terms = refined;
            }
        }
        let side = |k: usize| {
            let p = sides[k];
            let c0 = draws.condition_start[p];
            let c1 = draws.condition_start[p + 1];
            (
                draws.weights_of(p, ni).to_vec(),
                (0..ni).map(|j| ideal(p, j)).collect::<Vec<f64>>(),
                draws.penalty[c0..c1].to_vec(),
            )
        };
        let (w0, i0, p0) = side(0);
        let (w1, i1, p1) = side(1);
        Some(Analysis {
            sides,
            frontier,
            nash,
            nash_terms,
            disagreement,
            weights: [w0, w1],
            ideals: [i0, i1],
            penalties: [p0, p1],
        })
    }

    /// Where `text` lies in this plane: the sides' utilities at the central values (no
    /// condition waived). Deals are placed here, not at their own run's draws, so that they are
    /// measured against the frontier they are drawn with.
    pub fn point(&self, s: &Scenario, text: &[f64]) -> (f64, f64) {
        let u = |k: usize| {
            let p = self.sides[k];
            let base = base_utility(&self.weights[k], &self.ideals[k], text);
            let cost: f64 = s.parties[p]
                .conditions
                .iter()
                .zip(&self.penalties[k])
                .filter(|(c, _)| {
                    let c = &c.constraint;
                    !c.allows(&s.issues[c.issue], text[c.issue])
                })
                .map(|(_, pen)| pen)
                .sum();
            (base - cost).clamp(0.0, 1.0)
        };
        (u(0), u(1))
    }

    /// Euclidean distance in the sides' utility plane from `point` to the Nash point.
    pub fn distance_to_nash(&self, point: (f64, f64)) -> f64 {
        ((point.0 - self.nash.0).powi(2) + (point.1 - self.nash.1).powi(2)).sqrt()
    }

    /// Whether no frontier point beats `point` by more than the tolerance on both axes.
    pub fn is_efficient(&self, point: (f64, f64)) -> bool {
        // Frontier points better on x form a suffix; the first of them has the largest y.
        let i = self
            .frontier
            .partition_point(|f| f.0 < point.0 + EFFICIENCY_TOLERANCE);
        match self.frontier.get(i) {
            Some(f) => f.1 < point.1 + EFFICIENCY_TOLERANCE,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(text: &str) -> Scenario {
        match crate::scenario::parse(text.as_bytes(), "test.toml") {
            Ok(s) => s,
            Err(e) => panic!("{}", e.render()),
        }
    }

    /// One issue, opposite ideals, equal weights, walk-away 0: utilities are `1 - x` and `x`, the
    /// frontier is the segment from (1, 0) to (0, 1), and the Nash product `(1 - x) x` peaks at
    /// x = 1/2, as computed by hand.
    #[test]
    fn nash_point_of_splitting_one_issue() {
        let s = scenario(
            r#"
[scenario]
name = "split"
protocol = "alternating"
[[issues]]
id = "share"
range = [0, 100]
[[parties]]
id = "a"
reservation = 0
[parties.positions]
share = { ideal = 0, weight = 1 }
[[parties]]
id = "b"
reservation = 0
[parties.positions]
share = { ideal = 100, weight = 1 }
"#,
        );
        let a = Analysis::compute(&s).expect("an analysis");
        assert!(
            (a.nash.0 - 0.5).abs() < 1e-9 && (a.nash.1 - 0.5).abs() < 1e-9,
            "{:?}",
            a.nash
        );
        assert!((a.nash_terms[0] - 0.5).abs() < 1e-9);
        assert_eq!(a.disagreement, (0.0, 0.0));
        // Every frontier point sums to 1, and the ends are there.
        assert!(a.frontier.iter().all(|(x, y)| (x + y - 1.0).abs() < 1e-9));
        assert!(a.is_efficient((0.5, 0.5)));
        assert!(!a.is_efficient((0.3, 0.3)));
        assert!((a.distance_to_nash((0.8, 0.2)) - (0.18f64).sqrt()).abs() < 1e-9);
    }

    /// Walk-away values move the Nash point: with d = (0.4, 0), maximise (1 - x - 0.4) x, at
    /// x = 0.3, so a gets 0.7 and b 0.3.
    #[test]
    fn a_better_walk_away_value_moves_the_nash_point() {
        let s = scenario(
            r#"
[scenario]
name = "split"
protocol = "alternating"
[[issues]]
id = "share"
range = [0, 100]
[[parties]]
id = "a"
reservation = 0.4
[parties.positions]
share = { ideal = 0, weight = 1 }
[[parties]]
id = "b"
reservation = 0
[parties.positions]
share = { ideal = 100, weight = 1 }
"#,
        );
        let a = Analysis::compute(&s).expect("an analysis");
        assert!(
            (a.nash.0 - 0.7).abs() < 0.01 && (a.nash.1 - 0.3).abs() < 0.01,
            "{:?}",
            a.nash
        );
    }

    /// Logrolling: each side cares most about a different issue; the Nash text gives each its
    /// own issue, worth 0.75 + 0.25 * 0 ... i.e. (0.75, 0.75), beyond any split of both issues.
    #[test]
    fn the_frontier_trades_issues() {
        let s = scenario(
            r#"
[scenario]
name = "trade"
protocol = "alternating"
[[issues]]
id = "x"
range = [0, 1]
[[issues]]
id = "y"
range = [0, 1]
[[parties]]
id = "a"
reservation = 0
[parties.positions]
x = { ideal = 0, weight = 3 }
y = { ideal = 0, weight = 1 }
[[parties]]
id = "b"
reservation = 0
[parties.positions]
x = { ideal = 1, weight = 1 }
y = { ideal = 1, weight = 3 }
"#,
        );
        let a = Analysis::compute(&s).expect("an analysis");
        assert!(
            (a.nash.0 - 0.75).abs() < 1e-9 && (a.nash.1 - 0.75).abs() < 1e-9,
            "{:?}",
            a.nash
        );
        assert_eq!(a.nash_terms, vec![0.0, 1.0]);
        assert!(
            !a.is_efficient((0.5, 0.5)),
            "splitting both issues is dominated"
        );
    }

    /// A condition's edge is a frontier text: a's ideal is 50 but it insists on at least 60
    /// (penalty 0.2); b wants 0. At 60 a gets 1 - 0.1 = 0.9 and b 0.4, which the frontier must
    /// hold even though no ideal sits there.
    #[test]
    fn the_frontier_finds_the_edges_of_conditions() {
        let s = scenario(
            r#"
[scenario]
name = "edge"
protocol = "alternating"
[[issues]]
id = "x"
range = [0, 100]
[[parties]]
id = "a"
reservation = 0
[parties.positions]
x = { ideal = 50, weight = 1 }
[[parties.conditions]]
issue = "x"
min = 60
penalty = 0.2
[[parties]]
id = "b"
reservation = 0
[parties.positions]
x = { ideal = 0, weight = 1 }
"#,
        );
        let a = Analysis::compute(&s).expect("an analysis");
        assert!(
            a.frontier
                .iter()
                .any(|&(x, y)| (x - 0.9).abs() < 1e-9 && (y - 0.4).abs() < 1e-9),
            "{:?}",
            a.frontier
        );
        assert!(!a.is_efficient((0.85, 0.35)));
    }
}
