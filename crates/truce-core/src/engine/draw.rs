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
