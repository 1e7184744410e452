//! Keeping the pause: violations, detection, trust, rearmament and renewal.
//!
//! Violations arrive as a Poisson process per side (played event by event, not day by day):
//! `lambda_s = frontline_km * violation_rate * (1 - trust_s) / 2 * (1 - DETERRENCE * p)`,
//! where `p` is the detection probability of the agreed verification option. A violation is
//! seen by the monitors with probability `p` (verified); failing that, by its victim with
//! probability `SELF_DETECTION` (contested: the victim accuses, the other side denies); else by
//! nobody. A verified violation costs the victim's trust `TRUST_COST_VERIFIED`; a contested one
//! costs both sides `TRUST_COST_CONTESTED`. Verified and contested violations are the detected
//! ones; `collapse_after` of them end the pause. After each violation a side whose value of
//! keeping the pause (trust-discounted) falls below its walk-away value abandons it.
//!
//! Why better monitoring lengthens pauses here, as Fortna (2003, 2004) found in the data: the
//! chance that a violation counts toward collapse is `p + (1 - p) SELF_DETECTION`, but the rate
//! of violations falls by `1 - DETERRENCE p`; their product falls with `p` whenever
//! `SELF_DETECTION >= 1 / (1 + DETERRENCE)` (0.6 >= 0.556 here). And verified incidents damage
//! trust less than contested ones, so the violation rate climbs more slowly.

/// Share of violations that certain detection deters (Fortna 2004, "Peace Time": monitoring
/// raises the expected cost of cheating). Assumption: 0.8.
pub const DETERRENCE: f64 = 0.8;

/// Chance that the victim itself sees and attributes a violation the monitors miss (soldiers
/// on the line see where the fire comes from). Assumption: 0.6.
pub const SELF_DETECTION: f64 = 0.6;

/// Trust the victim loses on a verified violation: blame is established and can be answered
/// through the mechanism. Assumption: 0.03.
pub const TRUST_COST_VERIFIED: f64 = 0.03;

/// Trust both sides lose on a contested violation: claims and counter-claims that nobody can
/// settle (the security-dilemma spiral). Assumption: 0.06, twice the verified cost.
pub const TRUST_COST_CONTESTED: f64 = 0.06;

/// Momentum shift per day toward the side that keeps receiving arms, at full rearmament
/// (rearm issue at 0). Assumption: 0.004, so a 30-day pause with unrestricted deliveries moves
/// momentum by 0.12.
pub const REARM_SHIFT_PER_DAY: f64 = 0.004;

/// The violation rates of the two sides at their current trust.
#[inline]
pub fn violation_rates(km: f64, rate: f64, trust: [f64; 2], detection: f64) -> [f64; 2] {
    let base = km * rate * 0.5 * (1.0 - DETERRENCE * detection);
    [base * (1.0 - trust[0]), base * (1.0 - trust[1])]
}

/// Expected violations that count toward collapse per unit of undeterred rate, as a function
/// of the monitors' detection probability: falls as detection rises.
pub fn counted_per_violation(detection: f64) -> f64 {
    (1.0 - DETERRENCE * detection) * (detection + (1.0 - detection) * SELF_DETECTION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monitoring_reduces_the_violations_that_count() {
        let mut last = counted_per_violation(0.0);
        for k in 1..=100 {
            let now = counted_per_violation(k as f64 / 100.0);
            assert!(
                now < last,
                "at detection {}: {now} >= {last}",
                k as f64 / 100.0
            );
            last = now;
        }
    }

    #[test]
    fn rates_grow_with_front_and_fall_with_trust_and_detection() {
        let r = violation_rates(2000.0, 0.001, [0.0, 0.0], 0.0);
        assert!(
            (r[0] + r[1] - 2.0).abs() < 1e-12,
            "2000 km at 0.001/km/day is 2 a day"
        );
        let longer = violation_rates(3000.0, 0.001, [0.0, 0.0], 0.0);
        assert!(longer[0] > r[0]);
        let trusting = violation_rates(2000.0, 0.001, [0.5, 0.5], 0.0);
        assert!((trusting[0] - 0.5).abs() < 1e-12);
        let watched = violation_rates(2000.0, 0.001, [0.0, 0.0], 1.0);
        assert!((watched[0] - 0.2).abs() < 1e-12);
    }
}
