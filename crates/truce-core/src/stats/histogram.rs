//! Fixed-bin histograms: the only way the aggregate remembers a distribution.
//!
//! Bins are fixed before the first run, so two histograms of the same shape merge by adding
//! counts, exactly and in any order. Quantiles are read back from the counts.

/// The bin of `x` among `bins` equal bins on `[lo, hi]`. Values outside are clamped into the
/// first or last bin; NaN falls into the first. Never panics (for `bins >= 1`).
#[inline]
pub fn bin_of(x: f64, lo: f64, hi: f64, bins: usize) -> usize {
    let t = (x - lo) / (hi - lo) * bins as f64;
    // `as u32` saturates: negative and NaN give 0, anything above 2^32 - 1 gives 2^32 - 1,
    // which the `min` brings to the last bin as `as usize` would (every histogram has far
    // fewer than 2^32 bins); on x86-64 it is a shorter conversion than `as usize`.
    (t as u32 as usize).min(bins.saturating_sub(1))
}

/// The bin holding the observation of rank `ceil(q * n)` (1-based, at least 1): the
/// "inverse of the empirical distribution function" definition of a quantile. `None` when the
/// histogram is empty.
pub fn quantile_bin(counts: &[u64], q: f64) -> Option<usize> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
    let mut seen = 0u64;
    for (k, &c) in counts.iter().enumerate() {
        seen += c;
        if seen >= rank {
            return Some(k);
        }
    }
    Some(counts.len() - 1)
}

/// The quantile `q` of a histogram on `[lo, hi]`, as the midpoint of the bin that holds it.
pub fn quantile(counts: &[u64], lo: f64, hi: f64, q: f64) -> Option<f64> {
    let k = quantile_bin(counts, q)?;
    let w = (hi - lo) / counts.len() as f64;
    // Rounded to 1e-9 so the file says 0.195, not 0.19500000000000006 (bins are far coarser).
    Some(((lo + (k as f64 + 0.5) * w) * 1e9).round() / 1e9)
}

/// Add `other` into `into`, bin by bin (same length required; extra bins are ignored).
pub fn add_counts(into: &mut [u64], other: &[u64]) {
    for (a, b) in into.iter_mut().zip(other) {
        *a += b;
    }
}

/// Sum `group` consecutive bins into one: a coarser histogram for charts (the last group may
/// be shorter).
pub fn coarsen(counts: &[u64], group: usize) -> Vec<u64> {
    counts
        .chunks(group.max(1))
        .map(|c| c.iter().sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_clamp_and_never_panic() {
        assert_eq!(bin_of(0.0, 0.0, 1.0, 10), 0);
        assert_eq!(bin_of(0.05, 0.0, 1.0, 10), 0);
        assert_eq!(bin_of(0.1, 0.0, 1.0, 10), 1);
        assert_eq!(bin_of(1.0, 0.0, 1.0, 10), 9);
        assert_eq!(bin_of(7.0, 0.0, 1.0, 10), 9);
        assert_eq!(bin_of(-3.0, 0.0, 1.0, 10), 0);
        assert_eq!(bin_of(f64::NAN, 0.0, 1.0, 10), 0);
        assert_eq!(bin_of(f64::INFINITY, 0.0, 1.0, 10), 9);
        assert_eq!(bin_of(0.0, -1.0, 1.0, 200), 100);
        assert_eq!(bin_of(1e12, 0.0, 1.0, 10), 9);
        assert_eq!(bin_of(f64::NEG_INFINITY, 0.0, 1.0, 10), 0);
    }

    #[test]
    fn quantiles_follow_ranks() {
        // Values 0..=9 once each in 10 bins on [0, 10].
        let counts = [1u64; 10];
        assert_eq!(quantile_bin(&counts, 0.5), Some(4));
        assert_eq!(quantile_bin(&counts, 0.1), Some(0));
        assert_eq!(quantile_bin(&counts, 0.0), Some(0));
        assert_eq!(quantile_bin(&counts, 1.0), Some(9));
        assert_eq!(quantile(&counts, 0.0, 10.0, 0.9), Some(8.5));
        assert_eq!(quantile_bin(&[0, 0, 5, 0], 0.99), Some(2));
        assert_eq!(quantile_bin(&[0, 0, 0], 0.5), None);
    }

    #[test]
    fn quantile_of_uniform_sample_is_close() {
        let mut counts = vec![0u64; 1000];
        let mut x = 0.123_f64;
        for _ in 0..100_000 {
            x = (x + 0.618_033_988_749_895) % 1.0;
            counts[bin_of(x, 0.0, 1.0, 1000)] += 1;
        }
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let v = quantile(&counts, 0.0, 1.0, q).unwrap();
            assert!((v - q).abs() < 0.002, "q {q}: {v}");
        }
    }

    #[test]
    fn coarsen_sums_groups() {
        assert_eq!(coarsen(&[1, 2, 3, 4, 5], 2), vec![3, 7, 5]);
        assert_eq!(coarsen(&[1, 2], 0), vec![1, 2]);
    }
}
