//! Chart 6: battlefield momentum (fan chart) and mean trust over the days of the run.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::{Quantiles, Summary, TimelinePoint};

pub const TITLE: &str = "Momentum and trust over time";

/// The title: without a battlefield the chart shows trust alone.
pub fn title(s: &Summary) -> &'static str {
    if s.timeline.sides.is_some() {
        TITLE
    } else {
        "Trust over time"
    }
}

/// Whose trust the record follows: the parties that must agree (their mean).
fn trusting(s: &Summary) -> String {
    let names: Vec<&str> = s
        .parties
        .iter()
        .filter(|p| p.must_agree)
        .map(|p| p.name.as_str())
        .collect();
    match names.as_slice() {
        [] => "the parties".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub fn caption(s: &Summary) -> String {
    let trust = format!(
        "the trust of {} (the mean of the parties that must agree, from 0: none to 1: full), \
         its median across runs on each day with the middle 50% and 80% of runs shaded; the \
         engine records only this mean, not each side's trust",
        trusting(s)
    );
    if s.timeline.sides.is_some() {
        format!(
            "Top: the line is the median battlefield momentum (who is gaining ground) across \
             runs on each day, the dark band holds the middle 50% of runs and the light band \
             80%; bottom: {trust}."
        )
    } else {
        format!("The scenario has no battlefield, so only trust is shown: {trust}.")
    }
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
    let battlefield = s.timeline.sides.is_some();
    let (legend, body) = area.split_vertically(70);
    let mut x = MARGIN + 150;
    if battlefield {
        x = legend_entry(
            &legend,
            (x, 10),
            "momentum: median",
            line(OI_BLUE.stroke_width(5)),
        )?;
    }
    x = legend_entry(
        &legend,
        (x, 10),
        "trust: median",
        line(OI_GREEN.stroke_width(5)),
    )?;
    // Band swatches: blue for momentum (when shown) beside green for trust.
    let bands = |alpha: f64| {
        move |a: &DrawingArea<DB, Shift>, (x, y): (i32, i32)| -> PlotResult<(), DB> {
            if battlefield {
                a.draw(&Rectangle::new(
                    [(x, y + 4), (x + 17, y + 32)],
                    tint(OI_BLUE, alpha).filled(),
                ))?;
            }
            let left = if battlefield { x + 19 } else { x + 4 };
            a.draw(&Rectangle::new(
                [(left, y + 4), (x + 36, y + 32)],
                tint(OI_GREEN, alpha).filled(),
            ))
        }
    };
    x = legend_entry(&legend, (x, 10), "middle 50% of runs", bands(0.45))?;
    legend_entry(&legend, (x, 10), "middle 80%", bands(0.18))?;

    if !battlefield {
        return trust_panel(&body, s, points, x_max);
    }
    let (_, h) = body.dim_in_pixel();
    let (top, bottom) = body.split_vertically(h * 55 / 100);
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
        .y_desc("Trust")
        .draw()?;
    let trust: Vec<(u32, Quantiles)> = points
        .iter()
        .filter_map(|p| p.trust.map(|q| (p.day, q)))
        .collect();
    if trust.len() == points.len() {
        let band = |lo: fn(&Quantiles) -> f64, hi: fn(&Quantiles) -> f64| {
            let mut poly: Vec<(f64, f64)> = trust.iter().map(|(d, q)| (*d as f64, hi(q))).collect();
            poly.extend(trust.iter().rev().map(|(d, q)| (*d as f64, lo(q))));
            poly
        };
        chart.draw_series(std::iter::once(Polygon::new(
            band(|q| q.p10, |q| q.p90),
            tint(OI_GREEN, 0.18).filled(),
        )))?;
        chart.draw_series(std::iter::once(Polygon::new(
            band(|q| q.p25, |q| q.p75),
            tint(OI_GREEN, 0.45).filled(),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            trust
                .iter()
                .map(|(d, q)| (*d as f64, q.p50))
                .collect::<Vec<_>>(),
            OI_GREEN.stroke_width(5),
        )))?;
    } else {
        // A summary from before the spread was recorded: the mean alone.
        chart.draw_series(std::iter::once(PathElement::new(
            points
                .iter()
                .map(|p| (p.day as f64, p.trust_mean.clamp(0.0, 1.0)))
                .collect::<Vec<_>>(),
            OI_GREEN.stroke_width(5),
        )))?;
    }
    // Whose trust: the owner, on a white box in the top right (the talks marker's label is
    // on the left, where the talks end).
    let style = anchored(bold(SMALL, INK), HPos::Left, VPos::Top);
    let (w, _) = area.dim_in_pixel();
    let owner = fit(
        area,
        &format!("trust of {} (mean)", trusting(s)),
        &style,
        w * 7 / 10,
    );
    let base = area.get_base_pixel();
    let (tw, th) = area.estimate_text_size(&owner, &style)?;
    let (x, y) = chart.backend_coord(&(x_max, 1.0));
    let (x, y) = (x - base.0 - 14 - tw as i32, y - base.1 + 6);
    area.draw(&Rectangle::new(
        [(x - 6, y - 4), (x + tw as i32 + 6, y + th as i32 + 8)],
        WHITE.filled(),
    ))?;
    area.draw(&Text::new(owner, (x, y), style))?;
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
