//! `truce run` and `truce merge` as a user (or a cluster script) runs them.
//!
//! Tests that depend on the engine's behaviour (rather than on the Monte Carlo machinery) say so
//! in their doc comment.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const KURSK: &str = "scenarios/kursk-ceasefire-2025.toml";
const CLASSROOM: &str = "scenarios/classroom-two-party.toml";
const INCOMPATIBLE: &str = "tests/fixtures/run/incompatible-red-lines.toml";
const CONSENSUS: &str = "tests/fixtures/run/consensus.toml";
const BAD: &str = "tests/fixtures/bad/trust-out-of-range.toml";

fn truce() -> Command {
    Command::cargo_bin("truce").expect("binary")
}

/// `truce run FILE --out DIR --charts none --quiet ARGS...`, asserting success.
fn run(file: &str, out: &Path, args: &[&str]) {
    truce()
        .args(["run", file, "--charts", "none", "--quiet", "--out"])
        .arg(out)
        .args(args)
        .assert()
        .success();
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    fs::read(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn csv_rows(path: impl AsRef<Path>) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).expect("runs.csv");
    reader.records().map(|r| r.expect("row")).collect()
}

fn summary(path: impl AsRef<Path>) -> serde_json::Value {
    serde_json::from_slice(&read(path)).expect("summary.json is JSON")
}

/// The count of `outcome` in a summary.json.
fn outcome_count(s: &serde_json::Value, outcome: &str) -> u64 {
    s["outcomes"]
        .as_array()
        .and_then(|all| all.iter().find(|o| o["outcome"] == outcome))
        .and_then(|o| o["count"].as_u64())
        .unwrap_or_else(|| panic!("no outcome {outcome}"))
}

#[test]
fn threads_do_not_change_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("t1"), tmp.path().join("t2"));
    // Several blocks (4096 runs each), so the two threads really share the work.
    run(KURSK, &one, &["--runs", "20000", "--threads", "1"]);
    run(KURSK, &two, &["--runs", "20000", "--threads", "2"]);
    assert_eq!(
        read(one.join("summary.json")),
        read(two.join("summary.json"))
    );
    assert_eq!(read(one.join("runs.csv")), read(two.join("runs.csv")));
    let rows = csv_rows(one.join("runs.csv"));
    assert_eq!(rows.len(), 20000);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], i.to_string(), "rows are in run order");
    }
    let s = summary(one.join("summary.json"));
    assert_eq!(s["runs"], 20000);
    assert_eq!(s["seed"], 2025);
    assert!(
        s["scenario"]["file_hash"]
            .as_str()
            .is_some_and(|h| h.len() == 64)
    );
    assert!(s.get("shard").is_none());
}

#[test]
fn shards_merge_into_the_whole_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    run(
        CLASSROOM,
        &dir("whole"),
        &["--runs", "10000", "--seed", "9"],
    );
    for k in 1..=3 {
        run(
            CLASSROOM,
            &dir(&format!("s{k}")),
            &[
                "--runs",
                "10000",
                "--seed",
                "9",
                "--shard",
                &format!("{k}/3"),
            ],
        );
        assert!(dir(&format!("s{k}")).join("aggregate.json").is_file());
    }
    let shard = summary(dir("s2").join("summary.json"));
    assert_eq!(shard["shard"]["first_run"], 3333);
    assert_eq!(shard["shard"]["end_run"], 6666);
    assert_eq!(shard["runs"], 3333);
    // Any order on the command line.
    truce()
        .args(["merge", "--charts", "none", "--out"])
        .arg(dir("merged"))
        .args([dir("s3"), dir("s1"), dir("s2")])
        .assert()
        .success()
        .stdout(predicate::str::contains("10000 runs, seed 9"));
    assert_eq!(
        read(dir("whole").join("summary.json")),
        read(dir("merged").join("summary.json"))
    );
    assert_eq!(
        read(dir("whole").join("runs.csv")),
        read(dir("merged").join("runs.csv"))
    );
    assert!(!dir("merged").join("aggregate.json").exists());
}

#[test]
fn merge_refuses_an_incomplete_or_mixed_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    for k in 1..=2 {
        run(
            CLASSROOM,
            &dir(&format!("s{k}")),
            &["--runs", "300", "--shard", &format!("{k}/2")],
        );
    }
    run(
        CLASSROOM,
        &dir("other-seed"),
        &["--runs", "300", "--shard", "2/2", "--seed", "5"],
    );
    run(CLASSROOM, &dir("plain"), &["--runs", "300"]);
    let merge = |dirs: &[&str]| {
        let mut cmd = truce();
        cmd.args(["merge", "--out"]).arg(dir("m"));
        for d in dirs {
            cmd.arg(dir(d));
        }
        cmd.assert().code(2)
    };
    merge(&["s1"]).stderr(predicate::str::contains("missing shards: 2/2"));
    merge(&["s1", "s1"]).stderr(predicate::str::contains("are the same shard 1/2"));
    merge(&["s1", "other-seed"]).stderr(predicate::str::contains("different seed"));
    merge(&["s1", "plain"]).stderr(predicate::str::contains("truce run --shard K/N"));
    assert!(!dir("m").exists(), "a failed merge writes nothing");
}

#[test]
fn json_flag_prints_the_summary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let assert = truce()
        .args([
            "run", CLASSROOM, "--runs", "500", "--charts", "none", "--json", "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(assert.get_output().stdout, read(out.join("summary.json")));
}

#[test]
fn table_reads_like_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    truce()
        .args(["run", KURSK, "--runs", "2000", "--charts", "none", "--out"])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("95% interval"))
        .stdout(predicate::str::contains("no_deal"))
        .stdout(predicate::str::contains("Time to agreement"))
        // Timing goes to stderr, never into stdout or summary.json.
        .stderr(predicate::str::contains("runs/s"));
    let text = String::from_utf8(read(tmp.path().join("summary.json"))).unwrap();
    assert!(!text.contains("runs/s") && !text.contains("elapsed"));
}

/// `narrate --run I` plays the very run that `truce run` counted as run I.
#[test]
fn narrate_tells_the_run_that_runs_csv_counted() {
    let tmp = tempfile::tempdir().unwrap();
    run(KURSK, tmp.path(), &["--runs", "200", "--seed", "77"]);
    let rows = csv_rows(tmp.path().join("runs.csv"));
    for i in [0usize, 1, 57, 199] {
        let out = truce()
            .args([
                "narrate",
                KURSK,
                "--seed",
                "77",
                "--json",
                "--run",
                &i.to_string(),
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let told: serde_json::Value = serde_json::from_slice(&out).expect("narrate --json");
        let record = &told["record"];
        let row = &rows[i];
        assert_eq!(record["outcome"], row[1], "run {i}");
        assert_eq!(record["truce_days"].to_string(), row[3], "run {i}");
        assert_eq!(record["violations"].to_string(), row[4], "run {i}");
        assert_eq!(record["detected"].to_string(), row[5], "run {i}");
        // runs.csv's `round` is the round of agreement, or without a deal the rounds played:
        // the narration's last round.
        let last_round = told["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter(|e| e["event"] == "round")
            .filter_map(|e| e["round"].as_u64())
            .max();
        match record["agreement_round"].as_u64() {
            Some(r) => assert_eq!(r.to_string(), row[2], "run {i}"),
            None => assert_eq!(
                last_round.map(|r| r.to_string()).as_deref(),
                Some(&row[2]),
                "run {i}"
            ),
        }
    }
}

/// Depends on the engine: red lines that no text can satisfy at once never yield a deal.
#[test]
fn incompatible_red_lines_never_sign() {
    let tmp = tempfile::tempdir().unwrap();
    run(INCOMPATIBLE, tmp.path(), &[]);
    let s = summary(tmp.path().join("summary.json"));
    assert_eq!(s["deals"], 0);
    assert_eq!(outcome_count(&s, "no_deal"), 500);
    for row in csv_rows(tmp.path().join("runs.csv")) {
        assert_eq!(&row[1], "no_deal");
        assert!(
            row[row.len() - 1].contains(":red_line:"),
            "blocked by a red line: {row:?}"
        );
    }
}

/// Depends on the engine: when every party wants the same text, every run signs it.
#[test]
fn consensus_always_signs() {
    let tmp = tempfile::tempdir().unwrap();
    run(CONSENSUS, tmp.path(), &[]);
    let s = summary(tmp.path().join("summary.json"));
    assert_eq!(s["deals"], 500);
    assert_eq!(outcome_count(&s, "held"), 500);
    for row in csv_rows(tmp.path().join("runs.csv")) {
        assert_eq!(
            (&row[6], &row[7]),
            ("30", "joint"),
            "the common ideal: {row:?}"
        );
    }
}

/// A consensus "agrees at once": the opening text is everyone's ideal, and each party's
/// target starts at the value of its best hope (Faratin's Pmax), so it signs in round 1.
#[test]
fn consensus_signs_in_the_first_round() {
    let tmp = tempfile::tempdir().unwrap();
    run(CONSENSUS, tmp.path(), &[]);
    for row in csv_rows(tmp.path().join("runs.csv")) {
        assert_eq!(&row[2], "1", "{row:?}");
    }
}

#[test]
fn bad_flags_exit_2_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let cases: &[(&[&str], &str)] = &[
        (&["--shard", "0/3"], "--shard wants K/N"),
        (&["--shard", "4/3"], "--shard wants K/N"),
        (&["--shard", "x"], "--shard wants K/N"),
        (&["--runs", "0"], "--runs must be at least 1"),
        (&["--threads", "0"], "--threads must be at least 1"),
        (&["--charts", "gif"], "unknown format `gif`"),
        (&["--until-precise", "0"], "--until-precise"),
        (
            &["--until-precise", "0.01", "--shard", "1/2"],
            "do not go together",
        ),
        (&["--runs", "many"], "invalid value"),
        (&["--no-such-flag"], "unexpected argument"),
    ];
    for (args, message) in cases {
        truce()
            .args(["run", CLASSROOM, "--out"])
            .arg(&out)
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
        assert!(!out.exists(), "{args:?} wrote files");
    }
}

#[test]
fn invalid_scenario_prints_diagnostics_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    truce()
        .args(["run", BAD, "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!("{BAD}:9:9: error:")));
    assert!(!out.exists());
}

#[test]
fn unwritable_out_exits_1_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let out: PathBuf = file.join("out");
    truce()
        .args([
            "run", CLASSROOM, "--runs", "100", "--charts", "none", "--out",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot create the output folder"));
}

#[test]
fn rerun_replaces_files_and_leaves_no_temporaries() {
    let tmp = tempfile::tempdir().unwrap();
    run(CLASSROOM, tmp.path(), &["--runs", "300", "--shard", "1/2"]);
    run(CLASSROOM, tmp.path(), &["--runs", "300"]);
    let mut names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The shard's aggregate.json would not match the new summary: it is removed. With
    // `--charts none` the report is the tables alone; truce's mark stays.
    assert_eq!(
        names,
        [".truce-output", "report.html", "runs.csv", "summary.json"]
    );
}

/// `--until-precise` stops after whole batches, at a point that depends on the results only.
#[test]
fn until_precise_is_deterministic_and_precise() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("t1"), tmp.path().join("t2"));
    run(
        CLASSROOM,
        &one,
        &["--until-precise", "0.01", "--threads", "1"],
    );
    run(
        CLASSROOM,
        &two,
        &["--until-precise", "0.01", "--threads", "2"],
    );
    assert_eq!(
        read(one.join("summary.json")),
        read(two.join("summary.json"))
    );
    let s = summary(one.join("summary.json"));
    let runs = s["runs"].as_u64().unwrap();
    assert!(
        runs > 0 && runs.is_multiple_of(4096 * 32),
        "whole batches: {runs}"
    );
    for o in s["outcomes"].as_array().unwrap() {
        let half = (o["high"].as_f64().unwrap() - o["low"].as_f64().unwrap()) / 2.0;
        assert!(half <= 0.01, "{o}");
    }
    // The run count is unknown in advance, so runs.csv needs --per-run.
    assert!(!one.join("runs.csv").exists());
}
