//! `runs.csv`: one row per run.
//!
//! Columns: `run,outcome,round,truce_days,violations,detected,<issue id>...,<party id>_utility...,
//! blocker`. Issue values are in the issue's own units (`Issue::csv_value`: a number, or the
//! option name); `round`, the issue values and the utilities are empty when no deal was signed;
//! `blocker` is `Blocker::label` or empty.

use std::io::{self, Write};

use truce_core::RunSink;
use truce_core::engine::Record;
use truce_core::model::Scenario;

/// `runs.csv` is written at any size with `--per-run`, and otherwise only up to this many runs
/// (a bigger file is rarely wanted and grows without bound).
pub const MAX_AUTO_ROWS: u64 = 100_000;

/// Whether a job of `total_runs` writes `runs.csv`.
pub fn wanted(total_runs: u64, per_run: bool) -> bool {
    per_run || total_runs <= MAX_AUTO_ROWS
}

/// The header line.
pub fn header(scenario: &Scenario) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut fields: Vec<String> = [
        "run",
        "outcome",
        "round",
        "truce_days",
        "violations",
        "detected",
    ]
    .map(String::from)
    .to_vec();
    fields.extend(scenario.issues.iter().map(|i| i.id.clone()));
    fields.extend(scenario.parties.iter().map(|p| format!("{}_utility", p.id)));
    fields.push("blocker".into());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(&fields);
    w.into_inner().unwrap_or_default()
}

/// `runs.csv` as a job's run sink ([`truce_core::Simulation::run_with`]): rows are formatted
/// on the worker threads, one buffer per block, and written to `out` in run order.
pub struct RunsCsv<'s, W> {
    scenario: &'s Scenario,
    out: W,
}

impl<'s, W: Write> RunsCsv<'s, W> {
    /// A `runs.csv` of `scenario` written to `out`, starting with its header line.
    pub fn new(scenario: &'s Scenario, mut out: W) -> io::Result<RunsCsv<'s, W>> {
        out.write_all(&header(scenario))?;
        Ok(RunsCsv { scenario, out })
    }

    /// The writer, after the last row.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// One block's rows and a reusable text buffer.
pub struct CsvBlock {
    writer: csv::Writer<Vec<u8>>,
    text: String,
}

impl<W: Write + Sync> RunSink for RunsCsv<'_, W> {
    type Block = CsvBlock;

    fn block(&self) -> CsvBlock {
        CsvBlock {
            writer: csv::Writer::from_writer(Vec::with_capacity(1 << 16)),
            text: String::new(),
        }
    }

    fn record(&self, b: &mut CsvBlock, r: &Record) {
        use std::fmt::Write;
        let s = self.scenario;
        let deal = r.outcome.signed();
        let w = &mut b.writer;
        let mut num = |w: &mut csv::Writer<Vec<u8>>, v: &dyn std::fmt::Display| {
            b.text.clear();
            let _ = write!(b.text, "{v}");
            let _ = w.write_field(&b.text);
        };
        num(w, &r.run);
        let _ = w.write_field(r.outcome.as_str());
        // The round of agreement, or for runs without a deal the last round the talks had.
        let round = r.agreement_round.filter(|_| deal).unwrap_or(r.rounds);
        num(w, &round);
        num(w, &r.truce_days);
        num(w, &r.violations);
        num(w, &r.detected);
        for (issue, &x) in s.issues.iter().zip(&r.terms) {
            let _ = if deal {
                w.write_field(super::csv_text(&issue.csv_value(x)).as_bytes())
            } else {
                w.write_field("")
            };
        }
        for &u in r.utilities.iter().take(s.parties.len()) {
            if deal {
                num(w, &format_args!("{u:.4}"));
            } else {
                let _ = w.write_field("");
            }
        }
        match r.blocker.filter(|b| b.party < s.parties.len()) {
            Some(blocker) => {
                let _ = w.write_field(super::csv_text(&blocker.label(s)).as_bytes());
            }
            None => {
                let _ = w.write_field("");
            }
        }
        let _ = w.write_record(None::<&[u8]>);
    }

    fn take(&mut self, b: CsvBlock) -> io::Result<()> {
        // The block's rows are all in its buffer: taking it out cannot fail.
        let bytes = b.writer.into_inner().unwrap_or_default();
        self.out.write_all(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_core::engine::{BlockKind, Blocker, Outcome};
    use truce_core::testing::scenario;

    fn rows(s: &Scenario, records: &[Record]) -> String {
        let mut f = RunsCsv::new(s, Vec::new()).unwrap();
        let mut b = f.block();
        for r in records {
            f.record(&mut b, r);
        }
        f.take(b).unwrap();
        String::from_utf8(f.into_inner()).unwrap()
    }

    #[test]
    fn header_and_rows() {
        let s = scenario();
        let mut deal = Record::new(&s);
        deal.run = 3;
        deal.outcome = Outcome::Held;
        deal.agreement_round = Some(2);
        deal.terms = vec![0.5, 1.0];
        deal.utilities = vec![0.61234, 0.5, 0.25];
        deal.truce_days = 46;
        let mut none = Record::new(&s);
        none.run = 4;
        none.rounds = 12;
        none.blocker = Some(Blocker {
            party: 0,
            kind: BlockKind::RedLine(0),
        });
        let text = rows(&s, &[deal, none]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "run,outcome,round,truce_days,violations,detected,days,monitoring,north_utility,south_utility,broker_utility,blocker"
        );
        assert_eq!(
            lines[1],
            "3,held,2,46,0,0,30,international,0.6123,0.5000,0.2500,"
        );
        // Without a deal, `round` is the last round the talks had.
        assert_eq!(lines[2], "4,no_deal,12,0,0,0,,,,,,north:red_line:0");
    }

    #[test]
    fn option_names_are_quoted_when_needed() {
        let mut s = scenario();
        s.issues[1].kind =
            truce_core::model::IssueKind::Options(vec!["a".into(), "b, \"c\"".into()]);
        let mut deal = Record::new(&s);
        deal.outcome = Outcome::Expired;
        deal.terms = vec![0.0, 1.0];
        let text = rows(&s, &[deal]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rec = reader.records().next().unwrap().unwrap();
        assert_eq!(&rec[7], "b, \"c\"");
    }

    #[test]
    fn size_rule() {
        assert!(wanted(100_000, false));
        assert!(!wanted(100_001, false));
        assert!(wanted(10_000_000, true));
    }
}
