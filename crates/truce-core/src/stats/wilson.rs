//! The Wilson score interval for a share.
//!
//! Chosen over the textbook normal interval because outcome shares are often near 0 or 1
//! (a scenario where talks almost always fail), where the normal interval collapses to a point
//! or leaves [0, 1]; Wilson's keeps close to its nominal coverage there.

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval `(low, high)` of `successes` out of `n` at normal quantile `z`.
/// With `n == 0` nothing is known: `(0, 1)`.
pub fn wilson(successes: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = successes.min(n) as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = z / denom * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Half the width of the Wilson 95% interval: the precision `--until-precise` asks for.
pub fn half_width95(successes: u64, n: u64) -> f64 {
    let (lo, hi) = wilson(successes, n, Z95);
    0.5 * (hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn known_values() {
        // 50 of 100: the classic 0.404..0.596.
        let (lo, hi) = wilson(50, 100, Z95);
        assert!(
            (lo - 0.4038).abs() < 1e-3 && (hi - 0.5962).abs() < 1e-3,
            "{lo} {hi}"
        );
        // 0 of 10: lower end 0, upper about 0.278.
        let (lo, hi) = wilson(0, 10, Z95);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 1e-3, "{hi}");
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
        let (lo, hi) = wilson(10, 10, Z95);
        assert!(hi <= 1.0 && lo > 0.7);
    }

    /// Coverage against a known Bernoulli rate: draw many binomial samples with a fixed seed and
    /// count how often the interval holds the true rate. Nominal is 95%; Wilson's actual coverage
    /// oscillates around it, so accept [0.93, 0.97].
    #[test]
    fn coverage_is_near_nominal() {
        let mut rng = ChaCha8Rng::seed_from_u64(20250806);
        for (p, n) in [(0.3, 200u64), (0.05, 400), (0.9, 150), (0.5, 1000)] {
            let trials = 4000;
            let mut covered = 0;
            for _ in 0..trials {
                let k = (0..n).filter(|_| rng.random::<f64>() < p).count() as u64;
                let (lo, hi) = wilson(k, n, Z95);
                if lo <= p && p <= hi {
                    covered += 1;
                }
            }
            let coverage = covered as f64 / trials as f64;
            assert!(
                (0.93..=0.97).contains(&coverage),
                "p {p} n {n}: coverage {coverage}"
            );
        }
    }
}
