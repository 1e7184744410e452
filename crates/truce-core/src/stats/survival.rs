//! Kaplan-Meier survival from per-day counts of events and censorings.
//!
//! The aggregate keeps, per day, how many pauses collapsed and how many left observation
//! without collapsing; the estimate is computed only when a summary is made, so shards merge by
//! adding counts.

/// One step of the Kaplan-Meier curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The day.
    pub day: u32,
    /// Pauses at risk just before it.
    pub at_risk: u64,
    /// Events (collapses) on it.
    pub events: u64,
    /// Censorings on it.
    pub censored: u64,
    /// Estimated share surviving past `day`.
    pub share: f64,
}

/// The Kaplan-Meier estimate: one step per day with an event or a censoring. On a day with
/// both, the events count first (the usual convention: a pause censored on day d was at risk on
/// day d).
pub fn kaplan_meier(events: &[u64], censored: &[u64]) -> Vec<Step> {
    let mut at_risk: u64 = events.iter().sum::<u64>() + censored.iter().sum::<u64>();
    let mut share = 1.0;
    let mut steps = Vec::new();
    for (day, (&e, &c)) in events.iter().zip(censored).enumerate() {
        if e == 0 && c == 0 {
            continue;
        }
        if at_risk > 0 {
            share *= 1.0 - e as f64 / at_risk as f64;
        }
        steps.push(Step {
            day: day as u32,
            at_risk,
            events: e,
            censored: c,
            share,
        });
        at_risk = at_risk.saturating_sub(e + c);
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_censoring_is_the_empirical_survival() {
        // 4 pauses collapse on days 1, 2, 2, 5.
        let mut ev = vec![0u64; 7];
        ev[1] = 1;
        ev[2] = 2;
        ev[5] = 1;
        let steps = kaplan_meier(&ev, &[0; 7]);
        let shares: Vec<f64> = steps.iter().map(|s| s.share).collect();
        assert_eq!(shares, vec![0.75, 0.25, 0.0]);
        assert_eq!(steps[1].at_risk, 3);
    }

    #[test]
    fn censoring_removes_from_risk_set() {
        // Classic textbook example: events at 3 and 5, censored at 4; n = 3.
        let mut ev = vec![0u64; 6];
        let mut ce = vec![0u64; 6];
        ev[3] = 1;
        ce[4] = 1;
        ev[5] = 1;
        let steps = kaplan_meier(&ev, &ce);
        assert_eq!(steps.len(), 3);
        assert!((steps[0].share - 2.0 / 3.0).abs() < 1e-12);
        assert!((steps[1].share - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(steps[2].at_risk, 1);
        assert_eq!(steps[2].share, 0.0);
    }

    #[test]
    fn empty_is_empty() {
        assert!(kaplan_meier(&[0, 0], &[0, 0]).is_empty());
    }
}
