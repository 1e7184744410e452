//! The scenario file as written: every key optional to serde and spanned, so that validation can
//! report every missing or wrong value at once and point at it.
//!
//! The same types generate the JSON Schema, so the schema states what is required
//! (`#[schemars(with = "T")]` without `#[serde(default)]`) and forbids unknown keys, even though
//! the loader itself accepts anything and reports problems later.
//!
//! Doc comments on fields become descriptions in the schema, shown by editors.
//!
//! Map keys are plain strings: serde_ignored cannot name a path through a spanned key, so the
//! spans of map keys are looked up in the parsed tree instead ([`super::decode::Tree`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use toml::Spanned;

pub type Sp<T> = Spanned<T>;

/// A whole scenario file.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "truce scenario")]
pub struct RawFile {
    #[schemars(with = "RawScenario")]
    pub scenario: Option<Sp<RawScenario>>,
    /// The dimensions of a deal (at least one).
    #[schemars(with = "Vec<RawIssue>")]
    pub issues: Option<Sp<Vec<Sp<RawIssue>>>>,
    /// The negotiating parties (at least two).
    #[schemars(with = "Vec<RawParty>")]
    pub parties: Option<Sp<Vec<Sp<RawParty>>>>,
    #[serde(default)]
    #[schemars(with = "RawBattlefield")]
    pub battlefield: Option<Sp<RawBattlefield>>,
    /// Injects that may happen during the talks.
    #[serde(default)]
    #[schemars(with = "Vec<RawEvent>")]
    pub events: Option<Sp<Vec<Sp<RawEvent>>>>,
    #[serde(default)]
    #[schemars(with = "RawTruce")]
    pub truce: Option<Sp<RawTruce>>,
    /// What really happened, for `truce backtest`.
    #[serde(default)]
    #[schemars(with = "RawObserved")]
    pub observed: Option<Sp<RawObserved>>,
}

/// `[scenario]`: the title and how the talks run.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Scenario")]
pub struct RawScenario {
    /// Title shown in reports and charts.
    #[schemars(with = "String")]
    pub name: Option<Sp<String>>,
    /// A paragraph for briefings.
    #[serde(default)]
    #[schemars(with = "String")]
    pub description: Option<Sp<String>>,
    /// Where the positions come from.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Option<Sp<Vec<Sp<String>>>>,
    /// Default "mediated".
    #[serde(default)]
    #[schemars(with = "crate::model::ProtocolName")]
    pub protocol: Option<Sp<String>>,
    /// Party id of the mediator; required when mediated.
    #[serde(default)]
    #[schemars(with = "String")]
    pub mediator: Option<Sp<String>>,
    /// Rounds of talks before they break down (1..=1000, default 12).
    #[serde(default)]
    #[schemars(with = "u32", range(min = 1, max = 1000))]
    pub max_rounds: Option<Sp<i64>>,
    /// Calendar days one round takes (1..=365, default 7).
    #[serde(default)]
    #[schemars(with = "u32", range(min = 1, max = 365))]
    pub days_per_round: Option<Sp<i64>>,
    /// Total simulated days (1..=3650, default 180).
    #[serde(default)]
    #[schemars(with = "u32", range(min = 1, max = 3650))]
    pub horizon_days: Option<Sp<i64>>,
    /// Standard deviation of each party's private shift of its walk-away value (0..=0.5,
    /// default 0.1): what the parties know of their own resolve and the analyst does not.
    #[serde(default)]
    #[schemars(with = "f64", range(min = 0.0, max = 0.5))]
    pub private_information: Option<Sp<f64>>,
    /// Default Monte Carlo runs (1..=100000000, default 10000).
    #[serde(default)]
    #[schemars(with = "u64", range(min = 1, max = 100_000_000))]
    pub runs: Option<Sp<i64>>,
    /// Default seed (default 1).
    #[serde(default)]
    #[schemars(with = "u64")]
    pub seed: Option<Sp<i64>>,
}

/// `[[issues]]`: one dimension of a deal. Exactly one of `range` or `options`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Issue")]
pub struct RawIssue {
    #[schemars(with = "String", regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub id: Option<Sp<String>>,
    /// Human name; defaults to the id.
    #[serde(default)]
    #[schemars(with = "String")]
    pub label: Option<Sp<String>>,
    /// `[min, max]` of a numeric issue, in `unit`.
    #[serde(default)]
    #[schemars(with = "[f64; 2]")]
    pub range: Option<Sp<Vec<Sp<f64>>>>,
    #[serde(default)]
    #[schemars(with = "String")]
    pub unit: Option<Sp<String>>,
    /// An ordered choice: the first option is 0, the last 1.
    #[serde(default)]
    #[schemars(with = "Vec<String>", length(min = 2))]
    pub options: Option<Sp<Vec<Sp<String>>>>,
    /// Where the first proposal puts this issue; defaults to the mediator's ideal.
    #[serde(default)]
    #[schemars(with = "RawValue")]
    pub opening: Option<Sp<RawValue>>,
}

/// `[[parties]]`: one side at the table.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Party")]
pub struct RawParty {
    #[schemars(with = "String", regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub id: Option<Sp<String>>,
    /// Defaults to the id.
    #[serde(default)]
    #[schemars(with = "String")]
    pub name: Option<Sp<String>>,
    /// Default "belligerent".
    #[serde(default)]
    #[schemars(with = "RoleName")]
    pub role: Option<Sp<String>>,
    /// Whether a deal needs this party's yes; default true for belligerents.
    #[serde(default)]
    #[schemars(with = "bool")]
    pub must_agree: Option<Sp<bool>>,
    /// Bargaining power in [0, 1] (default 0.5).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub leverage: Option<Sp<RawUncertain>>,
    /// Belief that the others will keep a deal, in [0, 1] (default 0.5).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub trust: Option<Sp<RawUncertain>>,
    /// Walk-away value as a utility in [0, 1] (default 0.4).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub reservation: Option<Sp<RawUncertain>>,
    /// How much favourable momentum lifts the walk-away value, in [0, 1] (default 0).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub momentum_sensitivity: Option<Sp<RawUncertain>>,
    /// Utility the party loses for each week (7 days) that talks go on without a deal while
    /// the fighting goes on, in [0, 1] (default 0): its cost of delay.
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub delay_cost: Option<Sp<RawUncertain>>,
    /// Share of the party's gain from a pause that is delivered once, in its first term, and
    /// that a renewal does not bring again (hostages or prisoners exchanged, a harvest shipped),
    /// in [0, 1] (default 0).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub one_off_gain: Option<Sp<RawUncertain>>,
    #[serde(default)]
    #[schemars(with = "RawStrategy")]
    pub strategy: Option<Sp<RawStrategy>>,
    /// Issue id -> { ideal, weight }.
    #[schemars(with = "BTreeMap<String, RawPosition>")]
    pub positions: Option<Sp<BTreeMap<String, Sp<RawPosition>>>>,
    /// Hard constraints: a deal crossing one is never accepted.
    #[serde(default)]
    #[schemars(with = "Vec<RawRedLine>")]
    pub red_lines: Option<Sp<Vec<Sp<RawRedLine>>>>,
    /// Soft requirements: a deal leaving one unmet costs `penalty`.
    #[serde(default)]
    #[schemars(with = "Vec<RawCondition>")]
    pub conditions: Option<Sp<Vec<Sp<RawCondition>>>>,
}

/// How a party concedes.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Strategy")]
pub struct RawStrategy {
    /// Default "linear".
    #[serde(default)]
    #[schemars(with = "crate::model::TacticName")]
    pub tactic: Option<Sp<String>>,
    /// Concession exponent (> 0) of the time-dependent tactics.
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub beta: Option<Sp<RawUncertain>>,
    /// When the party takes a text: "expected" (default: when it beats what going on can be
    /// expected to bring, less the cost of delay) or "target" (when it meets this round's
    /// concession target, as in truce 0.1).
    #[serde(default)]
    #[schemars(with = "crate::model::Acceptance")]
    pub acceptance: Option<Sp<String>>,
}

/// A party's stake in one issue.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Position")]
pub struct RawPosition {
    /// A number inside the issue's range, or one of its options.
    #[schemars(with = "RawValue")]
    pub ideal: Option<Sp<RawValue>>,
    /// Relative salience (>= 0), normalised per party.
    #[schemars(with = "RawUncertain")]
    pub weight: Option<Sp<RawUncertain>>,
}

/// A hard constraint. At least one of `min`, `max`, `forbid`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "RedLine")]
pub struct RawRedLine {
    #[schemars(with = "String")]
    pub issue: Option<Sp<String>>,
    /// Lowest acceptable value (number or option).
    #[serde(default)]
    #[schemars(with = "RawValue")]
    pub min: Option<Sp<RawValue>>,
    /// Highest acceptable value (number or option).
    #[serde(default)]
    #[schemars(with = "RawValue")]
    pub max: Option<Sp<RawValue>>,
    /// Unacceptable options.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub forbid: Option<Sp<Vec<Sp<String>>>>,
    #[serde(default)]
    #[schemars(with = "String")]
    pub reason: Option<Sp<String>>,
}

/// A soft requirement. At least one of `min`, `max`, `forbid`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Condition")]
pub struct RawCondition {
    #[schemars(with = "String")]
    pub issue: Option<Sp<String>>,
    #[serde(default)]
    #[schemars(with = "RawValue")]
    pub min: Option<Sp<RawValue>>,
    #[serde(default)]
    #[schemars(with = "RawValue")]
    pub max: Option<Sp<RawValue>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub forbid: Option<Sp<Vec<Sp<String>>>>,
    #[serde(default)]
    #[schemars(with = "String")]
    pub reason: Option<Sp<String>>,
    /// Utility lost on a deal leaving the condition unmet, in [0, 1] (default 0.25).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub penalty: Option<Sp<RawUncertain>>,
    /// Dropped once the walk-away value falls below this, in [0, 1] (default 0).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub waive_below: Option<Sp<RawUncertain>>,
}

/// The keys red lines and conditions share, so both are checked by one function.
pub struct ConstraintKeys<'a> {
    pub issue: &'a Option<Sp<String>>,
    pub min: &'a Option<Sp<RawValue>>,
    pub max: &'a Option<Sp<RawValue>>,
    pub forbid: &'a Option<Sp<Vec<Sp<String>>>>,
    pub reason: &'a Option<Sp<String>>,
}

impl RawRedLine {
    pub fn keys(&self) -> ConstraintKeys<'_> {
        ConstraintKeys {
            issue: &self.issue,
            min: &self.min,
            max: &self.max,
            forbid: &self.forbid,
            reason: &self.reason,
        }
    }
}

impl RawCondition {
    pub fn keys(&self) -> ConstraintKeys<'_> {
        ConstraintKeys {
            issue: &self.issue,
            min: &self.min,
            max: &self.max,
            forbid: &self.forbid,
            reason: &self.reason,
        }
    }
}

/// `[battlefield]`: the fighting that goes on while the parties talk.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Battlefield")]
pub struct RawBattlefield {
    /// Two party ids; momentum > 0 favours the first.
    #[schemars(with = "[String; 2]")]
    pub sides: Option<Sp<Vec<Sp<String>>>>,
    /// Momentum at the start, in [-1, 1] (default 0).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub momentum: Option<Sp<RawUncertain>>,
    /// Expected change of momentum per round, in [-1, 1] (default 0).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub drift: Option<Sp<RawUncertain>>,
    /// Standard deviation of the change per round (>= 0, default 0).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub volatility: Option<Sp<RawUncertain>>,
}

/// `[[events]]`: an inject.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Event")]
pub struct RawEvent {
    #[schemars(with = "String", regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub id: Option<Sp<String>>,
    /// Defaults to the id.
    #[serde(default)]
    #[schemars(with = "String")]
    pub label: Option<Sp<String>>,
    /// Chance per round, in [0, 1]; required unless `at_round`.
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub probability: Option<Sp<RawUncertain>>,
    /// The round at which it happens for certain.
    #[serde(default)]
    #[schemars(with = "u32", range(min = 1))]
    pub at_round: Option<Sp<i64>>,
    /// Whether it can happen only once per run (default true).
    #[serde(default)]
    #[schemars(with = "bool")]
    pub once: Option<Sp<bool>>,
    #[schemars(with = "Vec<RawEffect>", length(min = 1))]
    pub effects: Option<Sp<Vec<Sp<RawEffect>>>>,
}

/// What an event does: exactly one of `add` or `set`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Effect")]
pub struct RawEffect {
    /// `battlefield.momentum`, `battlefield.drift` or `parties.<id>.<leverage|trust|reservation|momentum_sensitivity>`.
    #[schemars(with = "String")]
    pub target: Option<Sp<String>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub add: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub set: Option<Sp<f64>>,
}

/// `[truce]`: the keeping of a signed ceasefire.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Truce")]
pub struct RawTruce {
    /// Numeric issue (days) that sets how long the pause lasts.
    #[schemars(with = "String")]
    pub duration_issue: Option<Sp<String>>,
    /// Choice issue whose agreed option sets how likely a violation is seen.
    #[serde(default)]
    #[schemars(with = "String")]
    pub verification_issue: Option<Sp<String>>,
    /// Option -> probability in [0, 1] that a violation is detected.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, f64>")]
    pub detection: Option<Sp<BTreeMap<String, Sp<f64>>>>,
    /// Issue whose agreed value lets the sides rearm (1 = no rearming).
    #[serde(default)]
    #[schemars(with = "String")]
    pub rearm_issue: Option<Sp<String>>,
    /// Length of the front in km (> 0, default 1000).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub frontline_km: Option<Sp<RawUncertain>>,
    /// Violations per km per day at zero trust (>= 0, default 0.001).
    #[serde(default)]
    #[schemars(with = "RawUncertain")]
    pub violation_rate: Option<Sp<RawUncertain>>,
    /// Detected violations that end the truce (>= 1, default 3).
    #[serde(default)]
    #[schemars(with = "u32", range(min = 1))]
    pub collapse_after: Option<Sp<i64>>,
    /// Whether the parties may renew it when it expires (default false).
    #[serde(default)]
    #[schemars(with = "bool")]
    pub renewable: Option<Sp<bool>>,
}

/// `[observed]`: what really happened after the scenario's information date, for backtests.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Observed")]
pub struct RawObserved {
    /// The scenario's information stops here (`YYYY-MM-DD`): no number may rest on later facts.
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub as_of: Option<Sp<String>>,
    /// What happened within the scenario's horizon.
    #[schemars(with = "OutcomeName")]
    pub outcome: Option<Sp<String>>,
    /// Days the signed pause was kept (only with collapsed, expired or held).
    #[serde(default)]
    #[schemars(with = "f64", range(min = 0))]
    pub truce_days: Option<Sp<f64>>,
    /// The day the pause was signed, counted from `as_of` (only with collapsed, expired or held).
    #[serde(default)]
    #[schemars(with = "u32")]
    pub agreement_day: Option<Sp<i64>>,
    /// Where the outcome is documented.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Option<Sp<Vec<Sp<String>>>>,
    /// How the real events map onto the categories, where that is a judgement.
    #[serde(default)]
    #[schemars(with = "String")]
    pub note: Option<Sp<String>>,
}

/// The table form of an uncertain number. Which parameters belong depends on `dist`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, rename = "Distribution")]
pub struct DistSpec {
    #[schemars(with = "DistName")]
    pub dist: Option<Sp<String>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub min: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub max: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub mode: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub mean: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub sd: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub alpha: Option<Sp<f64>>,
    #[serde(default)]
    #[schemars(with = "f64")]
    pub beta: Option<Sp<f64>>,
}

/// A number that is either plain or a distribution table.
#[derive(Debug)]
pub enum RawUncertain {
    Fixed(f64),
    Dist(Box<DistSpec>),
}

impl<'de> Deserialize<'de> for RawUncertain {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawUncertain;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a number or a table such as { dist = \"uniform\", min = 0.4, max = 0.6 }",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawUncertain::Fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawUncertain::Fixed(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawUncertain::Fixed(v))
            }
            // The derived table keeps going through the caller's (serde_ignored) map access, so
            // unknown keys in a distribution are reported like any other unknown key.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                DistSpec::deserialize(MapAccessDeserializer::new(map))
                    .map(|d| RawUncertain::Dist(Box::new(d)))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawUncertain {
    fn schema_name() -> Cow<'static, str> {
        "Uncertain".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let dist = generator.subschema_for::<DistSpec>();
        json_schema!({
            "description": "A plain number, or a distribution drawn afresh for each run.",
            "anyOf": [{ "type": "number" }, dist]
        })
    }
}

/// A value of an issue: a number in its units, or the name of one of its options.
#[derive(Debug, Clone)]
pub enum RawValue {
    Number(f64),
    Name(String),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or an option name")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawValue::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawValue::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawValue::Name(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawValue {
    fn schema_name() -> Cow<'static, str> {
        "IssueValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number in the issue's units, or one of its options.",
            "type": ["number", "string"]
        })
    }
}

// The names a string-valued key accepts. These enums exist for the schema and for lookup; the
// raw fields stay strings so a misspelling is reported with a hint instead of stopping the load.
// Protocols and tactics are not here: their names come from the engine's registries
// (`crate::model::ProtocolName`, `crate::model::TacticName`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Outcome")]
pub enum OutcomeName {
    NoDeal,
    Walkout,
    Collapsed,
    Expired,
    Held,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Role")]
pub enum RoleName {
    Belligerent,
    Mediator,
    Backer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "DistKind")]
pub enum DistName {
    Uniform,
    Triangular,
    Normal,
    Beta,
}
