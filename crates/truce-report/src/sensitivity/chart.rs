//! The tornado chart: for the numbers with the largest effect on one outcome, a bar from the
//! scenario as written to the share with the number at its low, and one to the share at its
//! high, largest swing on top. Drawn with the sweep's chart plumbing ([`crate::sweep::chart`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::outcome_label;
use crate::sweep::chart::{
    Drawing, INK, LABEL, MUTED, PlotResult, SMALL, anchored, fit, font, frame, render_png,
    render_svg, thousands, tick,
};
use truce_core::sensitivity::{Basis, Sensitivity};
use truce_core::sweep::Share;

/// Bars on the chart: the rest are in `sensitivity.csv`.
pub const MAX_BARS: usize = 12;
/// File stem of the chart.
pub const FILE_STEM: &str = "tornado";
/// Okabe-Ito blue and orange: low and high, distinct in every common colour vision.
const LOW: RGBColor = RGBColor(0, 114, 178);
const HIGH: RGBColor = RGBColor(230, 159, 0);

/// The tornado chart as SVG.
pub fn svg(a: &Sensitivity) -> Result<String, String> {
    render_svg(&Tornado(a))
}

/// The tornado chart as PNG.
pub fn png(a: &Sensitivity) -> Result<Vec<u8>, String> {
    render_png(&Tornado(a))
}

struct Tornado<'a>(&'a Sensitivity);

impl Drawing for Tornado<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> PlotResult<(), DB> {
        draw(root, self.0)
    }
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, a: &Sensitivity) -> PlotResult<(), DB> {
    let o = a.outcome;
    let name = outcome_label(o);
    let title = format!("What moves the share '{name}' most");
    let subtitle = format!(
        "{}  ·  {} runs per value  ·  seed {}  ·  one number at a time",
        a.scenario,
        thousands(a.runs),
        a.seed
    );
    let body = frame(root, &title, &subtitle)?;
    let share = |c: &truce_core::sweep::Counts| Share::of(c, a.runs, o).share;
    let base = a.baseline_share(o).share;
    let bars: Vec<_> = a
        .swings
        .iter()
        .filter(|w| w.basis != Basis::FixedZero)
        .take(MAX_BARS)
        .collect();
    let n = bars.len().max(1);
    let (w, h) = body.dim_in_pixel();
    let (body, footer) = body.split_vertically(h.saturating_sub(100));
    // The left column holds each number's label and its low..high range.
    let label_w = 660u32;
    // Room for the bars and their whiskers (the 95% intervals of the shares).
    let interval = |c: &truce_core::sweep::Counts| {
        let sh = Share::of(c, a.runs, o);
        [sh.low, sh.high]
    };
    let lo = bars
        .iter()
        .flat_map(|s| interval(&s.at_low).into_iter().chain(interval(&s.at_high)))
        .fold(base, f64::min);
    let hi = bars
        .iter()
        .flat_map(|s| interval(&s.at_low).into_iter().chain(interval(&s.at_high)))
        .fold(base, f64::max);
    // Room beyond the outermost whiskers for each bar's value (about 100 pixels a side), even
    // where that room lies below 0% (its ticks are left blank): a value is never drawn over a
    // bar or a whisker.
    let plot_px = f64::from(w.saturating_sub(label_w + 60).max(200));
    let room = (100.0 / plot_px).min(0.3);
    let span = (hi - lo).max(1e-4);
    let pad = span * room / (1.0 - 2.0 * room);
    let (x0, x1) = (lo - pad, (hi + pad).min(1.0 + pad));
    // Tick labels with as many decimals as the axis needs to tell them apart.
    let decimals = if x1 - x0 < 0.004 {
        2
    } else if x1 - x0 < 0.04 {
        1
    } else {
        0
    };
    let tick_label = move |v: &f64| {
        if *v < -1e-12 || *v > 1.0 + 1e-12 {
            String::new()
        } else {
            format!("{:.*}%", decimals, v.max(0.0) * 100.0)
        }
    };
    let mut chart = ChartBuilder::on(&body)
        .margin_left(10)
        .margin_right(50)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(100)
        .y_label_area_size(label_w)
        .build_cartesian_2d(x0..x1, -0.5..n as f64 - 0.5)?;
    crate::charts::theme::mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(8)
        .x_desc(format!(
            "share of runs ending '{name}'  ·  top {} of {} numbers",
            bars.len(),
            a.swings.len()
        ))
        .x_label_formatter(&tick_label)
        .draw()?;
    let row_y = |k: usize| (n - 1 - k) as f64;
    let half = 0.32;
    for (k, s) in bars.iter().enumerate() {
        let y = row_y(k);
        for (at, color) in [(share(&s.at_low), LOW), (share(&s.at_high), HIGH)] {
            let (a0, a1) = if at < base { (at, base) } else { (base, at) };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a0, y - half), (a1.max(a0 + 1e-9), y + half)],
                color.filled(),
            )))?;
        }
    }
    // Monte Carlo noise: each bar end's 95% interval (Wilson), as a whisker.
    for (k, s) in bars.iter().enumerate() {
        let y = row_y(k);
        for c in [&s.at_low, &s.at_high] {
            let sh = Share::of(c, a.runs, o);
            let st = INK.stroke_width(2);
            chart.draw_series([
                PathElement::new(vec![(sh.low, y), (sh.high, y)], st),
                PathElement::new(vec![(sh.low, y - 0.12), (sh.low, y + 0.12)], st),
                PathElement::new(vec![(sh.high, y - 0.12), (sh.high, y + 0.12)], st),
            ])?;
        }
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(base, -0.5), (base, n as f64 - 0.5)],
        INK.stroke_width(3),
    )))?;

    // Labels in the left column. `map_coordinate` gives canvas pixels, so draw on the root.
    let plot_area = chart.plotting_area();
    let name_style = anchored(font(SMALL, INK), HPos::Right, VPos::Bottom);
    let range_style = anchored(font(22.0, MUTED), HPos::Right, VPos::Top);
    let value_style = |h| anchored(font(22.0, INK), h, VPos::Center);
    for (k, s) in bars.iter().enumerate() {
        let y = row_y(k);
        let (_, py) = plot_area.map_coordinate(&(x0, y));
        let x = label_w as i32 - 10;
        let text = fit(root, &s.label, &name_style, label_w - 30);
        root.draw(&Text::new(text, (x, py + 2), name_style.clone()))?;
        let range = format!(
            "{} to {}{}",
            tick(s.low),
            tick(s.high),
            if s.basis == Basis::PlusMinus20 {
                "  (±20%)"
            } else {
                ""
            }
        );
        root.draw(&Text::new(range, (x, py + 4), range_style.clone()))?;
        // Each bar's share beyond its outer end and its whisker.
        for c in [&s.at_low, &s.at_high] {
            let at = share(c);
            if (at - base).abs() < 1e-12 {
                continue;
            }
            let [wlo, whi] = interval(c);
            let edge = if at < base { wlo.min(at) } else { whi.max(at) };
            let (px, _) = plot_area.map_coordinate(&(edge, y));
            let text = crate::charts::theme::percent(at);
            let tw = root
                .estimate_text_size(&text, &value_style(HPos::Left))
                .map_or(60, |(w, _)| w as i32);
            let (left, right) = (
                plot_area.get_pixel_range().0.start,
                plot_area.get_pixel_range().0.end,
            );
            // Outside the bar's end; inside it (white) where the axis edge leaves no room.
            let (x, h, ink) = if at < base && px - 8 - tw < left {
                (px + 8, HPos::Left, WHITE)
            } else if at < base {
                (px - 8, HPos::Right, INK)
            } else if px + 8 + tw > right {
                (px - 8, HPos::Right, WHITE)
            } else {
                (px + 8, HPos::Left, INK)
            };
            root.draw(&Text::new(
                text,
                (x, py),
                anchored(font(22.0, ink), h, VPos::Center),
            ))?;
        }
    }
    if bars.is_empty() {
        let note = anchored(font(LABEL, MUTED), HPos::Center, VPos::Center);
        body.draw(&Text::new(
            "No uncertain number to vary",
            (w as i32 / 2, h as i32 / 2),
            note,
        ))?;
    }

    // Legend in the footer.
    let label = anchored(font(SMALL, INK), HPos::Left, VPos::Center);
    let mut x = 40;
    for (text, color) in [
        ("at its 10th percentile (fixed: -20%)", LOW),
        ("at its 90th percentile (fixed: +20%)", HIGH),
    ] {
        footer.draw(&Rectangle::new([(x, 14), (x + 36, 46)], color.filled()))?;
        footer.draw(&Text::new(text, (x + 48, 30), label.clone()))?;
        let tw = footer
            .estimate_text_size(text, &label)
            .map_or(500, |(w, _)| w as i32);
        x += 48 + tw + 50;
    }
    footer.draw(&PathElement::new(
        vec![(x, 12), (x, 48)],
        INK.stroke_width(3),
    ))?;
    footer.draw(&Text::new(
        format!("as written: {:.1}%", base * 100.0),
        (x + 14, 30),
        label.clone(),
    ))?;
    let note = anchored(font(22.0, MUTED), HPos::Left, VPos::Center);
    let (fw, _) = footer.dim_in_pixel();
    let lines =
        crate::charts::theme::wrap(root, &noise_note(a, &bars), &note, fw.saturating_sub(80));
    for (k, line) in lines.into_iter().take(2).enumerate() {
        footer.draw(&Text::new(line, (40, 66 + 26 * k as i32), note.clone()))?;
    }
    Ok(())
}

/// The 95% half-width of a number's change from low to high, treating the two shares as
/// independent (common random numbers make them positively correlated, so the true noise is
/// smaller: this errs on the side of "cannot tell apart").
fn change_noise(
    s: &truce_core::sensitivity::Swing,
    runs: u64,
    o: truce_core::engine::Outcome,
) -> f64 {
    let n = runs.max(1) as f64;
    let var = |c: &truce_core::sweep::Counts| {
        let p = Share::of(c, runs, o).share;
        p * (1.0 - p) / n
    };
    1.96 * (var(&s.at_low) + var(&s.at_high)).sqrt()
}

/// Which neighbouring ranks the runs cannot tell apart, and which changes are within noise of
/// none at all, in one line.
fn noise_note(a: &Sensitivity, bars: &[&truce_core::sensitivity::Swing]) -> String {
    let o = a.outcome;
    let changes: Vec<(f64, f64)> = bars
        .iter()
        .map(|s| (s.effect(o, a.runs).abs(), change_noise(s, a.runs, o)))
        .collect();
    let mut ties = Vec::new();
    for k in 1..changes.len() {
        let (c0, e0) = changes[k - 1];
        let (c1, e1) = changes[k];
        if (c0 - c1).abs() < (e0 * e0 + e1 * e1).sqrt() {
            ties.push(k);
        }
    }
    let zero: Vec<usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, (c, e))| c < e)
        .map(|(k, _)| k + 1)
        .collect();
    let mut text = format!(
        "Whiskers: 95% intervals of the shares at {} runs per value.",
        thousands(a.runs)
    );
    // Chains of neighbours that cannot be told apart: ties k, k+1, ... span ranks k..=last+1.
    let mut chains: Vec<(usize, usize)> = Vec::new();
    for &k in &ties {
        match chains.last_mut() {
            Some((_, end)) if *end == k => *end = k + 1,
            _ => chains.push((k, k + 1)),
        }
    }
    if chains.is_empty() {
        text.push_str(" Every rank is clear of the next.");
    } else {
        let spans: Vec<String> = chains.iter().map(|(a, b)| format!("{a} to {b}")).collect();
        text.push_str(&format!(
            " Within Monte Carlo noise, so their order is not established: ranks {}.",
            spans.join(", ")
        ));
    }
    if !zero.is_empty() {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for &k in &zero {
            match spans.last_mut() {
                Some((_, end)) if *end + 1 == k => *end = k,
                _ => spans.push((k, k)),
            }
        }
        let spans: Vec<String> = spans
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a} to {b}")
                }
            })
            .collect();
        text.push_str(&format!(
            " No effect told apart from noise: {}.",
            spans.join(", ")
        ));
    }
    text
}
