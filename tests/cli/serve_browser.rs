//! `truce serve` in a real browser: headless Chromium driven through WebDriver (Debian's
//! `chromium` and `chromium-driver`; `.ci/run` installs them). It loads the explore page,
//! moves a control with the keyboard and sees the chart change, then plays a two-team
//! exercise to its after-action report, taking screenshots of the pages on the way.
//!
//! It needs the browser and its driver, so it is `#[ignore]`d like the report's browser test:
//! plain `cargo test` reports it as *ignored* (a skip you can see), and
//! `cargo test --test cli serve_browser -- --ignored` runs it, failing if either is missing.
//! `.ci/run` installs both and runs it that way. They are looked for as `TRUCE_CHROMIUM` and
//! `TRUCE_CHROMEDRIVER` (paths), else `chromium` (or `chromium-browser`, `google-chrome`,
//! `google-chrome-stable`) and `chromedriver` on `PATH`. `TRUCE_SERVE_SHOTS=DIR` keeps the
//! screenshots in DIR.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::web::{Server, request};

/// A tool: the path in `var`, else the first of `names` on `PATH`; a missing one fails the
/// test with how to get it (the test only runs when asked for, with `--ignored`).
fn tool(var: &str, names: &[&str]) -> String {
    if let Some(path) = std::env::var_os(var) {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "{var}={} is not a file", path.display());
        return path.display().to_string();
    }
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
                .find(|p| p.is_file())
        })
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| {
            panic!(
                "serve_browser: no {} on PATH. Install it (Debian/Ubuntu: `apt-get install \
                 chromium chromium-driver`) or set {var}.",
                names.join(" or ")
            )
        })
}

fn chromium() -> String {
    tool(
        "TRUCE_CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    )
}

fn chromedriver() -> String {
    tool("TRUCE_CHROMEDRIVER", &["chromedriver"])
}

/// A chromedriver process and one browser session; both end when dropped.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let t0 = Instant::now();
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--window-size=1400,1100",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let r = request(addr, "POST", "/session", Some(caps.to_string().as_bytes()));
        let v = r.json();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Browser {
            driver,
            addr,
            session,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("/session/{}{path}", self.session);
        let body = body.map(|b| b.to_string());
        let r = request(self.addr, method, &url, body.as_deref().map(str::as_bytes));
        let v = r.json();
        assert_eq!(r.status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn keys(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Wait (at most 60 s) until `script` returns true.
    fn wait(&self, what: &str, script: &str) {
        let t0 = Instant::now();
        while self.js(script) != Value::Bool(true) {
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn screenshot(&self, path: &Path) -> Vec<u8> {
        let v = self.cmd("GET", "/screenshot", None);
        let png = base64(v.as_str().expect("base64 PNG"));
        std::fs::write(path, &png).unwrap();
        png
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = s.bytes().filter_map(val).collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |acc, &d| (acc << 6) | u32::from(d)) << (6 * (4 - c.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes[..c.len().saturating_sub(1)].to_vec()
        })
        .collect()
}

fn shots() -> PathBuf {
    match std::env::var_os("TRUCE_SERVE_SHOTS") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            PathBuf::from(d)
        }
        None => std::env::temp_dir(),
    }
}

/// A PNG's width and height.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
#[ignore = "needs Chromium and chromedriver: cargo test --test cli serve_browser -- --ignored"]
fn explore_and_a_two_team_exercise_in_headless_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let srv = Server::start(&[], tmp.path());
    let base = format!("http://{}", srv.addr);
    let dir = shots();
    let b = Browser::start();

    // Explore: the page draws the charts, a control moved with the keyboard redraws them.
    b.go(&format!("{base}/explore/kursk-ceasefire-2025?runs=2000"));
    b.wait(
        "the first run",
        "return Number(document.body.getAttribute('data-runs-done')||0) >= 1",
    );
    let shares = "return [...document.querySelectorAll('#outcome-chart rect')].map(r => r.getAttribute('data-share')).join(',')";
    let before = b.js(shares);
    let png = b.screenshot(&dir.join("serve-explore.png"));
    assert!(png_size(&png).0 >= 1000);
    let slider = ".control[data-path='parties.russia.reservation'] input[type=range]";
    b.keys(slider, &"\u{E014}".repeat(40)); // the right arrow key, 40 times
    b.wait(
        "the chart to change",
        &format!("const s = (()=>{{ {shares} }})(); return s !== {before} && document.querySelector(\".control[data-path='parties.russia.reservation']\").classList.contains('changed')"),
    );
    b.wait(
        "no request in flight",
        "return Number(document.body.getAttribute('data-runs-done')) >= 2",
    );
    assert!(
        b.js("return location.search")
            .as_str()
            .unwrap()
            .contains("parties.russia.reservation"),
        "the URL holds the state"
    );
    assert!(
        b.js("return document.querySelector('.control.changed .written').textContent")
            .as_str()
            .unwrap()
            .contains("as written")
    );
    b.click("#tell");
    b.wait("the story", "return !document.getElementById('story').hidden && document.getElementById('story').textContent.includes('Round 1')");
    b.screenshot(&dir.join("serve-explore-moved.png"));

    // An exercise of two teams, started from the home page's form.
    b.go(&format!("{base}/"));
    b.wait(
        "the form",
        "return document.querySelectorAll('input[name=party]').length > 0",
    );
    b.js("const s = document.getElementById('scenario'); s.value = 'classroom-two-party'; s.dispatchEvent(new Event('change')); return true");
    b.click("#startbtn");
    b.wait("the console", "return location.pathname.startsWith('/f/') && document.querySelectorAll('#teams tr').length === 3");
    let fac_url = b.js("return location.href").as_str().unwrap().to_string();
    let links: Vec<String> = b
        .js("return [...document.querySelectorAll('#teams a')].map(a => a.href)")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(links.len(), 2);
    b.screenshot(&dir.join("serve-facilitator.png"));
    for (k, link) in links.iter().enumerate() {
        b.go(link);
        b.wait("the team page", "return document.body.getAttribute('data-round') === '1' && document.getElementById('card').textContent.length > 50");
        let card = b
            .js("return document.getElementById('card').textContent")
            .as_str()
            .unwrap()
            .to_string();
        let me = b
            .js("return document.getElementById('who').textContent")
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            card.contains(me.trim_start_matches("Team ")),
            "{me}: {card}"
        );
        if k == 0 {
            b.screenshot(&dir.join("serve-team.png"));
        }
        b.click("#accept");
        b.wait(
            "the answer",
            "return document.getElementById('answer').textContent.includes('accept')",
        );
    }
    b.go(&fac_url);
    b.wait(
        "every team answered",
        "return !document.getElementById('close').disabled",
    );
    // The forecast, as `truce play`'s: two columns, every outcome in both.
    b.click("#forecast");
    b.wait(
        "the forecast",
        "const t = document.getElementById('forecasttable'); return t !== null && t.querySelectorAll('tr').length === 8",
    );
    let heads = b.js("return [...document.querySelectorAll('#forecasttable th')].map(h => h.textContent).join('|')");
    assert_eq!(heads, "|as written|from here");
    let cells = b.js("return document.querySelectorAll('#forecasttable td strong').length");
    assert_eq!(
        cells, 13,
        "6 rows in both columns, 'signed this round' from here only"
    );
    assert!(
        b.js("return document.getElementById('forecastbox').textContent")
            .as_str()
            .unwrap()
            .contains("engine deciding for every party")
    );
    b.screenshot(&dir.join("serve-forecast.png"));
    b.click("#close");
    b.wait(
        "the report",
        "return document.body.getAttribute('data-aar') === 'yes'",
    );
    b.screenshot(&dir.join("serve-report.png"));
    let href = b
        .js("return document.getElementById('aarlink').getAttribute('href')")
        .as_str()
        .unwrap()
        .to_string();
    let aar = request(srv.addr, "GET", &href, None);
    assert_eq!(aar.status, 200);
    assert!(aar.text().contains("after-action report") && aar.text().contains("Transcript"));
    if std::env::var_os("TRUCE_SERVE_SHOTS").is_some() {
        std::fs::write(dir.join("serve-aar.html"), aar.text()).unwrap();
    }
    b.go(&links[0]);
    b.wait("the end on a team page", "return document.body.getAttribute('data-over') === 'yes' && !document.getElementById('ended').hidden");
    b.screenshot(&dir.join("serve-team-end.png"));
}
