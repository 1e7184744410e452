//! Calibration end to end on scenarios built for it: the hook against the engine, a case with
//! a closed-form answer, the file edit, determinism.

use super::*;
use crate::engine::{Draws, Observer, Outcome, TraceEvent};

const WALKOUT: &str = include_str!("../../../../tests/fixtures/calibrate/walkout.toml");
const SMALL: &str = include_str!("../../../../tests/fixtures/sweep/small.toml");
const KURSK: &str = include_str!("../../../../scenarios/kursk-ceasefire-2025.toml");

fn load(text: &str) -> Simulation {
    Simulation::new(scenario::parse(text.as_bytes(), "test.toml").expect("fixture loads"))
}

/// Keeps the draws the engine announces.
struct Keep(Option<String>);

impl Observer for Keep {
    const ACTIVE: bool = true;
    fn on(&mut self, event: TraceEvent<'_>) {
        if let TraceEvent::Drawn(d) = event {
            self.0 = Some(format!("{d:?}"));
        }
    }
}

/// The hook replays exactly what the engine drew in run i (the guard against the two
/// drifting apart: if `Runner::begin` ever draws from another stream, this fails).
#[test]
fn replay_gives_the_engine_s_draws() {
    for text in [SMALL, WALKOUT] {
        let sim = load(text);
        let s = sim.scenario();
        let mut runner = sim.runner();
        let mut replayed = Draws::new(s);
        for run in [0, 1, 17, 4095] {
            let mut keep = Keep(None);
            runner.run_observed(9, run, &mut keep);
            let mut seen = 0;
            replayed.replay(s, 9, run, |_, _| seen += 1);
            assert_eq!(keep.0, Some(format!("{replayed:?}")), "run {run}");
            assert!(seen > 0);
        }
    }
}

/// Every uncertain number that varies is seen by the replay.
#[test]
fn every_varying_number_is_collected() {
    let sim = load(KURSK);
    let s = sim.scenario();
    let c = Collector::new(s, 1);
    assert!(c.undrawn().is_empty(), "{:?}", c.undrawn());
    let varying = Param::uncertain_numbers(s)
        .iter()
        .filter(|p| p.uncertain(s).is_some_and(|u| !u.is_fixed()))
        .count();
    assert_eq!(c.finish().slots.len(), varying);
    assert!(varying >= 20, "{varying}");
}

fn walkout_target(share: f64) -> Vec<Target> {
    vec![Target::parse(&format!("walkout={share}")).unwrap()]
}

/// North walks out exactly when its uniform reservation r exceeds 0.6. Reweighted to make
/// walkouts a share w, r has density (1 - w) / 0.6 on [0, 0.6] and w / 0.4 on (0.6, 1]:
/// mean 0.3 (1 - w) + 0.8 w, P10 = 0.06 / (1 - w), P90 = 1 - 0.04 / w.
#[test]
fn the_tilted_reservation_has_its_closed_form() {
    let sim = load(WALKOUT);
    let settings = Settings {
        runs: Some(20_000),
        ..Settings::default()
    };
    // The premise: walkouts are the runs with r > 0.6, and only those.
    let s = sim.scenario();
    let mut runner = sim.runner();
    let mut draws = Draws::new(s);
    for run in 0..2000 {
        let outcome = runner.run(11, run).outcome;
        let mut r = f64::NAN;
        let mut k = 0;
        draws.replay(s, 11, run, |_, v| {
            if k == 2 {
                r = v;
            }
            k += 1;
        });
        assert_eq!(
            outcome == Outcome::Walkout,
            r > 0.6,
            "run {run}: r {r}, {outcome:?}"
        );
    }

    let w = 0.2;
    let c = calibrate(
        WALKOUT,
        "walkout.toml",
        &sim,
        &walkout_target(w),
        &settings,
        &(),
    )
    .unwrap();
    let written = c.iterations[0].target_shares[0];
    assert!(
        (written - 0.4).abs() < 0.015,
        "walkouts as written: {written}"
    );
    assert!((c.tilt.shares[Outcome::Walkout.index()] - w).abs() < 1e-9);
    let r = c
        .numbers
        .iter()
        .find(|n| n.path == "parties.north.reservation")
        .unwrap();
    assert_eq!(c.numbers[0].path, r.path, "the reservation moved most");
    assert!(r.moved);
    let close = |got: f64, want: f64, what: &str| {
        assert!((got - want).abs() < 0.012, "{what}: {got} against {want}")
    };
    close(r.written.mean, 0.5, "written mean");
    close(r.written.p10, 0.1, "written P10");
    close(r.calibrated.mean, 0.3 * (1.0 - w) + 0.8 * w, "mean");
    close(r.calibrated.p10, 0.06 / (1.0 - w), "P10");
    close(r.calibrated.p90, 1.0 - 0.04 / w, "P90");
    close(r.calibrated.p50, 0.5 * 0.6 / (1.0 - w), "median");
    // KL and ESS of a two-class tilt: q = 0.4 walkouts to p = 0.2.
    let q = written;
    let kl = w * (w / q).ln() + (1.0 - w) * ((1.0 - w) / (1.0 - q)).ln();
    assert!((c.tilt.divergence - kl).abs() < 1e-9);
    let ess = 1.0 / (w * w / q + (1.0 - w) * (1.0 - w) / (1.0 - q));
    assert!((c.tilt.effective_fraction - ess).abs() < 1e-9);
    // No other number varies.
    assert_eq!(c.numbers.len(), 1);

    // The calibrated file meets the target when played, and says so.
    assert!(c.met, "{:?}", c.iterations);
    let last = c.iterations.last().unwrap();
    assert!((last.target_shares[0] - w).abs() <= 0.02, "{last:?}");
    let played = load(&c.calibrated_toml)
        .run(&Options {
            runs: Runs::Count(Some(20_000)),
            ..Options::default()
        })
        .unwrap();
    let share = played.summary.outcome(Outcome::Walkout).unwrap().share;
    assert!((share - w).abs() <= 0.02, "calibrated.toml played: {share}");
    // A uniform cut at 0 keeps its mean: U(0, b) with b - 0.6 = w b, b = 0.75.
    let Some(Fit::Uniform { min, max }) = r.refit else {
        panic!("{:?}", r.refit)
    };
    assert_eq!(min, 0.0);
    assert!((max - 0.75).abs() < 0.03, "{max}");
}

/// The edit changes the moved number's line and adds comments; every other line stays.
#[test]
fn calibrated_toml_keeps_every_other_byte() {
    let sim = load(WALKOUT);
    let settings = Settings {
        runs: Some(4000),
        ..Settings::default()
    };
    let c = calibrate(
        WALKOUT,
        "walkout.toml",
        &sim,
        &walkout_target(0.25),
        &settings,
        &(),
    )
    .unwrap();
    let out = &c.calibrated_toml;
    let kept: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
    let original: Vec<&str> = WALKOUT.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(kept.len(), original.len());
    let changed: Vec<(&&str, &&str)> = kept.iter().zip(&original).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0]
            .0
            .starts_with("reservation = { dist = \"uniform\", min = 0, max = 0.")
    );
    // Every comment of the file is still there, in order.
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    let before = comments(WALKOUT);
    let after = comments(out);
    let mut it = after.iter();
    for c in &before {
        assert!(it.any(|a| a == c), "comment lost: {c}");
    }
    // The change is explained right above it.
    let at = out.find("reservation = { dist").unwrap();
    let above = &out[..at];
    assert!(
        above
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .contains("now uniform with mean")
    );
    assert!(above.contains("# calibrated: was { dist = \"uniform\", min = 0, max = 1 }"));
    assert!(out.starts_with("# Calibrated by `truce calibrate` from walkout.toml"));
}

#[test]
fn the_same_answer_at_any_thread_count() {
    let sim = load(KURSK);
    let targets = vec![Target::parse("signed=0.3").unwrap()];
    let run = |threads| {
        let settings = Settings {
            runs: Some(3000),
            threads,
            max_iterations: 2,
            ..Settings::default()
        };
        calibrate(KURSK, "kursk.toml", &sim, &targets, &settings, &()).unwrap()
    };
    let (a, b) = (run(1), run(3));
    assert_eq!(a.numbers, b.numbers);
    assert_eq!(a.iterations, b.iterations);
    assert_eq!(a.calibrated_toml, b.calibrated_toml);
}

#[test]
fn unreachable_targets_are_refused() {
    let sim = load(WALKOUT);
    let settings = Settings {
        runs: Some(500),
        ..Settings::default()
    };
    // No run collapses: the walkout fixture has no pause to break.
    let t = vec![Target::parse("collapsed=0.1").unwrap()];
    let e = calibrate(WALKOUT, "w.toml", &sim, &t, &settings, &()).unwrap_err();
    assert!(e.to_string().contains("no run ends that way"), "{e}");
    let t = vec![Target::parse("walkout=1").unwrap()];
    let e = calibrate(WALKOUT, "w.toml", &sim, &t, &settings, &()).unwrap_err();
    assert!(e.to_string().contains("exactly 1"), "{e}");
    let t = vec![
        Target::parse("signed=0.3").unwrap(),
        Target::parse("held=0.5").unwrap(),
    ];
    let e = calibrate(WALKOUT, "w.toml", &sim, &t, &settings, &()).unwrap_err();
    assert!(e.to_string().contains("contradict"), "{e}");
}
