//! The sweep's chart: outcome shares against one swept number (lines with 95% bands), or one
//! outcome's share over the grid of two (a heatmap with a colour scale).
//!
//! Pure rendering (a [`Sweep`] in, SVG text or PNG bytes out), drawn for a projector like the
//! run charts: a 1600 x 1000 canvas, ~40 px title, ~26 px labels, the Okabe-Ito outcome colours
//! of [`crate::charts::outcome_color`], and viridis (perceptually uniform, colour-blind safe)
//! for the heatmap. The plumbing here (fonts, canvas, header, PNG encoding) is shared with the
//! tornado chart of [`crate::sensitivity::chart`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::typeset::Typeset;
use crate::charts::{FONT_STACK, outcome_color, outcome_label};
use truce_core::engine::Outcome;
use truce_core::sweep::{Axis, Sweep};

// One look for every chart of the program: sizes, fonts and inks come from the run charts.
pub use crate::charts::theme::{
    FAMILY, GRID, HEIGHT, INK, LABEL, MARGIN, MUTED, SMALL, TICK, TITLE, WIDTH,
};
/// Height of the header (title and subtitle), as `split_vertically` takes it.
pub const HEADER: u32 = crate::charts::theme::HEADER as u32;

/// Chart files a sweep may leave, removed when a new sweep writes the other kind: under
/// `charts/` like a run's charts, and at the folder's root where versions before 0.2 wrote them.
pub const ALL_FILES: [&str; 8] = [
    "charts/sweep-lines.svg",
    "charts/sweep-lines.png",
    "charts/sweep-heatmap.svg",
    "charts/sweep-heatmap.png",
    "sweep-lines.svg",
    "sweep-lines.png",
    "sweep-heatmap.svg",
    "sweep-heatmap.png",
];

/// What drawing on a backend returns.
pub type PlotResult<T, DB> =
    Result<T, plotters::drawing::DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Something drawn on a canvas of any plotters backend.
pub trait Drawing {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }
    /// Draw on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult<(), DB>;
}

/// The bundled font, registered once for every chart of the program.
pub fn register_fonts() -> Result<(), String> {
    crate::charts::theme::register_fonts()
}

/// The drawing as SVG text.
pub fn render_svg(d: &impl Drawing) -> Result<String, String> {
    register_fonts()?;
    let mut out = String::new();
    {
        // Text measured with the bundled font, as in the run charts.
        let root = Typeset::vector(SVGBackend::with_string(&mut out, d.size())).into_drawing_area();
        d.draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out.replace(
        &format!("font-family=\"{FAMILY}\""),
        &format!("font-family=\"{FONT_STACK}\""),
    ))
}

/// The drawing as PNG bytes.
pub fn render_png(d: &impl Drawing) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    register_fonts()?;
    let (w, h) = d.size();
    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        // Glyphs placed one by one at their advance (plotters' own raster text spaces letters
        // unevenly: "sensi tivi ty").
        let root =
            Typeset::raster(BitMapBackend::with_buffer(&mut rgb, (w, h))).into_drawing_area();
        d.draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(&rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(out)
}

pub use crate::charts::theme::{anchored, bold, font};

/// Text from a scenario file, safe to draw, shortened with an ellipsis to `max_px`.
pub fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_px: u32,
) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let width = |t: &str| area.estimate_text_size(t, style).map_or(0, |(w, _)| w);
    if width(&text) <= max_px {
        return text;
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if width(&candidate) <= max_px {
            return candidate;
        }
    }
    "…".into()
}

/// White canvas, bold title and grey subtitle; the area below.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> PlotResult<DrawingArea<DB, Shift>, DB> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let max = w.saturating_sub(2 * MARGIN as u32);
    // A long swept label gets a smaller title rather than an ellipsis, if that is enough;
    // else the smaller title goes on two lines.
    let mut t = anchored(bold(TITLE, INK), HPos::Left, VPos::Top);
    let too_wide = |t: &TextStyle| {
        root.estimate_text_size(title, t)
            .is_ok_and(|(tw, _)| tw > max)
    };
    if too_wide(&t) {
        t = anchored(bold(TITLE * 0.8, INK), HPos::Left, VPos::Top);
    }
    if too_wide(&t) {
        t = anchored(bold(TITLE * 0.62, INK), HPos::Left, VPos::Top);
        let lines = crate::charts::theme::wrap(root, title, &t, max);
        for (k, line) in lines.iter().take(2).enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (MARGIN, 18 + 34 * k as i32),
                t.clone(),
            ))?;
        }
    } else {
        root.draw(&Text::new(
            fit(root, title, &t, max),
            (MARGIN, 30),
            t.clone(),
        ))?;
    }
    let st = anchored(font(LABEL, MUTED), HPos::Left, VPos::Top);
    root.draw(&Text::new(
        fit(root, subtitle, &st, max),
        (MARGIN, 92),
        st.clone(),
    ))?;
    Ok(root.split_vertically(HEADER).1)
}

pub use crate::charts::thousands;

/// A value for an axis tick or a label: short, without float noise, and in plain decimals a
/// reader knows (`0.000073`, not `7.3e-5`): two significant digits below 0.01.
pub fn tick(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-2 {
        let digits = (-v.abs().log10().floor()) as usize + 1;
        let s = format!("{v:.digits$}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else if v.abs() >= 1e4 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The axis title: the label, and its unit unless the label already says it (`detection
/// probability with ...` needs no `(probability)`).
fn axis_title(axis: &Axis) -> String {
    let unit = axis.param.unit();
    if unit.is_empty() || axis.label.contains(unit) {
        axis.label.clone()
    } else {
        format!("{} ({unit})", axis.label)
    }
}

/// "as written: 0.35" for the marker of the scenario's own value.
fn as_written(axis: &Axis) -> String {
    if axis.baseline == tick(axis.central) || axis.baseline.parse::<f64>().is_ok() {
        format!("as written: {}", tick(axis.central))
    } else {
        format!(
            "as written: {} (mean {})",
            axis.baseline,
            tick(axis.central)
        )
    }
}

/// Viridis (matplotlib's default map: perceptually uniform, readable in grey and by the common
/// forms of colour blindness), `t` in [0, 1].
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 9] = [
        (68, 1, 84),
        (71, 44, 122),
        (59, 81, 139),
        (44, 113, 142),
        (33, 144, 141),
        (39, 173, 129),
        (92, 200, 99),
        (170, 220, 50),
        (253, 231, 37),
    ];
    let x = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let k = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - k as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (STOPS[k], STOPS[k + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// File stem of the sweep's chart: `sweep-lines` or `sweep-heatmap`.
pub fn file_stem(sweep: &Sweep) -> &'static str {
    if sweep.axes.len() >= 2 {
        "sweep-heatmap"
    } else {
        "sweep-lines"
    }
}

/// The sweep's chart as SVG: lines for one number, a heatmap of `outcome` for two.
pub fn svg(sweep: &Sweep, outcome: Outcome) -> Result<String, String> {
    render_svg(&SweepChart { sweep, outcome })
}

/// The same as PNG.
pub fn png(sweep: &Sweep, outcome: Outcome) -> Result<Vec<u8>, String> {
    render_png(&SweepChart { sweep, outcome })
}

struct SweepChart<'a> {
    sweep: &'a Sweep,
    outcome: Outcome,
}

fn subtitle(sweep: &Sweep) -> String {
    format!(
        "{}  ·  {} runs per point  ·  seed {}  ·  same runs at every point",
        sweep.scenario,
        thousands(sweep.runs_per_point),
        sweep.seed
    )
}

impl Drawing for SweepChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult<(), DB> {
        match self.sweep.axes.as_slice() {
            [x] => lines(root, self.sweep, x),
            [rows, cols] => heatmap(root, self.sweep, rows, cols, self.outcome),
            _ => Ok(()),
        }
    }
}

/// The top of a share axis: the next 1% above small shares, 5% above moderate ones, else 10%.
pub fn nice_max(top: f64) -> f64 {
    let step = if top < 0.1 {
        0.01
    } else if top < 0.5 {
        0.05
    } else {
        0.1
    };
    ((top / step).ceil() * step).clamp(0.01, 1.0)
}

/// A padded x range around the values (a single value gets some room on either side).
fn x_range(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.03
    } else {
        lo.abs().max(1e-3) * 0.1
    };
    (lo - pad, hi + pad)
}

/// One number swept: one panel per outcome, each on its own share axis (an outcome near 0%
/// is not squashed under one near 60%), with the 95% band, and the value as written marked.
fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sweep: &Sweep,
    axis: &Axis,
) -> PlotResult<(), DB> {
    let title = format!("Outcomes as {} varies", axis.label);
    let body = frame(root, &title, &subtitle(sweep))?;
    let (_, h) = body.dim_in_pixel();
    let (grid, footer) = body.split_vertically(h.saturating_sub(56));
    let panels = grid.split_evenly((2, 3));
    let (x0, x1) = x_range(&axis.values);
    for (o, panel) in Outcome::ALL.iter().zip(&panels) {
        outcome_panel(panel, sweep, axis, *o, (x0, x1))?;
    }
    // The sixth slot: how to read the panels.
    let notes = &panels[5];
    let (nw, _) = notes.dim_in_pixel();
    let small = anchored(font(SMALL, INK), HPos::Left, VPos::Top);
    let muted = anchored(font(SMALL, MUTED), HPos::Left, VPos::Top);
    let mut y = 40;
    notes.draw(&Rectangle::new(
        [(20, y + 4), (70, y + 30)],
        MUTED.mix(0.25).filled(),
    ))?;
    notes.draw(&Text::new("95% interval", (84, y), small.clone()))?;
    y += 50;
    crate::charts::theme::dashed(notes, (45, y), (45, y + 34), INK.stroke_width(3), 6)?;
    notes.draw(&Text::new(
        "the scenario as written",
        (84, y + 2),
        small.clone(),
    ))?;
    y += 60;
    let text = format!(
        "Each panel has its own scale. The swept number is fixed at each value in every run; \
         every point plays the same runs. {}.",
        as_written(axis).replacen("as written", "As written", 1)
    );
    for line in crate::charts::theme::wrap(notes, &text, &muted, nw.saturating_sub(40)) {
        notes.draw(&Text::new(line, (20, y), muted.clone()))?;
        y += 36;
    }
    let desc = anchored(font(LABEL, INK), HPos::Center, VPos::Center);
    let (fw, _) = footer.dim_in_pixel();
    footer.draw(&Text::new(
        fit(&footer, &axis_title(axis), &desc, fw.saturating_sub(80)),
        (fw as i32 / 2, 28),
        desc,
    ))?;
    Ok(())
}

fn outcome_panel<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    sweep: &Sweep,
    axis: &Axis,
    o: Outcome,
    (x0, x1): (f64, f64),
) -> PlotResult<(), DB> {
    let color = outcome_color(o);
    let top = sweep
        .points
        .iter()
        .map(|p| p.share(o).high)
        .fold(0.0f64, f64::max);
    let y_max = nice_max(top);
    let mut chart = ChartBuilder::on(panel)
        .caption(outcome_label(o), bold(SMALL, color))
        .margin_left(10)
        .margin_right(24)
        .margin_top(4)
        .margin_bottom(6)
        .x_label_area_size(44)
        .y_label_area_size(96)
        .build_cartesian_2d(x0..x1, 0.0..y_max)?;
    let decimals = if y_max <= 0.05 { 1 } else { 0 };
    crate::charts::theme::mesh(&mut chart)
        .label_style(font(SMALL * 0.85, INK))
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| format!("{:.*}%", decimals, v * 100.0))
        .draw()?;
    let mut band: Vec<(f64, f64)> = sweep
        .points
        .iter()
        .map(|p| (p.values[0], p.share(o).high))
        .collect();
    band.extend(
        sweep
            .points
            .iter()
            .rev()
            .map(|p| (p.values[0], p.share(o).low)),
    );
    chart.draw_series(std::iter::once(Polygon::new(
        band,
        color.mix(0.25).filled(),
    )))?;
    let pts: Vec<(f64, f64)> = sweep
        .points
        .iter()
        .map(|p| (p.values[0], p.share(o).share))
        .collect();
    chart.draw_series(LineSeries::new(pts.clone(), color.stroke_width(4)))?;
    if pts.len() <= 40 {
        chart.draw_series(
            pts.iter()
                .map(|&(x, y)| Circle::new((x, y), 5, color.filled())),
        )?;
    }
    // The value as written, where it falls inside the swept range.
    if (x0..=x1).contains(&axis.central) {
        let base = panel.get_base_pixel();
        let (px, py0) = chart.backend_coord(&(axis.central, y_max));
        let (_, py1) = chart.backend_coord(&(axis.central, 0.0));
        crate::charts::theme::dashed(
            panel,
            (px - base.0, py0 - base.1),
            (px - base.0, py1 - base.1),
            INK.stroke_width(3),
            8,
        )?;
    }
    Ok(())
}

fn heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sweep: &Sweep,
    rows: &Axis,
    cols: &Axis,
    outcome: Outcome,
) -> PlotResult<(), DB> {
    let name = outcome_label(outcome);
    let title = format!("Share '{name}' by {} and {}", rows.label, cols.label);
    let body = frame(root, &title, &subtitle(sweep))?;
    let (w, _) = body.dim_in_pixel();
    let (plot, scale) = body.split_horizontally(w.saturating_sub(260));
    let (nx, ny) = (cols.values.len(), rows.values.len());
    let shares: Vec<f64> = sweep
        .points
        .iter()
        .map(|p| p.share(outcome).share)
        .collect();
    let v_max = nice_max(shares.iter().copied().fold(0.0f64, f64::max));
    // One decimal: whole percents would print a 0.4% cell as "0%".
    let decimals = 1;

    let label_for = |values: &[f64], x: f64| -> String {
        let k = x.round();
        if (x - k).abs() > 1e-6 || k < 0.0 || k as usize >= values.len() {
            return String::new();
        }
        tick(values[k as usize])
    };
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(20)
        .margin_right(30)
        .margin_top(10)
        .margin_bottom(20)
        .x_label_area_size(110)
        .y_label_area_size(170)
        .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)?;
    let x_desc = format!("{}  ·  {}", axis_title(cols), as_written(cols));
    let y_desc = format!("{}  ·  {}", axis_title(rows), as_written(rows));
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(font(LABEL, INK))
        .label_style(font(TICK, INK))
        .x_labels(nx.clamp(2, 11))
        .y_labels(ny.clamp(2, 11))
        .x_label_formatter(&|x| label_for(&cols.values, *x))
        .y_label_formatter(&|y| label_for(&rows.values, *y))
        .axis_style(INK.stroke_width(2))
        .draw()?;
    let cells = sweep.points.iter().enumerate().map(|(k, p)| {
        let (r, c) = ((k / nx.max(1)) as f64, (k % nx.max(1)) as f64);
        let color = viridis(p.share(outcome).share / v_max);
        Rectangle::new([(c - 0.5, r - 0.5), (c + 0.5, r + 0.5)], color.filled())
    });
    chart.draw_series(cells)?;
    // The share in each cell when the cells are big enough to hold it.
    let (pw, ph) = plot.dim_in_pixel();
    let (cell_w, cell_h) = (
        pw.saturating_sub(220) as f64 / nx.max(1) as f64,
        ph.saturating_sub(140) as f64 / ny.max(1) as f64,
    );
    let text_size = if cell_w >= 90.0 && cell_h >= 45.0 {
        Some(SMALL)
    } else if cell_w >= 66.0 && cell_h >= 32.0 {
        Some(22.0)
    } else {
        None
    };
    if let Some(size) = text_size {
        let texts = sweep.points.iter().enumerate().map(|(k, p)| {
            let (r, c) = ((k / nx.max(1)) as f64, (k % nx.max(1)) as f64);
            let t = p.share(outcome).share / v_max;
            // Dark text on the light (yellow-green) end of viridis, white on the dark end.
            let ink = if t > 0.6 { INK } else { WHITE };
            let share = p.share(outcome).share;
            let text = if share > 0.0 && share < 0.0005 {
                "<0.1%".to_string()
            } else {
                format!("{:.*}%", decimals, share * 100.0)
            };
            Text::new(
                text,
                (c, r),
                anchored(font(size, ink), HPos::Center, VPos::Center),
            )
        });
        chart.draw_series(texts)?;
    }

    // The colour scale.
    let mut bar = ChartBuilder::on(&scale)
        .margin_top(40)
        .margin_bottom(130)
        .margin_right(60)
        .y_label_area_size(120)
        .build_cartesian_2d(0.0..1.0, 0.0..v_max)?;
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(6)
        .label_style(font(TICK, INK))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .axis_style(INK.stroke_width(2))
        .draw()?;
    let steps = 100;
    bar.draw_series((0..steps).map(|k| {
        let a = v_max * k as f64 / steps as f64;
        let b = v_max * (k + 1) as f64 / steps as f64;
        Rectangle::new([(0.0, a), (1.0, b)], viridis(a / v_max).filled())
    }))?;
    // The scenario as written: a dashed cross at the central values (in cell units).
    let at = |values: &[f64], v: f64| -> Option<f64> {
        let k = values.iter().position(|w| (w - v).abs() < 1e-12);
        if let Some(k) = k {
            return Some(k as f64);
        }
        let i = values
            .windows(2)
            .position(|w| (w[0] <= v && v <= w[1]) || (w[1] <= v && v <= w[0]))?;
        let (a, b) = (values[i], values[i + 1]);
        Some(i as f64 + (v - a) / (b - a))
    };
    let base = plot.get_base_pixel();
    if let Some(cx) = at(&cols.values, cols.central) {
        let (px, py0) = chart.backend_coord(&(cx, -0.5));
        let (_, py1) = chart.backend_coord(&(cx, ny as f64 - 0.5));
        crate::charts::theme::dashed(
            &plot,
            (px - base.0, py0 - base.1),
            (px - base.0, py1 - base.1),
            WHITE.stroke_width(3),
            10,
        )?;
    }
    if let Some(ry) = at(&rows.values, rows.central) {
        let (px0, py) = chart.backend_coord(&(-0.5, ry));
        let (px1, _) = chart.backend_coord(&(nx as f64 - 0.5, ry));
        crate::charts::theme::dashed(
            &plot,
            (px0 - base.0, py - base.1),
            (px1 - base.0, py - base.1),
            WHITE.stroke_width(3),
            10,
        )?;
    }
    let heading = anchored(bold(SMALL, INK), HPos::Left, VPos::Top);
    scale.draw(&Text::new(format!("{name} share"), (10, 0), heading))?;
    let note = anchored(font(SMALL * 0.85, MUTED), HPos::Left, VPos::Top);
    let (_, sh) = scale.dim_in_pixel();
    scale.draw(&Text::new(
        "dashed: as written".to_string(),
        (10, sh as i32 - 100),
        note,
    ))?;
    Ok(())
}
