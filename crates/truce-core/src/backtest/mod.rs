//! Backtests: how well the forecasts of scenarios with an `[observed]` table scored against what
//! happened, and against two baselines measured on the same cases.
//!
//! A case is one scenario played as `truce run` plays it (its own runs and seed); its forecast
//! is the five outcome shares and, for signed pauses, the distribution of days kept. The scores
//! ([`score`]) are proper scoring rules: the multi-category Brier score, the log score of
//! smoothed shares, the binary Brier score of "a pause is signed", and, where a pause was
//! signed, the mid-PIT of the days it was really kept. The baselines are the uniform forecast
//! (1/5 each) and the library's own base rates, leave-one-out (each case is scored by the
//! observed outcomes of the other cases). A third forecast averages the model's shares with the
//! base rates, equal weights ([`COMBINED_WEIGHT`]): if it beats the base rates alone, the model
//! carries information the base rates lack, however badly calibrated it is on its own (the
//! forecast-encompassing test of Chong and Hendry 1986; equal weights after Clemen 1989). Pure
//! arithmetic: runs in, numbers out.

pub mod score;

use serde::Serialize;

use crate::engine::Outcome;
use crate::model::{Observed, Scenario};
use crate::simulation::Results;
use score::{CATEGORIES, ReliabilityBin};

/// Bins of the reliability diagram.
pub const RELIABILITY_BINS: usize = 10;
/// Signed cases (with days kept) needed before a PIT histogram says anything: with fewer, a
/// histogram of a handful of values cannot tell calibration from chance.
pub const MIN_PIT_CASES: usize = 5;

/// The model's weight in the combined forecast; the base rates get the rest. Equal weights:
/// Clemen (1989) found the simple average of forecasts hard to beat with fitted weights, and a
/// weight fitted on these few cases would be fitted to the cases.
pub const COMBINED_WEIGHT: f64 = 0.5;

/// One case's forecast and what happened: the input of a backtest.
#[derive(Debug, Clone)]
pub struct Forecast {
    /// How the case is named in tables (its file, as given).
    pub label: String,
    /// The scenario's title.
    pub name: String,
    /// Runs played.
    pub runs: u64,
    /// Their seed.
    pub seed: u64,
    /// Runs per outcome, in [`Outcome::ALL`] order.
    pub counts: [u64; CATEGORIES],
    /// Days the pause was kept, 1-day bins, over the runs with a deal.
    pub truce_days: Vec<u64>,
    /// What happened.
    pub observed: Observed,
}

impl Forecast {
    /// The forecast of a job played on `scenario`; `None` when the scenario has no
    /// `[observed]` table.
    pub fn of(label: &str, scenario: &Scenario, results: &Results) -> Option<Forecast> {
        let observed = scenario.observed.clone()?;
        Some(Forecast {
            label: label.to_string(),
            name: scenario.name.clone(),
            runs: results.aggregate.runs,
            seed: results.seed,
            counts: results.aggregate.outcomes,
            truce_days: results.aggregate.truce_days.clone(),
            observed,
        })
    }

    /// Share of runs with a deal.
    pub fn signed_share(&self) -> f64 {
        signed(&score::shares(&self.counts))
    }
}

/// The share of "a pause is signed" in a forecast over the five outcomes.
fn signed(p: &[f64; CATEGORIES]) -> f64 {
    Outcome::ALL
        .iter()
        .filter(|o| o.signed())
        .map(|o| p[o.index()])
        .sum()
}

/// Scores of one forecast (the model's or a baseline's) on one case.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Multi-category Brier score, `sum_k (p_k - o_k)^2`, 0 (best) to 2.
    pub brier: f64,
    /// Log score `-ln p_observed` of the smoothed shares, in nats (lower is better).
    pub log: f64,
    /// Binary Brier score of "a pause is signed", 0 (best) to 1.
    pub signed_brier: f64,
}

impl Scores {
    /// The scores of raw shares `p` (Brier) and smoothed shares `smoothed` (log score) against
    /// the observed outcome.
    fn of(p: &[f64; CATEGORIES], smoothed: &[f64; CATEGORIES], observed: Outcome) -> Scores {
        let o = observed.index();
        Scores {
            brier: score::brier(p, o),
            log: score::log_score(smoothed, o),
            signed_brier: score::binary_brier(signed(p), observed.signed()),
        }
    }

    fn mean(all: impl ExactSizeIterator<Item = Scores>) -> Scores {
        let n = all.len().max(1) as f64;
        let mut sum = Scores {
            brier: 0.0,
            log: 0.0,
            signed_brier: 0.0,
        };
        for s in all {
            sum.brier += s.brier;
            sum.log += s.log;
            sum.signed_brier += s.signed_brier;
        }
        Scores {
            brier: sum.brier / n,
            log: sum.log / n,
            signed_brier: sum.signed_brier / n,
        }
    }
}

/// Skill scores `1 - score / baseline` (1 perfect, 0 no better than the baseline, negative
/// worse); `None` where the baseline scores 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Skill {
    /// Of the Brier score.
    pub brier: Option<f64>,
    /// Of the log score.
    pub log: Option<f64>,
    /// Of the binary Brier score of "signed".
    pub signed_brier: Option<f64>,
}

impl Skill {
    fn of(model: &Scores, baseline: &Scores) -> Skill {
        Skill {
            brier: score::skill(model.brier, baseline.brier),
            log: score::skill(model.log, baseline.log),
            signed_brier: score::skill(model.signed_brier, baseline.signed_brier),
        }
    }
}

/// One case, scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// The case's file, as given.
    pub label: String,
    /// The scenario's title.
    pub name: String,
    /// The date its information stops.
    pub as_of: String,
    /// Runs played.
    pub runs: u64,
    /// Their seed.
    pub seed: u64,
    /// Runs per outcome, in `no_deal, walkout, collapsed, expired, held` order.
    pub counts: [u64; CATEGORIES],
    /// The forecast: each outcome's share of the runs.
    pub shares: [f64; CATEGORIES],
    /// The shares smoothed for the log score (see [`score::LOG_PSEUDOCOUNT`]).
    pub smoothed: [f64; CATEGORIES],
    /// What happened.
    pub observed: Outcome,
    /// Days the real pause was kept, where one was signed and the file says.
    pub observed_days: Option<f64>,
    /// The forecast's share of the outcome that happened.
    pub share_observed: f64,
    /// The forecast's share of "a pause is signed".
    pub share_signed: f64,
    /// Mid-PIT of the observed days kept among the runs with a deal (`None` without a signed
    /// outcome, without days, or when no run signed).
    pub pit: Option<f64>,
    /// The model's scores.
    pub model: Scores,
    /// The uniform forecast's scores (1/5 each).
    pub uniform: Scores,
    /// Leave-one-out base rates: the observed outcome counts of the other cases.
    pub base_counts: [u64; CATEGORIES],
    /// The base-rate forecast's scores.
    pub base_rate: Scores,
    /// The scores of the model and the base rates averaged ([`COMBINED_WEIGHT`]).
    pub combined: Scores,
}

/// Mean scores over the cases.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Means {
    /// The model.
    pub model: Scores,
    /// The uniform forecast.
    pub uniform: Scores,
    /// The leave-one-out base rates.
    pub base_rate: Scores,
    /// The model and the base rates averaged.
    pub combined: Scores,
    /// The model against the uniform forecast.
    pub skill_vs_uniform: Skill,
    /// The model against the base rates.
    pub skill_vs_base_rate: Skill,
    /// The combined forecast against the base rates: above 0, the model adds information.
    pub combined_vs_base_rate: Skill,
}

/// A whole backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Every case scored, in the order given.
    pub cases: Vec<Case>,
    /// Mean scores and skill.
    pub means: Means,
    /// Reliability diagram of the model: every case's five shares against whether that outcome
    /// happened, pooled, in [`RELIABILITY_BINS`] bins.
    pub reliability: Vec<ReliabilityBin>,
    /// The mid-PIT values of the cases that have one, in case order.
    pub pit: Vec<f64>,
}

impl Backtest {
    /// Score `forecasts` against what happened and against the two baselines.
    pub fn score(forecasts: &[Forecast]) -> Backtest {
        let observed: Vec<usize> = forecasts
            .iter()
            .map(|f| f.observed.outcome.index())
            .collect();
        let loo = score::leave_one_out_counts(&observed);
        let uniform = [1.0 / CATEGORIES as f64; CATEGORIES];
        let cases: Vec<Case> = forecasts
            .iter()
            .zip(&loo)
            .map(|(f, base_counts)| {
                let o = f.observed.outcome;
                let shares = score::shares(&f.counts);
                let smoothed = score::smoothed(&f.counts);
                let base = score::shares(base_counts);
                let base_smoothed = score::smoothed(base_counts);
                let mix = |a: &[f64; CATEGORIES], b: &[f64; CATEGORIES]| {
                    std::array::from_fn(|k| COMBINED_WEIGHT * a[k] + (1.0 - COMBINED_WEIGHT) * b[k])
                };
                let combined = Scores::of(&mix(&shares, &base), &mix(&smoothed, &base_smoothed), o);
                let pit = match (o.signed(), f.observed.truce_days) {
                    (true, Some(days)) => score::mid_pit(&f.truce_days, days),
                    _ => None,
                };
                Case {
                    label: f.label.clone(),
                    name: f.name.clone(),
                    as_of: f.observed.as_of.clone(),
                    runs: f.runs,
                    seed: f.seed,
                    counts: f.counts,
                    shares,
                    smoothed,
                    observed: o,
                    observed_days: f.observed.truce_days,
                    share_observed: shares[o.index()],
                    share_signed: signed(&shares),
                    pit,
                    model: Scores::of(&shares, &smoothed, o),
                    uniform: Scores::of(&uniform, &uniform, o),
                    base_counts: *base_counts,
                    base_rate: Scores::of(&base, &base_smoothed, o),
                    combined,
                }
            })
            .collect();
        let model = Scores::mean(cases.iter().map(|c| c.model));
        let uniform = Scores::mean(cases.iter().map(|c| c.uniform));
        let base_rate = Scores::mean(cases.iter().map(|c| c.base_rate));
        let combined = Scores::mean(cases.iter().map(|c| c.combined));
        let means = Means {
            model,
            uniform,
            base_rate,
            combined,
            skill_vs_uniform: Skill::of(&model, &uniform),
            skill_vs_base_rate: Skill::of(&model, &base_rate),
            combined_vs_base_rate: Skill::of(&combined, &base_rate),
        };
        let reliability = score::reliability(
            cases.iter().flat_map(|c| {
                Outcome::ALL
                    .iter()
                    .map(move |k| (c.shares[k.index()], *k == c.observed))
            }),
            RELIABILITY_BINS,
        );
        let pit = cases.iter().filter_map(|c| c.pit).collect();
        Backtest {
            cases,
            means,
            reliability,
            pit,
        }
    }

    /// Whether there are enough PIT values for a histogram ([`MIN_PIT_CASES`]).
    pub fn enough_for_pit(&self) -> bool {
        self.pit.len() >= MIN_PIT_CASES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forecast(counts: [u64; 5], outcome: Outcome, days: Option<f64>) -> Forecast {
        Forecast {
            label: "case.toml".into(),
            name: "Case".into(),
            runs: counts.iter().sum(),
            seed: 1,
            counts,
            // 4 signed runs of each case kept 0, 10, 10, 20 days.
            truce_days: {
                let mut h = vec![0; 31];
                h[0] = 1;
                h[10] = 2;
                h[20] = 1;
                h
            },
            observed: Observed {
                as_of: "2025-01-01".into(),
                outcome,
                truce_days: days,
                agreement_day: None,
                sources: vec![],
                note: String::new(),
            },
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Three cases scored by hand.
    #[test]
    fn three_cases_by_hand() {
        let f = [
            // 10 runs: shares 0.1 0.2 0.3 0.4 0.0; walkout happened.
            forecast([1, 2, 3, 4, 0], Outcome::Walkout, None),
            // 10 runs: every run held; held happened after 10 days.
            forecast([0, 0, 0, 0, 10], Outcome::Held, Some(10.0)),
            // 10 runs: half no deal, half held; walkout happened.
            forecast([5, 0, 0, 0, 5], Outcome::Walkout, None),
        ];
        let b = Backtest::score(&f);
        let c = &b.cases[0];
        // (0.1)^2 + (0.8)^2 + 0.3^2 + 0.4^2 + 0 = 0.01 + 0.64 + 0.09 + 0.16 = 0.90
        assert!(close(c.model.brier, 0.90));
        // smoothed walkout: (2 + 0.5) / 12.5 = 0.2
        assert!(close(c.model.log, -(0.2f64).ln()));
        // signed 0.7, not signed: 0.49
        assert!(close(c.model.signed_brier, 0.49));
        assert!(close(c.uniform.brier, 0.8));
        assert!(close(c.uniform.log, 5f64.ln()));
        // Uniform says signed with 3/5: (0.6)^2.
        assert!(close(c.uniform.signed_brier, 0.36));
        // The others: one held, one walkout.
        assert_eq!(c.base_counts, [0, 1, 0, 0, 1]);
        // base rate 0, 0.5, 0, 0, 0.5 against walkout: 0.25 + 0.25 = 0.5
        assert!(close(c.base_rate.brier, 0.5));
        // smoothed: (1 + 0.5) / (2 + 2.5)
        assert!(close(c.base_rate.log, -(1.5f64 / 4.5).ln()));
        assert!(close(c.base_rate.signed_brier, 0.25));
        assert_eq!(c.pit, None);
        // Combined: 0.05 0.35 0.15 0.2 0.25 against walkout:
        // 0.0025 + 0.4225 + 0.0225 + 0.04 + 0.0625 = 0.55
        assert!(close(c.combined.brier, 0.55));
        // smoothed: (0.2 + 1.5 / 4.5) / 2 on walkout
        assert!(close(c.combined.log, -((0.2 + 1.5 / 4.5) / 2.0f64).ln()));
        // signed: 0.6 (model 0.7, base 0.5): 0.36
        assert!(close(c.combined.signed_brier, 0.36));

        let h = &b.cases[1];
        assert!(close(h.model.brier, 0.0));
        // (10 + 0.5) / 12.5 = 0.84
        assert!(close(h.model.log, -(0.84f64).ln()));
        // Days 10 of {0, 10, 10, 20}: (1 + 2/2) / 4
        assert_eq!(h.pit, Some(0.5));
        // The other two cases both walked out: base rate all on walkout; held gets 0.
        assert_eq!(h.base_counts, [0, 2, 0, 0, 0]);
        assert!(close(h.base_rate.brier, 2.0));
        assert!(close(h.base_rate.log, -(0.5f64 / 4.5).ln()));

        let means = &b.means;
        assert!(close(
            means.model.brier,
            (0.90 + 0.0 + 0.25 + 1.0 + 0.25) / 3.0
        ));
        assert!(close(means.uniform.brier, 0.8));
        assert!(close(
            means.combined_vs_base_rate.brier.unwrap(),
            1.0 - means.combined.brier / means.base_rate.brier
        ));
        assert!(close(
            means.skill_vs_uniform.brier.unwrap(),
            1.0 - means.model.brier / 0.8
        ));
        assert_eq!(b.pit, vec![0.5]);
        assert!(!b.enough_for_pit());
        // 15 pooled pairs; the forecasts of 0 (eight of them) land in the first bin.
        let pooled: u64 = b.reliability.iter().map(|r| r.count).sum();
        assert_eq!(pooled, 15);
        assert_eq!(b.reliability[0].count, 8);
        // Among them: case 1's walkout? no (0.2). Case 3's walkout at 0: it happened.
        assert!(close(
            b.reliability[0].observed_frequency.unwrap(),
            1.0 / 8.0
        ));
    }
}
