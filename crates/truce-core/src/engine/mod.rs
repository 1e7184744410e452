//! One run of the model: draws, talks round by round, then the pause.
//!
//! A run is a pure function of (scenario, seed, run index): its random numbers come from a
//! ChaCha8 generator keyed by the seed, on streams numbered from the run index, so run i can be
//! played alone, on any thread or machine. Each run uses three streams (draws, talks, pause),
//! so that changing one parameter keeps the others' noise the same (common random numbers).
//!
//! Every mechanism is written down with its equation and source in `docs/MODEL.md`.

// Issue-indexed parallel arrays (weights, ideals, text, pulls) read more clearly as `x[j]`.
#![allow(clippy::needless_range_loop)]

mod draw;
mod feasible;
pub mod pause;
pub mod protocol;
mod record;
pub mod tactic;
pub mod trace;
pub mod utility;

pub use draw::Draws;
pub use feasible::Feasible;
pub use record::{BlockKind, Blocker, Outcome, Record};
pub use trace::{Answer, Observer, Sighting, Silent, TraceEvent, Verdict};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, StandardNormal};

use crate::analysis::Analysis;
use crate::model::{EffectOp, PartyParam, Protocol, Scenario, Target};

const EPS: f64 = 1e-9;

/// The three random streams of a run.
#[derive(Clone, Copy)]
pub enum Stream {
    Draws = 0,
    Talks = 1,
    Pause = 2,
}

/// A uniform number in [0, 1) from 53 random bits.
#[inline]
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Expands the user's seed into a ChaCha key (SplitMix64), so nearby seeds give unrelated keys.
fn key_from_seed(seed: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    let mut x = seed;
    for chunk in key.chunks_exact_mut(8) {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    key
}

/// The state of the talks that events and rounds change.
#[derive(Debug, Clone)]
struct State {
    leverage: Vec<f64>,
    trust: Vec<f64>,
    reservation: Vec<f64>,
    momentum_sensitivity: Vec<f64>,
    momentum: f64,
    drift: f64,
    /// Per condition (flattened like `Draws::penalty`).
    waived: Vec<bool>,
    fired: Vec<bool>,
    walk_away: Vec<f64>,
    /// Value of each party's best hope (Faratin's Pmax), refreshed every round.
    best_value: Vec<f64>,
    target: Vec<f64>,
    prev_target: Vec<f64>,
    prev2_target: Vec<f64>,
    /// The mediator's working position per issue (continuous); `text` is what is tabled.
    draft: Vec<f64>,
    text: Vec<f64>,
    scratch: Vec<f64>,
    verdicts: Vec<Verdict>,
    pull_sum: Vec<f64>,
    pull_weight: Vec<f64>,
    order: Vec<usize>,
    rank: Vec<f64>,
    /// Next timeline point to write.
    next_point: usize,
    /// The round being played (0 before round 1).
    round: u32,
}

/// Plays runs of one scenario. Holds every buffer a run needs, so one `Runner` per thread makes
/// the hot loop allocation-free. Cloning a runner mid-run forks the run (for forecasts).
#[derive(Clone)]
pub struct Runner<'a> {
    s: &'a Scenario,
    key: [u8; 32],
    ni: usize,
    /// Ideal points, `party * ni + issue`.
    ideals: Vec<f64>,
    required: Vec<usize>,
    feasible: Feasible,
    /// The two sides of the fighting: the battlefield's, else the first two required parties.
    sides: Option<[usize; 2]>,
    /// +1 for the first side, -1 for the second, 0 for everyone else.
    side_sign: Vec<f64>,
    /// The side that receives arms during the pause, and its opponent.
    rearming: Option<(usize, usize)>,
    opening: Vec<f64>,
    analysis: Option<Analysis>,
    draws: Draws,
    st: State,
    record: Record,
    talks_rng: ChaCha8Rng,
    pause_rng: ChaCha8Rng,
    /// Per required party (in `required` order): its best text inside everyone's red lines,
    /// and that text's utility before condition penalties. Fixed within a run.
    best_text: Vec<f64>,
    best_base: Vec<f64>,
    /// `best_base` less the penalties of the conditions the text leaves unmet and unwaived.
    best_utility: Vec<f64>,
    rules: utility::Rules<'a>,
    /// `ln t` of Faratin's clock for each round (index = round), computed once.
    ln_time: Vec<f64>,
    /// Parties a person decides for (tabletop play): the model never walks them out.
    humans: Vec<bool>,
    /// Per condition (flattened), for choice issues: the allowed option nearest to each option
    /// (-1 if none), so the drafter knows where an objection points without searching.
    condition_goal: Vec<Vec<f64>>,
}

/// Where the talks stand after a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundEnd {
    /// No deal yet: another round follows (if the calendar allows).
    Continue,
    Signed,
    Walkout(usize),
}

impl<'a> Runner<'a> {
    pub fn new(s: &'a Scenario) -> Self {
        Runner::with_analysis(s, Analysis::compute(s))
    }

    /// A runner that reuses an analysis already computed for `s` (the Monte Carlo computes it
    /// once per job, not once per worker).
    pub fn with_analysis(s: &'a Scenario, analysis: Option<Analysis>) -> Self {
        let np = s.parties.len();
        let ni = s.issues.len();
        let mut ideals = vec![0.0; np * ni];
        for (p, party) in s.parties.iter().enumerate() {
            for (j, pos) in party.positions.iter().enumerate() {
                ideals[p * ni + j] = pos.ideal;
            }
        }
        let required: Vec<usize> = s.required_parties().collect();
        let feasible = Feasible::of(s, &required);
        let sides = match &s.battlefield {
            Some(b) => Some(b.sides),
            None if required.len() >= 2 => Some([required[0], required[1]]),
            None => None,
        };
        let mut side_sign = vec![0.0; np];
        if let (Some([a, b]), Some(_)) = (sides, &s.battlefield) {
            side_sign[a] = 1.0;
            side_sign[b] = -1.0;
        }
        let rearming = rearming_side(s, sides, &ideals, ni);
        let opening = opening_text(s, &ideals, &required);
        let n_cond: usize = s.parties.iter().map(|p| p.conditions.len()).sum();
        let st = State {
            leverage: vec![0.0; np],
            trust: vec![0.0; np],
            reservation: vec![0.0; np],
            momentum_sensitivity: vec![0.0; np],
            momentum: 0.0,
            drift: 0.0,
            waived: vec![false; n_cond],
            fired: vec![false; s.events.len()],
            walk_away: vec![0.0; np],
            best_value: vec![1.0; np],
            target: vec![1.0; np],
            prev_target: vec![1.0; np],
            prev2_target: vec![1.0; np],
            draft: vec![0.0; ni],
            text: vec![0.0; ni],
            scratch: vec![0.0; ni],
            verdicts: vec![Verdict::NONE; np],
            pull_sum: vec![0.0; ni],
            pull_weight: vec![0.0; ni],
            order: Vec::with_capacity(ni),
            rank: vec![0.0; ni],
            next_point: 0,
            round: 0,
        };
        let mut runner = Runner {
            s,
            key: key_from_seed(0),
            ni,
            ideals,
            required,
            feasible,
            sides,
            side_sign,
            rearming,
            opening,
            analysis,
            draws: Draws::new(s),
            st,
            record: Record::new(s),
            talks_rng: ChaCha8Rng::from_seed([0; 32]),
            pause_rng: ChaCha8Rng::from_seed([0; 32]),
            best_text: vec![0.0; ni * s.parties.len()],
            best_base: vec![0.0; s.parties.len()],
            best_utility: vec![0.0; s.parties.len()],
            rules: utility::Rules::compile(s),
            humans: vec![false; s.parties.len()],
            ln_time: (0..=s.max_rounds)
                .map(|r| tactic::ln_time(r, s.max_rounds.min(s.horizon_days / s.days_per_round)))
                .collect(),
            condition_goal: condition_goals(s),
        };
        runner.cache_best_texts();
        runner
    }

    pub fn scenario(&self) -> &'a Scenario {
        self.s
    }

    /// The bargaining analysis at the scenario's central values, if the scenario has two sides.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.analysis.as_ref()
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
            if let Some(p) = self.proposer(round) {
                self.draft_for(p);
            }
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
        let s = self.s;
        let mut rng = self.stream(index, Stream::Draws);
        self.draws.draw(s, &mut rng);
        if O::ACTIVE {
            obs.on(TraceEvent::Drawn(&self.draws));
        }
        self.talks_rng = self.stream(index, Stream::Talks);
        self.pause_rng = self.stream(index, Stream::Pause);
        self.reset(index);
        self.cache_best_bases();
        self.cache_best_utilities();
    }

    fn stream(&self, index: u64, stream: Stream) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::from_seed(self.key);
        rng.set_stream(index.wrapping_mul(4).wrapping_add(stream as u64));
        rng
    }

    /// Rounds the talks can last: `max_rounds`, cut short by the horizon.
    pub fn rounds(&self) -> u32 {
        self.s
            .max_rounds
            .min(self.s.horizon_days / self.s.days_per_round)
    }

    /// Who drafts in `round` under the alternating protocol (`None` when mediated).
    pub fn proposer(&self, round: u32) -> Option<usize> {
        match self.s.protocol {
            Protocol::Mediated { .. } => None,
            Protocol::Alternating => {
                Some(self.required[(round as usize - 1) % self.required.len()])
            }
        }
    }

    /// Open a round: the battlefield moves, injects fire, walk-away values, waivers and
    /// concession targets are updated. Under mediation the mediator's text is on the table.
    pub fn open_round<O: Observer>(&mut self, round: u32, obs: &mut O) {
        self.st.round = round;
        // The front moves first, then injects land: an inject that sets momentum is what the
        // round sees.
        if round > 1 {
            self.move_battlefield();
        }
        self.fire_events(round, obs);
        self.update_demands(round, obs);
    }

    /// Put a text (on [0, 1] per issue) on the table, as a player's proposal. Values are
    /// snapped to the issues' options; red lines are not enforced (a player may cross them).
    pub fn table(&mut self, text: &[f64]) {
        for (j, &x) in text.iter().enumerate().take(self.ni) {
            let x = self.s.issues[j].snap(x);
            self.st.text[j] = x;
            self.st.draft[j] = x;
        }
    }

    /// Every party (or only the required ones, in the hot loop) answers the text on the table.
    pub fn answer(&mut self, everyone: bool) {
        if everyone {
            for p in 0..self.s.parties.len() {
                let v = self.verdict(p, &self.st.text);
                self.st.verdicts[p] = v;
            }
        } else {
            for i in 0..self.required.len() {
                let p = self.required[i];
                let v = self.verdict(p, &self.st.text);
                self.st.verdicts[p] = v;
            }
        }
        if let Protocol::Alternating = self.s.protocol {
            // A proposer stands by its own offer, unless it crosses its own red line (possible
            // only when a person tabled it).
            let round = self.st.round.max(1);
            if let Some(p) = self.proposer(round)
                && !matches!(self.st.verdicts[p].answer, Answer::RedLine(_))
            {
                self.st.verdicts[p].answer = Answer::Accept;
            }
        }
    }

    /// A person's decision for party p replaces the engine's answer. A refusal keeps the
    /// engine's reason where it had one, else it reads as holding out for more.
    pub fn set_answer(&mut self, p: usize, accept: bool) {
        let v = &mut self.st.verdicts[p];
        v.answer = match (accept, v.answer) {
            (true, _) => Answer::Accept,
            (false, Answer::Accept) => Answer::Target,
            (false, other) => other,
        };
    }

    /// Close a round: sign if every required party said yes, else check for a walkout, else
    /// (under mediation) revise the text for the next round.
    pub fn close_round<O: Observer>(&mut self, round: u32, obs: &mut O) -> RoundEnd {
        let s = self.s;
        let day = round * s.days_per_round;
        if O::ACTIVE {
            obs.on(TraceEvent::Round {
                round,
                day,
                momentum: self.st.momentum,
                proposer: self.proposer(round).or(s.mediator()),
                text: &self.st.text,
                verdicts: &self.st.verdicts,
                trust: &self.st.trust,
            });
        }
        self.mark_timeline(day);
        if self
            .required
            .iter()
            .all(|&p| self.st.verdicts[p].answer.accepted())
        {
            self.sign(round, day, obs);
            return RoundEnd::Signed;
        }
        if let Some(p) = self.walkout() {
            self.record.outcome = Outcome::Walkout;
            self.record.blocker = Some(Blocker {
                party: p,
                kind: BlockKind::WalkAway,
            });
            if O::ACTIVE {
                obs.on(TraceEvent::Walkout { round, party: p });
            }
            return RoundEnd::Walkout(p);
        }
        if let Protocol::Mediated { .. } = s.protocol {
            self.revise();
        }
        RoundEnd::Continue
    }

    /// The talks ran out of rounds: record what stopped the last text.
    pub fn no_deal(&mut self) {
        if self.st.round == 0 {
            // The horizon left no round: the opening text is what failed.
            self.answer(false);
        }
        self.record.outcome = Outcome::NoDeal;
        self.record.blocker = self.blocker();
    }

    /// After the talks: play the pause (if a deal was signed) and the fighting to the horizon.
    pub fn finish<O: Observer>(&mut self, obs: &mut O) -> &Record {
        let s = self.s;
        self.record.rounds = self.st.round;
        if self.record.outcome.signed() {
            if s.truce.is_some() {
                self.pause(obs);
            } else {
                let day = self.record.agreement_day.unwrap_or(0);
                self.record.truce_days = s.horizon_days.saturating_sub(day);
                self.record.outcome = Outcome::Held;
            }
        }
        // Fighting resumes after failed talks or a collapsed pause until the horizon.
        self.fight_to_horizon();
        if O::ACTIVE {
            obs.on(TraceEvent::End {
                outcome: self.record.outcome,
                day: s.horizon_days,
            });
        }
        &self.record
    }

    /// Give the rest of the run fresh random streams (the `k`-th of a forecast's continuations),
    /// leaving everything already drawn and played as it is.
    pub fn fork(&mut self, k: u64) {
        // Streams above 2^62 are never used by `truce run` (run indices stay below 2^62).
        let base = (1u64 << 62) | (k.wrapping_mul(4) & ((1u64 << 62) - 1));
        self.talks_rng.set_stream(base + Stream::Talks as u64);
        self.talks_rng.set_word_pos(0);
        self.pause_rng.set_stream(base + Stream::Pause as u64);
        self.pause_rng.set_word_pos(0);
    }

    /// Mark party p as played by a person: the model no longer walks it out of the talks
    /// (a person leaves with [`Runner::walk_out`]). The pause is still kept by the model.
    pub fn set_human(&mut self, p: usize, human: bool) {
        self.humans[p] = human;
    }

    /// A person takes party p out of the talks in `round`: the run ends in a walkout.
    pub fn walk_out<O: Observer>(&mut self, p: usize, round: u32, obs: &mut O) {
        self.record.outcome = Outcome::Walkout;
        self.record.blocker = Some(Blocker {
            party: p,
            kind: BlockKind::WalkAway,
        });
        if O::ACTIVE {
            obs.on(TraceEvent::Walkout { round, party: p });
        }
    }

    /// The mediator's opening text (before any round), on [0, 1] per issue.
    pub fn opening(&self) -> &[f64] {
        &self.opening
    }

    /// The text on the table, on [0, 1] per issue.
    pub fn text(&self) -> &[f64] {
        &self.st.text
    }

    /// The last answers, one per party.
    pub fn verdicts(&self) -> &[Verdict] {
        &self.st.verdicts
    }

    pub fn momentum(&self) -> f64 {
        self.st.momentum
    }

    pub fn trust(&self) -> &[f64] {
        &self.st.trust
    }

    pub fn draws(&self) -> &Draws {
        &self.draws
    }

    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Party p's utility of `text` after its unmet conditions (not discounted for trust).
    pub fn utility(&self, p: usize, text: &[f64]) -> f64 {
        self.utility_of(p, text).0
    }

    /// Party p's answer to `text` with its current demands, without changing the run.
    pub fn evaluate(&self, p: usize, text: &[f64]) -> Verdict {
        self.verdict(p, text)
    }

    fn reset(&mut self, index: u64) {
        let d = &self.draws;
        let st = &mut self.st;
        st.leverage.copy_from_slice(&d.leverage);
        st.trust.copy_from_slice(&d.trust);
        st.reservation.copy_from_slice(&d.reservation);
        st.momentum_sensitivity
            .copy_from_slice(&d.momentum_sensitivity);
        st.momentum = d.momentum;
        st.drift = d.drift;
        st.waived.fill(false);
        st.fired.fill(false);
        st.target.fill(1.0);
        st.prev_target.fill(1.0);
        st.prev2_target.fill(1.0);
        st.verdicts.fill(Verdict::NONE);
        st.draft.copy_from_slice(&self.opening);
        st.text.copy_from_slice(&self.opening);
        st.next_point = 0;
        st.round = 0;
        let r = &mut self.record;
        r.run = index;
        r.outcome = Outcome::NoDeal;
        r.agreement_round = None;
        r.agreement_day = None;
        r.truce_days = 0;
        r.violations = 0;
        r.detected = 0;
        r.renewals = 0;
        r.blocker = None;
        r.nash_distance = None;
        r.pareto_efficient = None;
        r.analysis_point = None;
        self.mark_timeline(0);
    }

    /// Write timeline points up to and including `day` with the current momentum and trust.
    fn mark_timeline(&mut self, day: u32) {
        let step = Record::timeline_step_days(self.s);
        if self.st.next_point >= self.record.momentum.len()
            || self.st.next_point as u32 * step > day
        {
            return;
        }
        let trust = self.mean_required_trust();
        while self.st.next_point < self.record.momentum.len()
            && self.st.next_point as u32 * step <= day
        {
            self.record.momentum[self.st.next_point] = self.st.momentum;
            self.record.trust[self.st.next_point] = trust;
            self.st.next_point += 1;
        }
    }

    fn mean_required_trust(&self) -> f64 {
        if self.required.is_empty() {
            return 0.0;
        }
        self.required.iter().map(|&p| self.st.trust[p]).sum::<f64>() / self.required.len() as f64
    }

    // ----- talks -------------------------------------------------------------------------

    fn fire_events<O: Observer>(&mut self, round: u32, obs: &mut O) {
        for (e, ev) in self.s.events.iter().enumerate() {
            // One uniform per event per round whatever happens, so the stream stays aligned.
            let u = unit(&mut self.talks_rng);
            if ev.once && self.st.fired[e] {
                continue;
            }
            let due = match ev.at_round {
                Some(r) => r == round,
                None => true,
            };
            if !due || u >= self.draws.event_probability[e] {
                continue;
            }
            self.st.fired[e] = true;
            for eff in &ev.effects {
                self.apply(eff.target, eff.op);
            }
            if O::ACTIVE {
                obs.on(TraceEvent::Inject { round, event: e });
            }
        }
    }

    fn apply(&mut self, target: Target, op: EffectOp) {
        let st = &mut self.st;
        let (slot, lo, hi) = match target {
            Target::Momentum => (&mut st.momentum, -1.0, 1.0),
            Target::Drift => (&mut st.drift, -1.0, 1.0),
            Target::Party(p, PartyParam::Leverage) => (&mut st.leverage[p], 0.0, 1.0),
            Target::Party(p, PartyParam::Trust) => (&mut st.trust[p], 0.0, 1.0),
            Target::Party(p, PartyParam::Reservation) => (&mut st.reservation[p], 0.0, 1.0),
            Target::Party(p, PartyParam::MomentumSensitivity) => {
                (&mut st.momentum_sensitivity[p], 0.0, 1.0)
            }
        };
        *slot = match op {
            EffectOp::Add(x) => *slot + x,
            EffectOp::Set(x) => x,
        }
        .clamp(lo, hi);
    }

    /// Momentum moves by drift plus Gaussian noise, and stays in [-1, 1].
    fn move_battlefield(&mut self) {
        let noise: f64 = StandardNormal.sample(&mut self.talks_rng);
        self.st.momentum =
            (self.st.momentum + self.st.drift + self.draws.volatility * noise).clamp(-1.0, 1.0);
    }

    /// Walk-away values, waivers and concession targets for this round.
    fn update_demands<O: Observer>(&mut self, round: u32, obs: &mut O) {
        let mut waived_any = false;
        let s = self.s;
        let np = s.parties.len();
        self.refresh_walk_away();
        for p in 0..np {
            let c0 = self.draws.condition_start[p];
            for k in 0..s.parties[p].conditions.len() {
                if !self.st.waived[c0 + k] && self.st.walk_away[p] < self.draws.waive_below[c0 + k]
                {
                    self.st.waived[c0 + k] = true;
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
            self.cache_best_utilities();
        }
        self.refresh_best_values::<O>();
        let ln_t = self.ln_time[(round as usize).min(self.ln_time.len() - 1)];
        self.st.prev2_target.copy_from_slice(&self.st.prev_target);
        self.st.prev_target.copy_from_slice(&self.st.target);
        for p in 0..np {
            // Outside narration and play only the required parties' targets matter.
            if !O::ACTIVE && !s.parties[p].must_agree {
                continue;
            }
            let others_concession = if round >= 3 {
                let mut sum = 0.0;
                let mut n = 0;
                for &q in &self.required {
                    if q != p {
                        sum += self.st.prev2_target[q] - self.st.prev_target[q];
                        n += 1;
                    }
                }
                (n > 0).then(|| sum / n as f64)
            } else {
                None
            };
            self.st.target[p] = tactic::target_at(
                &tactic::TacticInput {
                    tactic: s.parties[p].strategy.tactic,
                    beta: self.draws.beta[p],
                    leverage: self.st.leverage[p],
                    walk_away: self.st.walk_away[p],
                    best: self.st.best_value[p],
                    round,
                    max_rounds: self.rounds(),
                    previous: self.st.prev_target[p],
                    others_concession,
                },
                ln_t,
            );
        }
    }

    /// How far the text lets party p's opponent rearm (0 when p is not exposed).
    #[inline]
    fn exposure(&self, p: usize, text: &[f64]) -> f64 {
        match (
            self.rearming,
            self.s.truce.as_ref().and_then(|t| t.rearm_issue),
        ) {
            (Some((_, exposed)), Some(r)) if exposed == p => 1.0 - text[r],
            _ => 0.0,
        }
    }

    /// Utility of `text` to p after condition penalties (not discounted), and the costliest
    /// unmet condition.
    #[inline]
    fn utility_of(&self, p: usize, text: &[f64]) -> (f64, f64, Option<usize>) {
        let ni = self.ni;
        let base = utility::base_utility(
            self.draws.weights_of(p, ni),
            &self.ideals[p * ni..(p + 1) * ni],
            text,
        );
        let (cost, worst) = self.condition_cost(p, text);
        (base - cost, base, worst)
    }

    /// What party p's unmet, unwaived conditions cost on `text`, and the costliest of them.
    #[inline]
    fn condition_cost(&self, p: usize, text: &[f64]) -> (f64, Option<usize>) {
        let c0 = self.draws.condition_start[p];
        let c1 = self.draws.condition_start[p + 1];
        utility::condition_cost(
            self.s,
            &self.rules.conditions[c0..c1],
            text,
            &self.draws.penalty[c0..c1],
            &self.st.waived[c0..c1],
        )
    }

    #[inline]
    fn value_of(&self, p: usize, text: &[f64]) -> f64 {
        let (u, _, _) = self.utility_of(p, text);
        utility::discounted_value(
            u,
            self.st.walk_away[p],
            self.st.trust[p],
            self.exposure(p, text),
        )
    }

    fn verdict(&self, p: usize, text: &[f64]) -> Verdict {
        let (u, _, worst) = self.utility_of(p, text);
        let wa = self.st.walk_away[p];
        let trust = self.st.trust[p];
        let exposure = self.exposure(p, text);
        let value = utility::discounted_value(u, wa, trust, exposure);
        let target = self.st.target[p];
        let need = target.max(wa);
        let answer = if let Some(k) = self.rules.crossed_red_line(self.s, p, text) {
            Answer::RedLine(k)
        } else if value >= need - EPS {
            Answer::Accept
        } else if let Some(k) = worst
            && utility::discounted_value(
                u + self.draws.penalty[self.draws.condition_start[p] + k],
                wa,
                trust,
                exposure,
            ) >= need - EPS
        {
            // That condition alone sinks the text: without its penalty the text would pass.
            Answer::Condition(k)
        } else if value < wa - EPS {
            Answer::WalkAway
        } else {
            Answer::Target
        };
        Verdict {
            answer,
            utility: u,
            value,
            target,
            walk_away: wa,
        }
    }

    /// A required party walks out when even its best text inside everyone's red lines cannot
    /// reach its walk-away value.
    fn walkout(&self) -> Option<usize> {
        self.required
            .iter()
            .copied()
            .find(|&p| !self.humans[p] && self.st.best_value[p] < self.st.walk_away[p] - EPS)
    }

    /// The value to each party of its best hope: for required parties their best text inside
    /// everyone's red lines; for the others (narration and play only) their ideal.
    fn refresh_best_values<O: Observer>(&mut self) {
        let ni = self.ni;
        for (i, &p) in self.required.iter().enumerate() {
            let text = &self.best_text[i * ni..(i + 1) * ni];
            self.st.best_value[p] = utility::discounted_value(
                self.best_utility[i],
                self.st.walk_away[p],
                self.st.trust[p],
                self.exposure(p, text),
            );
        }
        if O::ACTIVE {
            for p in 0..self.s.parties.len() {
                if !self.s.parties[p].must_agree {
                    self.st.best_value[p] =
                        utility::discounted_value(1.0, self.st.walk_away[p], self.st.trust[p], 0.0);
                }
            }
        }
    }

    /// The utility of each required party's best text after its unwaived conditions; changes
    /// only when a condition is waived, so it is recomputed then, not every round.
    fn cache_best_utilities(&mut self) {
        let ni = self.ni;
        for (i, &p) in self.required.iter().enumerate() {
            let (cost, _) = self.condition_cost(p, &self.best_text[i * ni..(i + 1) * ni]);
            self.best_utility[i] = self.best_base[i] - cost;
        }
    }

    /// Each required party's best text inside everyone's red lines: its ideal, issue by issue,
    /// moved to the nearest value the red lines allow. Fixed for the scenario.
    fn cache_best_texts(&mut self) {
        let ni = self.ni;
        for (i, &p) in self.required.iter().enumerate() {
            for j in 0..ni {
                let snapped = self.s.issues[j].snap(self.ideals[p * ni + j]);
                self.best_text[i * ni + j] = self.feasible.project(j, snapped, snapped);
            }
        }
    }

    /// The utility of each required party's best text before penalties (weights vary by run).
    fn cache_best_bases(&mut self) {
        let ni = self.ni;
        for (i, &p) in self.required.iter().enumerate() {
            self.best_base[i] = utility::base_utility(
                self.draws.weights_of(p, ni),
                &self.ideals[p * ni..(p + 1) * ni],
                &self.best_text[i * ni..(i + 1) * ni],
            );
        }
    }

    /// The required party that stopped the last text, by severity (red line, condition,
    /// walk-away, target), then by how far short the text fell.
    fn blocker(&self) -> Option<Blocker> {
        let mut best: Option<(u8, f64, usize, Answer)> = None;
        for &p in &self.required {
            let v = &self.st.verdicts[p];
            if v.answer.accepted() {
                continue;
            }
            let sev = v.answer.severity();
            let gap = v.target.max(v.walk_away) - v.value;
            if best.is_none_or(|(bs, bg, _, _)| sev > bs || (sev == bs && gap > bg)) {
                best = Some((sev, gap, p, v.answer));
            }
        }
        best.map(|(_, _, party, answer)| Blocker {
            party,
            kind: match answer {
                Answer::RedLine(k) => BlockKind::RedLine(k),
                Answer::Condition(k) => BlockKind::Condition(k),
                Answer::WalkAway => BlockKind::WalkAway,
                Answer::Target | Answer::Accept => BlockKind::Target,
            },
        })
    }

    /// The single negotiating text moves toward the parties that said no.
    fn revise(&mut self) {
        let s = self.s;
        let ni = self.ni;
        let st = &mut self.st;
        let step = protocol::step(st.round);
        st.pull_sum.fill(0.0);
        st.pull_weight.fill(0.0);
        for &p in &self.required {
            let v = st.verdicts[p];
            let shortfall = match v.answer {
                Answer::Accept => continue,
                Answer::RedLine(_) => 1.0,
                _ => (v.target.max(v.walk_away) - v.value).max(0.0) + 0.02,
            };
            let strength = st.leverage[p].max(0.05) * shortfall;
            let w = self.draws.weights_of(p, ni);
            for j in 0..ni {
                if w[j] > 0.0 {
                    let dir = protocol::pull(st.draft[j], self.ideals[p * ni + j]);
                    st.pull_sum[j] += strength * w[j] * dir;
                    st.pull_weight[j] += strength * w[j];
                }
            }
            // Objections name their unmet conditions: the drafter hears them issue by issue.
            let c0 = self.draws.condition_start[p];
            let c1 = self.draws.condition_start[p + 1];
            for ck in c0..c1 {
                let rule = &self.rules.conditions[ck];
                let j = rule.issue;
                if st.waived[ck] || rule.allows(st.text[j], s) {
                    continue;
                }
                let goal = match s.issues[j].option_count() {
                    None => rule.clamp_into(st.text[j]),
                    Some(_) => self.condition_goal[ck][s.issues[j].option_index(st.text[j])],
                };
                if goal >= 0.0 {
                    let pen = self.draws.penalty[ck];
                    st.pull_sum[j] += strength * pen * protocol::pull(st.draft[j], goal);
                    st.pull_weight[j] += strength * pen;
                }
            }
        }
        for j in 0..ni {
            if st.pull_weight[j] > 0.0 {
                st.draft[j] =
                    (st.draft[j] + step * st.pull_sum[j] / st.pull_weight[j]).clamp(0.0, 1.0);
            }
            st.text[j] = self.feasible.table(j, st.draft[j]);
        }
    }

    /// Party p drafts a package: its own ideal inside everyone's red lines, then concessions on
    /// the issues the others value most relative to p, as far as p's target allows.
    pub fn draft_for(&mut self, p: usize) {
        let s = self.s;
        let ni = self.ni;
        for j in 0..ni {
            let snapped = s.issues[j].snap(self.ideals[p * ni + j]);
            self.st.text[j] = self.feasible.project(j, snapped, snapped);
        }
        // The others' leverage- and salience-weighted compromise per issue, and its priority.
        let own = self.draws.weights_of(p, ni);
        self.st.order.clear();
        for j in 0..ni {
            let (mut sum, mut weight) = (0.0, 0.0);
            for &q in &self.required {
                if q != p {
                    let w = self.st.leverage[q].max(0.05) * self.draws.weights_of(q, ni)[j];
                    sum += w * self.ideals[q * ni + j];
                    weight += w;
                }
            }
            if weight > 0.0 {
                self.st.scratch[j] = sum / weight;
                self.st.rank[j] = weight / (own[j] + 1e-6);
                self.st.order.push(j);
            }
        }
        let rank = &self.st.rank;
        self.st
            .order
            .sort_unstable_by(|&a, &b| rank[b].total_cmp(&rank[a]).then(a.cmp(&b)));
        let need = self.st.target[p].max(self.st.walk_away[p]);
        for i in 0..self.st.order.len() {
            let j = self.st.order[i];
            let from = self.st.text[j];
            let goal = s.issues[j].snap(self.st.scratch[j]);
            let to = self.feasible.project(j, goal, from);
            if (to - from).abs() < EPS {
                continue;
            }
            self.st.text[j] = to;
            if self.value_of(p, &self.st.text) >= need - EPS {
                continue;
            }
            // Only part of the way: as far as the target allows.
            self.st.text[j] = from;
            match s.issues[j].option_count() {
                None => {
                    let (mut lo, mut hi) = (0.0, 1.0);
                    for _ in 0..20 {
                        let mid = 0.5 * (lo + hi);
                        self.st.text[j] = from + mid * (to - from);
                        if self.value_of(p, &self.st.text) >= need - EPS {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    self.st.text[j] = from + lo * (to - from);
                }
                Some(n) => {
                    let step = (to - from).signum() / (n - 1) as f64;
                    let mut x = from;
                    loop {
                        let next = s.issues[j].snap(x + step);
                        if (next - from).abs() > (to - from).abs() + EPS
                            || (next - x).abs() < EPS
                            || !self.feasible_value(j, next)
                        {
                            break;
                        }
                        self.st.text[j] = next;
                        if self.value_of(p, &self.st.text) < need - EPS {
                            break;
                        }
                        x = next;
                    }
                    self.st.text[j] = x;
                    // A choice issue moves in whole options, so some slack may be left for
                    // the issues ranked after it.
                    continue;
                }
            }
            break;
        }
    }

    fn feasible_value(&self, j: usize, x: f64) -> bool {
        !self.feasible.issue_open(j) || (self.feasible.project(j, x, x) - x).abs() < EPS
    }

    // ----- signing and the pause ---------------------------------------------------------

    fn sign<O: Observer>(&mut self, round: u32, day: u32, obs: &mut O) {
        let np = self.s.parties.len();
        self.record.outcome = Outcome::Held;
        self.record.agreement_round = Some(round);
        self.record.agreement_day = Some(day);
        self.record.terms.copy_from_slice(&self.st.text);
        for p in 0..np {
            let (u, _, _) = self.utility_of(p, &self.st.text);
            self.record.utilities[p] = u.clamp(0.0, 1.0);
        }
        if let Some(a) = &self.analysis {
            let point = a.point(self.s, &self.st.text);
            self.record.analysis_point = Some(point);
            self.record.nash_distance = Some(a.distance_to_nash(point));
            self.record.pareto_efficient = Some(a.is_efficient(point));
        }
        if O::ACTIVE {
            obs.on(TraceEvent::Signed {
                round,
                day,
                text: &self.st.text,
            });
        }
    }

    fn pause<O: Observer>(&mut self, obs: &mut O) {
        let s = self.s;
        let Some(truce) = &s.truce else { return };
        let signed = self.record.agreement_day.unwrap_or(0);
        let available = s.horizon_days.saturating_sub(signed) as f64;
        let term = s.issues[truce.duration_issue].to_units(self.st.text[truce.duration_issue]);
        let term = term.round().max(0.0);
        let detection = match &truce.verification {
            Some(v) => v.detection[s.issues[v.issue].option_index(self.st.text[v.issue])],
            None => 0.0,
        };
        // Momentum drifts toward the side that keeps receiving arms.
        let slope = match (self.rearming, truce.rearm_issue, self.sides) {
            (Some((arming, _)), Some(r), Some(_)) => {
                self.side_sign[arming] * pause::REARM_SHIFT_PER_DAY * (1.0 - self.st.text[r])
            }
            _ => 0.0,
        };
        let start_momentum = self.st.momentum;
        let momentum_at = |t: f64| -> f64 { (start_momentum + slope * t).clamp(-1.0, 1.0) };
        // Without two sides nobody can violate the pause; it still runs its term and renewals.
        let (a, b, quiet) = match self.sides {
            Some([a, b]) => (a, b, false),
            None => (0, 0, true),
        };
        let mut end_of_term = term;
        let mut t = 0.0f64;
        loop {
            let rates = if quiet {
                [0.0, 0.0]
            } else {
                pause::violation_rates(
                    self.draws.frontline_km,
                    self.draws.violation_rate,
                    [self.st.trust[a], self.st.trust[b]],
                    detection,
                )
            };
            let total = rates[0] + rates[1];
            let wait: f64 = if total > 0.0 {
                let e: f64 = Exp1.sample(&mut self.pause_rng);
                e / total
            } else {
                f64::INFINITY
            };
            let stop = end_of_term.min(available);
            if t + wait >= stop {
                self.mark_pause_timeline(signed, stop, &momentum_at);
                t = stop;
                self.st.momentum = momentum_at(t);
                if stop >= available {
                    self.record.outcome = Outcome::Held;
                    self.record.truce_days = available as u32;
                    return;
                }
                // The term is over: renew only if every required party still prefers the pause.
                let refuser = if truce.renewable && term > 0.0 {
                    self.refuser()
                } else {
                    Err(None)
                };
                match refuser {
                    Ok(()) => {
                        self.record.renewals += 1;
                        end_of_term += term;
                        if O::ACTIVE {
                            obs.on(TraceEvent::Renewed {
                                day: t as u32,
                                until: end_of_term.min(available) as u32,
                            });
                        }
                        continue;
                    }
                    Err(party) => {
                        self.record.outcome = Outcome::Expired;
                        self.record.truce_days = t as u32;
                        if O::ACTIVE {
                            obs.on(TraceEvent::NotRenewed {
                                day: t as u32,
                                party,
                            });
                        }
                        return;
                    }
                }
            }
            self.mark_pause_timeline(signed, t + wait, &momentum_at);
            t += wait;
            self.st.momentum = momentum_at(t);
            let violator = if unit(&mut self.pause_rng) * total < rates[0] {
                a
            } else {
                b
            };
            let victim = if violator == a { b } else { a };
            // Two draws per violation whatever happens, so the stream stays aligned.
            let (u_monitor, u_victim) = (unit(&mut self.pause_rng), unit(&mut self.pause_rng));
            let seen = if u_monitor < detection {
                Sighting::Verified
            } else if u_victim < pause::SELF_DETECTION {
                Sighting::Contested
            } else {
                Sighting::Unseen
            };
            self.record.violations += 1;
            match seen {
                Sighting::Verified => {
                    self.st.trust[victim] =
                        (self.st.trust[victim] - pause::TRUST_COST_VERIFIED).max(0.0);
                }
                Sighting::Contested => {
                    for side in [a, b] {
                        self.st.trust[side] =
                            (self.st.trust[side] - pause::TRUST_COST_CONTESTED).max(0.0);
                    }
                }
                Sighting::Unseen => {}
            }
            let detected = seen != Sighting::Unseen;
            if detected {
                self.record.detected += 1;
            }
            if O::ACTIVE {
                obs.on(TraceEvent::Violation {
                    day: t,
                    violator,
                    seen,
                    trust: &self.st.trust,
                });
            }
            if detected && self.record.detected >= truce.collapse_after {
                self.record.outcome = Outcome::Collapsed;
                self.record.truce_days = t as u32;
                return;
            }
            // A side for which the pause is now worth less than fighting abandons it.
            self.refresh_walk_away();
            for i in 0..self.required.len() {
                let p = self.required[i];
                let value = self.value_of(p, &self.st.text);
                if value < self.st.walk_away[p] - EPS {
                    self.record.outcome = Outcome::Collapsed;
                    self.record.truce_days = t as u32;
                    if O::ACTIVE {
                        obs.on(TraceEvent::Abandoned {
                            day: t,
                            party: p,
                            value,
                            walk_away: self.st.walk_away[p],
                        });
                    }
                    return;
                }
            }
        }
    }

    fn refresh_walk_away(&mut self) {
        for p in 0..self.s.parties.len() {
            self.st.walk_away[p] = utility::walk_away(
                self.st.reservation[p],
                self.st.momentum_sensitivity[p],
                self.side_sign[p] * self.st.momentum,
            );
        }
    }

    /// `Ok` if every required party would renew the pause; otherwise the first that would not
    /// (its value of the text now falls short of its walk-away value). `Err(None)` stands for a
    /// pause that cannot be renewed at all.
    fn refuser(&mut self) -> Result<(), Option<usize>> {
        self.refresh_walk_away();
        match self
            .required
            .iter()
            .copied()
            .find(|&p| self.value_of(p, &self.st.text) < self.st.walk_away[p] - EPS)
        {
            Some(p) => Err(Some(p)),
            None => Ok(()),
        }
    }

    /// Timeline points up to pause day `to` (days since signing), each with the momentum of its
    /// own day: rearming drifts the front even on quiet days.
    fn mark_pause_timeline(&mut self, signed: u32, to: f64, momentum_at: &dyn Fn(f64) -> f64) {
        let step = Record::timeline_step_days(self.s);
        let trust = self.mean_required_trust();
        while self.st.next_point < self.record.momentum.len() {
            let day = self.st.next_point as u32 * step;
            let since = f64::from(day) - f64::from(signed);
            if since > to {
                break;
            }
            self.record.momentum[self.st.next_point] = momentum_at(since.max(0.0));
            self.record.trust[self.st.next_point] = trust;
            self.st.next_point += 1;
        }
    }

    /// After talks fail or a pause ends, the fighting goes on round by round to the horizon.
    fn fight_to_horizon(&mut self) {
        let step = Record::timeline_step_days(self.s);
        let held = matches!(self.record.outcome, Outcome::Held);
        while self.st.next_point < self.record.momentum.len() {
            if !held {
                self.move_battlefield();
            }
            let day = self.st.next_point as u32 * step;
            self.mark_timeline(day);
        }
    }
}

/// For every condition on a choice issue, the allowed option nearest to each option.
fn condition_goals(s: &Scenario) -> Vec<Vec<f64>> {
    s.parties
        .iter()
        .flat_map(|p| p.conditions.iter())
        .map(|c| {
            let issue = &s.issues[c.constraint.issue];
            match issue.option_count() {
                None => Vec::new(),
                Some(n) => (0..n)
                    .map(|k| {
                        let x = k as f64 / (n - 1) as f64;
                        c.constraint.nearest_allowed(issue, x).unwrap_or(-1.0)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The side that receives arms during the pause: of the two sides, the one whose ideal on the
/// rearm issue is lower (1 means no rearming); its opponent is the exposed side.
fn rearming_side(
    s: &Scenario,
    sides: Option<[usize; 2]>,
    ideals: &[f64],
    ni: usize,
) -> Option<(usize, usize)> {
    let r = s.truce.as_ref()?.rearm_issue?;
    let [a, b] = sides?;
    let stated = |p: usize| s.parties[p].positions[r].stated;
    let (ia, ib) = (ideals[a * ni + r], ideals[b * ni + r]);
    match (stated(a), stated(b)) {
        (true, true) if ia < ib => Some((a, b)),
        (true, true) if ib < ia => Some((b, a)),
        (true, false) if ia < 1.0 => Some((a, b)),
        (false, true) if ib < 1.0 => Some((b, a)),
        _ => None,
    }
}

/// The mediator's first text: each issue's `opening`, else the mediator's stated ideal, else the
/// mean of the required parties' stated ideals. Under the alternating protocol it is unused.
fn opening_text(s: &Scenario, ideals: &[f64], required: &[usize]) -> Vec<f64> {
    let ni = s.issues.len();
    (0..ni)
        .map(|j| {
            let issue = &s.issues[j];
            if let Some(x) = issue.opening {
                return issue.snap(x);
            }
            if let Protocol::Mediated { mediator } = s.protocol
                && s.parties[mediator].positions[j].stated
            {
                return issue.snap(ideals[mediator * ni + j]);
            }
            let stated: Vec<f64> = required
                .iter()
                .filter(|&&p| s.parties[p].positions[j].stated)
                .map(|&p| ideals[p * ni + j])
                .collect();
            if stated.is_empty() {
                issue.snap(0.5)
            } else {
                issue.snap(stated.iter().sum::<f64>() / stated.len() as f64)
            }
        })
        .collect()
}
