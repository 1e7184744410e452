//! Chart 5: how good the deals were for each party, against its walk-away value.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::Summary;

pub const TITLE: &str = "What the deals were worth to each party";

pub fn caption(_: &Summary) -> String {
    "Each box holds the middle half of the deals' utility for that party (thick line: median, \
     whiskers: 5th to 95th percentile, diamond: mean); the dashed bar is its walk-away value as \
     the talks open. A box below the bar means deals worth less to that party than no deal was \
     worth at the start: a party that must agree signs one only after its walk-away value fell \
     during the talks (the battlefield or an event turned against it, or it dropped a \
     condition); a party that need not agree gets what the others sign."
        .to_string()
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    if s.parties.is_empty() {
        return note(area, "The scenario has no parties.");
    }
    if s.deals == 0 || s.parties.iter().all(|p| p.utility.is_none()) {
        return note(
            area,
            "No deal was signed in these runs, so there is no utility of a deal to show.",
        );
    }
    let (legend, plot) = area.split_vertically(70);
    let mut x = MARGIN + 20;
    x = legend_entry(
        &legend,
        (x, 10),
        "middle 50% of deals",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            a.draw(&Rectangle::new(
                [(x + 4, y + 4), (x + 32, y + 32)],
                tint(GREY, 0.6).filled(),
            ))?;
            a.draw(&Rectangle::new(
                [(x + 4, y + 4), (x + 32, y + 32)],
                INK.stroke_width(2),
            ))
        },
    )?;
    x = legend_entry(&legend, (x, 10), "median", line(INK.stroke_width(5)))?;
    x = legend_entry(
        &legend,
        (x, 10),
        "5th–95th percentile",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            a.draw(&PathElement::new(
                vec![(x + 18, y + 2), (x + 18, y + 34)],
                INK.stroke_width(3),
            ))
        },
    )?;
    x = legend_entry(
        &legend,
        (x, 10),
        "mean",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            a.draw(&Polygon::new(diamond((x + 18, y + 18), 14), WHITE.filled()))?;
            a.draw(&PathElement::new(
                diamond((x + 18, y + 18), 14),
                INK.stroke_width(3),
            ))
        },
    )?;
    legend_entry(
        &legend,
        (x, 10),
        "walk-away value",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            dashed(a, (x, y + 18), (x + 34, y + 18), INK.stroke_width(5), 7)
        },
    )?;

    let n = s.parties.len();
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 20)
        .margin_top(20)
        .margin_bottom(10)
        .x_label_area_size(120)
        .y_label_area_size(130)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0.0f64..1.0)?;
    mesh(&mut chart)
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.1}"))
        .y_desc("Utility of the agreed text (0 = worst, 1 = ideal)")
        .draw()?;

    let (w, _) = plot.dim_in_pixel();
    let slot = (w.saturating_sub(250) as usize / n.max(1)) as u32;
    let half = 0.22;
    for (i, p) in s.parties.iter().enumerate() {
        let xc = i as f64;
        let color = party_color(i);
        let name_style = anchored(bold(LABEL, color), HPos::Center, VPos::Top);
        let name = fit(&plot, &p.name, &name_style, slot.saturating_sub(16));
        let role = role_words(p.role, p.must_agree);
        let role_style = anchored(font(SMALL, MUTED), HPos::Center, VPos::Top);
        let role = fit(&plot, &role, &role_style, slot.saturating_sub(16));
        chart.draw_series([
            EmptyElement::at((xc, 0.0)) + Text::new(name, (0, 14), name_style),
            EmptyElement::at((xc, 0.0)) + Text::new(role, (0, 56), role_style),
        ])?;
        let Some(u) = p.utility else {
            chart.draw_series(std::iter::once(
                EmptyElement::at((xc, 0.5))
                    + Text::new(
                        "no deals".to_string(),
                        (0, 0),
                        anchored(font(SMALL, MUTED), HPos::Center, VPos::Center),
                    ),
            ))?;
            continue;
        };
        let whisker = INK.stroke_width(3);
        chart.draw_series([
            PathElement::new(vec![(xc, u.p5), (xc, u.p25)], whisker),
            PathElement::new(vec![(xc, u.p75), (xc, u.p95)], whisker),
            PathElement::new(vec![(xc - 0.07, u.p5), (xc + 0.07, u.p5)], whisker),
            PathElement::new(vec![(xc - 0.07, u.p95), (xc + 0.07, u.p95)], whisker),
        ])?;
        chart.draw_series([
            Rectangle::new(
                [(xc - half, u.p25), (xc + half, u.p75)],
                tint(color, 0.55).filled(),
            ),
            Rectangle::new(
                [(xc - half, u.p25), (xc + half, u.p75)],
                color.stroke_width(3),
            ),
        ])?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(xc - half, u.p50), (xc + half, u.p50)],
            INK.stroke_width(5),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((xc, u.mean))
                + Polygon::new(diamond((0, 0), 13), WHITE.filled())
                + PathElement::new(diamond((0, 0), 13), INK.stroke_width(3)),
        ))?;

        // Walk-away: a dashed bar wider than the box, its value beside it.
        let (x0, y) = chart.backend_coord(&(xc - half - 0.07, p.walk_away.clamp(0.0, 1.0)));
        let (x1, _) = chart.backend_coord(&(xc + half + 0.07, p.walk_away.clamp(0.0, 1.0)));
        let base = plot.get_base_pixel();
        dashed(
            &plot,
            (x0 - base.0, y - base.1),
            (x1 - base.0, y - base.1),
            INK.stroke_width(5),
            12,
        )?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((xc + half + 0.07, p.walk_away.clamp(0.0, 1.0)))
                + Text::new(
                    format!("{:.2}", p.walk_away),
                    (8, 0),
                    anchored(bold(SMALL, INK), HPos::Left, VPos::Center),
                ),
        ))?;
    }
    Ok(())
}

/// The outline of a diamond of half-width `r` centred on `c` (pixels), for the mean.
fn diamond(c: (i32, i32), r: i32) -> Vec<(i32, i32)> {
    let (x, y) = c;
    vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)]
}
