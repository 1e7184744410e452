//! Keeping the pause: violations, detection, trust, rearmament and renewal.
//!
//! Violations arrive as a Poisson process per side (played event by event, not day by day):
//! `lambda_s = frontline_km * violation_rate * (1 - trust_s) / 2 * (1 - DETERRENCE * p)`,
//! where `p` is the detection probability of the agreed verification option. Each violation is
//! detected with probability `p`. A detected violation costs the victim's trust
//! `TRUST_COST_DETECTED` and counts toward `collapse_after`; an undetected one becomes an
//! unverifiable accusation that costs both sides `TRUST_COST_UNVERIFIED`. After each incident a
//! side whose value of keeping the pause (trust-discounted) falls below its walk-away value
//! abandons it.
//!
//! Why better monitoring lengthens pauses here, as Fortna (2003, 2004) found in the data:
//! likely detection deters (the rate falls with `p`), and verified incidents damage trust less
//! than unverifiable ones, which both sides read in the worst light.

/// Share of violations that certain detection deters (Fortna 2004, "Peace Time": monitoring
/// raises the cost of cheating). Assumption: 0.7.
pub const DETERRENCE: f64 = 0.7;

/// Trust the victim loses on a verified violation: blame is established and can be answered
/// through the mechanism. Assumption: 0.03.
pub const TRUST_COST_DETECTED: f64 = 0.03;

/// Trust both sides lose on an unverified incident: claims and counter-claims that nobody can
/// settle (the security-dilemma spiral). Assumption: 0.06, twice the verified cost.
pub const TRUST_COST_UNVERIFIED: f64 = 0.06;

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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!((watched[0] - 0.3).abs() < 1e-12);
    }
}
