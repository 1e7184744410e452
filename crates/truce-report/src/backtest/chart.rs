//! The backtest's charts: the reliability diagram, each case's Brier score against the two
//! baselines, and the PIT histogram of days kept. Drawn for a projector like every chart of
//! the program (the sweep's plumbing: canvas, fonts, header, PNG encoding).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::export::{PIT_BINS, pit_histogram, short_name};
use crate::charts::outcome_label;
use crate::charts::theme::{OI_BLUE, OI_ORANGE, dashed, mesh, percent};
use crate::sweep::chart::{
    Drawing, HEIGHT, INK, MUTED, PlotResult, SMALL, WIDTH, anchored, fit, font, frame, render_png,
    render_svg,
};
use truce_core::backtest::Backtest;

/// The three charts, by file stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `backtest-reliability`.
    Reliability,
    /// `backtest-brier`.
    Brier,
    /// `backtest-pit` (only with enough signed cases).
    Pit,
}

impl Kind {
    /// Every chart, in file order.
    pub const ALL: [Kind; 3] = [Kind::Reliability, Kind::Brier, Kind::Pit];

    /// File stem.
    pub fn stem(self) -> &'static str {
        match self {
            Kind::Reliability => "backtest-reliability",
            Kind::Brier => "backtest-brier",
            Kind::Pit => "backtest-pit",
        }
    }

    /// Title, as drawn.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Reliability => "Reliability: forecast probability against what happened",
            Kind::Brier => "Brier score per case: the model against two baselines",
            Kind::Pit => "Where the days really kept fell in the forecast (PIT)",
        }
    }

    /// How to read it, for the page.
    pub fn caption(self, b: &Backtest) -> String {
        let n = b.cases.len();
        match self {
            Kind::Reliability => format!(
                "Every case's five outcome shares ({} forecasts, pooled) in ten bins of forecast \
                 probability: each point is a bin's mean forecast against how often those \
                 outcomes happened, labelled with its number of forecasts. A calibrated \
                 forecaster's points lie on the dashed diagonal; with {n} cases most bins hold \
                 few forecasts, so read the points with their counts.",
                5 * n
            ),
            Kind::Brier => "Each case's multi-category Brier score (0 best, 2 worst): the bar \
                            is the model, the orange tick the library's base rates \
                            (leave-one-out), the dashed line the uniform forecast (0.8 for \
                            every case). A bar left of both beats both."
                .into(),
            Kind::Pit => format!(
                "For the {} cases where a pause was signed and its days are known: the share of \
                 the forecast's signed runs that kept it fewer days (mid-PIT). A calibrated \
                 forecast gives a flat histogram (the dashed line); a pile at the right means \
                 real pauses lasted longer than the model's, at the left shorter.",
                b.pit.len()
            ),
        }
    }
}

/// The chart as SVG.
pub fn svg(kind: Kind, b: &Backtest) -> Result<String, String> {
    render_svg(&Chart { kind, b })
}

/// The chart as PNG.
pub fn png(kind: Kind, b: &Backtest) -> Result<Vec<u8>, String> {
    render_png(&Chart { kind, b })
}

struct Chart<'a> {
    kind: Kind,
    b: &'a Backtest,
}

impl Drawing for Chart<'_> {
    fn size(&self) -> (u32, u32) {
        match self.kind {
            // Room for every case's row.
            Kind::Brier => (WIDTH, HEIGHT.max(330 + 46 * self.b.cases.len() as u32)),
            _ => (WIDTH, HEIGHT),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult<(), DB> {
        let n = self.b.cases.len();
        let subtitle = format!(
            "{n} historical case{} with [observed]  ·  each at its own runs and seed",
            if n == 1 { "" } else { "s" }
        );
        let body = frame(root, self.kind.title(), &subtitle)?;
        match self.kind {
            Kind::Reliability => reliability(&body, self.b),
            Kind::Brier => brier(&body, self.b),
            Kind::Pit => pit(&body, self.b),
        }
    }
}

fn reliability<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    b: &Backtest,
) -> PlotResult<(), DB> {
    let (w, _) = area.dim_in_pixel();
    // A square plot, centred.
    let side = 820u32;
    let pad = (w.saturating_sub(side + 200)) / 2;
    let (_, right) = area.split_horizontally(pad);
    let mut chart = ChartBuilder::on(&right)
        .margin(10)
        .margin_right(40)
        .x_label_area_size(100)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    mesh(&mut chart)
        .x_desc("forecast probability (mean of the bin)")
        .y_desc("how often it happened")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()?;
    let plot = chart.plotting_area().clone();
    let base = right.get_base_pixel();
    let (x0, y0) = plot.map_coordinate(&(0.0, 0.0));
    let (x1, y1) = plot.map_coordinate(&(1.0, 1.0));
    dashed(
        &right,
        (x0 - base.0, y0 - base.1),
        (x1 - base.0, y1 - base.1),
        MUTED.stroke_width(3),
        14,
    )?;
    let points: Vec<(f64, f64, u64)> = b
        .reliability
        .iter()
        .filter_map(|r| Some((r.mean_forecast?, r.observed_frequency?, r.count)))
        .collect();
    chart.draw_series(LineSeries::new(
        points.iter().map(|&(x, y, _)| (x, y)),
        OI_BLUE.stroke_width(4),
    ))?;
    for &(x, y, count) in &points {
        let r = 9 + ((count as f64).sqrt() * 2.0).min(20.0) as i32;
        chart.draw_series(std::iter::once(Circle::new((x, y), r, OI_BLUE.filled())))?;
        let (px, py) = plot.map_coordinate(&(x, y));
        // The count above the point (below it near the top); beside it near the left edge,
        // where above would cover the axis's labels.
        let (dx, dy, h, v) = if x < 0.08 {
            (r + 8, 0, HPos::Left, VPos::Center)
        } else if y > 0.9 {
            (0, r + 6, HPos::Center, VPos::Top)
        } else {
            (0, -(r + 6), HPos::Center, VPos::Bottom)
        };
        right.draw(&Text::new(
            format!("n={count}"),
            (px - base.0 + dx, py - base.1 + dy),
            anchored(font(SMALL, INK), h, v),
        ))?;
    }
    Ok(())
}

fn brier<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, b: &Backtest) -> PlotResult<(), DB> {
    let (_, h) = area.dim_in_pixel();
    let (body, footer) = area.split_vertically(h.saturating_sub(70));
    let n = b.cases.len().max(1);
    let label_w = 560u32;
    let top = b
        .cases
        .iter()
        .flat_map(|c| [c.model.brier, c.base_rate.brier, c.uniform.brier])
        .fold(0.8f64, f64::max);
    let x_max = ((top * 1.1) / 0.2).ceil() * 0.2;
    let mut chart = ChartBuilder::on(&body)
        .margin_left(10)
        .margin_right(50)
        .margin_top(10)
        .x_label_area_size(90)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0.0..x_max.min(2.0), -0.5..n as f64 - 0.5)?;
    mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(8)
        .x_desc("Brier score (0 best, 2 worst)")
        .x_label_formatter(&|v| format!("{v:.1}"))
        .draw()?;
    let row = |k: usize| (n - 1 - k) as f64;
    for (k, c) in b.cases.iter().enumerate() {
        let y = row(k);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.32), (c.model.brier.max(1e-4), y + 0.32)],
            OI_BLUE.filled(),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(c.base_rate.brier, y - 0.42), (c.base_rate.brier, y + 0.42)],
            OI_ORANGE.stroke_width(7),
        )))?;
    }
    let plot = chart.plotting_area();
    let base = body.get_base_pixel();
    let (ux, uy0) = plot.map_coordinate(&(0.8, -0.5));
    let (_, uy1) = plot.map_coordinate(&(0.8, n as f64 - 0.5));
    dashed(
        &body,
        (ux - base.0, uy0 - base.1),
        (ux - base.0, uy1 - base.1),
        INK.stroke_width(3),
        12,
    )?;
    let name_style = anchored(font(SMALL, INK), HPos::Right, VPos::Bottom);
    let sub_style = anchored(font(22.0, MUTED), HPos::Right, VPos::Top);
    for (k, c) in b.cases.iter().enumerate() {
        let (_, py) = plot.map_coordinate(&(0.0, row(k)));
        let py = py - base.1;
        let x = label_w as i32 - 10;
        let name = fit(&body, short_name(&c.label), &name_style, label_w - 30);
        body.draw(&Text::new(name, (x, py + 4), name_style.clone()))?;
        let what = format!(
            "{}: forecast {}",
            outcome_label(c.observed).to_lowercase(),
            percent(c.share_observed)
        );
        body.draw(&Text::new(what, (x, py + 6), sub_style.clone()))?;
    }
    // Legend.
    let label = anchored(font(SMALL, INK), HPos::Left, VPos::Center);
    let mut x = 40;
    let entries: [(&str, u8); 3] = [
        ("the model", 0),
        ("base rates of the other cases", 1),
        ("uniform, 1/5 each (0.8)", 2),
    ];
    for (text, kind) in entries {
        match kind {
            0 => footer.draw(&Rectangle::new([(x, 18), (x + 36, 50)], OI_BLUE.filled()))?,
            1 => footer.draw(&PathElement::new(
                vec![(x + 18, 12), (x + 18, 56)],
                OI_ORANGE.stroke_width(7),
            ))?,
            _ => dashed(&footer, (x + 18, 12), (x + 18, 56), INK.stroke_width(3), 8)?,
        }
        footer.draw(&Text::new(text, (x + 50, 34), label.clone()))?;
        let tw = footer
            .estimate_text_size(text, &label)
            .map_or(400, |(w, _)| w as i32);
        x += 50 + tw + 60;
    }
    Ok(())
}

fn pit<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, b: &Backtest) -> PlotResult<(), DB> {
    if !b.enough_for_pit() {
        return crate::charts::theme::note(
            area,
            &format!(
                "Only {} signed case(s) with days kept: too few for a histogram.",
                b.pit.len()
            ),
        );
    }
    let h = pit_histogram(&b.pit);
    let top = h.iter().copied().max().unwrap_or(1).max(1) as f64;
    let expected = b.pit.len() as f64 / PIT_BINS as f64;
    let y_max = (top.max(expected) + 1.0).ceil();
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_left(40)
        .margin_right(60)
        .x_label_area_size(100)
        .y_label_area_size(110)
        .build_cartesian_2d(0.0..1.0, 0.0..y_max)?;
    mesh(&mut chart)
        .disable_x_mesh()
        .x_labels(11)
        .y_labels((y_max as usize + 1).min(11))
        .x_desc("share of the forecast's signed runs that kept the pause fewer days (mid-PIT)")
        .y_desc("cases")
        .x_label_formatter(&|v| format!("{v:.1}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    let width = 1.0 / PIT_BINS as f64;
    for (k, &count) in h.iter().enumerate() {
        let x0 = k as f64 * width;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0 + 0.006, 0.0), (x0 + width - 0.006, count as f64)],
            OI_BLUE.filled(),
        )))?;
    }
    let plot = chart.plotting_area();
    let base = area.get_base_pixel();
    let (ax, ay) = plot.map_coordinate(&(0.0, expected));
    let (bx, by) = plot.map_coordinate(&(1.0, expected));
    dashed(
        area,
        (ax - base.0, ay - base.1),
        (bx - base.0, by - base.1),
        INK.stroke_width(3),
        12,
    )?;
    // The legend of the dashed line, in the free top band (bars stop a case below it).
    let (tx, ty) = plot.map_coordinate(&(1.0, y_max));
    let style = anchored(font(SMALL, INK), HPos::Right, VPos::Top);
    area.draw(&Text::new(
        format!("dashed: a flat histogram, {expected:.1} cases per bin"),
        (tx - base.0 - 12, ty - base.1 + 8),
        style,
    ))?;
    let _ = by;
    Ok(())
}
