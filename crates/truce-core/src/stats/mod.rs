//! The streaming aggregate of many runs: what `truce run` remembers instead of the runs.
//!
//! Every field is an integer: counts in fixed bins, and sums in fixed point (value x 1e9,
//! truncated, added as `i128`). Integer addition is exactly associative and commutative, so
//! aggregates of blocks, threads or shards merge to the very same aggregate in any grouping:
//! that is what makes `summary.json` byte-identical across `--threads` and across `truce merge`.
//! Floating-point sums would not be (their rounding depends on the order of the additions).
//!
//! Memory does not grow with the number of runs; see [`Aggregate::new`] for the bins.

pub mod histogram;
pub mod survival;
pub mod wilson;

use serde::{Deserialize, Serialize};

use crate::engine::{BlockKind, Blocker, Outcome, Record};
use crate::model::Scenario;

/// Bins on [0, 1] for utilities (resolution 0.001).
pub const UTILITY_BINS: usize = 1000;
/// Bins on [0, 1] for the agreed value of a numeric issue (0.1 % of its range).
pub const VALUE_BINS: usize = 1000;
/// Bins on [-1, 1] for momentum at each timeline point (resolution about 0.01; an odd count so
/// that 0, a still front, is the centre of a bin).
pub const MOMENTUM_BINS: usize = 201;
/// Bins per axis on [0, 1] of the two sides' utility space.
pub const SPACE_BINS: usize = 40;
/// Bins on [0, 1] for trust at each timeline point (resolution 0.01; 0 and 1 are bin centres).
pub const TRUST_BINS: usize = 101;

/// How a signed pause ended, as far as a run's record tells: the rows of the "what ended the
/// pauses" chart, in [`Aggregate::pause_ends`] order. (The record does not say which side ended
/// a pause, nor how many of the counted violations the monitors verified.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseEnd {
    /// Collapsed once the detected (verified or contested) violations reached `collapse_after`.
    ViolationLimit,
    /// Collapsed before that: a side abandoned it (keeping it was worth less to it than its
    /// walk-away value).
    Abandoned,
    /// Its term ran out and it was not renewed (`expired`).
    Lapsed,
    /// It stood to the horizon (`held`), renewed or within its term.
    Held,
}

impl PauseEnd {
    /// Every way a pause ends, in [`Aggregate::pause_ends`] order.
    pub const ALL: [PauseEnd; 4] = [
        PauseEnd::ViolationLimit,
        PauseEnd::Abandoned,
        PauseEnd::Lapsed,
        PauseEnd::Held,
    ];

    /// Position in [`PauseEnd::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// How the run with record `r` ended its pause; `None` without a signed pause.
    pub fn of(scenario: &Scenario, r: &Record) -> Option<PauseEnd> {
        scenario.truce.as_ref()?;
        match r.outcome {
            Outcome::Collapsed => {
                let limit = scenario.truce.as_ref().and_then(|t| t.collapse_after);
                Some(if limit.is_some_and(|n| r.detected >= n) {
                    PauseEnd::ViolationLimit
                } else {
                    PauseEnd::Abandoned
                })
            }
            Outcome::Expired => Some(PauseEnd::Lapsed),
            Outcome::Held => Some(PauseEnd::Held),
            Outcome::NoDeal | Outcome::Walkout => None,
        }
    }
}
/// Fixed-point scale of the sums: a sum of `x` holds `trunc(x * 1e9)`.
pub const FIXED_SCALE: f64 = 1e9;

/// `x` in fixed point, truncated toward zero (deterministic like rounding, and cheaper: `round`
/// is a library call on baseline x86-64). Non-finite values count as 0 or saturate; the cast
/// never panics.
#[inline]
pub fn fixed(x: f64) -> i128 {
    (x * FIXED_SCALE) as i64 as i128
}

/// A fixed-point sum divided by a count, back in floating point.
pub fn fixed_mean(sum: i128, count: u64) -> Option<f64> {
    (count > 0).then(|| sum as f64 / FIXED_SCALE / count as f64)
}

/// The two parties on the axes of the "utility space": the two sides ([`Scenario::sides`]),
/// or, in a scenario without them (a battlefield-less scenario with one party that must agree),
/// the first two parties.
pub fn utility_sides(scenario: &Scenario) -> Option<[usize; 2]> {
    scenario
        .sides()
        .or((scenario.parties.len() >= 2).then_some([0, 1]))
}

/// Every blocker the scenario can produce, in the order of [`Aggregate::blockers`]: per party,
/// its red lines, its conditions, its walk-away value, its concession target.
pub fn blocker_catalog(scenario: &Scenario) -> Vec<Blocker> {
    let mut all = Vec::new();
    for (p, party) in scenario.parties.iter().enumerate() {
        let kinds = (0..party.red_lines.len())
            .map(BlockKind::RedLine)
            .chain((0..party.conditions.len()).map(BlockKind::Condition))
            .chain([BlockKind::WalkAway, BlockKind::Target]);
        all.extend(kinds.map(|kind| Blocker { party: p, kind }));
    }
    all
}

/// Position of `b` in [`blocker_catalog`], or `None` if the scenario has no such blocker.
fn blocker_slot(scenario: &Scenario, b: Blocker) -> Option<usize> {
    let party = scenario.parties.get(b.party)?;
    let start: usize = scenario.parties[..b.party]
        .iter()
        .map(|p| p.red_lines.len() + p.conditions.len() + 2)
        .sum();
    let (nr, nc) = (party.red_lines.len(), party.conditions.len());
    let within = match b.kind {
        BlockKind::RedLine(k) if k < nr => k,
        BlockKind::Condition(k) if k < nc => nr + k,
        BlockKind::WalkAway => nr + nc,
        BlockKind::Target => nr + nc + 1,
        _ => return None,
    };
    Some(start + within)
}

/// The aggregate of a set of runs of one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    /// Runs folded in.
    pub runs: u64,
    /// Runs per outcome, indexed by `Outcome::index`.
    pub outcomes: [u64; 5],
    /// Day of signing, 1-day bins from 0 to the horizon (later days land in the last bin).
    pub agreement_day: Vec<u64>,
    /// Sum of the days of signing (exact).
    pub agreement_day_sum: u64,
    /// Truce days of the runs with a deal, 1-day bins from 0 to the horizon.
    pub truce_days: Vec<u64>,
    /// Sum of truce days (exact).
    pub truce_days_sum: u64,
    /// Collapses by truce day (the Kaplan-Meier events).
    pub collapse_day: Vec<u64>,
    /// Expired or held pauses by truce day (the Kaplan-Meier censorings).
    pub censor_day: Vec<u64>,
    /// Per issue, the agreed values: [`VALUE_BINS`] bins on [0, 1] for numeric issues, one bin
    /// per option for option issues.
    pub issue_values: Vec<Vec<u64>>,
    /// Per party, [`UTILITY_BINS`] bins of its utility of the deal on [0, 1].
    pub utility: Vec<Vec<u64>>,
    /// Per party, fixed-point sum of its utility of the deal.
    pub utility_sum: Vec<i128>,
    /// Runs per blocker, in [`blocker_catalog`] order.
    pub blockers: Vec<u64>,
    /// Runs with a blocker the scenario does not know (an engine bug; kept so counts add up).
    pub unknown_blockers: u64,
    /// Momentum: `point * MOMENTUM_BINS + bin`, over all runs.
    pub momentum: Vec<u64>,
    /// Per timeline point, fixed-point sum of the required parties' mean trust, over all runs.
    pub trust_sum: Vec<i128>,
    /// Runs that filled each timeline point (all runs, unless a record was short).
    pub timeline_runs: Vec<u64>,
    /// Trust (the record's: the required parties' mean): `point * TRUST_BINS + bin`, over all
    /// runs. Empty in aggregates written before it was added.
    #[serde(default)]
    pub trust: Vec<u64>,
    /// Signed pauses by how they ended, in [`PauseEnd::ALL`] order (all zero without a
    /// `[truce]`). Zero in aggregates written before it was added.
    #[serde(default)]
    pub pause_ends: [u64; 4],
    /// Deals placed against the Nash point.
    pub nash_measured: u64,
    /// Fixed-point sum of their distances to it.
    pub nash_distance_sum: i128,
    /// Deals judged for Pareto efficiency.
    pub pareto_measured: u64,
    /// Those on the frontier.
    pub pareto_efficient: u64,
    /// Violations, over all runs.
    pub violations_sum: u64,
    /// Detected violations, over all runs.
    pub detected_sum: u64,
    /// Renewals, over all runs.
    pub renewals_sum: u64,
    /// Party indices on the x and y axes of `utility_space` (see [`utility_sides`]).
    pub sides: Option<[usize; 2]>,
    /// Deals in the sides' utility space: `y * SPACE_BINS + x`.
    pub utility_space: Vec<u64>,
}

/// Two aggregates of different shapes (different scenarios) cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeMismatch(pub &'static str);

impl std::fmt::Display for ShapeMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "aggregates of different shapes ({})", self.0)
    }
}

impl Aggregate {
    /// An empty aggregate shaped for `scenario`. Its size depends on the scenario only (about
    /// 8 bytes x (2000 x issues + 1000 x parties + 200 x timeline points + 4 x horizon days)).
    pub fn new(scenario: &Scenario) -> Aggregate {
        let days = scenario.horizon_days as usize + 1;
        let points = Record::timeline_len(scenario);
        Aggregate {
            runs: 0,
            outcomes: [0; 5],
            agreement_day: vec![0; days],
            agreement_day_sum: 0,
            truce_days: vec![0; days],
            truce_days_sum: 0,
            collapse_day: vec![0; days],
            censor_day: vec![0; days],
            issue_values: scenario
                .issues
                .iter()
                .map(|i| vec![0; i.option_count().unwrap_or(VALUE_BINS)])
                .collect(),
            utility: vec![vec![0; UTILITY_BINS]; scenario.parties.len()],
            utility_sum: vec![0; scenario.parties.len()],
            blockers: vec![0; blocker_catalog(scenario).len()],
            unknown_blockers: 0,
            momentum: vec![0; points * MOMENTUM_BINS],
            trust_sum: vec![0; points],
            timeline_runs: vec![0; points],
            trust: vec![0; points * TRUST_BINS],
            pause_ends: [0; 4],
            nash_measured: 0,
            nash_distance_sum: 0,
            pareto_measured: 0,
            pareto_efficient: 0,
            violations_sum: 0,
            detected_sum: 0,
            renewals_sum: 0,
            sides: utility_sides(scenario),
            utility_space: vec![0; SPACE_BINS * SPACE_BINS],
        }
    }

    /// An empty aggregate with the same bins as `like` (for merging aggregates read from
    /// files, without the scenario).
    pub fn new_like(like: &Aggregate) -> Aggregate {
        let zero = |v: &Vec<u64>| vec![0; v.len()];
        Aggregate {
            runs: 0,
            outcomes: [0; 5],
            agreement_day: zero(&like.agreement_day),
            agreement_day_sum: 0,
            truce_days: zero(&like.truce_days),
            truce_days_sum: 0,
            collapse_day: zero(&like.collapse_day),
            censor_day: zero(&like.censor_day),
            issue_values: like.issue_values.iter().map(zero).collect(),
            utility: like.utility.iter().map(zero).collect(),
            utility_sum: vec![0; like.utility_sum.len()],
            blockers: zero(&like.blockers),
            unknown_blockers: 0,
            momentum: zero(&like.momentum),
            trust_sum: vec![0; like.trust_sum.len()],
            timeline_runs: zero(&like.timeline_runs),
            trust: zero(&like.trust),
            pause_ends: [0; 4],
            nash_measured: 0,
            nash_distance_sum: 0,
            pareto_measured: 0,
            pareto_efficient: 0,
            violations_sum: 0,
            detected_sum: 0,
            renewals_sum: 0,
            sides: like.sides,
            utility_space: zero(&like.utility_space),
        }
    }

    /// Fold one run in: a few dozen integer increments, no allocation.
    pub fn add(&mut self, scenario: &Scenario, r: &Record) {
        use histogram::bin_of;
        self.runs += 1;
        self.outcomes[r.outcome.index()] += 1;
        self.violations_sum += u64::from(r.violations);
        self.detected_sum += u64::from(r.detected);
        self.renewals_sum += u64::from(r.renewals);
        let last_day = self.truce_days.len() - 1;
        if r.outcome.signed() {
            let day = r.agreement_day.unwrap_or(0);
            self.agreement_day[(day as usize).min(last_day)] += 1;
            self.agreement_day_sum += u64::from(day);
            let kept = (r.truce_days as usize).min(last_day);
            self.truce_days[kept] += 1;
            self.truce_days_sum += u64::from(r.truce_days);
            if r.outcome == Outcome::Collapsed {
                self.collapse_day[kept] += 1;
            } else {
                self.censor_day[kept] += 1;
            }
            for ((issue, bins), &x) in scenario
                .issues
                .iter()
                .zip(&mut self.issue_values)
                .zip(&r.terms)
            {
                let k = match issue.option_count() {
                    Some(_) => issue.option_index(x).min(bins.len() - 1),
                    None => bin_of(x, 0.0, 1.0, bins.len()),
                };
                bins[k] += 1;
            }
            for ((bins, sum), &u) in self
                .utility
                .iter_mut()
                .zip(&mut self.utility_sum)
                .zip(&r.utilities)
            {
                bins[bin_of(u, 0.0, 1.0, UTILITY_BINS)] += 1;
                *sum += fixed(u);
            }
            // Deals sit in the analysis plane (central values) when there is one, so the cloud
            // is comparable with the frontier and the Nash point drawn over it.
            let point = r.analysis_point.or_else(|| {
                let [x, y] = self.sides?;
                Some((*r.utilities.get(x)?, *r.utilities.get(y)?))
            });
            if let Some((ux, uy)) = point {
                let bx = bin_of(ux, 0.0, 1.0, SPACE_BINS);
                let by = bin_of(uy, 0.0, 1.0, SPACE_BINS);
                self.utility_space[by * SPACE_BINS + bx] += 1;
            }
            if let Some(d) = r.nash_distance {
                self.nash_measured += 1;
                self.nash_distance_sum += fixed(d);
            }
            if let Some(e) = r.pareto_efficient {
                self.pareto_measured += 1;
                self.pareto_efficient += u64::from(e);
            }
        }
        if let Some(end) = PauseEnd::of(scenario, r) {
            self.pause_ends[end.index()] += 1;
        }
        if let Some(b) = r.blocker {
            match blocker_slot(scenario, b) {
                Some(k) => self.blockers[k] += 1,
                None => self.unknown_blockers += 1,
            }
        }
        // The timeline is the bulk of the per-run work (one point per round up to the
        // horizon): iterate in lockstep so the compiler can drop the bounds checks.
        let rows = self.momentum.chunks_exact_mut(MOMENTUM_BINS);
        let trust_rows = self.trust.chunks_exact_mut(TRUST_BINS);
        let sums = self.trust_sum.iter_mut().zip(self.timeline_runs.iter_mut());
        for (((row, trust_row), (sum, seen)), (&m, &t)) in rows
            .zip(trust_rows)
            .zip(sums)
            .zip(r.momentum.iter().zip(&r.trust))
        {
            row[bin_of(m, -1.0, 1.0, MOMENTUM_BINS)] += 1;
            // Bins centred on 0, 0.01, ..., 1: trust t falls in bin round(100 t).
            trust_row[bin_of(t, -0.005, 1.005, TRUST_BINS)] += 1;
            *sum += fixed(t);
            *seen += 1;
        }
    }

    /// Add `other` into `self`. Exact, associative and commutative.
    pub fn merge(&mut self, other: &Aggregate) -> Result<(), ShapeMismatch> {
        self.check_shape(other)?;
        use histogram::add_counts;
        self.runs += other.runs;
        add_counts(&mut self.outcomes, &other.outcomes);
        add_counts(&mut self.agreement_day, &other.agreement_day);
        self.agreement_day_sum += other.agreement_day_sum;
        add_counts(&mut self.truce_days, &other.truce_days);
        self.truce_days_sum += other.truce_days_sum;
        add_counts(&mut self.collapse_day, &other.collapse_day);
        add_counts(&mut self.censor_day, &other.censor_day);
        for (a, b) in self.issue_values.iter_mut().zip(&other.issue_values) {
            add_counts(a, b);
        }
        for (a, b) in self.utility.iter_mut().zip(&other.utility) {
            add_counts(a, b);
        }
        for (a, b) in self.utility_sum.iter_mut().zip(&other.utility_sum) {
            *a += b;
        }
        add_counts(&mut self.blockers, &other.blockers);
        self.unknown_blockers += other.unknown_blockers;
        add_counts(&mut self.momentum, &other.momentum);
        for (a, b) in self.trust_sum.iter_mut().zip(&other.trust_sum) {
            *a += b;
        }
        add_counts(&mut self.timeline_runs, &other.timeline_runs);
        add_counts(&mut self.trust, &other.trust);
        add_counts(&mut self.pause_ends, &other.pause_ends);
        self.nash_measured += other.nash_measured;
        self.nash_distance_sum += other.nash_distance_sum;
        self.pareto_measured += other.pareto_measured;
        self.pareto_efficient += other.pareto_efficient;
        self.violations_sum += other.violations_sum;
        self.detected_sum += other.detected_sum;
        self.renewals_sum += other.renewals_sum;
        add_counts(&mut self.utility_space, &other.utility_space);
        Ok(())
    }

    /// Whether `other` has the same bins (an aggregate of the same scenario); checked before a
    /// merge so a mismatch is an error, not silently truncated data.
    pub fn check_shape(&self, other: &Aggregate) -> Result<(), ShapeMismatch> {
        let lens = |a: &Aggregate| {
            (
                a.agreement_day.len(),
                a.truce_days.len(),
                a.collapse_day.len(),
                a.censor_day.len(),
                a.blockers.len(),
                a.momentum.len(),
                a.trust_sum.len(),
                a.timeline_runs.len(),
                a.trust.len(),
                a.utility_space.len(),
                a.utility_sum.len(),
            )
        };
        if lens(self) != lens(other) {
            return Err(ShapeMismatch("bin counts differ"));
        }
        let issue_lens = |a: &Aggregate| a.issue_values.iter().map(Vec::len).collect::<Vec<_>>();
        let party_lens = |a: &Aggregate| a.utility.iter().map(Vec::len).collect::<Vec<_>>();
        if issue_lens(self) != issue_lens(other) || party_lens(self) != party_lens(other) {
            return Err(ShapeMismatch("issues or parties differ"));
        }
        if self.sides != other.sides {
            return Err(ShapeMismatch("utility-space sides differ"));
        }
        Ok(())
    }

    /// Runs with a signed deal.
    pub fn deals(&self) -> u64 {
        Outcome::ALL
            .iter()
            .filter(|o| o.signed())
            .map(|o| self.outcomes[o.index()])
            .sum()
    }

    /// The widest Wilson 95% half-width among the outcome shares (1 with no runs): what
    /// `--until-precise` compares with its target.
    pub fn widest_half_width(&self) -> f64 {
        self.outcomes
            .iter()
            .map(|&c| wilson::half_width95(c, self.runs))
            .fold(0.0, f64::max)
            .max(if self.runs == 0 { 1.0 } else { 0.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{record, scenario};

    fn fold(s: &Scenario, runs: std::ops::Range<u64>) -> Aggregate {
        let mut a = Aggregate::new(s);
        for i in runs {
            a.add(s, &record(s, i));
        }
        a
    }

    #[test]
    fn pause_ends_follow_the_record() {
        use crate::model::{Truce, Uncertain};
        let mut s = scenario();
        // No [truce]: no pause to end.
        let mut r = Record::new(&s);
        r.outcome = Outcome::Held;
        assert_eq!(PauseEnd::of(&s, &r), None);
        s.truce = Some(Truce {
            duration_issue: 0,
            verification: None,
            rearm_issue: None,
            frontline_km: Uncertain::fixed(100.0, 0.0, 1e6),
            violation_rate: Uncertain::fixed(0.001, 0.0, 1.0),
            collapse_after: Some(3),
            renewable: false,
        });
        let end = |outcome, detected| {
            let mut r = Record::new(&s);
            r.outcome = outcome;
            r.detected = detected;
            PauseEnd::of(&s, &r)
        };
        assert_eq!(end(Outcome::Collapsed, 3), Some(PauseEnd::ViolationLimit));
        assert_eq!(end(Outcome::Collapsed, 2), Some(PauseEnd::Abandoned));
        assert_eq!(end(Outcome::Expired, 0), Some(PauseEnd::Lapsed));
        assert_eq!(end(Outcome::Held, 5), Some(PauseEnd::Held));
        assert_eq!(end(Outcome::Walkout, 0), None);
        // Folded: every signed run counted once, by its way of ending.
        let a = fold(&s, 0..2000);
        assert_eq!(a.pause_ends.iter().sum::<u64>(), a.deals());
        assert_eq!(
            a.pause_ends[PauseEnd::Lapsed.index()],
            a.outcomes[Outcome::Expired.index()]
        );
    }

    #[test]
    fn trust_lands_in_its_hundredth() {
        let s = scenario();
        let mut r = record(&s, 1);
        r.trust.iter_mut().for_each(|t| *t = 0.0);
        r.trust[0] = 0.374;
        r.trust[1] = 1.0;
        let mut a = Aggregate::new(&s);
        a.add(&s, &r);
        assert_eq!(a.trust[37], 1);
        assert_eq!(a.trust[TRUST_BINS + 100], 1);
        assert_eq!(a.trust[2 * TRUST_BINS], 1);
        assert_eq!(
            a.trust.iter().sum::<u64>(),
            a.timeline_runs.iter().sum::<u64>()
        );
    }

    #[test]
    fn merge_is_exact_in_any_grouping() {
        let s = scenario();
        let whole = fold(&s, 0..3000);
        let mut left = fold(&s, 0..1000);
        let mid = fold(&s, 1000..2200);
        let right = fold(&s, 2200..3000);
        // (a + b) + c
        let mut ab = left.clone();
        ab.merge(&mid).unwrap();
        ab.merge(&right).unwrap();
        assert_eq!(ab, whole);
        // a + (c + b)
        let mut cb = right.clone();
        cb.merge(&mid).unwrap();
        left.merge(&cb).unwrap();
        assert_eq!(left, whole);
        assert_eq!(whole.runs, 3000);
        assert_eq!(whole.outcomes.iter().sum::<u64>(), 3000);
        assert_eq!(whole.unknown_blockers, 0);
        // The test records name four blockers (see `testing::record`): exactly their slots
        // count runs, and every run without a deal has one.
        let named = [
            Blocker {
                party: 0,
                kind: BlockKind::RedLine(0),
            },
            Blocker {
                party: 0,
                kind: BlockKind::Condition(0),
            },
            Blocker {
                party: 1,
                kind: BlockKind::WalkAway,
            },
            Blocker {
                party: 2,
                kind: BlockKind::Target,
            },
        ];
        for (b, &count) in blocker_catalog(&s).iter().zip(&whole.blockers) {
            assert_eq!(count > 0, named.contains(b), "{b:?}: {count}");
        }
        let failures =
            whole.outcomes[Outcome::NoDeal.index()] + whole.outcomes[Outcome::Walkout.index()];
        assert_eq!(whole.blockers.iter().sum::<u64>(), failures);
    }

    #[test]
    fn serde_round_trip_keeps_every_integer() {
        let s = scenario();
        let a = fold(&s, 0..500);
        let text = serde_json::to_string(&a).unwrap();
        let back: Aggregate = serde_json::from_str(&text).unwrap();
        assert_eq!(a, back);
    }

    #[test]
    fn new_like_is_the_empty_aggregate() {
        let s = scenario();
        assert_eq!(Aggregate::new_like(&fold(&s, 0..100)), Aggregate::new(&s));
    }

    #[test]
    fn shapes_must_match() {
        let s = scenario();
        let mut other = s.clone();
        other.horizon_days = 90;
        let mut a = Aggregate::new(&s);
        assert!(a.merge(&Aggregate::new(&other)).is_err());
    }

    #[test]
    fn blocker_slots_follow_the_catalog() {
        let s = scenario();
        let catalog = blocker_catalog(&s);
        for (k, b) in catalog.iter().enumerate() {
            assert_eq!(blocker_slot(&s, *b), Some(k));
        }
        assert_eq!(
            blocker_slot(
                &s,
                Blocker {
                    party: 1,
                    kind: BlockKind::RedLine(0)
                }
            ),
            None
        );
        assert_eq!(
            blocker_slot(
                &s,
                Blocker {
                    party: 9,
                    kind: BlockKind::WalkAway
                }
            ),
            None
        );
    }

    #[test]
    fn fixed_point_is_safe() {
        assert_eq!(fixed(0.5), 500_000_000);
        assert_eq!(fixed(-0.25), -250_000_000);
        assert_eq!(fixed(f64::INFINITY), i64::MAX as i128);
        assert_eq!(fixed(f64::NAN), 0);
        assert_eq!(fixed_mean(3_000_000_000, 2), Some(1.5));
        assert_eq!(fixed_mean(0, 0), None);
    }
}
