//! One run in progress: the draws, the state of the talks that events and rounds change, the
//! record being filled, and what the scenario fixes for every run (ideals, the zone the red lines
//! leave open, compiled rules). Protocols, tactics and the pause read and change a run through
//! this type; the [`super::Runner`] decides when.

// Issue-indexed parallel arrays (weights, ideals, text, pulls) read more clearly as `x[j]`.
#![allow(clippy::needless_range_loop)]

use super::rng::StreamRng;
use rand_distr::{Distribution, StandardNormal};

use super::draw::Draws;
use super::feasible::Feasible;
use super::record::{BlockKind, Blocker, Outcome, Record};
use super::tactic::Talks;
use super::trace::{Answer, Observer, Verdict};
use super::utility;
use super::utility::EPS;
use crate::model::{EffectOp, Param, PartyKey, Scenario};

/// The state of the talks that events and rounds change.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) leverage: Vec<f64>,
    pub(crate) trust: Vec<f64>,
    pub(crate) reservation: Vec<f64>,
    pub(crate) momentum_sensitivity: Vec<f64>,
    pub(crate) momentum: f64,
    pub(crate) drift: f64,
    /// Per condition (flattened like `Draws::penalty`).
    pub(crate) waived: Vec<bool>,
    pub(crate) fired: Vec<bool>,
    pub(crate) walk_away: Vec<f64>,
    /// Value of each party's best hope (Faratin's Pmax), refreshed every round.
    pub(crate) best_value: Vec<f64>,
    pub(crate) target: Vec<f64>,
    /// What each party needs of a text to accept it this round: its acceptance rule applied
    /// to its target (`Runner::update_demands`; `docs/MODEL.md`, section 8).
    pub(crate) demand: Vec<f64>,
    /// Each party's trust when the pause was signed: what quiet days restore.
    pub(crate) signed_trust: Vec<f64>,
    /// Each required party's utility of the signed text and its exposure to rearming, worked
    /// out once at signing: the text and the waivers are fixed for the pause, so only
    /// walk-away values and trust move what keeping it is worth ([`super::pause`]).
    pub(crate) signed_utility: Vec<f64>,
    pub(crate) signed_exposure: Vec<f64>,
    pub(crate) prev_target: Vec<f64>,
    pub(crate) prev2_target: Vec<f64>,
    /// The mediator's working position per issue (continuous); `text` is what is tabled.
    pub(crate) draft: Vec<f64>,
    pub(crate) text: Vec<f64>,
    pub(crate) scratch: Vec<f64>,
    pub(crate) verdicts: Vec<Verdict>,
    /// For a party whose last answer was to its own text: its answer to the other side's text
    /// before that (kept when it answered its own). The opponent's offer of offer-based
    /// tactics; see `Others::offered`.
    pub(crate) offered: Vec<Option<Verdict>>,
    /// Who tabled the text now on the table (`None`: the mediator, or the opening text).
    pub(crate) tabled_by: Option<usize>,
    /// Whether the parties have answered a text in this run yet.
    pub(crate) answered: bool,
    pub(crate) pull_sum: Vec<f64>,
    pub(crate) pull_weight: Vec<f64>,
    pub(crate) order: Vec<usize>,
    pub(crate) rank: Vec<f64>,
    /// Per party: `2^(2 leverage - 1)` ([`Talks::stretch`]) for the leverage in
    /// `stretch_leverage` (NaN: not worked out yet).
    pub(crate) stretch: Vec<f64>,
    pub(crate) stretch_leverage: Vec<f64>,
    /// Next timeline point to write.
    pub(crate) next_point: usize,
    /// The round being played (0 before round 1).
    pub(crate) round: u32,
    /// What is left of the mediator's pressure: 1 during the talks, halving every
    /// [`utility::PRESSURE_HALF_LIFE_DAYS`] of a pause.
    pub(crate) pressure_left: f64,
}

/// A run of one scenario in progress. Every buffer is sized once per scenario, so playing run
/// after run allocates nothing.
#[derive(Clone)]
pub struct RunState<'a> {
    pub(crate) s: &'a Scenario,
    pub(crate) ni: usize,
    /// Ideal points, `party * ni + issue`.
    pub(crate) ideals: Vec<f64>,
    pub(crate) required: Vec<usize>,
    pub(crate) feasible: Feasible,
    /// The two sides of the fighting ([`Scenario::sides`]).
    pub(crate) sides: Option<[usize; 2]>,
    /// +1 for the first side, -1 for the second, 0 for everyone else.
    pub(crate) side_sign: Vec<f64>,
    /// The side that receives arms during the pause, and its opponent.
    pub(crate) rearming: Option<(usize, usize)>,
    /// The exposed side and the rearm issue, when a side rearms during the pause: what
    /// [`RunState::exposure`] reads, looked up once.
    pub(crate) exposed: Option<(usize, usize)>,
    pub(crate) opening: Vec<f64>,
    pub(crate) draws: Draws,
    pub(crate) st: State,
    pub(crate) record: Record,
    /// Per required party (in `required` order): its best text inside everyone's red lines,
    /// and that text's utility before condition penalties. Fixed within a run.
    pub(crate) best_text: Vec<f64>,
    pub(crate) best_base: Vec<f64>,
    /// `best_base` less the penalties of the conditions the text leaves unmet and unwaived.
    pub(crate) best_utility: Vec<f64>,
    pub(crate) rules: utility::Rules<'a>,
    /// Parties a person decides for (tabletop play): the model never walks them out.
    pub(crate) humans: Vec<bool>,
    /// Per condition (flattened), for choice issues: the allowed option nearest to each option
    /// (-1 if none), so the drafter knows where an objection points without searching.
    pub(crate) condition_goal: Vec<Vec<f64>>,
    /// The Nash bargaining text at central values (`None` without a bargaining analysis):
    /// what each party can expect a negotiation to give it.
    pub(crate) nash_text: Option<Vec<f64>>,
    /// Each party's utility of the Nash text after its unwaived conditions, this run.
    pub(crate) nash_utility: Vec<f64>,
    /// Each party's utility of the Nash text before condition penalties, this run (weights
    /// vary by run; the text does not).
    pub(crate) nash_base: Vec<f64>,
    /// Per condition (flattened): whether the Nash text leaves it unmet. The text and the
    /// rules are fixed, so this is worked out once ([`RunState::set_nash_text`]).
    pub(crate) nash_unmet: Vec<bool>,
    /// Per required party (in `required` order) and condition (flattened,
    /// `i * n_conditions + c`): whether the party's best text leaves the condition unmet.
    /// Fixed for the scenario.
    pub(crate) best_unmet: Vec<bool>,
}

impl<'a> RunState<'a> {
    /// The buffers and per-scenario facts of `s`, before any run is drawn.
    pub(crate) fn new(s: &'a Scenario) -> RunState<'a> {
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
        let sides = s.sides();
        let side_sign = (0..np).map(|p| s.momentum_sign(p)).collect();
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
            demand: vec![1.0; np],
            signed_trust: vec![0.0; np],
            signed_utility: vec![0.0; np],
            signed_exposure: vec![0.0; np],
            prev_target: vec![1.0; np],
            prev2_target: vec![1.0; np],
            draft: vec![0.0; ni],
            text: vec![0.0; ni],
            scratch: vec![0.0; ni],
            verdicts: vec![Verdict::NONE; np],
            offered: vec![None; np],
            tabled_by: None,
            answered: false,
            pull_sum: vec![0.0; ni],
            pull_weight: vec![0.0; ni],
            order: Vec::with_capacity(ni),
            rank: vec![0.0; ni],
            stretch: vec![1.0; np],
            stretch_leverage: vec![f64::NAN; np],
            next_point: 0,
            round: 0,
            pressure_left: 1.0,
        };
        let mut run = RunState {
            s,
            ni,
            ideals,
            required,
            feasible,
            sides,
            side_sign,
            rearming,
            exposed: rearming
                .zip(s.truce.as_ref().and_then(|t| t.rearm_issue))
                .map(|((_, exposed), r)| (exposed, r)),
            opening,
            draws: Draws::new(s),
            st,
            record: Record::new(s),
            best_text: vec![0.0; ni * s.parties.len()],
            best_base: vec![0.0; s.parties.len()],
            best_utility: vec![0.0; s.parties.len()],
            rules: utility::Rules::compile(s),
            humans: vec![false; s.parties.len()],
            condition_goal: condition_goals(s),
            nash_text: None,
            nash_utility: vec![f64::NAN; s.parties.len()],
            nash_base: vec![f64::NAN; s.parties.len()],
            nash_unmet: vec![false; n_cond],
            best_unmet: Vec::new(),
        };
        run.cache_best_texts();
        run
    }

    /// Place deals against the Nash text `nash` (the bargaining analysis's), or against none.
    pub(crate) fn set_nash_text(&mut self, nash: Option<Vec<f64>>) {
        if let Some(text) = &nash {
            for (k, rule) in self.rules.conditions.iter().enumerate() {
                self.nash_unmet[k] = !rule.allows(text[rule.issue], self.s);
            }
        }
        self.nash_text = nash;
    }

    pub(crate) fn reset(&mut self, index: u64) {
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
        st.demand.fill(1.0);
        st.prev_target.fill(1.0);
        st.prev2_target.fill(1.0);
        st.verdicts.fill(Verdict::NONE);
        st.offered.fill(None);
        st.tabled_by = None;
        st.answered = false;
        st.draft.copy_from_slice(&self.opening);
        st.text.copy_from_slice(&self.opening);
        st.next_point = 0;
        st.round = 0;
        st.pressure_left = 1.0;
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
    pub(crate) fn mark_timeline(&mut self, day: u32) {
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

    pub(crate) fn mean_required_trust(&self) -> f64 {
        if self.required.is_empty() {
            return 0.0;
        }
        self.required.iter().map(|&p| self.st.trust[p]).sum::<f64>() / self.required.len() as f64
    }

    pub(crate) fn apply(&mut self, target: Param, op: EffectOp) {
        let st = &mut self.st;
        let (slot, lo, hi) = match target {
            Param::Momentum => (&mut st.momentum, -1.0, 1.0),
            Param::Drift => (&mut st.drift, -1.0, 1.0),
            Param::Party { party: p, key } => match key {
                PartyKey::Leverage => (&mut st.leverage[p], 0.0, 1.0),
                PartyKey::Trust => (&mut st.trust[p], 0.0, 1.0),
                PartyKey::Reservation => (&mut st.reservation[p], 0.0, 1.0),
                PartyKey::MomentumSensitivity => (&mut st.momentum_sensitivity[p], 0.0, 1.0),
                // The loader admits only what `Param::moves_in_talks` names.
                PartyKey::Beta | PartyKey::DelayCost | PartyKey::OneOffGain => return,
            },
            _ => return,
        };
        *slot = match op {
            EffectOp::Add(x) => *slot + x,
            EffectOp::Set(x) => x,
        }
        .clamp(lo, hi);
    }

    /// How far the text lets party p's opponent rearm (0 when p is not exposed).
    #[inline]
    pub(crate) fn exposure(&self, p: usize, text: &[f64]) -> f64 {
        match self.exposed {
            Some((exposed, r)) if exposed == p => 1.0 - text[r],
            _ => 0.0,
        }
    }

    /// Utility of `text` to p after condition penalties (not discounted), and the costliest
    /// unmet condition.
    #[inline]
    pub(crate) fn utility_of(&self, p: usize, text: &[f64]) -> (f64, f64, Option<usize>) {
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
    pub(crate) fn condition_cost(&self, p: usize, text: &[f64]) -> (f64, Option<usize>) {
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
    pub(crate) fn value_of(&self, p: usize, text: &[f64]) -> f64 {
        let (u, _, _) = self.utility_of(p, text);
        utility::discounted_value(
            u,
            self.st.walk_away[p],
            self.st.trust[p],
            self.exposure(p, text),
        )
    }

    pub(crate) fn verdict(&self, p: usize, text: &[f64]) -> Verdict {
        let (u, _, worst) = self.utility_of(p, text);
        let wa = self.st.walk_away[p];
        let trust = self.st.trust[p];
        let exposure = self.exposure(p, text);
        let value = utility::discounted_value(u, wa, trust, exposure);
        let target = self.st.demand[p];
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

    /// Party q tabled the text about to be answered: keep its answer to the other side's last
    /// text, which its answer to its own text will replace (`offered`). Nothing is copied under
    /// mediation, where nobody but the mediator tables.
    #[inline]
    pub(crate) fn keep_earlier_answer(&mut self, q: usize) {
        if self.st.tabled_by != Some(q) && self.st.answered {
            self.st.offered[q] = Some(self.st.verdicts[q]);
        }
    }

    /// A required party walks out when even its best text inside everyone's red lines falls
    /// short of its walk-away value by more than the cost of breaking off talks it joined
    /// ([`super::pause::RENEGING_COST`]: the party is blamed for their failure).
    pub(crate) fn walkout(&self) -> Option<usize> {
        self.required.iter().copied().find(|&p| {
            !self.humans[p]
                && super::pause::worth_reneging(self.st.best_value[p], self.st.walk_away[p])
        })
    }

    /// The value to each party of its best hope: for required parties their best text inside
    /// everyone's red lines; for the others (narration and play only) their ideal.
    pub(crate) fn refresh_best_values<O: Observer>(&mut self) {
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
    ///
    /// The texts are fixed, so which conditions they leave unmet is known in advance
    /// (`best_unmet`, `nash_unmet`): the costs are the same sums, in the same order, as
    /// [`RunState::condition_cost`] would make, without testing the rules again.
    pub(crate) fn cache_best_utilities(&mut self) {
        let n_cond = self.st.waived.len();
        for (i, &p) in self.required.iter().enumerate() {
            let (c0, c1) = (
                self.draws.condition_start[p],
                self.draws.condition_start[p + 1],
            );
            let unmet = &self.best_unmet[i * n_cond..(i + 1) * n_cond];
            let cost = unmet_cost(c0..c1, unmet, &self.st.waived, &self.draws.penalty);
            self.best_utility[i] = self.best_base[i] - cost;
        }
        if self.nash_text.is_some() {
            for p in 0..self.s.parties.len() {
                let (c0, c1) = (
                    self.draws.condition_start[p],
                    self.draws.condition_start[p + 1],
                );
                let cost = unmet_cost(
                    c0..c1,
                    &self.nash_unmet,
                    &self.st.waived,
                    &self.draws.penalty,
                );
                self.nash_utility[p] = self.nash_base[p] - cost;
            }
        }
    }

    /// What party p can expect a negotiation to give it: its value of the Nash text with its
    /// current walk-away value, trust and exposure (infinite without a bargaining analysis).
    #[inline]
    pub(crate) fn expected_value(&self, p: usize) -> f64 {
        match &self.nash_text {
            Some(nash) => utility::discounted_value(
                self.nash_utility[p],
                self.st.walk_away[p],
                self.st.trust[p],
                self.exposure(p, nash),
            ),
            None => f64::INFINITY,
        }
    }

    /// One round's cost of delay to p: its `delay_cost` per week, scaled to a round.
    #[inline]
    pub(crate) fn round_cost(&self, p: usize) -> f64 {
        self.draws.delay_cost[p] * f64::from(self.s.days_per_round) / 7.0
    }

    /// Each required party's best text inside everyone's red lines: its ideal, issue by issue,
    /// moved to the nearest value the red lines allow. Fixed for the scenario.
    pub(crate) fn cache_best_texts(&mut self) {
        let ni = self.ni;
        for (i, &p) in self.required.iter().enumerate() {
            for j in 0..ni {
                let snapped = self.s.issues[j].snap(self.ideals[p * ni + j]);
                self.best_text[i * ni + j] = self.feasible.project(j, snapped, snapped);
            }
        }
        let n_cond = self.st.waived.len();
        self.best_unmet = vec![false; self.required.len() * n_cond];
        for i in 0..self.required.len() {
            let text = &self.best_text[i * ni..(i + 1) * ni];
            for (k, rule) in self.rules.conditions.iter().enumerate() {
                self.best_unmet[i * n_cond + k] = !rule.allows(text[rule.issue], self.s);
            }
        }
    }

    /// The utility of each required party's best text, and of the Nash text to every party,
    /// before penalties (weights vary by run).
    pub(crate) fn cache_best_bases(&mut self) {
        let ni = self.ni;
        for (i, &p) in self.required.iter().enumerate() {
            self.best_base[i] = utility::base_utility(
                self.draws.weights_of(p, ni),
                &self.ideals[p * ni..(p + 1) * ni],
                &self.best_text[i * ni..(i + 1) * ni],
            );
        }
        if let Some(nash) = &self.nash_text {
            for p in 0..self.s.parties.len() {
                self.nash_base[p] = utility::base_utility(
                    self.draws.weights_of(p, ni),
                    &self.ideals[p * ni..(p + 1) * ni],
                    nash,
                );
            }
        }
    }

    /// The required party that stopped the last text, by severity (red line, condition,
    /// walk-away, target), then by how far short the text fell.
    pub(crate) fn blocker(&self) -> Option<Blocker> {
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

    pub(crate) fn feasible_value(&self, j: usize, x: f64) -> bool {
        !self.feasible.issue_open(j) || (self.feasible.project(j, x, x) - x).abs() < EPS
    }

    /// Every party's walk-away value now (`everyone`), or only the required parties' (the hot
    /// loop, where nothing reads the others'): its reservation and its private resolve, moved
    /// by the momentum in its favour, less what is left of the mediator's pressure on it
    /// (`docs/MODEL.md`, section 4).
    pub(crate) fn refresh_walk_away(&mut self, everyone: bool) {
        if everyone {
            for p in 0..self.st.walk_away.len() {
                self.refresh_walk_away_of(p);
            }
        } else {
            for i in 0..self.required.len() {
                self.refresh_walk_away_of(self.required[i]);
            }
        }
    }

    #[inline]
    fn refresh_walk_away_of(&mut self, p: usize) {
        let pressure = self.pressure(p);
        let st = &mut self.st;
        st.walk_away[p] = utility::walk_away(
            st.reservation[p] + self.draws.resolve[p],
            st.momentum_sensitivity[p],
            self.side_sign[p] * st.momentum,
            pressure,
        );
    }

    /// The mediator's pressure on party p now (0 without a mediator, and on the mediator).
    #[inline]
    pub(crate) fn pressure(&self, p: usize) -> f64 {
        utility::pressure_on(self.s, p, |q| self.st.leverage[q]) * self.st.pressure_left
    }

    /// Work out party p's clock stretch ([`Talks::stretch`]) again if its leverage changed.
    #[inline]
    pub(crate) fn refresh_stretch(&mut self, p: usize) {
        let leverage = self.st.leverage[p];
        if self.st.stretch_leverage[p].to_bits() != leverage.to_bits() {
            self.st.stretch[p] = (2.0 * leverage - 1.0).exp2();
            self.st.stretch_leverage[p] = leverage;
        }
    }

    /// Momentum moves by drift plus Gaussian noise, and stays in [-1, 1].
    pub(crate) fn move_battlefield(&mut self, rng: &mut StreamRng) {
        let noise: f64 = StandardNormal.sample(rng);
        self.st.momentum =
            (self.st.momentum + self.st.drift + self.draws.volatility * noise).clamp(-1.0, 1.0);
    }

    /// After talks fail or a pause ends, the fighting goes on round by round to the horizon.
    ///
    /// Each remaining timeline point gets the front of its own round and the trust of the end
    /// of the talks or the pause (nothing changes trust any more): what marking the timeline
    /// point by point would write.
    pub(crate) fn fight_to_horizon(&mut self, rng: &mut StreamRng) {
        let held = matches!(self.record.outcome, Outcome::Held);
        let trust = self.mean_required_trust();
        while self.st.next_point < self.record.momentum.len() {
            if !held {
                self.move_battlefield(rng);
            }
            self.record.momentum[self.st.next_point] = self.st.momentum;
            self.record.trust[self.st.next_point] = trust;
            self.st.next_point += 1;
        }
    }
}

/// What a tactic sees of the run in progress.
impl Talks for RunState<'_> {
    #[inline]
    fn required(&self) -> &[usize] {
        &self.required
    }
    #[inline]
    fn last_target(&self, party: usize) -> f64 {
        self.st.prev_target[party]
    }
    #[inline]
    fn target_before_last(&self, party: usize) -> f64 {
        self.st.prev2_target[party]
    }
    #[inline]
    fn answer(&self, party: usize) -> Verdict {
        self.st.verdicts[party]
    }
    #[inline]
    fn earlier_answer(&self, party: usize) -> Option<Verdict> {
        self.st.offered[party]
    }
    #[inline]
    fn tabled_by(&self) -> Option<usize> {
        self.st.tabled_by
    }
    #[inline]
    fn value(&self, party: usize) -> f64 {
        self.value_of(party, &self.st.text)
    }
    #[inline]
    fn walk_away(&self, party: usize) -> f64 {
        self.st.walk_away[party]
    }
    #[inline]
    fn stretch(&self, party: usize, leverage: f64) -> f64 {
        if self.st.stretch_leverage[party].to_bits() == leverage.to_bits() {
            self.st.stretch[party]
        } else {
            (2.0 * leverage - 1.0).exp2()
        }
    }
}

/// The summed penalty of the conditions `range` (one party's, flattened) that a text leaves
/// unmet (`unmet`) and the party has not waived: the total of [`utility::condition_cost`], in
/// the same order.
#[inline]
fn unmet_cost(
    range: std::ops::Range<usize>,
    unmet: &[bool],
    waived: &[bool],
    penalty: &[f64],
) -> f64 {
    let mut total = 0.0;
    for k in range {
        if unmet[k] && !waived[k] {
            total += penalty[k];
        }
    }
    total
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
            if let Some(mediator) = s.mediator
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
