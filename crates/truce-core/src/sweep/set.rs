//! `--set PATH=A..B[:STEPS]`, parsed once into a [`SetSpec`] and validated against the
//! scenario (like hyperfine's `--parameter-scan`): nothing downstream re-reads the text.

use crate::model::{Scenario, format_number};
use crate::param::Param;

/// Points of a range when `:STEPS` is left out.
pub const DEFAULT_STEPS: u32 = 11;
/// Most points one `--set` may ask for.
pub const MAX_STEPS: u32 = 1000;

/// One swept number and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct SetSpec {
    /// The number.
    pub param: Param,
    /// The path as the user typed it, trimmed (for tables and file headers).
    pub path: String,
    /// First value.
    pub from: f64,
    /// Last value.
    pub to: f64,
    /// Points from first to last, inclusive.
    pub steps: u32,
}

impl SetSpec {
    /// Parse `PATH=A..B[:STEPS]` (or `PATH=A`, one point) against `s`. The error names the
    /// problem in one sentence; the caller adds the list of valid paths.
    pub fn parse(s: &Scenario, text: &str) -> Result<SetSpec, String> {
        let Some((path, range)) = text.split_once('=') else {
            return Err(format!(
                "`{text}` is not PATH=A..B[:STEPS] (missing `=`), e.g. parties.russia.leverage=0.4..0.8:9"
            ));
        };
        let path = path.trim();
        let param = Param::parse(s, path).map_err(|e| e.to_string())?;
        let number = |t: &str, what: &str| -> Result<f64, String> {
            let t = t.trim();
            match t.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(format!("{what} `{t}` is not a number")),
            }
        };
        let (span, steps_text) = match range.rsplit_once(':') {
            Some((span, steps)) => (span, Some(steps.trim())),
            None => (range, None),
        };
        let (from, to) = match span.split_once("..") {
            Some((a, b)) => (number(a, "the start")?, number(b, "the end")?),
            None => {
                let v = number(span, "the value")?;
                (v, v)
            }
        };
        let steps = match steps_text {
            None if from == to => 1,
            None => DEFAULT_STEPS,
            Some(t) => match t.parse::<u64>() {
                Ok(n) if (1..=u64::from(MAX_STEPS)).contains(&n) => n as u32,
                Ok(n) => {
                    return Err(format!("STEPS must be 1..={MAX_STEPS}, not {n}"));
                }
                Err(_) => {
                    return Err(format!(
                        "STEPS `{t}` is not a whole number of points (1..={MAX_STEPS})"
                    ));
                }
            },
        };
        if from > to {
            return Err(format!(
                "the range {}..{} runs backwards (A must be <= B)",
                format_number(from),
                format_number(to)
            ));
        }
        if from == to && steps > 1 {
            return Err(format!(
                "{}..{} is one value: {steps} steps would run the same point {steps} times; give it as {path}={}",
                format_number(from),
                format_number(to),
                format_number(from)
            ));
        }
        if from < to && steps < 2 {
            return Err(format!(
                "{}..{} with 1 step: give STEPS >= 2, or a single value as {path}=A",
                format_number(from),
                format_number(to)
            ));
        }
        if !param.accepts(s, from) || !param.accepts(s, to) {
            let allowed = param.allowed(s);
            return Err(format!(
                "{}..{} is outside the range of {path}, which must be {allowed}",
                format_number(from),
                format_number(to)
            ));
        }
        Ok(SetSpec {
            param,
            path: param.path(s),
            from,
            to,
            steps,
        })
    }

    /// The values, evenly spaced from `from` to `to` inclusive (the last is exactly `to`).
    pub fn values(&self) -> Vec<f64> {
        if self.steps <= 1 {
            return vec![self.from];
        }
        let n = self.steps - 1;
        (0..=n)
            .map(|k| {
                if k == n {
                    self.to
                } else {
                    super::tidy(self.from + (self.to - self.from) * f64::from(k) / f64::from(n))
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let text = include_str!("../../../../tests/fixtures/sweep/small.toml");
        crate::scenario::parse(text.as_bytes(), "small.toml").expect("fixture loads")
    }

    #[test]
    fn parses_a_range_with_and_without_steps() {
        let s = scenario();
        let spec = SetSpec::parse(&s, "parties.north.reservation=0.2..0.6:5").unwrap();
        assert_eq!(spec.steps, 5);
        assert_eq!(spec.values(), vec![0.2, 0.3, 0.4, 0.5, 0.6]);
        assert_eq!(spec.path, "parties.north.reservation");
        let spec = SetSpec::parse(&s, " battlefield.momentum = -0.5..0.5 ").unwrap();
        assert_eq!(spec.steps, DEFAULT_STEPS);
        let v = spec.values();
        assert_eq!((v[0], v[10]), (-0.5, 0.5));
        assert!((v[5]).abs() < 1e-12);
        let spec = SetSpec::parse(&s, "truce.detection.joint=0.3").unwrap();
        assert_eq!(spec.values(), vec![0.3]);
    }

    #[test]
    fn refuses_bad_sets_with_the_reason() {
        let s = scenario();
        let cases = [
            ("parties.nort.trust=0..1", "did you mean `north`"),
            (
                "parties.north.trsut=0..1",
                "did you mean `parties.north.trust`",
            ),
            ("nonsense=0..1", "unknown path"),
            ("parties.north.trust=0.8..0.2", "backwards"),
            (
                "parties.north.trust=0..1:0",
                "STEPS must be 1..=1000, not 0",
            ),
            ("parties.north.trust=0..1:1001", "not 1001"),
            ("parties.north.trust=0..1:x", "not a whole number"),
            ("parties.north.trust=a..1", "`a` is not a number"),
            ("parties.north.trust=0..nan", "`nan` is not a number"),
            ("parties.north.trust=0..1.5", "outside the range"),
            ("truce.frontline_km=0..100", "> 0"),
            ("truce.detection.jiont=0..1", "did you mean `joint`"),
            ("parties.north.trust", "missing `=`"),
            ("parties.north.trust=0..1:1", "STEPS >= 2"),
            ("parties.north.trust=0.5..0.5:4", "is one value"),
        ];
        for (text, expected) in cases {
            match SetSpec::parse(&s, text) {
                Ok(spec) => panic!("{text} parsed as {spec:?}"),
                Err(e) => assert!(e.contains(expected), "{text}: {e}"),
            }
        }
    }

    #[test]
    fn every_listed_path_parses() {
        let s = scenario();
        for p in Param::all(&s) {
            assert_eq!(Param::parse(&s, &p.path(&s)), Ok(p));
        }
        let list = crate::param::valid_paths(&s);
        assert!(
            list.contains(
                "parties.north.{leverage,trust,reservation,momentum_sensitivity,strategy.beta,delay_cost,one_off_gain}"
            ),
            "{list}"
        );
        assert!(
            list.contains("truce.detection.{none,joint,international}"),
            "{list}"
        );
    }
}
