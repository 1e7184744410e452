//! Hostile input and concurrent jobs (issue 17), as a user (or a script gone wrong) meets them:
//! bounded diagnostics, interrupted jobs that leave nothing behind, output folders that two
//! jobs cannot mix, and hostile text that stays text in every output format.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const GOOD: &str = "tests/fixtures/good/two-party.toml";

fn truce() -> Command {
    Command::cargo_bin("truce").expect("binary")
}

fn good_text() -> String {
    std::fs::read_to_string(GOOD).expect("fixture")
}

/// Write `text` as `name` in `dir` and return its path.
fn scenario_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write scenario");
    path
}

// ---- diagnostics (item 2) ----

#[test]
fn check_prints_a_bounded_report_for_thousands_of_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let keys: Vec<String> = (0..3000).map(|i| format!("zz{i}=1")).collect();
    let text = good_text().replace(
        "trust = 0.2",
        &format!(
            "trust = {{ dist = \"uniform\", min = 0.1, max = 0.3, {} }}",
            keys.join(", ")
        ),
    );
    let file = scenario_file(tmp.path(), "many.toml", &text);
    let out = truce().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.len() < 32 * 1024, "{} bytes on stderr", stderr.len());
    assert_eq!(stderr.matches(": error: unknown key `zz").count(), 50);
    assert!(stderr.contains("and 2950 more errors (only the first 50 are shown)"));
}

// ---- numbers printed wrong (item 9) ----

#[test]
fn flag_values_print_in_a_readable_form() {
    let out = truce()
        .args(["run", GOOD, "--until-precise", "1e-300", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not 1e-300"), "{stderr}");
    assert!(stderr.len() < 200, "{stderr}");
}
