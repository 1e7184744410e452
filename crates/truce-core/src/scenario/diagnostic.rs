//! Problems found in a scenario file, rendered the way rustc renders its errors.
//!
//! A diagnostic carries a byte span, never a line number: line and column are derived from the
//! span at render time, so they always agree with what the parser saw.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::ops::Range;

/// Most diagnostics printed for one file; the others are counted in a last line ("and 81234
/// more errors"). Fifty is more than anyone fixes in one pass, and a generated file gone wrong
/// can hold hundreds of thousands of problems.
pub const MAX_SHOWN: usize = 50;

/// Widest part of a source line quoted under a diagnostic, in characters: a window around the
/// offending text, so a 400 KB line of options is not printed once per problem.
pub const QUOTE_WIDTH: usize = 100;

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

    /// The first [`MAX_SHOWN`] diagnostics, each followed by its source line (a window of
    /// it, for a long line), a caret and the hint; then how many more there are.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.write_to(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// What [`LoadError::render`] returns, written to `out` one diagnostic at a time, so that
    /// a file with a hundred thousand problems costs no more memory than one with fifty.
    pub fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        for chunk in self.chunks() {
            out.write_all(chunk.as_bytes())?;
        }
        Ok(())
    }

    /// What [`LoadError::render`] returns, one diagnostic (with its quoted line, caret and
    /// hint) at a time, then the line counting those not shown: for a caller that prints each
    /// as it comes (or colours it first).
    pub fn chunks(&self) -> impl Iterator<Item = String> + '_ {
        let file = printable(&self.file_name).into_owned();
        let more = self.diagnostics.len().saturating_sub(MAX_SHOWN);
        let last = (more > 0).then(|| {
            format!("{file}: and {more} more errors (only the first {MAX_SHOWN} are shown)\n")
        });
        self.diagnostics
            .iter()
            .take(MAX_SHOWN)
            .map(move |d| {
                let mut one = String::new();
                render_one(&mut one, &file, &self.source, d);
                one
            })
            .chain(last)
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

/// Characters that would act on a terminal instead of being shown: control characters (escape
/// sequences, carriage returns, backspaces) and the bidirectional overrides and isolates
/// ("Trojan Source": text that reads differently from what it is).
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print on a terminal: every character that would act on it (see above) is
/// written as a Rust-style escape, `\u{1b}`; new lines are kept. Scenario files, paths and
/// command-line values reach error messages through this.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && acts_on_terminal(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_printable(&mut out, c, '\n');
    }
    Cow::Owned(out)
}

/// `c` as [`printable`] writes it; `keep` is let through as is.
fn push_printable(out: &mut String, c: char, keep: char) {
    use std::fmt::Write;
    if c != keep && acts_on_terminal(c) {
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    } else {
        out.push(c);
    }
}

/// The part of a source line shown under a diagnostic: at most [`QUOTE_WIDTH`] characters
/// around the span, with `…` where the line goes on; tabs become spaces and what would act on
/// a terminal is escaped. Returns the text and the caret's start and width, in characters of
/// that text.
fn quote(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = (col - 1).min(chars.len());
    let (from, to) = if chars.len() <= QUOTE_WIDTH {
        (0, chars.len())
    } else {
        let from = at
            .saturating_sub(QUOTE_WIDTH / 3)
            .min(chars.len() - QUOTE_WIDTH);
        (from, from + QUOTE_WIDTH)
    };
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    let mut caret = 0;
    let mut caret_width = 0;
    let caret_end = at + width;
    for (i, &c) in chars.iter().enumerate().take(to).skip(from) {
        let before = text.chars().count();
        if c == '\t' {
            text.push(' ');
        } else {
            push_printable(&mut text, c, '\t');
        }
        let shown = text.chars().count() - before;
        if i == at {
            caret = before;
        }
        if i >= at && i < caret_end {
            caret_width += shown;
        }
    }
    if at >= to {
        caret = text.chars().count();
    }
    if to < chars.len() {
        text.push('…');
    }
    (text, caret, caret_width.max(1))
}

/// Longest message or hint printed, in characters: a message quotes what the file says (an
/// unknown key), and a key can be a megabyte long.
pub const MAX_MESSAGE: usize = 400;

/// `text` cut to [`MAX_MESSAGE`] characters, with `…` where it was cut.
fn clipped(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_MESSAGE) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

fn render_one(out: &mut String, file: &str, source: &str, d: &Diagnostic) {
    use std::fmt::Write;
    let message = printable(&clipped(&d.message)).into_owned();
    let hint = d
        .hint
        .as_deref()
        .map(|h| printable(&clipped(h)).into_owned());
    let Some(span) = &d.span else {
        let _ = writeln!(out, "{file}: error: {message}");
        if let Some(hint) = &hint {
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
    let (shown, caret, caret_width) = quote(text, col, width);
    let gutter = " ".repeat(line.to_string().len());
    let _ = writeln!(out, "{file}:{line}:{col}: error: {message}");
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{line} | {shown}");
    let _ = writeln!(
        out,
        "{gutter} | {}{}",
        " ".repeat(caret),
        "^".repeat(caret_width)
    );
    if let Some(hint) = &hint {
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
    fn long_lines_are_quoted_in_a_window_with_the_caret_under_the_span() {
        let line = format!("options = [{}\"bad\"]", "\"x\", ".repeat(500));
        let at = line.find("\"bad\"").unwrap();
        let e = LoadError::new("x.toml", &line, vec![Diagnostic::new(at..at + 5, "m")]);
        let text = e.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], format!("x.toml:1:{}: error: m", at + 1));
        let quoted = lines[2].strip_prefix("1 | ").unwrap();
        assert!(quoted.starts_with('…') && quoted.chars().count() <= QUOTE_WIDTH + 2);
        let caret = lines[3].strip_prefix("  | ").unwrap();
        let from = caret.find('^').unwrap();
        let under: String = quoted.chars().skip(from).take(5).collect();
        assert_eq!(under, "\"bad\"");
        assert_eq!(caret.trim(), "^^^^^");
    }

    #[test]
    fn control_characters_are_escaped_and_the_caret_follows() {
        let src = "a = \"\u{1b}[2J\"\tb = 1";
        let at = src.find('b').unwrap();
        let e = LoadError::new(
            "x\u{7}.toml",
            src,
            vec![Diagnostic::new(at..at + 1, "key `\u{1b}`")],
        );
        let text = e.render();
        assert!(text.starts_with("x\\u{7}.toml:1:"), "{text}");
        assert!(text.contains("key `\\u{1b}`"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let quoted = lines[2].strip_prefix("1 | ").unwrap();
        assert_eq!(quoted, "a = \"\\u{1b}[2J\" b = 1");
        let caret = lines[3].strip_prefix("  | ").unwrap();
        assert_eq!(quoted.chars().nth(caret.find('^').unwrap()), Some('b'));
        assert_eq!(printable("ok\nnext"), "ok\nnext");
        assert_eq!(printable("\u{202e}x\r"), "\\u{202e}x\\u{d}");
    }

    #[test]
    fn long_messages_are_clipped() {
        let key = "k".repeat(100_000);
        let e = LoadError::new(
            "f",
            "x",
            vec![Diagnostic::new(0..1, format!("unknown key `{key}`"))],
        );
        let text = e.render();
        assert!(text.len() < 1000, "{} bytes", text.len());
        assert!(text.contains("unknown key `kkk") && text.contains('…'));
    }

    #[test]
    fn only_the_first_fifty_are_shown_and_the_rest_counted() {
        let src = "x\n".repeat(200);
        let diags = (0..200)
            .map(|i| Diagnostic::new(2 * i..2 * i + 1, "m"))
            .collect();
        let e = LoadError::new("f", &src, diags);
        let text = e.render();
        assert_eq!(text.matches(": error: m").count(), MAX_SHOWN);
        assert!(text.ends_with("f: and 150 more errors (only the first 50 are shown)\n"));
        let mut streamed = Vec::new();
        e.write_to(&mut streamed).unwrap();
        assert_eq!(streamed, text.as_bytes());
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let e = LoadError::new("x", "é", vec![Diagnostic::new(1..99, "m")]);
        assert!(e.render().starts_with("x:1:1: error: m"));
    }
}
