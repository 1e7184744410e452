//! `truce backtest`: scores, files, skipping, errors; and the observed outcome in `truce run`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const CASES: &str = "tests/fixtures/backtest";
const HISTORY: &str = "scenarios/history";
const KURSK: &str = "scenarios/kursk-ceasefire-2025.toml";
const NO_OBSERVED: &str = "tests/fixtures/good/two-party.toml";

fn truce() -> Command {
    Command::cargo_bin("truce").expect("binary")
}

fn json(path: impl AsRef<Path>) -> serde_json::Value {
    let bytes = fs::read(path.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_slice(&bytes).expect("JSON")
}

#[test]
fn scores_a_folder_and_writes_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bt");
    truce()
        .args(["backtest", CASES, "--runs", "300", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Backtest of 2 cases"))
        .stdout(predicate::str::contains("mean over 2 cases"))
        .stdout(predicate::str::contains("No PIT histogram: 1 signed case"));
    for f in [
        "backtest.csv",
        "backtest.json",
        "backtest.html",
        "backtest-reliability.svg",
        "backtest-reliability.png",
        "backtest-brier.svg",
        "backtest-brier.png",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // Too few signed cases for a PIT histogram: no chart, and the page says why.
    assert!(!out.join("backtest-pit.svg").exists());
    let page = fs::read_to_string(out.join("backtest.html")).unwrap();
    assert!(page.contains("No PIT histogram of days kept: 1 signed case with days kept"));
    // A name from the file is escaped.
    assert!(page.contains("&lt;b&gt;walkout&lt;/b&gt;") && !page.contains("<b>walkout"));
    assert_eq!(page.matches("<svg").count(), 2);

    // Every case's Brier score is the sum of (p - o)^2 over its shares.
    let mut reader = csv::Reader::from_path(out.join("backtest.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let observed = &row[col("observed")];
        let brier: f64 = ["no_deal", "walkout", "collapsed", "expired", "held"]
            .iter()
            .map(|o| {
                let p: f64 = row[col(&format!("share_{o}"))].parse().unwrap();
                let hit = if *o == observed { 1.0 } else { 0.0 };
                (p - hit) * (p - hit)
            })
            .sum();
        let written: f64 = row[col("brier")].parse().unwrap();
        assert!((brier - written).abs() < 1e-5, "{brier} vs {written}");
        assert_eq!(&row[col("uniform_brier")], "0.800000");
    }
    // The JSON agrees, and the means are the means of the rows.
    let j = json(out.join("backtest.json"));
    let cases = j["cases"].as_array().unwrap();
    assert_eq!(cases[0]["case"], "case-a");
    assert_eq!(cases[1]["observed"], "held");
    let mean: f64 = cases
        .iter()
        .map(|c| c["scores"]["brier"].as_f64().unwrap())
        .sum::<f64>()
        / 2.0;
    assert!((j["means"]["model"]["brier"].as_f64().unwrap() - mean).abs() < 1e-12);
    // Leave-one-out: case A (walkout) is scored by case B's outcome (held) alone.
    assert_eq!(cases[0]["base_rate_counts"]["held"], 1);
    assert_eq!(cases[0]["base_rate_counts"]["walkout"], 0);
    assert_eq!(cases[0]["base_rate"]["brier"], 2.0);
}

#[test]
fn the_same_bytes_at_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    for t in ["1", "2"] {
        truce()
            .args([
                "backtest", CASES, "--runs", "5000", "--charts", "none", "--quiet",
            ])
            .args(["--threads", t, "--out"])
            .arg(tmp.path().join(t))
            .assert()
            .success();
    }
    for f in ["backtest.json", "backtest.csv", "backtest.html"] {
        assert_eq!(
            fs::read(tmp.path().join("1").join(f)).unwrap(),
            fs::read(tmp.path().join("2").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn the_history_library_loads_and_scores() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("history");
    truce()
        .args([
            "backtest", HISTORY, KURSK, "--runs", "200", "--charts", "svg", "--quiet",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let j = json(out.join("backtest.json"));
    let n = j["cases"].as_array().unwrap().len();
    assert!(n >= 18, "{n} cases");
    // Enough signed cases with days kept for the PIT histogram.
    assert!(j["pit"]["values"].as_u64().unwrap() >= 5);
    assert!(out.join("backtest-pit.svg").is_file());
    assert!(!out.join("backtest-pit.png").exists());
    // Every outcome is observed somewhere in the library.
    for o in ["no_deal", "walkout", "collapsed", "expired", "held"] {
        assert!(
            j["cases"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["observed"] == o),
            "no case observed {o}"
        );
    }
}

#[test]
fn files_without_observed_are_skipped_and_a_folder_without_any_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    truce()
        .args([
            "backtest",
            NO_OBSERVED,
            "tests/fixtures/backtest/case-a.toml",
        ])
        .args(["--runs", "100", "--charts", "none", "--quiet", "--out"])
        .arg(tmp.path().join("one"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "two-party.toml: skipped (no [observed] table",
        ))
        .stdout(predicate::str::contains("Backtest of 1 case "));
    truce()
        .args(["backtest", "tests/fixtures/good", "--quiet", "--out"])
        .arg(tmp.path().join("none"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no scenario in the folder has an [observed] table",
        ));
    assert!(!tmp.path().join("none").join("backtest.json").exists());
    truce()
        .args(["backtest", NO_OBSERVED, "--quiet", "--out"])
        .arg(tmp.path().join("none2"))
        .assert()
        .code(2);
    truce()
        .args(["backtest", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or folder"));
    // An invalid scenario: its diagnostics, exit 2, nothing written.
    truce()
        .args([
            "backtest",
            "tests/fixtures/bad/trust-out-of-range.toml",
            CASES,
            "--out",
        ])
        .arg(tmp.path().join("bad"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("trust-out-of-range.toml:"));
    assert!(!tmp.path().join("bad").join("backtest.json").exists());
}

/// `truce run` shows what happened beside the forecast: on stdout, in summary.json (an
/// addition) and in report.html; a scenario without `[observed]` has no such key.
#[test]
fn run_shows_the_observed_outcome() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("kursk");
    truce()
        .args([
            "run", KURSK, "--runs", "500", "--charts", "none", "--quiet", "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Observed (information as of 2025-03-13): no_deal; the forecast gave it",
        ));
    let s = json(out.join("summary.json"));
    assert_eq!(s["observed"]["outcome"], "no_deal");
    assert_eq!(s["observed"]["as_of"], "2025-03-13");
    let no_deal = s["outcomes"][0]["share"].as_f64().unwrap();
    assert_eq!(s["observed"]["forecast_share"].as_f64().unwrap(), no_deal);
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("<h3>What happened</h3>"));
    assert!(page.contains("what happened</span>"));

    let plain = tmp.path().join("plain");
    truce()
        .args([
            "run",
            NO_OBSERVED,
            "--runs",
            "50",
            "--charts",
            "none",
            "--quiet",
            "--out",
        ])
        .arg(&plain)
        .assert()
        .success()
        .stdout(predicate::str::contains("Observed").not());
    assert!(json(plain.join("summary.json")).get("observed").is_none());
}
