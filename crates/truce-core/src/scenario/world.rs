//! What surrounds the talks: the battlefield, injects, and the truce after a deal.

use super::decode::Tree;
use super::lookup::{Ids, Issues};
use super::numbers::{Bounds, Problems, bounded, finite, integer, uncertain, uncertain_or};
use super::raw::{RawBattlefield, RawEffect, RawEvent, RawTruce, Sp};
use super::schema::Step;
use crate::model::{
    Battlefield, Effect, EffectOp, Event, IssueKind, Param, PartyKey, Truce, Uncertain,
    Verification,
};
use crate::suggest::hint_for;

pub fn battlefield(
    p: &mut Problems,
    raw: &Sp<RawBattlefield>,
    parties: &Ids,
) -> Option<Battlefield> {
    let r = raw.get_ref();
    let sides = match &r.sides {
        None => {
            p.hinted(
                raw.span(),
                "[battlefield] has no `sides`",
                "add sides = [\"PARTY_A\", \"PARTY_B\"]",
            );
            None
        }
        Some(list) => match list.get_ref().as_slice() {
            [a, b] => {
                let (ia, ib) = (parties.resolve(p, a), parties.resolve(p, b));
                match (ia, ib) {
                    (Some(x), Some(y)) if x == y => {
                        p.hinted(
                            b.span(),
                            "the two sides are the same party",
                            "name two different parties",
                        );
                        None
                    }
                    (Some(x), Some(y)) => Some([x, y]),
                    _ => None,
                }
            }
            other => {
                p.hinted(
                    list.span(),
                    format!(
                        "`sides` names {} parties; it must name exactly two",
                        other.len()
                    ),
                    "momentum > 0 favours the first side",
                );
                None
            }
        },
    };
    let momentum = uncertain_or(p, &r.momentum, "momentum", Bounds::SIGNED, 0.0);
    let drift = uncertain_or(p, &r.drift, "drift", Bounds::SIGNED, 0.0);
    let volatility = uncertain_or(p, &r.volatility, "volatility", Bounds::NON_NEGATIVE, 0.0);
    Some(Battlefield {
        sides: sides?,
        momentum: momentum?,
        drift: drift?,
        volatility: volatility?,
    })
}

pub fn events(
    p: &mut Problems,
    raw: Option<&Sp<Vec<Sp<RawEvent>>>>,
    parties: &Ids,
    has_battlefield: bool,
    max_rounds: Option<i64>,
) -> Option<Vec<Event>> {
    let list = raw.map_or(&[][..], |l| l.get_ref().as_slice());
    let ids = Ids::collect(p, "event", list.iter().map(|e| (e.span(), &e.get_ref().id)));
    let built: Vec<Option<Event>> = list
        .iter()
        .zip(&ids.ids)
        .map(|(e, id)| event(p, e, id.as_ref(), parties, has_battlefield, max_rounds))
        .collect();
    built.into_iter().collect()
}

fn event(
    p: &mut Problems,
    raw: &Sp<RawEvent>,
    id: Option<&String>,
    parties: &Ids,
    has_battlefield: bool,
    max_rounds: Option<i64>,
) -> Option<Event> {
    let r = raw.get_ref();
    let at_round = match &r.at_round {
        None => Some(None),
        Some(_) => {
            let last = max_rounds.unwrap_or(1000);
            let round = integer(p, &r.at_round, "at_round", 1, last, 1);
            if round.is_none() {
                // `integer` reported the range; say where its upper end comes from.
                if let Some(d) = p.list.last_mut() {
                    d.hint = Some(format!(
                        "at_round must be a round of the talks, 1..={last} (max_rounds)"
                    ));
                }
            }
            round.and_then(|x| u32::try_from(x).ok()).map(Some)
        }
    };
    let probability = match (&r.probability, &r.at_round) {
        (Some(v), _) => uncertain(p, v, "probability", Bounds::UNIT),
        (None, Some(_)) => Some(Uncertain::fixed(1.0, 0.0, 1.0)),
        (None, None) => {
            p.hinted(
                raw.span(),
                "this event has neither `probability` nor `at_round`",
                "give a chance per round, or the round at which it happens",
            );
            None
        }
    };
    let effects: Option<Vec<Effect>> = match &r.effects {
        Some(list) if !list.get_ref().is_empty() => {
            let built: Vec<_> = list
                .get_ref()
                .iter()
                .map(|e| effect(p, e, parties, has_battlefield))
                .collect();
            built.into_iter().collect()
        }
        Some(list) => {
            p.hinted(
                list.span(),
                "this event has no effects",
                "add effects = [{ target = \"...\", add = X }]",
            );
            None
        }
        None => {
            p.hinted(
                raw.span(),
                "this event has no `effects`",
                "add effects = [{ target = \"...\", add = X }]",
            );
            None
        }
    };
    let id = id?.clone();
    Some(Event {
        label: r
            .label
            .as_ref()
            .map_or_else(|| id.clone(), |l| l.get_ref().clone()),
        id,
        probability: probability?,
        at_round: at_round?,
        once: r.once.as_ref().is_none_or(|o| *o.get_ref()),
        effects: effects?,
    })
}

const TARGET_FORMS: &str = "targets are battlefield.momentum, battlefield.drift, parties.<id>.leverage|trust|reservation|momentum_sensitivity";

fn effect(
    p: &mut Problems,
    raw: &Sp<RawEffect>,
    parties: &Ids,
    has_battlefield: bool,
) -> Option<Effect> {
    let r = raw.get_ref();
    let op = match (&r.add, &r.set) {
        (Some(v), None) => finite(p, v, "add").map(EffectOp::Add),
        (None, Some(v)) => finite(p, v, "set").map(EffectOp::Set),
        (Some(_), Some(v)) => {
            p.hinted(
                v.span(),
                "an effect has either `add` or `set`, not both",
                "keep one of them",
            );
            None
        }
        (None, None) => {
            p.hinted(
                raw.span(),
                "this effect has neither `add` nor `set`",
                "add add = X or set = X",
            );
            None
        }
    };
    let target = match &r.target {
        Some(t) => target(p, t, parties, has_battlefield),
        None => {
            p.hinted(raw.span(), "this effect has no `target`", TARGET_FORMS);
            None
        }
    };
    Some(Effect {
        target: target?,
        op: op?,
    })
}

fn target(p: &mut Problems, t: &Sp<String>, parties: &Ids, has_battlefield: bool) -> Option<Param> {
    let text = t.get_ref();
    let parts: Vec<&str> = text.split('.').collect();
    match parts.as_slice() {
        ["battlefield", key] => {
            let movable: Vec<(&str, Param)> = Param::BATTLEFIELD
                .into_iter()
                .filter(|(_, param)| param.moves_in_talks())
                .collect();
            let target = movable
                .iter()
                .find(|(k, _)| k == key)
                .map(|&(_, param)| param);
            if target.is_none() {
                let names: Vec<&str> = movable.iter().map(|(k, _)| *k).collect();
                p.hinted(
                    t.span(),
                    format!("`{key}` is not a battlefield number an event can move"),
                    hint_for(key, &names, "battlefield targets are"),
                );
            }
            let target = target?;
            if !has_battlefield {
                p.hinted(
                    t.span(),
                    format!("target `{text}` needs a [battlefield] table"),
                    "add [battlefield] with its sides, or target a party",
                );
                return None;
            }
            Some(target)
        }
        ["parties", id, key] => {
            let party = parties.position(id);
            if party.is_none() {
                let known: Vec<&str> = parties.ids.iter().flatten().map(String::as_str).collect();
                p.hinted(
                    t.span(),
                    format!("there is no party `{id}`"),
                    hint_for(id, &known, "parties"),
                );
            }
            // Any party stands in for the check: which keys move does not depend on the party.
            let movable: Vec<PartyKey> = PartyKey::ALL
                .into_iter()
                .filter(|&key| Param::Party { party: 0, key }.moves_in_talks())
                .collect();
            let param = movable.iter().copied().find(|q| q.as_str() == *key);
            if param.is_none() {
                let names: Vec<&str> = movable.iter().map(|k| k.as_str()).collect();
                p.hinted(
                    t.span(),
                    format!("`{key}` is not a party number an event can move"),
                    hint_for(key, &names, "party targets are"),
                );
            }
            Some(Param::Party {
                party: party?,
                key: param?,
            })
        }
        _ => {
            p.hinted(t.span(), format!("`{text}` is not a target"), TARGET_FORMS);
            None
        }
    }
}

pub fn truce(
    p: &mut Problems,
    raw: &Sp<RawTruce>,
    issues: &Issues,
    tree: &Tree<'_>,
) -> Option<Truce> {
    let r = raw.get_ref();
    let duration = match &r.duration_issue {
        Some(d) => issues.ids.resolve(p, d).and_then(|i| {
            let issue = issues.get(i)?;
            if matches!(issue.kind, IssueKind::Numeric { .. }) {
                Some(i)
            } else {
                p.hinted(
                    d.span(),
                    format!("duration_issue `{}` is a choice issue", issue.id),
                    "the length of the pause needs a numeric issue (days)",
                );
                None
            }
        }),
        None => {
            p.hinted(
                raw.span(),
                "[truce] has no `duration_issue`",
                "name the numeric issue (days) that sets how long the pause lasts",
            );
            None
        }
    };
    let verification = match (&r.verification_issue, &r.detection) {
        (None, None) => Some(None),
        (None, Some(d)) => {
            p.hinted(
                d.span(),
                "`detection` without a `verification_issue`",
                "name the choice issue whose options the detection table lists",
            );
            None
        }
        (Some(v), detection) => verification(p, v, detection.as_ref(), issues, tree).map(Some),
    };
    let rearm = match &r.rearm_issue {
        Some(i) => issues.ids.resolve(p, i).map(Some),
        None => Some(None),
    };
    let frontline_km = uncertain_or(p, &r.frontline_km, "frontline_km", Bounds::POSITIVE, 1000.0);
    let violation_rate = uncertain_or(
        p,
        &r.violation_rate,
        "violation_rate",
        Bounds::NON_NEGATIVE,
        0.001,
    );
    // Only a scenario that asks for the counting rule gets it (truce 0.1 counted three
    // detected violations by default; now ending a pause is the parties' decision).
    let collapse_after = match &r.collapse_after {
        Some(_) => integer(
            p,
            &r.collapse_after,
            "collapse_after",
            1,
            i64::from(u32::MAX),
            3,
        )
        .map(Some),
        None => Some(None),
    };
    Some(Truce {
        duration_issue: duration?,
        verification: verification?,
        rearm_issue: rearm?,
        frontline_km: frontline_km?,
        violation_rate: violation_rate?,
        collapse_after: match collapse_after? {
            Some(n) => Some(u32::try_from(n).ok()?),
            None => None,
        },
        renewable: r.renewable.as_ref().is_some_and(|x| *x.get_ref()),
    })
}

type DetectionTable = Sp<std::collections::BTreeMap<String, Sp<f64>>>;

fn verification(
    p: &mut Problems,
    v: &Sp<String>,
    detection: Option<&DetectionTable>,
    issues: &Issues,
    tree: &Tree<'_>,
) -> Option<Verification> {
    let i = issues.ids.resolve(p, v)?;
    let issue = issues.get(i)?;
    let IssueKind::Options(options) = &issue.kind else {
        p.hinted(
            v.span(),
            format!("verification_issue `{}` is numeric", issue.id),
            "verification needs a choice issue whose options say how violations are seen",
        );
        return None;
    };
    let Some(table) = detection else {
        p.hinted(
            v.span(),
            "a verification_issue needs a `detection` table",
            format!("give a probability for each option: {}", options.join(", ")),
        );
        return None;
    };
    let names: Vec<&str> = options.iter().map(String::as_str).collect();
    let mut detection: Vec<Option<f64>> = vec![None; options.len()];
    let mut ok = true;
    for (option, prob) in table.get_ref() {
        let Some(k) = options.iter().position(|o| o == option) else {
            let path = [
                Step::Key("truce".into()),
                Step::Key("detection".into()),
                Step::Key(option.clone()),
            ];
            let span = tree.key_span(&path).unwrap_or(prob.span());
            p.hinted(
                span,
                format!("`{option}` is not an option of `{}`", issue.id),
                hint_for(option, &names, "the options are"),
            );
            ok = false;
            continue;
        };
        match bounded(p, prob, "detection probability", Bounds::UNIT) {
            Some(x) => {
                if let Some(slot) = detection.get_mut(k) {
                    *slot = Some(x);
                }
            }
            None => ok = false,
        }
    }
    let missing: Vec<&str> = options
        .iter()
        .zip(&detection)
        .filter(|(_, d)| d.is_none())
        .map(|(o, _)| o.as_str())
        .collect();
    if ok && !missing.is_empty() {
        p.hinted(
            table.span(),
            format!(
                "`detection` gives no probability for {}",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "give a probability in [0, 1] for every option of the verification issue",
        );
        return None;
    }
    Some(Verification {
        issue: i,
        detection: detection.into_iter().collect::<Option<_>>()?,
    })
}
