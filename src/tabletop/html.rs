//! The small HTML toolkit of the tabletop documents: escaping and a printable page shell.
//!
//! Every string that comes from a scenario file (names, labels, reasons, descriptions, option
//! names) passes through [`esc`] before it reaches a page: a scenario is shared between
//! classes and must not be able to run script in a facilitator's browser.

/// Escape text for HTML element content and attribute values: the report's escaper, so every
/// page the program writes escapes the same way.
pub use truce_report::report::esc;

/// Print CSS shared by the briefing and the after-action report: A4/Letter friendly, black on
/// white, one `.page` per printed sheet.
const CSS: &str = r#"
body { font-family: Georgia, "Times New Roman", serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.4; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #111; padding-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.stamp { display: inline-block; border: 2px solid #a00; color: #a00; padding: .1rem .5rem; font-family: Arial, sans-serif; font-weight: bold; letter-spacing: .1em; }
.muted { color: #555; font-size: .9rem; }
.warn { color: #a00; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  th { background: #ddd !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 1.6cm; }
"#;

/// A whole self-contained page around `body` (already escaped HTML).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
