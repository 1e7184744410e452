//! The JSON Schema of the format, generated from the raw types, and the lookups the loader makes
//! in it (which keys are valid at a place, which names a string key accepts). Asking the schema
//! keeps one source of truth: a key added to a raw type is known everywhere at once.

use std::sync::OnceLock;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::raw::RawFile;

/// One step from a table to a value inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The schema of a whole scenario file (JSON Schema 2020-12).
pub fn json_schema() -> Value {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<RawFile>();
    schema.to_value()
}

fn root() -> &'static Value {
    static ROOT: OnceLock<Value> = OnceLock::new();
    ROOT.get_or_init(json_schema)
}

/// Follows `$ref`s (only local `#/$defs/...` ones are generated).
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(name) = target.strip_prefix("#/$defs/") else {
            break;
        };
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// The node itself and every alternative it allows (`anyOf`, `oneOf`, `allOf`), resolved.
fn alternatives<'a>(root: &'a Value, node: &'a Value, out: &mut Vec<&'a Value>) {
    let node = resolve(root, node);
    out.push(node);
    for combinator in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = node.get(combinator).and_then(Value::as_array) {
            for alt in list {
                alternatives(root, alt, out);
            }
        }
    }
}

fn step<'a>(root: &'a Value, nodes: &[&'a Value], step: &Step) -> Vec<&'a Value> {
    let mut next = Vec::new();
    for node in nodes {
        let child = match step {
            Step::Key(key) => node
                .get("properties")
                .and_then(|p| p.get(key))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
            Step::Index(_) => node.get("items").filter(|i| i.is_object()),
        };
        if let Some(child) = child {
            alternatives(root, child, &mut next);
        }
    }
    next
}

/// The keys a table at `path` may hold, sorted; empty when the schema lists none there.
pub fn keys_at(path: &[Step]) -> Vec<String> {
    let root = root();
    let mut nodes = Vec::new();
    alternatives(root, root, &mut nodes);
    for s in path {
        nodes = step(root, &nodes, s);
    }
    let mut keys: Vec<String> = nodes
        .iter()
        .filter_map(|n| n.get("properties").and_then(Value::as_object))
        .flat_map(|p| p.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The names a schema-only string enum accepts, in declaration order.
pub fn names_of<T: JsonSchema>() -> Vec<String> {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let value = schema.to_value();
    let mut names = Vec::new();
    collect_names(&value, &mut names);
    names
}

fn collect_names(node: &Value, out: &mut Vec<String>) {
    if let Some(list) = node.get("enum").and_then(Value::as_array) {
        out.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(c) = node.get("const").and_then(Value::as_str) {
        out.push(c.to_string());
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(list) = node.get(combinator).and_then(Value::as_array) {
            for alt in list {
                collect_names(alt, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TacticName;

    fn key(k: &str) -> Step {
        Step::Key(k.to_string())
    }

    #[test]
    fn top_level_keys_come_from_the_raw_types() {
        let keys = keys_at(&[]);
        assert_eq!(
            keys,
            [
                "battlefield",
                "events",
                "issues",
                "observed",
                "parties",
                "scenario",
                "truce"
            ]
        );
    }

    #[test]
    fn keys_inside_arrays_maps_and_distributions() {
        let position = keys_at(&[
            key("parties"),
            Step::Index(0),
            key("positions"),
            key("days"),
        ]);
        assert_eq!(position, ["ideal", "weight"]);
        let dist = keys_at(&[key("parties"), Step::Index(3), key("trust")]);
        assert!(dist.contains(&"mode".to_string()), "{dist:?}");
    }

    /// The schema lists the registries' names, in their order (nothing to update here when a
    /// tactic or protocol is added).
    #[test]
    fn enum_names_come_from_the_registries() {
        assert_eq!(names_of::<TacticName>(), crate::engine::tactic::names());
        assert_eq!(
            names_of::<crate::model::ProtocolName>(),
            crate::engine::protocol::names()
        );
        assert_eq!(&names_of::<TacticName>()[..2], ["boulware", "linear"]);
    }

    #[test]
    fn schema_forbids_unknown_keys() {
        let s = json_schema();
        assert_eq!(s["additionalProperties"], Value::Bool(false));
        assert_eq!(
            s["$defs"]["Party"]["additionalProperties"],
            Value::Bool(false)
        );
    }
}
