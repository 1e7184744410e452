//! Problems found in a scenario file, rendered the way rustc renders its errors.
//!
//! A diagnostic carries a byte span, never a line number: line and column are derived from the
//! span at render time, so they always agree with what the parser saw.

use std::fmt;
use std::ops::Range;

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte offsets of the offending key or value; `None` when the problem has no place in the
    /// text (the file could not be read).
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at `span` (byte offsets in the file).
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            span: Some(span),
            message: message.into(),
            hint: None,
        }
    }

    /// A problem with the file as a whole.
    pub fn without_span(message: impl Into<String>) -> Self {
        Diagnostic {
            span: None,
            message: message.into(),
            hint: None,
        }
    }

    /// With a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// With a hint, if there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// A scenario that could not be loaded: every problem found, with what is needed to show them.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// In file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The name the diagnostics start with (the path as the user gave it).
    pub file_name: String,
    /// The file's text (lossily decoded), kept to print the offending lines.
    pub source: String,
}

impl LoadError {
    /// Sorts the diagnostics into file order; spanless ones come first.
    pub fn new(file_name: &str, source: &str, mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
        LoadError {
            diagnostics,
            file_name: file_name.to_string(),
            source: source.to_string(),
        }
    }

    /// Line and column (1-based, column counted in characters) of a diagnostic.
    pub fn position(&self, d: &Diagnostic) -> Option<(usize, usize)> {
        d.span.as_ref().map(|s| line_col(&self.source, s.start))
    }

    /// Every diagnostic, each followed by its source line, a caret and the hint.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            render_one(&mut out, &self.file_name, &self.source, d);
        }
        out
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for LoadError {}

/// Largest char boundary not after `offset`, so a span from any source can be used safely.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn render_one(out: &mut String, file: &str, source: &str, d: &Diagnostic) {
    use std::fmt::Write;
    let Some(span) = &d.span else {
        let _ = writeln!(out, "{file}: error: {}", d.message);
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        return;
    };
    let start = floor_boundary(source, span.start);
    let (line, col) = line_col(source, start);
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let text = source[line_start..line_end].trim_end_matches('\r');
    let end = floor_boundary(source, span.end.max(start)).min(line_start + text.len());
    let width = source
        .get(start..end)
        .map_or(0, |s| s.chars().count())
        .max(1);
    let gutter = " ".repeat(line.to_string().len());
    let _ = writeln!(out, "{file}:{line}:{col}: error: {}", d.message);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{line} | {text}");
    let _ = writeln!(
        out,
        "{gutter} | {}{}",
        " ".repeat(col - 1),
        "^".repeat(width)
    );
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "{gutter} = hint: {hint}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let src = "[party]\ntrust = 1.4\n";
        let d = Diagnostic::new(16..19, "trust 1.4 is outside its range").with_hint("in [0, 1]");
        let e = LoadError::new("x.toml", src, vec![d]);
        assert_eq!(
            e.render(),
            "x.toml:2:9: error: trust 1.4 is outside its range\n  |\n2 | trust = 1.4\n  |         ^^^\n  = hint: in [0, 1]\n"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("a = \"é\"\nb", 9), (2, 1));
        assert_eq!(line_col("é = 1", 3), (1, 3));
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let e = LoadError::new("x", "é", vec![Diagnostic::new(1..99, "m")]);
        assert!(e.render().starts_with("x:1:1: error: m"));
    }
}
