//! The addresser of "a number in a scenario" ([`Param`]): its path as people type it
//! (`parties.russia.leverage`, `truce.detection.bilateral_hotline`, `battlefield.drift`),
//! parsed with did-you-mean errors; its label and unit; reading it; pinning it in a copy; and
//! the list of every uncertain number of a scenario. Sweeps, sensitivity analyses, injects (their
//! targets use the same paths), and later calibration, the web app's sliders and Python's
//! `with_values` all go through here.
//!
//! Pinning keeps the common random numbers intact. [`crate::engine::Draws`] draws every uncertain
//! number of a run, in order, from one stream; a `Dist::Fixed` number draws nothing. Replacing a
//! `uniform` by `Dist::Fixed` would therefore shift every later draw of the run by one, so the
//! pinned scenario would no longer share its other numbers with the scenario as written. A pinned
//! number instead keeps its distribution and has its range narrowed to the one value
//! (`lo = hi = v`): the draw consumes exactly the random numbers it always did and is then
//! clamped to `v`. The number is fixed (its uncertainty is removed), and every other number of
//! run `i` is what it was in `truce run`.

pub use crate::model::{Param, PartyKey};

use crate::model::{Dist, IssueKind, Scenario, Uncertain, format_number};
use crate::suggest::closest;

/// A path that names no number of the scenario, or a value a number cannot take.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// The path names nothing; the message says which part is wrong, with a did-you-mean
    /// where one is close.
    #[error("{problem}")]
    UnknownPath {
        /// What is wrong, in a sentence.
        problem: String,
    },
    /// The value lies outside what the key allows.
    #[error("{value} is outside the range of {path}, which must be {allowed}")]
    OutOfRange {
        /// The number's path.
        path: String,
        /// The value given.
        value: String,
        /// The range, as people read it: `[0, 1]`, `> 0`.
        allowed: String,
    },
}

/// One number of a scenario as a slider or a table shows it: what it is, where it lives, what
/// values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The number.
    pub param: Param,
    /// As typed on the command line: `parties.russia.reservation`.
    pub path: String,
    /// For people: `Russia reservation`.
    pub label: String,
    /// `km`, `chance per round`, `0 to 1`...
    pub unit: &'static str,
    /// The number as the file gives it: `0.65` or `uniform 0.5..0.8`.
    pub given: String,
    /// Its central value (the mean of its distribution).
    pub central: f64,
    /// The values the key allows (`hi` may be infinite).
    pub range: (f64, f64),
}

impl Param {
    /// Every number of `s` that can be pinned, in the order the engine draws them (detection
    /// probabilities last). Weights of issues a party is silent on are left out (they are 0).
    pub fn all(s: &Scenario) -> Vec<Param> {
        let mut out = Vec::new();
        for (p, party) in s.parties.iter().enumerate() {
            out.extend(
                PartyKey::ALL
                    .iter()
                    .map(|&key| Param::Party { party: p, key }),
            );
            for (i, pos) in party.positions.iter().enumerate() {
                if pos.stated {
                    out.push(Param::Weight { party: p, issue: i });
                }
            }
            for c in 0..party.conditions.len() {
                out.push(Param::Penalty {
                    party: p,
                    condition: c,
                });
                out.push(Param::WaiveBelow {
                    party: p,
                    condition: c,
                });
            }
        }
        if s.battlefield.is_some() {
            out.extend([Param::Momentum, Param::Drift, Param::Volatility]);
        }
        out.extend((0..s.events.len()).map(Param::EventProbability));
        if s.truce.is_some() {
            out.extend([Param::FrontlineKm, Param::ViolationRate]);
        }
        for p in 0..s.parties.len() {
            out.extend(
                PartyKey::LATE
                    .iter()
                    .map(|&key| Param::Party { party: p, key }),
            );
        }
        if let Some(v) = s.truce.as_ref().and_then(|t| t.verification.as_ref()) {
            out.extend((0..v.detection.len()).map(Param::Detection));
        }
        out
    }

    /// The uncertain numbers of `s`: [`Param::all`] without the detection probabilities.
    pub fn uncertain_numbers(s: &Scenario) -> Vec<Param> {
        Param::all(s)
            .into_iter()
            .filter(|p| !matches!(p, Param::Detection(_)) && p.matters(s))
            .collect()
    }

    /// Whether the engine reads this number at all: the beta of a hardliner or tit-for-tat
    /// party, and momentum sensitivity without a battlefield, change nothing (varying them
    /// would only spend runs on zero rows).
    fn matters(&self, s: &Scenario) -> bool {
        match *self {
            Param::Party {
                party,
                key: PartyKey::Beta,
            } => s
                .parties
                .get(party)
                .is_some_and(|p| p.strategy.tactic.tactic().reads_beta()),
            Param::Party {
                key: PartyKey::MomentumSensitivity,
                ..
            } => s.battlefield.is_some(),
            // Only a required party's cost of delay and one-off gain enter its decisions, and
            // a one-off gain only where a pause can be renewed.
            Param::Party {
                party,
                key: PartyKey::DelayCost,
            } => s.parties.get(party).is_some_and(|p| p.must_agree),
            Param::Party {
                party,
                key: PartyKey::OneOffGain,
            } => {
                s.parties.get(party).is_some_and(|p| p.must_agree)
                    && s.truce.as_ref().is_some_and(|t| t.renewable)
            }
            _ => true,
        }
    }

    /// The path as typed on the command line.
    pub fn path(&self, s: &Scenario) -> String {
        let party = |p: usize| s.parties.get(p).map_or("?", |x| x.id.as_str());
        match *self {
            Param::Momentum | Param::Drift | Param::Volatility => {
                let key = Param::BATTLEFIELD
                    .iter()
                    .find(|(_, param)| param == self)
                    .map_or("?", |(key, _)| *key);
                format!("battlefield.{key}")
            }
            Param::Party { party: p, key } => format!("parties.{}.{}", party(p), key.as_str()),
            Param::Weight { party: p, issue } => format!(
                "parties.{}.positions.{}.weight",
                party(p),
                s.issues.get(issue).map_or("?", |i| i.id.as_str())
            ),
            Param::Penalty {
                party: p,
                condition,
            } => {
                format!(
                    "parties.{}.conditions.{}.penalty",
                    party(p),
                    condition_name(s, p, condition)
                )
            }
            Param::WaiveBelow {
                party: p,
                condition,
            } => format!(
                "parties.{}.conditions.{}.waive_below",
                party(p),
                condition_name(s, p, condition)
            ),
            Param::EventProbability(e) => format!(
                "events.{}.probability",
                s.events.get(e).map_or("?", |x| x.id.as_str())
            ),
            Param::FrontlineKm => "truce.frontline_km".into(),
            Param::ViolationRate => "truce.violation_rate".into(),
            Param::Detection(k) => format!("truce.detection.{}", detection_option(s, k)),
        }
    }

    /// A short human label for charts: `Russia reservation`, `frontline length (km)`.
    pub fn label(&self, s: &Scenario) -> String {
        let party = |p: usize| s.parties.get(p).map_or("?", |x| x.name.as_str());
        let issue = |i: usize| s.issues.get(i).map_or("?", |x| x.label.as_str());
        let condition_issue = |p: usize, c: usize| {
            s.parties
                .get(p)
                .and_then(|x| x.conditions.get(c))
                .map_or("?", |c| issue(c.constraint.issue))
        };
        match *self {
            Param::Momentum => "battlefield momentum at the start".into(),
            Param::Drift => "battlefield drift per round".into(),
            Param::Volatility => "battlefield volatility per round".into(),
            Param::Party { party: p, key } => format!(
                "{} {}",
                party(p),
                match key {
                    PartyKey::Beta => "concession timing (beta)".into(),
                    PartyKey::DelayCost => "cost of delay per week".into(),
                    PartyKey::OneOffGain => "one-off share of its gain from the pause".into(),
                    k => k.as_str().replace('_', " "),
                }
            ),
            Param::Weight { party: p, issue: i } => {
                format!("{} weight on {}", party(p), issue(i).to_lowercase())
            }
            Param::Penalty {
                party: p,
                condition,
            } => format!(
                "{} penalty: {}",
                party(p),
                condition_issue(p, condition).to_lowercase()
            ),
            Param::WaiveBelow {
                party: p,
                condition,
            } => format!(
                "{} waives below: {}",
                party(p),
                condition_issue(p, condition).to_lowercase()
            ),
            Param::EventProbability(e) => format!(
                "chance per round: {}",
                s.events.get(e).map_or("?", |x| x.label.as_str())
            ),
            Param::FrontlineKm => "frontline length (km)".into(),
            Param::ViolationRate => "violation rate at zero trust".into(),
            Param::Detection(k) => format!(
                "detection probability with {}",
                detection_option(s, k).replace('_', " ")
            ),
        }
    }

    /// The uncertain number itself (`None` for a detection probability, a plain number).
    pub fn uncertain<'a>(&self, s: &'a Scenario) -> Option<&'a Uncertain> {
        let party = |p: usize| s.parties.get(p);
        match *self {
            Param::Momentum => s.battlefield.as_ref().map(|b| &b.momentum),
            Param::Drift => s.battlefield.as_ref().map(|b| &b.drift),
            Param::Volatility => s.battlefield.as_ref().map(|b| &b.volatility),
            Param::Party { party: p, key } => party(p).map(|x| match key {
                PartyKey::Leverage => &x.leverage,
                PartyKey::Trust => &x.trust,
                PartyKey::Reservation => &x.reservation,
                PartyKey::MomentumSensitivity => &x.momentum_sensitivity,
                PartyKey::Beta => &x.strategy.beta,
                PartyKey::DelayCost => &x.delay_cost,
                PartyKey::OneOffGain => &x.one_off_gain,
            }),
            Param::Weight { party: p, issue } => party(p)
                .and_then(|x| x.positions.get(issue))
                .map(|x| &x.weight),
            Param::Penalty {
                party: p,
                condition,
            } => party(p)
                .and_then(|x| x.conditions.get(condition))
                .map(|c| &c.penalty),
            Param::WaiveBelow {
                party: p,
                condition,
            } => party(p)
                .and_then(|x| x.conditions.get(condition))
                .map(|c| &c.waive_below),
            Param::EventProbability(e) => s.events.get(e).map(|x| &x.probability),
            Param::FrontlineKm => s.truce.as_ref().map(|t| &t.frontline_km),
            Param::ViolationRate => s.truce.as_ref().map(|t| &t.violation_rate),
            Param::Detection(_) => None,
        }
    }

    fn uncertain_mut<'a>(&self, s: &'a mut Scenario) -> Option<&'a mut Uncertain> {
        match *self {
            Param::Momentum => s.battlefield.as_mut().map(|b| &mut b.momentum),
            Param::Drift => s.battlefield.as_mut().map(|b| &mut b.drift),
            Param::Volatility => s.battlefield.as_mut().map(|b| &mut b.volatility),
            Param::Party { party: p, key } => s.parties.get_mut(p).map(|x| match key {
                PartyKey::Leverage => &mut x.leverage,
                PartyKey::Trust => &mut x.trust,
                PartyKey::Reservation => &mut x.reservation,
                PartyKey::MomentumSensitivity => &mut x.momentum_sensitivity,
                PartyKey::Beta => &mut x.strategy.beta,
                PartyKey::DelayCost => &mut x.delay_cost,
                PartyKey::OneOffGain => &mut x.one_off_gain,
            }),
            Param::Weight { party: p, issue } => s
                .parties
                .get_mut(p)
                .and_then(|x| x.positions.get_mut(issue))
                .map(|x| &mut x.weight),
            Param::Penalty {
                party: p,
                condition,
            } => s
                .parties
                .get_mut(p)
                .and_then(|x| x.conditions.get_mut(condition))
                .map(|c| &mut c.penalty),
            Param::WaiveBelow {
                party: p,
                condition,
            } => s
                .parties
                .get_mut(p)
                .and_then(|x| x.conditions.get_mut(condition))
                .map(|c| &mut c.waive_below),
            Param::EventProbability(e) => s.events.get_mut(e).map(|x| &mut x.probability),
            Param::FrontlineKm => s.truce.as_mut().map(|t| &mut t.frontline_km),
            Param::ViolationRate => s.truce.as_mut().map(|t| &mut t.violation_rate),
            Param::Detection(_) => None,
        }
    }

    /// The unit of the number, for axis titles and sliders: `km`, `chance per round`, `0 to 1`.
    pub fn unit(&self) -> &'static str {
        match self {
            Param::FrontlineKm => "km",
            Param::ViolationRate => "per km per day",
            Param::EventProbability(_) => "chance per round",
            Param::Detection(_) => "probability",
            Param::Momentum => "-1 to 1, > 0 favours the first side",
            Param::Drift => "change per round",
            Param::Volatility => "sd per round",
            Param::Weight { .. } => "relative weight",
            Param::Party {
                key: PartyKey::Beta,
                ..
            } => "exponent",
            Param::Party {
                key: PartyKey::DelayCost,
                ..
            } => "utility per week",
            Param::Party {
                key: PartyKey::OneOffGain,
                ..
            } => "share of the gain",
            _ => "0 to 1",
        }
    }

    /// The values the key allows, `(lo, hi)` (`hi` may be infinite).
    pub fn range(&self, s: &Scenario) -> (f64, f64) {
        match self.uncertain(s) {
            Some(u) => (u.lo, u.hi),
            None => (0.0, 1.0),
        }
    }

    /// Whether the number can take the value `v` (finite and inside [`Param::range`]; a key
    /// that must be positive refuses 0).
    pub fn accepts(&self, s: &Scenario, v: f64) -> bool {
        let (lo, hi) = self.range(s);
        let open_zero = lo > 0.0 && lo < 1e-6;
        v.is_finite() && v >= lo && v <= hi && !(open_zero && v <= 0.0)
    }

    /// The values the number can take, as people read them: `[0, 1]`, `> 0`, `>= 0`.
    pub fn allowed(&self, s: &Scenario) -> String {
        let (lo, hi) = self.range(s);
        let open_zero = lo > 0.0 && lo < 1e-6;
        match (hi.is_finite(), open_zero) {
            (true, _) => format!("[{}, {}]", format_number(lo), format_number(hi)),
            (false, true) => "> 0".to_string(),
            (false, false) => format!(">= {}", format_number(lo)),
        }
    }

    /// The number's central value: the mean of its distribution, or the detection probability
    /// itself.
    pub fn central(&self, s: &Scenario) -> f64 {
        match (self, self.uncertain(s)) {
            (_, Some(u)) => u.central(),
            (Param::Detection(k), None) => s
                .truce
                .as_ref()
                .and_then(|t| t.verification.as_ref())
                .and_then(|v| v.detection.get(*k))
                .copied()
                .unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// Everything a slider or a table needs to show this number.
    pub fn number(&self, s: &Scenario) -> Number {
        Number {
            param: *self,
            path: self.path(s),
            label: self.label(s),
            unit: self.unit(),
            given: self.describe(s),
            central: self.central(s),
            range: self.range(s),
        }
    }

    /// Every uncertain number of `s` the engine reads ([`Param::uncertain_numbers`]), with its
    /// label and unit.
    pub fn numbers(s: &Scenario) -> Vec<Number> {
        Param::uncertain_numbers(s)
            .iter()
            .map(|p| p.number(s))
            .collect()
    }

    /// The number as the file gives it: `0.65` or `uniform 0.5..0.8`.
    pub fn describe(&self, s: &Scenario) -> String {
        match (self, self.uncertain(s)) {
            (_, Some(u)) => describe(u),
            (Param::Detection(k), None) => s
                .truce
                .as_ref()
                .and_then(|t| t.verification.as_ref())
                .and_then(|v| v.detection.get(*k))
                .map_or_else(|| "?".into(), |d| format_number(*d)),
            _ => "?".into(),
        }
    }

    /// Fix the number at `v` in `s` (a copy of the scenario), keeping the random numbers every
    /// other draw of a run sees (see the module docs). A value the key does not allow is
    /// refused and `s` left as it was.
    pub fn pin(&self, s: &mut Scenario, v: f64) -> Result<(), ParamError> {
        if !self.accepts(s, v) {
            return Err(ParamError::OutOfRange {
                path: self.path(s),
                value: format_number(v),
                allowed: self.allowed(s),
            });
        }
        if let Param::Detection(k) = *self {
            if let Some(d) = s
                .truce
                .as_mut()
                .and_then(|t| t.verification.as_mut())
                .and_then(|v| v.detection.get_mut(k))
            {
                *d = v;
            }
            return Ok(());
        }
        if let Some(u) = self.uncertain_mut(s) {
            if let Dist::Fixed(x) = &mut u.dist {
                *x = v;
            } else {
                u.lo = v;
                u.hi = v;
            }
        }
        Ok(())
    }

    /// Parse a path against the scenario. Unknown parts get a "did you mean" where one is close.
    pub fn parse(s: &Scenario, path: &str) -> Result<Param, ParamError> {
        let path = path.trim();
        if let Some(p) = Param::all(s).into_iter().find(|p| p.path(s) == path) {
            return Ok(p);
        }
        let unknown = |problem: String| Err(ParamError::UnknownPath { problem });
        let parts: Vec<&str> = path.split('.').collect();
        // Name the first segment that is wrong, the way a person would look for the mistake.
        match parts.as_slice() {
            ["parties", id, ..] if s.party_index(id).is_none() => {
                let ids: Vec<&str> = s.parties.iter().map(|p| p.id.as_str()).collect();
                unknown(format!(
                    "unknown party `{id}`{}",
                    hint(id, &ids).unwrap_or_else(|| format!(" (parties: {})", ids.join(", ")))
                ))
            }
            ["battlefield", ..] if s.battlefield.is_none() => {
                unknown("this scenario has no [battlefield]".into())
            }
            ["truce", ..] if s.truce.is_none() => unknown("this scenario has no [truce]".into()),
            ["truce", "detection", option] => {
                let options: Vec<String> = Param::all(s)
                    .iter()
                    .filter_map(|p| match p {
                        Param::Detection(k) => Some(detection_option(s, *k).to_string()),
                        _ => None,
                    })
                    .collect();
                let opts: Vec<&str> = options.iter().map(String::as_str).collect();
                if opts.is_empty() {
                    unknown(
                        "this scenario's [truce] has no verification_issue and detection".into(),
                    )
                } else {
                    unknown(format!(
                        "unknown detection option `{option}`{}",
                        hint(option, &opts)
                            .unwrap_or_else(|| format!(" (options: {})", opts.join(", ")))
                    ))
                }
            }
            _ => {
                let all: Vec<String> = Param::all(s).iter().map(|p| p.path(s)).collect();
                let paths: Vec<&str> = all.iter().map(String::as_str).collect();
                unknown(format!(
                    "unknown path `{path}`{}",
                    hint(path, &paths).unwrap_or_default()
                ))
            }
        }
    }
}

/// `0.65`, `uniform 0.5..0.8`, `triangular 3e-05..0.0001..0.0003`: like
/// [`Uncertain::describe`], but with 4 significant digits so that small rates do not print as 0.
fn describe(u: &Uncertain) -> String {
    let n = |v: f64| -> String {
        let r: f64 = format!("{v:.3e}").parse().unwrap_or(v);
        r.to_string()
    };
    match &u.dist {
        Dist::Fixed(v) => n(*v),
        Dist::Uniform { min, max } => format!("uniform {}..{}", n(*min), n(*max)),
        Dist::Triangular { min, mode, max, .. } => {
            format!("triangular {}..{}..{}", n(*min), n(*mode), n(*max))
        }
        Dist::Normal { mean, sd, .. } => format!("normal {} ± {}", n(*mean), n(*sd)),
        Dist::Beta { alpha, beta, .. } => format!("beta({}, {})", n(*alpha), n(*beta)),
    }
}

/// ` (did you mean `x`?)` for a likely typo of one of `candidates`.
fn hint(word: &str, candidates: &[&str]) -> Option<String> {
    closest(word, candidates.iter().copied()).map(|c| format!(" (did you mean `{c}`?)"))
}

/// A condition named by its issue; `issue#2` for a party's second condition on the same issue.
fn condition_name(s: &Scenario, party: usize, condition: usize) -> String {
    let Some(p) = s.parties.get(party) else {
        return "?".into();
    };
    let Some(c) = p.conditions.get(condition) else {
        return "?".into();
    };
    let id = s
        .issues
        .get(c.constraint.issue)
        .map_or("?", |i| i.id.as_str());
    let same_before = p.conditions[..condition]
        .iter()
        .filter(|o| o.constraint.issue == c.constraint.issue)
        .count();
    if same_before == 0 {
        id.to_string()
    } else {
        format!("{id}#{}", same_before + 1)
    }
}

fn detection_option(s: &Scenario, k: usize) -> &str {
    s.truce
        .as_ref()
        .and_then(|t| t.verification.as_ref())
        .and_then(|v| s.issues.get(v.issue))
        .and_then(|i| match &i.kind {
            IssueKind::Options(o) => o.get(k).map(String::as_str),
            IssueKind::Numeric { .. } => None,
        })
        .unwrap_or("?")
}

/// Every valid path of `s`, grouped one line per party or section, for error messages:
/// `parties.russia.{leverage,trust,...}`, `events.{a,b}.probability`.
pub fn valid_paths(s: &Scenario) -> String {
    // (head, middles, ends): the line `head.{middles}.{ends}`.
    let mut groups: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for p in Param::all(s) {
        let path = p.path(s);
        let segs: Vec<&str> = path.split('.').collect();
        let (head, middle, end) = match p {
            Param::Party { .. } => (2, segs.len() - 2, 0),
            Param::Weight { .. } | Param::Penalty { .. } | Param::WaiveBelow { .. } => (3, 1, 1),
            Param::EventProbability(_) => (1, 1, 1),
            _ => (segs.len() - 1, 1, 0),
        };
        let head_text = segs[..head].join(".");
        let middle_text = segs[head..head + middle].join(".");
        let end_text = segs[head + middle..head + middle + end].join(".");
        match groups
            .iter_mut()
            .find(|(h, _, e)| *h == head_text && e.len() == 1 && e[0] == end_text)
        {
            Some((_, middles, _)) => middles.push(middle_text),
            None => groups.push((head_text, vec![middle_text], vec![end_text])),
        }
    }
    // Lines that differ only in their end (a condition's penalty and waive_below) become one.
    let mut merged: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (head, middles, ends) in groups {
        match merged
            .iter_mut()
            .find(|(h, m, _)| *h == head && *m == middles)
        {
            Some((_, _, e)) => e.extend(ends),
            None => merged.push((head, middles, ends)),
        }
    }
    let braced = |items: &[String]| {
        if items.len() == 1 {
            items[0].clone()
        } else {
            format!("{{{}}}", items.join(","))
        }
    };
    merged
        .iter()
        .map(|(head, middles, ends)| {
            let mut line = format!("  {head}.{}", braced(middles));
            if ends.iter().any(|e| !e.is_empty()) {
                line.push('.');
                line.push_str(&braced(ends));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Draws;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn scenario() -> Scenario {
        let text = include_str!("../../../tests/fixtures/sweep/small.toml");
        crate::scenario::parse(text.as_bytes(), "small.toml").expect("fixture loads")
    }

    /// Pinning a drawn number leaves every other draw of a run as it was (common random
    /// numbers against the scenario as written), which `Dist::Fixed` would not.
    #[test]
    fn pinning_keeps_every_other_draw() {
        let s = scenario();
        let lev = Param::parse(&s, "parties.north.leverage").unwrap();
        let mut pinned = s.clone();
        lev.pin(&mut pinned, 0.55).unwrap();
        let (mut a, mut b) = (Draws::new(&s), Draws::new(&s));
        for seed in 0..50 {
            a.draw(&s, &mut ChaCha8Rng::seed_from_u64(seed));
            b.draw(&pinned, &mut ChaCha8Rng::seed_from_u64(seed));
            assert_eq!(b.leverage[0], 0.55);
            assert_eq!(a.trust, b.trust);
            assert_eq!(a.reservation, b.reservation);
            assert_eq!(a.leverage[1..], b.leverage[1..]);
        }
        assert_eq!(pinned.parties[0].leverage.central(), 0.55);
    }

    #[test]
    fn pinning_a_fixed_number_and_a_detection_probability() {
        let s = scenario();
        let mut pinned = s.clone();
        Param::parse(&s, "parties.south.reservation")
            .unwrap()
            .pin(&mut pinned, 0.7)
            .unwrap();
        Param::parse(&s, "truce.detection.joint")
            .unwrap()
            .pin(&mut pinned, 0.9)
            .unwrap();
        assert!(matches!(pinned.parties[1].reservation.dist, Dist::Fixed(v) if v == 0.7));
        let detection = &pinned
            .truce
            .as_ref()
            .unwrap()
            .verification
            .as_ref()
            .unwrap()
            .detection;
        assert_eq!(detection[1], 0.9);
    }

    #[test]
    fn pinning_refuses_values_the_key_does_not_allow() {
        let s = scenario();
        let trust = Param::parse(&s, "parties.north.trust").unwrap();
        let mut pinned = s.clone();
        let e = trust.pin(&mut pinned, 1.5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "1.5 is outside the range of parties.north.trust, which must be [0, 1]"
        );
        assert!(trust.pin(&mut pinned, f64::NAN).is_err());
        let km = Param::parse(&s, "truce.frontline_km").unwrap();
        assert!(!km.accepts(&s, 0.0), "a front must be longer than 0 km");
        assert_eq!(km.allowed(&s), "> 0");
    }

    #[test]
    fn every_uncertain_number_has_a_label_and_a_unit() {
        let s = scenario();
        let numbers = Param::numbers(&s);
        assert!(!numbers.is_empty());
        for n in &numbers {
            assert!(!n.label.is_empty() && !n.unit.is_empty(), "{n:?}");
            assert_eq!(Param::parse(&s, &n.path), Ok(n.param));
            assert!(n.param.accepts(&s, n.central), "{n:?}");
        }
        let km = numbers
            .iter()
            .find(|n| n.path == "truce.frontline_km")
            .expect("the front");
        assert_eq!(km.unit, "km");
        assert_eq!(km.label, "frontline length (km)");
    }

    #[test]
    fn unknown_paths_say_which_part_is_wrong() {
        let s = scenario();
        let e = Param::parse(&s, "parties.nort.trust").unwrap_err();
        assert!(e.to_string().contains("did you mean `north`"), "{e}");
        let e = Param::parse(&s, "battlefield.drfit").unwrap_err();
        assert!(
            e.to_string().contains("did you mean `battlefield.drift`"),
            "{e}"
        );
    }
}
