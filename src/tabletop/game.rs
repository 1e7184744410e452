//! The game state of a tabletop exercise, apart from any screen: people decide for some
//! parties, the engine plays the rest, round by round.
//!
//! `truce play` (the terminal, [`super::play`]) and `truce serve` (several browsers at once)
//! drive the same [`Game`]: a round is opened, the people's parties [`Game::act`] (accept,
//! reject, propose), the round is [`Game::close`]d, and the next one opens, until the talks end.
//! The game steps the engine with the API `truce run` uses ([`Runner::open_round`],
//! [`Runner::answer`], [`Runner::close_round`]...), so the parties the engine plays behave
//! exactly as in the Monte Carlo; only the people's answers (and their proposals) are theirs.
//!
//! How people's moves map onto the protocols:
//! - Mediated: every round the mediator's text is on the table. A person may `accept` or
//!   `reject` it, or propose an amendment of it, which then replaces it on the table for
//!   everyone to answer this round (the proposer stands by it; the other people answer it
//!   afresh). If the round ends without a deal, the mediator revises the text on the table,
//!   amendments included, for the next round.
//! - Alternating: on its own turn a person's party proposes. Its staff draft a package (what
//!   the engine would propose); `accept` tables that draft as it is and a proposal amends it
//!   first. On the others' turns a person answers with `accept` or `reject`.
//!
//! A proposal that crosses the proposer's own red line is tabled with a warning: people may
//! break their instructions, and the after-action report will show it.
//!
//! Every change to a game is an [`Action`]; the same setup and the same actions replay the same
//! game exactly (run [`RUN_INDEX`] of the seed is a pure function of its inputs), which is how a
//! saved exercise comes back after a server restart.

use serde::{Deserialize, Serialize};

use truce_core::Simulation;
use truce_core::engine::pause::RENEGING_COST;
use truce_core::engine::{Observer, Record, RoundEnd, Runner, TraceEvent};
use truce_core::model::Scenario;

use super::command::Amendment;

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
    /// Conditions the people's parties were allowed to drop this round: (party, words).
    pub waived: Vec<String>,
    /// The party of each line of `waived`.
    pub waived_by: Vec<usize>,
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

/// A move by a people's party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "move")]
pub enum Move {
    /// Say yes to the text on the table (on one's own turn to propose: table the staff's
    /// draft as it is).
    Accept,
    /// Say no to it.
    Reject,
    /// Put an amended text on the table: `(issue, value on [0, 1])` pairs.
    Propose { changes: Vec<(usize, f64)> },
}

/// One change to a game, as recorded for replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Action {
    /// A people's party moved.
    Move { party: usize, the_move: Move },
    /// The round was closed (every people's party had answered).
    Close,
    /// An inject of the master events list will fire when the next round opens.
    Inject { event: usize },
    /// A people's party ended the game (`None`: the input ended, or the facilitator).
    Quit { party: Option<usize> },
}

/// Why a move was refused: a one-line hint saying what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a move did, for the screen to tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// On its own turn, the party tabled its staff's draft as it is.
    Tabled,
    /// The party said yes or no.
    Answered,
    /// The party tabled an amended text; the other people must answer it.
    Proposed,
}

/// A text crossing one of a party's own red lines, found when it accepts or proposes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    pub party: usize,
    /// Index of the red line in the party's list.
    pub red_line: usize,
}

/// Who reads the story of the pause: it names the people's parties from the reader's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The people at one screen (`truce play`, and the after-action report): each of their
    /// parties is "your party".
    People,
    /// One team in the browser: its own party is "your party", another team's is "another
    /// team's party".
    Team(usize),
    /// The facilitator: each people's party is "a team's party".
    Facilitator,
}

/// What happened in the pause, kept as events and told for each [`Reader`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum PauseEvent {
    Violation {
        day: f64,
        violator: usize,
    },
    Abandoned {
        day: f64,
        party: usize,
        value: f64,
        walk_away: f64,
    },
    Renewed {
        day: u32,
        until: u32,
    },
    NotRenewed {
        day: u32,
        party: Option<usize>,
    },
    /// Violations past the first 12, not told one by one.
    More(usize),
}

/// Collects what the engine reports while the game runs.
struct Collector<'s> {
    s: &'s Scenario,
    /// The parties people play (the engine still keeps or ends the pause for them).
    humans: Vec<usize>,
    injects: Vec<usize>,
    waived: Vec<(usize, usize)>,
    pause: Vec<PauseEvent>,
    violations_told: usize,
    violations_untold: usize,
}

impl Collector<'_> {
    /// How `reader` calls people's party `p` after its name, or `None` for an engine's party.
    fn whose(&self, p: usize, reader: Reader) -> Option<&'static str> {
        if !self.humans.contains(&p) {
            return None;
        }
        Some(match reader {
            Reader::People => "your party",
            Reader::Team(t) if t == p => "your party",
            Reader::Team(_) => "another team's party",
            Reader::Facilitator => "a team's party",
        })
    }

    /// The pause in words, for `reader`.
    fn pause_lines(&self, reader: Reader) -> Vec<String> {
        let name = |p: usize| self.s.parties[p].name.as_str();
        self.pause
            .iter()
            .map(|e| match *e {
                PauseEvent::Violation { day, violator } => format!(
                    "day {} of the pause: a violation by {}",
                    day.floor(),
                    name(violator)
                ),
                PauseEvent::Abandoned {
                    day,
                    party,
                    value,
                    walk_away,
                } => {
                    let who = match self.whose(party, reader) {
                        Some(whose) => format!("the engine ends it for {} ({whose})", name(party)),
                        None => format!("{} ends it", name(party)),
                    };
                    format!(
                        "day {} of the pause: {who}: keeping it was worth {:.2} to {}, less than \
                         walking away ({:.2}) by more than the cost of reneging on a signed pause \
                         ({RENEGING_COST})",
                        day.floor(),
                        // On the staff notes' scale (0 the worst text, 1 the ideal).
                        value.clamp(0.0, 1.0),
                        name(party),
                        walk_away
                    )
                }
                PauseEvent::Renewed { day, until } => format!(
                    "day {day} of the pause: the term ends; every party renews it, to day {until}"
                ),
                PauseEvent::NotRenewed { day, party } => match party {
                    Some(p) => match self.whose(p, reader) {
                        Some(whose) => format!(
                            "day {day} of the pause: the term ends; the engine does not renew it \
                             for {} ({whose}): another term is worth less to it than walking away",
                            name(p)
                        ),
                        None => format!(
                            "day {day} of the pause: the term ends and {} will not renew it",
                            name(p)
                        ),
                    },
                    None => format!("day {day} of the pause: the term ends; it is not renewable"),
                },
                PauseEvent::More(n) => format!("... and {n} more violations"),
            })
            .collect()
    }
}

impl Observer for Collector<'_> {
    const ACTIVE: bool = true;

    fn on(&mut self, event: TraceEvent<'_>) {
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
                    self.pause.push(PauseEvent::Violation { day, violator });
                } else {
                    self.violations_untold += 1;
                }
            }
            TraceEvent::Abandoned {
                day,
                party,
                value,
                walk_away,
            } => self.pause.push(PauseEvent::Abandoned {
                day,
                party,
                value,
                walk_away,
            }),
            TraceEvent::Renewed { day, until } => {
                self.pause.push(PauseEvent::Renewed { day, until })
            }
            TraceEvent::NotRenewed { day, party } => {
                self.pause.push(PauseEvent::NotRenewed { day, party })
            }
            _ => {}
        }
    }
}

/// A game in progress (or over).
pub struct Game<'s> {
    s: &'s Scenario,
    seed: u64,
    humans: Vec<usize>,
    runner: Runner<'s>,
    obs: Collector<'s>,
    /// The round in progress (or the last one, once over).
    round: u32,
    /// The round in progress, as the transcript will show it.
    log: RoundLog,
    rounds: Vec<RoundLog>,
    /// Who proposes this round, if a people's party does (alternating offers).
    human_turn: Option<usize>,
    /// Whether a text is on the table to answer (false while a people's party is still to
    /// table its package).
    tabled: bool,
    /// Each people's party's answer this round, in the order of `humans`.
    decided: Vec<Option<bool>>,
    /// Injects the facilitator asked for, fired when the next round opens.
    queued: Vec<usize>,
    /// The people's party whose text is on the table this round, if one tabled or amended it.
    tabled_by: Option<usize>,
    crossed: Vec<String>,
    quit_in: Option<u32>,
    /// The run's record once the game is over.
    over: Option<Record>,
    actions: Vec<Action>,
}

impl<'s> Game<'s> {
    /// Start a game of `sim`'s scenario with people playing `humans`, under `seed`: the world
    /// is drawn and round 1 opened. The game is run [`RUN_INDEX`] of the seed, played by the
    /// same runner a job uses.
    pub fn start(sim: &'s Simulation, humans: &[usize], seed: u64) -> Game<'s> {
        let s = sim.scenario();
        let mut runner = sim.runner();
        let mut obs = Collector {
            s,
            humans: humans.to_vec(),
            injects: Vec::new(),
            waived: Vec::new(),
            pause: Vec::new(),
            violations_told: 0,
            violations_untold: 0,
        };
        runner.begin(seed, RUN_INDEX, &mut obs);
        for &p in humans {
            runner.set_human(p, true);
        }
        let mut game = Game {
            s,
            seed,
            humans: humans.to_vec(),
            runner,
            obs,
            round: 0,
            log: empty_log(0, 0, 0.0, None),
            rounds: Vec::new(),
            human_turn: None,
            tabled: false,
            decided: Vec::new(),
            queued: Vec::new(),
            tabled_by: None,
            crossed: Vec::new(),
            quit_in: None,
            over: None,
            actions: Vec::new(),
        };
        if game.runner.rounds() == 0 {
            game.runner.no_deal();
            game.finish();
        } else {
            game.open(1);
        }
        game
    }

    /// The same game, its actions applied in order (a saved exercise coming back). Fails at
    /// the first action the game refuses, saying which.
    pub fn replay(
        sim: &'s Simulation,
        humans: &[usize],
        seed: u64,
        actions: &[Action],
    ) -> Result<Game<'s>, String> {
        let mut game = Game::start(sim, humans, seed);
        for (k, a) in actions.iter().enumerate() {
            game.apply(a)
                .map_err(|e| format!("action {} of {}: {e}", k + 1, actions.len()))?;
        }
        Ok(game)
    }

    /// Apply one recorded action.
    pub fn apply(&mut self, action: &Action) -> Result<(), Refusal> {
        match action {
            Action::Move { party, the_move } => self.act(*party, the_move).map(|_| ()),
            Action::Close => self.close().map(|_| ()),
            Action::Inject { event } => self.queue_inject(*event),
            Action::Quit { party } => self.quit(*party),
        }
    }

    fn open(&mut self, round: u32) {
        let s = self.s;
        self.round = round;
        self.obs.injects.clear();
        self.obs.waived.clear();
        let forced = std::mem::take(&mut self.queued);
        self.runner.open_round_with(round, &forced, &mut self.obs);
        let day = round * s.days_per_round;
        let proposer = self.runner.proposer(round);
        let mut log = empty_log(round, day, self.runner.momentum(), proposer);
        log.injects = self
            .obs
            .injects
            .iter()
            .map(|&e| s.events[e].label.clone())
            .collect();
        for &(p, k) in &self.obs.waived {
            if self.humans.contains(&p) {
                let c = &s.parties[p].conditions[k].constraint;
                log.waived.push(format!(
                    "{}: your government now accepts dropping your condition ({})",
                    s.parties[p].name,
                    c.describe(&s.issues[c.issue])
                ));
                log.waived_by.push(p);
            }
        }
        // What is on the table, and who put it there.
        self.human_turn = proposer.filter(|p| self.humans.contains(p));
        if let Some(p) = proposer {
            self.runner.draft_for(p);
        }
        log.opening = self.runner.text().to_vec();
        self.tabled = self.human_turn.is_none();
        if self.tabled {
            self.runner.answer(true);
        }
        self.decided = vec![None; self.humans.len()];
        self.tabled_by = None;
        self.log = log;
    }

    fn name(&self, p: usize) -> &'s str {
        &self.s.parties[p].name
    }

    fn slot(&self, party: usize) -> Result<usize, Refusal> {
        let name = self.s.parties.get(party).map_or("?", |x| x.name.as_str());
        self.humans
            .iter()
            .position(|&h| h == party)
            .ok_or_else(|| Refusal(format!("{name} is played by the engine")))
    }

    /// A people's party moves. Refused (with a hint) when the game is over, when the party is
    /// the engine's, or when the move does not fit the moment (rejecting on one's own turn to
    /// propose, proposing on another's turn).
    pub fn act(&mut self, party: usize, the_move: &Move) -> Result<(Done, Vec<Crossing>), Refusal> {
        if self.is_over() {
            return Err(Refusal("the talks are over".into()));
        }
        let s = self.s;
        let i = self.slot(party)?;
        let proposer = self.runner.proposer(self.round);
        let done = match the_move {
            Move::Accept if !self.tabled => {
                if self.human_turn != Some(party) {
                    return Err(self.wait_for_package());
                }
                self.tabled = true;
                self.tabled_by = Some(party);
                self.runner.answer(true);
                self.decided[i] = Some(true);
                self.log
                    .moves
                    .push(format!("{} tables its staff's draft", self.name(party)));
                (Done::Tabled, Vec::new())
            }
            Move::Accept => {
                self.decided[i] = Some(true);
                self.log.moves.push(format!("{}: accept", self.name(party)));
                (Done::Answered, self.crossings(party, "accepted"))
            }
            Move::Reject if !self.tabled => {
                if self.human_turn != Some(party) {
                    return Err(self.wait_for_package());
                }
                return Err(Refusal(
                    "it is your turn to propose: `accept` tables your staff's draft, `propose ISSUE=VALUE...` amends it".into(),
                ));
            }
            Move::Reject => {
                self.decided[i] = Some(false);
                self.log.moves.push(format!("{}: reject", self.name(party)));
                (Done::Answered, Vec::new())
            }
            Move::Propose { changes } => {
                if let Some(q) = proposer
                    && q != party
                {
                    return Err(Refusal(format!(
                        "it is {}'s turn to propose; you can `accept` or `reject` its package",
                        self.name(q)
                    )));
                }
                if changes.is_empty() {
                    return Err(Refusal("a proposal changes at least one issue".into()));
                }
                let mut text = self.runner.text().to_vec();
                let mut words = Vec::new();
                for &(j, v) in changes {
                    let Some(issue) = s.issues.get(j) else {
                        return Err(Refusal(format!("there is no issue number {j}")));
                    };
                    if !(0.0..=1.0).contains(&v) {
                        return Err(Refusal(format!(
                            "a value for `{}` lies outside its range",
                            issue.id
                        )));
                    }
                    text[j] = issue.snap(v);
                    words.push(format!("{} = {}", issue.id, issue.display(v)));
                }
                self.runner.table(&text);
                let crossings = self.crossings(party, "proposed");
                self.runner.answer(true);
                self.tabled = true;
                self.tabled_by = Some(party);
                self.decided.iter_mut().for_each(|d| *d = None);
                self.decided[i] = Some(true);
                self.log.moves.push(format!(
                    "{} proposes {}",
                    self.name(party),
                    words.join(", ")
                ));
                (Done::Proposed, crossings)
            }
        };
        self.actions.push(Action::Move {
            party,
            the_move: the_move.clone(),
        });
        Ok(done)
    }

    fn wait_for_package(&self) -> Refusal {
        let p = self.human_turn.map_or("the proposer", |p| self.name(p));
        Refusal(format!(
            "{p} has not tabled its package yet; answer it once it is on the table"
        ))
    }

    /// The red lines of `p` that the text on the table crosses, kept for the report.
    fn crossings(&mut self, p: usize, what: &str) -> Vec<Crossing> {
        let s = self.s;
        let text = self.runner.text();
        let mut out = Vec::new();
        for (k, rl) in s.parties[p].red_lines.iter().enumerate() {
            let c = &rl.constraint;
            let issue = &s.issues[c.issue];
            if c.allows(issue, text[c.issue]) {
                continue;
            }
            self.crossed.push(format!(
                "Round {}: {} {what} a text crossing its own red line ({}).",
                self.round,
                s.parties[p].name,
                c.describe(issue)
            ));
            out.push(Crossing {
                party: p,
                red_line: k,
            });
        }
        out
    }

    /// The people's party that must move next for the round to go on, in the order the
    /// parties were named: the proposer while its package is not on the table, else the first
    /// that has not answered. `None` once every people's party has answered (or the game is
    /// over).
    pub fn waiting_for(&self) -> Option<usize> {
        if self.is_over() {
            return None;
        }
        match self.human_turn {
            Some(p) if !self.tabled => Some(p),
            _ => self
                .decided
                .iter()
                .position(Option::is_none)
                .map(|i| self.humans[i]),
        }
    }

    /// Whether every people's party has answered the text on the table.
    pub fn can_close(&self) -> bool {
        !self.is_over() && self.tabled && self.decided.iter().all(Option::is_some)
    }

    /// Close the round: the people's answers replace the engine's, and the text is signed, or
    /// a party walks out, or the next round opens (or the calendar ends the talks).
    pub fn close(&mut self) -> Result<RoundEnd, Refusal> {
        if !self.can_close() {
            return Err(Refusal(match self.waiting_for() {
                Some(p) => format!("{} has not answered yet", self.name(p)),
                None => "the talks are over".into(),
            }));
        }
        let s = self.s;
        let round = self.round;
        self.log.text = self.runner.text().to_vec();
        for (i, &p) in self.humans.iter().enumerate() {
            if let Some(yes) = self.decided[i] {
                self.runner.set_answer(p, yes);
            }
        }
        for (p, v) in self.runner.verdicts().iter().enumerate() {
            if s.mediator == Some(p) && !self.humans.contains(&p) {
                continue;
            }
            let by_person = self.humans.contains(&p);
            let accepted = v.answer.accepted();
            let words = if by_person {
                if accepted { "yes" } else { "no" }.to_string()
            } else {
                super::words::answer(s, p, v)
            };
            self.log.answers.push(AnswerLog {
                party: p,
                accepted,
                words,
                by_person,
            });
        }
        let end = self.runner.close_round(round, &mut self.obs);
        let day = self.log.day;
        self.log.result = match end {
            RoundEnd::Signed => format!("SIGNED in round {round} (day {day})."),
            RoundEnd::Walkout(p) => format!(
                "{} walks out: no text inside the red lines can beat what it expects without a deal.",
                self.name(p)
            ),
            RoundEnd::Continue => {
                let no: Vec<&str> = self
                    .log
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
        self.rounds.push(self.log.clone());
        self.actions.push(Action::Close);
        if end == RoundEnd::Continue && round < self.runner.rounds() {
            self.open(round + 1);
        } else {
            if end == RoundEnd::Continue {
                self.runner.no_deal();
            }
            self.finish();
        }
        Ok(end)
    }

    /// The facilitator reads an inject of the master events list: it fires when the next round
    /// opens (its effects land before the parties recompute their positions, as the engine's
    /// own injects do). An inject that fires once and already fired stays spent.
    pub fn queue_inject(&mut self, event: usize) -> Result<(), Refusal> {
        if self.is_over() {
            return Err(Refusal("the talks are over".into()));
        }
        if event >= self.s.events.len() {
            return Err(Refusal(format!("there is no event number {event}")));
        }
        if !self.queued.contains(&event) {
            self.queued.push(event);
        }
        self.actions.push(Action::Inject { event });
        Ok(())
    }

    /// Injects queued for the next round.
    pub fn queued_injects(&self) -> &[usize] {
        &self.queued
    }

    /// End the game now: `party` quits (`None`: the input ended, or the facilitator ended it).
    /// The talks count as ended without a deal.
    pub fn quit(&mut self, party: Option<usize>) -> Result<(), Refusal> {
        if self.is_over() {
            return Err(Refusal("the talks are over".into()));
        }
        if let Some(p) = party {
            self.slot(p)?;
            self.log
                .moves
                .push(format!("{} quits the game", self.name(p)));
        }
        self.log.text = self.runner.text().to_vec();
        self.log.result = "The game was stopped here.".to_string();
        self.rounds.push(self.log.clone());
        self.quit_in = Some(self.round);
        self.runner.no_deal();
        self.finish();
        self.actions.push(Action::Quit { party });
        Ok(())
    }

    fn finish(&mut self) {
        let record = self.runner.finish(&mut self.obs).clone();
        if self.obs.violations_untold > 0 {
            let more = self.obs.violations_untold;
            self.obs.pause.push(PauseEvent::More(more));
        }
        self.over = Some(record);
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The parties people play, in the order they were named.
    pub fn humans(&self) -> &[usize] {
        &self.humans
    }

    /// The engine's view of the run: the text on the table, answers, momentum, trust.
    pub fn runner(&self) -> &Runner<'s> {
        &self.runner
    }

    /// The round in progress (the last one once the game is over).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// The round in progress as the transcript will show it (injects, waivers, moves so far).
    pub fn current(&self) -> &RoundLog {
        &self.log
    }

    /// The rounds closed so far.
    pub fn rounds(&self) -> &[RoundLog] {
        &self.rounds
    }

    /// The people's party whose text is on the table this round (its own package, or an
    /// amendment), if one put it there.
    pub fn tabled_by(&self) -> Option<usize> {
        self.tabled_by
    }

    /// The people's party whose package is still to be tabled this round.
    pub fn to_table(&self) -> Option<usize> {
        self.human_turn.filter(|_| !self.tabled)
    }

    /// A people's party whose turn it is to propose this round.
    pub fn human_turn(&self) -> Option<usize> {
        self.human_turn
    }

    /// A people's party's answer this round so far.
    pub fn answer_of(&self, party: usize) -> Option<bool> {
        let i = self.humans.iter().position(|&h| h == party)?;
        self.decided.get(i).copied().flatten()
    }

    pub fn is_over(&self) -> bool {
        self.over.is_some()
    }

    /// The run's record, once the game is over.
    pub fn record(&self) -> Option<&Record> {
        self.over.as_ref()
    }

    /// What happened in the pause, in words (once the game is over), for the people at one
    /// screen.
    pub fn pause(&self) -> Vec<String> {
        self.obs.pause_lines(Reader::People)
    }

    /// What happened in the pause, in words, for `reader`.
    pub fn pause_for(&self, reader: Reader) -> Vec<String> {
        self.obs.pause_lines(reader)
    }

    /// The round in which the people quit, if they did.
    pub fn quit_in(&self) -> Option<u32> {
        self.quit_in
    }

    /// Every action so far, in order: replaying them on a fresh game gives this one.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Everything the after-action report needs, once the game is over.
    pub fn log(&self) -> Option<GameLog> {
        Some(GameLog {
            seed: self.seed,
            humans: self.humans.clone(),
            rounds: self.rounds.clone(),
            pause: self.obs.pause_lines(Reader::People),
            record: self.over.clone()?,
            quit_in: self.quit_in,
            own_red_lines_crossed: self.crossed.clone(),
        })
    }
}

fn empty_log(round: u32, day: u32, momentum: f64, proposer: Option<usize>) -> RoundLog {
    RoundLog {
        round,
        day,
        momentum,
        injects: Vec::new(),
        waived: Vec::new(),
        waived_by: Vec::new(),
        proposer,
        opening: Vec::new(),
        moves: Vec::new(),
        text: Vec::new(),
        answers: Vec::new(),
        result: String::new(),
    }
}

/// The amendments a person typed, as a proposal's changes.
pub fn changes(amendments: &[Amendment]) -> Vec<(usize, f64)> {
    amendments.iter().map(|a| (a.issue, a.value)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(path: &str) -> Simulation {
        Simulation::load(std::path::Path::new(path)).expect("bundled scenario")
    }

    fn party(s: &Scenario, id: &str) -> usize {
        s.party_index(id).expect("party")
    }

    #[test]
    fn two_teams_answer_and_the_round_closes() {
        let sim = sim("scenarios/classroom-two-party.toml");
        let s = sim.scenario();
        let (a, b) = (party(s, "aldoria"), party(s, "brevia"));
        let mut g = Game::start(&sim, &[a, b], s.seed);
        assert_eq!(g.round(), 1);
        assert_eq!(g.waiting_for(), Some(a));
        assert!(g.close().is_err(), "nobody has answered");
        g.act(b, &Move::Accept).unwrap();
        assert_eq!(g.waiting_for(), Some(a));
        assert!(!g.can_close());
        g.act(a, &Move::Accept).unwrap();
        assert!(g.can_close());
        assert_eq!(g.close().unwrap(), RoundEnd::Signed);
        assert!(g.is_over());
        assert!(g.act(a, &Move::Reject).is_err());
        let log = g.log().unwrap();
        assert!(log.record.outcome.signed());
        assert_eq!(log.rounds.len(), 1);
    }

    #[test]
    fn a_proposal_resets_the_other_answers_and_warns_of_red_lines() {
        let sim = sim("scenarios/kursk-ceasefire-2025.toml");
        let s = sim.scenario();
        let (r, u) = (party(s, "russia"), party(s, "ukraine"));
        let mut g = Game::start(&sim, &[r, u], s.seed);
        g.act(r, &Move::Accept).unwrap();
        let arms = s
            .issues
            .iter()
            .position(|i| i.id == "arms_deliveries")
            .unwrap();
        let (done, crossings) = g
            .act(
                u,
                &Move::Propose {
                    changes: vec![(arms, 1.0)],
                },
            )
            .unwrap();
        assert_eq!(done, Done::Proposed);
        assert!(!crossings.is_empty() && crossings.iter().all(|c| c.party == u));
        assert_eq!(g.answer_of(r), None, "Russia must answer the new text");
        assert_eq!(g.answer_of(u), Some(true));
        assert_eq!(g.waiting_for(), Some(r));
        // Bad moves are refused with a hint and change nothing.
        let bad = Move::Propose {
            changes: vec![(99, 0.5)],
        };
        assert!(g.act(u, &bad).is_err());
        let nan = Move::Propose {
            changes: vec![(0, f64::NAN)],
        };
        assert!(g.act(u, &nan).is_err());
        assert!(g.act(s.mediator.unwrap(), &Move::Accept).is_err());
        assert!(g.act(999, &Move::Accept).is_err());
        assert_eq!(g.actions().len(), 2);
    }

    #[test]
    fn replaying_the_actions_gives_the_same_game() {
        let sim = sim("scenarios/kursk-ceasefire-2025.toml");
        let s = sim.scenario();
        let (r, u) = (party(s, "russia"), party(s, "ukraine"));
        let mut g = Game::start(&sim, &[r, u], 7);
        g.queue_inject(0).unwrap();
        for _ in 0..3 {
            g.act(r, &Move::Reject).unwrap();
            g.act(u, &Move::Accept).unwrap();
            if g.close().unwrap() != RoundEnd::Continue {
                break;
            }
        }
        let json = serde_json::to_string(g.actions()).unwrap();
        let back: Vec<Action> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, g.actions());
        let again = Game::replay(&sim, &[r, u], 7, &back).unwrap();
        assert_eq!(again.round(), g.round());
        assert_eq!(again.runner().text(), g.runner().text());
        assert_eq!(again.rounds().len(), g.rounds().len());
        assert_eq!(again.actions(), g.actions());
        // An action the game refuses stops the replay with a message.
        let bad = [Action::Close];
        assert!(Game::replay(&sim, &[r, u], 7, &bad).is_err());
    }

    #[test]
    fn the_screen_says_when_the_engine_ends_a_pause_for_a_team() {
        let sim = sim("scenarios/kursk-ceasefire-2025.toml");
        let s = sim.scenario();
        let (russia, ukraine) = (party(s, "russia"), party(s, "ukraine"));
        let mut c = Collector {
            s,
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
        c.on(TraceEvent::NotRenewed {
            day: 90,
            party: Some(russia),
        });
        let people = c.pause_lines(Reader::People);
        assert_eq!(
            people[0],
            "day 3 of the pause: the engine ends it for Russia (your party): keeping it was \
             worth 0.00 to Russia, less than walking away (0.33) by more than the cost of \
             reneging on a signed pause (0.05)"
        );
        assert!(people[1].starts_with("day 4 of the pause: Ukraine ends it"));
        assert!(
            people[2].contains("the engine does not renew it for Russia (your party)"),
            "{}",
            people[2]
        );
        // In the browser each reader sees the people's party from its own side.
        assert!(c.pause_lines(Reader::Team(russia))[0].contains("Russia (your party)"));
        let other = c.pause_lines(Reader::Team(ukraine));
        assert!(
            other[0].contains("Russia (another team's party)"),
            "{}",
            other[0]
        );
        assert!(other[1].starts_with("day 4 of the pause: Ukraine ends it"));
        assert!(c.pause_lines(Reader::Facilitator)[2].contains("Russia (a team's party)"));
        let rule = crate::tabletop::words::pause_rule(s, "Russia", 180);
        assert!(
            rule.contains("decides for every party, Russia included"),
            "{rule}"
        );
        assert!(
            rule.contains("worth less to it than walking away"),
            "{rule}"
        );
    }

    #[test]
    fn a_queued_inject_fires_when_the_next_round_opens() {
        let sim = sim("scenarios/kursk-ceasefire-2025.toml");
        let s = sim.scenario();
        let (r, u) = (party(s, "russia"), party(s, "ukraine"));
        let round_two = |queue: Option<usize>| {
            let mut g = Game::start(&sim, &[r, u], s.seed);
            if let Some(e) = queue {
                g.queue_inject(e).unwrap();
                assert_eq!(g.queued_injects(), &[e]);
            }
            g.act(r, &Move::Reject).unwrap();
            g.act(u, &Move::Reject).unwrap();
            assert_eq!(g.close().unwrap(), RoundEnd::Continue);
            assert!(g.queued_injects().is_empty());
            g.current().injects.clone()
        };
        let plain = round_two(None);
        let e = (0..s.events.len())
            .find(|&e| !plain.contains(&s.events[e].label))
            .expect("an inject that does not fire by itself in round 2");
        let forced = round_two(Some(e));
        assert!(forced.contains(&s.events[e].label), "{forced:?}");
        let mut g = Game::start(&sim, &[r, u], s.seed);
        assert!(g.queue_inject(s.events.len()).is_err());
    }
}
