//! Keeping the pause: incidents, what they teach each side, and each side's decision to keep,
//! end or renew it (`docs/MODEL.md`, section 10).
//!
//! Deliberate violations arrive as a Poisson process per side (played incident by incident, not
//! day by day): `lambda_s = frontline_km * violation_rate * (1 - trust_s) / 2 * (1 - DETERRENCE
//! p)`, where `p` is the detection probability of the agreed verification option; false alarms
//! (accidents, unauthorised fire, misattribution) at `FALSE_ALARM_SHARE * frontline_km *
//! violation_rate` whatever the trust. A violation is verified by the monitors with probability
//! `p`, else contested with probability `SELF_DETECTION` (the victim accuses, the other side
//! denies), else unseen; a false alarm is cleared by the monitors with probability `p`, else it
//! is contested like a violation. Verified violations cost the victim's trust
//! `TRUST_COST_VERIFIED`, contested incidents both sides' `TRUST_COST_CONTESTED`; quiet days
//! give it back (half-life `TRUST_RECOVERY_DAYS`).
//!
//! Ending the pause is a party's decision: after each detected incident every required side
//! weighs keeping the pause, the text at its current trust less `BREACH_COST` times the trust it
//! lost since signing, against its walk-away value (in which what is left of the mediator's
//! pressure fades after signing), and ends it only when fighting is worth more by the cost of
//! reneging on a signed pause (`RENEGING_COST`). Renewing it at the end of a term is one too,
//! on the value of another term (without the one-off gains the first term delivered). Only a
//! scenario that sets `collapse_after` also ends a pause by counting detected incidents.

/// Share of violations that certain detection deters (Fortna 2004, "Peace Time": monitoring
/// raises the expected cost of cheating). Assumption: 0.8.
pub const DETERRENCE: f64 = 0.8;

/// Chance that the victim itself sees and attributes a violation the monitors miss (soldiers
/// on the line see where the fire comes from). Assumption: 0.6.
pub const SELF_DETECTION: f64 = 0.6;

/// Trust the victim loses on a verified violation: established blame is strong evidence of
/// intent (Kydd 2005: trust as a belief updated by what the other side does). Assumption: 0.06.
pub const TRUST_COST_VERIFIED: f64 = 0.06;

/// Trust both sides lose on a contested incident: an accusation is weaker evidence than a
/// verified violation, but claims and counter-claims hit both sides (the security-dilemma
/// spiral). Assumption: 0.03, half the verified cost.
pub const TRUST_COST_CONTESTED: f64 = 0.03;

/// False alarms per day as a share of `frontline_km * violation_rate` (the front's violation rate
/// at zero trust), whatever the trust: accidents, unauthorised fire, spoilers and
/// misattribution. Assumption: 0.5.
pub const FALSE_ALARM_SHARE: f64 = 0.5;

/// Days without incidents that halve the trust lost since signing. Assumption: 30, a month of
/// quiet.
pub const TRUST_RECOVERY_DAYS: f64 = 30.0;

/// Utility a side loses per unit of trust lost since signing: the fear of being exploited while
/// standing down (Fearon 1995: a party that expects the other to renege is worse off keeping the
/// pause than fighting). Assumption: 1, so a side that has lost 0.1 of trust values the pause
/// 0.1 lower: about the utility of a whole issue of middling weight.
pub const BREACH_COST: f64 = 1.0;

/// What it costs a side to break a public commitment, beyond the fighting it resumes: to end a
/// signed pause before its term is out, or to walk out of talks it joined. Breaking a public
/// commitment costs a leader at home and abroad (Fearon 1994 on audience costs; Tomz 2007),
/// a signed agreement raises the cost of defection (Fortna 2003), and the side that breaks off
/// talks is blamed for their failure. Letting a term run out, or letting talks run to their
/// end without a deal, breaks nothing. So a side that would rather fight keeps the pause to
/// its term, and stays at the table, unless fighting is worth `RENEGING_COST` more.
/// Assumption: 0.05, what a middling mediator's pressure on a middling party is worth
/// (`utility::pressure(0.5, 0.5)`): a fifth of a condition's default penalty.
pub const RENEGING_COST: f64 = 0.05;

/// Whether fighting (`walk_away`) beats keeping a commitment worth `value` by more than
/// [`RENEGING_COST`]: the one test of ending a signed pause mid-term and of walking out of
/// talks.
#[inline]
pub(crate) fn worth_reneging(value: f64, walk_away: f64) -> bool {
    value < walk_away - RENEGING_COST - EPS
}

/// Momentum shift per day toward the side that keeps receiving arms, at full rearmament
/// (rearm issue at 0). Assumption: 0.004, so a 30-day pause with unrestricted deliveries moves
/// momentum by 0.12.
pub const REARM_SHIFT_PER_DAY: f64 = 0.004;

/// Incidents one run plays at most. A pause that draws more is open war under another name; it
/// is counted as collapsed. Bounds the work (and a narration's length) of any scenario the
/// loader accepts.
pub const MAX_INCIDENTS: u32 = 100_000;

use super::rng::StreamRng;
use rand_distr::{Distribution, Exp1};

use super::record::{Outcome, Record};
use super::rng::unit;
use super::state::RunState;
use super::trace::{Observer, Sighting, TraceEvent};
use super::utility::{EPS, PRESSURE_HALF_LIFE_DAYS, discounted_value};

/// The deliberate violation rates of the two sides at their current trust.
#[inline]
pub fn violation_rates(km: f64, rate: f64, trust: [f64; 2], detection: f64) -> [f64; 2] {
    let base = km * rate * 0.5 * (1.0 - DETERRENCE * detection);
    [base * (1.0 - trust[0]), base * (1.0 - trust[1])]
}

/// False alarms per day on the whole front.
#[inline]
pub fn false_alarm_rate(km: f64, rate: f64) -> f64 {
    km * rate * FALSE_ALARM_SHARE
}

/// The trust a side loses per day at zero trust, per unit of `frontline_km * violation_rate`, as
/// a function of the detection probability: its opponent's violations (verified, or contested),
/// its own (contested by the other side) and uncleared false alarms. Falls as detection rises:
/// monitoring deters more than it reveals, and clears false alarms.
pub fn trust_loss_rate(detection: f64) -> f64 {
    let p = detection;
    let per_side = 0.5 * (1.0 - DETERRENCE * p);
    let contested = (1.0 - p) * SELF_DETECTION * TRUST_COST_CONTESTED;
    per_side * (p * TRUST_COST_VERIFIED + contested) // the opponent's violations
        + per_side * contested // its own, contested by the other side
        + FALSE_ALARM_SHARE * (1.0 - p) * TRUST_COST_CONTESTED // false alarms
}

/// Play the signed pause of `run` to its end: incidents, trust, decisions, renewals.
pub(crate) fn play<O: Observer>(run: &mut RunState<'_>, rng: &mut StreamRng, obs: &mut O) {
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
    let alarms = if quiet {
        0.0
    } else {
        false_alarm_rate(run.draws.frontline_km, run.draws.violation_rate)
    };
    run.st.signed_trust.copy_from_slice(&run.st.trust);
    for i in 0..run.required.len() {
        let p = run.required[i];
        run.st.signed_utility[p] = run.utility_of(p, &run.st.text).0;
        run.st.signed_exposure[p] = run.exposure(p, &run.st.text);
    }
    // Whether the first term is over (its one-off gains are then spent).
    let mut spent = false;
    let mut incidents = 0u32;
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
        let total = rates[0] + rates[1] + alarms;
        let wait: f64 = if total > 0.0 {
            let e: f64 = Exp1.sample(rng);
            e / total
        } else {
            f64::INFINITY
        };
        let stop = end_of_term.min(available);
        if t + wait >= stop {
            mark_timeline(run, signed, stop, &momentum_at);
            recover_trust(run, stop - t);
            t = stop;
            run.st.momentum = momentum_at(t);
            if stop >= available {
                run.record.outcome = Outcome::Held;
                run.record.truce_days = available as u32;
                return;
            }
            spent = true;
            // The term is over: renew only if another term is worth more than fighting to
            // every required party.
            fade_pressure(run, t);
            let refuser = if truce.renewable && term > 0.0 {
                refuser(run, O::ACTIVE)
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
        recover_trust(run, wait);
        t += wait;
        run.st.momentum = momentum_at(t);
        incidents += 1;
        if incidents > MAX_INCIDENTS {
            run.record.outcome = Outcome::Collapsed;
            run.record.truce_days = t as u32;
            if O::ACTIVE {
                obs.on(TraceEvent::Overwhelmed { day: t });
            }
            return;
        }
        // Three draws per incident whatever happens, so the stream stays aligned.
        let u_kind = unit(rng) * total;
        let (u_monitor, u_victim) = (unit(rng), unit(rng));
        let deliberate = u_kind < rates[0] + rates[1];
        // A false alarm is blamed on either side alike (the rest of the draw tells which).
        let violator = if deliberate {
            if u_kind < rates[0] { a } else { b }
        } else if u_kind - rates[0] - rates[1] < 0.5 * alarms {
            a
        } else {
            b
        };
        let victim = if violator == a { b } else { a };
        let seen = match (deliberate, u_monitor < detection) {
            (true, true) => Sighting::Verified,
            (false, true) => Sighting::Cleared,
            (_, false) if !deliberate || u_victim < SELF_DETECTION => Sighting::Contested,
            _ => Sighting::Unseen,
        };
        match seen {
            Sighting::Verified => {
                run.st.trust[victim] = (run.st.trust[victim] - TRUST_COST_VERIFIED).max(0.0);
            }
            Sighting::Contested => {
                for side in [a, b] {
                    run.st.trust[side] = (run.st.trust[side] - TRUST_COST_CONTESTED).max(0.0);
                }
            }
            Sighting::Unseen | Sighting::Cleared => {}
        }
        let detected = matches!(seen, Sighting::Verified | Sighting::Contested);
        if deliberate {
            run.record.violations += 1;
            if detected {
                run.record.detected += 1;
            }
        }
        if O::ACTIVE {
            obs.on(TraceEvent::Violation {
                day: t,
                violator,
                deliberate,
                seen,
                trust: &run.st.trust,
            });
        }
        if !detected {
            continue;
        }
        if let Some(limit) = truce.collapse_after
            && deliberate
            && run.record.detected >= limit
        {
            run.record.outcome = Outcome::Collapsed;
            run.record.truce_days = t as u32;
            return;
        }
        // Each side weighs keeping the pause against fighting on.
        fade_pressure(run, t);
        run.refresh_walk_away(O::ACTIVE);
        for i in 0..run.required.len() {
            let p = run.required[i];
            let value = pause_value(run, p, spent);
            if O::ACTIVE && value < run.st.walk_away[p] - EPS {
                let walk_away = run.st.walk_away[p];
                if !worth_reneging(value, walk_away) {
                    obs.on(TraceEvent::Kept {
                        day: t,
                        party: p,
                        value,
                        walk_away,
                    });
                }
            }
            if worth_reneging(value, run.st.walk_away[p]) {
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

/// What is left, `t` days after signing, of the mediator's pressure: it halves every
/// [`PRESSURE_HALF_LIFE_DAYS`] (the walk-away values are refreshed by the caller).
fn fade_pressure(run: &mut RunState<'_>, t: f64) {
    run.st.pressure_left = (-t * std::f64::consts::LN_2 / PRESSURE_HALF_LIFE_DAYS).exp();
}

/// Quiet days give back trust lost since signing: what is left of the loss halves every
/// [`TRUST_RECOVERY_DAYS`].
fn recover_trust(run: &mut RunState<'_>, days: f64) {
    if days <= 0.0 {
        return;
    }
    let keep = if days.is_finite() {
        (-days * std::f64::consts::LN_2 / TRUST_RECOVERY_DAYS).exp()
    } else {
        0.0
    };
    for &p in &run.required {
        let at_signing = run.st.signed_trust[p];
        run.st.trust[p] = at_signing + (run.st.trust[p] - at_signing) * keep;
    }
}

/// What keeping the pause is worth to p now: the text at its current trust and walk-away value,
/// less [`BREACH_COST`] per unit of trust lost since signing; once the first term is over,
/// without the one-off share of its gain.
pub(crate) fn pause_value(run: &RunState<'_>, p: usize, spent: bool) -> f64 {
    let w = run.st.walk_away[p];
    // `value_of` the signed text, from its utility and exposure kept at signing.
    let mut v = discounted_value(
        run.st.signed_utility[p],
        w,
        run.st.trust[p],
        run.st.signed_exposure[p],
    );
    if spent && v > w {
        v = w + (v - w) * (1.0 - run.draws.one_off_gain[p]);
    }
    v - BREACH_COST * (run.st.signed_trust[p] - run.st.trust[p]).max(0.0)
}

/// `Ok` if every required party would renew the pause (another term is worth more than its
/// walk-away value: indifference lets it lapse); otherwise the first that would not.
/// `Err(None)` stands for a pause that cannot be renewed at all.
fn refuser(run: &mut RunState<'_>, everyone: bool) -> Result<(), Option<usize>> {
    run.refresh_walk_away(everyone);
    match run
        .required
        .iter()
        .copied()
        .find(|&p| pause_value(run, p, true) <= run.st.walk_away[p] + EPS)
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
    fn monitoring_lowers_the_trust_lost_to_incidents() {
        let mut last = trust_loss_rate(0.0);
        for k in 1..=100 {
            let p = k as f64 / 100.0;
            let now = trust_loss_rate(p);
            assert!(now < last, "at detection {p}: {now} >= {last}");
            last = now;
        }
        // The figures docs/MODEL.md quotes.
        assert!((trust_loss_rate(0.0) - 0.033).abs() < 1e-12);
        assert!((trust_loss_rate(1.0) - 0.006).abs() < 1e-12);
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
        assert!((false_alarm_rate(2000.0, 0.001) - 1.0).abs() < 1e-12);
    }
}
