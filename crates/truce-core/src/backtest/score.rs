//! Scoring a forecast of one categorical outcome against what happened.
//!
//! The forecasts are outcome shares of a Monte Carlo job, the truth is one of the five outcomes.
//! The scores are the standard proper scoring rules (Gneiting and Raftery 2007): the
//! multi-category Brier score (Brier 1950) and the logarithmic score (Good 1952), plus the binary
//! Brier score of "a pause is signed" and, for signed pauses, where the days really kept fall in the
//! forecast distribution (the probability integral transform, Dawid 1984).

/// Outcomes of a run, in the order of `Outcome::ALL`.
pub const CATEGORIES: usize = 5;

/// Pseudocount added to each outcome's count before a log score: the posterior mean under a
/// Jeffreys Dirichlet(1/2, ..., 1/2) prior. A share of 0 in 10,000 runs then scores
/// `-ln(0.5 / 10002.5)` (about 9.9 nats) instead of infinity, and a share estimated from many runs
/// is barely moved.
pub const LOG_PSEUDOCOUNT: f64 = 0.5;

/// Shares from counts (all zero when there are no runs).
pub fn shares(counts: &[u64; CATEGORIES]) -> [f64; CATEGORIES] {
    let n: u64 = counts.iter().sum();
    let mut p = [0.0; CATEGORIES];
    if n > 0 {
        for k in 0..CATEGORIES {
            p[k] = counts[k] as f64 / n as f64;
        }
    }
    p
}

/// Shares smoothed with [`LOG_PSEUDOCOUNT`]: `(n_k + 1/2) / (N + 5/2)`, never zero.
pub fn smoothed(counts: &[u64; CATEGORIES]) -> [f64; CATEGORIES] {
    let n: u64 = counts.iter().sum();
    let denom = n as f64 + LOG_PSEUDOCOUNT * CATEGORIES as f64;
    let mut p = [0.0; CATEGORIES];
    for k in 0..CATEGORIES {
        p[k] = (counts[k] as f64 + LOG_PSEUDOCOUNT) / denom;
    }
    p
}

/// Multi-category Brier score `sum_k (p_k - o_k)^2`: 0 for a certain, right forecast; 2 for a
/// certain, wrong one; 0.8 for 1/5 on each of five outcomes.
pub fn brier(p: &[f64; CATEGORIES], observed: usize) -> f64 {
    (0..CATEGORIES)
        .map(|k| {
            let o = if k == observed { 1.0 } else { 0.0 };
            (p[k] - o).powi(2)
        })
        .sum()
}

/// Logarithmic score `-ln p_observed`, in nats (lower is better); `p` must be smoothed.
pub fn log_score(p: &[f64; CATEGORIES], observed: usize) -> f64 {
    -p[observed].ln()
}

/// Binary Brier score `(p - o)^2` of one event.
pub fn binary_brier(p: f64, happened: bool) -> f64 {
    let o = if happened { 1.0 } else { 0.0 };
    (p - o).powi(2)
}

/// Skill against a baseline: `1 - score / baseline` (1 is perfect, 0 no better than the
/// baseline, negative worse). `None` when the baseline scores 0.
pub fn skill(score: f64, baseline: f64) -> Option<f64> {
    (baseline > 0.0).then(|| 1.0 - score / baseline)
}

/// For each case, the counts of the observed outcomes of all the other cases (the leave-one-out
/// base rates: a case is never scored by a rate that includes itself).
pub fn leave_one_out_counts(observed: &[usize]) -> Vec<[u64; CATEGORIES]> {
    let mut all = [0u64; CATEGORIES];
    for &o in observed {
        all[o] += 1;
    }
    observed
        .iter()
        .map(|&o| {
            let mut c = all;
            c[o] -= 1;
            c
        })
        .collect()
}

/// Mid-distribution probability integral transform of an observed count of days in a forecast
/// histogram of days (bin d holds the runs that kept the pause d days):
/// `(F(d - 1) + F(d)) / 2`, the deterministic form of the randomised PIT for discrete
/// forecasts (Czado, Gneiting and Held 2009). Uniform on [0, 1] when forecasts are calibrated.
/// `None` when the histogram is empty. Days past the last bin count as the last bin.
pub fn mid_pit(histogram: &[u64], days: f64) -> Option<f64> {
    let total: u64 = histogram.iter().sum();
    if total == 0 || !days.is_finite() {
        return None;
    }
    let d = (days.round().max(0.0) as usize).min(histogram.len() - 1);
    let below: u64 = histogram[..d].iter().sum();
    let at = histogram[d];
    Some((below as f64 + 0.5 * at as f64) / total as f64)
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReliabilityBin {
    /// Lower end of the bin's forecast range `[lo, hi)`.
    pub lo: f64,
    /// Upper end of the bin's forecast range (the last bin includes 1).
    pub hi: f64,
    /// Forecasts that fell in the bin.
    pub count: u64,
    /// Their mean forecast probability (`None` for an empty bin).
    pub mean_forecast: Option<f64>,
    /// How often the forecast outcome happened (`None` for an empty bin).
    pub observed_frequency: Option<f64>,
}

/// Reliability diagram (Murphy and Winkler 1977) of `(forecast probability, happened)` pairs in
/// `bins` equal bins on [0, 1]. A calibrated forecaster's points lie on the diagonal.
pub fn reliability(
    pairs: impl IntoIterator<Item = (f64, bool)>,
    bins: usize,
) -> Vec<ReliabilityBin> {
    let bins = bins.max(1);
    let mut count = vec![0u64; bins];
    let mut sum_p = vec![0.0; bins];
    let mut hits = vec![0u64; bins];
    for (p, happened) in pairs {
        let p = p.clamp(0.0, 1.0);
        let b = ((p * bins as f64) as usize).min(bins - 1);
        count[b] += 1;
        sum_p[b] += p;
        hits[b] += u64::from(happened);
    }
    (0..bins)
        .map(|b| ReliabilityBin {
            lo: b as f64 / bins as f64,
            hi: (b + 1) as f64 / bins as f64,
            count: count[b],
            mean_forecast: (count[b] > 0).then(|| sum_p[b] / count[b] as f64),
            observed_frequency: (count[b] > 0).then(|| hits[b] as f64 / count[b] as f64),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn brier_by_hand() {
        // (0.1-0)^2 + (0.2-0)^2 + (0.3-1)^2 + (0.4-0)^2 + 0 = 0.01 + 0.04 + 0.49 + 0.16 = 0.70
        assert!(close(brier(&[0.1, 0.2, 0.3, 0.4, 0.0], 2), 0.70));
        assert!(close(brier(&[0.2; 5], 0), 0.8));
        assert!(close(brier(&[1.0, 0.0, 0.0, 0.0, 0.0], 0), 0.0));
        assert!(close(brier(&[0.0, 1.0, 0.0, 0.0, 0.0], 0), 2.0));
    }

    #[test]
    fn smoothing_and_log_score_by_hand() {
        // 10 runs: counts 0, 2, 3, 5, 0 -> (c + 0.5) / 12.5
        let p = smoothed(&[0, 2, 3, 5, 0]);
        assert!(close(p[0], 0.04));
        assert!(close(p[3], 0.44));
        assert!(close(p.iter().sum::<f64>(), 1.0));
        assert!(close(log_score(&p, 0), -(0.04f64).ln()));
        assert!(close(log_score(&[0.2; 5], 4), 5f64.ln()));
    }

    #[test]
    fn binary_brier_and_skill() {
        assert!(close(binary_brier(0.7, true), 0.09));
        assert!(close(binary_brier(0.7, false), 0.49));
        assert!(close(skill(0.4, 0.8).unwrap(), 0.5));
        assert!(skill(0.4, 0.0).is_none());
    }

    #[test]
    fn leave_one_out_never_counts_the_case_itself() {
        let c = leave_one_out_counts(&[0, 0, 4, 2]);
        assert_eq!(c[0], [1, 0, 1, 0, 1]);
        assert_eq!(c[2], [2, 0, 1, 0, 0]);
        // A case whose outcome nobody else had gets a zero raw rate for it.
        assert_eq!(c[3][2], 0);
    }

    #[test]
    fn mid_pit_by_hand() {
        // 10 runs: 2 kept 0 days, 3 kept 1 day, 5 kept 2 days.
        let h = [2, 3, 5];
        assert!(close(mid_pit(&h, 0.0).unwrap(), 0.1));
        assert!(close(mid_pit(&h, 1.0).unwrap(), (2.0 + 1.5) / 10.0));
        assert!(close(mid_pit(&h, 2.0).unwrap(), (5.0 + 2.5) / 10.0));
        // Past the last bin: the last bin.
        assert!(close(mid_pit(&h, 40.0).unwrap(), 0.75));
        assert!(mid_pit(&[0, 0], 1.0).is_none());
    }

    #[test]
    fn reliability_by_hand() {
        let pairs = [
            (0.05, false),
            (0.15, true),
            (0.12, false),
            (0.95, true),
            (1.0, true),
        ];
        let r = reliability(pairs, 10);
        assert_eq!(r.len(), 10);
        assert_eq!(r[0].count, 1);
        assert_eq!(r[1].count, 2);
        assert!(close(r[1].mean_forecast.unwrap(), 0.135));
        assert!(close(r[1].observed_frequency.unwrap(), 0.5));
        assert_eq!(r[9].count, 2);
        assert_eq!(r[5].mean_forecast, None);
    }
}
