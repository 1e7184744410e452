//! The game: people decide for some parties, the engine plays the rest, round by round.
//!
//! The loop reads moves from any `BufRead` and writes to any `Write`, so the terminal, a piped
//! file and the tests drive the very same code. It steps the engine with the API `truce run`
//! uses ([`Runner::open_round`], [`Runner::answer`], [`Runner::close_round`]...), so the parties
//! the engine plays behave exactly as in the Monte Carlo; only the people's answers (and their
//! proposals) are theirs.
//!
//! How people's moves map onto the protocols:
//! - Mediated: every round the mediator's text is on the table. A person may `accept` or
//!   `reject` it, or `propose ISSUE=VALUE...`: an amendment of the mediator's text, which then
//!   replaces it on the table for everyone to answer this round (the proposer stands by it;
//!   the other people answer it afresh). If the round ends without a deal, the mediator revises
//!   the text on the table, amendments included, for the next round.
//! - Alternating: on its own turn a person's party proposes. Its staff draft a package (what
//!   the engine would propose); `accept` tables that draft as it is and `propose ISSUE=VALUE...`
//!   amends it first. On the others' turns a person answers with `accept` or `reject`.
//!
//! A proposal that crosses the proposer's own red line is tabled with a warning: people may
//! break their instructions, and the after-action report will show it.

use std::io::{self, BufRead, Read, Write};

use truce_core::Simulation;
use truce_core::engine::{Observer, Outcome, Record, RoundEnd, Runner, TraceEvent};
use truce_core::model::Scenario;

use super::command::{self, Command};
use super::forecast;
use super::words;
use truce_core::forecast::Moment;

/// What the game needs to start.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Parties the people play, by index, in the order they were named.
    pub humans: Vec<usize>,
    pub seed: u64,
    /// Continuations per `forecast`.
    pub forecast_runs: u64,
    /// Echo each line read after the prompt (for piped input, so the output reads as a
    /// transcript); a terminal echoes by itself.
    pub echo: bool,
}

/// Longest issue label that shares a line with its value on the screen.
const MAX_LABEL: usize = 48;

/// The engine's run index the game uses: the game draws what `truce run --seed S` draws for its
/// run 0, so `truce narrate --run 0 --seed S` tells how the engine alone would have played it.
pub const RUN_INDEX: u64 = 0;

/// One party's answer at the close of a round.
#[derive(Debug, Clone)]
pub struct AnswerLog {
    pub party: usize,
    pub accepted: bool,
    /// In words: "yes", "no: it insists on ...", "no (decided by the players)".
    pub words: String,
    /// Decided by a person.
    pub by_person: bool,
}

/// One round of the game, for the transcript of the after-action report.
#[derive(Debug, Clone)]
pub struct RoundLog {
    pub round: u32,
    pub day: u32,
    pub momentum: f64,
    /// Labels of the injects that fired at the start of the round.
    pub injects: Vec<String>,
    /// Conditions the people's parties were allowed to drop this round.
    pub waived: Vec<String>,
    /// Who proposes (alternating); `None` under mediation.
    pub proposer: Option<usize>,
    /// The text first put on the table this round (the mediator's, or the proposer's draft).
    pub opening: Vec<f64>,
    /// The people's moves in order, in words.
    pub moves: Vec<String>,
    /// The text answered at the close of the round.
    pub text: Vec<f64>,
    pub answers: Vec<AnswerLog>,
    /// How the round ended, in words.
    pub result: String,
}

/// Everything the after-action report needs from the game.
#[derive(Debug, Clone)]
pub struct GameLog {
    pub seed: u64,
    pub humans: Vec<usize>,
    pub rounds: Vec<RoundLog>,
    /// What happened after signing (violations, renewals), in words.
    pub pause: Vec<String>,
    pub record: Record,
    /// The round in which the people quit (or input ended), if they did.
    pub quit_in: Option<u32>,
    /// Proposals the people tabled that crossed their own red lines, in words.
    pub own_red_lines_crossed: Vec<String>,
}

/// Collects what the engine reports while the game runs.
struct Collector<'s> {
    s: &'s Scenario,
    /// The parties people play (the engine still keeps or ends the pause for them).
    humans: Vec<usize>,
    injects: Vec<usize>,
    waived: Vec<(usize, usize)>,
    pause: Vec<String>,
    violations_told: usize,
    violations_untold: usize,
}

impl Observer for Collector<'_> {
    const ACTIVE: bool = true;

    fn on(&mut self, event: TraceEvent<'_>) {
        let s = self.s;
        let name = |p: usize| s.parties[p].name.as_str();
        match event {
            TraceEvent::Inject { event, .. } => self.injects.push(event),
            TraceEvent::Waived {
                party, condition, ..
            } => self.waived.push((party, condition)),
            // The kind of sighting is left out on purpose: the record's counts say how many
            // were established, and the trace's fields for it are still settling.
            TraceEvent::Violation { day, violator, .. } => {
                if self.violations_told < 12 {
                    self.violations_told += 1;
                    self.pause.push(format!(
                        "day {} of the pause: a violation by {}",
                        day.floor(),
                        name(violator)
                    ));
                } else {
                    self.violations_untold += 1;
                }
            }
            TraceEvent::Abandoned {
                day,
                party,
                value,
                walk_away,
            } => {
                let who = if self.humans.contains(&party) {
                    format!("the engine ends it for {} (your party)", name(party))
                } else {
                    format!("{} ends it", name(party))
                };
                self.pause.push(format!(
                    "day {} of the pause: {who}: keeping it was worth {:.2} to {}, less than \
                     walking away ({:.2})",
                    day.floor(),
                    // On the staff notes' scale (0 the worst text, 1 the ideal).
                    value.clamp(0.0, 1.0),
                    name(party),
                    walk_away
                ))
            }
            TraceEvent::Renewed { day, until } => self.pause.push(format!(
                "day {day} of the pause: the term ends; every party renews it, to day {until}"
            )),
            TraceEvent::NotRenewed { day, party } => self.pause.push(match party {
                Some(p) if self.humans.contains(&p) => format!(
                    "day {day} of the pause: the term ends; the engine does not renew it for {} \
                     (your party): another term is worth less to it than walking away",
                    name(p)
                ),
                Some(p) => format!(
                    "day {day} of the pause: the term ends and {} will not renew it",
                    name(p)
                ),
                None => format!("day {day} of the pause: the term ends; it is not renewable"),
            }),
            _ => {}
        }
    }
}

/// The game in progress.
struct Game<'a, 's, R, W> {
    sim: &'s Simulation,
    s: &'s Scenario,
    /// The scenario as written, for forecasts: played once, at the first `forecast`.
    written: Option<forecast::AsWritten>,
    setup: &'a Setup,
    runner: Runner<'s>,
    obs: Collector<'s>,
    input: R,
    out: &'a mut W,
    /// The text shown last, to mark what changed.
    shown: Option<Vec<f64>>,
    crossed: Vec<String>,
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

/// Why a round's decision loop stopped.
enum Stop {
    Decided,
    Quit,
}

/// Play a whole game of `sim`'s scenario: read moves from `input`, tell it on `out`. The game
/// is run [`RUN_INDEX`] of the seed, played by the same runner a job uses.
pub fn play<R: BufRead, W: Write>(
    sim: &'_ Simulation,
    setup: &Setup,
    input: R,
    out: &mut W,
) -> io::Result<GameLog> {
    let s = sim.scenario();
    let mut runner = sim.runner();
    let mut obs = Collector {
        s,
        humans: setup.humans.clone(),
        injects: Vec::new(),
        waived: Vec::new(),
        pause: Vec::new(),
        violations_told: 0,
        violations_untold: 0,
    };
    runner.begin(setup.seed, RUN_INDEX, &mut obs);
    for &p in &setup.humans {
        runner.set_human(p, true);
    }
    let mut game = Game {
        sim,
        s,
        written: None,
        setup,
        runner,
        obs,
        input,
        out,
        shown: None,
        crossed: Vec::new(),
    };
    game.run()
}

impl<'s, R: BufRead, W: Write> Game<'_, 's, R, W> {
    fn run(&mut self) -> io::Result<GameLog> {
        self.intro()?;
        let mut rounds = Vec::new();
        let mut quit_in = None;
        let mut end = RoundEnd::Continue;
        for round in 1..=self.runner.rounds() {
            let (log, stop, e) = self.round(round)?;
            rounds.push(log);
            end = e;
            if let Stop::Quit = stop {
                quit_in = Some(round);
                break;
            }
            if end != RoundEnd::Continue {
                break;
            }
        }
        if end == RoundEnd::Continue {
            self.runner.no_deal();
        }
        let record = self.runner.finish(&mut self.obs).clone();
        if self.obs.violations_untold > 0 {
            let more = self.obs.violations_untold;
            self.obs
                .pause
                .push(format!("... and {more} more violations"));
        }
        self.ending(&record, quit_in)?;
        Ok(GameLog {
            seed: self.setup.seed,
            humans: self.setup.humans.clone(),
            rounds,
            pause: std::mem::take(&mut self.obs.pause),
            record,
            quit_in,
            own_red_lines_crossed: std::mem::take(&mut self.crossed),
        })
    }

    /// The scenario as written (fresh runs of the seed from round 1), played at the first
    /// forecast and kept: it does not change during the game.
    fn as_written(&mut self) -> io::Result<forecast::AsWritten> {
        if let Some(w) = self.written {
            return Ok(w);
        }
        let runs = self.setup.forecast_runs.max(1);
        let results = self
            .sim
            .run(&truce_core::Options::runs(runs).seed(self.setup.seed))
            .map_err(|e| io::Error::other(format!("the forecast runs failed: {e}")))?;
        let mut outcomes = [0u64; 5];
        for o in &results.summary.outcomes {
            outcomes[o.outcome.index()] = o.count;
        }
        let w = forecast::AsWritten { runs, outcomes };
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
            self.runner.rounds(),
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

    /// One round: open it, let the people decide, close it.
    fn round(&mut self, round: u32) -> io::Result<(RoundLog, Stop, RoundEnd)> {
        let s = self.s;
        self.obs.injects.clear();
        self.obs.waived.clear();
        self.runner.open_round(round, &mut self.obs);
        let day = round * s.days_per_round;
        let mut log = RoundLog {
            round,
            day,
            momentum: self.runner.momentum(),
            injects: self
                .obs
                .injects
                .iter()
                .map(|&e| s.events[e].label.clone())
                .collect(),
            waived: Vec::new(),
            proposer: self.runner.proposer(round),
            opening: Vec::new(),
            moves: Vec::new(),
            text: Vec::new(),
            answers: Vec::new(),
            result: String::new(),
        };
        writeln!(self.out)?;
        writeln!(
            self.out,
            "--- Round {round} of {} (day {day}) ---",
            self.runner.rounds()
        )?;
        if s.battlefield.is_some() {
            writeln!(
                self.out,
                "Battlefield: {}",
                words::momentum(s, self.runner.momentum())
            )?;
        }
        for label in &log.injects {
            writeln!(self.out, "INJECT: {label}")?;
        }
        for &(p, k) in &self.obs.waived {
            if self.setup.humans.contains(&p) {
                let c = &s.parties[p].conditions[k].constraint;
                let line = format!(
                    "{}: your government now accepts dropping your condition ({})",
                    self.name(p),
                    c.describe(&s.issues[c.issue])
                );
                // A condition is private: on a screen several teams share it goes to the
                // after-action report only.
                if self.one_team() {
                    writeln!(self.out, "{line}")?;
                }
                log.waived.push(line);
            }
        }
        // What is on the table, and who put it there.
        let proposer = self.runner.proposer(round);
        let human_turn = proposer.filter(|p| self.setup.humans.contains(p));
        if let Some(p) = proposer {
            self.runner.draft_for(p);
        }
        log.opening = self.runner.text().to_vec();
        let mut tabled = human_turn.is_none();
        match (proposer, human_turn) {
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
                self.runner.answer(true);
                writeln!(self.out, "{} proposes:", self.name(p))?;
                self.show_text()?;
                self.show_others()?;
            }
            (None, _) => {
                self.runner.answer(true);
                let who = s.mediator.map(|m| self.name(m)).unwrap_or("the mediator");
                writeln!(self.out, "On the table, the text drafted by {who}:")?;
                self.show_text()?;
                self.show_others()?;
            }
        }
        self.show_assessments()?;

        let humans = self.setup.humans.clone();
        let mut decided: Vec<Option<bool>> = vec![None; humans.len()];
        let stop = loop {
            let Some(i) = (match human_turn {
                Some(p) if !tabled => humans.iter().position(|&h| h == p),
                _ => decided.iter().position(|d| d.is_none()),
            }) else {
                break Stop::Decided;
            };
            let p = humans[i];
            write!(self.out, "[round {round}] {}> ", self.name(p))?;
            self.out.flush()?;
            let Some(line) = self.read_line()? else {
                writeln!(self.out)?;
                writeln!(self.out, "(end of input: quitting)")?;
                break Stop::Quit;
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
            match cmd {
                Command::Empty => {}
                Command::Help => writeln!(self.out, "{}", command::help(s))?,
                Command::Status => self.status(p, round)?,
                Command::Forecast => {
                    let at = Moment {
                        round,
                        undrafted: None,
                    };
                    let written = self.as_written()?;
                    let text = forecast::forecast(
                        &self.runner,
                        &self.setup.humans,
                        at,
                        self.setup.forecast_runs,
                        &written,
                    );
                    write!(self.out, "{text}")?;
                }
                Command::Quit => {
                    log.moves.push(format!("{} quits the game", self.name(p)));
                    break Stop::Quit;
                }
                Command::Accept if !tabled => {
                    tabled = true;
                    self.runner.answer(true);
                    decided[i] = Some(true);
                    log.moves
                        .push(format!("{} tables its staff's draft", self.name(p)));
                    writeln!(self.out, "{} tables the package.", self.name(p))?;
                    self.show_others()?;
                }
                Command::Accept => {
                    decided[i] = Some(true);
                    log.moves.push(format!("{}: accept", self.name(p)));
                    self.warn_red_lines(p, round, "accepted")?;
                }
                Command::Reject if !tabled => {
                    writeln!(
                        self.out,
                        "  ? it is your turn to propose: `accept` tables your staff's draft, `propose ISSUE=VALUE...` amends it"
                    )?;
                }
                Command::Reject => {
                    decided[i] = Some(false);
                    log.moves.push(format!("{}: reject", self.name(p)));
                }
                Command::Propose(amendments) => {
                    if let Some(q) = proposer
                        && q != p
                    {
                        writeln!(
                            self.out,
                            "  ? it is {}'s turn to propose; you can `accept` or `reject` its package",
                            self.name(q)
                        )?;
                        continue;
                    }
                    let mut text = self.runner.text().to_vec();
                    for a in &amendments {
                        text[a.issue] = s.issues[a.issue].snap(a.value);
                    }
                    let changes: Vec<String> = amendments
                        .iter()
                        .map(|a| {
                            format!(
                                "{} = {}",
                                s.issues[a.issue].id,
                                s.issues[a.issue].display(a.value)
                            )
                        })
                        .collect();
                    self.runner.table(&text);
                    self.warn_red_lines(p, round, "proposed")?;
                    self.runner.answer(true);
                    tabled = true;
                    decided.iter_mut().for_each(|d| *d = None);
                    decided[i] = Some(true);
                    log.moves
                        .push(format!("{} proposes {}", self.name(p), changes.join(", ")));
                    writeln!(self.out, "{} tables an amended text:", self.name(p))?;
                    self.show_text()?;
                    self.show_others()?;
                    let others: Vec<&str> = humans
                        .iter()
                        .filter(|&&h| h != p)
                        .map(|&h| self.name(h))
                        .collect();
                    if !others.is_empty() {
                        writeln!(self.out, "{} must answer the new text.", others.join(", "))?;
                    }
                }
            }
        };
        log.text = self.runner.text().to_vec();
        if let Stop::Quit = stop {
            log.result = "The game was stopped here.".to_string();
            return Ok((log, stop, RoundEnd::Continue));
        }
        for (i, &p) in humans.iter().enumerate() {
            if let Some(yes) = decided[i] {
                self.runner.set_answer(p, yes);
            }
        }
        let verdicts = self.runner.verdicts().to_vec();
        for (p, v) in verdicts.iter().enumerate() {
            if s.mediator == Some(p) && !humans.contains(&p) {
                continue;
            }
            let by_person = humans.contains(&p);
            let accepted = v.answer.accepted();
            let w = if by_person {
                if accepted { "yes" } else { "no" }.to_string()
            } else {
                words::answer(s, p, v)
            };
            log.answers.push(AnswerLog {
                party: p,
                accepted,
                words: w,
                by_person,
            });
        }
        let end = self.runner.close_round(round, &mut self.obs);
        log.result = match end {
            RoundEnd::Signed => format!("SIGNED in round {round} (day {day})."),
            RoundEnd::Walkout(p) => format!(
                "{} walks out: no text inside the red lines can beat what it expects without a deal.",
                self.name(p)
            ),
            RoundEnd::Continue => {
                let no: Vec<&str> = log
                    .answers
                    .iter()
                    .filter(|a| !a.accepted && s.parties[a.party].must_agree)
                    .map(|a| self.name(a.party))
                    .collect();
                let next = if s.mediator.is_some() && round < self.runner.rounds() {
                    " The mediator revises the text for the next round."
                } else {
                    ""
                };
                format!("No agreement: {} said no.{next}", no.join(", "))
            }
        };
        writeln!(self.out, "{}", log.result)?;
        Ok((log, stop, end))
    }

    /// Warn a person whose party proposes or accepts a text crossing its own red line: allowed
    /// (people may break their instructions) but said out loud and kept for the report.
    fn warn_red_lines(&mut self, p: usize, round: u32, what: &str) -> io::Result<()> {
        let s = self.s;
        let text = self.runner.text().to_vec();
        for rl in &s.parties[p].red_lines {
            let c = &rl.constraint;
            let issue = &s.issues[c.issue];
            if c.allows(issue, text[c.issue]) {
                continue;
            }
            // The reason is on the team's card; on a shared screen it would tell the others.
            let why = if c.reason.is_empty() || !self.one_team() {
                String::new()
            } else {
                format!(" (\"{}\")", c.reason)
            };
            writeln!(
                self.out,
                "  ! Warning: this text crosses {}'s own red line: {}{why}. Your instructions forbid signing it; your move stands.",
                self.name(p),
                c.describe(issue)
            )?;
            self.crossed.push(format!(
                "Round {round}: {} {what} a text crossing its own red line ({}).",
                self.name(p),
                c.describe(issue)
            ));
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
        let text = self.runner.text().to_vec();
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
        let verdicts = self.runner.verdicts().to_vec();
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
        let text = self.runner.text().to_vec();
        let v = self.runner.evaluate(p, &text);
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
            self.runner.rounds(),
            round * s.days_per_round
        )?;
        if s.battlefield.is_some() {
            writeln!(
                self.out,
                "Battlefield: {}",
                words::momentum(s, self.runner.momentum())
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
            self.runner.trust()[p],
            words::trust(self.runner.trust()[p])
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
        if !self.obs.pause.is_empty() {
            writeln!(self.out, "The pause:")?;
            for line in &self.obs.pause {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kursk() -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/kursk-ceasefire-2025.toml");
        truce_core::scenario::load(&path).expect("the bundled scenario loads")
    }

    #[test]
    fn the_screen_says_when_the_engine_ends_a_pause_for_a_team() {
        let s = kursk();
        let russia = s.party_index("russia").expect("russia");
        let ukraine = s.party_index("ukraine").expect("ukraine");
        let mut c = Collector {
            s: &s,
            humans: vec![russia],
            injects: Vec::new(),
            waived: Vec::new(),
            pause: Vec::new(),
            violations_told: 0,
            violations_untold: 0,
        };
        c.on(TraceEvent::Abandoned {
            day: 3.4,
            party: russia,
            value: -0.2,
            walk_away: 0.33,
        });
        c.on(TraceEvent::Abandoned {
            day: 4.0,
            party: ukraine,
            value: 0.1,
            walk_away: 0.2,
        });
        assert_eq!(
            c.pause[0],
            "day 3 of the pause: the engine ends it for Russia (your party): keeping it was \
             worth 0.00 to Russia, less than walking away (0.33)"
        );
        assert!(c.pause[1].starts_with("day 4 of the pause: Ukraine ends it"));
        let rule = words::pause_rule(&s, "Russia", 180);
        assert!(
            rule.contains("decides for every party, Russia included"),
            "{rule}"
        );
        assert!(
            rule.contains("worth less to it than walking away"),
            "{rule}"
        );
    }
}
