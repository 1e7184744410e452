//! Numbers: ranges of keys, integers, and uncertain numbers checked and turned into draws.

use std::ops::Range;

use rand_distr::{Normal, Triangular};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::diagnostic::Diagnostic;
use super::raw::{DistName, DistSpec, RawUncertain, Sp};
use super::schema::names_of;
use crate::engine::BetaDraw;
use crate::model::{Dist, Uncertain, format_value};
use crate::suggest::hint_for;

/// Collects every problem found during validation.
#[derive(Default)]
pub struct Problems {
    pub list: Vec<Diagnostic>,
}

impl Problems {
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.list.push(Diagnostic::new(span, message));
    }

    pub fn hinted(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.list
            .push(Diagnostic::new(span, message).with_hint(hint));
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The values a key allows.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
    /// Whether `lo` itself is excluded (`> 0` rather than `>= 0`).
    pub lo_open: bool,
}

impl Bounds {
    pub const UNIT: Bounds = Bounds {
        lo: 0.0,
        hi: 1.0,
        lo_open: false,
    };
    /// `private_information`: `[0, 0.5]`.
    pub const HALF: Bounds = Bounds {
        lo: 0.0,
        hi: 0.5,
        lo_open: false,
    };
    pub const SIGNED: Bounds = Bounds {
        lo: -1.0,
        hi: 1.0,
        lo_open: false,
    };
    pub const NON_NEGATIVE: Bounds = Bounds {
        lo: 0.0,
        hi: f64::INFINITY,
        lo_open: false,
    };
    pub const POSITIVE: Bounds = Bounds {
        lo: 0.0,
        hi: f64::INFINITY,
        lo_open: true,
    };

    pub fn contains(&self, v: f64) -> bool {
        let above = if self.lo_open {
            v > self.lo
        } else {
            v >= self.lo
        };
        above && v <= self.hi
    }

    pub fn describe(&self) -> String {
        match (self.hi.is_finite(), self.lo_open) {
            (true, _) => format!("in [{}, {}]", format_value(self.lo), format_value(self.hi)),
            (false, true) => format!("> {}", format_value(self.lo)),
            (false, false) => format!(">= {}", format_value(self.lo)),
        }
    }

    /// The clamp range the engine uses: an open bound becomes the smallest useful positive value.
    fn model(&self) -> (f64, f64) {
        (if self.lo_open { 1e-9 } else { self.lo }, self.hi)
    }

    fn is_unit(&self) -> bool {
        self.lo == 0.0 && self.hi == 1.0 && !self.lo_open
    }
}

/// Largest size of any number in a scenario file. Up to 1e15 a 64-bit float holds every
/// whole number exactly, so the width of a range, a value placed on it and back, and a sum of
/// a few such numbers stay finite and exact to the unit; near the float limit (1.8e308) the
/// width of `[-1e308, 1e308]` is infinite and every value placed on it is NaN. No quantity in a
/// negotiation (days, kilometres, money in any unit) comes near it.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// A finite number no larger than [`MAX_MAGNITUDE`], or an error at its span.
pub fn finite(p: &mut Problems, v: &Sp<f64>, key: &str) -> Option<f64> {
    let x = *v.get_ref();
    if !x.is_finite() {
        p.hinted(
            v.span(),
            format!("{key} is {}", format_value(x)),
            "numbers in a scenario must be finite",
        );
        None
    } else if x.abs() > MAX_MAGNITUDE {
        p.hinted(
            v.span(),
            format!("{key} {} is too large", format_value(x)),
            "numbers in a scenario must lie between -1e15 and 1e15",
        );
        None
    } else {
        Some(x)
    }
}

/// A finite number inside `bounds`.
pub fn bounded(p: &mut Problems, v: &Sp<f64>, key: &str, bounds: Bounds) -> Option<f64> {
    let x = finite(p, v, key)?;
    if bounds.contains(x) {
        Some(x)
    } else {
        p.hinted(
            v.span(),
            format!("{key} {} is outside its range", format_value(x)),
            format!("{key} must be {}", bounds.describe()),
        );
        None
    }
}

/// An integer key in `lo..=hi`, or `default` when absent.
pub fn integer(
    p: &mut Problems,
    v: &Option<Sp<i64>>,
    key: &str,
    lo: i64,
    hi: i64,
    default: i64,
) -> Option<i64> {
    let Some(v) = v else { return Some(default) };
    let x = *v.get_ref();
    if (lo..=hi).contains(&x) {
        Some(x)
    } else {
        let allowed = if hi == i64::MAX {
            format!(">= {lo}")
        } else {
            format!("in {lo}..={hi}")
        };
        p.hinted(
            v.span(),
            format!("{key} {x} is outside its range"),
            format!("{key} must be {allowed}"),
        );
        None
    }
}

/// An uncertain number, or the fixed `default` when absent.
pub fn uncertain_or(
    p: &mut Problems,
    v: &Option<Sp<RawUncertain>>,
    key: &str,
    bounds: Bounds,
    default: f64,
) -> Option<Uncertain> {
    match v {
        Some(v) => uncertain(p, v, key, bounds),
        None => {
            let (lo, hi) = bounds.model();
            Some(Uncertain::fixed(default, lo, hi))
        }
    }
}

/// A checked uncertain number whose every draw lies in `bounds`.
pub fn uncertain(
    p: &mut Problems,
    v: &Sp<RawUncertain>,
    key: &str,
    bounds: Bounds,
) -> Option<Uncertain> {
    let (lo, hi) = bounds.model();
    let dist = match v.get_ref() {
        RawUncertain::Fixed(x) => {
            let x = bounded(p, &Sp::new(v.span(), *x), key, bounds)?;
            Dist::Fixed(x)
        }
        RawUncertain::Dist(spec) => distribution(p, spec, v.span(), key, bounds)?,
    };
    Some(Uncertain { dist, lo, hi })
}

fn dist_kind(p: &mut Problems, name: &Sp<String>) -> Option<DistName> {
    let de: StrDeserializer<'_, ValueError> = name.get_ref().as_str().into_deserializer();
    match DistName::deserialize(de) {
        Ok(kind) => Some(kind),
        Err(_) => {
            let names = names_of::<DistName>();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            p.hinted(
                name.span(),
                format!("unknown distribution `{}`", name.get_ref()),
                hint_for(name.get_ref(), &names, "distributions"),
            );
            None
        }
    }
}

fn distribution(
    p: &mut Problems,
    spec: &DistSpec,
    table: Range<usize>,
    key: &str,
    bounds: Bounds,
) -> Option<Dist> {
    let Some(name) = &spec.dist else {
        p.hinted(
            table,
            format!("the distribution of {key} has no `dist`"),
            "add dist = \"uniform\", \"triangular\", \"normal\" or \"beta\"",
        );
        return None;
    };
    let kind = dist_kind(p, name)?;
    let params: [(&str, &Option<Sp<f64>>); 7] = [
        ("min", &spec.min),
        ("max", &spec.max),
        ("mode", &spec.mode),
        ("mean", &spec.mean),
        ("sd", &spec.sd),
        ("alpha", &spec.alpha),
        ("beta", &spec.beta),
    ];
    let (label, needed): (&str, &[&str]) = match kind {
        DistName::Uniform => ("uniform", &["min", "max"]),
        DistName::Triangular => ("triangular", &["min", "mode", "max"]),
        DistName::Normal => ("normal", &["mean", "sd"]),
        DistName::Beta => ("beta", &["alpha", "beta"]),
    };
    let before = p.list.len();
    for (param, value) in params {
        match (value, needed.contains(&param)) {
            (Some(v), false) => p.hinted(
                v.span(),
                format!("`{param}` does not belong to a {label} distribution"),
                format!("a {label} distribution takes {}", needed.join(", ")),
            ),
            (None, true) => p.hinted(
                table.clone(),
                format!("the {label} distribution of {key} has no `{param}`"),
                format!("a {label} distribution takes {}", needed.join(", ")),
            ),
            (Some(v), true) => {
                finite(p, v, param);
            }
            (None, false) => {}
        }
    }
    if p.list.len() > before {
        return None;
    }
    // Every needed parameter is present and finite past this point.
    let get = |value: &Option<Sp<f64>>| {
        value
            .as_ref()
            .map_or((0.0, 0..0), |v| (*v.get_ref(), v.span()))
    };
    let support = |p: &mut Problems, (x, span): (f64, Range<usize>), param: &str| {
        if !bounds.contains(x) {
            p.hinted(
                span,
                format!(
                    "{label} {param} {} lies outside the range of {key}",
                    format_value(x)
                ),
                format!("{key} must be {}", bounds.describe()),
            );
        }
    };
    match kind {
        DistName::Uniform | DistName::Triangular => {
            let (min, max) = (get(&spec.min), get(&spec.max));
            if min.0 > max.0 {
                p.error(
                    min.1.clone(),
                    format!(
                        "min {} is greater than max {}",
                        format_value(min.0),
                        format_value(max.0)
                    ),
                );
                return None;
            }
            support(p, min.clone(), "min");
            support(p, max.clone(), "max");
            if kind == DistName::Uniform {
                return (p.list.len() == before).then_some(Dist::Uniform {
                    min: min.0,
                    max: max.0,
                });
            }
            let mode = get(&spec.mode);
            if !(min.0..=max.0).contains(&mode.0) {
                p.hinted(
                    mode.1,
                    format!("mode {} is outside [min, max]", format_value(mode.0)),
                    format!(
                        "mode must lie in [{}, {}]",
                        format_value(min.0),
                        format_value(max.0)
                    ),
                );
            }
            let d = Triangular::new(min.0, max.0, mode.0).ok();
            let d = d.filter(|_| p.list.len() == before)?;
            Some(Dist::Triangular {
                min: min.0,
                mode: mode.0,
                max: max.0,
                d,
            })
        }
        DistName::Normal => {
            let (mean, sd) = (get(&spec.mean), get(&spec.sd));
            if sd.0 < 0.0 {
                p.hinted(
                    sd.1,
                    format!("sd {} is negative", format_value(sd.0)),
                    "sd must be >= 0",
                );
            }
            support(p, mean.clone(), "mean");
            let d = Normal::new(mean.0, sd.0)
                .ok()
                .filter(|_| p.list.len() == before)?;
            Some(Dist::Normal {
                mean: mean.0,
                sd: sd.0,
                d,
            })
        }
        DistName::Beta => {
            if !bounds.is_unit() {
                p.hinted(
                    name.span(),
                    format!("a beta distribution does not fit {key}"),
                    format!(
                        "beta draws lie in [0, 1], but {key} must be {}",
                        bounds.describe()
                    ),
                );
            }
            let (alpha, beta) = (get(&spec.alpha), get(&spec.beta));
            for ((x, span), param) in [(alpha.clone(), "alpha"), (beta.clone(), "beta")] {
                if x <= 0.0 {
                    p.hinted(
                        span,
                        format!("{param} {} is not positive", format_value(x)),
                        format!("{param} must be > 0"),
                    );
                }
            }
            if p.list.len() != before || !(alpha.0 > 0.0 && beta.0 > 0.0) {
                return None;
            }
            let d = BetaDraw::new(alpha.0, beta.0);
            Some(Dist::Beta {
                alpha: alpha.0,
                beta: beta.0,
                d,
            })
        }
    }
}
