//! `report.html` of a real run, opened in headless Chromium: the page must load, every chart's
//! `<svg>` must be in the DOM, and the screenshot must show a page (not a blank one).
//!
//! It needs Chromium (`apt-get install chromium`), so it is `#[ignore]`d: plain `cargo test`
//! reports it as *ignored* in its summary line (a skip you can see), and
//! `cargo test -p truce-report --test report -- --ignored` runs it, failing if no Chromium is
//! found. `.ci/run` installs Chromium and runs it that way, so CI always runs it. Chromium is
//! looked for as `TRUCE_CHROMIUM` (a path), else `chromium`, `chromium-browser`,
//! `google-chrome` or `google-chrome-stable` on `PATH`. Set `TRUCE_REPORT_OUT=DIR` to keep the
//! page and the screenshot in `DIR`.

use std::path::{Path, PathBuf};
use std::process::Command;

use truce_report::charts::{self, Format};

/// Names Chromium goes by on `PATH` (Debian, Ubuntu, Google's builds).
const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The first of `names` that is a file in one of the `path` folders.
fn on_path(path: &std::ffi::OsStr, names: &[&str]) -> Option<PathBuf> {
    std::env::split_paths(path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Chromium: `TRUCE_CHROMIUM`, else the first of [`NAMES`] on `PATH`. The test only runs when
/// asked for (`--ignored`), so a missing browser is a failure that says how to get one.
fn chromium() -> String {
    if let Ok(path) = std::env::var("TRUCE_CHROMIUM") {
        assert!(
            Path::new(&path).is_file(),
            "TRUCE_CHROMIUM={path} is not a file"
        );
        return path;
    }
    let found = std::env::var_os("PATH").and_then(|p| on_path(&p, &NAMES));
    match found {
        Some(p) => p.display().to_string(),
        None => panic!(
            "report_browser: no Chromium ({}) on PATH. Install it (Debian/Ubuntu: \
             `apt-get install chromium`) or set TRUCE_CHROMIUM=/path/to/chromium.",
            NAMES.join(", ")
        ),
    }
}

#[test]
fn chromium_is_found_under_any_of_its_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    std::fs::write(bin.join("chromium-browser"), "").expect("fake browser");
    let path = std::env::join_paths([dir.path().join("nothing"), bin.clone()]).expect("PATH");
    assert_eq!(on_path(&path, &NAMES), Some(bin.join("chromium-browser")));
    assert_eq!(on_path(&path, &["chromium"]), None);
}

/// The flags of the charts issue: no network, no first-run UI, a throwaway profile.
fn headless(browser: &str, profile: &Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Width, height and the share of pixels that are not near-white in a PNG.
fn inspect_png(bytes: &[u8]) -> (u32, u32, f64) {
    let img = image::load_from_memory(bytes).expect("the screenshot is a PNG");
    let rgb = img.to_rgb8();
    let (w, h) = rgb.dimensions();
    let inked = rgb
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 200))
        .count();
    (w, h, inked as f64 / (w as f64 * h as f64).max(1.0))
}

#[test]
#[ignore = "needs Chromium; run with `cargo test -p truce-report --test report -- --ignored` (.ci/run does)"]
fn report_renders_in_chromium() {
    let browser = chromium();
    let browser = browser.as_str();
    let summary = crate::summary_of("kursk-ceasefire-2025.toml", 2000);
    let charts = charts::render_all(&summary, &[Format::Svg, Format::Png]).expect("charts render");
    let page = truce_report::report::html(&summary, &charts);

    let tmp = tempfile::tempdir().expect("temp dir");
    let dir: PathBuf = match std::env::var_os("TRUCE_REPORT_OUT") {
        Some(d) => PathBuf::from(d),
        None => tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&dir).expect("output dir");
    let html = dir.join("report.html");
    std::fs::write(&html, &page).expect("write report.html");
    let html = html.canonicalize().expect("absolute path");

    // 1. The DOM: every chart's figure holds its <svg>, and the page ends whole.
    let profile = tempfile::tempdir().expect("profile dir");
    let out = headless(browser, profile.path())
        .arg("--dump-dom")
        .arg(url(&html))
        .output()
        .expect("run chromium --dump-dom");
    assert!(
        out.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("</html>"), "DOM dump is cut short");
    assert!(dom.contains("Kursk ceasefire, March 2025"));
    for name in charts.iter().map(|c| c.name) {
        let at = dom
            .find(&format!("id=\"{name}\""))
            .unwrap_or_else(|| panic!("figure {name} missing from the DOM"));
        let rest = &dom[at..];
        let end = rest.find("</figure>").unwrap_or(rest.len());
        let figure = &rest[..end];
        assert!(
            figure.contains("<svg"),
            "figure {name} has no <svg> in the DOM"
        );
        assert!(
            figure.contains("<text"),
            "chart {name} has no text in the DOM"
        );
    }
    assert!(
        !dom.contains("could not be drawn"),
        "a chart failed to draw"
    );

    // 2. The screenshot: present, the asked size, and not blank.
    let shot = dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let profile = tempfile::tempdir().expect("profile dir");
    let out = headless(browser, profile.path())
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,4000")
        .arg(url(&html))
        .output()
        .expect("run chromium --screenshot");
    assert!(
        out.status.success(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&shot).expect("the screenshot was written");
    let (w, h, inked) = inspect_png(&bytes);
    assert!(w >= 1000 && h >= 3000, "screenshot is {w}x{h}");
    // Text, tables and charts cover a few percent of a page; a blank or error page far less.
    assert!(
        inked > 0.02,
        "the screenshot looks blank ({:.2}% inked)",
        inked * 100.0
    );
    println!(
        "report_browser: {} ({} bytes), screenshot {w}x{h}, {:.1}% inked",
        html.display(),
        page.len(),
        inked * 100.0
    );
}
