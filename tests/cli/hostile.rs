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
    assert!(
        stderr.contains("--until-precise 1e-300 is finer"),
        "{stderr}"
    );
    assert!(stderr.len() < 300, "{stderr}");
}

// ---- output folders: one job at a time, never someone else's files (items 1, 5, 6) ----

/// Files under `dir` whose name marks a temporary or a lock.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                todo.push(path);
            } else if name.contains(".tmp-") || name == ".truce-lock" {
                found.push(path);
            }
        }
    }
    found
}

/// Send SIGINT to a child (as Ctrl-C does).
fn interrupt(child: &std::process::Child) {
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok, "kill -INT failed");
}

/// Wait for a child at most `limit`; kill it and fail if it does not end.
/// Its exit code, `None` when a signal ended it.
fn wait_at_most(child: &mut std::process::Child, limit: std::time::Duration) -> Option<i32> {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the job did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn spawn_long_run(out: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("truce"))
        .args([
            "run",
            GOOD,
            "--runs",
            "50000000",
            "--threads",
            "1",
            "--quiet",
        ])
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn truce")
}

#[cfg(unix)]
#[test]
fn a_second_job_into_the_same_folder_fails_and_ctrl_c_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut first = spawn_long_run(&out);
    let lock = out.join(".truce-lock");
    let started = std::time::Instant::now();
    while !lock.exists() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the first job never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The second job is refused while the first writes (exit 1, a clear message).
    let second = truce()
        .args(["run", GOOD, "--runs", "100", "--quiet", "--charts", "none"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another truce job (process"), "{stderr}");
    // Ctrl-C stops the first: exit 130, no temporary file, no lock, no folder.
    interrupt(&first);
    let code = wait_at_most(&mut first, std::time::Duration::from_secs(20));
    assert_eq!(code, Some(130));
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
    assert!(!out.exists(), "the folder it created is removed");
}

#[cfg(unix)]
#[test]
fn ctrl_c_at_any_moment_leaves_one_whole_job_or_nothing() {
    // Interrupts land in every phase (loading, runs, charts, the commit) across the delays.
    let tmp = tempfile::tempdir().unwrap();
    for (i, delay_ms) in [0u64, 40, 120, 250, 400, 600, 900, 1300]
        .into_iter()
        .enumerate()
    {
        let out = tmp.path().join(format!("o{i}"));
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("truce"))
            .args(["run", GOOD, "--runs", "20000", "--quiet"])
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        interrupt(&child);
        let code = wait_at_most(&mut child, std::time::Duration::from_secs(30));
        assert!(
            leftovers(&out).is_empty(),
            "after {delay_ms} ms: {:?}",
            leftovers(&out)
        );
        match code {
            // Before the handler is installed (nothing staged yet) Ctrl-C kills at once.
            None => assert!(
                !out.exists(),
                "after {delay_ms} ms: killed, but a folder is left"
            ),
            Some(130) => assert!(
                !out.join("summary.json").exists() && !out.join("report.html").exists(),
                "after {delay_ms} ms: interrupted but files written"
            ),
            Some(0) => {
                assert!(out.join("report.html").exists() && out.join("summary.json").exists())
            }
            other => panic!("after {delay_ms} ms: exit {other:?}"),
        }
    }
}

#[test]
fn an_out_folder_holding_other_files_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("runs.csv"), "my own data").unwrap();
    let out = truce()
        .args(["run", GOOD, "--runs", "50", "--quiet", "--charts", "none"])
        .arg("--out")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("holds files truce did not write (runs.csv)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("runs.csv")).unwrap(),
        "my own data"
    );
    // A folder truce wrote before is fine to write again.
    let again = tmp.path().join("again");
    for _ in 0..2 {
        truce()
            .args(["run", GOOD, "--runs", "50", "--quiet", "--charts", "none"])
            .arg("--out")
            .arg(&again)
            .assert()
            .success();
    }
}

#[test]
fn a_scenario_named_dot_dot_never_writes_into_the_working_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = scenario_file(tmp.path(), "...toml", &good_text());
    std::fs::write(tmp.path().join("runs.csv"), "mine").unwrap();
    std::fs::write(tmp.path().join("report.html"), "mine").unwrap();
    truce()
        .current_dir(tmp.path())
        .args(["run", "--runs", "50", "--quiet", "--charts", "none"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("runs.csv")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("report.html")).unwrap(),
        "mine"
    );
    assert!(tmp.path().join("output/scenario/summary.json").is_file());
}

#[test]
fn shards_without_out_go_to_their_own_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let file = scenario_file(tmp.path(), "s.toml", &good_text());
    for k in 1..=2 {
        truce()
            .current_dir(tmp.path())
            .args([
                "run", "--runs", "100", "--quiet", "--charts", "none", "--shard",
            ])
            .arg(format!("{k}/2"))
            .arg(&file)
            .assert()
            .success();
    }
    let a = tmp.path().join("output/s/shard-1-of-2");
    let b = tmp.path().join("output/s/shard-2-of-2");
    assert!(a.join("summary.json").is_file() && b.join("summary.json").is_file());
    truce()
        .current_dir(tmp.path())
        .args(["merge", "--charts", "none", "--quiet", "--out", "merged"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success();
}

// ---- merge trusts nothing (item 7) ----

#[test]
fn merge_refuses_edited_counts_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    for k in 1..=2 {
        truce()
            .args([
                "run", GOOD, "--runs", "300", "--quiet", "--charts", "none", "--shard",
            ])
            .arg(format!("{k}/2"))
            .arg("--out")
            .arg(dir(&format!("s{k}")))
            .assert()
            .success();
    }
    let file = dir("s2").join("aggregate.json");
    let original = std::fs::read_to_string(&file).unwrap();
    let json: serde_json::Value = serde_json::from_str(&original).unwrap();
    type Edit = (&'static str, fn(&mut serde_json::Value));
    let edits: [Edit; 3] = [
        // u64::MAX in one outcome: the sums used to wrap and give shares of 3.7e14.
        ("overflow", |j| {
            j["aggregate"]["outcomes"][0] = u64::MAX.into()
        }),
        ("outcomes", |j| {
            let n = j["aggregate"]["outcomes"][0].as_u64().unwrap();
            j["aggregate"]["outcomes"][0] = (n + 5).into();
        }),
        ("utility", |j| {
            let n = j["aggregate"]["utility"][0][10].as_u64().unwrap();
            j["aggregate"]["utility"][0][10] = (n + 1).into();
        }),
    ];
    for (what, edit) in edits {
        let mut edited = json.clone();
        edit(&mut edited);
        std::fs::write(&file, serde_json::to_vec(&edited).unwrap()).unwrap();
        let out = truce()
            .args(["merge", "--charts", "none", "--out"])
            .arg(dir("m"))
            .arg(dir("s1"))
            .arg(dir("s2"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(
            stderr.contains("do not add up") || stderr.contains("overflow"),
            "{what}: {stderr}"
        );
        assert!(!dir("m").exists(), "{what}: a refused merge writes nothing");
    }
    std::fs::write(&file, original).unwrap();
    truce()
        .args(["merge", "--charts", "none", "--quiet", "--out"])
        .arg(dir("m"))
        .arg(dir("s1"))
        .arg(dir("s2"))
        .assert()
        .success();
}

// ---- job sizes (items 8 and 12) ----

#[test]
fn a_huge_sweep_is_refused_before_it_starts_unless_yes() {
    let started = std::time::Instant::now();
    let out = truce()
        .args([
            "sweep",
            GOOD,
            "--set",
            "parties.north.trust=0..1:1000",
            "--set",
            "parties.south.trust=0..1:1000",
            "--quiet",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1,000,000 points") && stderr.contains("--yes"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 30);
    // A sweep within the limits starts without a word.
    truce()
        .args([
            "sweep",
            GOOD,
            "--set",
            "parties.north.trust=0..1:3",
            "--runs",
            "50",
        ])
        .args(["--quiet", "--charts", "none", "--out"])
        .arg(tempfile::tempdir().unwrap().path().join("o"))
        .assert()
        .success();
}

#[test]
fn a_sensitivity_analysis_past_an_hour_is_refused_unless_yes() {
    // 64 parties on 64 issues: about 4,500 uncertain numbers, 9,000 simulations.
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("[scenario]\nname = \"Big\"\nprotocol = \"alternating\"\n");
    for i in 0..64 {
        text += &format!("[[issues]]\nid = \"i{i}\"\nrange = [0, 100]\n");
    }
    for p in 0..64 {
        text += &format!("[[parties]]\nid = \"p{p}\"\ntrust = 0.2\n[parties.positions]\n");
        for i in 0..64 {
            text += &format!(
                "i{i} = {{ ideal = {}, weight = 1 }}\n",
                (p * 7 + i * 13) % 100
            );
        }
    }
    let file = scenario_file(tmp.path(), "big.toml", &text);
    let out = truce()
        .arg("sensitivity")
        .arg(&file)
        .args(["--runs", "10000", "--quiet"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("simulations") && stderr.contains("--yes"),
        "{stderr}"
    );
}

#[test]
fn runs_have_one_limit_on_the_command_line_and_in_the_file() {
    let out = truce()
        .args(["run", GOOD, "--runs", "1000000000000000000", "--quiet"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("100,000,000"), "{stderr}");
}

// ---- hostile text in every output format (item 10) ----

/// The good fixture with hostile names: a script in the title, an image with onerror in a
/// party's name, spreadsheet formulas as options.
fn hostile_text() -> String {
    good_text()
        .replace(
            "name = \"Two-party pause\"",
            "name = \"<script>alert(1)</script>\"",
        )
        .replace(
            "id = \"south\"",
            "id = \"south\"\nname = \"<img src=x onerror=alert(2)>\"",
        )
        .replace(
            "options = [\"none\", \"joint\", \"international\"]",
            "options = [\"=cmd|'/C calc'!A0\", \"@SUM(1)\", \"+SUM(1)\"]",
        )
        .replace("ideal = \"joint\"", "ideal = \"@SUM(1)\"")
        .replace("ideal = \"international\"", "ideal = \"+SUM(1)\"")
        .replace("forbid = [\"international\"]", "forbid = [\"+SUM(1)\"]")
        .replace(
            "detection = { none = 0.1, joint = 0.4, international = 0.8 }",
            "detection = { \"=cmd|'/C calc'!A0\" = 0.1, \"@SUM(1)\" = 0.4, \"+SUM(1)\" = 0.8 }",
        )
}

#[test]
fn hostile_names_stay_text_in_csv_markdown_and_html() {
    let tmp = tempfile::tempdir().unwrap();
    let file = scenario_file(tmp.path(), "h.toml", &hostile_text());
    let out = tmp.path().join("o");
    truce()
        .arg("run")
        .arg(&file)
        .args(["--runs", "400", "--quiet", "--charts", "svg", "--out"])
        .arg(&out)
        .assert()
        .success();
    // runs.csv: no cell a spreadsheet would run as a formula (OWASP: a leading quote).
    let mut reader = csv::Reader::from_path(out.join("runs.csv")).unwrap();
    let mut options_seen = 0;
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            let first = cell.chars().next();
            let formula = matches!(first, Some('=' | '+' | '@' | '\t' | '\r'))
                || (first == Some('-') && cell.parse::<f64>().is_err());
            assert!(!formula, "a formula cell in runs.csv: {cell:?}");
            if cell == "'@SUM(1)" {
                options_seen += 1;
            }
        }
    }
    assert!(options_seen > 0, "the hostile options appear, neutralised");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    for e in std::fs::read_dir(out.join("charts")).unwrap().flatten() {
        let svg = std::fs::read_to_string(e.path()).unwrap();
        assert!(!svg.contains("<script>alert") && !svg.contains("<img src=x"));
    }
    // The briefings: Markdown renderers pass HTML through, so it is escaped there too.
    let brief = tmp.path().join("b");
    truce()
        .arg("brief")
        .arg(&file)
        .arg("--out")
        .arg(&brief)
        .assert()
        .success();
    let mut checked = 0;
    for e in std::fs::read_dir(&brief).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") || name.ends_with(".html") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                !text.contains("<script>alert") && !text.contains("<img src=x"),
                "{name} carries raw HTML from the scenario"
            );
            checked += 1;
        }
    }
    assert!(checked >= 6);
}

#[test]
fn control_characters_never_reach_the_terminal_in_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let file = scenario_file(tmp.path(), "c.toml", &good_text());
    // A party id given on the command line with an escape sequence and a bell.
    let out = truce()
        .arg("brief")
        .arg(&file)
        .args(["--party", "no\u{1b}[2Jrth\u{7}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}[2J"), "{stderr}");
}

// ---- brief (item 11) ----

#[test]
fn brief_removes_the_cards_of_parties_that_no_longer_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let file = scenario_file(tmp.path(), "b.toml", &good_text());
    let out = tmp.path().join("b");
    let brief = || {
        truce()
            .arg("brief")
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
    };
    brief();
    assert!(out.join("card-south.md").is_file());
    // `south` becomes `east`: its old card would brief a party the scenario no longer has.
    let renamed = good_text()
        .replace("\"south\"", "\"east\"")
        .replace("id = \"south\"", "id = \"east\"");
    std::fs::write(&file, renamed).unwrap();
    brief();
    assert!(out.join("card-east.md").is_file() && out.join("card-east.html").is_file());
    assert!(!out.join("card-south.md").exists() && !out.join("card-south.html").exists());
    assert!(out.join("card-north.md").is_file());
    // With --party, the other current parties' cards stay.
    truce()
        .arg("brief")
        .arg(&file)
        .args(["--party", "north", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("card-east.md").is_file());
}

// ---- play (item 12) ----

#[test]
fn play_ignores_a_huge_line_and_saves_the_moves_as_it_goes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    // A 5 MB line (a paste gone wrong), then a real move, then the end of input.
    let input = format!("{}\nstatus\n", "x".repeat(5 << 20));
    let assert = truce()
        .args(["play", GOOD, "--as", "north", "--out"])
        .arg(&out)
        .write_stdin(input)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout);
    assert!(
        stdout.contains("longer than 4096 bytes: ignored"),
        "{}",
        &stdout[..stdout.len().min(3000)]
    );
    assert!(
        stdout.len() < 1 << 20,
        "the line was echoed: {} bytes",
        stdout.len()
    );
    // The moves are in the folder, line by line, the long line cut.
    let moves = std::fs::read_to_string(out.join("play-moves.txt")).unwrap();
    assert!(moves.contains("status"), "{moves}");
    assert!(moves.len() < 16 * 1024, "{} bytes", moves.len());
}
