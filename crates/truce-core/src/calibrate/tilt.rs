//! Minimum relative entropy reweighting of Monte Carlo runs (exponential tilting).
//!
//! Given N equally weighted runs and targets on the shares of sets of outcomes, find weights
//! `w_i` that meet the targets while staying as close as possible, in Kullback-Leibler divergence,
//! to the equal weights: the I-projection (Csiszar 1975), the principle of minimum
//! cross-entropy (Kullback 1959; Shore and Johnson 1980). Its solution is an exponential tilt
//! `w_i ∝ exp(lambda . g(o_i))`, where `g_j(o) = 1` if outcome `o` is in target `j`'s set.
//!
//! Because every target is a set of outcomes, a run's weight depends on its outcome alone: the
//! whole problem lives on the five outcome classes, with the run counts per class as the
//! starting distribution. `lambda` minimises the convex dual
//! `psi(lambda) = ln sum_c q_c exp(lambda . g_c) - lambda . t`, found by Newton's method with a
//! backtracking line search (deterministic). A target with a tolerance `t +- e` only asks the
//! share into `[t - e, t + e]`: the constraint binds at the nearer edge or not at all, found by
//! an active-set loop (the Karush-Kuhn-Tucker conditions: a share pushed up binds at its lower
//! edge with `lambda_j > 0`, one pushed down at its upper edge with `lambda_j < 0`).

use std::fmt;

/// Outcome classes (the five outcomes of a run).
pub const CLASSES: usize = 5;

/// A target on the share of a set of outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Which outcome classes the share counts.
    pub set: [bool; CLASSES],
    /// The wanted share in [0, 1].
    pub share: f64,
    /// Allowed distance from `share` (0: exactly).
    pub tolerance: f64,
}

/// The reweighting that meets the targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Tilt {
    /// One multiplier per target (0 for a target already met).
    pub lambda: Vec<f64>,
    /// The relative weight of one run of each class, `exp(lambda . g_c)`, scaled so that the
    /// weights of all runs average 1 (0 for a class without runs).
    pub run_weight: [f64; CLASSES],
    /// The reweighted share of each class.
    pub shares: [f64; CLASSES],
    /// Kullback-Leibler divergence of the reweighted runs from the runs as played, in nats.
    pub divergence: f64,
    /// Kish's effective sample size `(sum w)^2 / sum w^2`, as a fraction of the runs.
    pub effective_fraction: f64,
}

/// Why targets cannot be met.
#[derive(Debug, Clone, PartialEq)]
pub enum TiltError {
    /// No run played the outcomes a target needs (or every run did, for a target below 1).
    Unreachable {
        /// Which target (its index in the list given).
        target: usize,
        /// Why, in a sentence.
        reason: String,
    },
    /// The targets contradict each other (no reweighting meets them all).
    Inconsistent,
    /// There are no runs.
    NoRuns,
}

impl std::error::Error for TiltError {}

impl fmt::Display for TiltError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TiltError::Unreachable { reason, .. } => write!(f, "{reason}"),
            TiltError::Inconsistent => write!(
                f,
                "the targets contradict each other: no reweighting of the runs meets them all"
            ),
            TiltError::NoRuns => write!(f, "there are no runs to reweight"),
        }
    }
}

/// Iterations of Newton's method before giving up (it converges in under 20 on any reachable
/// target; an unreachable combination drives `lambda` to infinity instead).
const MAX_NEWTON: usize = 200;
/// Largest |lambda| accepted: a weight ratio of e^40 between runs means the target is not
/// really reachable with these runs.
const MAX_LAMBDA: f64 = 40.0;
/// Largest miss of a target share accepted as met.
const SHARE_TOLERANCE: f64 = 1e-10;

/// Reweight runs with `counts[c]` runs of each outcome class to meet `targets`.
pub fn solve(counts: &[u64; CLASSES], targets: &[Target]) -> Result<Tilt, TiltError> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return Err(TiltError::NoRuns);
    }
    let q: Vec<f64> = counts.iter().map(|&c| c as f64 / n as f64).collect();
    let share_of =
        |p: &[f64], t: &Target| -> f64 { (0..CLASSES).filter(|&c| t.set[c]).map(|c| p[c]).sum() };
    // A share strictly between 0 and 1 is reachable only if some run is inside the set and some
    // outside; a share of exactly 0 or 1 only if it already holds.
    for (j, t) in targets.iter().enumerate() {
        let (lo, hi) = (
            (t.share - t.tolerance).max(0.0),
            (t.share + t.tolerance).min(1.0),
        );
        let base = share_of(&q, t);
        let inside = (0..CLASSES).any(|c| t.set[c] && counts[c] > 0);
        let outside = (0..CLASSES).any(|c| !t.set[c] && counts[c] > 0);
        if hi <= 0.0 && base > 0.0 {
            return Err(TiltError::Unreachable {
                target: j,
                reason: "a share of exactly 0 would need infinite weights; give a small share or a tolerance".into(),
            });
        }
        if lo >= 1.0 && base < 1.0 {
            return Err(TiltError::Unreachable {
                target: j,
                reason: "a share of exactly 1 would need infinite weights; give a share below 1 or a tolerance".into(),
            });
        }
        if lo > 0.0 && !inside {
            return Err(TiltError::Unreachable {
                target: j,
                reason: "no run ends that way, so no reweighting can give it a share".into(),
            });
        }
        if hi < 1.0 && !outside {
            return Err(TiltError::Unreachable {
                target: j,
                reason: "every run ends that way, so no reweighting can lower its share".into(),
            });
        }
    }
    // Active set: targets whose band the current shares miss, pinned to the nearer edge.
    let m = targets.len();
    let mut goal: Vec<Option<f64>> = vec![None; m];
    let mut lambda = vec![0.0; m];
    let mut p = q.clone();
    for _ in 0..4 * m + 4 {
        let mut changed = false;
        for (j, t) in targets.iter().enumerate() {
            let s = share_of(&p, t);
            let (lo, hi) = (t.share - t.tolerance, t.share + t.tolerance);
            match goal[j] {
                None if s < lo - SHARE_TOLERANCE => {
                    goal[j] = Some(lo);
                    changed = true;
                }
                None if s > hi + SHARE_TOLERANCE => {
                    goal[j] = Some(hi);
                    changed = true;
                }
                // A tolerance band whose constraint pulls the wrong way is not binding.
                Some(g) if t.tolerance > 0.0 && g == lo && lambda[j] < 0.0 => {
                    goal[j] = None;
                    changed = true;
                }
                Some(g) if t.tolerance > 0.0 && g == hi && lambda[j] > 0.0 => {
                    goal[j] = None;
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
        let active: Vec<usize> = (0..m).filter(|&j| goal[j].is_some()).collect();
        let sets: Vec<[bool; CLASSES]> = active.iter().map(|&j| targets[j].set).collect();
        let goals: Vec<f64> = active.iter().map(|&j| goal[j].unwrap_or(0.0)).collect();
        let l = newton(&q, &sets, &goals)?;
        lambda.iter_mut().for_each(|x| *x = 0.0);
        for (k, &j) in active.iter().enumerate() {
            lambda[j] = l[k];
        }
        p = tilted(&q, targets, &lambda);
    }
    // Every band must hold now.
    for t in targets {
        let s = share_of(&p, t);
        if s < t.share - t.tolerance - 1e-8 || s > t.share + t.tolerance + 1e-8 {
            return Err(TiltError::Inconsistent);
        }
    }
    let a: Vec<f64> = (0..CLASSES)
        .map(|c| exp_tilt(targets, &lambda, c))
        .collect();
    let mean_a: f64 = (0..CLASSES).map(|c| q[c] * a[c]).sum();
    let mut run_weight = [0.0; CLASSES];
    let mut shares = [0.0; CLASSES];
    let (mut divergence, mut sum_w2) = (0.0, 0.0);
    for c in 0..CLASSES {
        if counts[c] > 0 {
            run_weight[c] = a[c] / mean_a;
            shares[c] = p[c];
            if p[c] > 0.0 {
                divergence += p[c] * (p[c] / q[c]).ln();
            }
            sum_w2 += q[c] * run_weight[c] * run_weight[c];
        }
    }
    Ok(Tilt {
        lambda,
        run_weight,
        shares,
        divergence,
        effective_fraction: 1.0 / sum_w2,
    })
}

fn exp_tilt(targets: &[Target], lambda: &[f64], c: usize) -> f64 {
    let e: f64 = targets
        .iter()
        .zip(lambda)
        .filter(|(t, _)| t.set[c])
        .map(|(_, l)| l)
        .sum();
    e.exp()
}

fn tilted(q: &[f64], targets: &[Target], lambda: &[f64]) -> Vec<f64> {
    let a: Vec<f64> = (0..CLASSES)
        .map(|c| q[c] * exp_tilt(targets, lambda, c))
        .collect();
    let z: f64 = a.iter().sum();
    a.iter().map(|x| x / z).collect()
}

/// Newton's method on the dual for equality targets `goals` on the shares of `sets`.
fn newton(q: &[f64], sets: &[[bool; CLASSES]], goals: &[f64]) -> Result<Vec<f64>, TiltError> {
    let m = sets.len();
    let g = |c: usize, j: usize| if sets[j][c] { 1.0 } else { 0.0 };
    // psi(lambda) = ln sum_c q_c exp(lambda . g_c) - lambda . t, and the tilted distribution.
    let eval = |lambda: &[f64]| -> (f64, Vec<f64>) {
        let expo: Vec<f64> = (0..CLASSES)
            .map(|c| (0..m).map(|j| lambda[j] * g(c, j)).sum::<f64>())
            .collect();
        let top = (0..CLASSES)
            .filter(|&c| q[c] > 0.0)
            .map(|c| expo[c])
            .fold(f64::NEG_INFINITY, f64::max);
        let a: Vec<f64> = (0..CLASSES)
            .map(|c| {
                if q[c] > 0.0 {
                    q[c] * (expo[c] - top).exp()
                } else {
                    0.0
                }
            })
            .collect();
        let z: f64 = a.iter().sum();
        let psi = z.ln() + top - (0..m).map(|j| lambda[j] * goals[j]).sum::<f64>();
        (psi, a.iter().map(|x| x / z).collect())
    };
    let mut lambda = vec![0.0; m];
    let (mut psi, mut p) = eval(&lambda);
    for _ in 0..MAX_NEWTON {
        let mean: Vec<f64> = (0..m)
            .map(|j| (0..CLASSES).map(|c| p[c] * g(c, j)).sum())
            .collect();
        let grad: Vec<f64> = (0..m).map(|j| mean[j] - goals[j]).collect();
        if grad.iter().all(|x| x.abs() < SHARE_TOLERANCE) {
            return Ok(lambda);
        }
        // Hessian: the covariance of the indicators under the tilted distribution, with a tiny
        // ridge for targets that are linear combinations of others.
        let mut h = vec![vec![0.0; m]; m];
        for a in 0..m {
            for b in 0..m {
                let joint: f64 = (0..CLASSES).map(|c| p[c] * g(c, a) * g(c, b)).sum();
                h[a][b] = joint - mean[a] * mean[b];
            }
            h[a][a] += 1e-12;
        }
        let step =
            solve_linear(h, grad.iter().map(|x| -x).collect()).ok_or(TiltError::Inconsistent)?;
        let slope: f64 = step.iter().zip(&grad).map(|(s, g)| s * g).sum();
        let mut t = 1.0;
        loop {
            let trial: Vec<f64> = lambda.iter().zip(&step).map(|(l, s)| l + t * s).collect();
            let (psi_t, p_t) = eval(&trial);
            // The slack lets a step through where psi is flat to rounding (near the optimum).
            if psi_t <= psi + 1e-4 * t * slope + 1e-13 * (1.0 + psi.abs()) || t < 1e-10 {
                lambda = trial;
                psi = psi_t;
                p = p_t;
                break;
            }
            t *= 0.5;
        }
        if lambda
            .iter()
            .any(|l| !l.is_finite() || l.abs() > MAX_LAMBDA)
        {
            return Err(TiltError::Inconsistent);
        }
    }
    Err(TiltError::Inconsistent)
}

/// Gaussian elimination with partial pivoting; `None` for a singular matrix.
#[allow(clippy::needless_range_loop)] // row and column indices, as the textbook writes them
fn solve_linear(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            for k in col..n {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(classes: &[usize]) -> [bool; CLASSES] {
        let mut s = [false; CLASSES];
        for &c in classes {
            s[c] = true;
        }
        s
    }

    fn exact(classes: &[usize], share: f64) -> Target {
        Target {
            set: set(classes),
            share,
            tolerance: 0.0,
        }
    }

    #[test]
    fn two_classes_closed_form() {
        // Half the runs in class 0, half in class 4; want 80% in class 0. The tilt multiplies
        // class 0's odds by (0.8/0.2) / (0.5/0.5) = 4: lambda = ln 4. Weights (scaled to mean 1):
        // 1.6 and 0.4. KL = 0.8 ln 1.6 + 0.2 ln 0.4. ESS = 1 / (0.5*1.6^2 + 0.5*0.4^2) = 1/1.36.
        let t = solve(&[500, 0, 0, 0, 500], &[exact(&[0], 0.8)]).unwrap();
        assert!((t.lambda[0] - 4f64.ln()).abs() < 1e-9);
        assert!((t.shares[0] - 0.8).abs() < 1e-10);
        assert!((t.run_weight[0] - 1.6).abs() < 1e-9);
        assert!((t.run_weight[4] - 0.4).abs() < 1e-9);
        let kl = 0.8 * 1.6f64.ln() + 0.2 * 0.4f64.ln();
        assert!((t.divergence - kl).abs() < 1e-9);
        assert!((t.effective_fraction - 1.0 / 1.36).abs() < 1e-9);
    }

    #[test]
    fn a_set_target_keeps_proportions_inside_and_outside() {
        // "signed" = classes 2, 3, 4. Minimum KL keeps the ratios within the set and outside it.
        let counts = [100, 300, 200, 100, 300];
        let t = solve(&counts, &[exact(&[2, 3, 4], 0.25)]).unwrap();
        let signed: f64 = t.shares[2] + t.shares[3] + t.shares[4];
        assert!((signed - 0.25).abs() < 1e-10);
        assert!((t.shares[2] / t.shares[4] - 200.0 / 300.0).abs() < 1e-9);
        assert!((t.shares[0] / t.shares[1] - 1.0 / 3.0).abs() < 1e-9);
        // Closed form: inside scaled by 0.25/0.6, outside by 0.75/0.4.
        assert!((t.shares[1] - 0.3 * 0.75 / 0.4).abs() < 1e-10);
    }

    #[test]
    fn two_targets_at_once() {
        let counts = [100, 300, 200, 100, 300];
        let t = solve(&counts, &[exact(&[2, 3, 4], 0.25), exact(&[4], 0.05)]).unwrap();
        assert!((t.shares[2] + t.shares[3] + t.shares[4] - 0.25).abs() < 1e-9);
        assert!((t.shares[4] - 0.05).abs() < 1e-9);
        // Within "signed but not held", proportions are kept.
        assert!((t.shares[2] / t.shares[3] - 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_met_tolerance_changes_nothing_and_a_missed_one_binds_at_its_edge() {
        let counts = [100, 300, 200, 100, 300];
        let met = solve(
            &counts,
            &[Target {
                set: set(&[4]),
                share: 0.28,
                tolerance: 0.05,
            }],
        )
        .unwrap();
        assert_eq!(met.lambda, vec![0.0]);
        assert!((met.effective_fraction - 1.0).abs() < 1e-12);
        let missed = solve(
            &counts,
            &[Target {
                set: set(&[4]),
                share: 0.1,
                tolerance: 0.02,
            }],
        )
        .unwrap();
        assert!(
            (missed.shares[4] - 0.12).abs() < 1e-9,
            "{}",
            missed.shares[4]
        );
        assert!(missed.lambda[0] < 0.0);
    }

    #[test]
    fn unreachable_and_contradictory_targets_are_refused() {
        let counts = [0, 500, 500, 0, 0];
        assert!(matches!(
            solve(&counts, &[exact(&[4], 0.9)]),
            Err(TiltError::Unreachable { target: 0, .. })
        ));
        assert!(matches!(
            solve(&counts, &[exact(&[1], 0.0)]),
            Err(TiltError::Unreachable { .. })
        ));
        assert!(matches!(
            solve(&counts, &[exact(&[1, 2], 0.5)]),
            Err(TiltError::Unreachable { .. })
        ));
        // held is inside signed: held 0.5 and signed 0.3 cannot both hold.
        let counts = [100, 100, 100, 100, 100];
        assert_eq!(
            solve(&counts, &[exact(&[2, 3, 4], 0.3), exact(&[4], 0.5)]),
            Err(TiltError::Inconsistent)
        );
        assert_eq!(solve(&[0; 5], &[]), Err(TiltError::NoRuns));
    }
}
