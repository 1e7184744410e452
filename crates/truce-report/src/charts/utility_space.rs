//! Chart 8: the deals in the utility space of the two sides, against the Pareto frontier, the
//! Nash bargaining point and the disagreement (walk-away) point.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::Summary;

pub const TITLE: &str = "The deals in the two sides' utility space";

pub fn caption(_: &Summary) -> String {
    "Each shaded cell counts the deals that gave the two sides those utilities (darker: more \
     runs, on a logarithmic scale so that cells with a handful of deals show beside one with \
     thousands); the black steps are the Pareto frontier: the best texts the analysis found, \
     each a corner, with no text known between two corners; the red diamond is the Nash \
     bargaining point, and deals up and right of the dashed walk-away lines beat no deal for \
     both sides (everything, deals included, is valued with the scenario's central \
     preferences). A deal counts as on the frontier when no frontier text is better for both \
     sides by more than 0.01; the frontier is traced by weighted sums, which can miss \
     efficient texts in a dent of it, so a deal can lie beyond the steps."
        .to_string()
}

/// Light to dark blue (ColorBrewer Blues ends), sequential and safe for colour blindness.
fn ramp(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let (a, b) = ((222.0, 235.0, 247.0), (8.0, 48.0, 107.0));
    let mix = |x: f64, y: f64| (x + (y - x) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Where `count` sits on the colour scale when the fullest cell has `max`: logarithmic, so a
/// cell with 1 deal is at 0, one with `max` at 1, and cells with 1-100 deals beside one with
/// thousands stay visible (a linear or square-root scale washes them out).
fn position(count: u64, max: u64) -> f64 {
    let max = max.max(2) as f64;
    ((count.max(1) as f64).ln() / max.ln()).clamp(0.0, 1.0)
}

/// Shade of a cell with `count` deals when the fullest cell has `max`.
fn shade(count: u64, max: u64) -> RGBColor {
    ramp(0.2 + 0.8 * position(count, max))
}

/// The frontier as steps: from each point down to the next one's utility for the y side, then
/// across to it. That is the edge of what the frontier's texts dominate: a deal below and left
/// of it is beaten on both axes by a known text, and no text is claimed between two corners
/// (with option issues there may be none).
fn staircase(frontier: &[[f64; 2]]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(frontier.len() * 2);
    for (k, p) in frontier.iter().enumerate() {
        if k > 0 {
            out.push((frontier[k - 1][0], p[1]));
        }
        out.push((p[0], p[1]));
    }
    out
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let Some([xs, ys]) = s.utility_space.sides.as_ref() else {
        return note(area, "The scenario has fewer than two parties to plot.");
    };
    // The analysis in the axes' order (it may list the sides the other way round).
    let analysis = s.analysis.as_ref().and_then(|a| {
        let swap = |p: [f64; 2]| [p[1], p[0]];
        if a.sides[0] == *xs && a.sides[1] == *ys {
            Some((a.frontier.clone(), a.nash, a.disagreement))
        } else if a.sides[0] == *ys && a.sides[1] == *xs {
            let mut f: Vec<[f64; 2]> = a.frontier.iter().map(|&p| swap(p)).collect();
            f.sort_by(|p, q| p[0].total_cmp(&q[0]));
            Some((f, swap(a.nash), swap(a.disagreement)))
        } else {
            None
        }
    });
    let (w, h) = area.dim_in_pixel();
    let square_side = h as i32; // plot + labels on the left, key on the right
    let (left, key) = area.split_horizontally((square_side + 60).min(w as i32 - 500));

    let x_name = party_name(s, xs);
    let y_name = party_name(s, ys);
    let mut chart = ChartBuilder::on(&left)
        .margin_left(MARGIN)
        .margin_right(20)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(110)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0f64..1.0, 0.0f64..1.0)?;
    let x_desc = fit(
        &left,
        &format!("Utility for {x_name}"),
        &font(LABEL, INK),
        h - 200,
    );
    let y_desc = fit(
        &left,
        &format!("Utility for {y_name}"),
        &font(LABEL, INK),
        h - 200,
    );
    mesh(&mut chart)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.1}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()?;

    let bins = s.utility_space.bins.max(1);
    let cell = 1.0 / bins as f64;
    let max = s
        .utility_space
        .counts
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0);
    chart.draw_series(
        s.utility_space
            .counts
            .iter()
            .enumerate()
            .flat_map(|(yi, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(move |(xi, &c)| {
                        let (x0, y0) = (xi as f64 * cell, yi as f64 * cell);
                        Rectangle::new([(x0, y0), (x0 + cell, y0 + cell)], shade(c, max).filled())
                    })
            }),
    )?;

    let base = left.get_base_pixel();
    let px = |chart: &ChartContext<DB, _>, p: (f64, f64)| {
        let (x, y) = chart.backend_coord(&p);
        (x - base.0, y - base.1)
    };
    if let Some((frontier, nash, d)) = &analysis {
        // Walk-away lines: deals up and right of both beat no deal for both sides.
        let st = INK.stroke_width(3);
        dashed(
            &left,
            px(&chart, (d[0], d[1])),
            px(&chart, (d[0], 1.0)),
            st,
            10,
        )?;
        dashed(
            &left,
            px(&chart, (d[0], d[1])),
            px(&chart, (1.0, d[1])),
            st,
            10,
        )?;
        chart.draw_series(std::iter::once(PathElement::new(
            staircase(frontier),
            INK.stroke_width(4),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((d[0], d[1]))
                + Circle::new((0, 0), 12, WHITE.filled())
                + Circle::new((0, 0), 12, INK.stroke_width(4)),
        ))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((nash[0], nash[1]))
                + Polygon::new(diamond(18), WHITE.filled())
                + Polygon::new(diamond(14), OI_VERMILLION.filled()),
        ))?;
    }

    draw_key(&key, s, analysis.is_some(), max)?;
    if s.deals == 0 {
        let style = anchored(bold(LABEL, MUTED), HPos::Center, VPos::Center);
        chart.draw_series(std::iter::once(
            EmptyElement::at((0.5, 0.5)) + Text::new("no deals in these runs", (0, 0), style),
        ))?;
    }
    Ok(())
}

fn diamond(r: i32) -> Vec<(i32, i32)> {
    vec![(0, -r), (r, 0), (0, r), (-r, 0)]
}

/// The key on the right: what the shades and marks mean, and how good the deals were.
fn draw_key<DB: DrawingBackend>(
    key: &DrawingArea<DB, Shift>,
    s: &Summary,
    has_analysis: bool,
    max: u64,
) -> PlotResult<(), DB> {
    let (w, _) = key.dim_in_pixel();
    let x = 10;
    let mut y = 30;
    let head = anchored(bold(LABEL, INK), HPos::Left, VPos::Top);
    key.draw(&Text::new("Deals (runs per cell)", (x, y), head.clone()))?;
    y += 52;
    // The ramp, 1..max on a log scale, with a tick at each power of ten.
    let width = (w as i32 - 80).clamp(100, 420);
    let steps = 60;
    for k in 0..steps {
        let t = k as f64 / (steps - 1) as f64;
        let x0 = x + width * k / steps;
        let x1 = x + width * (k + 1) / steps;
        key.draw(&Rectangle::new(
            [(x0, y), (x1, y + 34)],
            ramp(0.2 + 0.8 * t).filled(),
        ))?;
    }
    let mut ticks: Vec<u64> = std::iter::successors(Some(1u64), |v| v.checked_mul(10))
        .take_while(|v| *v < max)
        .collect();
    ticks.push(max.max(1));
    let mut last_right = i32::MIN;
    for (k, &v) in ticks.iter().enumerate() {
        let at = x + (width as f64 * position(v, max)).round() as i32;
        let text = thousands(v);
        let last = k + 1 == ticks.len();
        let h = if last { HPos::Right } else { HPos::Center };
        let style = anchored(font(SMALL, INK), h, VPos::Top);
        let tw = key
            .estimate_text_size(&text, &style)
            .map_or(40, |(w, _)| w as i32);
        let left = if last { at - tw } else { at - tw / 2 };
        // A power of ten too close to the maximum gives way to it.
        if !last && at + tw / 2 + 12 > x + width - 60 {
            continue;
        }
        if left < last_right + 10 {
            continue;
        }
        key.draw(&PathElement::new(
            vec![(at, y + 34), (at, y + 42)],
            INK.stroke_width(2),
        ))?;
        key.draw(&Text::new(text, (at, y + 44), style))?;
        last_right = left + tw;
    }
    y += 110;

    if has_analysis {
        let max_px = (w as i32 - x - 60 - MARGIN).max(100) as u32;
        let entries: [(&str, u8); 3] = [
            (
                "Pareto frontier (steps): the texts no other is better than for one side without being worse for the other",
                0,
            ),
            (
                "Nash bargaining point (max. product of the gains over walk-away)",
                1,
            ),
            (
                "Disagreement point: each side's walk-away value as the talks open",
                2,
            ),
        ];
        let style = anchored(font(SMALL, INK), HPos::Left, VPos::Top);
        for (text, mark) in entries {
            let (cx, cy) = (x + 20, y + 18);
            match mark {
                0 => key.draw(&PathElement::new(
                    vec![(x, cy), (x + 40, cy)],
                    INK.stroke_width(5),
                ))?,
                1 => key.draw(&Polygon::new(
                    diamond(14)
                        .into_iter()
                        .map(|(a, b)| (a + cx, b + cy))
                        .collect::<Vec<_>>(),
                    OI_VERMILLION.filled(),
                ))?,
                _ => {
                    key.draw(&Circle::new((cx, cy), 12, WHITE.filled()))?;
                    key.draw(&Circle::new((cx, cy), 12, INK.stroke_width(4)))?;
                }
            }
            let lines = wrap(key, text, &style, max_px);
            for (i, l) in lines.iter().enumerate() {
                key.draw(&Text::new(
                    l.clone(),
                    (x + 60, y + 2 + 34 * i as i32),
                    style.clone(),
                ))?;
            }
            y += 34 * lines.len().max(1) as i32 + 26;
        }
    } else {
        let style = anchored(font(SMALL, MUTED), HPos::Left, VPos::Top);
        for (i, l) in wrap(
            key,
            "The Pareto frontier and the Nash point could not be computed for this scenario.",
            &style,
            (w as i32 - 40).max(100) as u32,
        )
        .iter()
        .enumerate()
        {
            key.draw(&Text::new(l.clone(), (x, y + 34 * i as i32), style.clone()))?;
        }
        y += 120;
    }

    y += 20;
    let q = &s.deal_quality;
    let mut facts = Vec::new();
    if let Some(share) = q.pareto_efficient_share {
        facts.push(format!(
            "{} of deals on the frontier (within 0.01)",
            percent(share)
        ));
    }
    if let Some(d) = q.nash_distance_mean {
        facts.push(format!("mean distance to the Nash point: {d:.2}"));
    }
    let style = anchored(bold(SMALL, INK), HPos::Left, VPos::Top);
    for f in facts {
        key.draw(&Text::new(f, (x, y), style.clone()))?;
        y += 40;
    }
    if has_analysis {
        y += 20;
        let note = "Every text, each deal included, is valued with the scenario's central \
                    weights and ideals. The frontier is traced by weighted sums, which miss \
                    efficient texts in a dent of it (option issues make dents): a deal beyond \
                    the steps is one of them.";
        let style = anchored(font(SMALL, MUTED), HPos::Left, VPos::Top);
        let max_px = (w as i32 - x - MARGIN).max(100) as u32;
        for (i, l) in wrap(key, note, &style, max_px).into_iter().enumerate() {
            key.draw(&Text::new(l, (x, y + 34 * i as i32), style.clone()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_logarithmic() {
        assert_eq!(position(1, 10_000), 0.0);
        assert_eq!(position(10_000, 10_000), 1.0);
        assert!((position(100, 10_000) - 0.5).abs() < 1e-12);
        // A cell of 100 deals beside one of 4,231 sits past the middle of the scale.
        assert!(position(100, 4231) > 0.5);
    }

    #[test]
    fn the_frontier_is_drawn_as_steps() {
        let f = [[0.1, 0.9], [0.5, 0.6], [0.8, 0.2]];
        assert_eq!(
            staircase(&f),
            vec![(0.1, 0.9), (0.1, 0.6), (0.5, 0.6), (0.5, 0.2), (0.8, 0.2)]
        );
    }

    #[test]
    fn shades_darken_with_count() {
        let light = shade(1, 100);
        let dark = shade(100, 100);
        assert!(light.0 > dark.0 && light.1 > dark.1 && light.2 > dark.2);
        assert_eq!(shade(5, 0), shade(5, 1));
    }
}
