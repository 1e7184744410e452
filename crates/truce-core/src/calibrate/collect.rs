//! What calibration keeps of each run: its outcome and the value every uncertain number drew,
//! folded as it comes into fixed-bin histograms, sums and sums of squares per (uncertain
//! number, outcome class). The tilt's weights depend on the outcome class alone, so these are
//! enough for any weighted mean, spread or percentile, and memory stays flat in the runs.
//!
//! The drawn values come from [`Draws::replay`], which draws run `i` again exactly as the
//! engine did; the numbers are matched to [`Param::uncertain_numbers`] by identity, so the
//! engine's draw order may change without this module knowing.

use std::io;

use crate::engine::{Draws, Record};
use crate::model::{Dist, Scenario, Uncertain};
use crate::montecarlo::RunSink;
use crate::param::Param;

use super::tilt::CLASSES;

/// Histogram bins per (number, outcome class); percentiles interpolate within a bin, so they
/// are exact to a small fraction of 1/1000 of the number's span.
pub const BINS: usize = 1000;

/// How far a normal distribution's bins reach from its mean, in standard deviations (values
/// beyond land in the end bins; they are rarer than 1 in 500 million).
const NORMAL_REACH: f64 = 6.0;

/// One uncertain number that varies from run to run.
#[derive(Debug, Clone)]
pub struct Slot {
    /// The number.
    pub param: Param,
    /// The span its histogram covers.
    pub lo: f64,
    /// Top of that span.
    pub hi: f64,
    /// Sums are kept around this value (the middle of the span), against cancellation.
    centre: f64,
}

/// Integer counts and sums per (slot, class); adding blocks in run order makes the result the
/// same for any thread count.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Runs per outcome class.
    pub runs: [u64; CLASSES],
    /// `(slot * CLASSES + class) * BINS + bin`.
    hist: Vec<u64>,
    /// `slot * CLASSES + class`: sum of `x - centre`.
    sum: Vec<f64>,
    /// Sum of `(x - centre)^2`.
    sum_sq: Vec<f64>,
}

impl Tally {
    fn new(slots: usize) -> Tally {
        Tally {
            runs: [0; CLASSES],
            hist: vec![0; slots * CLASSES * BINS],
            sum: vec![0.0; slots * CLASSES],
            sum_sq: vec![0.0; slots * CLASSES],
        }
    }

    fn add(&mut self, other: &Tally) {
        for c in 0..CLASSES {
            self.runs[c] += other.runs[c];
        }
        self.hist
            .iter_mut()
            .zip(&other.hist)
            .for_each(|(a, b)| *a += b);
        self.sum
            .iter_mut()
            .zip(&other.sum)
            .for_each(|(a, b)| *a += b);
        self.sum_sq
            .iter_mut()
            .zip(&other.sum_sq)
            .for_each(|(a, b)| *a += b);
    }
}

/// A number's distribution over the runs, each run weighted by its outcome class.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Spread {
    /// Weighted mean.
    pub mean: f64,
    /// Weighted standard deviation.
    pub sd: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The runs of a job, as calibration keeps them.
#[derive(Debug, Clone)]
pub struct Collected {
    /// The numbers that vary, in [`Param::uncertain_numbers`] order.
    pub slots: Vec<Slot>,
    /// Their counts and sums.
    pub tally: Tally,
}

impl Collected {
    /// Runs per outcome class.
    pub fn runs(&self) -> [u64; CLASSES] {
        self.tally.runs
    }

    /// The distribution of slot `k` with one run of class `c` weighing `weight[c]` (all 1: the
    /// scenario as written).
    // Classes index four parallel arrays: a range loop reads clearer than zipped iterators.
    #[allow(clippy::needless_range_loop)]
    pub fn spread(&self, k: usize, weight: &[f64; CLASSES]) -> Spread {
        let slot = &self.slots[k];
        let t = &self.tally;
        let (mut w, mut s, mut s2) = (0.0, 0.0, 0.0);
        for c in 0..CLASSES {
            let n = t.runs[c] as f64;
            if n == 0.0 {
                continue;
            }
            w += weight[c] * n;
            s += weight[c] * t.sum[k * CLASSES + c];
            s2 += weight[c] * t.sum_sq[k * CLASSES + c];
        }
        if w <= 0.0 {
            return Spread {
                mean: slot.centre,
                sd: 0.0,
                p10: slot.centre,
                p50: slot.centre,
                p90: slot.centre,
            };
        }
        let mean = s / w;
        let var = (s2 / w - mean * mean).max(0.0);
        let mut bins = vec![0.0; BINS];
        for c in 0..CLASSES {
            let h = &t.hist[(k * CLASSES + c) * BINS..(k * CLASSES + c + 1) * BINS];
            for (b, &n) in bins.iter_mut().zip(h) {
                *b += weight[c] * n as f64;
            }
        }
        let q = |p: f64| quantile(&bins, slot.lo, slot.hi, p);
        Spread {
            mean: slot.centre + mean,
            sd: var.sqrt(),
            p10: q(0.1),
            p50: q(0.5),
            p90: q(0.9),
        }
    }
}

/// The `p` quantile of weighted bins on `[lo, hi]`, interpolated linearly within its bin.
fn quantile(bins: &[f64], lo: f64, hi: f64, p: f64) -> f64 {
    let total: f64 = bins.iter().sum();
    if total <= 0.0 {
        return lo;
    }
    let width = (hi - lo) / bins.len() as f64;
    let goal = p * total;
    let mut below = 0.0;
    for (i, &b) in bins.iter().enumerate() {
        if b > 0.0 && below + b >= goal {
            let frac = ((goal - below) / b).clamp(0.0, 1.0);
            return lo + (i as f64 + frac) * width;
        }
        below += b;
    }
    hi
}

/// The span of a number's histogram: where its draws can land.
fn span(u: &Uncertain) -> Option<(f64, f64)> {
    let (a, b) = match &u.dist {
        Dist::Fixed(_) => return None,
        Dist::Uniform { min, max } => (*min, *max),
        Dist::Triangular { min, max, .. } => (*min, *max),
        Dist::Normal { mean, sd, .. } => (mean - NORMAL_REACH * sd, mean + NORMAL_REACH * sd),
        Dist::Beta { .. } => (0.0, 1.0),
    };
    let (a, b) = (a.max(u.lo), b.min(u.hi));
    (b > a).then_some((a, b))
}

/// The run sink that keeps every run's outcome and drawn numbers.
pub struct Collector<'a> {
    s: &'a Scenario,
    seed: u64,
    slots: Vec<Slot>,
    /// For each number [`Draws::replay`] visits, in its order: the slot it feeds, if any.
    visit_slot: Vec<Option<usize>>,
    total: Tally,
}

impl<'a> Collector<'a> {
    /// A collector for the runs of `s` under `seed`.
    pub fn new(s: &'a Scenario, seed: u64) -> Collector<'a> {
        let slots: Vec<Slot> = Param::uncertain_numbers(s)
            .into_iter()
            .filter_map(|param| {
                let (lo, hi) = span(param.uncertain(s)?)?;
                Some(Slot {
                    param,
                    lo,
                    hi,
                    centre: 0.5 * (lo + hi),
                })
            })
            .collect();
        // Which number each visit of a replay is: by identity (the address in `s`).
        let mut visited: Vec<*const Uncertain> = Vec::new();
        Draws::new(s).replay(s, seed, 0, |u, _| visited.push(u as *const Uncertain));
        let visit_slot = visited
            .iter()
            .map(|&ptr| {
                slots.iter().position(|slot| {
                    slot.param
                        .uncertain(s)
                        .is_some_and(|u| std::ptr::eq(u, ptr))
                })
            })
            .collect();
        let total = Tally::new(slots.len());
        Collector {
            s,
            seed,
            slots,
            visit_slot,
            total,
        }
    }

    /// The numbers the collector keeps that the draws never visit (none, unless the engine
    /// stops drawing a number [`Param`] lists).
    pub fn undrawn(&self) -> Vec<Param> {
        (0..self.slots.len())
            .filter(|k| !self.visit_slot.contains(&Some(*k)))
            .map(|k| self.slots[k].param)
            .collect()
    }

    /// What was collected.
    pub fn finish(self) -> Collected {
        Collected {
            slots: self.slots,
            tally: self.total,
        }
    }
}

/// One block's buffers: the draws replayed and the block's tally.
pub struct Block {
    draws: Draws,
    tally: Tally,
}

impl RunSink for Collector<'_> {
    type Block = Block;

    fn block(&self) -> Block {
        Block {
            draws: Draws::new(self.s),
            tally: Tally::new(self.slots.len()),
        }
    }

    fn record(&self, block: &mut Block, record: &Record) {
        let c = record.outcome.index();
        let t = &mut block.tally;
        t.runs[c] += 1;
        let mut visit = 0;
        let slots = &self.slots;
        let visit_slot = &self.visit_slot;
        block.draws.replay(self.s, self.seed, record.run, |_, v| {
            if let Some(Some(k)) = visit_slot.get(visit) {
                let slot = &slots[*k];
                let x = v - slot.centre;
                let i = k * CLASSES + c;
                t.sum[i] += x;
                t.sum_sq[i] += x * x;
                let frac = (v - slot.lo) / (slot.hi - slot.lo);
                let bin = ((frac * BINS as f64) as usize).min(BINS - 1);
                t.hist[i * BINS + bin] += 1;
            }
            visit += 1;
        });
    }

    fn take(&mut self, block: Block) -> io::Result<()> {
        self.total.add(&block.tally);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_within_bins() {
        // Uniform mass on [0, 1] in 4 bins: quantiles are the identity.
        let bins = [1.0, 1.0, 1.0, 1.0];
        for p in [0.1, 0.25, 0.5, 0.9] {
            assert!((quantile(&bins, 0.0, 1.0, p) - p).abs() < 1e-12);
        }
        // All mass in the third bin of [0, 4]: the median is its middle.
        assert!((quantile(&[0.0, 0.0, 2.0, 0.0], 0.0, 4.0, 0.5) - 2.5).abs() < 1e-12);
    }
}
