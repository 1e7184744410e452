//! The zone every required party's red lines leave open, issue by issue.
//!
//! Red lines are public (they are what parties say loudly), so a drafter can keep a text inside
//! them. Because each red line bounds one issue, the zone is a box: an interval for a numeric
//! issue, a set of options for a choice issue. An issue whose zone is empty has no acceptable
//! value, and no deal can exist.

use crate::model::{IssueKind, Scenario};

/// The zone every required party's red lines leave open: an interval or a set of options per issue.
#[derive(Debug, Clone)]
pub struct Feasible {
    /// Per issue: the allowed interval (numeric) or allowed options (choice); `None` if empty.
    zones: Vec<Option<Zone>>,
    /// Per issue: options minus one (0 for numeric issues), to snap a position to an option.
    steps: Vec<f64>,
    /// Per choice issue: for each option, where the text goes (the nearest allowed option, or
    /// the option itself if none is allowed). Empty for numeric issues.
    moves: Vec<Vec<f64>>,
}

#[derive(Debug, Clone)]
enum Zone {
    Interval(f64, f64),
    /// Allowed option positions on [0, 1], ascending.
    Options(Vec<f64>),
}

impl Feasible {
    /// The zone left open by the red lines of `parties`.
    pub fn of(s: &Scenario, parties: &[usize]) -> Feasible {
        let zones = s
            .issues
            .iter()
            .enumerate()
            .map(|(j, issue)| {
                let lines = parties.iter().flat_map(|&p| {
                    s.parties[p]
                        .red_lines
                        .iter()
                        .map(|r| &r.constraint)
                        .filter(move |c| c.issue == j)
                });
                match &issue.kind {
                    IssueKind::Numeric { .. } => {
                        let (mut lo, mut hi) = (0.0f64, 1.0f64);
                        for c in lines {
                            lo = lo.max(c.min.unwrap_or(0.0));
                            hi = hi.min(c.max.unwrap_or(1.0));
                        }
                        (lo <= hi + 1e-9).then_some(Zone::Interval(lo, hi.max(lo)))
                    }
                    IssueKind::Options(opts) => {
                        let n = opts.len();
                        let lines: Vec<_> = lines.collect();
                        let allowed: Vec<f64> = (0..n)
                            .map(|k| k as f64 / (n - 1) as f64)
                            .filter(|&x| lines.iter().all(|c| c.allows(issue, x)))
                            .collect();
                        (!allowed.is_empty()).then_some(Zone::Options(allowed))
                    }
                }
            })
            .collect();
        let mut feasible = Feasible {
            zones,
            steps: Vec::new(),
            moves: Vec::new(),
        };
        for issue in &s.issues {
            let n = issue.option_count().unwrap_or(1);
            feasible.steps.push((n - 1) as f64);
            let j = feasible.moves.len();
            let moves = match issue.option_count() {
                None => Vec::new(),
                Some(n) => (0..n)
                    .map(|k| {
                        let x = k as f64 / (n - 1) as f64;
                        feasible.project(j, x, x)
                    })
                    .collect(),
            };
            feasible.moves.push(moves);
        }
        feasible
    }

    /// Snap `x` to issue j's options (if any) and move it inside the zone: what a drafter
    /// tables for a working position `x`. Same result as `project(j, snap(x), snap(x))`,
    /// by table lookup.
    #[inline]
    pub fn table(&self, j: usize, x: f64) -> f64 {
        let steps = self.steps[j];
        if steps > 0.0 {
            // In [0.5, steps + 0.5]: through `u32` (one instruction) the same index as `usize`.
            let k = (x.clamp(0.0, 1.0) * steps + 0.5) as u32 as usize;
            let moves = &self.moves[j];
            moves[k.min(moves.len() - 1)]
        } else {
            match &self.zones[j] {
                Some(Zone::Interval(lo, hi)) => x.clamp(*lo, *hi),
                _ => x.clamp(0.0, 1.0),
            }
        }
    }

    /// Whether some text respects every red line.
    pub fn is_open(&self) -> bool {
        self.zones.iter().all(Option::is_some)
    }

    /// Whether issue j has any acceptable value.
    pub fn issue_open(&self, j: usize) -> bool {
        self.zones[j].is_some()
    }

    /// The acceptable value of issue j nearest to `x` (snapped to an option for choice issues);
    /// where the zone is empty, `fallback` (already snapped by the caller).
    #[inline]
    pub fn project(&self, j: usize, x: f64, fallback: f64) -> f64 {
        match &self.zones[j] {
            None => fallback,
            Some(Zone::Interval(lo, hi)) => x.clamp(*lo, *hi),
            Some(Zone::Options(opts)) => {
                let mut best = opts[0];
                for &o in opts.iter() {
                    if (o - x).abs() < (best - x).abs() - 1e-12 {
                        best = o;
                    }
                }
                best
            }
        }
    }
}
