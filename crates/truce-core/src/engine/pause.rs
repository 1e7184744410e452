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

use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1};

use super::record::{Outcome, Record};
use super::rng::unit;
use super::state::RunState;
use super::trace::{Observer, Sighting, TraceEvent};
use super::utility::EPS;

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

/// Play the signed pause of `run` to its end: violations, detection, trust, renewals.
pub(crate) fn play<O: Observer>(run: &mut RunState<'_>, rng: &mut ChaCha8Rng, obs: &mut O) {
    let s = run.s;
    let Some(truce) = &s.truce else { return };
    let signed = run.record.agreement_day.unwrap_or(0);
    let available = s.horizon_days.saturating_sub(signed) as f64;
    let term = s.issues[truce.duration_issue].to_units(run.st.text[truce.duration_issue]);
    let term = term.round().max(0.0);
    let detection = match &truce.verification {
        Some(v) => v.detection[s.issues[v.issue].option_index(run.st.text[v.issue])],
        None => 0.0,
    };
    // Momentum drifts toward the side that keeps receiving arms.
    let slope = match (run.rearming, truce.rearm_issue, run.sides) {
        (Some((arming, _)), Some(r), Some(_)) => {
            run.side_sign[arming] * REARM_SHIFT_PER_DAY * (1.0 - run.st.text[r])
        }
        _ => 0.0,
    };
    let start_momentum = run.st.momentum;
    let momentum_at = |t: f64| -> f64 { (start_momentum + slope * t).clamp(-1.0, 1.0) };
    // Without two sides nobody can violate the pause; it still runs its term and renewals.
    let (a, b, quiet) = match run.sides {
        Some([a, b]) => (a, b, false),
        None => (0, 0, true),
    };
    let mut end_of_term = term;
    let mut t = 0.0f64;
    loop {
        let rates = if quiet {
            [0.0, 0.0]
        } else {
            violation_rates(
                run.draws.frontline_km,
                run.draws.violation_rate,
                [run.st.trust[a], run.st.trust[b]],
                detection,
            )
        };
        let total = rates[0] + rates[1];
        let wait: f64 = if total > 0.0 {
            let e: f64 = Exp1.sample(rng);
            e / total
        } else {
            f64::INFINITY
        };
        let stop = end_of_term.min(available);
        if t + wait >= stop {
            mark_timeline(run, signed, stop, &momentum_at);
            t = stop;
            run.st.momentum = momentum_at(t);
            if stop >= available {
                run.record.outcome = Outcome::Held;
                run.record.truce_days = available as u32;
                return;
            }
            // The term is over: renew only if every required party still prefers the pause.
            let refuser = if truce.renewable && term > 0.0 {
                refuser(run)
            } else {
                Err(None)
            };
            match refuser {
                Ok(()) => {
                    run.record.renewals += 1;
                    end_of_term += term;
                    if O::ACTIVE {
                        obs.on(TraceEvent::Renewed {
                            day: t as u32,
                            until: end_of_term.min(available) as u32,
                        });
                    }
                    continue;
                }
                Err(party) => {
                    run.record.outcome = Outcome::Expired;
                    run.record.truce_days = t as u32;
                    if O::ACTIVE {
                        obs.on(TraceEvent::NotRenewed {
                            day: t as u32,
                            party,
                        });
                    }
                    return;
                }
            }
        }
        mark_timeline(run, signed, t + wait, &momentum_at);
        t += wait;
        run.st.momentum = momentum_at(t);
        let violator = if unit(rng) * total < rates[0] { a } else { b };
        let victim = if violator == a { b } else { a };
        // Two draws per violation whatever happens, so the stream stays aligned.
        let (u_monitor, u_victim) = (unit(rng), unit(rng));
        let seen = if u_monitor < detection {
            Sighting::Verified
        } else if u_victim < SELF_DETECTION {
            Sighting::Contested
        } else {
            Sighting::Unseen
        };
        run.record.violations += 1;
        match seen {
            Sighting::Verified => {
                run.st.trust[victim] = (run.st.trust[victim] - TRUST_COST_VERIFIED).max(0.0);
            }
            Sighting::Contested => {
                for side in [a, b] {
                    run.st.trust[side] = (run.st.trust[side] - TRUST_COST_CONTESTED).max(0.0);
                }
            }
            Sighting::Unseen => {}
        }
        let detected = seen != Sighting::Unseen;
        if detected {
            run.record.detected += 1;
        }
        if O::ACTIVE {
            obs.on(TraceEvent::Violation {
                day: t,
                violator,
                seen,
                trust: &run.st.trust,
            });
        }
        if detected && run.record.detected >= truce.collapse_after {
            run.record.outcome = Outcome::Collapsed;
            run.record.truce_days = t as u32;
            return;
        }
        // A side for which the pause is now worth less than fighting abandons it.
        run.refresh_walk_away();
        for i in 0..run.required.len() {
            let p = run.required[i];
            let value = run.value_of(p, &run.st.text);
            if value < run.st.walk_away[p] - EPS {
                run.record.outcome = Outcome::Collapsed;
                run.record.truce_days = t as u32;
                if O::ACTIVE {
                    obs.on(TraceEvent::Abandoned {
                        day: t,
                        party: p,
                        value,
                        walk_away: run.st.walk_away[p],
                    });
                }
                return;
            }
        }
    }
}

/// `Ok` if every required party would renew the pause; otherwise the first that would not
/// (its value of the text now falls short of its walk-away value). `Err(None)` stands for a
/// pause that cannot be renewed at all.
fn refuser(run: &mut RunState<'_>) -> Result<(), Option<usize>> {
    run.refresh_walk_away();
    match run
        .required
        .iter()
        .copied()
        .find(|&p| run.value_of(p, &run.st.text) < run.st.walk_away[p] - EPS)
    {
        Some(p) => Err(Some(p)),
        None => Ok(()),
    }
}

/// Timeline points up to pause day `to` (days since signing), each with the momentum of its
/// own day: rearming drifts the front even on quiet days.
fn mark_timeline(run: &mut RunState<'_>, signed: u32, to: f64, momentum_at: &dyn Fn(f64) -> f64) {
    let step = Record::timeline_step_days(run.s);
    let trust = run.mean_required_trust();
    while run.st.next_point < run.record.momentum.len() {
        let day = run.st.next_point as u32 * step;
        let since = f64::from(day) - f64::from(signed);
        if since > to {
            break;
        }
        run.record.momentum[run.st.next_point] = momentum_at(since.max(0.0));
        run.record.trust[run.st.next_point] = trust;
        run.st.next_point += 1;
    }
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
