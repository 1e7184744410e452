//! Protocols: who drafts the text on the table and how it moves between rounds.
//!
//! A protocol is a type implementing [`Protocol`], in a file of its own; [`REGISTRY`] is the one
//! place that maps the names a scenario file uses (`protocol = "mediated"`) to them. The
//! loader, the JSON Schema, the report and the briefings read names and descriptions from
//! there. Adding a protocol is a file here, a line in [`REGISTRY`] and a section in
//! `docs/MODEL.md`.
//!
//! A round is played as: the round opens (front, injects, demands), [`Protocol::table`] puts a
//! text on the table, every party answers, [`Protocol::answered`] may amend the answers, and if
//! no deal is signed and nobody walks out, [`Protocol::rejected`] prepares the next text.

mod alternating;
mod mediated;
mod round;

pub use alternating::Alternating;
pub(crate) use alternating::draft_for;
pub use mediated::{MEDIATOR_STEP, Mediated, PULL_SATURATION, pull, step};
pub use round::{Brief, Protocol};

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

use crate::model::ProtocolName;

/// Every protocol a scenario can name; the first is the default.
pub static REGISTRY: &[&dyn Protocol] = &[&Mediated, &Alternating];

/// The protocol a scenario names.
pub fn get(name: ProtocolName) -> &'static dyn Protocol {
    REGISTRY
        .iter()
        .copied()
        .find(|p| p.name() == name.as_str())
        .expect("a ProtocolName is made only from a registered protocol")
}

/// The registered protocol called `text`, if there is one.
pub fn named(text: &str) -> Option<ProtocolName> {
    REGISTRY
        .iter()
        .find(|p| p.name() == text)
        .map(|p| ProtocolName::registered(p.name()))
}

/// The names of every registered protocol.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|p| p.name()).collect()
}

/// The protocol scenarios get when they name none.
pub fn default_name() -> ProtocolName {
    ProtocolName::registered(REGISTRY[0].name())
}

impl ProtocolName {
    /// The protocol this name stands for.
    pub fn protocol(self) -> &'static dyn Protocol {
        get(self)
    }
}

impl<'de> Deserialize<'de> for ProtocolName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProtocolName, D::Error> {
        let text = String::deserialize(d)?;
        named(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown protocol `{text}` (protocols: {})",
                names().join(", ")
            ))
        })
    }
}

impl JsonSchema for ProtocolName {
    fn schema_name() -> Cow<'static, str> {
        "Protocol".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": names() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_names_each_protocol_once() {
        assert_eq!(names(), ["mediated", "alternating"]);
        for n in names() {
            assert_eq!(named(n).map(|p| p.protocol().name()), Some(n));
        }
        assert_eq!(default_name().as_str(), "mediated");
        assert!(named("mediatd").is_none());
    }
}
