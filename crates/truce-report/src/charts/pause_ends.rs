//! Chart 9: how the signed pauses ended: violations that reached the limit, a side that
//! abandoned the pause, a term that lapsed unrenewed, or a pause that held to the horizon.
//! Drawn only for a scenario with `[truce]`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::engine::Outcome;
use truce_core::summary::{PauseEnds, Summary};

pub const TITLE: &str = "What ended the pauses that were signed";

pub fn caption(s: &Summary) -> String {
    format!(
        "Each bar is the share of the {} signed pauses that ended that way: the detected \
         (verified or contested) violations reached the number that ends a pause, a side \
         abandoned it because keeping it was worth less to it than walking away, its term ran \
         out without renewal, or it held to the horizon. The runs record neither which side \
         ended a pause nor how many of its violations the monitors verified.",
        thousands(s.deals)
    )
}

/// The rows: words, outcome colour, count.
fn rows(s: &Summary, e: &PauseEnds) -> Vec<(String, Outcome, u64)> {
    let truce = s.scenario.truce.as_ref();
    let limit = truce.and_then(|t| t.collapse_after);
    let renewable = truce.is_some_and(|t| t.renewable);
    let mut rows = Vec::with_capacity(4);
    // The count limit is a row only where the scenario sets one (`collapse_after`).
    if let Some(limit) = limit {
        rows.push((
            format!(
                "Collapsed: {limit} violation{} detected (verified or contested)",
                if limit == 1 { "" } else { "s" }
            ),
            Outcome::Collapsed,
            e.violation_limit,
        ));
    }
    rows.extend([
        (
            "Collapsed: a side abandoned it (walking away was worth more)".to_string(),
            Outcome::Collapsed,
            e.abandoned,
        ),
        (
            if renewable {
                "Expired: its term ran out and a side would not renew it".to_string()
            } else {
                "Expired: its term ran out (the pause is not renewable)".to_string()
            },
            Outcome::Expired,
            e.lapsed,
        ),
        ("Held to the horizon".to_string(), Outcome::Held, e.held),
    ]);
    rows
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let Some(ends) = &s.pause_ends else {
        return note(
            area,
            "The scenario has no [truce], so no pause was played out.",
        );
    };
    let signed: u64 = ends.violation_limit + ends.abandoned + ends.lapsed + ends.held;
    if signed == 0 {
        return note(
            area,
            "No pause was signed in these runs, so there is no pause whose end to show.",
        );
    }
    let rows = rows(s, ends);
    let (_, plot) = area.split_vertically(30);
    let slots = rows.len() as f64 + 0.6;
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 40)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(110)
        .y_label_area_size(20)
        .build_cartesian_2d(0.0f64..100.0, 0.0f64..slots)?;
    mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}%"))
        .x_desc(format!("Share of the signed pauses ({})", runs(signed)))
        .draw()?;
    let (w, _) = plot.dim_in_pixel();
    let text_style = anchored(font(LABEL, INK), HPos::Left, VPos::Bottom);
    for (i, (label, outcome, count)) in rows.iter().enumerate() {
        let y = slots - 0.3 - (i + 1) as f64;
        let share = *count as f64 / signed as f64;
        let v = share * 100.0;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.1), (v, y + 0.5)],
            outcome_color(*outcome).filled(),
        )))?;
        let label = fit(&plot, label, &text_style, w.saturating_sub(220));
        chart.draw_series(std::iter::once(
            EmptyElement::at((0.0, y + 0.56)) + Text::new(label, (6, 0), text_style.clone()),
        ))?;
        let value = format!("{}  ({})", percent(share), runs(*count));
        let (style, dx) = if v > 70.0 {
            (anchored(bold(SMALL, WHITE), HPos::Right, VPos::Center), -12)
        } else {
            (anchored(bold(SMALL, INK), HPos::Left, VPos::Center), 10)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((v, y + 0.3)) + Text::new(value, (dx, 0), style),
        ))?;
    }
    Ok(())
}
