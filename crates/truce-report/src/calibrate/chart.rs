//! The chart of the largest shifts: for the most moved numbers, the spread as written (grey
//! bar from P10 to P90, mean marked) above the spread reweighted to meet the targets (blue),
//! on a common scale: standard deviations from the mean as written.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::theme::{GREY, OI_BLUE, mesh};
use crate::sweep::chart::{
    Drawing, INK, MUTED, PlotResult, SMALL, anchored, fit, font, frame, render_png, render_svg,
    thousands,
};
use truce_core::calibrate::Calibration;
use truce_core::calibrate::refit::number as short;

/// Numbers on the chart (all of them are in `calibration.csv`).
pub const MAX_ROWS: usize = 10;
/// File stem.
pub const FILE_STEM: &str = "calibration-shifts";

/// Caption for a page or a reader.
pub fn caption() -> &'static str {
    "For the numbers that moved most: the grey bar spans the 10th to 90th percentile as \
     written, the blue bar the same percentiles once the runs are reweighted to meet the \
     targets; the white tick is the mean. The scale is each number's own standard deviation \
     as written, so numbers in different units share one axis; the values are printed beside."
}

/// The chart as SVG.
pub fn svg(c: &Calibration) -> Result<String, String> {
    render_svg(&Shifts(c))
}

/// The chart as PNG.
pub fn png(c: &Calibration) -> Result<Vec<u8>, String> {
    render_png(&Shifts(c))
}

struct Shifts<'a>(&'a Calibration);

impl Drawing for Shifts<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult<(), DB> {
        draw(root, self.0)
    }
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Calibration) -> PlotResult<(), DB> {
    let targets: Vec<String> = c.targets.iter().map(|t| t.describe()).collect();
    let title = format!("What must be believed for {}", targets.join(", "));
    let subtitle = format!(
        "{}  ·  {} runs reweighted  ·  effective sample size {:.0}%",
        c.scenario,
        thousands(c.runs),
        100.0 * c.tilt.effective_fraction
    );
    let body = frame(root, &title, &subtitle)?;
    let rows: Vec<_> = c
        .numbers
        .iter()
        .filter(|n| n.written.sd > 0.0)
        .take(MAX_ROWS)
        .collect();
    let n = rows.len().max(1);
    let (_, h) = body.dim_in_pixel();
    let (body, footer) = body.split_vertically(h.saturating_sub(60));
    let z = |v: f64, r: &truce_core::calibrate::Number| (v - r.written.mean) / r.written.sd;
    let extent = rows
        .iter()
        .flat_map(|r| {
            [
                z(r.written.p10, r),
                z(r.written.p90, r),
                z(r.calibrated.p10, r),
                z(r.calibrated.p90, r),
            ]
        })
        .fold(2.0f64, |m, v| m.max(v.abs()));
    let x = (extent * 1.1).ceil();
    let label_w = 600u32;
    let mut chart = ChartBuilder::on(&body)
        .margin_left(10)
        .margin_right(330)
        .margin_top(10)
        .x_label_area_size(90)
        .y_label_area_size(label_w)
        .build_cartesian_2d(-x..x, -0.5..n as f64 - 0.5)?;
    mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(9)
        .x_desc("standard deviations from the mean as written")
        .x_label_formatter(&|v| {
            if v.abs() < 1e-9 {
                "0".into()
            } else {
                format!("{v:+.0}")
            }
        })
        .draw()?;
    let row = |k: usize| (n - 1 - k) as f64;
    for (k, r) in rows.iter().enumerate() {
        let y = row(k);
        for (s, color, dy) in [(&r.written, GREY, 0.2), (&r.calibrated, OI_BLUE, -0.2)] {
            let (a, b) = (z(s.p10, r), z(s.p90, r));
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y + dy - 0.15), (b.max(a + 1e-3), y + dy + 0.15)],
                color.filled(),
            )))?;
            let m = z(s.mean, r);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(m, y + dy - 0.15), (m, y + dy + 0.15)],
                WHITE.stroke_width(5),
            )))?;
        }
    }
    let plot = chart.plotting_area().clone();
    let base = body.get_base_pixel();
    let name_style = anchored(font(SMALL, INK), HPos::Right, VPos::Bottom);
    let sub_style = anchored(font(22.0, MUTED), HPos::Right, VPos::Top);
    let value_style = anchored(font(22.0, INK), HPos::Left, VPos::Center);
    let (_, right) = plot.get_pixel_range();
    let _ = right;
    let right_x = plot.get_pixel_range().0.end - base.0 + 14;
    for (k, r) in rows.iter().enumerate() {
        let (_, py) = plot.map_coordinate(&(0.0, row(k)));
        let py = py - base.1;
        let xl = label_w as i32 - 10;
        let name = fit(&body, &r.label, &name_style, label_w - 30);
        body.draw(&Text::new(name, (xl, py + 2), name_style.clone()))?;
        body.draw(&Text::new(
            format!(
                "{:+.2} sd{}",
                r.shift,
                if r.moved { "" } else { " (noise)" }
            ),
            (xl, py + 4),
            sub_style.clone(),
        ))?;
        let (_, y_top) = plot.map_coordinate(&(0.0, row(k) + 0.2));
        let (_, y_bot) = plot.map_coordinate(&(0.0, row(k) - 0.2));
        body.draw(&Text::new(
            format!("mean {}", short(r.written.mean)),
            (right_x, y_top - base.1),
            value_style.clone(),
        ))?;
        body.draw(&Text::new(
            format!("→ {}", short(r.calibrated.mean)),
            (right_x, y_bot - base.1),
            anchored(font(22.0, OI_BLUE), HPos::Left, VPos::Center),
        ))?;
    }
    // Legend.
    let label = anchored(font(SMALL, INK), HPos::Left, VPos::Center);
    let mut lx = 40;
    for (text, color) in [
        ("as written: 10th to 90th percentile", GREY),
        ("reweighted to meet the targets", OI_BLUE),
    ] {
        footer.draw(&Rectangle::new([(lx, 16), (lx + 36, 44)], color.filled()))?;
        footer.draw(&Text::new(text, (lx + 48, 30), label.clone()))?;
        let tw = footer
            .estimate_text_size(text, &label)
            .map_or(400, |(w, _)| w as i32);
        lx += 48 + tw + 60;
    }
    footer.draw(&Text::new("white tick: mean", (lx, 30), label))?;
    Ok(())
}
