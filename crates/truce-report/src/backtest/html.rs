//! `backtest.html`: the backtest on one self-contained page, in the style of `report.html`
//! (its style sheet, inline SVG, no script, nothing fetched; every text from a scenario file
//! escaped).

use std::fmt::Write;

use super::chart::Kind;
use super::export::{pit_note, short_name};
use crate::charts::{outcome_color, outcome_label, thousands};
use crate::report::{CSS, esc, safe_svg};
use truce_core::backtest::score::LOG_PSEUDOCOUNT;
use truce_core::backtest::{Backtest, Case, Skill};
use truce_core::engine::Outcome;

/// One chart for the page: its kind and its SVG (`None`: not drawn, e.g. `--charts none`).
pub struct Figure {
    /// Which chart.
    pub kind: Kind,
    /// Its SVG.
    pub svg: Option<String>,
    /// The file it was written to, if any.
    pub file: Option<String>,
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn skill(x: Option<f64>) -> String {
    x.map_or("–".into(), |v| format!("{:+.0}%", 100.0 * v))
}

/// The page.
pub fn html(b: &Backtest, figures: &[Figure]) -> String {
    let mut out = String::with_capacity(64 * 1024 + figures.len() * 200 * 1024);
    let n = b.cases.len();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"truce {}\">\n\
         <title>Backtest of {n} cases: truce</title>\n<style>{CSS}{EXTRA}</style>\n</head>\n<body>\n\
         <header>\n<p class=\"kicker\">truce · backtest</p>\n<h1>Does the model know anything? {n} historical cases</h1>\n\
         <p class=\"meta\">Each case is a scenario written only from what was known on its \
         <em>as of</em> date, played as <code>truce run</code> plays it, and scored against what \
         happened within its horizon.</p>\n</header>\n",
        env!("CARGO_PKG_VERSION")
    );
    findings(&mut out, b);
    cases(&mut out, b);
    means(&mut out, b);
    let drawn: Vec<&Figure> = figures.iter().filter(|f| f.svg.is_some()).collect();
    if !drawn.is_empty() || !b.enough_for_pit() {
        out.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
        for f in &drawn {
            figure(&mut out, b, f);
        }
        if let Some(note) = pit_note(b) {
            let _ = writeln!(
                out,
                "<p class=\"muted\">No PIT histogram of days kept: {}.</p>",
                esc(&note)
            );
        }
        out.push_str("</section>\n");
    }
    method(&mut out);
    let _ = write!(
        out,
        "<footer>\n<p>Drawn by truce {} from <code>backtest.json</code>. The same files, seeds \
         and runs give the same numbers on any machine.</p>\n</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn findings(out: &mut String, b: &Backtest) {
    let m = &b.means;
    let verdict = |k: &Skill| match k.brier {
        Some(s) if s > 0.0 => "better than",
        Some(s) if s < 0.0 => "worse than",
        _ => "no better than",
    };
    let _ = write!(
        out,
        "<section id=\"findings\">\n<h2>In brief</h2>\n<p class=\"lead\">Over {} cases the \
         model's mean Brier score is <strong>{:.3}</strong> (0 is perfect, 2 the worst): {} the \
         uniform forecast ({:.3}, skill {}) and {} the library's own base rates ({:.3}, skill \
         {}). Its mean log score is {:.2} nats against {:.2} and {:.2}.</p>\n</section>\n",
        b.cases.len(),
        m.model.brier,
        verdict(&m.skill_vs_uniform),
        m.uniform.brier,
        skill(m.skill_vs_uniform.brier),
        verdict(&m.skill_vs_base_rate),
        m.base_rate.brier,
        skill(m.skill_vs_base_rate.brier),
        m.model.log,
        m.uniform.log,
        m.base_rate.log
    );
}

/// A bar of the five shares, each in its outcome's colour, with the outcome that happened
/// outlined.
fn share_bar(c: &Case) -> String {
    let mut bar = String::from("<div class=\"bar\">");
    for o in Outcome::ALL {
        let p = c.shares[o.index()];
        if p <= 0.0 {
            continue;
        }
        let col = outcome_color(o);
        let _ = write!(
            bar,
            "<span style=\"width:{:.2}%;background:#{:02x}{:02x}{:02x}\" title=\"{}: {}\"></span>",
            100.0 * p,
            col.0,
            col.1,
            col.2,
            outcome_label(o),
            pct(p)
        );
    }
    bar.push_str("</div>");
    bar
}

fn cases(out: &mut String, b: &Backtest) {
    out.push_str(
        "<section id=\"cases\">\n<h2>Each case: the forecast beside what happened</h2>\n\
         <p class=\"legend\">",
    );
    for o in Outcome::ALL {
        let c = outcome_color(o);
        let _ = write!(
            out,
            "<span class=\"swatch\" style=\"background:#{:02x}{:02x}{:02x}\"></span>{} ",
            c.0,
            c.1,
            c.2,
            outcome_label(o)
        );
    }
    out.push_str(
        "</p>\n<table class=\"cases\">\n<thead><tr><th>Case</th><th>As of</th>\
         <th>Forecast (share of runs)</th><th>What happened</th><th class=\"num\">Forecast of it</th>\
         <th class=\"num\">Signed</th><th class=\"num\">Brier</th><th class=\"num\">Log</th>\
         <th class=\"num\">PIT</th></tr></thead>\n<tbody>\n",
    );
    for c in &b.cases {
        let col = outcome_color(c.observed);
        let days = c
            .observed_days
            .map_or(String::new(), |d| match d.round() as i64 {
                1 => ", 1 day".to_string(),
                d => format!(", {d} days"),
            });
        let _ = writeln!(
            out,
            "<tr><td><strong>{}</strong><br><span class=\"muted small\">{}</span></td><td class=\"nowrap\">{}</td>\
             <td class=\"barcell\">{}</td><td><span class=\"swatch\" style=\"background:#{:02x}{:02x}{:02x}\">\
             </span>{}{}</td><td class=\"num\"><strong>{}</strong></td><td class=\"num\">{}</td>\
             <td class=\"num\">{:.3}</td><td class=\"num\">{:.2}</td><td class=\"num\">{}</td></tr>",
            esc(short_name(&c.label)),
            esc(&c.name),
            esc(&c.as_of),
            share_bar(c),
            col.0,
            col.1,
            col.2,
            esc(outcome_label(c.observed)),
            days,
            pct(c.share_observed),
            pct(c.share_signed),
            c.model.brier,
            c.model.log,
            c.pit.map_or("–".into(), |p| format!("{p:.2}"))
        );
    }
    let runs: u64 = b.cases.iter().map(|c| c.runs).sum();
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p class=\"muted\">{} runs in all. Signed: the forecast's share of \
         collapsed, expired and held. PIT: where the days really kept fall among the forecast's \
         signed runs (0.5: the middle).</p>\n</section>",
        thousands(runs)
    );
}

fn means(out: &mut String, b: &Backtest) {
    let m = &b.means;
    out.push_str(
        "<section id=\"scores\">\n<h2>Mean scores and skill</h2>\n<table class=\"means\">\n\
         <thead><tr><th>Forecast</th><th class=\"num\">Brier</th><th class=\"num\">Log score (nats)</th>\
         <th class=\"num\">Brier of “signed”</th></tr></thead>\n<tbody>\n",
    );
    for (name, s) in [
        ("The model", &m.model),
        ("Uniform (1/5 each)", &m.uniform),
        ("Base rates of the other cases", &m.base_rate),
        ("The model and the base rates averaged (1:1)", &m.combined),
    ] {
        let _ = writeln!(
            out,
            "<tr><td>{name}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td>\
             <td class=\"num\">{:.3}</td></tr>",
            s.brier, s.log, s.signed_brier
        );
    }
    for (name, k) in [
        ("Skill against uniform", &m.skill_vs_uniform),
        ("Skill against base rates", &m.skill_vs_base_rate),
        (
            "Skill of the 1:1 average against base rates",
            &m.combined_vs_base_rate,
        ),
    ] {
        let _ = writeln!(
            out,
            "<tr><td>{name}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            skill(k.brier),
            skill(k.log),
            skill(k.signed_brier)
        );
    }
    out.push_str(
        "</tbody>\n</table>\n<p class=\"muted\">Skill is 1 − score / baseline: above 0 the \
         model beats the baseline, 100% would be a perfect forecast.</p>\n</section>\n",
    );
}

fn figure(out: &mut String, b: &Backtest, f: &Figure) {
    let Some(svg) = &f.svg else {
        return;
    };
    let _ = writeln!(out, "<figure id=\"{}\">", f.kind.stem());
    match safe_svg(svg, f.kind.title()) {
        Some(svg) => out.push_str(&svg),
        None => out.push_str("<p class=\"warning\">This chart could not be drawn.</p>\n"),
    }
    let file = f.file.as_deref().map_or(String::new(), |p| {
        format!(" <span class=\"file\">{}</span>", esc(p))
    });
    let _ = write!(
        out,
        "<figcaption>{}{file}</figcaption>\n</figure>\n",
        esc(&f.kind.caption(b))
    );
}

fn method(out: &mut String) {
    let _ = write!(
        out,
        "<section id=\"method\">\n<h2>The method in brief</h2>\n<ul class=\"model\">\n\
         <li><strong>No hindsight.</strong> Every case's numbers rest only on sources dated up to \
         its <em>as of</em> date; its horizon is 180 days from that date, the same for every \
         case; the files were written before any was run, and a case is never retuned after it \
         was scored (git history shows it).</li>\n\
         <li><strong>Brier score</strong> (Brier 1950): Σ<sub>k</sub> (p<sub>k</sub> − \
         o<sub>k</sub>)² over the five outcomes, p the share of runs, o 1 for the outcome that \
         happened and 0 otherwise. 0 is perfect, 2 a certain wrong forecast, 0.8 the uniform \
         forecast.</li>\n\
         <li><strong>Log score</strong> (Good 1952): −ln p of the outcome that happened, in \
         nats, with shares smoothed so that an outcome no run reached scores a finite value: \
         p = (n + {LOG_PSEUDOCOUNT}) / (N + {}), the Jeffreys pseudocount.</li>\n\
         <li><strong>Brier of “signed”</strong>: (P(signed) − s)², s 1 when a pause was signed \
         (collapsed, expired or held).</li>\n\
         <li><strong>PIT</strong> (Dawid 1984; Czado, Gneiting and Held 2009): for a signed \
         case, the mid-distribution rank (F(d − 1) + F(d)) / 2 of the days really kept among the \
         forecast's signed runs; uniform when the forecasts are calibrated.</li>\n\
         <li><strong>Baselines</strong>, scored on the same cases: the uniform forecast (1/5 \
         each) and the library's base rates, leave-one-out (each case scored by the outcome \
         frequencies of the other cases; smoothed the same way for the log score).</li>\n\
         </ul>\n<p class=\"muted\">Formulas, the conventions of the history library and the \
         limits of a backtest of this size are in <code>docs/VALIDATION.md</code> of the truce \
         source.</p>\n</section>\n",
        5.0 * LOG_PSEUDOCOUNT
    );
}

/// Styles of this page only, added to the report's style sheet.
const EXTRA: &str = r#"
.legend { font-size: .9rem; color: var(--muted); }
.legend .swatch { margin-left: .8em; }
.small { font-size: .8rem; }
.nowrap { white-space: nowrap; }
.barcell { width: 28%; min-width: 12rem; }
.bar { display: flex; height: 1.2rem; border: 1px solid var(--rule); background: #fff; }
.bar span { display: block; height: 100%; }
table.cases td { vertical-align: middle; }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use truce_core::backtest::Forecast;
    use truce_core::model::Observed;

    fn backtest(name: &str) -> Backtest {
        let f = |outcome, counts: [u64; 5]| Forecast {
            label: format!("history/{name}.toml"),
            name: name.to_string(),
            runs: counts.iter().sum(),
            seed: 1,
            counts,
            truce_days: vec![1, 2, 3],
            observed: Observed {
                as_of: "2025-01-01".into(),
                outcome,
                truce_days: Some(1.0),
                agreement_day: None,
                sources: vec![],
                note: String::new(),
            },
        };
        Backtest::score(&[
            f(Outcome::Held, [1, 2, 3, 4, 5]),
            f(Outcome::Walkout, [5, 4, 3, 2, 1]),
        ])
    }

    #[test]
    fn hostile_names_are_inert_and_the_page_is_self_contained() {
        let b = backtest("<script>alert(1)</script>");
        let page = html(&b, &[]);
        assert!(!page.to_ascii_lowercase().contains("<script"));
        assert!(page.contains("&lt;script&gt;"));
        for fetch in ["https://", "src=", "<link", "@import", "url("] {
            assert!(!page.contains(fetch), "{fetch}");
        }
        assert!(page.contains("No PIT histogram of days kept: 1 signed case with days kept"));
        assert!(page.contains("Mean scores and skill"));
    }
}
