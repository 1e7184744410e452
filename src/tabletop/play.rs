//! The game on a terminal: `truce play` reads the people's moves from any `BufRead` and tells
//! the game on any `Write`, so the terminal, a piped file and the tests drive the very same
//! code. The rules (whose move it is, what a proposal does, how a round closes) are the
//! [`Game`]'s, which `truce serve` drives from the browser too; this file only reads commands
//! and writes text.
//!
//! Staff notes, waived conditions and the reasons of red lines are private to a party: with
//! several teams at one screen they are shown only when a team asks (`status`).

use std::io::{self, BufRead, Read, Write};

use truce_core::Simulation;
use truce_core::engine::{Outcome, Record};
use truce_core::forecast::Moment;
use truce_core::model::Scenario;

use super::command::{self, Command};
use super::forecast;
use super::game::{Crossing, Done, Game, Move};
pub use super::game::{GameLog, RUN_INDEX, Setup};
use super::words;

/// Longest issue label that shares a line with its value on the screen.
const MAX_LABEL: usize = 48;

/// The game on a terminal.
struct Terminal<'a, 's, R, W> {
    sim: &'s Simulation,
    s: &'s Scenario,
    /// The scenario as written, for forecasts: played once, at the first `forecast`.
    written: Option<forecast::AsWritten>,
    setup: &'a Setup,
    game: Game<'s>,
    input: R,
    out: &'a mut W,
    /// The text shown last, to mark what changed.
    shown: Option<Vec<f64>>,
}

/// Longest line of input the game reads, in bytes: far more than any move.
pub const MAX_LINE: usize = 4096;

/// Read and drop the rest of the current line (up to its newline, or the end of input).
fn skip_line<R: BufRead>(input: &mut R) -> io::Result<()> {
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = chunk.len();
                input.consume(n);
            }
        }
    }
}

/// Play a whole game of `sim`'s scenario: read moves from `input`, tell it on `out`. The game
/// is run [`RUN_INDEX`] of the seed, played by the same runner a job uses.
pub fn play<R: BufRead, W: Write>(
    sim: &'_ Simulation,
    setup: &Setup,
    input: R,
    out: &mut W,
) -> io::Result<GameLog> {
    let mut t = Terminal {
        sim,
        s: sim.scenario(),
        written: None,
        setup,
        game: Game::start(sim, &setup.humans, setup.seed),
        input,
        out,
        shown: None,
    };
    t.run()
}

impl<'s, R: BufRead, W: Write> Terminal<'_, 's, R, W> {
    fn run(&mut self) -> io::Result<GameLog> {
        self.intro()?;
        while !self.game.is_over() {
            self.round()?;
        }
        let log = self
            .game
            .log()
            .ok_or_else(|| io::Error::other("the game ended without a record"))?;
        self.ending(&log.record, log.quit_in)?;
        Ok(log)
    }

    /// The scenario as written (fresh runs of the seed from round 1), played at the first
    /// forecast and kept: it does not change during the game.
    fn as_written(&mut self) -> io::Result<forecast::AsWritten> {
        if let Some(w) = self.written {
            return Ok(w);
        }
        let w = forecast::as_written(self.sim, self.setup.seed, self.setup.forecast_runs)
            .map_err(io::Error::other)?;
        self.written = Some(w);
        Ok(w)
    }

    fn name(&self, p: usize) -> &'s str {
        &self.s.parties[p].name
    }

    fn intro(&mut self) -> io::Result<()> {
        let s = self.s;
        let people: Vec<&str> = self.setup.humans.iter().map(|&p| self.name(p)).collect();
        writeln!(self.out, "{}", s.name)?;
        writeln!(self.out, "{}", "=".repeat(s.name.chars().count().min(72)))?;
        writeln!(
            self.out,
            "You play: {}. The engine plays everyone else.",
            people.join(", ")
        )?;
        writeln!(self.out, "{}", words::protocol(s))?;
        writeln!(
            self.out,
            "Up to {} rounds of {} days each; a deal needs a yes from {}.",
            self.game.runner().rounds(),
            s.days_per_round,
            s.required_parties()
                .map(|p| self.name(p))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        if s.truce.is_some() {
            writeln!(
                self.out,
                "{}",
                words::pause_rule(s, &people.join(", "), s.horizon_days)
            )?;
        }
        writeln!(
            self.out,
            "Type `help` for the commands. Seed {} (the same seed replays the same world).",
            self.setup.seed
        )?;
        if !self.one_team() {
            writeln!(
                self.out,
                "Several teams share this screen, so your staff notes (what a text is worth to you) stay private: type `status` at your own prompt, with the projector off, to see them."
            )?;
        }
        Ok(())
    }

    /// One round: show it, let the people decide, close it.
    fn round(&mut self) -> io::Result<()> {
        let s = self.s;
        let round = self.game.round();
        let log = self.game.current().clone();
        writeln!(self.out)?;
        writeln!(
            self.out,
            "--- Round {round} of {} (day {}) ---",
            self.game.runner().rounds(),
            log.day
        )?;
        if s.battlefield.is_some() {
            writeln!(
                self.out,
                "Battlefield: {}",
                words::momentum(s, self.game.runner().momentum())
            )?;
        }
        for label in &log.injects {
            writeln!(self.out, "INJECT: {label}")?;
        }
        // A condition is private: on a screen several teams share it goes to the after-action
        // report only.
        if self.one_team() {
            for line in &log.waived {
                writeln!(self.out, "{line}")?;
            }
        }
        // What is on the table, and who put it there.
        match (log.proposer, self.game.human_turn()) {
            (_, Some(p)) => {
                writeln!(
                    self.out,
                    "It is {}'s turn to propose. Your staff's draft package:",
                    self.name(p)
                )?;
                self.show_text()?;
                writeln!(
                    self.out,
                    "`accept` tables it as it is; `propose ISSUE=VALUE...` amends it first."
                )?;
            }
            (Some(p), None) => {
                writeln!(self.out, "{} proposes:", self.name(p))?;
                self.show_text()?;
                self.show_others()?;
            }
            (None, _) => {
                let who = s.mediator.map(|m| self.name(m)).unwrap_or("the mediator");
                writeln!(self.out, "On the table, the text drafted by {who}:")?;
                self.show_text()?;
                self.show_others()?;
            }
        }
        self.show_assessments()?;

        while let Some(p) = self.game.waiting_for() {
            write!(self.out, "[round {round}] {}> ", self.name(p))?;
            self.out.flush()?;
            let Some(line) = self.read_line()? else {
                writeln!(self.out)?;
                writeln!(self.out, "(end of input: quitting)")?;
                self.quit(None);
                return Ok(());
            };
            if self.setup.echo {
                writeln!(self.out, "{}", line.trim_end())?;
            }
            let cmd = match command::parse(&line, s) {
                Ok(c) => c,
                Err(hint) => {
                    writeln!(self.out, "  ? {hint}")?;
                    continue;
                }
            };
            let the_move = match cmd {
                Command::Empty => continue,
                Command::Help => {
                    writeln!(self.out, "{}", command::help(s))?;
                    continue;
                }
                Command::Status => {
                    self.status(p, round)?;
                    continue;
                }
                Command::Forecast => {
                    let at = Moment {
                        round,
                        undrafted: None,
                    };
                    let written = self.as_written()?;
                    let text = forecast::forecast(
                        self.game.runner(),
                        &self.setup.humans,
                        at,
                        self.setup.forecast_runs,
                        &written,
                    );
                    write!(self.out, "{text}")?;
                    continue;
                }
                Command::Quit => {
                    self.quit(Some(p));
                    return Ok(());
                }
                Command::Accept => Move::Accept,
                Command::Reject => Move::Reject,
                Command::Propose(amendments) => Move::Propose {
                    changes: super::game::changes(&amendments),
                },
            };
            match self.game.act(p, &the_move) {
                Err(refusal) => writeln!(self.out, "  ? {refusal}")?,
                Ok((Done::Tabled, _)) => {
                    writeln!(self.out, "{} tables the package.", self.name(p))?;
                    self.show_others()?;
                }
                Ok((Done::Answered, crossings)) => self.warn(&crossings)?,
                Ok((Done::Proposed, crossings)) => {
                    self.warn(&crossings)?;
                    writeln!(self.out, "{} tables an amended text:", self.name(p))?;
                    self.show_text()?;
                    self.show_others()?;
                    let others: Vec<&str> = self
                        .setup
                        .humans
                        .iter()
                        .filter(|&&h| h != p)
                        .map(|&h| self.name(h))
                        .collect();
                    if !others.is_empty() {
                        writeln!(self.out, "{} must answer the new text.", others.join(", "))?;
                    }
                }
            }
        }
        match self.game.close() {
            Ok(_) => {
                let result = self.game.rounds().last().map(|r| r.result.clone());
                writeln!(self.out, "{}", result.unwrap_or_default())?;
            }
            Err(refusal) => writeln!(self.out, "  ? {refusal}")?,
        }
        Ok(())
    }

    fn quit(&mut self, party: Option<usize>) {
        // Refused only once the game is over, which the loop has already checked.
        let _ = self.game.quit(party);
    }

    /// Warn a person whose party proposes or accepts a text crossing its own red line: allowed
    /// (people may break their instructions) but said out loud; the game keeps it for the
    /// report.
    fn warn(&mut self, crossings: &[Crossing]) -> io::Result<()> {
        let s = self.s;
        for c in crossings {
            let rl = &s.parties[c.party].red_lines[c.red_line].constraint;
            let issue = &s.issues[rl.issue];
            // The reason is on the team's card; on a shared screen it would tell the others.
            let why = if rl.reason.is_empty() || !self.one_team() {
                String::new()
            } else {
                format!(" (\"{}\")", rl.reason)
            };
            writeln!(
                self.out,
                "  ! Warning: this text crosses {}'s own red line: {}{why}. Your instructions forbid signing it; your move stands.",
                self.name(c.party),
                rl.describe(issue)
            )?;
        }
        Ok(())
    }

    /// A line of input, lossily decoded; `None` at the end of input. A line longer than
    /// [`MAX_LINE`] bytes is skipped without being kept (a paste gone wrong must not fill the
    /// memory) and read as an empty line, with a word on `out`.
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut buf = Vec::new();
        let limit = MAX_LINE as u64 + 1;
        match (&mut self.input).take(limit).read_until(b'\n', &mut buf) {
            Ok(0) => Ok(None),
            Ok(_) if buf.len() > MAX_LINE && !buf.ends_with(b"\n") => {
                skip_line(&mut self.input)?;
                writeln!(self.out)?;
                writeln!(self.out, "  ? a line longer than {MAX_LINE} bytes: ignored")?;
                Ok(Some(String::new()))
            }
            Ok(_) => Ok(Some(String::from_utf8_lossy(&buf).into_owned())),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(Some(String::new())),
            Err(e) => Err(e),
        }
    }

    /// The text on the table in the issues' units; `*` marks what changed since last shown.
    fn show_text(&mut self) -> io::Result<()> {
        let s = self.s;
        let text = self.game.runner().text().to_vec();
        // Labels up to 48 characters line the values up; a longer label keeps its own line and
        // its value goes under it, at the same column, so long labels never push a value out of
        // line.
        let width = s
            .issues
            .iter()
            .map(|i| i.label.chars().count())
            .filter(|&n| n <= MAX_LABEL)
            .max()
            .unwrap_or(0);
        for (j, issue) in s.issues.iter().enumerate() {
            let changed = self
                .shown
                .as_ref()
                .is_some_and(|prev| issue.display(prev[j]) != issue.display(text[j]));
            let mark = if changed { "*" } else { " " };
            let value = issue.display(text[j]);
            if issue.label.chars().count() > width {
                writeln!(self.out, "  {mark} {}", issue.label)?;
                writeln!(self.out, "    {:<width$}  {value}", "")?;
            } else {
                writeln!(self.out, "  {mark} {:<width$}  {value}", issue.label)?;
            }
        }
        self.shown = Some(text);
        Ok(())
    }

    /// The answers of the parties the engine plays (the mediator's consultations).
    fn show_others(&mut self) -> io::Result<()> {
        let s = self.s;
        let verdicts = self.game.runner().verdicts().to_vec();
        for (p, v) in verdicts.iter().enumerate() {
            if self.setup.humans.contains(&p) || s.mediator == Some(p) {
                continue;
            }
            let note = if s.parties[p].must_agree {
                ""
            } else {
                " (its yes is not required)"
            };
            writeln!(
                self.out,
                "  {}{note}: {}",
                self.name(p),
                words::answer(s, p, v)
            )?;
        }
        Ok(())
    }

    /// For each person's party: what its staff make of the text (the engine's reading). Shown
    /// unasked only when one team is at the keyboard: with several teams the screen is shared
    /// (often projected), and a staff note would show one team's private position to the
    /// others; each team then asks with `status` at its own prompt.
    fn show_assessments(&mut self) -> io::Result<()> {
        if !self.one_team() {
            return Ok(());
        }
        for p in self.setup.humans.clone() {
            self.assessment(p)?;
        }
        Ok(())
    }

    /// Whether exactly one party is played by people (its private notes can be on screen).
    fn one_team(&self) -> bool {
        self.setup.humans.len() == 1
    }

    fn assessment(&mut self, p: usize) -> io::Result<()> {
        let s = self.s;
        let text = self.game.runner().text().to_vec();
        let v = self.game.runner().evaluate(p, &text);
        writeln!(
            self.out,
            "  Staff note for {}: worth {:.2} to you after doubts about keeping it; no deal (walking away) is worth {:.2}. Reading: {}.",
            self.name(p),
            // On the card's scale (0 the worst text, 1 the ideal); a text across a red line
            // says so in the reading.
            v.value.clamp(0.0, 1.0),
            v.walk_away,
            words::own_reading(s, p, &v),
        )
    }

    fn status(&mut self, p: usize, round: u32) -> io::Result<()> {
        let s = self.s;
        writeln!(
            self.out,
            "Round {round} of {} (day {}).",
            self.game.runner().rounds(),
            round * s.days_per_round
        )?;
        if s.battlefield.is_some() {
            writeln!(
                self.out,
                "Battlefield: {}",
                words::momentum(s, self.game.runner().momentum())
            )?;
        }
        writeln!(self.out, "On the table:")?;
        self.shown = None;
        self.show_text()?;
        self.show_others()?;
        writeln!(
            self.out,
            "  {}'s trust in the others: {:.2} ({}).",
            self.name(p),
            self.game.runner().trust()[p],
            words::trust(self.game.runner().trust()[p])
        )?;
        self.assessment(p)
    }

    fn ending(&mut self, record: &Record, quit_in: Option<u32>) -> io::Result<()> {
        let s = self.s;
        writeln!(self.out)?;
        writeln!(self.out, "=== End of the talks ===")?;
        if let Some(r) = quit_in {
            writeln!(
                self.out,
                "The game was stopped in round {r}; the talks count as ended without a deal."
            )?;
        }
        if record.outcome.signed() {
            writeln!(self.out, "The signed text:")?;
            for (j, issue) in s.issues.iter().enumerate() {
                writeln!(
                    self.out,
                    "  {}: {}",
                    issue.label,
                    issue.display(record.terms[j])
                )?;
            }
        }
        let pause = self.game.pause();
        if !pause.is_empty() {
            writeln!(self.out, "The pause:")?;
            for line in &pause {
                writeln!(self.out, "  {line}")?;
            }
        }
        if record.violations > 0 {
            writeln!(
                self.out,
                "Violations: {} committed, {} established.",
                record.violations, record.detected
            )?;
        }
        writeln!(self.out, "Outcome: {}", words::outcome(s, record))?;
        if let Some(b) = record.blocker
            && !record.outcome.signed()
            && record.outcome != Outcome::Walkout
            && quit_in.is_none()
        {
            writeln!(self.out, "What stopped the last text: {}.", b.describe(s))?;
        }
        if record.outcome.signed() {
            let us: Vec<String> = s
                .parties
                .iter()
                .zip(&record.utilities)
                .map(|(party, u)| format!("{} {:.2}", party.name, u))
                .collect();
            writeln!(
                self.out,
                "Utility of the deal (0 worst, 1 ideal): {}.",
                us.join(", ")
            )?;
        }
        Ok(())
    }
}
