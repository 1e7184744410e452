//! Charts of a Monte Carlo job, drawn from its [`Summary`] alone (never by re-running the
//! model), so `truce run` and `truce merge` draw the same charts.
//!
//! Every chart is one file with a `draw` function generic over the plotters backend, so the
//! same code draws the SVG and the PNG. Rendering is pure: a summary in, strings and bytes out;
//! the command line writes the files. File names under `charts/` are stable. Every chart is
//! drawn for every scenario except the two about signed pauses (survival, what ended them),
//! which a scenario without `[truce]` does not have (the report says so); a chart with nothing
//! to show (no deal was signed, no analysis could be computed) says so in a note where its plot
//! would be.

mod blockers;
mod outcomes;
mod pause_ends;
pub(crate) mod survival;
mod terms;
pub(crate) mod theme;
mod time_to_agreement;
mod timeline;
pub(crate) mod typeset;
mod utilities;
mod utility_space;

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::*;

use truce_core::summary::Summary;
use typeset::Typeset;

pub use theme::{FONT_STACK, outcome_color, outcome_label, role_words, thousands};

/// An output format of `--charts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics: sharp at any size, small.
    Svg,
    /// A 1600x1000 bitmap, for slides.
    Png,
}

/// Parse `--charts`: `svg,png` (the default), `svg`, `png` (in any order, each at most once), or
/// `none` (no charts: an empty list).
pub fn parse_formats(text: &str) -> Result<Vec<Format>, String> {
    let valid = "valid values: svg,png (the default), svg, png, none";
    let text = text.trim();
    if text == "none" {
        return Ok(Vec::new());
    }
    let mut formats = Vec::new();
    for part in text.split(',').map(str::trim) {
        let f = match part {
            "svg" => Format::Svg,
            "png" => Format::Png,
            "" => return Err(format!("--charts: empty format in `{text}` ({valid})")),
            "none" => {
                return Err(format!(
                    "--charts: `none` stands alone, not in a list ({valid})"
                ));
            }
            other => return Err(format!("--charts: unknown format `{other}` ({valid})")),
        };
        if formats.contains(&f) {
            return Err(format!("--charts: `{part}` given twice ({valid})"));
        }
        formats.push(f);
    }
    Ok(formats)
}

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Stable file stem under `charts/`, e.g. `01-outcomes`.
    pub name: &'static str,
    /// Its title.
    pub title: String,
    /// One sentence: how to read the chart.
    pub caption: String,
    /// The SVG, when asked for.
    pub svg: Option<String>,
    /// The PNG bytes, when asked for.
    pub png: Option<Vec<u8>>,
}

/// A chart could not be drawn (a backend error: never expected for a valid summary).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError {
    /// Which chart.
    pub chart: &'static str,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart {}: {}", self.chart, self.message)
    }
}

impl std::error::Error for ChartError {}

/// The charts, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Outcomes,
    TimeToAgreement,
    Survival,
    Terms,
    Utilities,
    Timeline,
    Blockers,
    UtilitySpace,
    PauseEnds,
}

impl Kind {
    const ALL: [Kind; 9] = [
        Kind::Outcomes,
        Kind::TimeToAgreement,
        Kind::Survival,
        Kind::Terms,
        Kind::Utilities,
        Kind::Timeline,
        Kind::Blockers,
        Kind::UtilitySpace,
        Kind::PauseEnds,
    ];

    /// Whether the chart means anything for this summary: the pause charts need `[truce]`.
    fn applies(self, s: &Summary) -> bool {
        match self {
            Kind::Survival | Kind::PauseEnds => s.scenario.truce.is_some(),
            _ => true,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Outcomes => "01-outcomes",
            Kind::TimeToAgreement => "02-time-to-agreement",
            Kind::Survival => "03-survival",
            Kind::Terms => "04-terms",
            Kind::Utilities => "05-utilities",
            Kind::Timeline => "06-momentum-trust",
            Kind::Blockers => "07-blockers",
            Kind::UtilitySpace => "08-utility-space",
            Kind::PauseEnds => "09-pause-ends",
        }
    }

    fn title(self, s: &Summary) -> &'static str {
        match self {
            Kind::Outcomes => outcomes::TITLE,
            Kind::TimeToAgreement => time_to_agreement::TITLE,
            Kind::Survival => survival::TITLE,
            Kind::Terms => terms::TITLE,
            Kind::Utilities => utilities::TITLE,
            Kind::Timeline => timeline::title(s),
            Kind::Blockers => blockers::TITLE,
            Kind::UtilitySpace => utility_space::TITLE,
            Kind::PauseEnds => pause_ends::TITLE,
        }
    }

    fn caption(self, s: &Summary) -> String {
        match self {
            Kind::Outcomes => outcomes::caption(s),
            Kind::TimeToAgreement => time_to_agreement::caption(s),
            Kind::Survival => survival::caption(s),
            Kind::Terms => terms::caption(s),
            Kind::Utilities => utilities::caption(s),
            Kind::Timeline => timeline::caption(s),
            Kind::Blockers => blockers::caption(s),
            Kind::UtilitySpace => utility_space::caption(s),
            Kind::PauseEnds => pause_ends::caption(s),
        }
    }

    fn size(self, s: &Summary) -> (u32, u32) {
        match self {
            Kind::Terms => terms::size(s),
            _ => (theme::WIDTH, theme::HEIGHT),
        }
    }

    fn draw<DB: DrawingBackend>(
        self,
        root: &DrawingArea<DB, Shift>,
        s: &Summary,
    ) -> theme::PlotResult<(), DB> {
        let body = theme::frame(root, s, self.title(s))?;
        match self {
            Kind::Outcomes => outcomes::draw(&body, s),
            Kind::TimeToAgreement => time_to_agreement::draw(&body, s),
            Kind::Survival => survival::draw(&body, s),
            Kind::Terms => terms::draw(&body, s),
            Kind::Utilities => utilities::draw(&body, s),
            Kind::Timeline => timeline::draw(&body, s),
            Kind::Blockers => blockers::draw(&body, s),
            Kind::UtilitySpace => utility_space::draw(&body, s),
            Kind::PauseEnds => pause_ends::draw(&body, s),
        }
    }

    fn error(self, e: impl fmt::Display) -> ChartError {
        ChartError {
            chart: self.name(),
            message: e.to_string(),
        }
    }

    fn svg(self, s: &Summary) -> Result<String, ChartError> {
        theme::register_fonts().map_err(|e| self.error(e))?;
        let mut out = String::new();
        {
            let backend = SVGBackend::with_string(&mut out, self.size(s));
            let root = Typeset::vector(backend).into_drawing_area();
            self.draw(&root, s).map_err(|e| self.error(e))?;
            root.present().map_err(|e| self.error(e))?;
        }
        Ok(with_font_stack(&out))
    }

    fn png(self, s: &Summary) -> Result<Vec<u8>, ChartError> {
        theme::register_fonts().map_err(|e| self.error(e))?;
        let (w, h) = self.size(s);
        let mut rgb = vec![255u8; w as usize * h as usize * 3];
        {
            let root =
                Typeset::raster(BitMapBackend::with_buffer(&mut rgb, (w, h))).into_drawing_area();
            self.draw(&root, s).map_err(|e| self.error(e))?;
            root.present().map_err(|e| self.error(e))?;
        }
        encode_png(&rgb, w, h).map_err(|e| self.error(e))
    }
}

/// Name the bundled font with fallbacks in SVG text, for viewers without DejaVu Sans.
fn with_font_stack(svg: &str) -> String {
    svg.replace(
        &format!("font-family=\"{}\"", theme::FAMILY),
        &format!("font-family=\"{FONT_STACK}\""),
    )
}

/// PNG bytes of an RGB buffer. Fast compression: the charts are flat colours, which compress
/// well anyway, and the default level costs several times as long.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(out)
}

/// Draw every chart that applies to `summary` (see [`left_out`]) in each of `formats` (none for
/// an empty list: `--charts none`). The report needs SVG: for charts drawn as PNG only it draws
/// it with [`svg_of`].
pub fn render_all(summary: &Summary, formats: &[Format]) -> Result<Vec<Chart>, ChartError> {
    if formats.is_empty() {
        return Ok(Vec::new());
    }
    let render = |kind: Kind| -> Result<Chart, ChartError> {
        Ok(Chart {
            name: kind.name(),
            title: kind.title(summary).to_string(),
            caption: kind.caption(summary),
            svg: match formats.contains(&Format::Svg) {
                true => Some(kind.svg(summary)?),
                false => None,
            },
            png: match formats.contains(&Format::Png) {
                true => Some(kind.png(summary)?),
                false => None,
            },
        })
    };
    // Charts are independent: draw them on the rayon pool (the PNGs dominate the time).
    use rayon::prelude::*;
    Kind::ALL
        .par_iter()
        .filter(|k| k.applies(summary))
        .map(|&k| render(k))
        .collect()
}

/// Titles of the charts not drawn for `summary` because they would mean nothing (the pause
/// charts of a scenario without `[truce]`), for the report to say so.
pub fn left_out(summary: &Summary) -> Vec<&'static str> {
    Kind::ALL
        .iter()
        .filter(|k| !k.applies(summary))
        .map(|k| k.title(summary))
        .collect()
}

/// The SVG of the chart named `name` (a [`Chart::name`]); `None` for an unknown name.
pub fn svg_of(summary: &Summary, name: &str) -> Option<Result<String, ChartError>> {
    Kind::ALL
        .iter()
        .find(|k| k.name() == name)
        .map(|k| k.svg(summary))
}

/// Stable file stems of all charts, in order (also those a summary leaves out).
pub fn names() -> Vec<&'static str> {
    Kind::ALL.iter().map(|k| k.name()).collect()
}

#[cfg(test)]
pub(crate) mod tests;
