//! The parties' decisions of `docs/MODEL.md` sections 8 and 10: a text is taken when it beats
//! what going on can be expected to bring, not at the deadline; a renewable pause lapses when
//! renewing stops paying; a pause with only contested incidents can survive them; a walkout
//! needs the best achievable text to be worth less than fighting; no scenario makes one run
//! endless.

use std::time::{Duration, Instant};

use truce_core::Simulation;
use truce_core::engine::{Observer, Outcome, TraceEvent};
use truce_core::model::Scenario;

fn load(text: &str) -> Scenario {
    match truce_core::scenario::parse(text.as_bytes(), "decisions.toml") {
        Ok(s) => s,
        Err(e) => panic!("scenario does not load:\n{}\n{text}", e.render()),
    }
}

/// Two parties split one issue of 0..100 (weight 3) and agree on a pause's length (weight 1)
/// under a mediator who opens at `opening`; a renewable pause; `a`, `b` and `truce` are extra
/// lines for party a's table, party b's and `[truce]`; `extra` goes at the end of the file.
fn pair(opening: f64, max_rounds: u32, a: &str, b: &str, truce: &str, extra: &str) -> Scenario {
    load(&pair_text(opening, max_rounds, a, b, truce, extra))
}

/// The text of [`pair`].
fn pair_text(opening: f64, max_rounds: u32, a: &str, b: &str, truce: &str, extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "pair"
mediator = "broker"
max_rounds = {max_rounds}
days_per_round = 1
horizon_days = 180

[[issues]]
id = "share"
range = [0, 100]
opening = {opening}

[[issues]]
id = "days"
range = [10, 60]
opening = 30

[[parties]]
id = "a"
reservation = 0.2
trust = 0.5
{a}
[parties.positions]
share = {{ ideal = 0, weight = 3 }}
days = {{ ideal = 30, weight = 1 }}

[[parties]]
id = "b"
reservation = 0.2
trust = 0.5
{b}
[parties.positions]
share = {{ ideal = 100, weight = 3 }}
days = {{ ideal = 30, weight = 1 }}

[[parties]]
id = "broker"
role = "mediator"
[parties.positions]
share = {{ ideal = 50, weight = 1 }}

[truce]
duration_issue = "days"
renewable = true
{truce}
{extra}
"#
    )
}

/// Runs per outcome.
fn outcomes(s: &Scenario, runs: u64) -> [u64; 5] {
    let sim = Simulation::new(s.clone());
    let mut runner = sim.runner();
    let mut out = [0u64; 5];
    for i in 0..runs {
        out[runner.run(3, i).outcome.index()] += 1;
    }
    out
}

/// Mean round of agreement over signed runs.
fn mean_round(s: &Scenario, runs: u64) -> f64 {
    let sim = Simulation::new(s.clone());
    let mut runner = sim.runner();
    let (mut sum, mut n) = (0u64, 0u64);
    for i in 0..runs {
        if let Some(r) = runner.run(9, i).agreement_round {
            sum += u64::from(r);
            n += 1;
        }
    }
    assert!(n > runs / 2, "too few deals ({n} of {runs})");
    sum as f64 / n as f64
}

const QUIET: &str = "violation_rate = 0";

#[test]
fn a_text_worth_what_bargaining_can_bring_is_taken_at_once_whatever_the_deadline() {
    // The mediator opens at the middle, the Nash text: both sides sign in round 1, however
    // many rounds are left. Under truce 0.1's rule they held out for their concession targets.
    let target = "strategy = { acceptance = \"target\" }";
    for rounds in [5, 30] {
        let expected = pair(50.0, rounds, "", "", QUIET, "");
        assert_eq!(mean_round(&expected, 200), 1.0, "{rounds} rounds");
        let old = pair(50.0, rounds, target, target, QUIET, "");
        assert!(mean_round(&old, 200) > 1.5, "{rounds} rounds");
    }
}

#[test]
fn costlier_delay_brings_deals_sooner() {
    // The mediator opens far from the middle; the text must travel. Parties that lose more for
    // every week without a deal settle sooner.
    let cheap = pair(10.0, 40, "", "", QUIET, "");
    let cost = "delay_cost = 0.1";
    let costly = pair(10.0, 40, cost, cost, QUIET, "");
    let (slow, fast) = (mean_round(&cheap, 400), mean_round(&costly, 400));
    assert!(
        fast < slow,
        "delay cost 0.1 a week: round {fast}, without: {slow}"
    );
}

#[test]
fn a_renewable_pause_lapses_when_its_gain_is_used_up() {
    // No incidents at all: what ends the pause is the renewal decision alone.
    let runs = 300;
    let used_up = pair(50.0, 10, "one_off_gain = 1", "", QUIET, "");
    let o = outcomes(&used_up, runs);
    assert_eq!(o[Outcome::Expired.index()], runs, "{o:?}");
    let sim = Simulation::new(used_up);
    let mut runner = sim.runner();
    let r = runner.run(3, 0);
    assert_eq!(r.truce_days, 30, "the first term: the agreed 30 days");
    assert_eq!(r.renewals, 0);
    // A pause whose gain comes every day it holds is renewed to the horizon.
    let steady = pair(50.0, 10, "", "", QUIET, "");
    assert_eq!(outcomes(&steady, runs)[Outcome::Held.index()], runs);
}

const INCIDENTS: &str = "frontline_km = 200\nviolation_rate = 0.0005";

#[test]
fn a_pause_with_only_contested_incidents_can_survive_them() {
    // No monitors: every incident anyone sees is contested. Both sides gain a lot from the
    // pause (walk-away 0.2 against a text worth about 0.6), so accusations do not end it.
    let s = pair(50.0, 10, "", "", INCIDENTS, "");
    let o = outcomes(&s, 1000);
    assert!(o[Outcome::Held.index()] > 700, "{o:?}");
    // The same pause under truce 0.1's counting rule, asked for explicitly, mostly collapses.
    let counted = pair(
        50.0,
        10,
        "",
        "",
        &format!("{INCIDENTS}\ncollapse_after = 3"),
        "",
    );
    let o = outcomes(&counted, 1000);
    assert!(o[Outcome::Collapsed.index()] > 500, "{o:?}");
}

#[test]
fn a_side_that_signed_at_the_margin_ends_the_pause_sooner() {
    // Party a's walk-away value is 0.5 instead of 0.2: it gains little from the pause, and the
    // trust incidents cost it ends the pause far more often.
    let wide = outcomes(&pair(50.0, 10, "", "", INCIDENTS, ""), 1000);
    let text = pair_text(50.0, 10, "", "", INCIDENTS, "").replacen(
        "reservation = 0.2",
        "reservation = 0.5",
        1,
    );
    let narrow = outcomes(&load(&text), 1000);
    let c = Outcome::Collapsed.index();
    assert!(narrow[c] > wide[c] + 100, "{narrow:?} vs {wide:?}");
}

/// The walkouts a run tells: the party's best achievable value and its walk-away value.
#[derive(Default)]
struct Walkouts(Vec<(f64, f64)>);

impl Observer for Walkouts {
    const ACTIVE: bool = true;
    fn on(&mut self, event: TraceEvent<'_>) {
        if let TraceEvent::Walkout {
            best: Some(best),
            walk_away,
            ..
        } = event
        {
            self.0.push((best, walk_away));
        }
    }
}

#[test]
fn a_walkout_needs_the_best_achievable_text_to_be_worth_less_than_fighting() {
    // a gains on the battlefield and b never gives it less than 40 of the share: when momentum
    // lifts a's walk-away value past what its best text inside b's red line is worth to it
    // (after its trust discount) by more than the cost of breaking off talks, a leaves; and
    // only then.
    let battle = "[battlefield]\nsides = [\"a\", \"b\"]\n\
                  momentum = { dist = \"uniform\", min = 0, max = 1 }\ndrift = 0.05";
    let red_line = "[[parties.red_lines]]\nissue = \"share\"\nmin = 40";
    let s = pair(
        50.0,
        10,
        "momentum_sensitivity = 0.8",
        red_line,
        QUIET,
        battle,
    );
    let sim = Simulation::new(s);
    let mut runner = sim.runner();
    let mut told = 0;
    for i in 0..500 {
        let mut w = Walkouts::default();
        let r = runner.run_observed(1, i, &mut w);
        if r.outcome == Outcome::Walkout {
            assert_eq!(w.0.len(), 1, "run {i}");
            let (best, walk_away) = w.0[0];
            assert!(
                best < walk_away - truce_core::engine::pause::RENEGING_COST,
                "run {i}: best {best} not below walk-away {walk_away} by the cost of breaking off"
            );
            told += 1;
        } else {
            assert!(w.0.is_empty(), "run {i}");
        }
    }
    assert!(told > 50, "only {told} walkouts: the test checks little");
}

#[test]
fn no_scenario_makes_one_run_endless() {
    // A million km of front at a million violations per km and day, between sides that
    // trusted each other not at all (so no incident can cost them trust, and none makes them
    // leave): the pause is open war under another name, counted as collapsed after
    // MAX_INCIDENTS incidents.
    let text = pair_text(
        50.0,
        10,
        "",
        "",
        "frontline_km = 1000000\nviolation_rate = 1000000",
        "",
    )
    .replace("trust = 0.5", "trust = 0");
    let s = load(&text);
    let sim = Simulation::new(s);
    let mut runner = sim.runner();
    let start = Instant::now();
    for i in 0..3 {
        let r = runner.run(1, i);
        assert_eq!(r.outcome, Outcome::Collapsed, "run {i}");
        assert!(
            r.violations <= truce_core::engine::pause::MAX_INCIDENTS,
            "run {i}"
        );
    }
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// The Nash text is part of the parties' acceptance rule, so a job that skips the benchmark (a
/// backtest, a calibration, a sweep's points) plays the same runs as `truce run`: outcomes and
/// days kept must not depend on whether deals are measured against it. (Before this was fixed,
/// a backtest of the Gaza hostage pause counted 918 collapsed runs where `truce run` counted
/// 1,788.)
#[test]
fn skipping_the_benchmark_changes_no_outcome() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/history/gaza-hostage-pause-2023.toml"
    );
    let sim = Simulation::load(std::path::Path::new(path)).expect("the bundled case loads");
    let with = truce_core::Options::runs(2000).seed(2025);
    let without = truce_core::Options {
        benchmark: false,
        ..with.clone()
    };
    let a = sim.run(&with).expect("runs");
    let b = sim.run(&without).expect("runs");
    assert!(a.summary.analysis.is_some() && b.summary.analysis.is_none());
    assert_eq!(a.aggregate.outcomes, b.aggregate.outcomes);
    assert_eq!(a.summary.truce_days, b.summary.truce_days);
    assert_eq!(a.summary.time_to_agreement, b.summary.time_to_agreement);
}

/// Party a wants more of the share than b's red line (share >= 70) ever gives it: its best text
/// inside that red line is worth 0.475 to it, below its reservation of 0.55, so without
/// pressure it walks out. The mediator's leverage is `mediator`; a's is 0, so the pressure on
/// a is `0.2 * mediator`. No private information: the walk-away values are as written.
fn pressed(mediator: f64) -> Scenario {
    load(&pressed_text(mediator, 0.0, QUIET))
}

/// The text of [`pressed`], with `private_information` and `[truce]` lines `truce`.
fn pressed_text(mediator: f64, private: f64, truce: &str) -> String {
    let red_line = "[[parties.red_lines]]\nissue = \"share\"\nmin = 70";
    pair_text(50.0, 10, "leverage = 0", red_line, truce, "")
        .replacen("reservation = 0.2", "reservation = 0.55", 1)
        .replace(
            "role = \"mediator\"",
            &format!("role = \"mediator\"\nleverage = {mediator}"),
        )
        .replace(
            "horizon_days = 180",
            &format!("horizon_days = 180\nprivate_information = {private}"),
        )
}

#[test]
fn a_mediators_leverage_keeps_a_party_at_the_table() {
    // No leverage: a walks out in every run. Full leverage lowers a's walk-away value by
    // 0.2 to 0.35, below what its best text is worth: a stays and signs.
    let [_, walkout, ..] = outcomes(&pressed(0.0), 50);
    assert_eq!(walkout, 50);
    let out = outcomes(&pressed(1.0), 50);
    assert_eq!(out[Outcome::Walkout.index()], 0, "{out:?}");
    let signed: u64 = Outcome::ALL
        .iter()
        .filter(|o| o.signed())
        .map(|o| out[o.index()])
        .sum();
    assert_eq!(signed, 50, "{out:?}");
}

#[test]
fn a_pause_signed_under_pressure_lapses_as_the_pressure_fades() {
    // Signed only because the mediator pressed a, the pause is worth less to a than fighting
    // once the pressure has halved a few times: with no incidents at all, a lets it lapse at
    // the end of a term (expired), well before the horizon. The pressure on a at signing is
    // 0.2; its walk-away value climbs back toward 0.55 as the pressure halves every 60 days,
    // past the 0.475 its best text is worth within about 90 days of signing.
    let s = pressed(1.0);
    let sim = Simulation::new(s);
    let mut runner = sim.runner();
    for i in 0..20 {
        let r = runner.run(5, i);
        assert_eq!(r.outcome, Outcome::Expired, "run {i}");
        assert!(r.truce_days <= 100, "run {i}: kept {} days", r.truce_days);
        assert!(r.truce_days >= 10, "run {i}: kept {} days", r.truce_days);
    }
}

#[test]
fn private_information_shifts_a_partys_walk_away_value_run_by_run() {
    // Without pressure a's walk-away value (0.55) beats its best text (0.475) in every run,
    // by more than the cost of breaking off talks (0.05). With private information of 0.1, a
    // walks out only in the runs whose private shift is above -0.025: P(z > -0.25) = 59.9%.
    let [_, walkout, ..] = outcomes(&load(&pressed_text(0.0, 0.0, QUIET)), 200);
    assert_eq!(walkout, 200);
    let runs = 4000;
    let [_, walkout, ..] = outcomes(&load(&pressed_text(0.0, 0.1, QUIET)), runs);
    let share = walkout as f64 / runs as f64;
    assert!((share - 0.599).abs() < 0.025, "walkouts {share}");
}

/// Every abandonment of the pause, and every incident after which a side kept a pause it
/// would rather end, as (value of keeping it, walk-away value).
#[derive(Default)]
struct PauseDecisions {
    abandoned: Vec<(f64, f64)>,
    kept: Vec<(f64, f64)>,
}

impl Observer for PauseDecisions {
    const ACTIVE: bool = true;
    fn on(&mut self, event: TraceEvent<'_>) {
        match event {
            TraceEvent::Abandoned {
                value, walk_away, ..
            } => self.abandoned.push((value, walk_away)),
            TraceEvent::Kept {
                value, walk_away, ..
            } => self.kept.push((value, walk_away)),
            _ => {}
        }
    }
}

#[test]
fn a_side_ends_a_pause_mid_term_only_when_fighting_beats_it_by_the_cost_of_reneging() {
    // The pause of `pressed` with incidents: as the mediator's pressure fades, fighting comes
    // to beat the pause for a. Mid-term it ends the pause only once fighting is worth the
    // cost of reneging more; at a term's end it lets the pause lapse as soon as fighting is
    // worth more at all. So abandonments all clear the margin, and some pauses that a would
    // rather not keep run to their term despite incidents and lapse there.
    let truce = "frontline_km = 100\nviolation_rate = 0.002";
    let s = load(&pressed_text(1.0, 0.0, truce));
    let sim = Simulation::new(s);
    let mut runner = sim.runner();
    let cost = truce_core::engine::pause::RENEGING_COST;
    let (mut abandoned, mut expired, mut kept) = (0, 0, 0);
    for i in 0..400 {
        let mut seen = PauseDecisions::default();
        let r = runner.run_observed(2, i, &mut seen);
        for &(value, walk_away) in &seen.abandoned {
            assert!(
                value < walk_away - cost,
                "run {i}: abandoned at {value} against a walk-away value of {walk_away}"
            );
        }
        for &(value, walk_away) in &seen.kept {
            assert!(
                value < walk_away && value >= walk_away - cost - 1e-9,
                "run {i}: kept at {value} against a walk-away value of {walk_away}"
            );
        }
        kept += seen.kept.len();
        match r.outcome {
            Outcome::Collapsed => abandoned += 1,
            Outcome::Expired if !seen.kept.is_empty() => expired += 1,
            _ => {}
        }
    }
    // Pauses a would rather have ended, kept through incidents to their term and let lapse.
    assert!(
        abandoned > 0 && expired > 0 && kept > 0,
        "{abandoned} abandoned, {expired} lapsed after being kept, {kept} incidents kept"
    );
}

#[test]
fn a_party_short_of_a_deal_by_less_than_the_cost_of_breaking_off_stays_at_the_table() {
    // As `pressed(0.0)`, but a's reservation is 0.5: its best text (0.475) falls short by
    // 0.025, less than the cost of breaking off talks. a never signs, and never walks out:
    // the talks run to their end without a deal.
    let text = pressed_text(0.0, 0.0, QUIET).replace("reservation = 0.55", "reservation = 0.5");
    let [no_deal, walkout, ..] = outcomes(&load(&text), 100);
    assert_eq!((no_deal, walkout), (100, 0));
}
