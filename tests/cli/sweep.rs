//! `truce sweep`: files, rows, a behaviour we can justify, bad `--set`, determinism.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const SMALL: &str = "tests/fixtures/sweep/small.toml";

fn truce() -> Command {
    Command::cargo_bin("truce").expect("binary builds")
}

/// Rows of a CSV after its header, split into fields.
fn rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = fs::read_to_string(path).expect("csv written");
    let mut lines = text.lines();
    let header = lines
        .next()
        .expect("header")
        .split(',')
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn one_way_sweep_writes_a_row_per_point_and_walkaway_values_block_deals() {
    let dir = tempfile::tempdir().unwrap();
    truce()
        .args([
            "sweep",
            SMALL,
            "--set",
            "parties.south.reservation=0..1:6",
            "--runs",
            "300",
            "--quiet",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("parties.south.reservation"));
    for file in [
        "sweep.csv",
        "sweep.json",
        "charts/sweep-lines.svg",
        "charts/sweep-lines.png",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} missing");
    }
    let (header, rows) = rows(&dir.path().join("sweep.csv"));
    assert_eq!(rows.len(), 6);
    assert_eq!(header[0], "parties.south.reservation");
    let values: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(values, ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    let (nd, wo) = (column(&header, "no_deal"), column(&header, "walkout"));
    let failed: Vec<f64> = rows
        .iter()
        .map(|r| r[nd].parse::<f64>().unwrap() + r[wo].parse::<f64>().unwrap())
        .collect();
    // A required party whose walk-away value is 1 prefers walking away to every text (no
    // utility exceeds 1), so no deal is ever signed.
    assert_eq!(failed[5], 1.0, "{failed:?}");
    // Raising a walk-away value removes texts the party would accept, so failures become more
    // common overall. Not strictly at every step: a party that asks more also objects harder,
    // the mediator's text moves further its way, and some runs then find a text both sides
    // take. Allow that much slack between neighbouring points.
    for pair in failed.windows(2) {
        assert!(pair[1] >= pair[0] - 0.05, "not monotone: {failed:?}");
    }
    assert!(failed[5] > failed[0] + 0.5, "{failed:?}");
}

#[test]
fn two_way_sweep_draws_a_heatmap() {
    let dir = tempfile::tempdir().unwrap();
    truce()
        .args([
            "sweep",
            SMALL,
            "--set",
            "parties.south.trust=0.1..0.5:3",
            "--set",
            "truce.detection.joint=0.2..0.8:4",
            "--outcome",
            "collapsed",
            "--runs",
            "200",
            "--charts",
            "svg",
            "--quiet",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("share of `collapsed`"));
    let (header, rows) = rows(&dir.path().join("sweep.csv"));
    assert_eq!(rows.len(), 12);
    assert_eq!(
        header[..3],
        ["parties.south.trust", "truce.detection.joint", "runs"]
    );
    let svg = fs::read_to_string(dir.path().join("charts/sweep-heatmap.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("Collapsed share"));
    assert!(!dir.path().join("charts/sweep-heatmap.png").exists());
    assert!(!dir.path().join("charts/sweep-lines.svg").exists());
}

#[test]
fn bad_sets_exit_2_naming_the_problem_and_only_a_bad_path_lists_the_paths() {
    // (the --set flags, what the error says, whether it lists the valid paths)
    let cases: [(&[&str], &str, bool); 8] = [
        (
            &["parties.soth.trust=0..1"],
            "unknown party `soth` (did you mean `south`?)",
            true,
        ),
        (
            &["parties.south.trsut=0..1"],
            "did you mean `parties.south.trust`?",
            true,
        ),
        (&["parties.south.trust=0.9..0.1"], "runs backwards", false),
        (
            &["parties.south.trust=0..1:0"],
            "STEPS must be 1..=1000, not 0",
            false,
        ),
        (&["parties.south.trust=0..1:1001"], "not 1001", false),
        (
            &["parties.south.trust=low..1"],
            "`low` is not a number",
            false,
        ),
        (&["parties.south.trust=0..2"], "outside the range", false),
        (
            &[
                "parties.south.trust=0..1",
                "parties.north.trust=0..1",
                "battlefield.momentum=0..1",
            ],
            "3 --set flags given",
            false,
        ),
    ];
    for (sets, expected, lists) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut cmd = truce();
        cmd.args(["sweep", SMALL, "--runs", "10", "--quiet"]);
        for s in sets {
            cmd.args(["--set", s]);
        }
        let assert = cmd
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        let listing = "parties.south.{leverage,trust,reservation,momentum_sensitivity,strategy.beta,delay_cost,one_off_gain}";
        assert_eq!(
            stderr.contains("valid paths for") && stderr.contains(listing),
            lists,
            "{sets:?}: {stderr}"
        );
        assert!(!out.exists(), "{sets:?} wrote files");
    }
}

#[test]
fn bad_outcome_is_a_usage_error_with_a_suggestion() {
    truce()
        .args([
            "sweep",
            SMALL,
            "--set",
            "parties.south.trust=0..1",
            "--outcome",
            "peace",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'peace'"))
        .stderr(predicate::str::contains(
            "no_deal, walkout, collapsed, expired, held",
        ));
    truce()
        .args([
            "sweep",
            SMALL,
            "--set",
            "parties.south.trust=0..1",
            "--outcome",
            "hold",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a similar value exists: 'held'"));
}

#[test]
fn the_same_sweep_twice_gives_the_same_files_whatever_the_threads() {
    let run = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        truce()
            .args([
                "sweep",
                SMALL,
                "--set",
                "battlefield.momentum=-0.5..0.5:3",
                "--runs",
                "300",
                "--threads",
                threads,
                "--quiet",
                "--charts",
                "svg",
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success();
        ["sweep.csv", "sweep.json", "charts/sweep-lines.svg"]
            .map(|f| fs::read(dir.path().join(f)).unwrap())
    };
    let a = run("1");
    let b = run("2");
    assert!(a == b, "outputs differ between --threads 1 and 2");
}
