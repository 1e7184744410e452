//! One run of the model: draws, talks round by round, then the pause.
//!
//! A run is a pure function of (scenario, seed, run index): its random numbers come from
//! generators keyed by the seed and numbered from the run index ([`rng`]), so run
//! i can be played alone, on any thread or machine. Each run uses three streams (draws, talks,
//! pause), so that changing one parameter keeps the others' noise the same (common random
//! numbers).
//!
//! The parts, each in its own file: `draw` (the numbers a run draws, [`Draws`]), `state` (a run
//! in progress and what a text is worth to each party, [`RunState`]), [`utility`]
//! (preferences), [`tactic`] (how parties concede, one file per tactic), [`protocol`] (who
//! drafts the text, one file per protocol), [`pause`] (keeping a signed pause), [`analysis`]
//! (the bargaining benchmark), `record` and [`trace`] (what a run leaves behind, [`Record`], and
//! what it tells). The [`Runner`] here plays a round in order and owns the random streams.
//!
//! Every mechanism is written down with its equation and source in `docs/MODEL.md`.

pub mod analysis;
pub(crate) mod draw;
mod feasible;
pub mod pause;
pub mod protocol;
mod record;
pub mod rng;
mod state;
pub mod tactic;
pub mod trace;
pub mod utility;

pub use analysis::Analysis;
pub use draw::{BetaDraw, Draws};
pub use feasible::Feasible;
pub use record::{BlockKind, Blocker, Outcome, Record};
pub use state::RunState;
pub use trace::{Answer, Observer, Sighting, Silent, TraceEvent, Verdict};

use crate::model::{Acceptance, Scenario};
use protocol::Protocol;
use rng::{Stream, StreamRng, key_from_seed, unit};
use tactic::{Others, Registered, TacticInput};

/// Plays runs of one scenario. Holds every buffer a run needs, so one `Runner` per thread makes
/// the hot loop allocation-free. Cloning a runner mid-run forks the run (for forecasts).
#[derive(Clone)]
pub struct Runner<'a> {
    run: RunState<'a>,
    key: [u64; 4],
    talks_rng: StreamRng,
    pause_rng: StreamRng,
    protocol: &'static dyn Protocol,
    /// Each party's tactic.
    tactics: Vec<Registered>,
    analysis: Option<&'a Analysis>,
    /// `ln t` of Faratin's clock for each round (index = round), computed once.
    ln_time: Vec<f64>,
}

/// Where the talks stand after a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundEnd {
    /// No deal yet: another round follows (if the calendar allows).
    Continue,
    /// Every required party said yes.
    Signed,
    /// This required party left the talks.
    Walkout(usize),
}

impl<'a> Runner<'a> {
    /// A runner for `s` that places deals against `analysis` (the bargaining benchmark of the
    /// same scenario, computed once by the caller); without one, records carry no distance to
    /// the Nash point, and no party weighs the Nash text in its acceptance (section 8 of
    /// docs/MODEL.md): pass the analysis whenever it exists, and use
    /// [`Runner::without_benchmark`] to skip only the measuring.
    pub fn new(s: &'a Scenario, analysis: Option<&'a Analysis>) -> Self {
        let mut run = RunState::new(s);
        run.set_nash_text(analysis.map(|a| a.nash_terms.clone()));
        Runner {
            run,
            key: key_from_seed(0),
            talks_rng: StreamRng::default(),
            pause_rng: StreamRng::default(),
            protocol: s.protocol.protocol(),
            tactics: s
                .parties
                .iter()
                .map(|p| Registered::of(p.strategy.tactic))
                .collect(),
            analysis,
            ln_time: (0..=s.max_rounds)
                .map(|r| tactic::ln_time(r, s.max_rounds.min(s.horizon_days / s.days_per_round)))
                .collect(),
        }
    }

    /// The same runner without placing deals against the benchmark: the parties still weigh
    /// the Nash text (it is part of the model), but records carry no distance to it. Outcomes
    /// are the same as with [`Runner::new`].
    pub fn without_benchmark(mut self) -> Self {
        self.analysis = None;
        self
    }

    /// The scenario this runner plays.
    pub fn scenario(&self) -> &'a Scenario {
        self.run.s
    }

    /// The bargaining analysis at the scenario's central values, if the runner was given one.
    pub fn analysis(&self) -> Option<&'a Analysis> {
        self.analysis
    }

    /// Play run `index` of `seed` and return its record (valid until the next call).
    pub fn run(&mut self, seed: u64, index: u64) -> &Record {
        self.run_observed(seed, index, &mut Silent)
    }

    /// Play run `index` of `seed`, telling `obs` what happens.
    pub fn run_observed<O: Observer>(&mut self, seed: u64, index: u64, obs: &mut O) -> &Record {
        self.begin(seed, index, obs);
        let mut ended = false;
        for round in 1..=self.rounds() {
            self.open_round(round, obs);
            self.protocol.table(&mut self.run, round);
            self.answer(O::ACTIVE);
            if self.close_round(round, obs) != RoundEnd::Continue {
                ended = true;
                break;
            }
        }
        if !ended {
            self.no_deal();
        }
        self.finish(obs)
    }

    /// Draw run `index` of `seed` and set the table for round 1.
    pub fn begin<O: Observer>(&mut self, seed: u64, index: u64, obs: &mut O) {
        self.key = key_from_seed(seed);
        let s = self.run.s;
        let mut rng = rng::stream(self.key, index, Stream::Draws);
        self.run.draws.draw(s, &mut rng);
        if O::ACTIVE {
            obs.on(TraceEvent::Drawn(&self.run.draws));
        }
        self.talks_rng = rng::stream(self.key, index, Stream::Talks);
        self.pause_rng = rng::stream(self.key, index, Stream::Pause);
        self.run.reset(index);
        self.run.cache_best_bases();
        self.run.cache_best_utilities();
    }

    /// Rounds the talks can last: `max_rounds`, cut short by the horizon.
    pub fn rounds(&self) -> u32 {
        let s = self.run.s;
        s.max_rounds.min(s.horizon_days / s.days_per_round)
    }

    /// The party whose package is on the table in `round`, if the protocol has parties draft
    /// (`None` when a mediator's text is on the table).
    pub fn proposer(&self, round: u32) -> Option<usize> {
        self.protocol.proposer(&self.run, round)
    }

    /// Open a round: the battlefield moves, injects fire, walk-away values, waivers and
    /// concession targets are updated. Under mediation the mediator's text is on the table.
    pub fn open_round<O: Observer>(&mut self, round: u32, obs: &mut O) {
        self.open_round_with(round, &[], obs);
    }

    /// [`Runner::open_round`], with the events in `forced` (indices into the scenario's
    /// events) firing this round whatever their schedule and chance: a facilitator reading an
    /// inject from the master events list. An event that fires once and already fired stays
    /// spent. The random streams are consumed exactly as without them, so everything else the
    /// run draws is unchanged.
    pub fn open_round_with<O: Observer>(&mut self, round: u32, forced: &[usize], obs: &mut O) {
        self.run.st.round = round;
        // The front moves first, then injects land: an inject that sets momentum is what the
        // round sees.
        if round > 1 {
            self.run.move_battlefield(&mut self.talks_rng);
        }
        self.fire_events(round, forced, obs);
        self.update_demands(round, obs);
    }

    /// Put a text (on [0, 1] per issue) on the table, as a player's proposal. Values are
    /// snapped to the issues' options; red lines are not enforced (a player may cross them).
    pub fn table(&mut self, text: &[f64]) {
        let run = &mut self.run;
        for (j, &x) in text.iter().enumerate().take(run.ni) {
            let x = run.s.issues[j].snap(x);
            run.st.text[j] = x;
            run.st.draft[j] = x;
        }
    }

    /// Every party (or only the required ones, in the hot loop) answers the text on the table.
    pub fn answer(&mut self, everyone: bool) {
        let proposer = self.proposer(self.run.st.round.max(1));
        let run = &mut self.run;
        if let Some(q) = proposer {
            run.keep_earlier_answer(q);
        }
        if everyone {
            for p in 0..run.s.parties.len() {
                let v = run.verdict(p, &run.st.text);
                run.st.verdicts[p] = v;
            }
        } else {
            for i in 0..run.required.len() {
                let p = run.required[i];
                let v = run.verdict(p, &run.st.text);
                run.st.verdicts[p] = v;
            }
        }
        run.st.tabled_by = proposer;
        run.st.answered = true;
        self.protocol.answered(run);
    }

    /// A person's decision for party p replaces the engine's answer. A refusal keeps the
    /// engine's reason where it had one, else it reads as holding out for more.
    pub fn set_answer(&mut self, p: usize, accept: bool) {
        let v = &mut self.run.st.verdicts[p];
        v.answer = match (accept, v.answer) {
            (true, _) => Answer::Accept,
            (false, Answer::Accept) => Answer::Target,
            (false, other) => other,
        };
    }

    /// Close a round: sign if every required party said yes, else check for a walkout, else
    /// let the protocol prepare the next text.
    pub fn close_round<O: Observer>(&mut self, round: u32, obs: &mut O) -> RoundEnd {
        let s = self.run.s;
        let day = round * s.days_per_round;
        if O::ACTIVE {
            obs.on(TraceEvent::Round {
                round,
                day,
                momentum: self.run.st.momentum,
                proposer: self.proposer(round).or(s.mediator),
                text: &self.run.st.text,
                verdicts: &self.run.st.verdicts,
                trust: &self.run.st.trust,
            });
        }
        self.run.mark_timeline(day);
        if self
            .run
            .required
            .iter()
            .all(|&p| self.run.st.verdicts[p].answer.accepted())
        {
            self.sign(round, day, obs);
            return RoundEnd::Signed;
        }
        if let Some(p) = self.run.walkout() {
            self.run.record.outcome = Outcome::Walkout;
            self.run.record.blocker = Some(Blocker {
                party: p,
                kind: BlockKind::WalkAway,
            });
            if O::ACTIVE {
                obs.on(TraceEvent::Walkout {
                    round,
                    party: p,
                    best: Some(self.run.st.best_value[p]),
                    walk_away: self.run.st.walk_away[p],
                    pressure: self.run.pressure(p),
                });
            }
            return RoundEnd::Walkout(p);
        }
        self.protocol.rejected(&mut self.run);
        RoundEnd::Continue
    }

    /// The talks ran out of rounds: record what stopped the last text.
    pub fn no_deal(&mut self) {
        if self.run.st.round == 0 {
            // The horizon left no round: the opening text is what failed.
            self.answer(false);
        }
        self.run.record.outcome = Outcome::NoDeal;
        self.run.record.blocker = self.run.blocker();
    }

    /// After the talks: play the pause (if a deal was signed) and the fighting to the horizon.
    pub fn finish<O: Observer>(&mut self, obs: &mut O) -> &Record {
        let run = &mut self.run;
        let s = run.s;
        run.record.rounds = run.st.round;
        if run.record.outcome.signed() {
            if s.truce.is_some() {
                pause::play(run, &mut self.pause_rng, obs);
            } else {
                let day = run.record.agreement_day.unwrap_or(0);
                run.record.truce_days = s.horizon_days.saturating_sub(day);
                run.record.outcome = Outcome::Held;
            }
        }
        // Fighting resumes after failed talks or a collapsed pause until the horizon.
        run.fight_to_horizon(&mut self.talks_rng);
        if O::ACTIVE {
            obs.on(TraceEvent::End {
                outcome: run.record.outcome,
                day: s.horizon_days,
            });
        }
        &self.run.record
    }

    /// Give the rest of the run fresh random streams (the `k`-th of a forecast's continuations),
    /// leaving everything already drawn and played as it is.
    pub fn fork(&mut self, k: u64) {
        // Run indices from 2^60 up (streams 4i + k above 2^62) are never used by `truce run`.
        let index = (1u64 << 60) | (k & ((1u64 << 60) - 1));
        self.talks_rng = rng::stream(self.key, index, Stream::Talks);
        self.pause_rng = rng::stream(self.key, index, Stream::Pause);
    }

    /// Mark party p as played by a person: the model no longer walks it out of the talks
    /// (a person leaves with [`Runner::walk_out`]). The pause is still kept by the model.
    pub fn set_human(&mut self, p: usize, human: bool) {
        self.run.humans[p] = human;
    }

    /// A person takes party p out of the talks in `round`: the run ends in a walkout.
    pub fn walk_out<O: Observer>(&mut self, p: usize, round: u32, obs: &mut O) {
        self.run.record.outcome = Outcome::Walkout;
        self.run.record.blocker = Some(Blocker {
            party: p,
            kind: BlockKind::WalkAway,
        });
        if O::ACTIVE {
            obs.on(TraceEvent::Walkout {
                round,
                party: p,
                best: None,
                walk_away: self.run.st.walk_away[p],
                pressure: self.run.pressure(p),
            });
        }
    }

    /// The mediator's opening text (before any round), on [0, 1] per issue.
    pub fn opening(&self) -> &[f64] {
        &self.run.opening
    }

    /// The text on the table, on [0, 1] per issue.
    pub fn text(&self) -> &[f64] {
        &self.run.st.text
    }

    /// The last answers, one per party.
    pub fn verdicts(&self) -> &[Verdict] {
        &self.run.st.verdicts
    }

    /// Battlefield momentum now (> 0 favours the first side).
    pub fn momentum(&self) -> f64 {
        self.run.st.momentum
    }

    /// Each party's trust now.
    pub fn trust(&self) -> &[f64] {
        &self.run.st.trust
    }

    /// The numbers this run drew.
    pub fn draws(&self) -> &Draws {
        &self.run.draws
    }

    /// The record of the run so far.
    pub fn record(&self) -> &Record {
        &self.run.record
    }

    /// Party p's utility of `text` after its unmet conditions (not discounted for trust).
    pub fn utility(&self, p: usize, text: &[f64]) -> f64 {
        self.run.utility_of(p, text).0
    }

    /// Party p's answer to `text` with its current demands, without changing the run.
    pub fn evaluate(&self, p: usize, text: &[f64]) -> Verdict {
        self.run.verdict(p, text)
    }

    /// Party p drafts a package: its own ideal inside everyone's red lines, then concessions on
    /// the issues the others value most relative to p, as far as p's target allows (what a
    /// proposer does under alternating offers).
    pub fn draft_for(&mut self, p: usize) {
        protocol::draft_for(&mut self.run, p);
    }

    // ----- talks -------------------------------------------------------------------------

    fn fire_events<O: Observer>(&mut self, round: u32, forced: &[usize], obs: &mut O) {
        for (e, ev) in self.run.s.events.iter().enumerate() {
            // One uniform per event per round whatever happens, so the stream stays aligned.
            let u = unit(&mut self.talks_rng);
            if ev.once && self.run.st.fired[e] {
                continue;
            }
            let due = match ev.at_round {
                Some(r) => r == round,
                None => true,
            };
            if (!due || u >= self.run.draws.event_probability[e]) && !forced.contains(&e) {
                continue;
            }
            self.run.st.fired[e] = true;
            for eff in &ev.effects {
                self.run.apply(eff.target, eff.op);
            }
            if O::ACTIVE {
                obs.on(TraceEvent::Inject { round, event: e });
            }
        }
    }

    /// Walk-away values, waivers and concession targets for this round.
    fn update_demands<O: Observer>(&mut self, round: u32, obs: &mut O) {
        let mut waived_any = false;
        let max_rounds = self.rounds();
        let run = &mut self.run;
        let s = run.s;
        let np = s.parties.len();
        run.refresh_walk_away(O::ACTIVE);
        for p in 0..np {
            // Outside narration and play only the required parties' walk-away values are
            // kept, and only their waivers matter.
            if !O::ACTIVE && !s.parties[p].must_agree {
                continue;
            }
            let c0 = run.draws.condition_start[p];
            for k in 0..s.parties[p].conditions.len() {
                if !run.st.waived[c0 + k] && run.st.walk_away[p] < run.draws.waive_below[c0 + k] {
                    run.st.waived[c0 + k] = true;
                    waived_any = true;
                    if O::ACTIVE {
                        obs.on(TraceEvent::Waived {
                            round,
                            party: p,
                            condition: k,
                        });
                    }
                }
            }
        }
        if waived_any {
            run.cache_best_utilities();
        }
        run.refresh_best_values::<O>();
        let ln_t = self.ln_time[(round as usize).min(self.ln_time.len() - 1)];
        if O::ACTIVE {
            run.st.prev2_target.copy_from_slice(&run.st.prev_target);
            run.st.prev_target.copy_from_slice(&run.st.target);
        } else {
            // Outside narration and play only the required parties' targets are set, and only
            // theirs are read back as earlier targets (`Others` looks at the other required
            // parties): shifting theirs is all the shift there is to do.
            for &p in &run.required {
                run.st.prev2_target[p] = run.st.prev_target[p];
                run.st.prev_target[p] = run.st.target[p];
            }
        }
        for p in 0..np {
            // Outside narration and play only the required parties' targets matter.
            if !O::ACTIVE && !s.parties[p].must_agree {
                continue;
            }
            run.refresh_stretch(p);
            let input = TacticInput {
                beta: run.draws.beta[p],
                leverage: run.st.leverage[p],
                walk_away: run.st.walk_away[p],
                best: run.st.best_value[p],
                round,
                max_rounds,
                previous: run.st.prev_target[p],
                ln_t,
                others: Others {
                    party: p,
                    talks: &*run,
                },
            };
            let target = self.tactics[p].target(&input);
            let need = demand(run, &self.tactics[p], &input, target, &self.ln_time);
            run.st.target[p] = target;
            run.st.demand[p] = need;
        }
    }

    // ----- signing -----------------------------------------------------------------------

    fn sign<O: Observer>(&mut self, round: u32, day: u32, obs: &mut O) {
        let run = &mut self.run;
        let np = run.s.parties.len();
        run.record.outcome = Outcome::Held;
        run.record.agreement_round = Some(round);
        run.record.agreement_day = Some(day);
        run.record.terms.copy_from_slice(&run.st.text);
        for p in 0..np {
            let (u, _, _) = run.utility_of(p, &run.st.text);
            run.record.utilities[p] = u.clamp(0.0, 1.0);
        }
        if let Some(a) = self.analysis {
            let point = a.point(run.s, &run.st.text);
            run.record.analysis_point = Some(point);
            run.record.nash_distance = Some(a.distance_to_nash(point));
            run.record.pareto_efficient = Some(a.is_efficient(point));
        }
        if O::ACTIVE {
            obs.on(TraceEvent::Signed {
                round,
                day,
                text: &run.st.text,
            });
        }
    }
}

/// What party p needs of a text this round (`docs/MODEL.md`, section 8). Under the default rule
/// (`acceptance = "expected"`) a text must beat what going on can be expected to bring: the
/// party's next demand (Baarslag et al. 2014, `AC_next`), capped by its value of the Nash text
/// (the expected outcome of bargaining: Binmore, Rubinstein and Wolinsky 1986), less one round's
/// cost of delay, and never below the walk-away value. A hardliner and the `target` rule keep
/// the concession target of the round.
fn demand<T: tactic::Talks + ?Sized>(
    run: &RunState<'_>,
    tactic: &Registered,
    input: &TacticInput<'_, T>,
    target: f64,
    ln_time: &[f64],
) -> f64 {
    let p = input.others.party;
    let wa = run.st.walk_away[p];
    if tactic.holds_out() || run.s.parties[p].strategy.acceptance == Acceptance::Target {
        return target.max(wa);
    }
    let next = if tactic.scheduled() {
        let round = input.round + 1;
        tactic.target(&TacticInput {
            round,
            ln_t: ln_time[(round as usize).min(ln_time.len() - 1)],
            previous: target,
            ..*input
        })
    } else {
        target
    };
    (next.min(run.expected_value(p)) - run.round_cost(p)).max(wa)
}
