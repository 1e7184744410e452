//! `truce sensitivity`: one row per uncertain number, a tornado chart, determinism.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

const SMALL: &str = "tests/fixtures/sweep/small.toml";

fn truce() -> Command {
    Command::cargo_bin("truce").expect("binary builds")
}

/// The uncertain numbers of the fixture: per party leverage, trust, reservation,
/// momentum_sensitivity, beta, and a weight per stated position (north 2, south 2, broker 1),
/// north's condition (penalty, waive_below), battlefield momentum/drift/volatility, one event
/// probability, truce frontline_km and violation_rate, and the two required parties' delay_cost
/// and one_off_gain (the pause is renewable; the mediator's are never read).
const NUMBERS: usize = 3 * 5 + 5 + 2 + 3 + 1 + 2 + 2 * 2;

#[test]
fn writes_one_row_per_uncertain_number_and_a_tornado() {
    let dir = tempfile::tempdir().unwrap();
    truce()
        .args(["sensitivity", SMALL, "--runs", "200", "--quiet", "--out"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("rank  number"));
    let text = fs::read_to_string(dir.path().join("sensitivity.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("rank,path,basis,low,high,no_deal_at_low,no_deal_at_high"));
    assert!(header.ends_with(",held_effect"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), NUMBERS, "{text}");
    let paths: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    for p in [
        "parties.north.leverage",
        "parties.south.strategy.beta",
        "parties.north.positions.monitoring.weight",
        "parties.north.conditions.monitoring.penalty",
        "events.shelling.probability",
        "truce.violation_rate",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    // Ranked by the size of the effect on `held`.
    let effects: Vec<f64> = rows
        .iter()
        .map(|r| r[r.len() - 1].parse::<f64>().unwrap().abs())
        .collect();
    assert!(effects.windows(2).all(|w| w[0] >= w[1]), "{effects:?}");
    // A number fixed at 0 keeps its row, marked, at the scenario as written.
    let drift = rows.iter().find(|r| r[1] == "battlefield.drift").unwrap();
    assert_eq!(&drift[2..5], ["fixed_zero", "0", "0"]);
    // A distribution gets its percentiles; a fixed number +/- 20%.
    let leverage = rows
        .iter()
        .find(|r| r[1] == "parties.north.leverage")
        .unwrap();
    assert_eq!(leverage[2], "p10_p90");
    let (lo, hi): (f64, f64) = (leverage[3].parse().unwrap(), leverage[4].parse().unwrap());
    assert!(
        (lo - 0.52).abs() < 0.01 && (hi - 0.68).abs() < 0.01,
        "{lo} {hi}"
    );
    let frontline = rows.iter().find(|r| r[1] == "truce.frontline_km").unwrap();
    assert_eq!(&frontline[2..5], ["plus_minus_20pct", "240", "360"]);
    for f in [
        "sensitivity.json",
        "charts/tornado.svg",
        "charts/tornado.png",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
}

#[test]
fn json_on_stdout_and_the_same_result_twice() {
    let run = || {
        let dir = tempfile::tempdir().unwrap();
        let out = truce()
            .args([
                "sensitivity",
                SMALL,
                "--runs",
                "150",
                "--outcome",
                "collapsed",
                "--json",
                "--charts",
                "none",
                "--quiet",
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let csv = fs::read(dir.path().join("sensitivity.csv")).unwrap();
        assert!(!dir.path().join("charts/tornado.svg").exists());
        (out, csv)
    };
    let (json, csv) = run();
    let value: serde_json::Value = serde_json::from_slice(&json).expect("stdout is JSON");
    assert_eq!(value["outcome"], "collapsed");
    assert_eq!(value["numbers"].as_array().unwrap().len(), NUMBERS);
    assert_eq!(run(), (json, csv));
}

#[test]
fn unknown_outcome_exits_2() {
    truce()
        .args(["sensitivity", SMALL, "--outcome", "pease"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'pease' for '--outcome <OUTCOME>'",
        ));
}
