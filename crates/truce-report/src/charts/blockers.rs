//! Chart 7: what blocked the last text of the talks that failed.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use super::time_to_agreement::nice_ceiling;
use truce_core::summary::Summary;

pub const TITLE: &str = "What blocked the talks that failed";

/// Most blockers drawn; the rest are summed in a last line.
const ROWS: usize = 9;

pub fn caption(s: &Summary) -> String {
    format!(
        "Each bar is the share of the {} failed talks (no deal or walkout) in which that party's \
         red line, condition or walk-away value ruled out the last text on the table; colours \
         are parties.",
        thousands(failures(s))
    )
}

/// Runs that ended without a deal.
fn failures(s: &Summary) -> u64 {
    s.outcomes
        .iter()
        .filter(|o| !o.outcome.signed())
        .map(|o| o.count)
        .sum()
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let failed = failures(s);
    if failed == 0 || s.blockers.is_empty() {
        return note(
            area,
            "Every run ended with a signed deal, so nothing blocked the talks.",
        );
    }
    let shown = &s.blockers[..s.blockers.len().min(ROWS)];
    let rest = &s.blockers[shown.len()..];
    let rows = shown.len() + usize::from(!rest.is_empty());
    // At least six row slots, filled from the top, so one blocker is not one giant bar.
    let slots = rows.max(6);

    let (legend, plot) = area.split_vertically(70);
    let mut x = MARGIN + 20;
    for (i, p) in s.parties.iter().enumerate() {
        if !shown.iter().any(|b| b.party == p.id) {
            continue;
        }
        let name = fit(&legend, &p.name, &font(SMALL, INK), 320);
        x = legend_entry(&legend, (x, 10), &name, square(party_color(i)))?;
        if x > WIDTH as i32 - 250 {
            break;
        }
    }

    let top = s
        .blockers
        .iter()
        .map(|b| b.share_of_failures)
        .fold(0.0, f64::max);
    let x_max = nice_ceiling(top * 100.0 * 1.12).min(100.0);
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 40)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(110)
        .y_label_area_size(20)
        .build_cartesian_2d(0.0f64..x_max, 0.0f64..slots as f64)?;
    mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}%"))
        .x_desc(format!(
            "Share of the failed talks ({}) blocked by it (%)",
            runs(failed)
        ))
        .draw()?;

    let (w, _) = plot.dim_in_pixel();
    let text_style = anchored(font(LABEL, INK), HPos::Left, VPos::Bottom);
    let value_style = anchored(bold(SMALL, INK), HPos::Left, VPos::Center);
    let row_of = |i: usize| (slots - i - 1) as f64;
    for (i, b) in shown.iter().enumerate() {
        let y = row_of(i);
        let v = b.share_of_failures * 100.0;
        let color = party_color_of(s, &b.party);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.1), (v, y + 0.48)],
            color.filled(),
        )))?;
        let label = fit(&plot, &b.description, &text_style, w.saturating_sub(220));
        chart.draw_series(std::iter::once(
            EmptyElement::at((0.0, y + 0.52)) + Text::new(label, (6, 0), text_style.clone()),
        ))?;
        // The value after the bar, or inside its end when the bar is long.
        let value = format!("{}  ({})", percent(b.share_of_failures), runs(b.count));
        let (style, dx) = if v > 0.7 * x_max {
            (anchored(bold(SMALL, WHITE), HPos::Right, VPos::Center), -12)
        } else {
            (value_style.clone(), 10)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((v, y + 0.29)) + Text::new(value, (dx, 0), style),
        ))?;
    }
    if !rest.is_empty() {
        let share: f64 = rest.iter().map(|b| b.share_of_failures).sum();
        let count: u64 = rest.iter().map(|b| b.count).sum();
        chart.draw_series(std::iter::once(
            EmptyElement::at((0.0, row_of(shown.len()) + 0.5))
                + Text::new(
                    format!(
                        "{} more blockers, together {} ({})",
                        rest.len(),
                        percent(share),
                        runs(count)
                    ),
                    (6, 0),
                    anchored(font(SMALL, MUTED), HPos::Left, VPos::Center),
                ),
        ))?;
    }
    Ok(())
}
