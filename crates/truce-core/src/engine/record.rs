//! What one run leaves behind: the record the Monte Carlo aggregates and `runs.csv` lists.

pub use crate::model::Outcome;
use crate::model::Scenario;

/// What stopped the last text, for `no_deal` and `walkout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Blocker {
    /// The party that said no.
    pub party: usize,
    /// Why.
    pub kind: BlockKind,
}

/// Why a party said no to the last text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockKind {
    /// The text crossed the party's red line with this index.
    RedLine(usize),
    /// The text left the party's condition with this index unmet, and that cost sank it.
    Condition(usize),
    /// The text was worth less than the party's walk-away value.
    WalkAway,
    /// The text beat the walk-away value but not yet the party's concession target.
    Target,
}

impl Blocker {
    /// Stable label: `russia:red_line:2`, `ukraine:walk_away`.
    pub fn label(&self, scenario: &Scenario) -> String {
        let party = &scenario.parties[self.party].id;
        match self.kind {
            BlockKind::RedLine(k) => format!("{party}:red_line:{k}"),
            BlockKind::Condition(k) => format!("{party}:condition:{k}"),
            BlockKind::WalkAway => format!("{party}:walk_away"),
            BlockKind::Target => format!("{party}:target"),
        }
    }

    /// Human text: `Russia's red line on Western arms (at most "reduced")`.
    pub fn describe(&self, scenario: &Scenario) -> String {
        let p = &scenario.parties[self.party];
        match self.kind {
            BlockKind::RedLine(k) => {
                let c = &p.red_lines[k].constraint;
                format!(
                    "{}'s red line ({})",
                    p.name,
                    c.describe(&scenario.issues[c.issue])
                )
            }
            BlockKind::Condition(k) => {
                let c = &p.conditions[k].constraint;
                format!(
                    "{}'s condition ({})",
                    p.name,
                    c.describe(&scenario.issues[c.issue])
                )
            }
            BlockKind::WalkAway => format!("{}'s walk-away value", p.name),
            BlockKind::Target => format!("{}'s concession target", p.name),
        }
    }
}

/// One run's result. Buffers are sized for the scenario once and reused run after run, so
/// filling a record allocates nothing.
#[derive(Debug, Clone)]
pub struct Record {
    /// The run's index.
    pub run: u64,
    /// How it ended.
    pub outcome: Outcome,
    /// Round of agreement (1-based), if a deal was signed.
    pub agreement_round: Option<u32>,
    /// Rounds of talks played: the round of agreement, of the walkout, or the last round.
    pub rounds: u32,
    /// Day of agreement since the start of talks, if a deal was signed.
    pub agreement_day: Option<u32>,
    /// Agreed value of each issue on [0, 1]; meaningful only when a deal was signed.
    pub terms: Vec<f64>,
    /// Each party's utility of the agreed text (before trust discounts, clamped to [0, 1]);
    /// meaningful only when a deal was signed.
    pub utilities: Vec<f64>,
    /// Days the pause was kept (0 without a deal).
    pub truce_days: u32,
    /// Violations of the pause.
    pub violations: u32,
    /// Violations detected (verified or contested).
    pub detected: u32,
    /// Times the pause was renewed.
    pub renewals: u32,
    /// What stopped the last text, for runs without a deal.
    pub blocker: Option<Blocker>,
    /// Euclidean distance from the deal to the Nash bargaining point, in the two sides' utility
    /// plane at the scenario's central values (see [`super::analysis::Analysis::point`]).
    pub nash_distance: Option<f64>,
    /// Whether the deal lies on the Pareto frontier (within tolerance).
    pub pareto_efficient: Option<bool>,
    /// The deal in the analysis plane: the two sides' utilities at the scenario's central
    /// values (see [`super::analysis::Analysis::point`]).
    pub analysis_point: Option<(f64, f64)>,
    /// Battlefield momentum at each timeline point (see [`Record::timeline_step_days`]).
    pub momentum: Vec<f64>,
    /// Mean trust of the required parties at each timeline point.
    pub trust: Vec<f64>,
}

impl Record {
    /// A record sized for `scenario`, before any run.
    pub fn new(scenario: &Scenario) -> Record {
        let points = Record::timeline_len(scenario);
        Record {
            run: 0,
            outcome: Outcome::NoDeal,
            agreement_round: None,
            rounds: 0,
            agreement_day: None,
            terms: vec![0.0; scenario.issues.len()],
            utilities: vec![0.0; scenario.parties.len()],
            truce_days: 0,
            violations: 0,
            detected: 0,
            renewals: 0,
            blocker: None,
            nash_distance: None,
            pareto_efficient: None,
            analysis_point: None,
            momentum: vec![0.0; points],
            trust: vec![0.0; points],
        }
    }

    /// Days between timeline points: one round of talks.
    pub fn timeline_step_days(scenario: &Scenario) -> u32 {
        scenario.days_per_round
    }

    /// Timeline points from day 0 to the horizon, inclusive.
    pub fn timeline_len(scenario: &Scenario) -> usize {
        (scenario.horizon_days / scenario.days_per_round) as usize + 1
    }
}
