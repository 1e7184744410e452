//! `truce serve` over HTTP on the loopback: pages and their security headers, the explore API
//! (runs, common random numbers, narration, the downloaded scenario), exercises (join, act, a
//! wrong token refused, one team never seeing another's card, note or pending answer, answers
//! sent at once, reconnecting, a restart), bad requests, and a bounded load test. Every loop is
//! bounded in count and time; every request goes to 127.0.0.1.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::web::{Server, raw};

const KURSK: &str = "kursk-ceasefire-2025";

fn start(out: &std::path::Path) -> Server {
    Server::start(&[], out)
}

/// Create an exercise of Kursk with Russia and Ukraine; (facilitator token, russia token,
/// ukraine token, the facilitator's view).
fn exercise(srv: &Server, save: bool) -> (String, String, String, Value) {
    let r = srv.post_json(
        "/api/exercises",
        &json!({ "scenario": KURSK, "parties": ["russia", "ukraine"], "save": save }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let fac = r.json()["facilitator"]
        .as_str()
        .unwrap()
        .trim_start_matches("/f/")
        .to_string();
    let view = srv.json(&format!("/api/fac/{fac}"));
    let link = |k: usize| {
        view["teams_status"][k]["link"]
            .as_str()
            .unwrap()
            .trim_start_matches("/t/")
            .to_string()
    };
    assert_eq!(view["teams_status"][0]["party"], "Russia");
    (fac.clone(), link(0), link(1), view)
}

fn share(results: &Value, outcome: &str) -> f64 {
    results["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["outcome"] == outcome)
        .unwrap()["share"]
        .as_f64()
        .unwrap()
}

#[test]
fn pages_scripts_and_fonts_come_from_the_binary_under_a_strict_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = start(tmp.path());
    assert!(srv.banner[0].starts_with("truce serve: open http://127.0.0.1:"));
    for path in ["/", "/explore/x", "/join", "/t/abc", "/f/abc"] {
        let r = srv.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        // No CDN: nothing the page loads comes from another host.
        let page = r.text();
        assert!(
            !page.contains("http://") && !page.contains("https://") && !page.contains("<script>")
        );
    }
    for (name, kind) in [
        ("app.css", "text/css"),
        ("explore.js", "text/javascript"),
        ("team.js", "text/javascript"),
        ("DejaVuSans.ttf", "font/ttf"),
    ] {
        let r = srv.get(&format!("/assets/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert!(r.header("content-type").unwrap().starts_with(kind));
        if name.ends_with(".js") {
            let js = r.text();
            assert!(!js.contains("https://") && !js.contains("eval("), "{name}");
        }
    }
    assert_eq!(srv.get("/assets/../Cargo.toml").status, 404);
    assert_eq!(srv.get("/nothing").status, 404);
}

#[test]
fn explore_runs_with_common_random_numbers_narrates_and_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = start(tmp.path());
    let list = srv.json("/api/scenarios");
    assert_eq!(list["scenarios"].as_array().unwrap().len(), 4);
    let d = srv.json(&format!("/api/scenarios/{KURSK}"));
    let controls = d["controls"].as_array().unwrap();
    // Kursk's 68 numbers: the scenario's, and each required party's cost of delay and one-off
    // gain of signing (the model's, issue 11).
    assert_eq!(controls.len(), 68, "one control per uncertain number");
    for path in ["parties.russia.delay_cost", "parties.ukraine.one_off_gain"] {
        assert!(
            controls.iter().any(|c| c["path"] == path),
            "a control for {path}"
        );
    }
    let with_comment = controls.iter().filter(|c| c["comment"] != "").count();
    assert!(
        with_comment >= 55,
        "{with_comment} of 68 controls show a source comment"
    );
    let leverage = controls
        .iter()
        .find(|c| c["path"] == "parties.russia.leverage")
        .unwrap();
    assert_eq!(leverage["group"], "Russia");
    assert!(leverage["comment"].as_str().unwrap().contains("Sudzha"));

    let base = format!("/api/scenarios/{KURSK}/run?runs=2000&seed=11");
    let written = srv.json(&base);
    let again = srv.json(&base);
    assert_eq!(written["outcomes"], again["outcomes"], "the same runs");
    // Russia's walk-away value up: more walkouts. The same runs (common random numbers), so a
    // small move moves the shares a little and in one direction.
    let up = srv.json(&format!("{base}&set=parties.russia.reservation:0.33:1"));
    let down = srv.json(&format!("{base}&set=parties.russia.reservation:0.17:1"));
    assert!(share(&up, "walkout") > share(&written, "walkout") + 0.1);
    assert!(share(&down, "walkout") < share(&written, "walkout"));
    assert_eq!(up["changed"][0]["written"], "triangular 0.15..0.25..0.35");
    assert!((up["changed"][0]["central"].as_f64().unwrap() - 0.33).abs() < 1e-3);
    // The spread control: no spread, one value.
    let fixed = srv.json(&format!("{base}&set=parties.russia.reservation:0.25:0"));
    assert_eq!(fixed["changed"][0]["given"], "triangular 0.25..0.25..0.25");

    // One run told: exactly `truce narrate --run 5 --seed 11`.
    let story = srv.json(&format!(
        "/api/scenarios/{KURSK}/narrate?runs=2000&seed=11&run=5"
    ));
    let cli = assert_cmd::Command::cargo_bin("truce")
        .unwrap()
        .args([
            "narrate",
            "scenarios/kursk-ceasefire-2025.toml",
            "--run",
            "5",
            "--seed",
            "11",
        ])
        .output()
        .unwrap();
    assert_eq!(
        story["text"].as_str().unwrap(),
        String::from_utf8_lossy(&cli.stdout)
    );
    let outside = srv.get(&format!(
        "/api/scenarios/{KURSK}/narrate?runs=2000&run=2000"
    ));
    assert_eq!(outside.status, 400);

    // The downloaded scenario is accepted by `truce check`, comments the change, and runs to
    // the same shares as the page.
    let set = "parties.russia.reservation:0.33:1,truce.frontline_km:1500:1";
    let dl = srv.get(&format!("/api/scenarios/{KURSK}/download?set={set}"));
    assert_eq!(dl.status, 200);
    assert!(
        dl.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    let toml = dl.text();
    assert!(toml.contains("# truce serve: parties.russia.reservation changed; the file said triangular 0.15..0.25..0.35"));
    assert!(toml.contains("Sudzha"), "the other comments stay");
    let file = tmp.path().join("explored.toml");
    std::fs::write(&file, &toml).unwrap();
    assert_cmd::Command::cargo_bin("truce")
        .unwrap()
        .arg("check")
        .arg(&file)
        .assert()
        .success();
    let page = srv.json(&format!("{base}&set={set}"));
    let run = assert_cmd::Command::cargo_bin("truce")
        .unwrap()
        .arg("run")
        .arg(&file)
        .args([
            "--runs", "2000", "--seed", "11", "--json", "--charts", "none", "--out",
        ])
        .arg(tmp.path().join("run"))
        .output()
        .unwrap();
    let summary: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["outcomes"], page["outcomes"]);
}

#[test]
fn malformed_requests_get_a_4xx_with_a_message_and_the_server_lives_on() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = start(tmp.path());
    let cases = [
        (format!("/api/scenarios/{KURSK}/run?runs=0"), "runs must be"),
        (format!("/api/scenarios/{KURSK}/run?runs=abc"), ""),
        (
            format!("/api/scenarios/{KURSK}/run?set=parties.rusia.reservation:0.3"),
            "did you mean `russia`",
        ),
        (
            format!("/api/scenarios/{KURSK}/run?set=parties.russia.reservation:x"),
            "must be a number",
        ),
        (
            format!("/api/scenarios/{KURSK}/run?set=parties.russia.reservation:0.3:99"),
            "spread",
        ),
        (
            format!("/api/scenarios/{KURSK}/run?set=truce.detection.none:0.3"),
            "no control",
        ),
        ("/api/scenarios/nope".to_string(), "no scenario"),
        ("/api/join/ZZZZ-ZZZZ".to_string(), "no team has the code"),
        (
            "/api/team/0123456789abcdef0123456789abcdef".to_string(),
            "no exercise",
        ),
    ];
    for (path, want) in &cases {
        let r = srv.get(path);
        assert!((400..500).contains(&r.status), "{path}: {}", r.status);
        assert!(r.text().contains(want), "{path}: {}", r.text());
    }
    let posts = [
        ("/api/exercises", "{not json", 400, "malformed request"),
        (
            "/api/exercises",
            r#"{"scenario":"kursk-ceasefire-2025","parties":[]}"#,
            400,
            "choose from 1",
        ),
        (
            "/api/exercises",
            r#"{"scenario":"kursk-ceasefire-2025","parties":["usa"]}"#,
            400,
            "mediator",
        ),
        (
            "/api/exercises",
            r#"{"scenario":"kursk-ceasefire-2025","parties":["rusia"]}"#,
            400,
            "no party",
        ),
        (
            "/api/exercises",
            r#"{"scenario":1}"#,
            400,
            "malformed request",
        ),
    ];
    for (path, body, status, want) in posts {
        let r = srv.post(path, body);
        assert_eq!(r.status, status, "{body}: {}", r.text());
        assert!(r.text().contains(want), "{body}: {}", r.text());
    }
    // Bodies are size-limited.
    let big = format!(r#"{{"note":"{}"}}"#, "a".repeat(100_000));
    let r = raw(
        srv.addr,
        "POST",
        "/api/exercises",
        Some(big.as_bytes()),
        "application/json",
    );
    assert_eq!(r.status, 413);
    // Binary garbage and a wrong method.
    let r = raw(
        srv.addr,
        "POST",
        "/api/exercises",
        Some(&[0xff, 0xfe, 0, 1]),
        "application/json",
    );
    assert_eq!(r.status, 400);
    assert_eq!(srv.get("/api/exercises").status, 405);
    // Still serving.
    assert_eq!(srv.get("/api/scenarios").status, 200);
}

#[test]
fn teams_join_act_and_never_see_each_others_cards_notes_or_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = start(tmp.path());
    let (fac, ru, ua, view) = exercise(&srv, false);
    // The short code leads to the team link.
    let code = view["teams_status"][1]["code"].as_str().unwrap();
    let joined = srv.json(&format!(
        "/api/join/{}",
        code.to_lowercase().replace('-', "%20")
    ));
    assert_eq!(joined["link"], format!("/t/{ua}"));

    // Ukraine keeps a note and proposes; its answer is pending when Russia looks.
    let secret = "UKRAINE-PRIVATE-NOTE-7781";
    assert_eq!(
        srv.post_json(&format!("/api/team/{ua}/note"), &json!({ "note": secret }))
            .status,
        200
    );
    let r = srv.post_json(
        &format!("/api/team/{ua}/move"),
        &json!({ "move": "propose", "changes": [["verification", "third"]] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = srv.post_json(
        &format!("/api/team/{ua}/move"),
        &json!({ "move": "reject" }),
    );
    assert_eq!(r.status, 200);
    let russia = srv.get(&format!("/api/team/{ru}")).text();
    let ukraine = srv.get(&format!("/api/team/{ua}")).text();
    assert!(ukraine.contains(secret) && !russia.contains(secret));
    assert!(
        !russia.contains(&ua) && !russia.contains(&fac),
        "no other token"
    );
    assert!(
        !russia.contains("Ukraine: reject"),
        "Ukraine's pending answer"
    );
    let rv: Value = serde_json::from_str(&russia).unwrap();
    assert_eq!(rv["me"]["name"], "Russia");
    assert!(rv["me"]["answer"].is_null());
    // Ukraine's card: its red lines' and conditions' reasons are nowhere in Russia's view, and
    // Russia's own are.
    let sim = truce_core::Simulation::load("scenarios/kursk-ceasefire-2025.toml".as_ref()).unwrap();
    let s = sim.scenario();
    let reasons = |id: &str| -> Vec<String> {
        let p = &s.parties[s.party_index(id).unwrap()];
        p.red_lines
            .iter()
            .map(|r| &r.constraint.reason)
            .chain(p.conditions.iter().map(|c| &c.constraint.reason))
            .filter(|r| r.len() > 12)
            .map(|r| truce_report::report::esc(r))
            .collect()
    };
    let (theirs, ours) = (reasons("ukraine"), reasons("russia"));
    assert!(!theirs.is_empty() && !ours.is_empty());
    for r in &theirs {
        assert!(!russia.contains(r.as_str()), "Russia sees Ukraine's {r}");
        let raw = serde_json::to_string(&r.replace("&#39;", "'").replace("&quot;", "\"")).unwrap();
        assert!(
            !russia.contains(raw.trim_matches('"')),
            "Russia sees Ukraine's {raw}"
        );
        assert!(ukraine.contains(r.as_str()) || ukraine.contains(&r.replace("&#39;", "'")));
    }
    assert!(ours.iter().any(|r| russia.contains(r.as_str())));
    // The proposal itself is public: it is on the table.
    assert!(rv["table"]["by"].as_str().unwrap().contains("Ukraine"));

    // Wrong tokens are refused; a team's token cannot run the exercise.
    for bad in [
        "/api/fac/0123456789abcdef0123456789abcdef/close",
        &format!("/api/fac/{ua}/close"),
    ] {
        let r = srv.post(bad, "{}");
        assert_eq!(r.status, 404, "{bad}");
    }
    assert_eq!(srv.get(&format!("/api/fac/{ru}")).status, 404);
    assert_eq!(srv.get(&format!("/api/team/{fac}")).status, 404);
    // A round closes only when every team has answered.
    let r = srv.post(&format!("/api/fac/{fac}/close"), "{}");
    assert_eq!(r.status, 409);
    assert!(r.text().contains("Russia has not answered"));

    // Both answer at once from two connections; then reconnecting gets the same state.
    let addr = srv.addr;
    let handles: Vec<_> = [ru.clone(), ua.clone()]
        .into_iter()
        .map(|t| {
            std::thread::spawn(move || {
                super::web::request(
                    addr,
                    "POST",
                    &format!("/api/team/{t}/move"),
                    Some(br#"{"move":"reject"}"#),
                )
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().status, 200);
    }
    let f = srv.json(&format!("/api/fac/{fac}"));
    assert_eq!(f["can_close"], true);
    let v = f["version"].as_u64().unwrap();
    let still = srv.json(&format!("/api/fac/{fac}?v={v}"));
    assert_eq!(still["unchanged"], true);
    let r = srv.post(&format!("/api/fac/{fac}/close"), "{}");
    assert_eq!(r.status, 200, "{}", r.text());
    let after = r.json();
    assert_eq!(after["round"], 2);
    assert!(
        after["transcript"][0]["result"]
            .as_str()
            .unwrap()
            .contains("No agreement")
    );
    let reloaded: Value = srv.json(&format!("/api/team/{ru}"));
    assert_eq!(reloaded["round"], 2);
    assert_eq!(
        reloaded["transcript"][0]["answers"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Forecast, an inject, then the end and the report.
    // The forecast as `truce play` shows it: the scenario as written beside continuations
    // from here, the engine deciding for every party (the teams' too) in both.
    let f = srv.post(&format!("/api/fac/{fac}/forecast"), "{}").json();
    let fc = &f["forecast"];
    assert!(
        fc["label"]
            .as_str()
            .unwrap()
            .contains("engine deciding for every party, the teams' parties included"),
        "{fc}"
    );
    assert!(
        fc["as_written"]
            .as_str()
            .unwrap()
            .contains("4000 fresh runs")
    );
    assert!(fc["from_here"].as_str().unwrap().contains("from round 2"));
    let rows = fc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7, "five outcomes, any deal, this round");
    let walkout = rows.iter().find(|r| r["label"] == "walkout").unwrap();
    // As written the engine walks the teams' parties out too: Kursk's walkouts are a large
    // share of the runs (19% as measured), as in `truce run`, not 0%.
    let written = walkout["as_written"]["share"].as_f64().unwrap();
    assert!((0.05..0.5).contains(&written), "{walkout}");
    assert!(rows[6]["as_written"].is_null(), "{}", rows[6]);
    // Every page says from the start that the engine keeps or ends a signed pause for every
    // party, the teams' included (as `truce play` does).
    let rule = srv.json(&format!("/api/team/{ru}"))["pause_rule"].clone();
    assert!(
        rule.as_str()
            .unwrap()
            .contains("decides for every party, Russia, Ukraine included"),
        "{rule}"
    );
    // No team sees the forecast: it is the facilitator's.
    assert!(
        srv.json(&format!("/api/team/{ru}"))
            .get("forecast")
            .is_none()
    );
    let ev = s.events[0].id.clone();
    let r = srv.post_json(&format!("/api/fac/{fac}/inject"), &json!({ "event": ev }));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["events"][0]["queued"], true);
    let end = srv.post(&format!("/api/fac/{fac}/end"), "{}").json();
    assert_eq!(end["over"], true);
    assert_eq!(end["aar_ready"], true);
    let aar = srv.get(&format!("/api/fac/{fac}/aar.html"));
    assert_eq!(aar.status, 200);
    assert!(aar.text().contains("Transcript"));
    let log = srv.json(&format!("/api/fac/{fac}/log.json"));
    assert!(log["actions"].as_array().unwrap().len() >= 5);
    assert_eq!(srv.get(&format!("/api/team/{ua}")).json()["over"], true);
    assert_eq!(
        srv.post_json(&format!("/api/team/{ua}/move"), &json!({"move": "accept"}))
            .status,
        409
    );
}

#[test]
fn a_saved_exercise_survives_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let (fac, ru, ua);
    {
        let srv = start(tmp.path());
        let e = exercise(&srv, true);
        (fac, ru, ua) = (e.0, e.1, e.2);
        for t in [&ru, &ua] {
            let r = srv.post_json(&format!("/api/team/{t}/move"), &json!({ "move": "reject" }));
            assert_eq!(r.status, 200);
        }
        assert_eq!(srv.post(&format!("/api/fac/{fac}/close"), "{}").status, 200);
        let r = srv.post_json(
            &format!("/api/team/{ru}/move"),
            &json!({ "move": "accept" }),
        );
        assert_eq!(r.status, 200);
    }
    let srv = start(tmp.path());
    assert!(
        srv.banner.iter().any(|l| l.contains("restored exercise")),
        "{:?}",
        srv.banner
    );
    let v = srv.json(&format!("/api/team/{ru}"));
    assert_eq!(v["round"], 2);
    assert_eq!(v["me"]["answer"], "accept");
    assert_eq!(
        srv.json(&format!("/api/fac/{fac}"))["transcript"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = srv.post_json(
        &format!("/api/team/{ua}/move"),
        &json!({ "move": "accept" }),
    );
    assert_eq!(r.status, 200);
}

/// 30 team pages polling at once while a slider moves 50 times: every response arrives, the
/// memory stays flat. Prints the latencies (run with `--nocapture` to see them).
#[test]
fn load_thirty_pages_polling_and_fifty_slider_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = start(tmp.path());
    // Fifteen exercises of two teams: 30 team pages.
    let mut tokens = Vec::new();
    for _ in 0..15 {
        let (_, ru, ua, _) = exercise(&srv, false);
        tokens.push(ru);
        tokens.push(ua);
    }
    // Warm up, then measure the memory.
    srv.json(&format!("/api/scenarios/{KURSK}/run?runs=4000"));
    let rss_before = srv.rss_kb();
    let addr = srv.addr;
    let deadline = Instant::now() + Duration::from_secs(180);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Each page polls every 250 ms (four times a browser's pace) until the slider is done.
    let pollers: Vec<_> = tokens
        .into_iter()
        .map(|t| {
            let done = done.clone();
            std::thread::spawn(move || {
                let mut times = Vec::new();
                let mut k = 0;
                while !done.load(std::sync::atomic::Ordering::SeqCst)
                    && k < 2000
                    && Instant::now() < deadline
                {
                    let t0 = Instant::now();
                    let r = super::web::request(addr, "GET", &format!("/api/team/{t}"), None);
                    assert_eq!(r.status, 200);
                    times.push(t0.elapsed().as_secs_f64());
                    if k % 5 == 0 {
                        let body = if k % 10 == 0 {
                            r#"{"move":"accept"}"#
                        } else {
                            r#"{"move":"reject"}"#
                        };
                        let r = super::web::request(
                            addr,
                            "POST",
                            &format!("/api/team/{t}/move"),
                            Some(body.as_bytes()),
                        );
                        assert_eq!(r.status, 200, "{}", r.text());
                    }
                    k += 1;
                    std::thread::sleep(Duration::from_millis(250));
                }
                times
            })
        })
        .collect();
    let mut slider = Vec::new();
    for k in 0..50 {
        let c = 0.15 + 0.2 * f64::from(k) / 49.0;
        let t0 = Instant::now();
        let r = srv.get(&format!(
            "/api/scenarios/{KURSK}/run?runs=4000&set=parties.russia.reservation:{c}:1"
        ));
        assert_eq!(r.status, 200, "{}", r.text());
        slider.push(t0.elapsed().as_secs_f64());
        assert!(Instant::now() < deadline, "the load test ran out of time");
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut polls: Vec<f64> = Vec::new();
    for p in pollers {
        let times = p.join().expect("a poller failed");
        assert!(!times.is_empty());
        polls.extend(times);
    }
    let rss_after = srv.rss_kb();
    let q = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(|a, b| a.total_cmp(b));
        1000.0 * v[((v.len() - 1) as f64 * p).round() as usize]
    };
    let (mut a, mut b) = (polls.clone(), slider.clone());
    eprintln!(
        "load: {} polls from 30 pages: median {:.1} ms, p95 {:.1} ms, max {:.1} ms; 50 slider moves (4,000 Kursk runs each): median {:.1} ms, p95 {:.1} ms, max {:.1} ms; RSS {} kB -> {} kB",
        polls.len(),
        q(&mut a, 0.5),
        q(&mut a, 0.95),
        q(&mut a, 1.0),
        q(&mut b, 0.5),
        q(&mut b, 0.95),
        q(&mut b, 1.0),
        rss_before,
        rss_after
    );
    assert!(
        rss_after < rss_before + 64 * 1024,
        "memory grew from {rss_before} kB to {rss_after} kB"
    );
}

#[test]
fn the_network_needs_an_explicit_bind_and_gets_a_warning_and_bad_input_exits_2() {
    // A bad address, a missing file, an invalid scenario: exit 2 before serving anything.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = 3\n").unwrap();
    for args in [
        vec!["serve", "--bind", "nowhere", "--port", "0"],
        vec!["serve", "no-such-file.toml", "--port", "0"],
        vec!["serve", bad.to_str().unwrap(), "--port", "0"],
    ] {
        let out = assert_cmd::Command::cargo_bin("truce")
            .unwrap()
            .args(&args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = assert_cmd::Command::cargo_bin("truce")
        .unwrap()
        .args(["serve", bad.to_str().unwrap(), "--port", "0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:2:"), "FILE:LINE:COL: {err}");

    // --bind 0.0.0.0 serves the network, with a warning on stderr; the test talks to it on
    // the loopback only.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("truce"))
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--out"])
        .arg(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut out, &mut first).unwrap();
    let mut warning = String::new();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    std::io::BufRead::read_line(&mut err, &mut warning).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.contains("http://127.0.0.1:"), "{first}");
    assert!(
        warning.starts_with("warning:") && warning.contains("anyone on this network"),
        "{warning}"
    );
}
