//! A document as a list of blocks, rendered once to Markdown and once to printable HTML.
//!
//! The briefing and the after-action report say the same things in both formats; writing
//! them as blocks keeps the two in step and puts all HTML escaping in one place ([`esc`]).

use super::html::{esc, page};

#[derive(Debug, Clone)]
pub enum Block {
    /// Level 1 to 3.
    Heading(u8, String),
    Para(String),
    /// A boxed warning line ("CONFIDENTIAL").
    Stamp(String),
    /// Small print.
    Note(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
}

/// A document of pages: each page prints on its own sheet.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: String,
    pub pages: Vec<Vec<Block>>,
}

impl Doc {
    pub fn new(title: impl Into<String>) -> Doc {
        Doc {
            title: title.into(),
            pages: vec![Vec::new()],
        }
    }

    /// Start a new printed page.
    pub fn page_break(&mut self) {
        if self.pages.last().is_some_and(|p| !p.is_empty()) {
            self.pages.push(Vec::new());
        }
    }

    pub fn push(&mut self, block: Block) {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        if let Some(p) = self.pages.last_mut() {
            p.push(block);
        }
    }

    pub fn h(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading(level, text.into()));
    }

    pub fn p(&mut self, text: impl Into<String>) {
        self.push(Block::Para(text.into()));
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.push(Block::Note(text.into()));
    }

    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.push(Block::List(items));
        }
    }

    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>) {
        self.push(Block::Table(
            head.iter().map(|h| h.to_string()).collect(),
            rows,
        ));
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for (k, blocks) in self.pages.iter().enumerate() {
            if k > 0 {
                out.push_str("---\n\n");
            }
            for b in blocks {
                markdown_block(&mut out, b);
            }
        }
        out
    }

    pub fn html(&self) -> String {
        page(&self.title, &self.body_html())
    }

    /// The document's pages as escaped HTML, without the page around them (a card shown
    /// inside the browser app's team page).
    pub fn body_html(&self) -> String {
        let mut body = String::new();
        for blocks in &self.pages {
            body.push_str("<section class=\"page\">\n");
            for b in blocks {
                html_block(&mut body, b);
            }
            body.push_str("</section>\n");
        }
        body
    }
}

fn md_cell(s: &str) -> String {
    md(s).replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Text for Markdown: renderers pass HTML through, so a `<script>` or an `<img onerror>` in a
/// scenario's names would run in the reader's browser; `<` and `>` are written as entities
/// (which every renderer shows as the characters).
fn md(s: &str) -> String {
    s.replace('<', "&lt;").replace('>', "&gt;")
}

fn markdown_block(out: &mut String, b: &Block) {
    match b {
        Block::Heading(level, text) => {
            let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
            out.push_str(&format!("{hashes} {}\n\n", md(text).replace('\n', " ")));
        }
        Block::Para(text) => out.push_str(&format!("{}\n\n", md(text))),
        Block::Stamp(text) => out.push_str(&format!("**{}**\n\n", md(text))),
        Block::Note(text) => out.push_str(&format!("_{}_\n\n", md(text))),
        Block::List(items) => {
            for item in items {
                out.push_str(&format!("- {}\n", md(item).replace('\n', " ")));
            }
            out.push('\n');
        }
        Block::Table(head, rows) => {
            let line = |cells: &[String]| {
                format!(
                    "| {} |\n",
                    cells
                        .iter()
                        .map(|c| md_cell(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            };
            out.push_str(&line(head));
            out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
            for row in rows {
                out.push_str(&line(row));
            }
            out.push('\n');
        }
    }
}

fn html_block(out: &mut String, b: &Block) {
    match b {
        Block::Heading(level, text) => {
            let l = (*level).clamp(1, 6);
            out.push_str(&format!("<h{l}>{}</h{l}>\n", esc(text)));
        }
        Block::Para(text) => {
            let paras: Vec<String> = text
                .split("\n\n")
                .map(|p| format!("<p>{}</p>\n", esc(p)))
                .collect();
            out.push_str(&paras.concat());
        }
        Block::Stamp(text) => out.push_str(&format!("<p class=\"stamp\">{}</p>\n", esc(text))),
        Block::Note(text) => out.push_str(&format!("<p class=\"muted\">{}</p>\n", esc(text))),
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", esc(item)));
            }
            out.push_str("</ul>\n");
        }
        Block::Table(head, rows) => {
            out.push_str("<table>\n<tr>");
            for h in head {
                out.push_str(&format!("<th>{}</th>", esc(h)));
            }
            out.push_str("</tr>\n");
            for row in rows {
                out.push_str("<tr>");
                for c in row {
                    out.push_str(&format!("<td>{}</td>", esc(c)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_renderings_carry_every_block_and_html_is_escaped() {
        let mut d = Doc::new("<t>");
        d.h(1, "A <b>");
        d.p("x & y");
        d.page_break();
        d.table(&["k"], vec![vec!["a|b".into()]]);
        let md = d.markdown();
        // Markdown renderers pass HTML through: the scenario's `<b>` is escaped there too.
        assert!(md.contains("# A &lt;b&gt;") && md.contains("a\\|b") && md.contains("---"));
        assert!(!md.contains("<b>"));
        let html = d.html();
        assert!(html.contains("A &lt;b&gt;") && html.contains("x &amp; y"));
        assert!(!html.contains("<b>") && !html.contains("<t>"));
        assert_eq!(html.matches("class=\"page\"").count(), 2);
    }
}
