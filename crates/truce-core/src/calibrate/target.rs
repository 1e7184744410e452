//! A calibration target as typed on the command line: `OUTCOME=P[+-E]`.
//!
//! `OUTCOME` is one of the five outcomes or `signed` (`collapsed + expired + held`), `P` the
//! wanted share in [0, 1] and `E` an optional tolerance (`+-` or `±`). Parsed once into a
//! [`Target`], with a did-you-mean for a misspelt outcome.

use crate::engine::Outcome;
use crate::suggest::closest;

use super::tilt::{self, CLASSES};

/// The name of "a pause was signed": collapsed, expired or held.
pub const SIGNED: &str = "signed";

/// Tolerance of a target given without one, when the calibrated scenario is checked: running
/// it must give a share within this distance of the target.
pub const DEFAULT_TOLERANCE: f64 = 0.02;

/// A target on the share of one outcome, or of `signed`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// As written by people: `signed`, `held`...
    pub name: String,
    /// Which outcomes the share counts, in [`Outcome::ALL`] order.
    pub set: [bool; CLASSES],
    /// The wanted share, in [0, 1].
    pub share: f64,
    /// The tolerance given (`+-E`), if any.
    pub tolerance: Option<f64>,
}

/// A target that could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("--target {text}: {problem}")]
pub struct TargetError {
    /// The target as typed.
    pub text: String,
    /// What is wrong, with a hint.
    pub problem: String,
}

impl Target {
    /// Parse `OUTCOME=P[+-E]`.
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let fail = |problem: String| TargetError {
            text: text.to_string(),
            problem,
        };
        let Some((name, rest)) = text.split_once('=') else {
            return Err(fail(
                "expected OUTCOME=SHARE, like signed=0.25 or held=0.05+-0.02".into(),
            ));
        };
        let name = name.trim();
        let set = outcome_set(name).ok_or_else(|| {
            let names = names();
            let hint = match closest(name, names.iter().copied()) {
                Some(c) => format!(" (did you mean `{c}`?)"),
                None => String::new(),
            };
            fail(format!(
                "unknown outcome `{name}`{hint}; targets name one of {}",
                names.join(", ")
            ))
        })?;
        let (share_text, tol_text) = match rest.split_once("+-").or_else(|| rest.split_once('±')) {
            Some((s, e)) => (s, Some(e)),
            None => (rest, None),
        };
        let number = |t: &str, what: &str| -> Result<f64, TargetError> {
            let t = t.trim();
            let v: f64 = t.parse().map_err(|_| {
                fail(format!(
                    "the {what} `{t}` is not a number; write a share as a fraction, like 0.25"
                ))
            })?;
            if !v.is_finite() {
                return Err(fail(format!("the {what} `{t}` is not a finite number")));
            }
            Ok(v)
        };
        let share = number(share_text, "share")?;
        if !(0.0..=1.0).contains(&share) {
            let hint = if share > 1.0 && share <= 100.0 {
                format!(
                    " (a share is a fraction: {} rather than {share})",
                    share / 100.0
                )
            } else {
                String::new()
            };
            return Err(fail(format!("the share {share} is outside [0, 1]{hint}")));
        }
        let tolerance = match tol_text {
            Some(t) => {
                let e = number(t, "tolerance")?;
                if !(0.0..0.5).contains(&e) {
                    return Err(fail(format!(
                        "the tolerance {e} must be at least 0 and below 0.5, like 0.02"
                    )));
                }
                Some(e)
            }
            None => None,
        };
        Ok(Target {
            name: name.to_string(),
            set,
            share,
            tolerance,
        })
    }

    /// The target for the tilt: its share, with its tolerance (0 when none was given).
    pub fn tilt_target(&self) -> tilt::Target {
        tilt::Target {
            set: self.set,
            share: self.share,
            tolerance: self.tolerance.unwrap_or(0.0),
        }
    }

    /// Its band for checking a calibrated scenario: the tolerance given, else
    /// [`DEFAULT_TOLERANCE`].
    pub fn check_tolerance(&self) -> f64 {
        self.tolerance.unwrap_or(DEFAULT_TOLERANCE)
    }

    /// The share of this target's outcomes among `counts`.
    pub fn share_of(&self, counts: &[u64; CLASSES]) -> f64 {
        let n: u64 = counts.iter().sum();
        if n == 0 {
            return 0.0;
        }
        let k: u64 = (0..CLASSES)
            .filter(|&c| self.set[c])
            .map(|c| counts[c])
            .sum();
        k as f64 / n as f64
    }

    /// Whether `counts` meet the target within its checking band.
    pub fn met_by(&self, counts: &[u64; CLASSES]) -> bool {
        (self.share_of(counts) - self.share).abs() <= self.check_tolerance() + 1e-12
    }

    /// `signed=0.25` or `held=0.05+-0.02`, as people typed it (normalised).
    pub fn describe(&self) -> String {
        match self.tolerance {
            Some(e) => format!("{}={}+-{}", self.name, self.share, e),
            None => format!("{}={}", self.name, self.share),
        }
    }
}

/// The outcomes a target may name.
pub fn names() -> Vec<&'static str> {
    let mut n: Vec<&'static str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
    n.push(SIGNED);
    n
}

fn outcome_set(name: &str) -> Option<[bool; CLASSES]> {
    let mut set = [false; CLASSES];
    if name == SIGNED {
        for o in Outcome::ALL {
            set[o.index()] = o.signed();
        }
        return Some(set);
    }
    let o = Outcome::parse(name)?;
    set[o.index()] = true;
    Some(set)
}

/// Two targets on the same outcomes cannot both be asked for.
pub fn check_distinct(targets: &[Target]) -> Result<(), TargetError> {
    for (i, a) in targets.iter().enumerate() {
        if let Some(b) = targets[..i].iter().find(|b| b.set == a.set) {
            return Err(TargetError {
                text: a.describe(),
                problem: format!(
                    "`{}` already has a target ({}); give each outcome one target",
                    a.name,
                    b.describe()
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_outcomes_signed_and_tolerances() {
        let t = Target::parse("signed=0.25").unwrap();
        assert_eq!(t.set, [false, false, true, true, true]);
        assert_eq!((t.share, t.tolerance), (0.25, None));
        assert_eq!(t.check_tolerance(), DEFAULT_TOLERANCE);
        let t = Target::parse(" held = 0.05+-0.02").unwrap();
        assert_eq!(t.set, [false, false, false, false, true]);
        assert_eq!(t.tolerance, Some(0.02));
        assert_eq!(
            Target::parse("walkout=0.5±0.1").unwrap().tolerance,
            Some(0.1)
        );
        assert!(t.met_by(&[0, 0, 0, 93, 7]));
        assert!(!t.met_by(&[0, 0, 0, 92, 8]));
    }

    #[test]
    fn bad_targets_say_what_is_wrong() {
        let e = Target::parse("siged=0.25").unwrap_err();
        assert!(e.to_string().contains("did you mean `signed`"), "{e}");
        let e = Target::parse("helt=0.1").unwrap_err();
        assert!(e.to_string().contains("did you mean `held`"), "{e}");
        let e = Target::parse("signed").unwrap_err();
        assert!(e.to_string().contains("OUTCOME=SHARE"), "{e}");
        let e = Target::parse("signed=25").unwrap_err();
        assert!(e.to_string().contains("0.25 rather than 25"), "{e}");
        assert!(Target::parse("signed=abc").is_err());
        assert!(Target::parse("signed=NaN").is_err());
        assert!(Target::parse("signed=0.2+-0.7").is_err());
        assert!(Target::parse("signed=0.2+--0.1").is_err());
        let a = Target::parse("held=0.1").unwrap();
        let b = Target::parse("held=0.2").unwrap();
        let e = check_distinct(&[a.clone(), b]).unwrap_err();
        assert!(e.to_string().contains("already has a target"), "{e}");
        assert!(check_distinct(&[a, Target::parse("signed=0.3").unwrap()]).is_ok());
    }
}
