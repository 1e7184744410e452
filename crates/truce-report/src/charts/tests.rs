//! Every chart on synthetic summaries: it renders, in both formats, at projector size, and
//! text from the scenario file cannot break out of the SVG.

use super::*;
use truce_core::stats::Aggregate;
use truce_core::summary::ScenarioDigest;
use truce_core::testing::{record, scenario};

/// A summary of `runs` pseudo-runs of the stats test scenario, with a `[truce]` (so that the
/// pause charts are drawn).
pub(crate) fn synthetic(runs: u64) -> Summary {
    let mut s = scenario();
    s.truce = Some(truce_core::model::Truce {
        duration_issue: 0,
        verification: None,
        rearm_issue: None,
        frontline_km: truce_core::model::Uncertain::fixed(100.0, 0.0, 1e6),
        violation_rate: truce_core::model::Uncertain::fixed(0.001, 0.0, 1.0),
        collapse_after: Some(1),
        renewable: false,
    });
    summary_of(&s, runs)
}

/// The same without `[truce]`: every deal holds, and the pause charts are left out.
pub(crate) fn synthetic_without_truce(runs: u64) -> Summary {
    summary_of(&scenario(), runs)
}

fn summary_of(s: &truce_core::model::Scenario, runs: u64) -> Summary {
    let s = s.clone();
    let digest = ScenarioDigest::new(&s, truce_core::engine::Analysis::compute(&s).as_ref());
    let mut agg = Aggregate::new(&s);
    for i in 0..runs {
        agg.add(&s, &record(&s, i));
    }
    Summary::from_aggregate(&digest, 7, &agg)
}

const HOSTILE: &str = "<script>alert(1)</script> & \"x\" 'y' \u{1}";

/// The synthetic summary with every scenario-supplied text made hostile.
pub(crate) fn hostile(runs: u64) -> Summary {
    let mut s = synthetic(runs);
    s.scenario.name = HOSTILE.into();
    s.scenario.description = HOSTILE.into();
    s.scenario.sources = vec![HOSTILE.into()];
    for p in &mut s.parties {
        p.name = format!("{HOSTILE} {}", p.name);
    }
    for i in &mut s.issues {
        i.label = HOSTILE.into();
        i.unit = "<u>".into();
        i.typical = Some(HOSTILE.into());
        for o in &mut i.option_counts {
            o.option = format!("<b>{}", o.option);
        }
    }
    for b in &mut s.blockers {
        b.description = HOSTILE.into();
    }
    s
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

fn check(summary: &Summary) -> Vec<Chart> {
    let charts = render_all(summary, &[Format::Svg, Format::Png]).expect("charts render");
    assert_eq!(charts.len() + left_out(summary).len(), names().len());
    let drawn: Vec<&str> = charts.iter().map(|c| c.name).collect();
    let mut in_order = names();
    in_order.retain(|n| drawn.contains(n));
    assert_eq!(drawn, in_order, "stable order");
    for c in &charts {
        let svg = c.svg.as_deref().expect("svg");
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{}",
            c.name
        );
        assert!(svg.contains("<text"), "{} has no text", c.name);
        let png = c.png.as_deref().expect("png");
        let (w, h) = png_size(png);
        assert!(w >= 1600 && h >= 1000, "{} is {w}x{h}", c.name);
        assert!(png.len() > 10_000, "{} PNG looks empty", c.name);
        assert!(!c.caption.is_empty() && !c.title.is_empty());
    }
    charts
}

#[test]
fn every_chart_renders() {
    check(&synthetic(3000));
}

#[test]
fn a_scenario_with_a_truce_gets_every_chart() {
    let charts = check(&synthetic(3000));
    assert_eq!(charts.len(), names().len());
    let ends = charts
        .iter()
        .find(|c| c.name == "09-pause-ends")
        .expect("drawn");
    assert!(
        ends.svg
            .as_deref()
            .unwrap_or_default()
            .contains("Held to the horizon")
    );
}

#[test]
fn without_a_truce_the_pause_charts_are_left_out() {
    let s = synthetic_without_truce(3000);
    let charts = check(&s);
    assert!(
        charts
            .iter()
            .all(|c| c.name != "03-survival" && c.name != "09-pause-ends")
    );
    assert_eq!(left_out(&s).len(), 2);
}

#[test]
fn charts_of_an_empty_job_explain_themselves() {
    let charts = check(&synthetic(0));
    let svg = charts[1].svg.as_deref().unwrap_or_default();
    assert!(svg.contains("No deal was signed"), "{svg}");
}

#[test]
fn hostile_names_are_escaped_in_svg() {
    let charts = check(&hostile(500));
    for c in &charts {
        let svg = c.svg.as_deref().unwrap_or_default();
        assert!(
            !svg.contains("<script"),
            "{} lets a script tag through",
            c.name
        );
        assert!(!svg.contains("<b>") && !svg.contains("<u>"), "{}", c.name);
        assert!(
            !svg.contains('\u{1}'),
            "{} keeps a control character",
            c.name
        );
        assert!(!svg.contains("& "), "{} has a bare ampersand", c.name);
    }
    assert!(
        charts[0]
            .svg
            .as_deref()
            .unwrap_or_default()
            .contains("&lt;script&gt;")
    );
}

#[test]
fn formats_parse() {
    assert_eq!(parse_formats("svg,png"), Ok(vec![Format::Svg, Format::Png]));
    assert_eq!(
        parse_formats("png, svg"),
        Ok(vec![Format::Png, Format::Svg])
    );
    assert_eq!(parse_formats("svg"), Ok(vec![Format::Svg]));
    assert_eq!(parse_formats("none"), Ok(vec![]));
    for bad in ["gif", "svg,", "", "svg,svg", "none,svg"] {
        let e = parse_formats(bad).expect_err(bad);
        assert!(e.contains("svg,png") && e.contains("none"), "{e}");
    }
}

#[test]
fn no_formats_no_charts() {
    assert!(render_all(&synthetic(10), &[]).unwrap().is_empty());
}

#[test]
fn only_the_asked_formats() {
    let charts = render_all(&synthetic(10), &[Format::Svg]).unwrap();
    assert!(charts.iter().all(|c| c.svg.is_some() && c.png.is_none()));
    assert!(svg_of(&synthetic(10), "01-outcomes").is_some_and(|r| r.is_ok()));
    assert!(svg_of(&synthetic(10), "99-nothing").is_none());
}
