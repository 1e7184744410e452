//! Chart 6: battlefield momentum (fan chart) and mean trust over the days of the run.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::{Summary, TimelinePoint};

pub const TITLE: &str = "Momentum and trust over time";

pub fn caption(_: &Summary) -> String {
    "Top: the line is the median battlefield momentum (who is gaining ground) across runs on \
     each day, the dark band \
     holds the middle 50% of runs and the light band 80%; bottom: the parties' mean trust, \
     averaged over runs."
        .to_string()
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let points = &s.timeline.points;
    if points.is_empty() || s.runs == 0 {
        return note(
            area,
            "No run was recorded, so there is no timeline to show.",
        );
    }
    let x_max = points
        .last()
        .map_or(1.0, |p| p.day as f64)
        .max(s.scenario.horizon_days as f64)
        .max(1.0);
    let (legend, body) = area.split_vertically(70);
    let mut x = MARGIN + 150;
    x = legend_entry(&legend, (x, 10), "median", line(OI_BLUE.stroke_width(5)))?;
    x = legend_entry(
        &legend,
        (x, 10),
        "middle 50% of runs",
        square(tint(OI_BLUE, 0.45)),
    )?;
    x = legend_entry(&legend, (x, 10), "middle 80%", square(tint(OI_BLUE, 0.18)))?;
    legend_entry(
        &legend,
        (x, 10),
        "mean trust",
        line(OI_GREEN.stroke_width(5)),
    )?;

    let (_, h) = body.dim_in_pixel();
    let (top, bottom) = body.split_vertically(h * 58 / 100);
    momentum_panel(&top, s, points, x_max)?;
    trust_panel(&bottom, s, points, x_max)
}

fn talks_end(s: &Summary) -> f64 {
    (s.scenario.max_rounds as f64 * s.scenario.days_per_round as f64)
        .min(s.scenario.horizon_days as f64)
}

fn momentum_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Summary,
    points: &[TimelinePoint],
    x_max: f64,
) -> PlotResult<(), DB> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 20)
        .margin_top(10)
        .margin_bottom(16)
        .x_label_area_size(50)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0f64..x_max, -1.0f64..1.0)?;
    mesh(&mut chart)
        .disable_x_mesh()
        .x_labels(10)
        .y_labels(5)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| signed(*v))
        .y_desc("Momentum (−1 to +1)")
        .draw()?;

    let band = |lo: fn(&TimelinePoint) -> f64, hi: fn(&TimelinePoint) -> f64| {
        let mut poly: Vec<(f64, f64)> = points.iter().map(|p| (p.day as f64, hi(p))).collect();
        poly.extend(points.iter().rev().map(|p| (p.day as f64, lo(p))));
        poly
    };
    chart.draw_series(std::iter::once(Polygon::new(
        band(|p| p.momentum.p10, |p| p.momentum.p90),
        tint(OI_BLUE, 0.18).filled(),
    )))?;
    chart.draw_series(std::iter::once(Polygon::new(
        band(|p| p.momentum.p25, |p| p.momentum.p75),
        tint(OI_BLUE, 0.45).filled(),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (x_max, 0.0)],
        INK.stroke_width(2),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        points
            .iter()
            .map(|p| (p.day as f64, p.momentum.p50))
            .collect::<Vec<_>>(),
        OI_BLUE.stroke_width(5),
    )))?;
    talks_marker(&chart, area, s, -1.0, 1.0)?;

    let style = anchored(bold(SMALL, INK), HPos::Left, VPos::Top);
    let (up, down) = match &s.timeline.sides {
        Some([a, b]) => (
            format!("↑ favours {}", party_name(s, a)),
            format!("↓ favours {}", party_name(s, b)),
        ),
        None => (
            "No battlefield in this scenario: momentum stays at 0".to_string(),
            String::new(),
        ),
    };
    let (w, _) = area.dim_in_pixel();
    let up = fit(area, &up, &style, w / 2);
    let down = fit(area, &down, &style, w / 2);
    // On a white box, so that the talks marker or a band never runs through the words.
    let base = area.get_base_pixel();
    for (text, at, dy) in [(up, 1.0, 8), (down, -1.0, -40)] {
        if text.is_empty() {
            continue;
        }
        let (x, y) = chart.backend_coord(&(0.0, at));
        let (x, y) = (x - base.0 + 14, y - base.1 + dy);
        let (tw, th) = area.estimate_text_size(&text, &style)?;
        area.draw(&Rectangle::new(
            [(x - 6, y - 4), (x + tw as i32 + 6, y + th as i32 + 8)],
            WHITE.filled(),
        ))?;
        area.draw(&Text::new(text, (x, y), style.clone()))?;
    }
    Ok(())
}

/// A dotted vertical line where the talks end at the latest, labelled.
fn talks_marker<DB: DrawingBackend>(
    chart: &ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    area: &DrawingArea<DB, Shift>,
    s: &Summary,
    y0: f64,
    y1: f64,
) -> PlotResult<(), DB> {
    let end = talks_end(s);
    if end <= 0.0 || end >= chart.x_range().end {
        return Ok(());
    }
    let base = area.get_base_pixel();
    let (x, top) = chart.backend_coord(&(end, y1));
    let (_, bottom) = chart.backend_coord(&(end, y0));
    dashed(
        area,
        (x - base.0, top - base.1),
        (x - base.0, bottom - base.1),
        MUTED.stroke_width(2),
        6,
    )?;
    Ok(())
}

fn trust_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Summary,
    points: &[TimelinePoint],
    x_max: f64,
) -> PlotResult<(), DB> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 20)
        .margin_top(6)
        .margin_bottom(10)
        .x_label_area_size(100)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0f64..x_max, 0.0f64..1.0)?;
    mesh(&mut chart)
        .disable_x_mesh()
        .x_labels(10)
        .y_labels(3)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .x_desc("Day since talks began")
        .y_desc("Mean trust")
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(
        points
            .iter()
            .map(|p| (p.day as f64, p.trust_mean.clamp(0.0, 1.0)))
            .collect::<Vec<_>>(),
        OI_GREEN.stroke_width(5),
    )))?;
    talks_marker(&chart, area, s, 0.0, 1.0)?;
    let end = talks_end(s);
    if end > 0.0 && end < x_max {
        chart.draw_series(std::iter::once(
            EmptyElement::at((end, 1.0))
                + Text::new(
                    "talks end (at the latest)".to_string(),
                    (10, 4),
                    anchored(font(SMALL, MUTED), HPos::Left, VPos::Top),
                ),
        ))?;
    }
    Ok(())
}

/// `+0.5`, `0`, `−0.5` (a true minus sign, as typeset).
fn signed(v: f64) -> String {
    if v.abs() < 1e-9 {
        "0".to_string()
    } else if v > 0.0 {
        format!("+{v:.1}")
    } else {
        format!("−{:.1}", -v)
    }
}
