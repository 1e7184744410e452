//! `[observed]`: what really happened, so that `truce backtest` can score a forecast.
//!
//! The engine never reads this table. It is validated like every other table because a
//! mistyped outcome or a date that does not exist would silently score the wrong thing.

use super::lookup::enum_value;
use super::numbers::Problems;
use super::raw::{OutcomeName, RawObserved, Sp};
use crate::model::{Observed, Outcome, format_number};

pub fn observed(
    p: &mut Problems,
    raw: &Sp<RawObserved>,
    horizon_days: Option<i64>,
) -> Option<Observed> {
    let r = raw.get_ref();
    let as_of = match &r.as_of {
        Some(d) if is_date(d.get_ref()) => Some(d.get_ref().clone()),
        Some(d) => {
            p.hinted(
                d.span(),
                format!("as_of `{}` is not a date", d.get_ref()),
                "write the date as YYYY-MM-DD, like \"2025-03-13\"",
            );
            None
        }
        None => {
            p.hinted(
                raw.span(),
                "[observed] has no `as_of`",
                "add as_of = \"YYYY-MM-DD\": the date the scenario's information stops",
            );
            None
        }
    };
    let outcome = match &r.outcome {
        Some(o) => enum_value::<OutcomeName>(p, o, "outcome").map(|o| match o {
            OutcomeName::NoDeal => Outcome::NoDeal,
            OutcomeName::Walkout => Outcome::Walkout,
            OutcomeName::Collapsed => Outcome::Collapsed,
            OutcomeName::Expired => Outcome::Expired,
            OutcomeName::Held => Outcome::Held,
        }),
        None => {
            p.hinted(
                raw.span(),
                "[observed] has no `outcome`",
                "add outcome = one of no_deal, walkout, collapsed, expired, held",
            );
            None
        }
    };
    let truce_days = match &r.truce_days {
        None => Some(None),
        Some(d) => {
            let x = *d.get_ref();
            if !x.is_finite() || x < 0.0 {
                p.hinted(
                    d.span(),
                    format!("truce_days {} is outside its range", format_number(x)),
                    "truce_days must be a number of days >= 0",
                );
                None
            } else if let Some(h) = horizon_days
                && x > h as f64
            {
                p.hinted(
                    d.span(),
                    format!("truce_days {} is past the horizon", format_number(x)),
                    format!("the scenario simulates {h} days (horizon_days); count the days kept within it"),
                );
                None
            } else if let Some(o) = outcome
                && !o.signed()
            {
                p.hinted(
                    d.span(),
                    format!("truce_days given for outcome `{}`", o.as_str()),
                    "only a signed pause (collapsed, expired, held) has days kept; remove truce_days",
                );
                None
            } else {
                Some(Some(x))
            }
        }
    };
    let agreement_day = match &r.agreement_day {
        None => Some(None),
        Some(d) => {
            let x = *d.get_ref();
            let horizon = horizon_days.unwrap_or(i64::MAX);
            if !(0..=horizon).contains(&x) {
                p.hinted(
                    d.span(),
                    format!("agreement_day {x} is outside its range"),
                    format!(
                        "the day of signing, counted from as_of: 0 to {horizon} (horizon_days)"
                    ),
                );
                None
            } else if let Some(o) = outcome
                && !o.signed()
            {
                p.hinted(
                    d.span(),
                    format!("agreement_day given for outcome `{}`", o.as_str()),
                    "only a signed pause (collapsed, expired, held) has a day of signing; remove agreement_day",
                );
                None
            } else {
                u32::try_from(x).ok().map(Some)
            }
        }
    };
    let strings = |v: &Option<Sp<Vec<Sp<String>>>>| -> Vec<String> {
        v.as_ref()
            .map(|l| l.get_ref().iter().map(|x| x.get_ref().clone()).collect())
            .unwrap_or_default()
    };
    Some(Observed {
        as_of: as_of?,
        outcome: outcome?,
        truce_days: truce_days?,
        agreement_day: agreement_day?,
        sources: strings(&r.sources),
        note: r
            .note
            .as_ref()
            .map(|n| n.get_ref().clone())
            .unwrap_or_default(),
    })
}

/// `YYYY-MM-DD` naming a day that exists (Gregorian, leap years included).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &text[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates_must_exist() {
        for good in ["2025-03-13", "2024-02-29", "2000-02-29", "1951-07-10"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2025-3-13",
            "2025-02-29",
            "1900-02-29",
            "2025-13-01",
            "2025-04-31",
            "20250313",
            "2025-03-1x",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
