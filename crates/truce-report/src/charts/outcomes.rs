//! Chart 1: how the runs ended, with the 95% interval of each share.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::Summary;

pub const TITLE: &str = "How the talks ended";

pub fn caption(s: &Summary) -> String {
    format!(
        "Each bar is the share of the {} runs that ended that way and its whisker the 95% \
         interval of that share; the three bars on the right are runs in which a pause was signed.",
        thousands(s.runs)
    )
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let (legend, plot) = area.split_vertically(70);
    legend_entry(
        &legend,
        (MARGIN + 150, 10),
        "bar: share of runs;  whisker and small figures: its 95% interval (Wilson score)",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            let st = INK.stroke_width(3);
            a.draw(&PathElement::new(
                vec![(x + 18, y + 2), (x + 18, y + 34)],
                st,
            ))?;
            a.draw(&PathElement::new(vec![(x + 8, y + 2), (x + 28, y + 2)], st))?;
            a.draw(&PathElement::new(
                vec![(x + 8, y + 34), (x + 28, y + 34)],
                st,
            ))
        },
    )?;

    let n = s.outcomes.len().max(1);
    let top = s
        .outcomes
        .iter()
        .map(|o| o.high.max(o.share))
        .fold(0.0_f64, f64::max);
    // Room above the tallest whisker for its value label; a round number of percent.
    // (Steps of 20 above 50%, so that the top of the axis carries a tick label.)
    let step = if top * 100.0 * 1.25 > 50.0 {
        20.0
    } else {
        10.0
    };
    let y_max = ((top * 100.0 * 1.25 / step).ceil() * step).clamp(10.0, 100.0);

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 20)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(170)
        .y_label_area_size(130)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0.0f64..y_max)?;
    mesh(&mut chart)
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .y_desc("Share of runs (%)")
        .draw()?;

    for (i, o) in s.outcomes.iter().enumerate() {
        let x = i as f64;
        let color = outcome_color(o.outcome);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.32, 0.0), (x + 0.32, o.share * 100.0)],
            color.filled(),
        )))?;
        // The whisker in ink over a white halo, so that it shows on the bar's top edge and on
        // a bar only a few pixels tall; its caps are always at least 12 px apart.
        let (lo, hi) = (o.low * 100.0, o.high * 100.0);
        let (_, py_lo) = chart.backend_coord(&(x, lo));
        let (_, py_hi) = chart.backend_coord(&(x, hi));
        let spread = (py_lo - py_hi).max(12);
        let mid = (py_lo + py_hi) / 2;
        let (top, bottom) = (mid - spread / 2 - py_hi, mid + spread / 2 - py_hi);
        for (stroke, width) in [(WHITE, 9u32), (INK, 3u32)] {
            let st = stroke.stroke_width(width);
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, hi))
                    + PathElement::new(vec![(0, top), (0, bottom)], st)
                    + PathElement::new(vec![(-16, top), (16, top)], st)
                    + PathElement::new(vec![(-16, bottom), (16, bottom)], st),
            ))?;
        }
        let value = anchored(bold(LABEL, INK), HPos::Center, VPos::Bottom);
        let interval = anchored(font(SMALL * 0.85, MUTED), HPos::Center, VPos::Bottom);
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, hi))
                + Text::new(percent(o.share), (0, top - 38), value)
                + Text::new(interval_text(o.low, o.high), (0, top - 8), interval),
        ))?;
        let name = anchored(bold(LABEL, INK), HPos::Center, VPos::Top);
        let count = anchored(font(SMALL, MUTED), HPos::Center, VPos::Top);
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, 0.0))
                + Text::new(outcome_label(o.outcome).to_string(), (0, 16), name)
                + Text::new(runs(o.count), (0, 58), count),
        ))?;
    }

    // Group the outcomes under what happened to the talks. Without [truce] a signed deal is
    // not played out: it holds.
    let signed = if s.scenario.truce.is_some() {
        "a pause was signed, then it…"
    } else {
        "a deal was signed (no pause is played out)"
    };
    let groups = [(0.0, 1.0, "no text signed"), (2.0, 4.0, signed)];
    let group_style = anchored(bold(SMALL, INK), HPos::Center, VPos::Top);
    for (a, b, label) in groups {
        if b as usize >= n {
            continue;
        }
        let y_px = 108;
        let line = INK.stroke_width(3);
        let (x0, x1) = (a - 0.38, b + 0.38);
        chart.draw_series([
            EmptyElement::at((x0, 0.0)) + PathElement::new(vec![(0, y_px), (0, y_px + 10)], line),
            EmptyElement::at((x1, 0.0)) + PathElement::new(vec![(0, y_px), (0, y_px + 10)], line),
        ])?;
        let (px0, _) = chart.backend_coord(&(x0, 0.0));
        let (px1, _) = chart.backend_coord(&(x1, 0.0));
        chart.draw_series(std::iter::once(
            EmptyElement::at((x0, 0.0))
                + PathElement::new(vec![(0, y_px + 10), (px1 - px0, y_px + 10)], line)
                + Text::new(
                    label.to_string(),
                    ((px1 - px0) / 2, y_px + 18),
                    group_style.clone(),
                ),
        ))?;
    }
    Ok(())
}

/// A 95% interval in percent for the small print: two decimals when its top is under 1%, so an
/// outcome no run had reads `0.00–0.04%`, not `<0.1%–<0.1%`.
fn interval_text(low: f64, high: f64) -> String {
    let d = if high < 0.01 { 2 } else { 1 };
    let pct = |x: f64| format!("{:.*}", d, (x * 100.0).max(0.0));
    format!("{}–{}%", pct(low), pct(high))
}

#[cfg(test)]
mod tests {
    use super::interval_text;

    #[test]
    fn intervals_read_at_any_size() {
        assert_eq!(interval_text(1e-18, 0.00038), "0.00–0.04%");
        assert_eq!(interval_text(0.035, 0.043), "3.5–4.3%");
    }
}
