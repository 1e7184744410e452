//! Charts of the bundled scenarios, drawn from real Monte Carlo summaries.
//!
//! Set `TRUCE_CHARTS_OUT=DIR` to also write every SVG and PNG under `DIR/<scenario>/` (to look
//! at them). The timing test is meaningful in a release build:
//! `cargo test --release -p truce-report --test report -- --nocapture render_time`.

use std::path::Path;
use std::time::Instant;

use truce_report::charts::{self, Format};

fn write_out(stem: &str, charts: &[charts::Chart]) {
    let Some(dir) = std::env::var_os("TRUCE_CHARTS_OUT") else {
        return;
    };
    let dir = Path::new(&dir).join(stem);
    std::fs::create_dir_all(&dir).expect("create the output folder");
    for c in charts {
        if let Some(svg) = &c.svg {
            std::fs::write(dir.join(format!("{}.svg", c.name)), svg).expect("write svg");
        }
        if let Some(png) = &c.png {
            std::fs::write(dir.join(format!("{}.png", c.name)), png).expect("write png");
        }
    }
}

#[test]
fn every_bundled_scenario_charts() {
    let dir = crate::repo("scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("scenarios folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let summary = crate::summary_of(&file, 2000);
        let charts = charts::render_all(&summary, &[Format::Svg, Format::Png])
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        // Every chart, less the pause charts of a scenario without [truce].
        assert_eq!(
            charts.len() + charts::left_out(&summary).len(),
            charts::names().len(),
            "{file}"
        );
        for c in &charts {
            assert!(c.svg.as_ref().is_some_and(|s| s.contains("<text")));
            assert!(c.png.as_ref().is_some_and(|p| p.len() > 10_000));
        }
        write_out(file.trim_end_matches(".toml"), &charts);
    }
}

/// Rendering every chart in both formats for a 10,000-run job: well under half a second in a
/// release build (the budget of the charts issue). Debug builds only report the time.
#[test]
fn render_time() {
    let summary = crate::summary_of("kursk-ceasefire-2025.toml", 10_000);
    // Warm up (font registration, first allocations), then time the best of three.
    let _ = charts::render_all(&summary, &[Format::Svg, Format::Png]);
    let best = (0..3)
        .map(|_| {
            let t = Instant::now();
            let charts = charts::render_all(&summary, &[Format::Svg, Format::Png]).expect("render");
            let report = truce_report::report::html(&summary, &charts);
            assert_eq!(charts.len(), charts::names().len());
            assert!(report.contains("<svg"), "the report inlines the charts");
            t.elapsed()
        })
        .min()
        .unwrap_or_default();
    println!(
        "render_all (svg + png, 8 charts) + report for 10,000 runs: {:.0} ms",
        best.as_secs_f64() * 1000.0
    );
    if !cfg!(debug_assertions) {
        assert!(best.as_secs_f64() < 0.5, "took {best:?}");
    }
}
