//! Concession tactics: how far a party lowers its demands as the talks go on.
//!
//! A tactic is a type implementing [`Tactic`], in a file of its own; the `registry!` below is
//! the one place that maps the names a scenario file uses (`strategy = { tactic = "boulware" }`)
//! to them. It makes [`REGISTRY`] (trait objects: the loader, the JSON Schema, the briefing
//! cards and the docs read the names and plain-words postures from there) and [`Registered`]
//! (the hot loop's `match`). Adding a tactic is a file here, a line in the registry and a
//! section in `docs/MODEL.md`.
//!
//! A tactic sets a party's *target* for the round: the value a text must have for the party to
//! accept it. [`target`] keeps every target between the party's walk-away value and its best
//! hope, whatever the tactic asks for.

mod decide;
mod hardliner;
mod time_dependent;
mod tit_for_tat;
mod zeuthen;

pub use decide::{Others, Tactic, TacticInput, Talks, ln_time, target};
pub use hardliner::Hardliner;
pub use time_dependent::{BOULWARE, CONCEDER, LINEAR, TimeDependent, leveraged_beta};
pub use tit_for_tat::TitForTat;
pub use zeuthen::Zeuthen;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

use crate::model::TacticName;

/// The registry: each line names a tactic's variant and its value. From it come [`REGISTRY`]
/// (the tactics as trait objects, for the loader, the schema, the cards) and [`Registered`]
/// (the same tactics as an enum, for the hot loop: a `match` the compiler can inline).
macro_rules! registry {
    ($($slot:ident => $tactic:expr,)*) => {
        /// Every tactic a scenario can name, in the order the schema and the docs list them.
        pub static REGISTRY: &[&dyn Tactic] = &[$(&$tactic),*];

        /// A registered tactic, resolved once per runner. The Monte Carlo's hot loop sets
        /// every target through it: a `match` over the registry that the compiler inlines,
        /// where a trait object would cost a call per party and round.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Registered {
            $(
                #[doc = concat!("`", stringify!($tactic), "`")]
                $slot,
            )*
        }

        impl Registered {
            const ALL: &[Registered] = &[$(Registered::$slot),*];

            /// The registered tactic a scenario names.
            pub fn of(name: TacticName) -> Registered {
                let k = REGISTRY
                    .iter()
                    .position(|t| t.name() == name.as_str())
                    .expect("a TacticName is made only from a registered tactic");
                Registered::ALL[k]
            }

            /// Whether the tactic's demand follows a schedule ([`Tactic::scheduled`]).
            #[inline]
            pub fn scheduled(self) -> bool {
                match self {
                    $(Registered::$slot => $tactic.scheduled(),)*
                }
            }

            /// Whether the tactic refuses everything below its demand ([`Tactic::holds_out`]).
            #[inline]
            pub fn holds_out(self) -> bool {
                match self {
                    $(Registered::$slot => $tactic.holds_out(),)*
                }
            }

            /// The party's target this round ([`target`] with this tactic). Always inlined:
            /// as a call it cost about a third of its own work in saving registers.
            #[inline(always)]
            pub fn target<T: Talks + ?Sized>(self, i: &TacticInput<'_, T>) -> f64 {
                match self {
                    $(Registered::$slot => target(&$tactic, i),)*
                }
            }
        }
    };
}

registry! {
    Boulware => BOULWARE,
    Linear => LINEAR,
    Conceder => CONCEDER,
    TitForTat => TitForTat,
    Hardliner => Hardliner,
    Zeuthen => Zeuthen,
}

/// The tactic a scenario names.
pub fn get(name: TacticName) -> &'static dyn Tactic {
    REGISTRY
        .iter()
        .copied()
        .find(|t| t.name() == name.as_str())
        .expect("a TacticName is made only from a registered tactic")
}

/// The registered tactic called `text`, if there is one.
pub fn named(text: &str) -> Option<TacticName> {
    REGISTRY
        .iter()
        .find(|t| t.name() == text)
        .map(|t| TacticName::registered(t.name()))
}

/// The names of every registered tactic.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|t| t.name()).collect()
}

impl TacticName {
    /// The tactic this name stands for.
    pub fn tactic(self) -> &'static dyn Tactic {
        get(self)
    }
}

impl<'de> Deserialize<'de> for TacticName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TacticName, D::Error> {
        let text = String::deserialize(d)?;
        named(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown tactic `{text}` (tactics: {})",
                names().join(", ")
            ))
        })
    }
}

impl JsonSchema for TacticName {
    fn schema_name() -> Cow<'static, str> {
        "Tactic".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": names() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_names_each_tactic_once() {
        let names = names();
        assert_eq!(
            names,
            [
                "boulware",
                "linear",
                "conceder",
                "tit_for_tat",
                "hardliner",
                "zeuthen"
            ]
        );
        for n in &names {
            assert_eq!(named(n).map(|t| t.tactic().name()), Some(*n));
        }
        assert!(named("boulwar").is_none());
    }
}
