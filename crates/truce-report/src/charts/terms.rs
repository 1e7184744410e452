//! Chart 4: the agreed terms, one panel per issue, with each party's ideal marked.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::{IssueSummary, IssueType, Summary};

pub const TITLE: &str = "What the deals said, issue by issue";

/// Bars of agreed values: a neutral slate, so that the party colours of the ideals stand out.
const BAR: RGBColor = RGBColor(132, 150, 168);
/// One bar of a panel: left edge, right edge (x units of the panel), share of deals in %.
type Bar = (f64, f64, f64);

const PANEL_HEIGHT: u32 = 480;
/// Height of a panel's heading: up to two lines of title and a line for the typical value.
const PANEL_HEAD: u32 = 104;
const LEGEND: u32 = 70;

pub fn caption(s: &Summary) -> String {
    format!(
        "Each panel shows how often each value of one issue was agreed, as a share of the {} \
         runs with a deal (every panel on the same 0-100% scale); a coloured triangle marks a \
         party's ideal value, and the line under each title the typical agreed value (the \
         median, or the most frequent option).",
        thousands(s.deals)
    )
}

fn columns(n: usize) -> usize {
    if n <= 1 { 1 } else { 2 }
}

/// Canvas size: two panels per row, as many rows as needed, at least the standard canvas.
pub fn size(s: &Summary) -> (u32, u32) {
    let n = s.issues.len();
    let rows = n.div_ceil(columns(n)).max(1) as u32;
    let h = HEADER as u32 + LEGEND + rows * PANEL_HEIGHT + 20;
    (WIDTH, h.max(HEIGHT))
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    if s.issues.is_empty() {
        return note(area, "The scenario has no issues.");
    }
    if s.deals == 0 {
        return note(
            area,
            "No deal was signed in these runs, so there are no agreed terms to show.",
        );
    }
    let (legend, body) = area.split_vertically(LEGEND);
    let mut x = MARGIN;
    let style = anchored(font(SMALL, INK), HPos::Left, VPos::Center);
    legend.draw(&Text::new("Ideal of:", (x, 28), style))?;
    x += 130;
    for (i, p) in s.parties.iter().enumerate() {
        if !s
            .issues
            .iter()
            .any(|issue| issue.ideals.iter().any(|d| d.party == p.id))
        {
            continue;
        }
        let name = fit(&legend, &p.name, &font(SMALL, INK), 300);
        x = legend_entry(&legend, (x, 10), &name, triangle_swatch(party_color(i)))?;
        if x > WIDTH as i32 - 200 {
            break;
        }
    }

    let n = s.issues.len();
    let cols = columns(n);
    let rows = n.div_ceil(cols);
    let (_, h) = body.dim_in_pixel();
    let body = body.margin(0, 0, MARGIN / 2, MARGIN / 2);
    let body = body
        .split_vertically(rows as u32 * PANEL_HEIGHT.min(h / rows as u32))
        .0;
    let panels = body.split_evenly((rows, cols));
    for (issue, panel) in s.issues.iter().zip(&panels) {
        draw_panel(panel, s, issue)?;
    }
    Ok(())
}

/// A downward triangle swatch for the legend.
fn triangle_swatch<DB: DrawingBackend>(
    color: RGBColor,
) -> impl FnOnce(&DrawingArea<DB, Shift>, (i32, i32)) -> PlotResult<(), DB> {
    move |area, (x, y)| {
        area.draw(&Polygon::new(
            vec![(x + 2, y + 6), (x + 34, y + 6), (x + 18, y + 32)],
            color.filled(),
        ))
    }
}

fn draw_panel<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    s: &Summary,
    issue: &IssueSummary,
) -> PlotResult<(), DB> {
    let (w, _) = panel.dim_in_pixel();
    let (head, plot) = panel.split_vertically(PANEL_HEAD);
    // The title on up to two lines (never cut short), then the typical value on its own line,
    // so that every panel says it whatever the length of its title.
    let title_style = anchored(bold(LABEL, INK), HPos::Left, VPos::Top);
    let max = w.saturating_sub(40);
    let mut lines = wrap(&head, &issue.label, &title_style, max);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(fit(&head, &rest, &title_style, max));
    }
    for (k, line) in lines.iter().enumerate() {
        head.draw(&Text::new(
            line.clone(),
            (20, 6 + 34 * k as i32),
            title_style.clone(),
        ))?;
    }
    if let Some(t) = &issue.typical {
        let style = anchored(font(SMALL, MUTED), HPos::Left, VPos::Top);
        let typical = fit(&head, &format!("typical: {}", words(t)), &style, max);
        head.draw(&Text::new(
            typical,
            (20, 6 + 34 * lines.len() as i32 + 2),
            style,
        ))?;
    }

    let deals = issue.count.max(1) as f64;
    let numeric = issue.kind == IssueType::Numeric;
    // (left edge, right edge, share %) of each bar, in the x units of the panel.
    let (bars, x_range): (Vec<Bar>, (f64, f64)) = match (&issue.bins, numeric) {
        (Some(b), true) => {
            let k = b.counts.len().max(1) as f64;
            let w = (b.max - b.min) / k;
            let bars = b
                .counts
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let x0 = b.min + i as f64 * w;
                    (x0, x0 + w, c as f64 / deals * 100.0)
                })
                .collect();
            let pad = if b.max > b.min { 0.0 } else { 1.0 };
            (bars, (b.min - pad, b.max + pad))
        }
        _ => {
            let bars = issue
                .option_counts
                .iter()
                .enumerate()
                .map(|(i, o)| (i as f64 - 0.38, i as f64 + 0.38, o.share * 100.0))
                .collect();
            (bars, (-0.5, issue.options.len().max(1) as f64 - 0.5))
        }
    };
    // One scale for every panel, so that bars compare across issues.
    let y_max = 100.0;

    let unit = clean(&issue.unit);
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(10)
        .margin_right(30)
        .margin_top(44)
        .margin_bottom(6)
        .x_label_area_size(if numeric { 96 } else { 104 })
        .y_label_area_size(110)
        .build_cartesian_2d(x_range.0..x_range.1, 0.0f64..y_max)?;
    let options_count = issue.options.len();
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .y_desc("Deals (%)")
        .axis_desc_style(font(SMALL, INK))
        .label_style(font(SMALL, INK))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(INK.stroke_width(2));
    let unit_desc = if unit.is_empty() {
        "Agreed value".to_string()
    } else {
        format!("Agreed value ({unit})")
    };
    if numeric {
        mesh.x_labels(7)
            .x_label_formatter(&|v| truce_core::model::format_number(*v))
            .x_desc(unit_desc);
    } else {
        mesh.x_labels(0);
    }
    mesh.draw()?;

    chart.draw_series(bars.iter().filter(|b| b.2 > 0.0).map(|&(x0, x1, h)| {
        let gap = if numeric { (x1 - x0) * 0.06 } else { 0.0 };
        Rectangle::new([(x0 + gap, 0.0), (x1 - gap, h)], BAR.filled())
    }))?;

    if !numeric {
        // Option names under their bars, wrapped onto two lines if needed.
        let slot = (w.saturating_sub(160) as usize / options_count.max(1)).max(60) as u32;
        let label_style = anchored(font(SMALL, INK), HPos::Center, VPos::Top);
        let share_style = anchored(bold(SMALL, INK), HPos::Center, VPos::Bottom);
        for (i, o) in issue.option_counts.iter().enumerate() {
            let lines = wrap(
                &plot,
                &words(&o.option),
                &label_style,
                slot.saturating_sub(12),
            );
            chart.draw_series(lines.into_iter().take(2).enumerate().map(|(k, l)| {
                EmptyElement::at((i as f64, 0.0))
                    + Text::new(l, (0, 12 + 34 * k as i32), label_style.clone())
            }))?;
            if o.count > 0 {
                // Inside a tall bar (white), above a short one.
                let inside = o.share * 100.0 > 0.3 * y_max;
                let (style, dy) = if inside {
                    (anchored(bold(SMALL, WHITE), HPos::Center, VPos::Top), 8)
                } else {
                    (share_style.clone(), -6)
                };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((i as f64, o.share * 100.0))
                        + Text::new(percent(o.share), (0, dy), style),
                ))?;
            }
        }
    }

    // Ideals: a triangle per party at the top of the panel; parties with the same ideal side
    // by side.
    let mut placed: Vec<(f64, i32)> = Vec::new();
    for ideal in &issue.ideals {
        let same = placed
            .iter()
            .filter(|(v, _)| (v - ideal.value).abs() < 1e-9)
            .count() as i32;
        placed.push((ideal.value, same));
        let color = party_color_of(s, &ideal.party);
        let dx = same * 30;
        let tri = Polygon::new(
            vec![(dx - 14, -38), (dx + 14, -38), (dx, -12)],
            color.filled(),
        );
        chart.draw_series(std::iter::once(
            EmptyElement::at((ideal.value.clamp(x_range.0, x_range.1), y_max)) + tri,
        ))?;
        if numeric {
            let (px, py0) = chart.backend_coord(&(ideal.value, y_max));
            let (_, py1) = chart.backend_coord(&(ideal.value, 0.0));
            let base = plot.get_base_pixel();
            dashed(
                &plot,
                (px - base.0 + dx, py0 - base.1 - 12),
                (px - base.0 + dx, py1 - base.1),
                color.stroke_width(3),
                10,
            )?;
        }
    }
    Ok(())
}
