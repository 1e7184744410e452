//! The summary as a table for people: what `truce run` prints on stdout without `--json`.

use std::fmt::Write;

use truce_core::summary::{DaysDistribution, IssueType, Summary};

/// Blockers listed in the table.
const TOP_BLOCKERS: usize = 5;

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn days(d: f64) -> String {
    let d = d.round() as i64;
    if d == 1 {
        "1 day".into()
    } else {
        format!("{d} days")
    }
}

/// `median 21 days (10-90%: 7-49 days)`, or `none` with no data.
fn days_line(d: &DaysDistribution) -> String {
    match &d.quantiles {
        Some(q) => format!(
            "median {} (middle 80%: {} to {})",
            days(q.p50),
            days(q.p10),
            days(q.p90)
        ),
        None => "none (no deal was signed)".into(),
    }
}

/// Render the table. Pure: the same summary gives the same text.
pub fn render(s: &Summary) -> String {
    let mut t = String::new();
    let shard = s
        .shard
        .as_ref()
        .map(|sh| {
            format!(
                ", shard {}/{} (runs {}..{})",
                sh.k, sh.n, sh.first_run, sh.end_run
            )
        })
        .unwrap_or_default();
    let _ = writeln!(t, "{}", s.scenario.name);
    let _ = writeln!(t, "{} runs, seed {}{shard}\n", s.runs, s.seed);
    let _ = writeln!(
        t,
        "{:<10} {:>10} {:>7}   95% interval",
        "outcome", "runs", "share"
    );
    for o in &s.outcomes {
        let _ = writeln!(
            t,
            "{:<10} {:>10} {:>7}   {} to {}",
            o.outcome,
            o.count,
            percent(o.share),
            percent(o.low),
            percent(o.high)
        );
    }
    if let Some(o) = &s.observed {
        let kept = match o.truce_days {
            Some(d) => format!(", the pause kept {}", days(d)),
            None => String::new(),
        };
        let _ = writeln!(
            t,
            "\nObserved (information as of {}): {}{kept}; the forecast gave it {}.",
            o.as_of,
            o.outcome,
            percent(o.forecast_share)
        );
    }
    let deal_share = if s.runs > 0 {
        s.deals as f64 / s.runs as f64
    } else {
        0.0
    };
    let _ = writeln!(
        t,
        "\nA deal was signed in {} of {} runs ({}).",
        s.deals,
        s.runs,
        percent(deal_share)
    );
    let _ = writeln!(t, "Time to agreement: {}", days_line(&s.time_to_agreement));
    // Without [truce] no pause is played out: a deal simply holds to the horizon, and its
    // "days kept" would only restate the day of signing.
    if s.deals > 0 && s.scenario.truce.is_some() {
        let _ = writeln!(t, "Days the pause was kept: {}", days_line(&s.truce_days));
    }
    if s.deals > 0 {
        let _ = writeln!(
            t,
            "\nTypical terms of a deal (median, or most frequent option):"
        );
        // Characters, not bytes, so labels in any script line up.
        let width = s
            .issues
            .iter()
            .map(|i| i.label.chars().count())
            .max()
            .unwrap_or(0);
        for i in &s.issues {
            if let Some(v) = &i.typical {
                let pad = width - i.label.chars().count();
                // An option reads as words (`defensive only`), not as the id typed in files.
                let v = match i.kind {
                    IssueType::Options => v.replace('_', " "),
                    IssueType::Numeric => v.clone(),
                };
                let _ = writeln!(t, "  {}{}  {v}", i.label, " ".repeat(pad));
            }
        }
    }
    if !s.blockers.is_empty() {
        let _ = writeln!(t, "\nWhat blocked the last text, in runs without a deal:");
        for b in s.blockers.iter().take(TOP_BLOCKERS) {
            let _ = writeln!(
                t,
                "  {:>6} of failures  {}",
                percent(b.share_of_failures),
                b.description
            );
        }
        if s.blockers.len() > TOP_BLOCKERS {
            let _ = writeln!(
                t,
                "  ({} more in summary.json)",
                s.blockers.len() - TOP_BLOCKERS
            );
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_core::stats::Aggregate;
    use truce_core::summary::ScenarioDigest;
    use truce_core::testing::{record, scenario};

    #[test]
    fn table_names_everything_a_newcomer_needs() {
        let s = scenario();
        let mut agg = Aggregate::new(&s);
        for i in 0..1000 {
            agg.add(&s, &record(&s, i));
        }
        let sum = Summary::from_aggregate(&ScenarioDigest::new(&s, None), 3, &agg);
        let text = render(&sum);
        for needle in [
            "Test pause",
            "1000 runs, seed 3",
            "no_deal",
            "held",
            "95% interval",
            "Time to agreement: median",
            "Pause length",
            "What blocked",
            "NORTH's red line",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }

    #[test]
    fn no_deal_at_all_reads_well() {
        let s = scenario();
        let mut agg = Aggregate::new(&s);
        agg.add(&s, &truce_core::engine::Record::new(&s));
        let sum = Summary::from_aggregate(&ScenarioDigest::new(&s, None), 1, &agg);
        let text = render(&sum);
        assert!(text.contains("none (no deal was signed)"), "{text}");
        assert!(!text.contains("Typical terms"));
    }
}
