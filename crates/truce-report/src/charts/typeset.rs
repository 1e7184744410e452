//! Text measured and drawn with the bundled font, the same way in SVG and PNG.
//!
//! Why not plotters' own `ab_glyph` text: in plotters 0.3.7 it drops each glyph's left side
//! bearing when rasterising (so "interval" comes out as "in terval"), and it measures text at a
//! scale about 6% larger than the SVG it writes. [`Typeset`] wraps a backend and
//! - measures text with DejaVu Sans at the size the SVG text is written at (`size / 1.24` px
//!   to the em), so layout (fitting, wrapping, centring) matches what a browser shows;
//! - on a bitmap, draws glyphs itself, each at its pen position, with the same baseline rule
//!   as the SVG backend's `dy` (top: 0.76 em below the anchor; centre and bottom: half an x
//!   height), so a PNG and its SVG look alike;
//! - on SVG, leaves the drawing to the backend (it writes `<text>` elements).
//!
//! Everything else is passed through unchanged.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::theme::{BOLD_TTF, REGULAR_TTF};

/// The two faces, parsed once.
struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(REGULAR_TTF).ok()?,
                bold: FontRef::try_from_slice(BOLD_TTF).ok()?,
            })
        })
        .as_ref()
}

/// Measures of one string in one style.
struct Line<'f> {
    font: &'f FontRef<'static>,
    scale: PxScale,
    /// Pixels to the em.
    em: f32,
    width: f32,
}

fn line<'f>(faces: &'f Faces, text: &str, size: f64, style: FontStyle) -> Line<'f> {
    let font = match style {
        FontStyle::Bold => &faces.bold,
        _ => &faces.regular,
    };
    let em = (size / 1.24) as f32;
    let upem = font.units_per_em().unwrap_or(2048.0);
    let scale = PxScale::from(em * font.height_unscaled() / upem);
    let scaled = font.as_scaled(scale);
    let mut width = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    Line {
        font,
        scale,
        em,
        width,
    }
}

/// A backend whose text is measured (and, on a bitmap, drawn) with the bundled font.
pub struct Typeset<B> {
    inner: B,
    /// Draw glyphs here (bitmap) rather than leave text to the backend (SVG).
    raster: bool,
}

impl<B: DrawingBackend> Typeset<B> {
    /// Wrap an SVG-like backend that draws text itself.
    pub fn vector(inner: B) -> Self {
        Typeset {
            inner,
            raster: false,
        }
    }

    /// Wrap a bitmap backend: text is rasterised here.
    pub fn raster(inner: B) -> Self {
        Typeset {
            inner,
            raster: true,
        }
    }
}

impl<B: DrawingBackend> DrawingBackend for Typeset<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        match faces() {
            Some(f) => {
                let l = line(f, text, style.size(), style.style());
                Ok((l.width.ceil() as u32, l.em.ceil() as u32))
            }
            None => self.inner.estimate_text_size(text, style),
        }
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let Some(faces) = faces().filter(|_| self.raster) else {
            return self.inner.draw_text(text, style, pos);
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let l = line(faces, text, style.size(), style.style());
        let scaled = l.font.as_scaled(l.scale);
        // The SVG backend's `0.5ex`; DejaVu Sans's x height is 1120 of its 2048 units.
        let half_ex = 0.5 * l.em * 1120.0 / 2048.0;
        let anchor = style.anchor();
        let x0 = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -l.width / 2.0,
            HPos::Right => -l.width,
        };
        let baseline = match anchor.v_pos {
            VPos::Top => 0.76 * l.em,
            VPos::Center => half_ex,
            VPos::Bottom => -half_ex,
        };
        let transform = style.transform();
        let (w, h) = self.inner.get_size();
        let mut caret = x0;
        let mut prev = None;
        let mut result = Ok(());
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(l.scale, point(caret, baseline));
            caret += scaled.h_advance(id);
            let Some(outline) = l.font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let inner = &mut self.inner;
            outline.draw(|gx, gy, coverage| {
                if coverage <= 0.0 || result.is_err() {
                    return;
                }
                let (dx, dy) = transform.transform(
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                );
                let (x, y) = (pos.0 + dx, pos.1 + dy);
                if x >= 0 && y >= 0 && x < w as i32 && y < h as i32 {
                    result = inner.draw_pixel((x, y), color.mix(f64::from(coverage.min(1.0))));
                }
            });
        }
        result
    }
}
