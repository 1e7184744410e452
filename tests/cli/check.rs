//! `truce check` and `truce schema` as a user runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const GOOD: &str = "tests/fixtures/good/two-party.toml";
const BAD: &str = "tests/fixtures/bad/trust-out-of-range.toml";

fn truce() -> Command {
    Command::cargo_bin("truce").expect("binary")
}

#[test]
fn check_a_good_file() {
    truce()
        .args(["check", GOOD])
        .assert()
        .success()
        .stdout(format!("{GOOD}: ok (3 parties, 2 issues)\n"))
        .stderr("");
}

#[test]
fn check_a_bad_file() {
    truce()
        .args(["check", BAD])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "{BAD}:9:9: error: trust 1.4 is outside its range\n"
        )))
        .stderr(predicate::str::contains(
            "9 | trust = 1.4\n  |         ^^^\n",
        ))
        .stderr(predicate::str::contains(format!(
            "{BAD}:12:1: error: unknown key `reservaton`"
        )));
}

#[test]
fn check_several_files_reports_each() {
    truce()
        .args(["check", GOOD, BAD, "tests/fixtures/bad/missing.toml", GOOD])
        .assert()
        .code(2)
        .stdout(format!(
            "{GOOD}: ok (3 parties, 2 issues)\n{GOOD}: ok (3 parties, 2 issues)\n"
        ))
        .stderr(predicate::str::contains(format!("{BAD}:9:9: error:")))
        .stderr(predicate::str::contains(
            "tests/fixtures/bad/missing.toml: error: cannot read: ",
        ));
}

#[test]
fn every_bad_fixture_is_refused() {
    let files = toml_files(Path::new("tests/fixtures/bad"));
    assert!(files.len() >= 3);
    for f in files {
        truce()
            .arg("check")
            .arg(&f)
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::is_match(format!(
                    "^{}:[0-9]+:[0-9]+: error: ",
                    regex_escape(&f.display().to_string())
                ))
                .expect("regex"),
            );
    }
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' {
                vec![c]
            } else {
                vec!['\\', c]
            }
        })
        .collect()
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    files
}

fn schema() -> serde_json::Value {
    let out = truce().arg("schema").output().expect("run");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("schema is JSON")
}

#[test]
fn schema_is_json_schema_forbidding_unknown_keys() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["additionalProperties"], false);
    assert!(jsonschema::meta::is_valid(&s));
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read");
    let value: toml::Value = toml::from_str(&text).expect("toml");
    serde_json::to_value(value).expect("json")
}

#[test]
fn schema_validates_the_good_files_and_bundled_scenarios() {
    let validator = jsonschema::validator_for(&schema()).expect("valid schema");
    let mut files = toml_files(Path::new("scenarios"));
    files.extend(toml_files(Path::new("tests/fixtures/good")));
    assert!(files.iter().any(|f| f.ends_with("two-party.toml")));
    for f in files {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&f))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
        truce().arg("check").arg(&f).assert().success();
    }
}

#[test]
fn schema_rejects_an_unknown_key() {
    let validator = jsonschema::validator_for(&schema()).expect("valid schema");
    let mut doc = as_json(Path::new(GOOD));
    doc["parties"][0]["trsut"] = serde_json::json!(0.5);
    assert!(!validator.is_valid(&doc));
}
