//! Moment matching: the distribution of the written family whose mean (and, where the family
//! allows, spread) is the calibrated one.
//!
//! - uniform: mean and variance (`min, max = m -+ sqrt(3) sd`);
//! - triangular: the written support is kept where possible and the mode solved from the mean
//!   (`mode = 3m - min - max`); a mode that would leave the support becomes the end it passed,
//!   and that end moves so that the mean is still met;
//! - normal: mean and standard deviation;
//! - beta: the method of moments (`alpha + beta = m(1 - m) / v - 1`).
//!
//! A support that would leave the key's range is cut at the range and moved so that the mean is
//! kept (the spread then gives way). Parameters are rounded to 4 significant digits, which is
//! what a person would write.

use crate::model::{Dist, Uncertain};

/// A distribution of the same family, refitted.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Fit {
    /// `{ dist = "uniform", min, max }`.
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// `{ dist = "triangular", min, mode, max }`.
    Triangular {
        /// Lowest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Highest value.
        max: f64,
    },
    /// `{ dist = "normal", mean, sd }`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// `{ dist = "beta", alpha, beta }`.
    Beta {
        /// First shape parameter.
        alpha: f64,
        /// Second shape parameter.
        beta: f64,
    },
}

impl Fit {
    /// The distribution's parameters as the file names them, in the file's order.
    pub fn params(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Fit::Uniform { min, max } => vec![("min", min), ("max", max)],
            Fit::Triangular { min, mode, max } => {
                vec![("min", min), ("mode", mode), ("max", max)]
            }
            Fit::Normal { mean, sd } => vec![("mean", mean), ("sd", sd)],
            Fit::Beta { alpha, beta } => vec![("alpha", alpha), ("beta", beta)],
        }
    }

    /// The family's name in the file: `uniform`, `triangular`, `normal`, `beta`.
    pub fn family(&self) -> &'static str {
        match self {
            Fit::Uniform { .. } => "uniform",
            Fit::Triangular { .. } => "triangular",
            Fit::Normal { .. } => "normal",
            Fit::Beta { .. } => "beta",
        }
    }

    /// `{ dist = "uniform", min = 0.2, max = 0.4 }`, as the file will hold it.
    pub fn toml(&self) -> String {
        let params: Vec<String> = self
            .params()
            .iter()
            .map(|(k, v)| format!("{k} = {}", number(*v)))
            .collect();
        format!("{{ dist = \"{}\", {} }}", self.family(), params.join(", "))
    }

    /// The mean of the distribution (before the key's range clamps any draw).
    pub fn mean(&self) -> f64 {
        match *self {
            Fit::Uniform { min, max } => 0.5 * (min + max),
            Fit::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Fit::Normal { mean, .. } => mean,
            Fit::Beta { alpha, beta } => alpha / (alpha + beta),
        }
    }

    /// The fit of a distribution as written (no change).
    pub fn of(u: &Uncertain) -> Option<Fit> {
        Some(match u.dist {
            Dist::Fixed(_) => return None,
            Dist::Uniform { min, max } => Fit::Uniform { min, max },
            Dist::Triangular { min, mode, max, .. } => Fit::Triangular { min, mode, max },
            Dist::Normal { mean, sd, .. } => Fit::Normal { mean, sd },
            Dist::Beta { alpha, beta, .. } => Fit::Beta { alpha, beta },
        })
    }
}

/// `v` in at most 4 significant digits, as TOML: `0.2513`, `3.1e-5`, `2000`.
pub fn number(v: f64) -> String {
    let r = round4(v);
    if r == 0.0 {
        return "0".into();
    }
    if r.abs() >= 1e-3 && r.abs() < 1e6 {
        let s = format!("{r:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{r:e}")
    }
}

/// `v` rounded to 4 significant digits.
pub fn round4(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    format!("{v:.3e}").parse().unwrap_or(v)
}

/// The distribution of `current`'s family with mean `mean` and standard deviation `sd`, inside
/// the key's range `[lo, hi]`. `None` for a fixed number (nothing to refit).
pub fn refit(current: &Fit, lo: f64, hi: f64, mean: f64, sd: f64) -> Fit {
    let m = mean.clamp(lo, hi);
    let sd = sd.max(0.0);
    let fit = match *current {
        Fit::Uniform { .. } => {
            let h = 3f64.sqrt() * sd;
            let (a, b) = keep_mean(m - h, m + h, m, lo, hi);
            Fit::Uniform { min: a, max: b }
        }
        Fit::Triangular { min, max, .. } => {
            let c = 3.0 * m - min - max;
            if c >= min && c <= max {
                Fit::Triangular { min, mode: c, max }
            } else if c < min {
                // The mode reaches the bottom: min = mode, and the mean fixes where.
                let a = ((3.0 * m - max) / 2.0).max(lo);
                let b = (3.0 * m - 2.0 * a).min(hi);
                Fit::Triangular {
                    min: a,
                    mode: a,
                    max: b.max(a),
                }
            } else {
                let b = ((3.0 * m - min) / 2.0).min(hi);
                let a = (3.0 * m - 2.0 * b).max(lo);
                Fit::Triangular {
                    min: a.min(b),
                    mode: b,
                    max: b,
                }
            }
        }
        Fit::Normal { .. } => Fit::Normal { mean: m, sd },
        Fit::Beta { .. } => {
            let m = m.clamp(1e-4, 1.0 - 1e-4);
            let v = (sd * sd).clamp(1e-12, 0.99 * m * (1.0 - m));
            let k = m * (1.0 - m) / v - 1.0;
            Fit::Beta {
                alpha: m * k,
                beta: (1.0 - m) * k,
            }
        }
    };
    rounded(fit, lo, hi)
}

/// A support `[a, b]` cut at the key's range, moved so that its middle stays `m`.
fn keep_mean(a: f64, b: f64, m: f64, lo: f64, hi: f64) -> (f64, f64) {
    if a < lo {
        (lo, (2.0 * m - lo).min(hi))
    } else if b > hi {
        ((2.0 * m - hi).max(lo), hi)
    } else {
        (a, b)
    }
}

/// Round to 4 significant digits, keeping the order the loader checks (`min <= mode <= max`,
/// inside `[lo, hi]`, positive shapes).
fn rounded(fit: Fit, lo: f64, hi: f64) -> Fit {
    let r = |v: f64| round4(v).clamp(lo, hi);
    match fit {
        Fit::Uniform { min, max } => {
            let (a, b) = (r(min), r(max));
            Fit::Uniform {
                min: a,
                max: b.max(a),
            }
        }
        Fit::Triangular { min, mode, max } => {
            let (a, b) = (r(min), r(max));
            let b = b.max(a);
            Fit::Triangular {
                min: a,
                mode: r(mode).clamp(a, b),
                max: b,
            }
        }
        Fit::Normal { mean, sd } => Fit::Normal {
            mean: r(mean),
            sd: round4(sd).max(0.0),
        },
        Fit::Beta { alpha, beta } => Fit::Beta {
            alpha: round4(alpha).max(1e-3),
            beta: round4(beta).max(1e-3),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn uniform_matches_mean_and_variance() {
        let u = Fit::Uniform { min: 0.0, max: 1.0 };
        // mean 0.5, sd 1/sqrt(12): the same uniform.
        let f = refit(&u, 0.0, 1.0, 0.5, 1.0 / 12f64.sqrt());
        assert_eq!(f, Fit::Uniform { min: 0.0, max: 1.0 });
        let f = refit(&u, 0.0, 1.0, 0.4, 0.05);
        let Fit::Uniform { min, max } = f else {
            panic!()
        };
        assert!(
            close(min, 0.4 - 0.0866) && close(max, 0.4 + 0.0866),
            "{f:?}"
        );
        // Cut at the range, the mean is kept.
        let f = refit(&u, 0.0, 1.0, 0.1, 0.2);
        assert_eq!(f, Fit::Uniform { min: 0.0, max: 0.2 });
    }

    #[test]
    fn triangular_keeps_its_support_where_it_can() {
        let t = Fit::Triangular {
            min: 0.15,
            mode: 0.25,
            max: 0.35,
        };
        let f = refit(&t, 0.0, 1.0, 0.27, 0.0);
        assert_eq!(
            f,
            Fit::Triangular {
                min: 0.15,
                mode: 0.31,
                max: 0.35
            }
        );
        assert!(close(f.mean(), 0.27));
        // A mean past what the support allows: the mode sits at the top, which moves up.
        let f = refit(&t, 0.0, 1.0, 0.30, 0.0);
        assert!(close(f.mean(), 0.30), "{f:?}");
        let Fit::Triangular { min, mode, max } = f else {
            panic!()
        };
        assert_eq!((min, mode == max), (0.15, true));
        let f = refit(&t, 0.0, 1.0, 0.18, 0.0);
        assert!(close(f.mean(), 0.18), "{f:?}");
    }

    #[test]
    fn normal_and_beta_by_moments() {
        let n = Fit::Normal { mean: 0.0, sd: 1.0 };
        assert_eq!(
            refit(&n, -1.0, 1.0, 0.2, 0.3),
            Fit::Normal { mean: 0.2, sd: 0.3 }
        );
        // Beta(2, 6): mean 0.25, variance 12 / (64 * 9) = 0.020833.
        let b = Fit::Beta {
            alpha: 1.0,
            beta: 1.0,
        };
        let f = refit(&b, 0.0, 1.0, 0.25, 0.020833333f64.sqrt());
        let Fit::Beta { alpha, beta } = f else {
            panic!()
        };
        assert!(close(alpha, 2.0) && close(beta, 6.0), "{f:?}");
    }

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        assert_eq!(number(0.251349), "0.2513");
        assert_eq!(number(2000.0), "2000");
        assert_eq!(number(0.0000312345), "3.123e-5");
        assert_eq!(number(-0.01), "-0.01");
        assert_eq!(
            Fit::Uniform { min: 0.1, max: 0.3 }.toml(),
            "{ dist = \"uniform\", min = 0.1, max = 0.3 }"
        );
    }
}
