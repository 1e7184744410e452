//! The summary of a Monte Carlo job: the content of `summary.json`.
//!
//! Charts, the HTML report and the terminal table are drawn from a [`Summary`] alone, never by
//! re-running the model, so everything they show must be here. A summary is computed from the
//! integer aggregate of [`crate::stats`] by [`Summary::from_aggregate`]; because the aggregate
//! is exactly mergeable, the same scenario, seed and runs give a byte-identical summary whatever
//! the thread count, and `truce merge` of the shards of a run gives the summary of the whole run.
//! It therefore holds no timestamps and no timings.
//!
//! Resolution of the statistics (they come from fixed-bin histograms, not from stored runs):
//! - days (time to agreement, truce days, survival): exact, 1-day bins from 0 to the horizon;
//! - agreed values of numeric issues: 1000 bins across the issue's range (quantiles are bin
//!   midpoints, so within 0.05 % of the range);
//! - utilities: 1000 bins on [0, 1] (values outside are clamped into it); means are exact to 1e-9;
//! - momentum: 201 bins on [-1, 1] (0 is a bin centre); trust means are exact to 1e-9;
//! - the utility space: 40 x 40 bins on [0, 1]^2.
//!
//! The format may grow new fields (additively); [`SUMMARY_FORMAT`] changes only if a field
//! changes meaning or disappears.

use serde::{Deserialize, Serialize};

use crate::engine::Analysis;
use crate::engine::Outcome;
use crate::engine::utility::opening_walk_away;
use crate::model::{IssueKind, ProtocolName, Role, Scenario, format_number};
use crate::stats::histogram::{coarsen, quantile, quantile_bin};
use crate::stats::survival::kaplan_meier;
use crate::stats::wilson::{Z95, wilson};
use crate::stats::{
    self, Aggregate, MOMENTUM_BINS, PauseEnd, SPACE_BINS, TRUST_BINS, UTILITY_BINS, fixed_mean,
};

/// Version of the `summary.json` layout (see the module docs for the compatibility rule).
pub const SUMMARY_FORMAT: u32 = 1;

/// Everything a reader of `summary.json` gets. Field order is the order in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// [`SUMMARY_FORMAT`] of the program that wrote the file.
    pub format: u32,
    /// `truce` version that wrote the file (`CARGO_PKG_VERSION`).
    pub program_version: String,
    /// Which scenario.
    pub scenario: ScenarioInfo,
    /// The seed of the runs.
    pub seed: u64,
    /// Runs counted in this summary.
    pub runs: u64,
    /// Present only in the summary of one shard (`truce run --shard K/N`); a merged or whole
    /// run has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardInfo>,
    /// One entry per outcome, always all five, in the order `no_deal, walkout, collapsed,
    /// expired, held`.
    pub outcomes: Vec<OutcomeShare>,
    /// Runs in which a deal was signed (`collapsed + expired + held`).
    pub deals: u64,
    /// What really happened, when the scenario has an `[observed]` table (absent otherwise):
    /// shown beside the forecast, never read by the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<ObservedSummary>,
    /// Day of signing, counted from the start of talks, over the runs with a deal.
    pub time_to_agreement: DaysDistribution,
    /// Days the pause was kept, over the runs with a deal.
    pub truce_days: DaysDistribution,
    /// How long signed pauses survived violations.
    pub survival: Survival,
    /// How the signed pauses ended; `None` without `[truce]` (or from a file written before
    /// it was added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_ends: Option<PauseEnds>,
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueSummary>,
    /// One entry per party, in scenario order.
    pub parties: Vec<PartySummary>,
    /// What blocked the last text of the runs without a deal, most frequent first (ties by
    /// label). Only blockers seen at least once are listed.
    pub blockers: Vec<BlockerShare>,
    /// Momentum and trust over time.
    pub timeline: Timeline,
    /// How good the deals were as bargains.
    pub deal_quality: DealQuality,
    /// Bargaining geometry at the central values; `None` when it cannot be computed.
    pub analysis: Option<AnalysisSummary>,
    /// The deals in the two sides' utility space.
    pub utility_space: UtilitySpace,
}

/// Which scenario produced the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// Title.
    pub name: String,
    /// A paragraph for briefings.
    pub description: String,
    /// Where the positions come from.
    pub sources: Vec<String>,
    /// Hex SHA-256 of the scenario file's bytes.
    pub file_hash: String,
    /// How the talks ran: a registered protocol (`mediated`, `alternating`).
    pub protocol: ProtocolName,
    /// Rounds of talks before they break down.
    pub max_rounds: u32,
    /// Calendar days one round takes.
    pub days_per_round: u32,
    /// Days simulated from the start of talks.
    pub horizon_days: u32,
    /// The signed pause's rules when the scenario has `[truce]` (signed pauses are then played
    /// out); `None` without one (every deal then holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truce: Option<TruceInfo>,
}

/// What a summary needs of the scenario's `[truce]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruceInfo {
    /// Detected violations that end a pause, where the scenario sets a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapse_after: Option<u32>,
    /// Whether the parties may renew a pause at the end of its term.
    pub renewable: bool,
}

/// How the signed pauses ended (see [`crate::stats::PauseEnd`]): runs per way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PauseEnds {
    /// Collapsed when the detected violations reached `collapse_after`.
    pub violation_limit: u64,
    /// Collapsed earlier: a side abandoned the pause.
    pub abandoned: u64,
    /// Expired: the term ran out and the pause was not renewed.
    pub lapsed: u64,
    /// Held to the horizon.
    pub held: u64,
}

/// What really happened (the scenario's `[observed]` table), beside the forecast's share of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservedSummary {
    /// The date the scenario's information stops (`YYYY-MM-DD`).
    pub as_of: String,
    /// The outcome that happened within the horizon.
    pub outcome: Outcome,
    /// Days the real pause was kept (signed outcomes only, when the file says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truce_days: Option<f64>,
    /// Where the outcome is documented.
    pub sources: Vec<String>,
    /// How the events map onto the outcomes, where that is a judgement.
    pub note: String,
    /// The forecast's share of that outcome (the runs that ended so).
    pub forecast_share: f64,
}

/// The slice of run indices one shard covered: runs `first_run..end_run` (end exclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// 1-based shard number.
    pub k: u64,
    /// How many slices.
    pub n: u64,
    /// Runs of the whole job the shard is a slice of.
    pub total_runs: u64,
    /// First run index of the slice.
    pub first_run: u64,
    /// One past the last run index.
    pub end_run: u64,
}

/// One outcome's count and share of the runs, with its Wilson score 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeShare {
    /// `no_deal`, `walkout`, `collapsed`, `expired` or `held`.
    pub outcome: Outcome,
    /// Runs that ended so.
    pub count: u64,
    /// Their share of all runs.
    pub share: f64,
    /// Lower end of the Wilson score 95% interval of the share.
    pub low: f64,
    /// Upper end of the Wilson score 95% interval of the share.
    pub high: f64,
}

/// Whether an issue is a number in a range or a choice among options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueType {
    /// A number in `[min, max]` of its unit.
    Numeric,
    /// An ordered choice among named options.
    Options,
}

/// Quantiles at 10, 25, 50, 75 and 90 %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    /// 10th percentile.
    pub p10: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// A distribution of whole days: a chart-ready histogram and exact quantiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DaysDistribution {
    /// Runs the distribution is over.
    pub count: u64,
    /// Mean in days; `None` when `count` is 0.
    pub mean: Option<f64>,
    /// Quantiles in whole days (the smallest day with at least that share of runs at or below
    /// it); `None` when `count` is 0.
    pub quantiles: Option<Quantiles>,
    /// Width of one histogram bin in days: bin `k` covers days `[k * bin_days, (k+1) * bin_days)`.
    pub bin_days: u32,
    /// Runs per bin, from day 0 up to the horizon.
    pub counts: Vec<u64>,
}

/// Kaplan-Meier survival of signed pauses against collapse.
///
/// Time is days since signing. The event is a collapse (detected violations ended the pause) at
/// its `truce_days`. A pause that `expired` (ended by non-renewal) or `held` to the horizon is
/// *censored* at its `truce_days`: it was not broken by violations while observed, and after that
/// it was no longer at risk. The curve therefore answers "of pauses still in force, what share
/// survives violations for this many days", which is what a mediator designing verification
/// asks; the plain ends by expiry are kept in `expired` so a reader can also see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survival {
    /// Runs with a signed deal (the population at day 0).
    pub signed: u64,
    /// Signed pauses that collapsed.
    pub collapsed: u64,
    /// Signed pauses that expired.
    pub expired: u64,
    /// Signed pauses that held to the horizon.
    pub held: u64,
    /// The step function: the first point is day 0 at share 1; then one point per day on which
    /// a collapse or censoring happened. Share holds from its day until the next point's day.
    pub curve: Vec<SurvivalPoint>,
}

/// One step of the Kaplan-Meier curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvivalPoint {
    /// Days since signing.
    pub day: u32,
    /// Pauses still at risk just before this day.
    pub at_risk: u64,
    /// Collapses on this day.
    pub collapsed: u64,
    /// Pauses censored on this day (expired or held).
    pub censored: u64,
    /// Kaplan-Meier estimate of the share still holding after this day.
    pub share: f64,
}

/// Distribution of the agreed value of one issue over the runs with a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueSummary {
    /// The issue's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Empty for option issues.
    pub unit: String,
    /// `numeric` or `options`.
    pub kind: IssueType,
    /// `[min, max]` in units for numeric issues; `[0, n-1]` (option indices) for option issues.
    pub range: [f64; 2],
    /// The option names, in order (empty for numeric issues).
    pub options: Vec<String>,
    /// Each party's ideal value, for the parties that state a position on this issue.
    pub ideals: Vec<PartyIdeal>,
    /// Runs with a deal (the population of the distribution).
    pub count: u64,
    /// Numeric issues: histogram across the range. `None` for option issues.
    pub bins: Option<ValueBins>,
    /// Numeric issues: quantiles in units. `None` for option issues or when no deal was signed.
    pub quantiles: Option<Quantiles>,
    /// Option issues: how often each option was agreed, in option order. Empty otherwise.
    pub option_counts: Vec<OptionCount>,
    /// The typical agreed value as text (`"30 days"`, `"joint"`): median for numeric issues,
    /// the most frequent option otherwise; `None` when no deal was signed.
    pub typical: Option<String>,
}

/// A party's ideal on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyIdeal {
    /// The party's id.
    pub party: String,
    /// In the issue's units (option index for option issues).
    pub value: f64,
    /// Human text: `"14 days"`, `"joint"`.
    pub display: String,
    /// Normalised weight of the issue for this party at the central values.
    pub weight: f64,
}

/// Equal-width bins across a numeric issue's range, in units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueBins {
    /// The range's start, in units.
    pub min: f64,
    /// The range's end, in units.
    pub max: f64,
    /// Runs per bin; bin `k` covers `[min + k*w, min + (k+1)*w)` with `w = (max-min)/len`
    /// (the last bin includes `max`).
    pub counts: Vec<u64>,
}

/// How often one option was agreed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    /// The option.
    pub option: String,
    /// Runs with a deal that agreed it.
    pub count: u64,
    /// Share of the runs with a deal (0 when there was none).
    pub share: f64,
}

/// One party's walk-away value and how good the deals were for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartySummary {
    /// The party's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `belligerent`, `mediator` or `backer`.
    pub role: Role,
    /// Whether a deal needs its yes.
    pub must_agree: bool,
    /// Walk-away value as the talks open, at the central values: the reservation moved by the
    /// starting momentum in the party's favour (`reservation + momentum_sensitivity x
    /// momentum`; see `engine::utility::opening_walk_away`). The disagreement point of
    /// `analysis` holds the same numbers.
    pub walk_away: f64,
    /// The reservation utility at its central value: the walk-away value before the
    /// battlefield moves it.
    #[serde(default)]
    pub reservation: f64,
    /// Utility of the agreed text over the runs with a deal; `None` when there was none.
    pub utility: Option<UtilityStats>,
}

/// Quantiles and mean of a party's utility of the deals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UtilityStats {
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
}

/// One blocker of the last text (a party and its red line, condition, walk-away or target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockerShare {
    /// Stable label (`Blocker::label`): `russia:red_line:2`.
    pub label: String,
    /// The blocking party's id.
    pub party: String,
    /// Human text (`Blocker::describe`).
    pub description: String,
    /// Runs it blocked.
    pub count: u64,
    /// Share of all runs.
    pub share: f64,
    /// Share of the runs without a deal (`no_deal` + `walkout`).
    pub share_of_failures: f64,
}

/// Momentum and trust over time across all runs, for a fan chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Days between points (one round of talks).
    pub step_days: u32,
    /// Party ids of the battlefield sides: momentum > 0 favours the first. `None` when the
    /// scenario has no battlefield (momentum then stays 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sides: Option<[String; 2]>,
    /// Point `i` is day `i * step_days`, from day 0 to the horizon.
    pub points: Vec<TimelinePoint>,
}

/// One point of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// Day since the start of talks.
    pub day: u32,
    /// Quantile bands of battlefield momentum (> 0 favours the first side).
    pub momentum: Quantiles,
    /// Mean over runs of the required parties' mean trust.
    pub trust_mean: f64,
    /// Quantile bands over runs of the required parties' mean trust (resolution 0.01); `None`
    /// in files written before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<Quantiles>,
}

/// How good the deals were as bargains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealQuality {
    /// Deals for which the engine measured the distance to the Nash point.
    pub nash_measured: u64,
    /// Mean Euclidean distance in the sides' utility space from a deal to the Nash point.
    pub nash_distance_mean: Option<f64>,
    /// Deals for which the engine judged Pareto efficiency.
    pub pareto_measured: u64,
    /// Share of those deals on the Pareto frontier.
    pub pareto_efficient_share: Option<f64>,
}

/// Pareto frontier, Nash point and disagreement point of the two sides at the central values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisSummary {
    /// Party ids: x axis, y axis.
    pub sides: [String; 2],
    /// Frontier points `[u_x, u_y]`, sorted by `u_x`.
    pub frontier: Vec<[f64; 2]>,
    /// Utilities at the Nash bargaining point `[u_x, u_y]`.
    pub nash: [f64; 2],
    /// The Nash text per issue, as `Issue::csv_value` (units or option name).
    pub nash_terms: Vec<String>,
    /// The sides' walk-away values as the talks open `[x, y]`.
    pub disagreement: [f64; 2],
}

/// 2-D histogram of the two sides' utilities in the deals, for the "utility space" chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UtilitySpace {
    /// Party ids on the x and y axes; `None` when the scenario has fewer than two parties to
    /// plot (never for a valid scenario).
    pub sides: Option<[String; 2]>,
    /// Bins per axis over [0, 1].
    pub bins: usize,
    /// `counts[y][x]`: deals with the y side's utility in bin `y` and the x side's in bin `x`.
    pub counts: Vec<Vec<u64>>,
}

/// Histogram bins of agreed numeric values shown in the summary (coarsened from
/// [`stats::VALUE_BINS`]).
pub const SUMMARY_VALUE_BINS: usize = 20;
/// At most this many bins in a days histogram of the summary.
const MAX_DAY_BINS: u32 = 60;

/// The facts about a scenario that a summary needs besides the aggregate: names, labels, units,
/// ideals, blocker descriptions, the bargaining analysis.
///
/// It is serialisable so that the output folder of a shard can carry it (in `aggregate.json`):
/// `truce merge` then builds the summary of the whole run from the shards alone, without the
/// scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioDigest {
    /// Which scenario.
    pub scenario: ScenarioInfo,
    /// Its issues.
    pub issues: Vec<IssueInfo>,
    /// Its parties.
    pub parties: Vec<PartyInfo>,
    /// In the order of [`stats::blocker_catalog`] (and of `Aggregate::blockers`).
    pub blockers: Vec<BlockerInfo>,
    /// Days between timeline points.
    pub timeline_step_days: u32,
    /// The bargaining analysis, if one was computed.
    pub analysis: Option<AnalysisSummary>,
    /// Party ids on the axes of the utility space (`Aggregate::sides`).
    pub utility_sides: Option<[String; 2]>,
    /// Party ids of the battlefield sides (momentum > 0 favours the first).
    #[serde(default)]
    pub battlefield_sides: Option<[String; 2]>,
    /// The scenario's `[observed]` table, if it has one (`forecast_share` is filled in by
    /// [`Summary::from_aggregate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<ObservedSummary>,
}

/// What a summary needs of one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueInfo {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit (empty for option issues).
    pub unit: String,
    /// Numeric or options.
    pub kind: IssueType,
    /// As in [`IssueSummary::range`].
    pub range: [f64; 2],
    /// Option names (empty for numeric issues).
    pub options: Vec<String>,
    /// The parties' ideals.
    pub ideals: Vec<PartyIdeal>,
}

impl IssueInfo {
    /// Human text of a value in units: `"30 days"`, `"joint"` (same as `Issue::display`).
    fn display_units(&self, v: f64) -> String {
        if self.kind == IssueType::Options {
            let k = (v.round().max(0.0) as usize).min(self.options.len().saturating_sub(1));
            return self.options.get(k).cloned().unwrap_or_default();
        }
        let num = format_number(v);
        if self.unit.is_empty() {
            num
        } else {
            format!("{num} {}", self.unit)
        }
    }
}

/// What a summary needs of one party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether a deal needs its yes.
    pub must_agree: bool,
    /// As [`PartySummary::walk_away`].
    pub walk_away: f64,
    /// As [`PartySummary::reservation`].
    #[serde(default)]
    pub reservation: f64,
}

/// What a summary needs of one blocker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockerInfo {
    /// Stable label (`russia:red_line:2`).
    pub label: String,
    /// The party's id.
    pub party: String,
    /// Human text.
    pub description: String,
}

impl ScenarioDigest {
    /// The digest of a validated scenario, with its analysis if one could be computed.
    pub fn new(s: &Scenario, analysis: Option<&Analysis>) -> ScenarioDigest {
        let party_id = |p: usize| s.parties.get(p).map(|p| p.id.clone()).unwrap_or_default();
        let issues = s
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let (kind, range, options) = match &issue.kind {
                    IssueKind::Numeric { min, max, .. } => {
                        (IssueType::Numeric, [*min, *max], vec![])
                    }
                    IssueKind::Options(o) => {
                        (IssueType::Options, [0.0, (o.len() - 1) as f64], o.clone())
                    }
                };
                let ideals = s
                    .parties
                    .iter()
                    .filter_map(|p| {
                        let pos = p.positions.get(i).filter(|pos| pos.stated)?;
                        let total: f64 = p.positions.iter().map(|q| q.weight.central()).sum();
                        let weight = if total > 0.0 {
                            pos.weight.central() / total
                        } else {
                            0.0
                        };
                        Some(PartyIdeal {
                            party: p.id.clone(),
                            value: issue.to_units(pos.ideal),
                            display: issue.display(pos.ideal),
                            weight,
                        })
                    })
                    .collect();
                IssueInfo {
                    id: issue.id.clone(),
                    label: issue.label.clone(),
                    unit: issue.unit().to_string(),
                    kind,
                    range,
                    options,
                    ideals,
                }
            })
            .collect();
        let parties = s
            .parties
            .iter()
            .enumerate()
            .map(|(k, p)| PartyInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role,
                must_agree: p.must_agree,
                walk_away: opening_walk_away(s, k),
                reservation: p.reservation.central(),
            })
            .collect();
        let blockers = stats::blocker_catalog(s)
            .into_iter()
            .map(|b| BlockerInfo {
                label: b.label(s),
                party: party_id(b.party),
                description: b.describe(s),
            })
            .collect();
        let analysis = analysis.map(|a| AnalysisSummary {
            sides: [party_id(a.sides[0]), party_id(a.sides[1])],
            frontier: a.frontier.iter().map(|&(x, y)| [x, y]).collect(),
            nash: [a.nash.0, a.nash.1],
            nash_terms: s
                .issues
                .iter()
                .zip(&a.nash_terms)
                .map(|(i, &x)| i.csv_value(x))
                .collect(),
            disagreement: [a.disagreement.0, a.disagreement.1],
        });
        ScenarioDigest {
            scenario: ScenarioInfo {
                name: s.name.clone(),
                description: s.description.clone(),
                sources: s.sources.clone(),
                file_hash: s.file_hash.clone(),
                protocol: s.protocol,
                max_rounds: s.max_rounds,
                days_per_round: s.days_per_round,
                horizon_days: s.horizon_days,
                truce: s.truce.as_ref().map(|t| TruceInfo {
                    collapse_after: t.collapse_after,
                    renewable: t.renewable,
                }),
            },
            issues,
            parties,
            blockers,
            timeline_step_days: crate::engine::Record::timeline_step_days(s),
            analysis,
            utility_sides: stats::utility_sides(s).map(|[x, y]| [party_id(x), party_id(y)]),
            battlefield_sides: s
                .battlefield
                .as_ref()
                .map(|b| [party_id(b.sides[0]), party_id(b.sides[1])]),
            observed: s.observed.as_ref().map(|o| ObservedSummary {
                as_of: o.as_of.clone(),
                outcome: o.outcome,
                truce_days: o.truce_days,
                sources: o.sources.clone(),
                note: o.note.clone(),
                forecast_share: 0.0,
            }),
        }
    }
}

/// `count / n`, 0 when `n` is 0 (so no NaN ever reaches the JSON, where it would become null).
fn share(count: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { count as f64 / n as f64 }
}

/// Quantiles at 10..90 % of a histogram on `[lo, hi]` (bin midpoints), mapped by `to`.
fn quantiles(counts: &[u64], lo: f64, hi: f64, to: impl Fn(f64) -> f64) -> Option<Quantiles> {
    let q = |p| quantile(counts, lo, hi, p).map(&to);
    Some(Quantiles {
        p10: q(0.10)?,
        p25: q(0.25)?,
        p50: q(0.50)?,
        p75: q(0.75)?,
        p90: q(0.90)?,
    })
}

/// Quantiles of a 1-day histogram, in whole days.
fn day_quantiles(counts: &[u64]) -> Option<Quantiles> {
    let q = |p| quantile_bin(counts, p).map(|d| d as f64);
    Some(Quantiles {
        p10: q(0.10)?,
        p25: q(0.25)?,
        p50: q(0.50)?,
        p75: q(0.75)?,
        p90: q(0.90)?,
    })
}

/// The chart bin width for a days histogram: the smallest of a few calendar-friendly widths
/// (multiples of `unit`, e.g. one round) that keeps at most [`MAX_DAY_BINS`] bins.
fn day_bin_width(days: usize, unit: u32) -> u32 {
    let unit = unit.max(1);
    [1u32, 2, 4, 5, 10, 13, 26, 52, 104, 365]
        .iter()
        .map(|k| k * unit)
        .find(|w| (days as u32).div_ceil(*w) <= MAX_DAY_BINS)
        .unwrap_or(days as u32)
        .max(1)
}

fn days_distribution(counts: &[u64], sum: u64, unit: u32) -> DaysDistribution {
    let count: u64 = counts.iter().sum();
    let bin_days = day_bin_width(counts.len(), unit);
    DaysDistribution {
        count,
        mean: (count > 0).then(|| sum as f64 / count as f64),
        quantiles: day_quantiles(counts),
        bin_days,
        counts: coarsen(counts, bin_days as usize),
    }
}

impl Summary {
    /// The summary of `agg`, runs of the scenario `digest` describes under `seed`. A pure
    /// function of integers (plus the digest), so equal aggregates give equal summaries.
    pub fn from_aggregate(digest: &ScenarioDigest, seed: u64, agg: &Aggregate) -> Summary {
        let runs = agg.runs;
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| {
                let count = agg.outcomes[o.index()];
                let (low, high) = wilson(count, runs, Z95);
                OutcomeShare {
                    outcome: *o,
                    count,
                    share: share(count, runs),
                    low,
                    high,
                }
            })
            .collect();
        let deals = agg.deals();
        let failures =
            agg.outcomes[Outcome::NoDeal.index()] + agg.outcomes[Outcome::Walkout.index()];

        let steps = kaplan_meier(&agg.collapse_day, &agg.censor_day);
        let signed = agg.collapse_day.iter().sum::<u64>() + agg.censor_day.iter().sum::<u64>();
        let mut curve = vec![SurvivalPoint {
            day: 0,
            at_risk: signed,
            collapsed: 0,
            censored: 0,
            share: 1.0,
        }];
        curve.extend(steps.iter().map(|s| SurvivalPoint {
            day: s.day,
            at_risk: s.at_risk,
            collapsed: s.events,
            censored: s.censored,
            share: s.share,
        }));
        let survival = Survival {
            signed,
            collapsed: agg.outcomes[Outcome::Collapsed.index()],
            expired: agg.outcomes[Outcome::Expired.index()],
            held: agg.outcomes[Outcome::Held.index()],
            curve,
        };

        let issues = digest
            .issues
            .iter()
            .zip(&agg.issue_values)
            .map(|(info, counts)| issue_summary(info, counts))
            .collect();

        let parties = digest
            .parties
            .iter()
            .zip(agg.utility.iter().zip(&agg.utility_sum))
            .map(|(p, (counts, &sum))| {
                let n: u64 = counts.iter().sum();
                let q = |p| quantile(counts, 0.0, 1.0, p);
                let utility = (|| {
                    Some(UtilityStats {
                        p5: q(0.05)?,
                        p25: q(0.25)?,
                        p50: q(0.50)?,
                        p75: q(0.75)?,
                        p95: q(0.95)?,
                        mean: fixed_mean(sum, n)?,
                    })
                })();
                PartySummary {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    role: p.role,
                    must_agree: p.must_agree,
                    walk_away: p.walk_away,
                    reservation: p.reservation,
                    utility,
                }
            })
            .collect();
        debug_assert_eq!(
            UTILITY_BINS,
            agg.utility.first().map_or(UTILITY_BINS, Vec::len)
        );

        let mut blockers: Vec<BlockerShare> = digest
            .blockers
            .iter()
            .zip(&agg.blockers)
            .filter(|(_, c)| **c > 0)
            .map(|(b, &count)| BlockerShare {
                label: b.label.clone(),
                party: b.party.clone(),
                description: b.description.clone(),
                count,
                share: share(count, runs),
                share_of_failures: share(count, failures),
            })
            .collect();
        blockers.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));

        let step = digest.timeline_step_days;
        let points = agg
            .trust_sum
            .iter()
            .enumerate()
            .map(|(p, &trust)| {
                let counts = agg
                    .momentum
                    .get(p * MOMENTUM_BINS..(p + 1) * MOMENTUM_BINS)
                    .unwrap_or(&[]);
                let zero = Quantiles {
                    p10: 0.0,
                    p25: 0.0,
                    p50: 0.0,
                    p75: 0.0,
                    p90: 0.0,
                };
                let trust_counts = agg
                    .trust
                    .get(p * TRUST_BINS..(p + 1) * TRUST_BINS)
                    .unwrap_or(&[]);
                TimelinePoint {
                    day: p as u32 * step,
                    momentum: quantiles(counts, -1.0, 1.0, |x| x).unwrap_or(zero),
                    trust_mean: fixed_mean(trust, agg.timeline_runs.get(p).copied().unwrap_or(0))
                        .unwrap_or(0.0),
                    // Bin midpoints are 0, 0.01, ..., 1; rounded so no float noise shows.
                    trust: quantiles(trust_counts, -0.005, 1.005, |x| {
                        ((x * 100.0).round() / 100.0).clamp(0.0, 1.0)
                    }),
                }
            })
            .collect();

        let deal_quality = DealQuality {
            nash_measured: agg.nash_measured,
            nash_distance_mean: fixed_mean(agg.nash_distance_sum, agg.nash_measured),
            pareto_measured: agg.pareto_measured,
            pareto_efficient_share: (agg.pareto_measured > 0)
                .then(|| share(agg.pareto_efficient, agg.pareto_measured)),
        };

        let utility_space = UtilitySpace {
            sides: digest.utility_sides.clone(),
            bins: SPACE_BINS,
            counts: agg
                .utility_space
                .chunks(SPACE_BINS)
                .map(<[u64]>::to_vec)
                .collect(),
        };

        let unit = digest.scenario.days_per_round;
        Summary {
            format: SUMMARY_FORMAT,
            program_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: digest.scenario.clone(),
            seed,
            runs,
            shard: None,
            outcomes,
            deals,
            observed: digest.observed.clone().map(|o| ObservedSummary {
                forecast_share: share(agg.outcomes[o.outcome.index()], runs),
                ..o
            }),
            time_to_agreement: days_distribution(&agg.agreement_day, agg.agreement_day_sum, unit),
            truce_days: days_distribution(&agg.truce_days, agg.truce_days_sum, 1),
            survival,
            pause_ends: digest.scenario.truce.as_ref().map(|_| {
                let n = |e: PauseEnd| agg.pause_ends[e.index()];
                PauseEnds {
                    violation_limit: n(PauseEnd::ViolationLimit),
                    abandoned: n(PauseEnd::Abandoned),
                    lapsed: n(PauseEnd::Lapsed),
                    held: n(PauseEnd::Held),
                }
            }),
            issues,
            parties,
            blockers,
            timeline: Timeline {
                step_days: step,
                sides: digest.battlefield_sides.clone(),
                points,
            },
            deal_quality,
            analysis: digest.analysis.clone(),
            utility_space,
        }
    }

    /// The entry of `outcome`.
    pub fn outcome(&self, outcome: Outcome) -> Option<&OutcomeShare> {
        self.outcomes.iter().find(|o| o.outcome == outcome)
    }
}

fn issue_summary(info: &IssueInfo, counts: &[u64]) -> IssueSummary {
    let count: u64 = counts.iter().sum();
    let [min, max] = info.range;
    let (bins, quantiles_units, option_counts, typical) = if info.kind == IssueType::Options {
        let option_counts: Vec<OptionCount> = info
            .options
            .iter()
            .zip(counts)
            .map(|(o, &c)| OptionCount {
                option: o.clone(),
                count: c,
                share: share(c, count),
            })
            .collect();
        // The most frequent option; ties go to the earlier option.
        let modal = option_counts
            .iter()
            .fold(None::<&OptionCount>, |best, o| match best {
                Some(b) if b.count >= o.count => Some(b),
                _ => Some(o),
            })
            .filter(|_| count > 0)
            .map(|o| o.option.clone());
        (None, None, option_counts, modal)
    } else {
        let to_units = |x: f64| min + x * (max - min);
        let q = quantiles(counts, 0.0, 1.0, to_units);
        let group = counts.len().div_ceil(SUMMARY_VALUE_BINS);
        // The median is a bin midpoint; shown to about 1 % of the range ("10.9 days", not
        // "10.94 days"), which is all the precision a typical value needs.
        let span = (max - min).abs().max(f64::MIN_POSITIVE);
        let decimals = (100.0 / span).log10().ceil().clamp(0.0, 9.0) as i32;
        let scale = 10f64.powi(decimals);
        let typical = q.map(|q| info.display_units((q.p50 * scale).round() / scale));
        (
            Some(ValueBins {
                min,
                max,
                counts: coarsen(counts, group),
            }),
            q,
            vec![],
            typical,
        )
    };
    IssueSummary {
        id: info.id.clone(),
        label: info.label.clone(),
        unit: info.unit.clone(),
        kind: info.kind,
        range: info.range,
        options: info.options.clone(),
        ideals: info.ideals.clone(),
        count,
        bins,
        quantiles: quantiles_units,
        option_counts,
        typical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{record, scenario};

    fn aggregate(s: &Scenario, runs: std::ops::Range<u64>) -> Aggregate {
        let mut a = Aggregate::new(s);
        for i in runs {
            a.add(s, &record(s, i));
        }
        a
    }

    #[test]
    fn summary_of_a_known_aggregate() {
        let s = scenario();
        let digest = ScenarioDigest::new(&s, None);
        let agg = aggregate(&s, 0..2000);
        let sum = Summary::from_aggregate(&digest, 7, &agg);
        assert_eq!(sum.runs, 2000);
        assert_eq!(sum.outcomes.len(), 5);
        let total: u64 = sum.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(total, 2000);
        for o in &sum.outcomes {
            assert!(o.low <= o.share && o.share <= o.high);
        }
        assert_eq!(sum.deals, sum.survival.signed);
        assert_eq!(
            sum.issues[0].bins.as_ref().unwrap().counts.len(),
            SUMMARY_VALUE_BINS
        );
        assert_eq!(sum.issues[1].option_counts.len(), 3);
        assert!(sum.issues[0].typical.as_deref().unwrap().ends_with("days"));
        assert_eq!(sum.time_to_agreement.bin_days, 7);
        assert_eq!(sum.time_to_agreement.counts.iter().sum::<u64>(), sum.deals);
        assert_eq!(sum.truce_days.counts.iter().sum::<u64>(), sum.deals);
        let q = sum.time_to_agreement.quantiles.unwrap();
        assert!(q.p10 <= q.p50 && q.p50 <= q.p90 && q.p90 <= 56.0);
        let blocked: u64 = sum.blockers.iter().map(|b| b.count).sum();
        assert_eq!(blocked, sum.outcomes[0].count + sum.outcomes[1].count);
        assert!(sum.blockers.windows(2).all(|w| w[0].count >= w[1].count));
        assert_eq!(sum.timeline.points.len(), 60 / 7 + 1);
        assert_eq!(sum.utility_space.counts.len(), SPACE_BINS);
        let space: u64 = sum.utility_space.counts.iter().flatten().sum();
        assert_eq!(space, sum.deals);
        // Survival never increases and ends at or above 0.
        assert!(
            sum.survival
                .curve
                .windows(2)
                .all(|w| w[1].share <= w[0].share)
        );
        // Only stated positions give ideals; weights of a party sum to 1 across issues.
        assert_eq!(sum.issues[0].ideals.len(), 3);
        assert_eq!(sum.issues[1].ideals[0].display, "joint");
    }

    #[test]
    fn empty_aggregate_has_no_nan() {
        let s = scenario();
        let digest = ScenarioDigest::new(&s, None);
        let sum = Summary::from_aggregate(&digest, 1, &Aggregate::new(&s));
        let text = serde_json::to_string(&sum).unwrap();
        assert!(!text.contains("NaN"));
        assert!(sum.time_to_agreement.quantiles.is_none());
        assert!(sum.parties[0].utility.is_none());
        let back: Summary = serde_json::from_str(&text).unwrap();
        assert_eq!(back, sum);
    }

    #[test]
    fn digest_round_trips() {
        let s = scenario();
        let digest = ScenarioDigest::new(&s, None);
        let text = serde_json::to_string(&digest).unwrap();
        assert_eq!(
            serde_json::from_str::<ScenarioDigest>(&text).unwrap(),
            digest
        );
        assert_eq!(digest.blockers[0].label, "north:red_line:0");
        assert_eq!(
            digest.utility_sides,
            Some(["north".to_string(), "south".to_string()])
        );
    }

    /// `truce merge` rebuilds the summary from digests read back from JSON: every float must
    /// survive the round trip bit for bit (serde_json's `float_roundtrip` feature).
    #[test]
    fn merged_digest_gives_the_same_bytes() {
        let mut s = scenario();
        s.parties[0].positions[1].weight = crate::model::Uncertain::fixed(2.0, 0.0, 10.0);
        s.parties[1].reservation = crate::model::Uncertain::fixed(0.1 + 0.2, 0.0, 1.0);
        let digest = ScenarioDigest::new(&s, None);
        let back: ScenarioDigest =
            serde_json::from_str(&serde_json::to_string(&digest).unwrap()).unwrap();
        let agg = aggregate(&s, 0..300);
        let a = serde_json::to_vec(&Summary::from_aggregate(&digest, 1, &agg)).unwrap();
        let b = serde_json::to_vec(&Summary::from_aggregate(&back, 1, &agg)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn day_bins_are_calendar_friendly() {
        assert_eq!(day_bin_width(61, 7), 7);
        assert_eq!(day_bin_width(181, 1), 4);
        assert_eq!(day_bin_width(3651, 1), 104);
        assert_eq!(day_bin_width(30, 1), 1);
    }
}
