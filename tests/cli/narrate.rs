//! `truce narrate` tells a run the same way every time: a snapshot of the story (insta), and
//! the story is exactly the run that `truce run` counts.
//!
//! The fixture is a frozen copy of the classroom scenario, so editing the bundled scenario does
//! not move the snapshot; a change of the engine or of the wording does, on purpose.

use assert_cmd::Command;

const FIXTURE: &str = "tests/fixtures/narrate/classroom.toml";

fn narrate(args: &[&str]) -> String {
    let out = Command::cargo_bin("truce")
        .expect("the truce binary")
        .arg("narrate")
        .arg(FIXTURE)
        .args(args)
        .output()
        .expect("truce runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 story")
}

#[test]
fn a_collapsed_pause_is_told_round_by_round() {
    insta::assert_snapshot!("classroom_run_10", narrate(&["--run", "10"]));
}

#[test]
fn a_pause_that_held_is_told_to_the_horizon() {
    insta::assert_snapshot!("classroom_run_2", narrate(&["--run", "2", "--seed", "1"]));
}

#[test]
fn json_carries_the_trace_and_the_record() {
    let json: serde_json::Value =
        serde_json::from_str(&narrate(&["--run", "10", "--json"])).expect("valid JSON");
    assert_eq!(json["run"], 10);
    let events = json["events"].as_array().expect("events");
    assert!(
        events.iter().any(|e| e["event"] == "round"),
        "rounds are traced"
    );
    assert!(events.iter().any(|e| e["event"] == "signed"));
    assert_eq!(json["record"]["outcome"], "collapsed");
    let text = narrate(&["--run", "10"]);
    assert!(
        text.contains("COLLAPSED"),
        "the text and the JSON tell the same run"
    );
}
