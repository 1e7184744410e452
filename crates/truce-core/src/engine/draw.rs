//! The numbers one run draws before the talks start.
//!
//! Every uncertain number of the scenario is drawn once per run, in scenario order, from the
//! run's own "draws" stream. Keeping draws on a stream apart from the talks and the pause means
//! that changing one number (a sweep point) does not reshuffle the noise of everything else:
//! the common random numbers that make sweep points comparable.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use super::rng::Stream;
use crate::model::{Dist, Scenario, Uncertain};

/// Per-run values of every uncertain number. Buffers are sized once per scenario.
#[derive(Debug, Clone)]
pub struct Draws {
    /// Per party.
    pub leverage: Vec<f64>,
    /// Per party.
    pub trust: Vec<f64>,
    /// Per party.
    pub reservation: Vec<f64>,
    /// Per party.
    pub momentum_sensitivity: Vec<f64>,
    /// Per party: the concession exponent (at least 0.001).
    pub beta: Vec<f64>,
    /// Normalised weights, `party * n_issues + issue`.
    pub weights: Vec<f64>,
    /// Per condition, flattened in party order (see [`Draws::condition_start`]).
    pub penalty: Vec<f64>,
    /// Per condition, flattened like `penalty`.
    pub waive_below: Vec<f64>,
    /// Index of party p's first condition in `penalty`/`waive_below`.
    pub condition_start: Vec<usize>,
    /// Momentum when the talks open.
    pub momentum: f64,
    /// The front's drift per round.
    pub drift: f64,
    /// The front's noise per round.
    pub volatility: f64,
    /// Per event: its chance (per round, or at its round).
    pub event_probability: Vec<f64>,
    /// Length of the front in km.
    pub frontline_km: f64,
    /// Violations per km per day at zero trust.
    pub violation_rate: f64,
    /// Per party: utility lost per week of talks without a deal.
    pub delay_cost: Vec<f64>,
    /// Per party: the share of its gain from a pause that the first term uses up.
    pub one_off_gain: Vec<f64>,
    /// Per party: its private shift of its walk-away value, `private_information * N(0, 1)`
    /// (`docs/MODEL.md`, section 4); 0 at central values.
    pub resolve: Vec<f64>,
}

impl Draws {
    /// Buffers sized for `s`, before any draw.
    pub fn new(s: &Scenario) -> Draws {
        let np = s.parties.len();
        let mut condition_start = Vec::with_capacity(np + 1);
        let mut total = 0;
        for p in &s.parties {
            condition_start.push(total);
            total += p.conditions.len();
        }
        condition_start.push(total);
        Draws {
            leverage: vec![0.0; np],
            trust: vec![0.0; np],
            reservation: vec![0.0; np],
            momentum_sensitivity: vec![0.0; np],
            beta: vec![1.0; np],
            weights: vec![0.0; np * s.issues.len()],
            penalty: vec![0.0; total],
            waive_below: vec![0.0; total],
            condition_start,
            momentum: 0.0,
            drift: 0.0,
            volatility: 0.0,
            event_probability: vec![0.0; s.events.len()],
            frontline_km: 0.0,
            violation_rate: 0.0,
            delay_cost: vec![0.0; np],
            one_off_gain: vec![0.0; np],
            resolve: vec![0.0; np],
        }
    }

    /// Draw everything for one run. Allocates nothing.
    pub fn draw<R: Rng + ?Sized>(&mut self, s: &Scenario, rng: &mut R) {
        // A fixed number is its value and takes nothing from the stream: answered here, it
        // costs no call (most of a scenario's numbers are fixed).
        self.fill(s, |u| match u.dist {
            Dist::Fixed(v) => v,
            _ => u.draw(rng),
        });
        self.draw_private(s, rng);
    }

    /// Each party's private shift of its walk-away value: drawn after every number of the
    /// file, and only when the scenario has private information.
    fn draw_private<R: Rng + ?Sized>(&mut self, s: &Scenario, rng: &mut R) {
        if s.private_information > 0.0 {
            for r in self.resolve.iter_mut() {
                let z: f64 = StandardNormal.sample(rng);
                *r = s.private_information * z;
            }
        } else {
            self.resolve.fill(0.0);
        }
    }

    /// Draw run `index` of `seed` again, exactly as [`super::Runner::begin`] draws it (same
    /// stream, same order), and hand `seen` every uncertain number with its value as drawn:
    /// clamped to its key's range, before a party's weights are normalised. Calibration's hook
    /// (`crate::calibrate`): it keeps each run's drawn numbers without touching the hot loop.
    pub fn replay(
        &mut self,
        s: &Scenario,
        seed: u64,
        index: u64,
        mut seen: impl FnMut(&Uncertain, f64),
    ) {
        let mut rng = super::rng::stream(super::rng::key_from_seed(seed), index, Stream::Draws);
        self.fill(s, |u| {
            let v = u.draw(&mut rng);
            seen(u, v);
            v
        });
        // Not a number of the file, so `seen` does not hear of it; drawn all the same, so
        // the replayed draws are the engine's.
        self.draw_private(s, &mut rng);
    }

    /// Set every number to its central value (for the bargaining analysis).
    pub fn central(&mut self, s: &Scenario) {
        self.fill(s, Uncertain::central);
        self.resolve.fill(0.0);
    }

    /// Give every uncertain number its value from `value`, in the fixed draw order (the order
    /// is part of the common-random-numbers contract: see `docs/MODEL.md`, section 2).
    fn fill(&mut self, s: &Scenario, mut value: impl FnMut(&Uncertain) -> f64) {
        let ni = s.issues.len();
        for (p, party) in s.parties.iter().enumerate() {
            self.leverage[p] = value(&party.leverage);
            self.trust[p] = value(&party.trust);
            self.reservation[p] = value(&party.reservation);
            self.momentum_sensitivity[p] = value(&party.momentum_sensitivity);
            self.beta[p] = value(&party.strategy.beta).max(1e-3);
            let w = &mut self.weights[p * ni..(p + 1) * ni];
            let mut sum = 0.0;
            for (j, pos) in party.positions.iter().enumerate() {
                w[j] = value(&pos.weight).max(0.0);
                sum += w[j];
            }
            if sum > 0.0 {
                w.iter_mut().for_each(|x| *x /= sum);
            } else {
                // Every weight came out zero (possible only with distributions reaching 0):
                // fall back to equal weights on the issues the party states.
                let stated = party.positions.iter().filter(|x| x.stated).count().max(1) as f64;
                for (j, pos) in party.positions.iter().enumerate() {
                    w[j] = if pos.stated { 1.0 / stated } else { 0.0 };
                }
            }
            let c0 = self.condition_start[p];
            for (k, c) in party.conditions.iter().enumerate() {
                self.penalty[c0 + k] = value(&c.penalty);
                self.waive_below[c0 + k] = value(&c.waive_below);
            }
        }
        (self.momentum, self.drift, self.volatility) = match &s.battlefield {
            Some(b) => (value(&b.momentum), value(&b.drift), value(&b.volatility)),
            None => (0.0, 0.0, 0.0),
        };
        for (e, ev) in s.events.iter().enumerate() {
            self.event_probability[e] = value(&ev.probability);
        }
        if let Some(t) = &s.truce {
            self.frontline_km = value(&t.frontline_km);
            self.violation_rate = value(&t.violation_rate);
        }
        // Drawn last (keys added in truce 0.2), so every earlier draw of a scenario written
        // before them stays what it was: the same runs, the same noise.
        for (p, party) in s.parties.iter().enumerate() {
            self.delay_cost[p] = value(&party.delay_cost);
            self.one_off_gain[p] = value(&party.one_off_gain);
        }
    }

    /// Party p's normalised weights.
    #[inline]
    pub fn weights_of(&self, p: usize, n_issues: usize) -> &[f64] {
        &self.weights[p * n_issues..(p + 1) * n_issues]
    }
}

/// Draws of Beta(`alpha`, `beta`) (both > 0): `X / (X + Y)` with `X ~ Gamma(alpha)` and
/// `Y ~ Gamma(beta)` independent, which is Beta(alpha, beta) exactly (e.g. Devroye 1986,
/// section IX.4). Each gamma comes from Marsaglia and Tsang's method; together about a third
/// of the instructions of `rand_distr`'s Beta (Cheng's algorithm BB, with its several
/// logarithms a draw) for the trust numbers the bundled scenarios draw. Each shape's constants
/// (a square root and two divisions) are worked out once, when the scenario is read, not at
/// every draw: the same numbers, so the same draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BetaDraw {
    x: GammaDraw,
    y: GammaDraw,
}

impl BetaDraw {
    /// The sampler of Beta(`alpha`, `beta`); both must be > 0.
    pub fn new(alpha: f64, beta: f64) -> BetaDraw {
        BetaDraw {
            x: GammaDraw::new(alpha),
            y: GammaDraw::new(beta),
        }
    }

    /// One draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let x = self.x.sample(rng);
            let y = self.y.sample(rng);
            let sum = x + y;
            // Both gammas underflow to 0 only for tiny shapes (far below any scenario's); draw
            // again rather than answer 0/0.
            if sum > 0.0 {
                return x / sum;
            }
        }
    }
}

/// One draw of Beta(`alpha`, `beta`) (both > 0), constants and all ([`BetaDraw`]).
#[cfg(test)]
pub(crate) fn beta<R: Rng + ?Sized>(alpha: f64, beta: f64, rng: &mut R) -> f64 {
    BetaDraw::new(alpha, beta).sample(rng)
}

/// Gamma(`shape`, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma
/// variables", ACM TOMS 26(3): exact (a rejection method), for `shape >= 1` directly and below
/// 1 as `Gamma(shape + 1) * U^(1 / shape)` (their section 6). `d v` with `v = (1 + c x)^3`, `x`
/// standard normal, `d = a - 1/3`, `c = 1 / sqrt(9 d)` (`a` the shape, or the shape plus one),
/// accepted by the squeeze `u < 1 - 0.0331 x^4` (about 98% of draws at a = 2) or else by the
/// exact test `ln u < x^2 / 2 + d (1 - v + ln v)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct GammaDraw {
    /// `1 / shape` below 1 (the boost's exponent), `None` from 1 up.
    boost: Option<f64>,
    d: f64,
    c: f64,
}

impl GammaDraw {
    fn new(shape: f64) -> GammaDraw {
        let (a, boost) = if shape >= 1.0 {
            (shape, None)
        } else {
            (shape + 1.0, Some(1.0 / shape))
        };
        let d = a - 1.0 / 3.0;
        GammaDraw {
            boost,
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }

    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self.boost {
            None => self.marsaglia_tsang(rng),
            Some(inv_shape) => {
                let u = open_unit(rng);
                self.marsaglia_tsang(rng) * u.powf(inv_shape)
            }
        }
    }

    #[inline(always)]
    fn marsaglia_tsang<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let (d, c) = (self.d, self.c);
        loop {
            let x: f64 = StandardNormal.sample(rng);
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = open_unit(rng);
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
    }
}

/// A uniform number in (0, 1): 53 random bits, offset by half a step so neither end occurs
/// (a logarithm or a root of it is always finite).
#[inline]
fn open_unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::{key_from_seed, stream};

    /// Regularised incomplete beta `I_x(a, b)` for integer shapes: the chance that at least
    /// `a` of `a + b - 1` uniforms fall below `x`.
    fn beta_cdf_int(x: f64, a: u32, b: u32) -> f64 {
        let n = a + b - 1;
        let mut total = 0.0;
        let mut choose = 1.0f64; // C(n, k)
        for k in 0..=n {
            if k > 0 {
                choose = choose * f64::from(n - k + 1) / f64::from(k);
            }
            if k >= a {
                total += choose * x.powi(k as i32) * (1.0 - x).powi((n - k) as i32);
            }
        }
        total
    }

    fn sample(alpha: f64, b: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = stream(key_from_seed(seed), 0, Stream::Draws);
        (0..n).map(|_| beta(alpha, b, &mut rng)).collect()
    }

    /// Kolmogorov-Smirnov against the exact CDF, for integer shapes (the trust numbers of the
    /// bundled scenarios are beta(2, 12) and beta(2, 14)): D below the 0.1% critical value
    /// 1.95 / sqrt(n).
    #[test]
    fn integer_shapes_follow_the_exact_distribution() {
        let n = 40_000;
        for (k, (a, b)) in [(2, 12), (2, 14), (1, 1), (3, 2), (1, 5)]
            .into_iter()
            .enumerate()
        {
            let mut xs = sample(f64::from(a), f64::from(b), n, 11 + k as u64);
            xs.sort_by(f64::total_cmp);
            let d = xs
                .iter()
                .enumerate()
                .map(|(i, &x)| {
                    let f = beta_cdf_int(x, a, b);
                    (f - i as f64 / n as f64).max((i + 1) as f64 / n as f64 - f)
                })
                .fold(0.0, f64::max);
            assert!(d < 1.95 / (n as f64).sqrt(), "beta({a}, {b}): KS D = {d}");
            assert!(xs.iter().all(|x| (0.0..=1.0).contains(x)));
        }
    }

    /// Shapes below 1 and fractional ones: mean and variance within 5 standard errors of
    /// `a / (a + b)` and `a b / ((a + b)^2 (a + b + 1))`.
    #[test]
    fn fractional_shapes_have_the_right_moments() {
        let n = 100_000;
        for (k, (a, b)) in [
            (0.5, 0.5),
            (0.3, 3.0),
            (2.5, 0.7),
            (5.5, 2.25),
            (0.05, 0.05),
        ]
        .into_iter()
        .enumerate()
        {
            let xs = sample(a, b, n, 101 + k as u64);
            let nf = n as f64;
            let mean = xs.iter().sum::<f64>() / nf;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0);
            let want_mean = a / (a + b);
            let want_var = a * b / ((a + b).powi(2) * (a + b + 1.0));
            // Standard error of the variance: sqrt((m4 - var^2) / n), with m4 <= var
            // (values in [0, 1]).
            assert!(
                (mean - want_mean).abs() < 5.0 * (want_var / nf).sqrt(),
                "beta({a}, {b}): mean {mean} want {want_mean}"
            );
            assert!(
                (var - want_var).abs() < 5.0 * (want_var / nf).sqrt(),
                "beta({a}, {b}): variance {var} want {want_var}"
            );
            assert!(xs.iter().all(|x| (0.0..=1.0).contains(x) && x.is_finite()));
        }
    }
}
