//! `calibrated.toml`: the scenario file with each moved number's distribution parameters
//! replaced, edited with `toml_edit` so that every other byte and comment of the file stays as
//! it was. Each change gets a comment above the line that holds it, saying what the number was
//! and why it changed.

use toml_edit::{Decor, DocumentMut, InlineTable, Item, Table, Value};

use super::refit::{Fit, number};
use crate::model::Scenario;
use crate::param::{Param, PartyKey};

/// One number to change.
#[derive(Debug, Clone)]
pub struct Edit {
    /// The number.
    pub param: Param,
    /// Its new distribution (the same family as written).
    pub fit: Fit,
    /// The comment lines to put above it (without `# `).
    pub comment: Vec<String>,
}

/// The file could not be edited.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RewriteError {
    /// The file is not TOML (it loaded before, so this should not happen).
    #[error("cannot edit the scenario file: {0}")]
    Parse(String),
    /// A number's distribution is not where the path says (written in a form this editor does
    /// not follow).
    #[error(
        "cannot find the distribution of {0} in the file (calibrated.toml edits distributions written as tables, like {{ dist = \"uniform\", min = 0.2, max = 0.4 }})"
    )]
    NotFound(String),
}

/// One step from a table to the next.
#[derive(Debug, Clone)]
enum Step {
    /// A key of the table.
    Key(String),
    /// An element of the array of tables under a key: the one with this `id`, or the n-th.
    Element { array: String, select: Select },
}

#[derive(Debug, Clone)]
enum Select {
    Id(String),
    Index(usize),
}

/// The steps from the top of the file to the distribution of `param`.
fn steps(param: Param, s: &Scenario) -> Option<Vec<Step>> {
    let key = |k: &str| Step::Key(k.to_string());
    let party = |p: usize| -> Option<Step> {
        Some(Step::Element {
            array: "parties".into(),
            select: Select::Id(s.parties.get(p)?.id.clone()),
        })
    };
    Some(match param {
        Param::Party { party: p, key: k } => {
            let mut v = vec![party(p)?];
            match k {
                PartyKey::Beta => v.extend([key("strategy"), key("beta")]),
                other => v.push(key(other.as_str())),
            }
            v
        }
        Param::Weight { party: p, issue } => vec![
            party(p)?,
            key("positions"),
            key(&s.issues.get(issue)?.id),
            key("weight"),
        ],
        Param::Penalty {
            party: p,
            condition,
        } => vec![
            party(p)?,
            Step::Element {
                array: "conditions".into(),
                select: Select::Index(condition),
            },
            key("penalty"),
        ],
        Param::WaiveBelow {
            party: p,
            condition,
        } => vec![
            party(p)?,
            Step::Element {
                array: "conditions".into(),
                select: Select::Index(condition),
            },
            key("waive_below"),
        ],
        Param::Momentum => vec![key("battlefield"), key("momentum")],
        Param::Drift => vec![key("battlefield"), key("drift")],
        Param::Volatility => vec![key("battlefield"), key("volatility")],
        Param::EventProbability(e) => vec![
            Step::Element {
                array: "events".into(),
                select: Select::Id(s.events.get(e)?.id.clone()),
            },
            key("probability"),
        ],
        Param::FrontlineKm => vec![key("truce"), key("frontline_km")],
        Param::ViolationRate => vec![key("truce"), key("violation_rate")],
        Param::Detection(_) => return None,
    })
}

/// Where the walk stands: a table written with a header, or an inline table.
enum Cursor<'a> {
    Table(&'a mut Table),
    Inline(&'a mut InlineTable),
}

fn has_id(get: Option<&Value>, id: &str) -> bool {
    get.and_then(Value::as_str) == Some(id)
}

fn child<'a>(cur: Cursor<'a>, step: &Step) -> Option<Cursor<'a>> {
    match (cur, step) {
        (Cursor::Table(t), Step::Key(k)) => match t.get_mut(k)? {
            Item::Table(t) => Some(Cursor::Table(t)),
            Item::Value(Value::InlineTable(i)) => Some(Cursor::Inline(i)),
            _ => None,
        },
        (Cursor::Inline(i), Step::Key(k)) => match i.get_mut(k)? {
            Value::InlineTable(i) => Some(Cursor::Inline(i)),
            _ => None,
        },
        (Cursor::Table(t), Step::Element { array, select }) => match t.get_mut(array)? {
            Item::ArrayOfTables(aot) => {
                let mut it = aot.iter_mut();
                let found = match select {
                    Select::Id(id) => it.find(|t| has_id(t.get("id").and_then(Item::as_value), id)),
                    Select::Index(n) => it.nth(*n),
                };
                found.map(Cursor::Table)
            }
            Item::Value(Value::Array(arr)) => inline_element(arr, select),
            _ => None,
        },
        (Cursor::Inline(i), Step::Element { array, select }) => match i.get_mut(array)? {
            Value::Array(arr) => inline_element(arr, select),
            _ => None,
        },
    }
}

fn inline_element<'a>(arr: &'a mut toml_edit::Array, select: &Select) -> Option<Cursor<'a>> {
    let mut it = arr.iter_mut().filter_map(Value::as_inline_table_mut);
    let found = match select {
        Select::Id(id) => it.find(|t| has_id(t.get("id"), id)),
        Select::Index(n) => it.nth(*n),
    };
    found.map(Cursor::Inline)
}

fn walk<'a>(doc: &'a mut DocumentMut, steps: &[Step]) -> Option<Cursor<'a>> {
    let mut cur = Cursor::Table(doc.as_table_mut());
    for step in steps {
        cur = child(cur, step)?;
    }
    Some(cur)
}

/// Replace a value, keeping the spaces and comments around it.
fn replace(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

/// Give the distribution at `cur` the parameters of `fit` (its `dist` key stays).
fn set_params(cur: Cursor<'_>, fit: &Fit) -> Option<()> {
    match cur {
        Cursor::Table(t) => {
            for (key, v) in fit.params() {
                let new: Value = number(v).parse().ok()?;
                match t.get_mut(key) {
                    Some(Item::Value(old)) => replace(old, new),
                    Some(_) => return None,
                    None => {
                        t.insert(key, Item::Value(new));
                    }
                }
            }
        }
        Cursor::Inline(i) => {
            for (key, v) in fit.params() {
                let new: Value = number(v).parse().ok()?;
                match i.get_mut(key) {
                    Some(old) => replace(old, new),
                    None => {
                        i.insert(key, new);
                    }
                }
            }
        }
    }
    Some(())
}

/// Put `lines` as comments just above the line `decor` belongs to, at its indentation.
fn comment_above(decor: &mut Decor, lines: &[String]) {
    let old = decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    let (head, indent) = match old.rfind('\n') {
        Some(i) => (&old[..=i], &old[i + 1..]),
        None => ("", old.as_str()),
    };
    let mut new = head.to_string();
    for line in lines {
        new.push_str(indent);
        new.push_str("# ");
        new.push_str(line);
        new.push('\n');
    }
    new.push_str(indent);
    decor.set_prefix(new);
}

/// `text` with every edit applied and `header` (comment lines, without `# `) on top.
pub fn rewrite(
    text: &str,
    s: &Scenario,
    edits: &[Edit],
    header: &[String],
) -> Result<String, RewriteError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| RewriteError::Parse(e.to_string()))?;
    for edit in edits {
        let path = edit.param.path(s);
        let not_found = || RewriteError::NotFound(path.clone());
        let steps = steps(edit.param, s).ok_or_else(not_found)?;
        // The values.
        let cur = walk(&mut doc, &steps).ok_or_else(not_found)?;
        set_params(cur, &edit.fit).ok_or_else(not_found)?;
        // The comment: above the line that holds the number, that is, at the last key taken
        // from a table written with a header (an inline table cannot hold a comment).
        let mut anchor = None;
        {
            let mut cur = Cursor::Table(doc.as_table_mut());
            for (j, step) in steps.iter().enumerate() {
                if matches!((&cur, step), (Cursor::Table(_), Step::Key(_))) {
                    anchor = Some(j);
                }
                cur = child(cur, step).ok_or_else(not_found)?;
            }
        }
        let j = anchor.ok_or_else(not_found)?;
        let Step::Key(key) = &steps[j] else {
            return Err(not_found());
        };
        let Some(Cursor::Table(table)) = walk(&mut doc, &steps[..j]) else {
            return Err(not_found());
        };
        if let Some(Item::Table(sub)) = table.get_mut(key) {
            comment_above(sub.decor_mut(), &edit.comment);
        } else {
            let mut k = table.key_mut(key).ok_or_else(not_found)?;
            comment_above(k.leaf_decor_mut(), &edit.comment);
        }
    }
    let mut out = String::new();
    for line in header {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&doc.to_string());
    Ok(out)
}

#[cfg(test)]
mod tests {}
