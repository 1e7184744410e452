//! Chart 3: how long signed pauses survived violations (Kaplan-Meier).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::{Summary, SurvivalPoint};

pub const TITLE: &str = "How long signed pauses survived violations";

pub fn caption(s: &Summary) -> String {
    let mut text = "The line is the share of signed pauses not yet collapsed after that many \
                    days (Kaplan-Meier, with its 95% band); ticks mark pauses that ended \
                    otherwise, by expiry or at the horizon, and leave the count from then on."
        .to_string();
    if let Some(why) = why_not_held(s) {
        text.push(' ');
        text.push_str(&why);
    }
    text
}

/// Why the curve's last value is not the share `held` of the outcomes chart, in one sentence
/// (`None` when no pause was signed).
pub fn why_not_held(s: &Summary) -> Option<String> {
    let sv = &s.survival;
    let end = sv.curve.last()?;
    if sv.signed == 0 {
        return None;
    }
    Some(format!(
        "Its last value ({} still holding after {} days) is not the share held ({} of all \
         {} runs, {} of the {} pauses signed): it counts only pauses still in force, so a \
         pause that expired or was signed late leaves the count instead of counting as held, \
         and runs without a deal are not in it.",
        percent(end.share),
        end.day,
        percent(sv.held as f64 / s.runs.max(1) as f64),
        thousands(s.runs),
        percent(sv.held as f64 / sv.signed as f64),
        thousands(sv.signed),
    ))
}

/// The step curve as (day, share) vertices, from day 0 to `end`.
fn steps(curve: &[SurvivalPoint], end: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(curve.len() * 2 + 1);
    let mut prev: Option<f64> = None;
    for p in curve {
        let day = p.day as f64;
        if let Some(share) = prev {
            out.push((day, share * 100.0));
        }
        out.push((day, p.share * 100.0));
        prev = Some(p.share);
    }
    if let Some(share) = prev {
        out.push((end, share * 100.0));
    }
    out
}

/// Greenwood's 95% band around the curve, per point: (day, low %, high %).
fn greenwood(curve: &[SurvivalPoint]) -> Vec<(f64, f64, f64)> {
    let mut sum = 0.0;
    curve
        .iter()
        .map(|p| {
            let (n, d) = (p.at_risk as f64, p.collapsed as f64);
            if n > d && d > 0.0 {
                sum += d / (n * (n - d));
            }
            let se = p.share * sum.sqrt();
            let lo = (p.share - 1.96 * se).clamp(0.0, 1.0);
            let hi = (p.share + 1.96 * se).clamp(0.0, 1.0);
            (p.day as f64, lo * 100.0, hi * 100.0)
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let sv = &s.survival;
    if sv.signed == 0 || sv.curve.is_empty() {
        return note(
            area,
            "No pause was signed in these runs, so there is no pause whose survival to show.",
        );
    }
    let last_day = sv.curve.iter().map(|p| p.day).max().unwrap_or(0);
    let x_max = (last_day.max(1) as f64).min(s.scenario.horizon_days.max(1) as f64);
    let x_max = if x_max < last_day as f64 {
        last_day as f64
    } else {
        x_max
    };

    let (legend, plot) = area.split_vertically(110);
    let counts = format!(
        "{} pauses signed:  {} collapsed  ·  {} expired  ·  {} held",
        thousands(sv.signed),
        thousands(sv.collapsed),
        thousands(sv.expired),
        thousands(sv.held)
    );
    let counts_style = anchored(font(SMALL, MUTED), HPos::Left, VPos::Top);
    let (w, _) = legend.dim_in_pixel();
    let counts = fit(
        &legend,
        &counts,
        &counts_style,
        w.saturating_sub(MARGIN as u32 + 190),
    );
    legend.draw(&Text::new(counts, (MARGIN + 150, 62), counts_style))?;
    let mut x = MARGIN + 150;
    x = legend_entry(
        &legend,
        (x, 10),
        "still holding, and its 95% band",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            a.draw(&Rectangle::new(
                [(x, y + 8), (x + 36, y + 28)],
                tint(OI_SKY, 0.75).filled(),
            ))?;
            a.draw(&PathElement::new(
                vec![(x, y + 18), (x + 36, y + 18)],
                OI_BLUE.stroke_width(3),
            ))
        },
    )?;
    legend_entry(
        &legend,
        (x, 10),
        "ended without collapse (expired or held)",
        |a: &DrawingArea<DB, Shift>, (x, y)| {
            a.draw(&PathElement::new(
                vec![(x + 18, y + 6), (x + 18, y + 30)],
                OI_ORANGE.stroke_width(4),
            ))
        },
    )?;

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 20)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(110)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0f64..x_max, 0.0f64..105.0)?;
    mesh(&mut chart)
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .x_desc("Days since the pause was signed")
        .y_desc("Pauses still holding (%)")
        .draw()?;

    // The 95% band, as a step polygon.
    let band = greenwood(&sv.curve);
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    for (i, &(day, lo, hi)) in band.iter().enumerate() {
        let next = band.get(i + 1).map_or(x_max, |b| b.0);
        upper.push((day, hi));
        upper.push((next, hi));
        lower.push((day, lo));
        lower.push((next, lo));
    }
    lower.reverse();
    upper.extend(lower);
    chart.draw_series(std::iter::once(Polygon::new(
        upper,
        tint(OI_SKY, 0.75).filled(),
    )))?;

    // Thin enough that the band shows on both sides of it.
    chart.draw_series(std::iter::once(PathElement::new(
        steps(&sv.curve, x_max),
        OI_BLUE.stroke_width(3),
    )))?;

    // Censoring ticks: one per day on which pauses left the count without collapsing.
    let tick = OI_ORANGE.stroke_width(4);
    chart.draw_series(sv.curve.iter().filter(|p| p.censored > 0).map(|p| {
        EmptyElement::at((p.day as f64, p.share * 100.0))
            + PathElement::new(vec![(0, -12), (0, 12)], tick)
    }))?;

    if sv.collapsed == 0 {
        let style = anchored(font(LABEL, MUTED), HPos::Center, VPos::Center);
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_max / 2.0, 50.0))
                + Text::new(
                    "No signed pause collapsed in these runs.".to_string(),
                    (0, 0),
                    style,
                ),
        ))?;
    }
    // Where the curve ends, in the corner it leaves empty (it falls from the top left).
    let end_share = sv.curve.last().map_or(1.0, |p| p.share);
    let holding = format!(
        "after {} days: {} of pauses still in force",
        last_day,
        percent(end_share)
    );
    let low = end_share > 0.5;
    let (y, v) = if low {
        (8.0, VPos::Bottom)
    } else {
        (100.0, VPos::Top)
    };
    let end_style = anchored(bold(LABEL, OI_BLUE), HPos::Right, v);
    let why = format!(
        "(not the share held: {} of all runs, {} of pauses signed;",
        percent(sv.held as f64 / s.runs.max(1) as f64),
        percent(sv.held as f64 / sv.signed.max(1) as f64)
    );
    let why2 = "expired and late pauses leave this count)";
    let why_style = anchored(
        font(SMALL, INK),
        HPos::Right,
        if low { VPos::Bottom } else { VPos::Top },
    );
    // Three lines read top to bottom: from the anchor down, or up to it near the bottom.
    let offsets = if low { [-88, -44, 0] } else { [0, 44, 88] };
    chart.draw_series(std::iter::once(
        EmptyElement::at((x_max, y))
            + Text::new(holding, (-16, offsets[0]), end_style)
            + Text::new(why, (-16, offsets[1]), why_style.clone())
            + Text::new(why2.to_string(), (-16, offsets[2]), why_style),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day: u32, at_risk: u64, collapsed: u64, share: f64) -> SurvivalPoint {
        SurvivalPoint {
            day,
            at_risk,
            collapsed,
            censored: 0,
            share,
        }
    }

    #[test]
    fn steps_hold_until_the_next_day() {
        let c = [point(0, 10, 0, 1.0), point(5, 10, 5, 0.5)];
        assert_eq!(
            steps(&c, 9.0),
            vec![(0.0, 100.0), (5.0, 100.0), (5.0, 50.0), (9.0, 50.0)]
        );
    }

    #[test]
    fn greenwood_band_contains_the_curve() {
        let c = [point(0, 100, 0, 1.0), point(3, 100, 20, 0.8)];
        let b = greenwood(&c);
        assert_eq!(b[0].1, 100.0);
        assert!(b[1].1 < 80.0 && b[1].2 > 80.0);
    }
}
