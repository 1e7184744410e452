//! The look shared by every chart: canvas size, fonts, palette, the header with title and
//! subtitle, the "nothing to show" note, and text that comes from a scenario file made safe.
//!
//! Sizes are for a projector: a 1600 x 1000 canvas with a ~40 px title and ~26 px labels, so a
//! chart stays legible at the back of a lecture hall and when pasted into a brief at half size.
//! Colours are the Okabe-Ito palette (Okabe and Ito 2008), which stays distinct for the common
//! forms of colour blindness; each outcome keeps one colour on every chart.

use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};

use truce_core::engine::Outcome;
use truce_core::summary::Summary;

/// Canvas of every chart (the terms chart may be taller, see `terms::size`).
pub const WIDTH: u32 = 1600;
/// Height of a chart in pixels.
pub const HEIGHT: u32 = 1000;

/// Font sizes as plotters takes them: the SVG backend (and our PNG text, see `typeset`) draws a
/// size-`s` font with an em of `s / 1.24` px, so 50 gives a 40 px title, 32 a 26 px label.
pub const TITLE: f64 = 50.0;
pub const SUBTITLE: f64 = 32.0;
/// Font size of axis labels.
pub const LABEL: f64 = 32.0;
/// Font size of tick labels.
pub const TICK: f64 = 30.0;
/// Font size of small print.
pub const SMALL: f64 = 28.0;

/// Left/right margin of the canvas, and height of the header (title + subtitle).
pub const MARGIN: i32 = 40;
pub const HEADER: i32 = 150;

/// The family name the bundled font is registered under. SVG text names it too; the report
/// and the SVG files add fallbacks (see [`FONT_STACK`]) for viewers without DejaVu Sans.
pub const FAMILY: &str = "DejaVu Sans";
/// CSS font stack for SVG text: Verdana has nearly the metrics of DejaVu Sans (both descend
/// from Bitstream Vera's proportions), so labels laid out for DejaVu still fit.
pub const FONT_STACK: &str = "DejaVu Sans, Verdana, Bitstream Vera Sans, sans-serif";

/// The bundled faces (see `assets/fonts/LICENSE`).
pub static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Register the bundled DejaVu Sans with plotters (once per process). Also under plotters'
/// generic `sans-serif`, which some of its defaults ask for.
pub fn register_fonts() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        for name in [FAMILY, "sans-serif"] {
            register_font(name, FontStyle::Normal, REGULAR_TTF)
                .map_err(|_| "the bundled font DejaVuSans.ttf is not a valid font".to_string())?;
            register_font(name, FontStyle::Bold, BOLD_TTF).map_err(|_| {
                "the bundled font DejaVuSans-Bold.ttf is not a valid font".to_string()
            })?;
        }
        Ok(())
    })
    .clone()
}

// Okabe-Ito (its yellow is left out: it vanishes on white and on a washed-out projector).
pub const OI_BLACK: RGBColor = RGBColor(0, 0, 0);
pub const OI_ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const OI_SKY: RGBColor = RGBColor(86, 180, 233);
pub const OI_GREEN: RGBColor = RGBColor(0, 158, 115);
pub const OI_BLUE: RGBColor = RGBColor(0, 114, 178);
pub const OI_VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const OI_PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Text, axes.
pub const INK: RGBColor = RGBColor(34, 34, 34);
/// Secondary text (subtitles, notes).
pub const MUTED: RGBColor = RGBColor(96, 96, 96);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(226, 226, 226);
/// Failure without a signed text.
pub const GREY: RGBColor = RGBColor(140, 140, 140);

/// `color` laid over white at opacity `alpha`: a light tint that prints and projects the same
/// in SVG and PNG (no transparency).
pub fn tint(color: RGBColor, alpha: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * alpha.clamp(0.0, 1.0)).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// The colour of an outcome, the same on every chart.
pub fn outcome_color(outcome: Outcome) -> RGBColor {
    match outcome {
        Outcome::NoDeal => GREY,
        Outcome::Walkout => OI_VERMILLION,
        Outcome::Collapsed => OI_PURPLE,
        Outcome::Expired => OI_ORANGE,
        Outcome::Held => OI_GREEN,
    }
}

/// What an outcome means, short enough for an axis label.
pub fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::NoDeal => "No deal",
        Outcome::Walkout => "Walkout",
        Outcome::Collapsed => "Collapsed",
        Outcome::Expired => "Expired",
        Outcome::Held => "Held",
    }
}

/// Party colours by scenario order (parties keep them on every chart). Yellow is left out: it
/// vanishes on white and on a washed-out projector.
const PARTY: [RGBColor; 7] = [
    OI_BLUE,
    OI_VERMILLION,
    OI_GREEN,
    OI_PURPLE,
    OI_SKY,
    OI_ORANGE,
    OI_BLACK,
];

pub fn party_color(index: usize) -> RGBColor {
    PARTY[index % PARTY.len()]
}

/// Colour of the party with id `id` (its index in `summary.parties`).
pub fn party_color_of(s: &Summary, id: &str) -> RGBColor {
    party_color(s.parties.iter().position(|p| p.id == id).unwrap_or(6))
}

/// Display name of the party with id `id` (the id itself if it is unknown).
pub fn party_name<'a>(s: &'a Summary, id: &'a str) -> &'a str {
    s.parties
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

/// The house style of every chart's axes and grid (label and tick fonts, white minor lines, a
/// light grid, ink axes), so a chart only says what is its own: labels, counts, formatters.
pub fn mesh<'a, 'b, DB, XT, YT, X, Y>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    let mut style = chart.configure_mesh();
    style
        .axis_desc_style(font(LABEL, INK))
        .label_style(font(TICK, INK))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(INK.stroke_width(2));
    style
}

/// Regular text of `size` in `color`.
pub fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// Bold text of `size` in `color`.
pub fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size, FontStyle::Bold).into_font().color(&color)
}

/// `style` anchored at (h, v).
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Text from a scenario file, made safe to draw: control characters (which XML forbids and a
/// terminal would obey) become spaces. `<`, `&` and quotes are escaped by the SVG backend and
/// checked again by the tests.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` cleaned and shortened with an ellipsis so that it is at most `max_px` wide in `style`.
pub fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_px: u32,
) -> String {
    let text = clean(text);
    let width = |t: &str| area.estimate_text_size(t, style).map_or(0, |(w, _)| w);
    if width(&text) <= max_px {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    // Binary search the longest prefix that fits with the ellipsis.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if width(&candidate) <= max_px {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let kept: String = chars[..lo].iter().collect();
    format!("{}…", kept.trim_end())
}

/// Split `text` into lines of at most `max_px` in `style`, at spaces.
pub fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_px: u32,
) -> Vec<String> {
    let width = |t: &str| area.estimate_text_size(t, style).map_or(0, |(w, _)| w);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in clean(text).split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate) <= max_px || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| fit(area, &l, style, max_px))
        .collect()
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 run`, `2,000 runs`.
pub fn runs(n: u64) -> String {
    if n == 1 {
        "1 run".to_string()
    } else {
        format!("{} runs", thousands(n))
    }
}

/// A share as a percentage with one decimal: `0.4213` -> `42.1%`; a share that is not zero
/// but rounds to it reads `<0.1%`, never `0.0%` (and one short of all, `>99.9%`).
pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.0005 {
        "<0.1%".to_string()
    } else if (0.9995..1.0).contains(&share) {
        ">99.9%".to_string()
    } else {
        format!("{:.1}%", share * 100.0)
    }
}

/// A party's role in words that fit any dispute (a trade war has no belligerents): `side,
/// must agree`, `mediator, need not agree`.
pub fn role_words(role: truce_core::model::Role, must_agree: bool) -> String {
    use truce_core::model::Role;
    let what = match role {
        Role::Belligerent => "side",
        Role::Mediator => "mediator",
        Role::Backer => "backer",
    };
    let must = if must_agree {
        "must agree"
    } else {
        "need not agree"
    };
    format!("{what}, {must}")
}

/// The subtitle every chart carries: scenario, runs, seed (and the shard, for a shard).
pub fn subtitle(s: &Summary) -> String {
    let mut text = format!(
        "{}  ·  {}  ·  seed {}",
        clean(&s.scenario.name),
        runs(s.runs),
        s.seed
    );
    if let Some(shard) = &s.shard {
        text.push_str(&format!("  ·  shard {}/{}", shard.k, shard.n));
    }
    text
}

/// Errors of drawing on backend `DB`.
pub type PlotResult<T, DB> =
    Result<T, plotters::drawing::DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Paint the canvas white, draw the title and the subtitle; the area below the header.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &Summary,
    title: &str,
) -> PlotResult<DrawingArea<DB, Shift>, DB> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let max = w.saturating_sub(2 * MARGIN as u32);
    let title_style = anchored(bold(TITLE, INK), HPos::Left, VPos::Top);
    let title = fit(root, title, &title_style, max);
    root.draw(&Text::new(title, (MARGIN, 30), title_style))?;
    let sub_style = anchored(font(SUBTITLE, MUTED), HPos::Left, VPos::Top);
    let sub = fit(root, &subtitle(s), &sub_style, max);
    root.draw(&Text::new(sub, (MARGIN, 92), sub_style))?;
    Ok(root.split_vertically(HEADER).1)
}

/// A centred grey note in `area`, for a chart with nothing to show ("no deal was signed").
pub fn note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    message: &str,
) -> PlotResult<(), DB> {
    let (w, h) = area.dim_in_pixel();
    let style = anchored(font(LABEL, MUTED), HPos::Center, VPos::Center);
    let lines = wrap(area, message, &style, w.saturating_sub(160));
    let line_h = (LABEL * 1.3) as i32;
    let top = h as i32 / 2 - line_h * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.into_iter().enumerate() {
        area.draw(&Text::new(
            line,
            (w as i32 / 2, top + i as i32 * line_h),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// A legend entry drawn by hand: a swatch (drawn by `swatch` in a 36 x 36 box at `(x, y)`)
/// and its label; returns the x where the next entry can start.
pub fn legend_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    label: &str,
    swatch: impl FnOnce(&DrawingArea<DB, Shift>, (i32, i32)) -> PlotResult<(), DB>,
) -> PlotResult<i32, DB> {
    swatch(area, (x, y))?;
    let style = anchored(font(SMALL, INK), HPos::Left, VPos::Center);
    let label = clean(label);
    let w = area
        .estimate_text_size(&label, &style)
        .map_or(0, |(w, _)| w as i32);
    area.draw(&Text::new(label, (x + 46, y + 18), style))?;
    Ok(x + 46 + w + 40)
}

/// A filled square swatch for [`legend_entry`].
pub fn square<DB: DrawingBackend>(
    color: RGBColor,
) -> impl FnOnce(&DrawingArea<DB, Shift>, (i32, i32)) -> PlotResult<(), DB> {
    move |area, (x, y)| {
        area.draw(&Rectangle::new(
            [(x + 4, y + 4), (x + 32, y + 32)],
            color.filled(),
        ))
    }
}

/// A horizontal line swatch for [`legend_entry`].
pub fn line<DB: DrawingBackend>(
    style: ShapeStyle,
) -> impl FnOnce(&DrawingArea<DB, Shift>, (i32, i32)) -> PlotResult<(), DB> {
    move |area, (x, y)| {
        area.draw(&PathElement::new(
            vec![(x, y + 18), (x + 36, y + 18)],
            style,
        ))
    }
}

/// A dashed polyline in backend pixels (plotters 0.3 has no dash style of its own for paths).
pub fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    style: ShapeStyle,
    dash: i32,
) -> PlotResult<(), DB> {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let steps = (len / dash.max(1) as f64).ceil() as i32;
    for k in (0..steps).step_by(2) {
        let a = k as f64 / steps as f64;
        let b = ((k + 1) as f64 / steps as f64).min(1.0);
        let p = |t: f64| {
            (
                from.0 + (dx * t).round() as i32,
                from.1 + (dy * t).round() as i32,
            )
        };
        area.draw(&PathElement::new(vec![p(a), p(b)], style))?;
    }
    Ok(())
}

/// Turn option and issue ids into words: `third_party_monitors` -> `third party monitors`.
pub fn words(id: &str) -> String {
    clean(&id.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn small_shares_are_not_zero() {
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.0004), "<0.1%");
        assert_eq!(percent(0.0005), "0.1%");
        assert_eq!(percent(0.421), "42.1%");
        assert_eq!(percent(0.9996), ">99.9%");
        assert_eq!(percent(1.0), "100.0%");
    }

    #[test]
    fn clean_removes_control_characters() {
        assert_eq!(clean("a\u{0}b\nc\u{1b}[31m"), "a b c [31m");
    }

    #[test]
    fn fonts_register() {
        assert!(register_fonts().is_ok());
        assert!(register_fonts().is_ok());
    }
}
