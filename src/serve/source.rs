//! A scenario's source text as the browser app reads and rewrites it: the comment written above
//! each number (its source, or `assumption:` and why), and the file with some numbers changed.
//!
//! The loader validates files and keeps no comments, so this module walks the TOML once more
//! (with the same parser, `toml`'s spanned tree) to find where a number is written. A changed
//! file is the original text with only the changed values replaced and a comment above each,
//! so everything else (the sources, the other comments, the layout) stays as its author wrote
//! it. The explore page simulates exactly the file it offers for download: the rewritten text
//! goes through the loader before anything runs.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use truce_core::model::{Dist, Param, PartyKey, Scenario, Uncertain};

/// A number moved by a control: its new central value and its spread as a factor of the
/// written one (1 = as written; ignored for a fixed number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    pub param: Param,
    pub center: f64,
    pub spread: f64,
}

type Entry<'a, 'i> = (&'a Spanned<Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

fn entry<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<Entry<'a, 'i>> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

fn table<'a, 'i>(v: &'a Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

fn string<'a>(v: &'a Spanned<DeValue<'_>>) -> Option<&'a str> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

/// The element of the array of tables `key` whose `id` (or `id_key`) is `id`, and its span.
fn item_by<'a, 'i>(
    root: &'a DeTable<'i>,
    key: &str,
    id_key: &str,
    id: &str,
) -> Option<&'a Spanned<DeValue<'i>>> {
    match entry(root, key)?.1.get_ref() {
        DeValue::Array(items) => items.iter().find(|item| {
            table(item)
                .and_then(|t| entry(t, id_key))
                .and_then(|(_, v)| string(v))
                == Some(id)
        }),
        _ => None,
    }
}

/// Where a number is written, or where it would go.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The key's span, when the file writes the number.
    pub key: Option<Range<usize>>,
    /// The value's span, when the file writes the number.
    pub value: Option<Range<usize>>,
    /// Where to write the key when the file leaves it to its default.
    insert: Option<Insertion>,
    /// The key to write there (`beta`, `strategy.beta`, `weight`...).
    key_name: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Insertion {
    /// Inside an inline table, right after its `{`.
    Inline(usize),
    /// A new line starting at this offset, inside a table written with a header.
    Line(usize),
}

/// Where `key` is in the table `container` (whose span is `span`), or where it would go.
fn place_in(text: &str, container: &Spanned<DeValue<'_>>, key: &str) -> Option<Place> {
    let t = table(container)?;
    if let Some((k, v)) = entry(t, key) {
        return Some(Place {
            key: Some(k.span()),
            value: Some(v.span()),
            insert: None,
            key_name: key.to_string(),
        });
    }
    let span = container.span();
    let insert = if text.get(span.clone())?.trim_start().starts_with('{') {
        let brace = span.start + text[span.clone()].find('{')?;
        Insertion::Inline(brace + 1)
    } else {
        // After the line where the table's first value ends: still inside its section.
        let end = t.iter().map(|(_, v)| v.span().end).min()?;
        let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
        Insertion::Line(line_end)
    };
    Some(Place {
        key: None,
        value: None,
        insert: Some(insert),
        key_name: key.to_string(),
    })
}

/// Where `param` is written in `text` (the source of `s`), if it can be found.
pub fn place(text: &str, s: &Scenario, param: &Param) -> Option<Place> {
    let root = DeTable::parse(text).ok()?;
    let root = root.get_ref();
    let party = |p: usize| item_by(root, "parties", "id", &s.parties.get(p)?.id);
    match *param {
        Param::Party {
            party: p,
            key: PartyKey::Beta,
        } => {
            let pt = party(p)?;
            match entry(table(pt)?, "strategy") {
                Some((_, st)) if table(st).is_some() => place_in(text, st, "beta"),
                Some(_) => None,
                None => place_in(text, pt, "strategy.beta"),
            }
        }
        Param::Party { party: p, key } => place_in(text, party(p)?, key.as_str()),
        Param::Weight { party: p, issue } => {
            let positions = entry(table(party(p)?)?, "positions")?.1;
            let id = &s.issues.get(issue)?.id;
            place_in(text, entry(table(positions)?, id)?.1, "weight")
        }
        Param::Penalty {
            party: p,
            condition,
        }
        | Param::WaiveBelow {
            party: p,
            condition,
        } => {
            let key = if matches!(param, Param::Penalty { .. }) {
                "penalty"
            } else {
                "waive_below"
            };
            match entry(table(party(p)?)?, "conditions")?.1.get_ref() {
                DeValue::Array(items) => place_in(text, items.get(condition)?, key),
                _ => None,
            }
        }
        Param::EventProbability(e) => place_in(
            text,
            item_by(root, "events", "id", &s.events.get(e)?.id)?,
            "probability",
        ),
        Param::FrontlineKm | Param::ViolationRate => {
            let key = if *param == Param::FrontlineKm {
                "frontline_km"
            } else {
                "violation_rate"
            };
            place_in(text, entry(root, "truce")?.1, key)
        }
        Param::Momentum | Param::Drift | Param::Volatility => {
            let key = Param::BATTLEFIELD
                .iter()
                .find(|(_, p)| p == param)
                .map(|(k, _)| *k)?;
            place_in(text, entry(root, "battlefield")?.1, key)
        }
        Param::Detection(_) => None,
    }
}

/// The comment its author wrote for a number: the comment lines right above the line of its
/// key, and a comment at the end of that line. Empty when there is none.
pub fn comment(text: &str, place: &Place) -> String {
    let Some(key) = &place.key else {
        return String::new();
    };
    let line_start = text[..key.start].rfind('\n').map_or(0, |n| n + 1);
    let mut above: Vec<&str> = Vec::new();
    let mut before = &text[..line_start];
    while let Some(line) = before.strip_suffix('\n') {
        let start = line.rfind('\n').map_or(0, |n| n + 1);
        let l = line[start..].trim();
        match l.strip_prefix('#') {
            Some(c) if !c.starts_with(':') => above.push(c.trim()),
            _ => break,
        }
        before = &text[..start];
    }
    above.reverse();
    // A comment after the value on the same line.
    if let Some(value) = &place.value {
        let end = text[value.end..]
            .find('\n')
            .map_or(text.len(), |n| value.end + n);
        if let Some(c) = text[value.end..end].trim().strip_prefix('#') {
            above.push(c.trim());
        }
    }
    above.retain(|l| !l.is_empty() && !l.chars().all(|c| c == '-' || c == '='));
    above.join("\n")
}

/// `x` rounded to 4 significant digits, as TOML writes it (`0.00012`, `2000`, `-0.3`).
fn number(x: f64) -> String {
    let r: f64 = format!("{x:.3e}").parse().unwrap_or(x);
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r}")
}

/// The number `u` moved to `center` with its spread scaled by `spread`, as a TOML value, and
/// the central value that value has. The random numbers each run draws for it stay the same
/// for a uniform, triangular or normal number (their samplers read one uniform draw, or one
/// standard normal, whatever their parameters); a beta's sampler rejects a varying number of
/// draws, so moving a beta keeps the other numbers' draws only in the runs where it accepts
/// at the same step.
pub fn moved(u: &Uncertain, center: f64, spread: f64) -> String {
    let (lo, hi) = (u.lo, u.hi);
    let clamp = |x: f64| x.clamp(lo, hi);
    let c = u.central();
    let k = spread.clamp(0.0, 10.0);
    let at = |x: f64| number(clamp(center + k * (x - c)));
    match &u.dist {
        Dist::Fixed(_) => number(clamp(center)),
        Dist::Uniform { min, max } => {
            format!(
                "{{ dist = \"uniform\", min = {}, max = {} }}",
                at(*min),
                at(*max)
            )
        }
        Dist::Triangular { min, mode, max, .. } => format!(
            "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
            at(*min),
            at(*mode),
            at(*max)
        ),
        Dist::Normal { sd, .. } => format!(
            "{{ dist = \"normal\", mean = {}, sd = {} }}",
            number(clamp(center)),
            number(k * sd)
        ),
        Dist::Beta { alpha, beta, .. } => {
            let kappa = alpha + beta;
            let m = alpha / kappa;
            let var = m * (1.0 - m) / (kappa + 1.0);
            let m2 = center.clamp(0.005, 0.995);
            let var2 = (k * k * var).max(1e-9);
            let kappa2 = (m2 * (1.0 - m2) / var2 - 1.0).clamp(0.05, 1e6);
            format!(
                "{{ dist = \"beta\", alpha = {}, beta = {} }}",
                number(m2 * kappa2),
                number((1.0 - m2) * kappa2)
            )
        }
    }
}

/// The file `text` (the source of `s`, named `file`) with each setting's number rewritten and
/// a comment above it saying what the file said. Fails, naming the number, when one cannot be
/// placed in the file.
pub fn rewrite(
    text: &str,
    s: &Scenario,
    file: &str,
    settings: &[Setting],
) -> Result<String, String> {
    // (offset, bytes removed, text inserted), applied from the end of the file back.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for set in settings {
        let path = set.param.path(s);
        let u = set
            .param
            .uncertain(s)
            .ok_or_else(|| format!("{path} cannot be moved here"))?;
        let value = moved(u, set.center, set.spread);
        let was = set.param.describe(s);
        let place = place(text, s, &set.param)
            .ok_or_else(|| format!("cannot find where {path} is written in {file}"))?;
        match (&place.key, &place.value, &place.insert) {
            (Some(key), Some(v), _) => {
                let line_start = text[..key.start].rfind('\n').map_or(0, |n| n + 1);
                let indent: String = text[line_start..]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                edits.push((
                    line_start,
                    0,
                    format!("{indent}# truce serve: {path} changed; the file said {was}\n"),
                ));
                edits.push((v.start, v.end - v.start, value));
            }
            (_, _, Some(Insertion::Inline(at))) => {
                let closes = text[*at..].trim_start().starts_with('}');
                let sep = if closes { " " } else { ", " };
                edits.push((*at, 0, format!(" {} = {value}{sep}", place.key_name)));
            }
            (_, _, Some(Insertion::Line(at))) => edits.push((
                *at,
                0,
                format!(
                    "# truce serve: {path} added; the file left it to its default, {was}\n{} = {value}\n",
                    place.key_name
                ),
            )),
            _ => return Err(format!("cannot find where {path} is written in {file}")),
        }
    }
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = text.to_string();
    for (at, len, insert) in edits {
        out.replace_range(at..at + len, &insert);
    }
    if !settings.is_empty() {
        let head = format!(
            "# Written by `truce serve` from {file}: {} number(s) changed from the file, each marked\n# \"truce serve:\" with what the file said.\n",
            settings.len()
        );
        out.insert_str(0, &head);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLED: [&str; 4] = [
        "scenarios/kursk-ceasefire-2025.toml",
        "scenarios/classroom-two-party.toml",
        "scenarios/port-strike.toml",
        "scenarios/tariff-truce.toml",
    ];

    #[test]
    fn every_number_of_the_bundled_scenarios_moves_and_loads_again() {
        for file in BUNDLED {
            let text = std::fs::read_to_string(file).unwrap();
            let s = truce_core::scenario::parse(text.as_bytes(), file).unwrap();
            for param in Param::uncertain_numbers(&s) {
                let (lo, hi) = param.range(&s);
                let c = param.central(&s);
                let target = if hi.is_finite() {
                    (0.6 * c + 0.4 * (lo.max(0.0) + hi) / 2.0).clamp(lo, hi)
                } else {
                    c * 1.1
                };
                let set = Setting {
                    param,
                    center: target,
                    spread: 0.5,
                };
                let out =
                    rewrite(&text, &s, file, &[set]).unwrap_or_else(|e| panic!("{file}: {e}"));
                let moved = truce_core::scenario::parse(out.as_bytes(), file).unwrap_or_else(|e| {
                    panic!("{file}: {}: {}\n{out}", param.path(&s), e.render())
                });
                let now = param.central(&moved);
                let u = param.uncertain(&s).unwrap();
                // Clamping into the key's range may pull a distribution's mean off target.
                if u.is_fixed() || matches!(u.dist, Dist::Normal { .. }) {
                    assert!(
                        (now - target).abs() <= 1e-3 * target.abs().max(1e-3),
                        "{file}: {}: {now} != {target}",
                        param.path(&s)
                    );
                }
                assert!(out.contains("truce serve:"), "{file}: {}", param.path(&s));
            }
        }
    }

    #[test]
    fn comments_above_numbers_are_found() {
        let file = BUNDLED[0];
        let text = std::fs::read_to_string(file).unwrap();
        let s = truce_core::scenario::parse(text.as_bytes(), file).unwrap();
        let p = Param::parse(&s, "parties.russia.leverage").unwrap();
        let c = comment(&text, &place(&text, &s, &p).unwrap());
        assert!(c.contains("Sudzha"), "{c}");
        assert!(c.contains("assumption: stronger than Ukraine"), "{c}");
        let w = Param::parse(&s, "parties.russia.positions.arms_deliveries.weight").unwrap();
        let c = comment(&text, &place(&text, &s, &w).unwrap());
        assert!(c.contains("root causes"), "{c}");
    }

    #[test]
    fn moving_keeps_the_shape_and_scales_the_spread() {
        let u = Uncertain {
            dist: Dist::Uniform { min: 0.2, max: 0.4 },
            lo: 0.0,
            hi: 1.0,
        };
        assert_eq!(
            moved(&u, 0.5, 2.0),
            "{ dist = \"uniform\", min = 0.3, max = 0.7 }"
        );
        assert_eq!(number(0.000123456), "0.0001235");
        assert_eq!(number(2000.0), "2000");
    }
}
