//! Chart 2: on which day the deals were signed.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::*;
use truce_core::summary::Summary;

pub const TITLE: &str = "When the deals were signed";

pub fn caption(s: &Summary) -> String {
    let bin = s.time_to_agreement.bin_days;
    format!(
        "Each bar counts the runs whose deal was signed within that {}-day span after talks \
         began, as a share of all {} runs; the dashed line marks the median day of signing.",
        bin,
        thousands(s.runs)
    )
}

pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &Summary) -> PlotResult<(), DB> {
    let d = &s.time_to_agreement;
    if d.count == 0 || s.runs == 0 {
        return note(
            area,
            "No deal was signed in these runs, so there is no day of signing to show.",
        );
    }
    let bin = d.bin_days.max(1) as f64;
    let last = d.counts.iter().rposition(|&c| c > 0).unwrap_or(0);
    // Show the talks' whole window when it is known, else up to the last deal.
    let talks_end = (s.scenario.max_rounds as f64) * (s.scenario.days_per_round as f64);
    let x_max = ((last + 1) as f64 * bin).max(talks_end.min(s.scenario.horizon_days as f64));
    let x_max = x_max.max(bin) + 0.5 * bin;
    let runs = s.runs as f64;
    let top = d.counts.iter().copied().max().unwrap_or(0) as f64 / runs * 100.0;
    let y_max = nice_ceiling(top * 1.2);

    let (legend, plot) = area.split_vertically(70);
    let share = percent(s.deals as f64 / runs);
    let mut x = MARGIN + 150;
    x = legend_entry(
        &legend,
        (x, 10),
        &format!("runs with a deal ({share} of all runs)"),
        square(OI_BLUE),
    )?;
    if d.quantiles.is_some() {
        // Dashed like the line it explains; the day itself is written once, on the plot.
        legend_entry(
            &legend,
            (x, 10),
            "median day of signing",
            |a: &DrawingArea<DB, Shift>, (x, y)| {
                dashed(a, (x, y + 18), (x + 36, y + 18), INK.stroke_width(4), 8)
            },
        )?;
    }

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 20)
        .margin_top(10)
        .margin_bottom(10)
        .x_label_area_size(110)
        .y_label_area_size(130)
        .build_cartesian_2d(0.0f64..x_max, 0.0f64..y_max)?;
    mesh(&mut chart)
        .disable_x_mesh()
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .x_desc("Day of signing (days since talks began)")
        .y_desc("Share of all runs (%)")
        .draw()?;

    // Deals are signed at the end of a round. When a bin is one round, every deal in bin k was
    // signed on day k * bin: centre the bar on that day rather than spread it over the week.
    let per_round = d.bin_days == s.scenario.days_per_round;
    let offset = if per_round { -0.5 * bin } else { 0.0 };
    chart.draw_series(
        d.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, &c)| {
                let x0 = k as f64 * bin + offset;
                Rectangle::new(
                    [
                        (x0 + bin * 0.08, 0.0),
                        (x0 + bin * 0.92, c as f64 / runs * 100.0),
                    ],
                    OI_BLUE.filled(),
                )
            }),
    )?;

    if let Some(q) = d.quantiles {
        // The median day falls inside its bin; draw it at the day itself.
        let (x0, y0) = chart.backend_coord(&(q.p50, 0.0));
        let (_, y1) = chart.backend_coord(&(q.p50, y_max));
        let base = plot.get_base_pixel();
        dashed(
            &plot,
            (x0 - base.0, y0 - base.1),
            (x0 - base.0, y1 - base.1),
            INK.stroke_width(4),
            14,
        )?;
        // The label on the side of the line with more room.
        let (h, dx) = if q.p50 > x_max / 2.0 {
            (HPos::Right, -12)
        } else {
            (HPos::Left, 12)
        };
        let style = anchored(bold(SMALL, INK), h, VPos::Top);
        chart.draw_series(std::iter::once(
            EmptyElement::at((q.p50, y_max))
                + Text::new(
                    format!(
                        "median: day {:.0}  (middle 80%: days {:.0}–{:.0})",
                        q.p50, q.p10, q.p90
                    ),
                    (dx, 8),
                    style,
                ),
        ))?;
    }
    Ok(())
}

/// A round upper bound for a percentage axis: 1, 2, 5 or 10 times a power of ten.
pub fn nice_ceiling(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * p)
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.2), 4.0);
        assert_eq!(nice_ceiling(12.0), 15.0);
        assert_eq!(nice_ceiling(58.0), 60.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
    }
}
