//! `report.html`: one self-contained page for projecting in class or attaching to a brief.
//!
//! Drawn from the [`Summary`] alone, like the charts. The page has inline CSS, inline SVG and
//! the bundled font (a subset of DejaVu Sans, as a `data:` URL in the CSS) and nothing else: no
//! script, no image, style sheet or font fetched from anywhere, so it opens the same offline,
//! in a mail attachment, or on a locked-down lecture-hall PC, and its charts' text, laid out
//! for DejaVu Sans, fits whatever fonts the machine has.
//!
//! Everything that comes from a scenario file (names, description, sources, labels, option
//! names, blocker descriptions) is HTML-escaped here; chart SVG is escaped by its backend and
//! checked again before it is inlined (`safe_svg`). A scenario shared by a stranger must never
//! run script in a teacher's browser.

use std::fmt::Write;

use crate::charts::{self, Chart, thousands};
use truce_core::engine::Outcome;
use truce_core::stats::wilson::{Z95, wilson};
use truce_core::summary::{IssueSummary, IssueType, OutcomeShare, Summary};

/// The report page for `summary`, with `charts` inlined as SVG in their order. A chart drawn
/// as PNG only is drawn again as SVG for the page; with no charts (`--charts none`) the page
/// has the tables only.
pub fn html(summary: &Summary, charts: &[Chart]) -> String {
    let s = summary;
    let mut out = String::with_capacity(64 * 1024 + charts.len() * 160 * 1024);
    let name = esc(&s.scenario.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"truce {}\">\n\
         <title>{name}: truce report</title>\n<style>{}{CSS}</style>\n</head>\n<body>\n",
        esc(&s.program_version),
        font_faces()
    );
    header(&mut out, s);
    findings(&mut out, s);
    tables(&mut out, s);
    if !charts.is_empty() {
        out.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
        let left_out = charts::left_out(s);
        if !left_out.is_empty() {
            let _ = writeln!(
                out,
                "<p>The scenario has no <code>[truce]</code>: a signed deal is not played out \
                 as a pause (every deal holds), so the charts about pauses ({}) are left out.</p>",
                left_out
                    .iter()
                    .map(|t| format!("“{}”", esc(t)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        for c in charts {
            figure(&mut out, s, c);
        }
        out.push_str("</section>\n");
    }
    assumptions(&mut out, s);
    footer(&mut out, s);
    out.push_str("</body>\n</html>\n");
    out
}

/// Escape text for HTML element content and double-quoted attributes. Control characters
/// other than tab and newline are dropped (HTML forbids most of them).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A share as the charts write it: one decimal, `<0.1%` and `>99.9%` rather than a rounded
/// `0.0%` or `100.0%` that is not.
fn pct(share: f64) -> String {
    crate::charts::theme::percent(share)
}

fn interval(low: f64, high: f64) -> String {
    format!("{:.1}–{:.1}%", low * 100.0, high * 100.0)
}

/// What each outcome means, for the table.
fn outcome_meaning(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::NoDeal => "Talks ran out of rounds or time without every required yes.",
        Outcome::Walkout => "A required party left: no text could beat its walk-away value.",
        Outcome::Collapsed => {
            "A pause was signed, then broke down: detected violations or a side walking away from it."
        }
        Outcome::Expired => "A pause was signed, ran its term and was not renewed.",
        Outcome::Held => "A pause was signed and still stood at the horizon.",
    }
}

fn header(out: &mut String, s: &Summary) {
    let sc = &s.scenario;
    let _ = write!(
        out,
        "<header>\n<p class=\"kicker\">truce · Monte Carlo report</p>\n<h1>{}</h1>\n\
         <p class=\"meta\">{} runs · seed {} · {} talks, up to {} rounds of {} days · horizon {} days</p>\n",
        esc(&sc.name),
        thousands(s.runs),
        s.seed,
        esc(sc.protocol.as_str()),
        sc.max_rounds,
        sc.days_per_round,
        sc.horizon_days
    );
    if let Some(shard) = &s.shard {
        let _ = writeln!(
            out,
            "<p class=\"warning\">This is shard {}/{} of a {}-run job (runs {}–{}): merge the shards \
             with <code>truce merge</code> for the whole result.</p>",
            shard.k,
            shard.n,
            thousands(shard.total_runs),
            shard.first_run,
            shard.end_run.saturating_sub(1)
        );
    }
    out.push_str("</header>\n<section id=\"scenario\">\n<h2>The situation</h2>\n");
    for para in sc
        .description
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let _ = writeln!(out, "<p>{}</p>", esc(para));
    }
    if !sc.sources.is_empty() {
        out.push_str("<h3>Sources</h3>\n<ol class=\"sources\">\n");
        for src in &sc.sources {
            let _ = writeln!(out, "<li>{}</li>", esc(src));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

/// A few sentences a teacher can read out: how often a pause was signed, when, how it fared,
/// and what blocked the rest.
fn findings(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"findings\">\n<h2>In brief</h2>\n<p class=\"lead\">");
    if s.runs == 0 {
        out.push_str("No run was counted.</p>\n</section>\n");
        return;
    }
    let (lo, hi) = wilson(s.deals, s.runs, Z95);
    let _ = write!(
        out,
        "A pause was signed in <strong>{}</strong> of the {} runs (95% interval {})",
        pct(s.deals as f64 / s.runs as f64),
        thousands(s.runs),
        interval(lo, hi)
    );
    match s.time_to_agreement.quantiles {
        Some(q) => {
            let _ = write!(out, ", typically on day {:.0} of the talks.", q.p50);
        }
        None => out.push('.'),
    }
    let sv = &s.survival;
    if sv.signed > 0 && s.scenario.truce.is_some() {
        let share = |n: u64| pct(n as f64 / sv.signed as f64);
        let _ = write!(
            out,
            " Of the pauses signed, {} collapsed (violations, or a side walking away), {} expired without \
             renewal and {} held to the horizon.",
            share(sv.collapsed),
            share(sv.expired),
            share(sv.held)
        );
        if let Some(e) = &s.pause_ends
            && sv.collapsed > 0
        {
            let _ = write!(
                out,
                " Of the collapses, {} came when the detected violations reached the limit and \
                 {} when a side abandoned the pause.",
                pct(e.violation_limit as f64 / sv.collapsed as f64),
                pct(e.abandoned as f64 / sv.collapsed as f64),
            );
        }
        if let Some(why) = charts::survival::why_not_held(s) {
            let _ = write!(out, " {}", esc(&why));
        }
    } else if s.deals > 0 {
        out.push_str(
            " The scenario has no <code>[truce]</code>, so every deal signed counts as held.",
        );
    }
    if let Some(b) = s.blockers.first() {
        let _ = write!(
            out,
            " When talks failed, the most frequent obstacle was {} ({} of the failures).",
            esc(&b.description),
            pct(b.share_of_failures)
        );
    }
    out.push_str("</p>\n");
    observed(out, s);
    out.push_str("</section>\n");
}

/// What really happened, beside the forecast (scenarios with an `[observed]` table).
fn observed(out: &mut String, s: &Summary) {
    let Some(o) = &s.observed else {
        return;
    };
    let kept = match o.truce_days {
        Some(d) => format!(", and the pause was kept {d:.0} days"),
        None => String::new(),
    };
    let _ = write!(
        out,
        "<div class=\"observed\">\n<h3>What happened</h3>\n<p>The scenario's information stops on \
         {}. Within its horizon the talks ended <strong>{}</strong>{kept}. The forecast gave that \
         outcome <strong>{}</strong> of the runs.</p>\n",
        esc(&o.as_of),
        esc(&charts::outcome_label(o.outcome).to_lowercase()),
        pct(o.forecast_share)
    );
    if !o.note.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(o.note.trim()));
    }
    if !o.sources.is_empty() {
        out.push_str("<ol class=\"sources\">\n");
        for src in &o.sources {
            let _ = writeln!(out, "<li>{}</li>", esc(src));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</div>\n");
}

fn tables(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");

    // Outcomes.
    out.push_str(
        "<table class=\"outcomes\">\n<caption>How the runs ended</caption>\n<thead><tr>\
         <th>Outcome</th><th>What it means</th><th class=\"num\">Runs</th>\
         <th class=\"num\">Share</th><th class=\"num\">95% interval</th></tr></thead>\n<tbody>\n",
    );
    let happened = s.observed.as_ref().map(|o| o.outcome);
    for o in &s.outcomes {
        outcome_row(out, o, happened == Some(o.outcome));
    }
    out.push_str("</tbody>\n</table>\n");

    // Timing.
    out.push_str(
        "<table class=\"timing\">\n<caption>Timing (runs with a deal)</caption>\n<thead><tr>\
         <th>Measure</th><th class=\"num\">Median</th><th class=\"num\">Middle 80%</th>\
         <th class=\"num\">Mean</th></tr></thead>\n<tbody>\n",
    );
    for (label, d) in [
        (
            "Day of signing (days since talks began)",
            &s.time_to_agreement,
        ),
        ("Days the pause was kept", &s.truce_days),
    ] {
        match (d.quantiles, d.mean) {
            (Some(q), Some(m)) => {
                let _ = writeln!(
                    out,
                    "<tr><td>{label}</td><td class=\"num\">{:.0}</td><td class=\"num\">{:.0}–{:.0}</td>\
                     <td class=\"num\">{m:.1}</td></tr>",
                    q.p50, q.p10, q.p90
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "<tr><td>{label}</td><td class=\"num\" colspan=\"3\">no deal signed</td></tr>"
                );
            }
        }
    }
    out.push_str("</tbody>\n</table>\n");

    // Terms.
    if !s.issues.is_empty() {
        out.push_str(
            "<table class=\"terms\">\n<caption>Typical terms of the deals</caption>\n<thead><tr>\
             <th>Issue</th><th>Typical agreed value</th><th>Spread</th>",
        );
        let nash = s.analysis.as_ref().map(|a| &a.nash_terms);
        if nash.is_some() {
            out.push_str("<th>Nash bargaining text</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (i, issue) in s.issues.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td>",
                esc(&issue.label),
                issue
                    .typical
                    .as_deref()
                    .map_or("–".to_string(), |t| esc(&t.replace('_', " "))),
                spread(issue)
            );
            if let Some(n) = nash {
                let _ = write!(
                    out,
                    "<td>{}</td>",
                    n.get(i).map_or(String::new(), |t| {
                        let unit = if issue.kind == IssueType::Options || issue.unit.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", issue.unit)
                        };
                        esc(&format!("{}{unit}", t.replace('_', " ")))
                    })
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    // Blockers.
    if !s.blockers.is_empty() {
        out.push_str(
            "<table class=\"blockers\">\n<caption>What blocked the talks that failed (runs without a deal)</caption>\n\
             <thead><tr><th>Blocker of the last text</th><th class=\"num\">Runs</th>\
             <th class=\"num\">Share of failed talks</th></tr></thead>\n<tbody>\n",
        );
        for b in s.blockers.iter().take(5) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&b.description),
                thousands(b.count),
                pct(b.share_of_failures)
            );
        }
        if s.blockers.len() > 5 {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"3\" class=\"muted\">… and {} less frequent blockers (see the chart).</td></tr>",
                s.blockers.len() - 5
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    // Parties.
    out.push_str(
        "<table class=\"parties\">\n<caption>The parties: walk-away value as the talks open, and what the deals were worth (utility, 0 to 1)</caption>\n\
         <thead><tr><th>Party</th><th>Role</th><th class=\"num\">Walk-away</th>\
         <th class=\"num\">Median deal</th><th class=\"num\">Middle 50%</th><th class=\"num\">Mean</th></tr></thead>\n<tbody>\n",
    );
    for p in &s.parties {
        let role = esc(&charts::role_words(p.role, p.must_agree));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{role}</td><td class=\"num\">{:.2}</td>",
            esc(&p.name),
            p.walk_away
        );
        match p.utility {
            Some(u) => {
                let _ = writeln!(
                    out,
                    "<td class=\"num\">{:.2}</td><td class=\"num\">{:.2}–{:.2}</td><td class=\"num\">{:.2}</td></tr>",
                    u.p50, u.p25, u.p75, u.mean
                );
            }
            None => out.push_str("<td class=\"num\" colspan=\"3\">no deal signed</td></tr>\n"),
        }
    }
    out.push_str("</tbody>\n</table>\n");

    let q = &s.deal_quality;
    if q.pareto_efficient_share.is_some() || q.nash_distance_mean.is_some() {
        out.push_str("<p class=\"quality\">Deal quality: ");
        let mut parts = Vec::new();
        if let Some(p) = q.pareto_efficient_share {
            parts.push(format!(
                "{} of the {} deals judged were Pareto-efficient",
                pct(p),
                thousands(q.pareto_measured)
            ));
        }
        if let Some(d) = q.nash_distance_mean {
            parts.push(format!(
                "their mean distance to the Nash bargaining point was {d:.2} (in utility units)"
            ));
        }
        out.push_str(&parts.join("; "));
        out.push_str(".</p>\n");
    }
    out.push_str("</section>\n");
}

fn outcome_row(out: &mut String, o: &OutcomeShare, happened: bool) {
    let c = charts::outcome_color(o.outcome);
    let mark = if happened {
        " <span class=\"badge\">what happened</span>"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<tr><td><span class=\"swatch\" style=\"background:#{:02x}{:02x}{:02x}\"></span>{}{mark}</td>\
         <td>{}</td><td class=\"num\">{}</td><td class=\"num\"><strong>{}</strong></td>\
         <td class=\"num\">{}</td></tr>",
        c.0,
        c.1,
        c.2,
        esc(charts::outcome_label(o.outcome)),
        outcome_meaning(o.outcome),
        thousands(o.count),
        pct(o.share),
        interval(o.low, o.high)
    );
}

/// The spread of an issue's agreed values: the middle half for a numeric issue, the share of
/// the most frequent option otherwise.
fn spread(issue: &IssueSummary) -> String {
    if issue.count == 0 {
        return "–".to_string();
    }
    if issue.kind == IssueType::Options {
        let best =
            issue
                .option_counts
                .iter()
                .fold(None::<&truce_core::summary::OptionCount>, |b, o| match b {
                    Some(b) if b.count >= o.count => Some(b),
                    _ => Some(o),
                });
        return best.map_or("–".to_string(), |o| {
            format!("in {} of deals", pct(o.share))
        });
    }
    match issue.quantiles {
        Some(q) => {
            let unit = if issue.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", esc(&issue.unit))
            };
            // Quantiles come from 1000 bins across the range: show no more digits than that.
            let span = (issue.range[1] - issue.range[0]).abs();
            let digits = if span >= 100.0 {
                0
            } else if span >= 10.0 {
                1
            } else {
                2
            };
            format!(
                "middle half {:.*}–{:.*}{unit}",
                digits, q.p25, digits, q.p75
            )
        }
        None => "–".to_string(),
    }
}

/// Chart SVG made ready to inline: sized by CSS, labelled for screen readers, and refused if it
/// holds anything active (it never should: the backend escapes all text).
pub(crate) fn safe_svg(svg: &str, title: &str) -> Option<String> {
    let lower = svg.to_ascii_lowercase();
    let active = [
        "<script",
        "<foreignobject",
        "javascript:",
        "<iframe",
        "<a ",
        " on",
    ];
    if !lower.trim_start().starts_with("<svg")
        || active.iter().any(|a| {
            // ` on` only matters as an attribute (`onload=`); text is escaped, so look for `on...=`.
            if *a == " on" {
                lower.match_indices(" on").any(|(i, _)| {
                    let rest = &lower[i + 3..];
                    let word: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .collect();
                    !word.is_empty() && rest[word.len()..].starts_with('=')
                })
            } else {
                lower.contains(a)
            }
        })
    {
        return None;
    }
    // Drop the fixed size of the root element (the viewBox stays), so CSS can scale it.
    let end = svg.find('>')?;
    let open = &svg[..end];
    let rest = &svg[end..];
    let mut attrs = String::new();
    for part in open
        .trim_start_matches("<svg")
        .split('"')
        .collect::<Vec<_>>()
        .chunks(2)
    {
        if let [key, value] = part {
            let key = key.trim().trim_end_matches('=');
            if key == "width" || key == "height" || key.is_empty() {
                continue;
            }
            let _ = write!(attrs, " {key}=\"{value}\"");
        }
    }
    Some(format!(
        "<svg{attrs} role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\"{rest}",
        esc(title)
    ))
}

fn figure(out: &mut String, s: &Summary, c: &Chart) {
    let svg = match &c.svg {
        Some(svg) => Ok(svg.clone()),
        None => charts::svg_of(s, c.name).unwrap_or_else(|| Err(unknown(c.name))),
    };
    // The chart draws its own title; the figure keeps it for screen readers (aria-label).
    let _ = writeln!(out, "<figure id=\"{}\">", esc(c.name));
    match svg.ok().and_then(|svg| safe_svg(&svg, &c.title)) {
        Some(svg) => out.push_str(&svg),
        None => out.push_str("<p class=\"warning\">This chart could not be drawn.</p>\n"),
    }
    // Name the file the job wrote: the SVG, or the PNG when only PNGs were asked for.
    let ext = if c.svg.is_some() { "svg" } else { "png" };
    let _ = write!(
        out,
        "<figcaption>{} <span class=\"file\">charts/{}.{ext}</span></figcaption>\n</figure>\n",
        esc(&c.caption),
        esc(c.name)
    );
}

fn unknown(name: &'static str) -> charts::ChartError {
    charts::ChartError {
        chart: name,
        message: "unknown chart".into(),
    }
}

fn assumptions(out: &mut String, s: &Summary) {
    // The protocol describes itself (engine::protocol), so a new one needs no change here.
    let brief = s.scenario.protocol.protocol().brief();
    let protocol = format!(
        "<li><strong>{}</strong> (this scenario; {}): {}</li>",
        brief.title, brief.sources, brief.how
    );
    let _ = write!(
        out,
        "<section id=\"model\">\n<h2>The model in brief</h2>\n<ul class=\"model\">\n\
         <li><strong>Many possible worlds.</strong> Every uncertain number of the scenario (a \
         leverage, a trust level, a walk-away value) is drawn afresh for each run; the charts \
         show the spread of what happened across the runs, not a single forecast.</li>\n\
         <li><strong>Utility</strong> is linear over the issues (Keeney and Raiffa 1976): each \
         party scores a text by how close each term is to its ideal, weighted by how much the \
         issue matters to it, minus a penalty for each of its conditions left unmet. A \
         <em>red line</em> is a veto, not a cost: no utility makes up for crossing it.</li>\n\
         <li><strong>Walk-away values move with the battlefield</strong> (Fearon 1995; Wagner \
         2000): a side gaining ground expects more from fighting on and asks more of a deal.</li>\n\
         <li><strong>Trust discounts a deal</strong> (Fearon 1995, the commitment problem): a \
         party that doubts the other will comply, or expects it to rearm during the pause, counts \
         only part of a deal's gains.</li>\n\
         <li><strong>Concession over time</strong> (Faratin, Sierra and Jennings 1998): each party \
         lowers what it asks from its best hope toward its walk-away value as the rounds run out, \
         late (Boulware), evenly or early (Conceder); more leverage means slower concession; \
         hardliners never concede; tit-for-tat mirrors the others.</li>\n{protocol}\n\
         <li><strong>Keeping the pause</strong> (Fortna 2003, 2004): violations arrive at random, \
         more often along a long front and when trust is low; monitoring deters them and tells \
         proven incidents from accusations, which damage trust more. Enough detected violations, \
         or a side that no longer gains from the pause, end it; at the end of its term it is \
         renewed only if every required party still prefers it.</li>\n\
         <li><strong>The benchmark</strong> (Nash 1950): the Pareto frontier and the Nash \
         bargaining point are computed at the scenario's central values, so they show where a \
         well-informed, efficient bargain would lie.</li>\n\
         <li><strong>Left out:</strong> parties do not learn each other's preferences, there are \
         no coalitions among backers, and the battlefield is a single number.</li>\n\
         </ul>\n<p class=\"muted\">Every mechanism, its equation, its constants and its sources are \
         in <code>docs/MODEL.md</code> of the truce source.</p>\n</section>\n"
    );
}

fn footer(out: &mut String, s: &Summary) {
    let hash = &s.scenario.file_hash;
    let short: String = hash.chars().take(16).collect();
    let _ = write!(
        out,
        "<footer>\n<p>Drawn by truce {} from <code>summary.json</code> (format {}). The same \
         scenario file (SHA-256 <code title=\"{}\">{}…</code>), seed {} and {} runs give the same \
         numbers on any machine.</p>\n</footer>\n",
        esc(&s.program_version),
        s.format,
        esc(hash),
        esc(&short),
        s.seed,
        thousands(s.runs)
    );
}

/// `@font-face` rules for the bundled DejaVu Sans subsets, as `data:` URLs: nothing is
/// fetched, and a browser without the font lays the page and the charts out as drawn.
fn font_faces() -> String {
    static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-subset.woff");
    static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold-subset.woff");
    let face = |bytes: &[u8], weight: &str| {
        format!(
            "@font-face {{ font-family: \"DejaVu Sans\"; font-style: normal; font-weight: {weight}; \
             src: url(data:font/woff;base64,{}) format(\"woff\"); }}\n",
            base64(bytes)
        )
    };
    face(REGULAR, "normal") + &face(BOLD, "bold")
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Print and projector friendly: dark text on white, large type, figures never split across
/// pages, colours kept when printing (the outcome swatches carry meaning).
pub(crate) const CSS: &str = r#"
:root { --ink: #222; --muted: #555; --rule: #d9d9d9; --accent: #0072b2; --warn: #d55e00; }
* { box-sizing: border-box; }
html { font-size: 18px; -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 74rem; padding: 2rem 2.5rem 4rem; color: var(--ink); background: #fff;
  font-family: "DejaVu Sans", Verdana, "Bitstream Vera Sans", system-ui, sans-serif; line-height: 1.5; }
h1 { font-size: 2.3rem; line-height: 1.15; margin: .1rem 0 .5rem; }
h2 { font-size: 1.5rem; margin: 2.6rem 0 .8rem; padding-bottom: .25rem; border-bottom: 3px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
p { margin: .6rem 0; max-width: 60rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; color: var(--accent); font-weight: bold; margin: 0; }
.meta, .muted, figcaption { color: var(--muted); }
.lead { font-size: 1.2rem; max-width: 62rem; }
.warning { color: var(--warn); font-weight: bold; }
.sources { color: var(--muted); font-size: .9rem; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: 1.2rem 0 1.8rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; font-size: 1.05rem; padding-bottom: .4rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .7rem; border-bottom: 1px solid var(--rule); }
th { border-bottom: 2px solid var(--ink); font-size: .9rem; }
.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; margin-left: .5em; padding: 0 .45em; border: 2px solid var(--ink); border-radius: 4px; font-size: .75rem; font-weight: bold; text-transform: uppercase; letter-spacing: .04em; }
.observed { margin: 1.2rem 0; padding: .2rem 1.2rem .6rem; border-left: 6px solid var(--accent); background: #f4f8fb; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .5em; vertical-align: -.1em; border-radius: 2px; }
figure { margin: 2rem 0 2.8rem; break-inside: avoid; page-break-inside: avoid; }
figure h3 { margin-bottom: .5rem; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); background: #fff; }
figcaption { margin-top: .5rem; max-width: 62rem; }
figcaption .file { font-size: .8rem; margin-left: .4em; }
.model li { margin: .5rem 0; max-width: 60rem; }
footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@media (min-width: 1800px) { html { font-size: 21px; } }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  figure svg { border: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{Format, render_all};

    fn sample() -> Summary {
        crate::charts::tests::hostile(400)
    }

    #[test]
    fn esc_escapes_markup_and_controls() {
        assert_eq!(
            esc("<script>a & \"b\" 'c'\u{7}</script>"),
            "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39; &lt;/script&gt;"
        );
    }

    #[test]
    fn hostile_scenario_text_is_inert() {
        let s = sample();
        let charts = render_all(&s, &[Format::Svg]).unwrap();
        let page = html(&s, &charts);
        assert!(
            !page.to_ascii_lowercase().contains("<script"),
            "script tag in the page"
        );
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<b>") && !page.contains("<u>"));
        assert!(!page.contains('\u{1}'));
        assert_eq!(page.matches("<svg").count(), crate::charts::names().len());
    }

    #[test]
    fn self_contained() {
        let s = crate::charts::tests::synthetic(300);
        let charts = render_all(&s, &[Format::Svg, Format::Png]).unwrap();
        let page = html(&s, &charts);
        for fetch in [
            "http://", "https://", "src=", "<link", "@import", "url(", "<script",
        ] {
            let hits: Vec<_> = page.match_indices(fetch).collect();
            // The SVG namespace is a name, not a fetch; the fonts are inline data.
            let real = hits
                .iter()
                .filter(|(i, _)| !page[*i..].starts_with("http://www.w3.org/2000/svg"))
                .filter(|(i, _)| !page[*i..].starts_with("url(data:font/woff;base64,"))
                .count();
            assert_eq!(real, 0, "{fetch} in the page");
        }
        assert_eq!(page.matches("@font-face").count(), 2);
        for name in crate::charts::names() {
            assert!(page.contains(&format!("<figure id=\"{name}\"")), "{name}");
        }
        assert!(page.contains("<style>") && page.contains("</html>"));
    }

    #[test]
    fn png_only_charts_are_drawn_as_svg_for_the_page() {
        let s = crate::charts::tests::synthetic(300);
        let charts = render_all(&s, &[Format::Png]).unwrap();
        assert!(charts.iter().all(|c| c.svg.is_none()));
        let page = html(&s, &charts);
        assert_eq!(page.matches("<svg").count(), crate::charts::names().len());
    }

    #[test]
    fn no_charts_tables_only() {
        let s = crate::charts::tests::synthetic(300);
        let page = html(&s, &[]);
        assert!(!page.contains("<svg"));
        assert!(page.contains("How the runs ended"));
    }

    #[test]
    fn empty_job_reads() {
        let s = crate::charts::tests::synthetic(0);
        let page = html(&s, &render_all(&s, &[Format::Svg]).unwrap());
        assert!(page.contains("No run was counted"));
    }

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn without_a_truce_the_report_says_why_charts_are_missing() {
        let s = crate::charts::tests::synthetic_without_truce(300);
        let page = html(&s, &render_all(&s, &[Format::Svg]).unwrap());
        assert!(
            page.contains("charts about pauses"),
            "no word on the missing charts"
        );
        assert!(!page.contains("id=\"03-survival\""));
    }

    #[test]
    fn safe_svg_refuses_active_content() {
        assert!(
            safe_svg(
                "<svg width=\"1\" height=\"2\" viewBox=\"0 0 1 2\"><text>a</text></svg>",
                "t"
            )
            .is_some_and(|s| s.starts_with("<svg viewBox=\"0 0 1 2\" role=\"img\""))
        );
        assert!(safe_svg("<svg><script>x</script></svg>", "t").is_none());
        assert!(safe_svg("<svg onload=\"x\"></svg>", "t").is_none());
        assert!(safe_svg("<svg><text> once upon</text></svg>", "t").is_some());
    }
}
