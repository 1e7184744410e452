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
//! - momentum: 200 bins on [-1, 1]; trust means are exact to 1e-9;
//! - the utility space: 40 x 40 bins on [0, 1]^2.
//!
//! The format may grow new fields (additively); [`SUMMARY_FORMAT`] changes only if a field
//! changes meaning or disappears.

use serde::{Deserialize, Serialize};

/// Version of the `summary.json` layout (see the module docs for the compatibility rule).
pub const SUMMARY_FORMAT: u32 = 1;

/// Everything a reader of `summary.json` gets. Field order is the order in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// [`SUMMARY_FORMAT`] of the program that wrote the file.
    pub format: u32,
    /// `truce` version that wrote the file (`CARGO_PKG_VERSION`).
    pub program_version: String,
    pub scenario: ScenarioInfo,
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
    /// Day of signing, counted from the start of talks, over the runs with a deal.
    pub time_to_agreement: DaysDistribution,
    /// Days the pause was kept, over the runs with a deal.
    pub truce_days: DaysDistribution,
    pub survival: Survival,
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueSummary>,
    /// One entry per party, in scenario order.
    pub parties: Vec<PartySummary>,
    /// What blocked the last text of the runs without a deal, most frequent first (ties by
    /// label). Only blockers seen at least once are listed.
    pub blockers: Vec<BlockerShare>,
    pub timeline: Timeline,
    pub deal_quality: DealQuality,
    /// Bargaining geometry at the central values; `None` when it cannot be computed.
    pub analysis: Option<AnalysisSummary>,
    pub utility_space: UtilitySpace,
}

/// Which scenario produced the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub description: String,
    pub sources: Vec<String>,
    /// Hex SHA-256 of the scenario file's bytes.
    pub file_hash: String,
    /// `mediated` or `alternating`.
    pub protocol: String,
    pub max_rounds: u32,
    pub days_per_round: u32,
    pub horizon_days: u32,
}

/// The slice of run indices one shard covered: runs `first_run..end_run` (end exclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// 1-based shard number.
    pub k: u64,
    pub n: u64,
    pub first_run: u64,
    pub end_run: u64,
}

/// One outcome's count and share of the runs, with its Wilson score 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeShare {
    /// `no_deal`, `walkout`, `collapsed`, `expired` or `held` (`Outcome::as_str`).
    pub outcome: String,
    pub count: u64,
    pub share: f64,
    /// Lower end of the Wilson score 95% interval of the share.
    pub low: f64,
    /// Upper end of the Wilson score 95% interval of the share.
    pub high: f64,
}

/// Quantiles at 10, 25, 50, 75 and 90 %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
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
    pub collapsed: u64,
    pub expired: u64,
    pub held: u64,
    /// The step function: the first point is day 0 at share 1; then one point per day on which
    /// a collapse or censoring happened. Share holds from its day until the next point's day.
    pub curve: Vec<SurvivalPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvivalPoint {
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
    pub id: String,
    pub label: String,
    /// Empty for option issues.
    pub unit: String,
    /// `numeric` or `options`.
    pub kind: String,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyIdeal {
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
    pub min: f64,
    pub max: f64,
    /// Runs per bin; bin `k` covers `[min + k*w, min + (k+1)*w)` with `w = (max-min)/len`
    /// (the last bin includes `max`).
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    pub option: String,
    pub count: u64,
    /// Share of the runs with a deal (0 when there was none).
    pub share: f64,
}

/// One party's walk-away value and how good the deals were for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartySummary {
    pub id: String,
    pub name: String,
    /// `belligerent`, `mediator` or `backer`.
    pub role: String,
    pub must_agree: bool,
    /// Reservation (walk-away) utility at its central value.
    pub walk_away: f64,
    /// Utility of the agreed text over the runs with a deal; `None` when there was none.
    pub utility: Option<UtilityStats>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UtilityStats {
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub mean: f64,
}

/// One blocker of the last text (a party and its red line, condition, walk-away or target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockerShare {
    /// Stable label (`Blocker::label`): `russia:red_line:2`.
    pub label: String,
    pub party: String,
    /// Human text (`Blocker::describe`).
    pub description: String,
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
    /// Point `i` is day `i * step_days`, from day 0 to the horizon.
    pub points: Vec<TimelinePoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    pub day: u32,
    /// Quantile bands of battlefield momentum (> 0 favours the first side).
    pub momentum: Quantiles,
    /// Mean over runs of the required parties' mean trust.
    pub trust_mean: f64,
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
    pub nash: [f64; 2],
    /// The Nash text per issue, as `Issue::csv_value` (units or option name).
    pub nash_terms: Vec<String>,
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
