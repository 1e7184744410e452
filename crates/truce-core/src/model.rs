//! The validated scenario: what the engine is allowed to see.
//!
//! Every type here is built only by the loader ([`crate::scenario`]). Ids are resolved to indices,
//! every issue lives on [0, 1], options are evenly spaced points, distributions have been checked,
//! and every number is finite. The engine can therefore index without bounds anxiety and never
//! re-checks user input.

use std::fmt;

use rand::Rng;
use rand_distr::{Distribution, Normal, Triangular};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};

use crate::engine::BetaDraw;

/// The default of `[scenario] private_information`: the standard deviation of each party's
/// private shift of its walk-away value (`docs/MODEL.md`, section 4). Assumption: 0.1.
pub const PRIVATE_INFORMATION: f64 = 0.1;

/// A scenario that passed validation. Cheap to share between threads (`Sync`).
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Title shown in reports and charts.
    pub name: String,
    /// A paragraph for briefings.
    pub description: String,
    /// Where the positions come from.
    pub sources: Vec<String>,
    /// How the talks run (see `engine::protocol`).
    pub protocol: ProtocolName,
    /// The party that drafts the text, under a protocol that has one (`mediated`).
    pub mediator: Option<usize>,
    /// Rounds of talks before they break down.
    pub max_rounds: u32,
    /// Calendar days one round takes.
    pub days_per_round: u32,
    /// Days from the start of talks to the end of the simulated period (talks and pause).
    pub horizon_days: u32,
    /// Runs a job plays when the caller does not say.
    pub runs: u64,
    /// The seed a job uses when the caller does not say.
    pub seed: u64,
    /// Standard deviation of each party's private shift of its walk-away value, drawn per run
    /// (`docs/MODEL.md`, section 4): what a party knows of its own resolve and the analyst
    /// does not.
    pub private_information: f64,
    /// The dimensions of a deal.
    pub issues: Vec<Issue>,
    /// The negotiating parties, in file order.
    pub parties: Vec<Party>,
    /// The fighting under the talks, if the scenario models it.
    pub battlefield: Option<Battlefield>,
    /// Injects that may happen during the talks.
    pub events: Vec<Event>,
    /// How a signed pause is kept, if the scenario models it.
    pub truce: Option<Truce>,
    /// What really happened, for backtests (`[observed]`); the engine never reads it.
    pub observed: Option<Observed>,
    /// Hex SHA-256 of the file's bytes, so a summary can name exactly what produced it.
    pub file_hash: String,
}

impl Scenario {
    /// The index of the issue with this id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// The index of the party with this id.
    pub fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    /// Indices of the parties whose yes a deal needs.
    pub fn required_parties(&self) -> impl Iterator<Item = usize> + '_ {
        self.parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.must_agree)
            .map(|(i, _)| i)
    }

    /// The two sides of the conflict: the battlefield's `sides`, else the first two parties
    /// that must agree; `None` when there are neither. One rule for everything that needs
    /// them: who violates a pause, whose utilities span the bargaining analysis, whom momentum
    /// favours.
    pub fn sides(&self) -> Option<[usize; 2]> {
        if let Some(b) = &self.battlefield {
            return Some(b.sides);
        }
        let mut required = self.required_parties();
        Some([required.next()?, required.next()?])
    }

    /// Which way momentum counts for party p: +1 for the first of the battlefield's `sides`
    /// (momentum > 0 favours it), -1 for the second, 0 for everyone else and without a
    /// battlefield.
    pub fn momentum_sign(&self, p: usize) -> f64 {
        match &self.battlefield {
            Some(b) if b.sides[0] == p => 1.0,
            Some(b) if b.sides[1] == p => -1.0,
            _ => 0.0,
        }
    }
}

/// A registered name: the engine's registry of protocols or tactics makes these, so every one
/// names something the engine can play. Serialised as the name.
macro_rules! registered_name {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(&'static str);

        impl $name {
            /// Only the engine's registry calls this, with a name it holds.
            pub(crate) const fn registered(name: &'static str) -> Self {
                $name(name)
            }

            /// The name as scenario files write it.
            pub fn as_str(self) -> &'static str {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.0)
            }
        }
    };
}

registered_name! {
    /// How the talks run, by the name a scenario gives it (`protocol = "mediated"`); what it
    /// does is in `engine::protocol`.
    ProtocolName
}

registered_name! {
    /// How a party concedes, by the name a scenario gives it (`tactic = "boulware"`); what it
    /// does is in `engine::tactic`.
    TacticName
}

/// One dimension of a deal, placed internally on [0, 1].
#[derive(Debug, Clone)]
pub struct Issue {
    /// Short id (as files and paths write it).
    pub id: String,
    /// Human label for tables and charts.
    pub label: String,
    /// A number or a choice.
    pub kind: IssueKind,
    /// Where the mediator's first text puts this issue, on [0, 1]. `None`: the mediator's
    /// stated ideal, else the mean of the required parties' stated ideals, else the middle
    /// (always snapped to an option on choice issues).
    pub opening: Option<f64>,
}

/// What values an issue takes.
#[derive(Debug, Clone)]
pub enum IssueKind {
    /// A number in `[min, max]` of `unit`.
    Numeric {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
        /// Unit for people (`days`, `%`), or empty.
        unit: String,
    },
    /// An ordered choice: option k of n sits at k / (n - 1).
    Options(Vec<String>),
}

impl Issue {
    /// The value at `x` on [0, 1] in the issue's own units (for options: the option index).
    pub fn to_units(&self, x: f64) -> f64 {
        match &self.kind {
            IssueKind::Numeric { min, max, .. } => min + x * (max - min),
            IssueKind::Options(opts) => self.option_index(x).min(opts.len() - 1) as f64,
        }
    }

    /// The position on [0, 1] of a value in the issue's own units.
    pub fn from_units(&self, v: f64) -> f64 {
        match &self.kind {
            IssueKind::Numeric { min, max, .. } => ((v - min) / (max - min)).clamp(0.0, 1.0),
            IssueKind::Options(opts) => (v / (opts.len() - 1) as f64).clamp(0.0, 1.0),
        }
    }

    /// Number of options, or `None` for a numeric issue.
    pub fn option_count(&self) -> Option<usize> {
        match &self.kind {
            IssueKind::Numeric { .. } => None,
            IssueKind::Options(o) => Some(o.len()),
        }
    }

    /// The option nearest to `x` (0 for numeric issues).
    pub fn option_index(&self, x: f64) -> usize {
        match &self.kind {
            IssueKind::Numeric { .. } => 0,
            // `+ 0.5` then truncation rounds half up without a libm call (hot path); through
            // `u32` (a shorter conversion than `usize`) the same index, below 2^32 options.
            IssueKind::Options(o) => {
                (x.clamp(0.0, 1.0) * (o.len() - 1) as f64 + 0.5) as u32 as usize
            }
        }
    }

    /// A point a real text can hold: options snap to the nearest option, numbers stay put.
    pub fn snap(&self, x: f64) -> f64 {
        match &self.kind {
            IssueKind::Numeric { .. } => x.clamp(0.0, 1.0),
            IssueKind::Options(o) => {
                let n = (o.len() - 1) as f64;
                ((x.clamp(0.0, 1.0) * n + 0.5) as usize) as f64 / n
            }
        }
    }

    /// The value at `x` rounded for reading (no unit): whole units on ranges of 20 or more,
    /// one decimal on ranges of 2 or more, else two; option names as they are.
    pub fn short_value(&self, x: f64) -> String {
        match &self.kind {
            IssueKind::Numeric { min, max, .. } => {
                let v = self.to_units(x);
                let width = max - min;
                let digits = if width >= 20.0 {
                    0
                } else if width >= 2.0 {
                    1
                } else {
                    2
                };
                let scale = 10f64.powi(digits);
                format_number((v * scale).round() / scale)
            }
            IssueKind::Options(o) => o[self.option_index(x)].clone(),
        }
    }

    /// Human text for the value at `x`: `"30 days"` or `"joint"`.
    pub fn display(&self, x: f64) -> String {
        match &self.kind {
            IssueKind::Numeric { unit, .. } => {
                let num = self.short_value(x);
                if unit.is_empty() {
                    num
                } else {
                    format!("{num} {unit}")
                }
            }
            IssueKind::Options(o) => o[self.option_index(x)].clone(),
        }
    }

    /// Value for CSV/JSON: a number in units, or the option name.
    pub fn csv_value(&self, x: f64) -> String {
        match &self.kind {
            IssueKind::Numeric { .. } => format_number(self.to_units(x)),
            IssueKind::Options(o) => o[self.option_index(x)].clone(),
        }
    }

    /// The unit of a numeric issue (empty for choice issues).
    pub fn unit(&self) -> &str {
        match &self.kind {
            IssueKind::Numeric { unit, .. } => unit,
            IssueKind::Options(_) => "",
        }
    }
}

/// Shortest readable form: integers without decimals, others to 2 decimals; numbers of 1e15
/// and more (and non-finite ones) as [`format_value`] writes them, never as a 64-bit integer
/// limit.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        format_value(v)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A number as a person wrote it: the shortest text that reads back as the same number, in
/// scientific notation when it is very large or very small (`-1e308`, `1e-300`, `0.125`,
/// `1500`), never hundreds of digits; `NaN`, `inf` and `-inf` as Rust writes them. For
/// messages that quote a value the user gave.
pub fn format_value(v: f64) -> String {
    let size = v.abs();
    if v.is_finite() && size != 0.0 && !(1e-4..1e15).contains(&size) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// What a party is at the table. Serialised as `belligerent`, `mediator`, `backer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A party to the fighting (must agree by default).
    Belligerent,
    /// Drafts the single negotiating text.
    Mediator,
    /// Backs a side; its yes is not required unless the file says so.
    Backer,
}

impl fmt::Display for Role {
    /// The name as files write it (padding and width are honoured).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Role {
    /// The name as files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Belligerent => "belligerent",
            Role::Mediator => "mediator",
            Role::Backer => "backer",
        }
    }
}

/// One party: its numbers, strategy, positions, red lines and conditions.
#[derive(Debug, Clone)]
pub struct Party {
    /// Short id (as files and paths write it).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// What it is at the table.
    pub role: Role,
    /// Whether a deal needs its yes.
    pub must_agree: bool,
    /// Bargaining power, on [0, 1]: slows concession and weighs its objections.
    pub leverage: Uncertain,
    /// Trust in the other side, on [0, 1]: a deal's gains count in part when low.
    pub trust: Uncertain,
    /// Reservation utility: the walk-away value before the battlefield moves it.
    pub reservation: Uncertain,
    /// How much momentum in its favour raises its walk-away value.
    pub momentum_sensitivity: Uncertain,
    /// Utility lost per week of talks without a deal (the cost of delay).
    pub delay_cost: Uncertain,
    /// Share of the gain from a pause that its first term uses up (not brought again by renewal).
    pub one_off_gain: Uncertain,
    /// How it concedes.
    pub strategy: Strategy,
    /// One entry per issue of the scenario, in issue order (weight 0 where the file is silent).
    pub positions: Vec<Position>,
    /// Values it never accepts, whatever the price.
    pub red_lines: Vec<RedLine>,
    /// Values it insists on at a price, and may drop.
    pub conditions: Vec<Condition>,
}

/// A party's stake in one issue. Weights are drawn per run and then normalised per party.
#[derive(Debug, Clone)]
pub struct Position {
    /// Ideal point on [0, 1].
    pub ideal: f64,
    /// Relative salience (>= 0, not yet normalised).
    pub weight: Uncertain,
    /// Whether the file names this issue for the party (silent issues carry weight 0).
    pub stated: bool,
}

/// How a party concedes.
#[derive(Debug, Clone)]
pub struct Strategy {
    /// Its tactic (see `engine::tactic`).
    pub tactic: TacticName,
    /// Faratin's concession exponent; defaults by tactic (boulware 0.2, linear 1, conceder 2).
    pub beta: Uncertain,
    /// When it takes a text (`docs/MODEL.md`, section 8).
    pub acceptance: Acceptance,
}

/// When a party accepts a text. Serialised as `expected`, `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    /// The text beats what the party can expect from going on: its next demand, capped by its
    /// value of the Nash text, less one round's cost of delay (the default).
    Expected,
    /// The text meets the party's concession target this round (truce 0.1).
    Target,
}

/// Which values of one issue a party can live with, on [0, 1].
#[derive(Debug, Clone)]
pub struct Constraint {
    /// The issue the constraint bounds.
    pub issue: usize,
    /// The lowest allowed value, on [0, 1].
    pub min: Option<f64>,
    /// The highest allowed value, on [0, 1].
    pub max: Option<f64>,
    /// Option indices that are unacceptable (choice issues only).
    pub forbid: Vec<usize>,
    /// Why the party insists (for briefing cards and narration).
    pub reason: String,
}

impl Constraint {
    /// Whether the value `x` (on [0, 1]) of `issue` satisfies the constraint.
    pub fn allows(&self, issue: &Issue, x: f64) -> bool {
        const EPS: f64 = 1e-9;
        if let Some(lo) = self.min
            && x < lo - EPS
        {
            return false;
        }
        if let Some(hi) = self.max
            && x > hi + EPS
        {
            return false;
        }
        if !self.forbid.is_empty() {
            let k = issue.option_index(x);
            if self.forbid.contains(&k) {
                return false;
            }
        }
        true
    }

    /// The allowed point nearest to `x`, or `None` if no value of the issue is allowed.
    pub fn nearest_allowed(&self, issue: &Issue, x: f64) -> Option<f64> {
        let lo = self.min.unwrap_or(0.0);
        let hi = self.max.unwrap_or(1.0);
        if lo > hi + 1e-9 {
            return None;
        }
        match issue.option_count() {
            None => Some(x.clamp(lo, hi)),
            Some(n) => {
                let step = 1.0 / (n - 1) as f64;
                (0..n)
                    .map(|k| k as f64 * step)
                    .filter(|&v| self.allows(issue, v))
                    .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
            }
        }
    }

    /// Human text for what the constraint demands, in the issue's own units.
    pub fn describe(&self, issue: &Issue) -> String {
        // On a choice issue that leaves one option, name it: "frozen" rather than "at least
        // frozen".
        if let IssueKind::Options(opts) = &issue.kind {
            let n = opts.len();
            let mut allowed = (0..n).filter(|&k| self.allows(issue, k as f64 / (n - 1) as f64));
            if let (Some(only), None) = (allowed.next(), allowed.next()) {
                return format!("{}: {}", issue.label, words(&opts[only]));
            }
        }
        let mut parts = Vec::new();
        if let Some(lo) = self.min {
            parts.push(format!("at least {}", words(&issue.display(lo))));
        }
        if let Some(hi) = self.max {
            parts.push(format!("at most {}", words(&issue.display(hi))));
        }
        if let IssueKind::Options(opts) = &issue.kind
            && !self.forbid.is_empty()
        {
            let names: Vec<String> = self.forbid.iter().map(|&k| words(&opts[k])).collect();
            parts.push(format!("not {}", names.join(" or ")));
        }
        format!("{}: {}", issue.label, parts.join(", "))
    }
}

/// An option's id as words for people (`root_causes_settled` -> `root causes settled`): the
/// descriptions of red lines and conditions are read, not typed.
fn words(option: &str) -> String {
    option.replace('_', " ")
}

/// A value a party never accepts, at any price (a veto).
#[derive(Debug, Clone)]
pub struct RedLine {
    /// What it rules out.
    pub constraint: Constraint,
}

/// A value a party insists on, at a price, that it drops once its outlook weakens enough.
#[derive(Debug, Clone)]
pub struct Condition {
    /// What it demands.
    pub constraint: Constraint,
    /// Utility lost on a deal that leaves the condition unmet.
    pub penalty: Uncertain,
    /// The condition is dropped once the walk-away value falls below this.
    pub waive_below: Uncertain,
}

/// The fighting under the talks.
#[derive(Debug, Clone)]
pub struct Battlefield {
    /// Momentum > 0 favours `sides[0]`.
    pub sides: [usize; 2],
    /// Momentum when the talks open, on [-1, 1].
    pub momentum: Uncertain,
    /// Change of momentum per round.
    pub drift: Uncertain,
    /// Standard deviation of the change per round.
    pub volatility: Uncertain,
}

/// An inject: something that may happen during the talks and moves the numbers.
#[derive(Debug, Clone)]
pub struct Event {
    /// Short id.
    pub id: String,
    /// What happens, for people.
    pub label: String,
    /// Chance per round (or, with `at_round`, the chance that the scheduled inject happens).
    pub probability: Uncertain,
    /// The round (1-based) at which the inject is due.
    pub at_round: Option<u32>,
    /// Whether it can happen only once.
    pub once: bool,
    /// What it moves.
    pub effects: Vec<Effect>,
}

/// One number an inject moves, and how.
#[derive(Debug, Clone, Copy)]
pub struct Effect {
    /// The number the inject moves: one of those [`Param::moves_in_talks`] admits.
    pub target: Param,
    /// How it moves it.
    pub op: EffectOp,
}

/// How an inject moves a number.
#[derive(Debug, Clone, Copy)]
pub enum EffectOp {
    /// Adds to it (then clamps into its range).
    Add(f64),
    /// Sets it.
    Set(f64),
}

/// A number of a scenario, by position (indices into the validated scenario): what a sweep
/// pins, a sensitivity analysis varies, an inject moves, and later a calibration reweights.
/// [`crate::param`] parses paths into it (`parties.russia.reservation`), names it, reads and
/// pins it; the vocabulary of its paths is here, so the loader and the addresser share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    /// `battlefield.momentum`: momentum when the talks open.
    Momentum,
    /// `battlefield.drift`: the front's drift per round.
    Drift,
    /// `battlefield.volatility`: the front's noise per round.
    Volatility,
    /// `parties.<id>.<key>`.
    Party {
        /// The party.
        party: usize,
        /// Which of its numbers.
        key: PartyKey,
    },
    /// `parties.<id>.positions.<issue>.weight`.
    Weight {
        /// The party.
        party: usize,
        /// The issue.
        issue: usize,
    },
    /// `parties.<id>.conditions.<issue>.penalty` (`<issue>#2` for a second condition on it).
    Penalty {
        /// The party.
        party: usize,
        /// Which of its conditions.
        condition: usize,
    },
    /// `parties.<id>.conditions.<issue>.waive_below`.
    WaiveBelow {
        /// The party.
        party: usize,
        /// Which of its conditions.
        condition: usize,
    },
    /// `events.<id>.probability`.
    EventProbability(usize),
    /// `truce.frontline_km`.
    FrontlineKm,
    /// `truce.violation_rate`.
    ViolationRate,
    /// `truce.detection.<option>`: a plain probability, not an uncertain number.
    Detection(usize),
}

/// A key of a party that holds one uncertain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyKey {
    /// `leverage`.
    Leverage,
    /// `trust`.
    Trust,
    /// `reservation`.
    Reservation,
    /// `momentum_sensitivity`.
    MomentumSensitivity,
    /// `strategy.beta`: the concession exponent.
    Beta,
    /// `delay_cost`: utility lost per week of talks without a deal.
    DelayCost,
    /// `one_off_gain`: the share of the gain from a pause that its first term uses up.
    OneOffGain,
}

impl PartyKey {
    /// The keys drawn after everything else (added in truce 0.2; drawing them last keeps every
    /// earlier draw of a scenario written before them).
    pub const LATE: [PartyKey; 2] = [PartyKey::DelayCost, PartyKey::OneOffGain];

    /// The keys drawn with the party, in the order the engine draws them.
    pub const ALL: [PartyKey; 5] = [
        PartyKey::Leverage,
        PartyKey::Trust,
        PartyKey::Reservation,
        PartyKey::MomentumSensitivity,
        PartyKey::Beta,
    ];

    /// The key as paths write it (`strategy.beta` for the concession exponent).
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKey::Leverage => "leverage",
            PartyKey::Trust => "trust",
            PartyKey::Reservation => "reservation",
            PartyKey::MomentumSensitivity => "momentum_sensitivity",
            PartyKey::Beta => "strategy.beta",
            PartyKey::DelayCost => "delay_cost",
            PartyKey::OneOffGain => "one_off_gain",
        }
    }
}

impl Param {
    /// The numbers of `[battlefield]`, by key.
    pub const BATTLEFIELD: [(&'static str, Param); 3] = [
        ("momentum", Param::Momentum),
        ("drift", Param::Drift),
        ("volatility", Param::Volatility),
    ];

    /// Whether an inject may move this number during the talks: the battlefield's momentum
    /// and drift, and a party's leverage, trust, reservation and momentum sensitivity.
    pub fn moves_in_talks(&self) -> bool {
        matches!(
            self,
            Param::Momentum
                | Param::Drift
                | Param::Party {
                    key: PartyKey::Leverage
                        | PartyKey::Trust
                        | PartyKey::Reservation
                        | PartyKey::MomentumSensitivity,
                    ..
                }
        )
    }
}

/// How a signed pause is kept.
#[derive(Debug, Clone)]
pub struct Truce {
    /// The numeric issue (days) whose agreed value is the length of the pause.
    pub duration_issue: usize,
    /// The choice issue whose agreed option sets the detection probability, and that
    /// probability per option (in option order).
    pub verification: Option<Verification>,
    /// The issue whose agreed value lets the sides rearm during the pause (1: no rearming).
    pub rearm_issue: Option<usize>,
    /// Length of the front in km.
    pub frontline_km: Uncertain,
    /// Violations per km per day at zero trust.
    pub violation_rate: Uncertain,
    /// Detected violations that end the pause, when the scenario asks for that rule; without
    /// it ending the pause is the parties' decision alone.
    pub collapse_after: Option<u32>,
    /// Whether a pause can be renewed at the end of its term.
    pub renewable: bool,
}

/// Which issue's agreed option sets the chance that monitors see a violation.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The choice issue.
    pub issue: usize,
    /// Detection probability per option, in option order.
    pub detection: Vec<f64>,
}

/// A number that is either fixed or drawn afresh for each run, always inside its key's range.
#[derive(Debug, Clone)]
pub struct Uncertain {
    /// Its distribution.
    pub dist: Dist,
    /// The key's allowed range; draws are clamped into it.
    pub lo: f64,
    /// The top of the key's allowed range.
    pub hi: f64,
}

/// A distribution of an uncertain number.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Always this value.
    Fixed(f64),
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// Triangular on `[min, max]` with its peak at `mode`.
    Triangular {
        /// Lowest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Highest value.
        max: f64,
        /// The sampler.
        d: Triangular<f64>,
    },
    /// Normal, clamped into the key's range.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// The sampler.
        d: Normal<f64>,
    },
    /// Beta on [0, 1].
    Beta {
        /// First shape parameter.
        alpha: f64,
        /// Second shape parameter.
        beta: f64,
        /// The sampler.
        d: BetaDraw,
    },
}

impl Uncertain {
    /// A fixed number `v` in the range `[lo, hi]`.
    pub fn fixed(v: f64, lo: f64, hi: f64) -> Self {
        Uncertain {
            dist: Dist::Fixed(v),
            lo,
            hi,
        }
    }

    /// Whether the number is the same in every run.
    pub fn is_fixed(&self) -> bool {
        matches!(self.dist, Dist::Fixed(_))
    }

    /// One draw, clamped to the key's range.
    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let v = match &self.dist {
            Dist::Fixed(v) => return *v,
            Dist::Uniform { min, max } => {
                let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                min + u * (max - min)
            }
            Dist::Triangular { d, .. } => d.sample(rng),
            Dist::Normal { d, .. } => d.sample(rng),
            Dist::Beta { d, .. } => d.sample(rng),
        };
        v.clamp(self.lo, self.hi)
    }

    /// The central value used for analysis at "the scenario's central values": the mean, clamped.
    pub fn central(&self) -> f64 {
        let v = match &self.dist {
            Dist::Fixed(v) => *v,
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Triangular { min, mode, max, .. } => (min + mode + max) / 3.0,
            Dist::Normal { mean, .. } => *mean,
            Dist::Beta { alpha, beta, .. } => alpha / (alpha + beta),
        };
        v.clamp(self.lo, self.hi)
    }

    /// Short human description: `0.65` or `uniform 0.5..0.8`.
    pub fn describe(&self) -> String {
        match &self.dist {
            Dist::Fixed(v) => format_number(*v),
            Dist::Uniform { min, max } => {
                format!("uniform {}..{}", format_number(*min), format_number(*max))
            }
            Dist::Triangular { min, mode, max, .. } => format!(
                "triangular {}..{}..{}",
                format_number(*min),
                format_number(*mode),
                format_number(*max)
            ),
            Dist::Normal { mean, sd, .. } => {
                format!("normal {} ± {}", format_number(*mean), format_number(*sd))
            }
            Dist::Beta { alpha, beta, .. } => {
                format!("beta({}, {})", format_number(*alpha), format_number(*beta))
            }
        }
    }
}

/// How a run ended. Serialised as `no_deal`, `walkout`, `collapsed`, `expired`, `held`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Talks reached `max_rounds` or the horizon without every required yes.
    NoDeal,
    /// A required party left because no text could beat its walk-away value.
    Walkout,
    /// A deal was signed, then ended by detected violations.
    Collapsed,
    /// The pause ran its length and was not renewed.
    Expired,
    /// The deal stood until the horizon (or no `[truce]` is simulated).
    Held,
}

impl fmt::Display for Outcome {
    /// The name as files write it (padding and width are honoured).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Outcome {
    /// Every outcome, in the order of `summary.json`.
    pub const ALL: [Outcome; 5] = [
        Outcome::NoDeal,
        Outcome::Walkout,
        Outcome::Collapsed,
        Outcome::Expired,
        Outcome::Held,
    ];

    /// The name as files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NoDeal => "no_deal",
            Outcome::Walkout => "walkout",
            Outcome::Collapsed => "collapsed",
            Outcome::Expired => "expired",
            Outcome::Held => "held",
        }
    }

    /// Its position in `ALL` (and in aggregate counts).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The outcome with this name.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Whether a deal was signed in this run.
    pub fn signed(self) -> bool {
        matches!(self, Outcome::Collapsed | Outcome::Expired | Outcome::Held)
    }
}

/// What really happened in a historical case (`[observed]`), to score forecasts against.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The date the scenario's information stops (`YYYY-MM-DD`, checked).
    pub as_of: String,
    /// What happened.
    pub outcome: Outcome,
    /// Days the signed pause was kept (only for signed outcomes).
    pub truce_days: Option<f64>,
    /// The day the pause was signed, counted from `as_of` (only for signed outcomes).
    pub agreement_day: Option<u32>,
    /// Where the facts come from.
    pub sources: Vec<String>,
    /// A note for readers.
    pub note: String,
}

#[cfg(test)]
mod number_tests {
    use super::{format_number, format_value};

    #[test]
    fn values_print_as_written() {
        assert_eq!(format_value(-1e308), "-1e308");
        assert_eq!(format_value(1e-300), "1e-300");
        assert_eq!(format_value(0.125), "0.125");
        assert_eq!(format_value(1500.0), "1500");
        assert_eq!(format_value(-0.001), "-0.001");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(f64::NAN), "NaN");
        assert_eq!(format_value(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn tidy_numbers_never_print_an_integer_limit() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(15.333), "15.33");
        assert_eq!(format_number(-1e308), "-1e308");
        assert_eq!(format_number(1e20), "1e20");
        assert_eq!(format_number(f64::INFINITY), "inf");
        assert!(!format_number(9.3e18).contains("9223372036854775807"));
    }
}
