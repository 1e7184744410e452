//! Tabletop exercises in the browser: the facilitator starts one from a scenario and chooses
//! the parties people play; each team joins with its own link (a random 128-bit token) or a
//! short code; the server holds the one [`Game`] of the exercise, the same game `truce play`
//! runs on a terminal.
//!
//! What each page receives is built here, per role, from the game: a team's view holds the
//! public situation, the text on the table, the engine's parties' answers and the transcript of
//! closed rounds, and only its own card, staff note, waived conditions, red-line warnings, note
//! and answer. Another team's card, note or pending answer is never put in it (the tests check
//! the JSON and the HTML). Only the facilitator's token closes rounds, fires injects, asks for
//! forecasts, ends the exercise and saves it.
//!
//! A saved exercise is a JSON file under the output folder (`exercises/ID.json`) holding its
//! setup, its tokens and every action; at start-up the server replays it (a game is a pure
//! function of its seed and actions) and the links work again.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use truce_core::Options;
use truce_core::engine::RoundEnd;
use truce_core::model::{IssueKind, Scenario};

use super::catalog::{Catalog, Entry};
use super::{ApiError, Shared, parse_body};
use crate::tabletop::aar::{self, Spread};
use crate::tabletop::brief;
use crate::tabletop::command::{self, Command};
use crate::tabletop::forecast::{self, AsWritten};
use crate::tabletop::game::{Action, Game, Move, RUN_INDEX, Reader};
use crate::tabletop::words;

/// Exercises one server holds at most (each a few kilobytes plus its game).
pub const MAX_EXERCISES: usize = 64;
/// Teams one exercise may have.
const MAX_TEAMS: usize = 8;
/// Longest private note a team may keep.
const MAX_NOTE: usize = 4000;
/// Continuations of a facilitator's forecast (as `truce play`'s).
const FORECAST_RUNS: u64 = forecast::CONTINUATIONS;
/// Simulated runs behind the after-action comparison (as `truce play`'s).
const AAR_RUNS: u64 = 5000;
/// Letters of the short codes: no 0/O, 1/I/L, to read aloud and type.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A team: one party played by people.
struct Team {
    party: usize,
    token: String,
    code: String,
    note: String,
    seen: Option<Instant>,
}

/// One line of the decision log exported with the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LogLine {
    /// Seconds since the exercise started.
    at: u64,
    who: String,
    what: String,
}

struct Exercise {
    id: String,
    entry: &'static Entry,
    game: Game<'static>,
    facilitator: String,
    teams: Vec<Team>,
    version: u64,
    save: bool,
    started: u64,
    log: Vec<LogLine>,
    forecast: Option<Value>,
    /// The scenario as written, played at the first forecast and kept (as `truce play` does).
    written: Option<AsWritten>,
    aar: Option<Arc<(String, String)>>,
    /// Where the report and the log were written, or why they were not.
    exported: Option<String>,
}

/// The file of a saved exercise.
#[derive(Serialize, Deserialize)]
struct Saved {
    format: u32,
    id: String,
    scenario: String,
    file_hash: String,
    seed: u64,
    facilitator: String,
    teams: Vec<SavedTeam>,
    started: u64,
    actions: Vec<Action>,
    log: Vec<LogLine>,
}

#[derive(Serialize, Deserialize)]
struct SavedTeam {
    party: String,
    token: String,
    code: String,
    note: String,
}

/// Every exercise of the server.
pub struct Exercises {
    dir: PathBuf,
    list: Mutex<Vec<Exercise>>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn token() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn code() -> String {
    let bytes: [u8; 8] = rand::random();
    let letters: String = bytes
        .iter()
        .map(|b| CODE_LETTERS[usize::from(*b) % CODE_LETTERS.len()] as char)
        .collect();
    format!("{}-{}", &letters[..4], &letters[4..])
}

fn clean_code(c: &str) -> String {
    c.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Exercise {
    fn s(&self) -> &'static Scenario {
        self.entry.sim.scenario()
    }

    fn note(&mut self, who: &str, what: String) {
        let at = now().saturating_sub(self.started);
        self.log.push(LogLine {
            at,
            who: who.to_string(),
            what,
        });
        self.version += 1;
    }

    fn saved(&self) -> Saved {
        let s = self.s();
        Saved {
            format: 1,
            id: self.id.clone(),
            scenario: self.entry.id.clone(),
            file_hash: s.file_hash.clone(),
            seed: self.game.seed(),
            facilitator: self.facilitator.clone(),
            teams: self
                .teams
                .iter()
                .map(|t| SavedTeam {
                    party: s.parties[t.party].id.clone(),
                    token: t.token.clone(),
                    code: t.code.clone(),
                    note: t.note.clone(),
                })
                .collect(),
            started: self.started,
            actions: self.game.actions().to_vec(),
            log: self.log.clone(),
        }
    }
}

/// Who a token belongs to.
enum Role {
    Facilitator,
    Team(usize),
}

impl Exercises {
    pub fn new(dir: PathBuf) -> Exercises {
        Exercises {
            dir,
            list: Mutex::new(Vec::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Exercise>> {
        // A handler that panicked cannot have left a game half-changed (the game's methods
        // check before they change), so the data stays usable.
        self.list.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replay the saved exercises of the output folder; one line per file for the console.
    pub fn restore(&self, catalog: &Catalog) -> Vec<String> {
        let mut lines = Vec::new();
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return lines;
        };
        let mut files: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut list = self.lock();
        for path in files {
            let shown = path.display().to_string();
            let restored = std::fs::read(&path)
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|b| serde_json::from_slice::<Saved>(&b).map_err(|e| e.to_string()))
                .and_then(|saved| revive(saved, catalog));
            match restored {
                Ok(ex) if list.len() < MAX_EXERCISES => {
                    lines.push(format!(
                        "restored exercise {} ({}, round {}) from {shown}: facilitator /f/{}",
                        ex.id,
                        ex.s().name,
                        ex.game.round(),
                        ex.facilitator
                    ));
                    list.push(ex);
                }
                Ok(_) => lines.push(format!("not restored {shown}: too many exercises")),
                Err(e) => lines.push(format!("not restored {shown}: {e}")),
            }
        }
        lines
    }

    fn save(&self, ex: &Exercise) -> Result<(), String> {
        if !ex.save {
            return Ok(());
        }
        let bytes = serde_json::to_vec_pretty(&ex.saved()).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        let path = self.dir.join(format!("{}.json", ex.id));
        let tmp = self.dir.join(format!(".{}.json.tmp", ex.id));
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| format!("{}: {e}", path.display()))
    }
}

fn revive(saved: Saved, catalog: &Catalog) -> Result<Exercise, String> {
    let entry = catalog
        .get(&saved.scenario)
        .ok_or_else(|| format!("the scenario `{}` is not served", saved.scenario))?;
    let s = entry.sim.scenario();
    if s.file_hash != saved.file_hash {
        return Err(format!(
            "the scenario `{}` changed since the exercise was saved",
            saved.scenario
        ));
    }
    let mut teams = Vec::new();
    for t in saved.teams {
        let party = s
            .party_index(&t.party)
            .ok_or_else(|| format!("no party `{}`", t.party))?;
        teams.push(Team {
            party,
            token: t.token,
            code: t.code,
            note: t.note,
            seen: None,
        });
    }
    let humans: Vec<usize> = teams.iter().map(|t| t.party).collect();
    let game = Game::replay(entry.sim, &humans, saved.seed, &saved.actions)?;
    Ok(Exercise {
        id: saved.id,
        entry,
        game,
        facilitator: saved.facilitator,
        teams,
        version: 1,
        save: true,
        started: saved.started,
        log: saved.log,
        forecast: None,
        written: None,
        aar: None,
        exported: None,
    })
}

fn find(list: &mut [Exercise], token: &str) -> Option<(usize, Role)> {
    if token.len() != 32 {
        return None;
    }
    for (k, ex) in list.iter().enumerate() {
        if ex.facilitator == token {
            return Some((k, Role::Facilitator));
        }
        if let Some(t) = ex.teams.iter().position(|t| t.token == token) {
            return Some((k, Role::Team(t)));
        }
    }
    None
}

fn unknown() -> ApiError {
    ApiError::not_found("no exercise has this link; ask the facilitator for yours")
}

// ----- creating and joining ----------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    scenario: String,
    parties: Vec<String>,
    seed: Option<u64>,
    #[serde(default)]
    save: bool,
}

/// `POST /api/exercises {scenario, parties, seed?, save?}`
pub async fn create(State(app): State<Shared>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let b: CreateBody = parse_body(&body)?;
    let entry = app
        .catalog
        .get(&b.scenario)
        .ok_or_else(|| ApiError::not_found(format!("no scenario `{}`", b.scenario)))?;
    let s = entry.sim.scenario();
    let mut humans: Vec<usize> = Vec::new();
    for id in &b.parties {
        let p = s
            .party_index(id)
            .ok_or_else(|| ApiError::bad(format!("no party `{id}` in this scenario")))?;
        if s.mediator == Some(p) {
            return Err(ApiError::bad(format!(
                "`{id}` is the mediator, which the engine drafts for; choose parties that answer the text"
            )));
        }
        if !humans.contains(&p) {
            humans.push(p);
        }
    }
    if humans.is_empty() || humans.len() > MAX_TEAMS {
        return Err(ApiError::bad(format!(
            "choose from 1 to {MAX_TEAMS} parties for people to play"
        )));
    }
    let seed = b.seed.unwrap_or(s.seed);
    let game = Game::start(entry.sim, &humans, seed);
    let teams: Vec<Team> = humans
        .iter()
        .map(|&party| Team {
            party,
            token: token(),
            code: code(),
            note: String::new(),
            seen: None,
        })
        .collect();
    let mut ex = Exercise {
        id: token()[..12].to_string(),
        entry,
        game,
        facilitator: token(),
        teams,
        version: 1,
        save: b.save,
        started: now(),
        log: Vec::new(),
        forecast: None,
        written: None,
        aar: None,
        exported: None,
    };
    let names: Vec<&str> = humans.iter().map(|&p| s.parties[p].name.as_str()).collect();
    ex.note(
        "facilitator",
        format!(
            "started {} (seed {seed}) with teams {}",
            s.name,
            names.join(", ")
        ),
    );
    let facilitator = format!("/f/{}", ex.facilitator);
    let saved = app.exercises.save(&ex);
    {
        let mut list = app.exercises.lock();
        if list.len() >= MAX_EXERCISES {
            return Err(ApiError::conflict(format!(
                "this server already holds {MAX_EXERCISES} exercises; restart it to clear them"
            )));
        }
        list.push(ex);
    }
    Ok(Json(json!({
        "facilitator": facilitator,
        "saved": saved.err(),
    })))
}

/// `GET /api/join/{code}`: the team link of a short code.
pub async fn join(
    State(app): State<Shared>,
    Path(c): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let wanted = clean_code(&c);
    let list = app.exercises.lock();
    for ex in list.iter() {
        if let Some(t) = ex.teams.iter().find(|t| clean_code(&t.code) == wanted) {
            return Ok(Json(json!({
                "link": format!("/t/{}", t.token),
                "party": ex.s().parties[t.party].name,
            })));
        }
    }
    Err(ApiError::not_found(format!(
        "no team has the code `{c}`; check it with the facilitator"
    )))
}

// ----- what the pages see ------------------------------------------------------------------

#[derive(Deserialize)]
pub struct Since {
    v: Option<u64>,
}

fn issue_json(s: &Scenario, j: usize, value: f64, opening: Option<f64>) -> Value {
    let issue = &s.issues[j];
    let changed = opening.is_some_and(|o| issue.display(o) != issue.display(value));
    let (kind, options, min, max, unit) = match &issue.kind {
        IssueKind::Options(o) => ("options", o.clone(), None, None, String::new()),
        IssueKind::Numeric { min, max, unit } => {
            ("numeric", Vec::new(), Some(*min), Some(*max), unit.clone())
        }
    };
    json!({
        "id": issue.id, "label": issue.label, "value": issue.display(value),
        "changed": changed, "kind": kind, "options": options, "min": min, "max": max,
        "unit": unit,
    })
}

/// What every page of the exercise may see (the pause told from `reader`'s side).
fn public(ex: &Exercise, reader: Reader) -> Value {
    let s = ex.s();
    let g = &ex.game;
    let r = g.runner();
    let cur = g.current();
    let table: Vec<Value> = (0..s.issues.len())
        .map(|j| issue_json(s, j, r.text()[j], cur.opening.get(j).copied()))
        .collect();
    let by = match (g.to_table(), cur.proposer) {
        (Some(p), _) => format!(
            "{} (its package is not on the table yet)",
            s.parties[p].name
        ),
        (None, Some(p)) => s.parties[p].name.clone(),
        (None, None) => s
            .mediator
            .map_or("the mediator".to_string(), |m| s.parties[m].name.clone()),
    };
    let by = match g.tabled_by() {
        Some(p) if cur.proposer == Some(p) => s.parties[p].name.clone(),
        Some(p) => format!("{}, amending the text", s.parties[p].name),
        None => by,
    };
    // The engine's parties answered the text when it was tabled: public, as the mediator's
    // consultations are on the terminal's shared screen.
    let others: Vec<Value> = if g.to_table().is_some() || g.is_over() {
        Vec::new()
    } else {
        r.verdicts()
            .iter()
            .enumerate()
            .filter(|(p, _)| !g.humans().contains(p) && s.mediator != Some(*p))
            .map(|(p, v)| {
                json!({
                    "party": s.parties[p].name, "required": s.parties[p].must_agree,
                    "answer": words::answer(s, p, v),
                })
            })
            .collect()
    };
    let transcript: Vec<Value> = g
        .rounds()
        .iter()
        .map(|l| {
            json!({
                "round": l.round, "day": l.day, "injects": l.injects, "moves": l.moves,
                "text": (0..s.issues.len()).filter_map(|j| l.text.get(j).map(|&x| json!({
                    "label": s.issues[j].label, "value": s.issues[j].display(x)}))).collect::<Vec<_>>(),
                "answers": l.answers.iter().map(|a| json!({
                    "party": s.parties[a.party].name, "answer": a.words,
                    "by_person": a.by_person })).collect::<Vec<_>>(),
                "result": l.result,
            })
        })
        .collect();
    let ended = g.record().map(|rec| {
        json!({
            "outcome": words::outcome(s, rec),
            "signed": rec.outcome.signed(),
            "terms": if rec.outcome.signed() {
                (0..s.issues.len()).map(|j| json!({
                    "label": s.issues[j].label, "value": s.issues[j].display(rec.terms[j])
                })).collect::<Vec<_>>()
            } else { Vec::new() },
            "pause": g.pause_for(reader),
            "quit_in": g.quit_in(),
        })
    });
    let teams: Vec<String> = ex
        .teams
        .iter()
        .map(|t| s.parties[t.party].name.clone())
        .collect();
    // What the engine does with a signed pause for every party, the teams' included: said
    // from the start, as `truce play` does, so that no team is surprised later.
    let pause_rule = s
        .truce
        .as_ref()
        .map(|_| words::pause_rule(s, &teams.join(", "), s.horizon_days));
    json!({
        "version": ex.version,
        "scenario": { "name": s.name, "description": s.description, "file": ex.entry.file },
        "protocol": words::protocol(s),
        "pause_rule": pause_rule,
        "round": g.round(), "rounds": r.rounds(), "day": cur.day,
        "days_per_round": s.days_per_round,
        "battlefield": s.battlefield.as_ref().map(|_| words::momentum(s, r.momentum())),
        "injects": if g.is_over() { Vec::new() } else { cur.injects.clone() },
        "teams": teams,
        "table": { "by": by, "issues": table },
        "others": others,
        "transcript": transcript,
        "over": g.is_over(),
        "ended": ended,
    })
}

/// Everything team `t` may see, and nothing of the other teams'.
fn team_view(ex: &Exercise, t: usize) -> Value {
    let s = ex.s();
    let g = &ex.game;
    let team = &ex.teams[t];
    let p = team.party;
    let mut v = public(ex, Reader::Team(p));
    let text = g.runner().text().to_vec();
    let staff = (!g.is_over() && g.to_table().is_none()).then(|| {
        let verdict = g.runner().evaluate(p, &text);
        format!(
            "Worth {:.2} to you after doubts about keeping it; no deal (walking away) is worth {:.2}. Reading: {}.",
            verdict.value.clamp(0.0, 1.0),
            verdict.walk_away,
            words::own_reading(s, p, &verdict)
        )
    });
    let warnings: Vec<String> = s.parties[p]
        .red_lines
        .iter()
        .filter(|rl| !rl.constraint.allows(&s.issues[rl.constraint.issue], text[rl.constraint.issue]))
        .map(|rl| {
            let c = &rl.constraint;
            let why = if c.reason.is_empty() {
                String::new()
            } else {
                format!(" (\"{}\")", c.reason)
            };
            format!(
                "This text crosses your own red line: {}{why}. Your instructions forbid signing it.",
                c.describe(&s.issues[c.issue])
            )
        })
        .collect();
    let cur = g.current();
    let waived: Vec<&String> = cur
        .waived
        .iter()
        .zip(&cur.waived_by)
        .filter(|(_, by)| **by == p)
        .map(|(w, _)| w)
        .collect();
    let proposer = cur.proposer;
    let my_turn = g.to_table() == Some(p);
    let can_propose = !g.is_over() && (proposer.is_none() || proposer == Some(p));
    v["me"] = json!({
        "party": s.parties[p].id,
        "name": s.parties[p].name,
        "card": brief::party_card(s, p).body_html(),
        "note": team.note,
        "answer": g.answer_of(p).map(|yes| if yes { "accept" } else { "reject" }),
        "staff_note": staff,
        "warnings": warnings,
        "waived": waived,
        "my_turn_to_table": my_turn,
        "waiting_for_package": g.to_table().is_some() && !my_turn,
        "can_propose": can_propose,
    });
    v
}

fn fac_view(ex: &Exercise) -> Value {
    let s = ex.s();
    let g = &ex.game;
    let mut v = public(ex, Reader::Facilitator);
    let waiting = g.waiting_for();
    v["teams_status"] = Value::Array(
        ex.teams
            .iter()
            .map(|t| {
                let status = if g.is_over() {
                    "done"
                } else if g.to_table() == Some(t.party) {
                    "to table its package"
                } else if g.answer_of(t.party).is_some() {
                    "has answered"
                } else {
                    "to answer"
                };
                json!({
                    "party": s.parties[t.party].name,
                    "link": format!("/t/{}", t.token),
                    "code": t.code,
                    "status": status,
                    "seen_seconds_ago": t.seen.map(|i| i.elapsed().as_secs()),
                })
            })
            .collect(),
    );
    v["waiting_for"] = json!(waiting.map(|p| s.parties[p].name.clone()));
    v["can_close"] = json!(g.can_close());
    v["events"] = Value::Array(
        s.events
            .iter()
            .enumerate()
            .map(|(e, ev)| {
                json!({
                    "id": ev.id, "label": ev.label,
                    "when": ev.at_round.map_or("any round".to_string(), |r| format!("round {r}")),
                    "chance": words::chance(&ev.probability),
                    "once": ev.once,
                    "queued": g.queued_injects().contains(&e),
                })
            })
            .collect(),
    );
    v["waived"] = json!(g.current().waived);
    v["transcript_waived"] = Value::Array(
        g.rounds()
            .iter()
            .map(|l| json!({ "round": l.round, "waived": l.waived }))
            .collect(),
    );
    v["forecast"] = ex.forecast.clone().unwrap_or(Value::Null);
    v["aar_ready"] = json!(ex.aar.is_some());
    v["exported"] = json!(ex.exported);
    v["save"] = json!(ex.save);
    v["seed"] = json!(g.seed());
    v["log"] = json!(ex.log.iter().rev().take(40).collect::<Vec<_>>());
    v
}

fn unchanged(ex: &Exercise, since: &Since) -> Option<Value> {
    (since.v == Some(ex.version)).then(|| json!({ "unchanged": true, "version": ex.version }))
}

/// `GET /api/team/{token}?v=N`: the team's view (or `unchanged` when it is still version N).
pub async fn team_state(
    State(app): State<Shared>,
    Path(tok): Path<String>,
    Query(since): Query<Since>,
) -> Result<Json<Value>, ApiError> {
    let mut list = app.exercises.lock();
    let Some((k, Role::Team(t))) = find(&mut list, &tok) else {
        return Err(unknown());
    };
    let ex = &mut list[k];
    ex.teams[t].seen = Some(Instant::now());
    Ok(Json(
        unchanged(ex, &since).unwrap_or_else(|| team_view(ex, t)),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    #[serde(rename = "move")]
    the_move: String,
    #[serde(default)]
    changes: Vec<(String, String)>,
}

/// `POST /api/team/{token}/move {move: accept|reject|propose, changes: [[issue, value]...]}`
pub async fn team_move(
    State(app): State<Shared>,
    Path(tok): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let b: MoveBody = parse_body(&body)?;
    let mut list = app.exercises.lock();
    let Some((k, Role::Team(t))) = find(&mut list, &tok) else {
        return Err(unknown());
    };
    let ex = &mut list[k];
    let s = ex.s();
    let party = ex.teams[t].party;
    let the_move = match b.the_move.as_str() {
        "accept" => Move::Accept,
        "reject" => Move::Reject,
        "propose" => {
            // The same words the terminal takes, with the same hints.
            let mut line = String::from("propose");
            for (issue, value) in &b.changes {
                if issue.chars().any(char::is_whitespace)
                    || value.chars().any(char::is_whitespace)
                    || issue.contains('=')
                {
                    return Err(ApiError::bad(format!(
                        "`{issue}={value}` is not ISSUE=VALUE"
                    )));
                }
                line.push_str(&format!(" {issue}={value}"));
            }
            match command::parse(&line, s) {
                Ok(Command::Propose(a)) => Move::Propose {
                    changes: crate::tabletop::game::changes(&a),
                },
                Ok(_) => return Err(ApiError::bad("a proposal changes at least one issue")),
                Err(hint) => return Err(ApiError::bad(hint)),
            }
        }
        other => {
            return Err(ApiError::bad(format!(
                "unknown move `{other}`: accept, reject or propose"
            )));
        }
    };
    let (done, crossings) = ex
        .game
        .act(party, &the_move)
        .map_err(|r| ApiError::conflict(r.0))?;
    let name = s.parties[party].name.clone();
    let what = ex.game.current().moves.last().cloned().unwrap_or_default();
    ex.note(&name, format!("round {}: {what}", ex.game.round()));
    let _ = (done, crossings);
    let saved = app.exercises.save(ex);
    let mut v = team_view(ex, t);
    v["saved"] = json!(saved.err());
    Ok(Json(v))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    note: String,
}

/// `POST /api/team/{token}/note {note}`: the team's private note.
pub async fn team_note(
    State(app): State<Shared>,
    Path(tok): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let b: NoteBody = parse_body(&body)?;
    if b.note.chars().count() > MAX_NOTE {
        return Err(ApiError::bad(format!(
            "a note holds at most {MAX_NOTE} characters"
        )));
    }
    let mut list = app.exercises.lock();
    let Some((k, Role::Team(t))) = find(&mut list, &tok) else {
        return Err(unknown());
    };
    let ex = &mut list[k];
    ex.teams[t].note = b.note;
    ex.version += 1;
    let _ = app.exercises.save(ex);
    Ok(Json(json!({ "ok": true, "version": ex.version })))
}

// ----- the facilitator ---------------------------------------------------------------------

/// The exercise of a facilitator's token, or 404 (a team's token included).
fn facilitator<'a>(list: &'a mut [Exercise], tok: &str) -> Result<&'a mut Exercise, ApiError> {
    match find(list, tok) {
        Some((k, Role::Facilitator)) => Ok(&mut list[k]),
        _ => Err(unknown()),
    }
}

/// `GET /api/fac/{token}?v=N`
pub async fn fac_state(
    State(app): State<Shared>,
    Path(tok): Path<String>,
    Query(since): Query<Since>,
) -> Result<Json<Value>, ApiError> {
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, &tok)?;
    Ok(Json(unchanged(ex, &since).unwrap_or_else(|| fac_view(ex))))
}

/// `POST /api/fac/{token}/close`: close the round once every team has answered.
pub async fn fac_close(
    State(app): State<Shared>,
    Path(tok): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let over = {
        let mut list = app.exercises.lock();
        let ex = facilitator(&mut list, &tok)?;
        let round = ex.game.round();
        let end = ex.game.close().map_err(|r| ApiError::conflict(r.0))?;
        let result = ex
            .game
            .rounds()
            .last()
            .map(|l| l.result.clone())
            .unwrap_or_default();
        ex.note("facilitator", format!("closed round {round}: {result}"));
        ex.forecast = None;
        let _ = app.exercises.save(ex);
        end != RoundEnd::Continue || ex.game.is_over()
    };
    if over {
        report(&app, &tok).await?;
    }
    fac_now(&app, &tok)
}

fn fac_now(app: &Shared, tok: &str) -> Result<Json<Value>, ApiError> {
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, tok)?;
    Ok(Json(fac_view(ex)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InjectBody {
    event: String,
}

/// `POST /api/fac/{token}/inject {event}`: fire an inject when the next round opens.
pub async fn fac_inject(
    State(app): State<Shared>,
    Path(tok): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let b: InjectBody = parse_body(&body)?;
    {
        let mut list = app.exercises.lock();
        let ex = facilitator(&mut list, &tok)?;
        let s = ex.s();
        let e = s
            .events
            .iter()
            .position(|e| e.id == b.event)
            .ok_or_else(|| {
                ApiError::bad(format!("no inject `{}` in the master events list", b.event))
            })?;
        ex.game
            .queue_inject(e)
            .map_err(|r| ApiError::conflict(r.0))?;
        ex.note(
            "facilitator",
            format!(
                "queued the inject \"{}\" for the next round",
                s.events[e].label
            ),
        );
        let _ = app.exercises.save(ex);
    }
    fac_now(&app, &tok)
}

/// `POST /api/fac/{token}/forecast`: how the talks may end, as `truce play`'s forecast shows
/// it: the scenario as written beside continuations from this moment, the engine deciding for
/// every party in both, the teams' parties included.
pub async fn fac_forecast(
    State(app): State<Shared>,
    Path(tok): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (runner, humans, round, version, written, entry, seed) = {
        let mut list = app.exercises.lock();
        let ex = facilitator(&mut list, &tok)?;
        if ex.game.is_over() {
            return Err(ApiError::conflict(
                "the talks are over: the report has the comparison",
            ));
        }
        (
            ex.game.runner().clone(),
            ex.game.humans().to_vec(),
            ex.game.round(),
            ex.version,
            ex.written,
            ex.entry,
            ex.game.seed(),
        )
    };
    let started = Instant::now();
    let (f, w) = tokio::task::spawn_blocking(move || -> Result<_, String> {
        let w = match written {
            Some(w) => w,
            None => forecast::as_written(entry.sim, seed, FORECAST_RUNS)?,
        };
        let at = truce_core::forecast::Moment {
            round,
            undrafted: None,
        };
        Ok((forecast::from_here(&runner, &humans, at, FORECAST_RUNS), w))
    })
    .await
    .map_err(|e| ApiError::internal(format!("the forecast stopped: {e}")))?
    .map_err(ApiError::internal)?;
    let seconds = started.elapsed().as_secs_f64();
    let share = |x: &forecast::Share| json!({ "share": x.share, "low": x.low, "high": x.high });
    let rows: Vec<Value> = forecast::rows(&f, &w)
        .iter()
        .map(|r| {
            json!({
                "label": r.label,
                "as_written": r.as_written.as_ref().map(share),
                "from_here": share(&r.from_here),
            })
        })
        .collect();
    let (as_written, from_here) = forecast::columns(&w, &f, round);
    let value = json!({
        "round": round, "runs": f.runs, "seconds": seconds, "rows": rows,
        "label": "How the talks may end, with the engine deciding for every party, the teams' \
                  parties included (walkouts and keeping a pause too).",
        "as_written": as_written, "from_here": from_here,
    });
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, &tok)?;
    ex.written = Some(w);
    if ex.version == version || ex.game.round() == round {
        ex.forecast = Some(value);
        ex.note(
            "facilitator",
            format!("asked for a forecast in round {round}"),
        );
    }
    Ok(Json(fac_view(ex)))
}

/// `POST /api/fac/{token}/end`: end the talks now (if they are not over) and prepare the
/// after-action report.
pub async fn fac_end(
    State(app): State<Shared>,
    Path(tok): Path<String>,
) -> Result<Json<Value>, ApiError> {
    {
        let mut list = app.exercises.lock();
        let ex = facilitator(&mut list, &tok)?;
        if !ex.game.is_over() {
            let round = ex.game.round();
            ex.game.quit(None).map_err(|r| ApiError::conflict(r.0))?;
            ex.note(
                "facilitator",
                format!("ended the exercise in round {round}"),
            );
            let _ = app.exercises.save(ex);
        }
    }
    report(&app, &tok).await?;
    fac_now(&app, &tok)
}

/// The after-action report of a finished exercise: computed once (5,000 runs), kept, and
/// written with the decision log to the output folder.
async fn report(app: &Shared, tok: &str) -> Result<(), ApiError> {
    let (log, entry, ex_id, decisions) = {
        let mut list = app.exercises.lock();
        let ex = facilitator(&mut list, tok)?;
        if ex.aar.is_some() {
            return Ok(());
        }
        let log = ex
            .game
            .log()
            .ok_or_else(|| ApiError::conflict("the talks are not over yet"))?;
        // The report is read by every team: each people's party is "a team's party" there.
        let log = crate::tabletop::game::GameLog {
            pause: ex.game.pause_for(Reader::Facilitator),
            ..log
        };
        (log, ex.entry, ex.id.clone(), decisions_json(ex))
    };
    let seed = log.seed;
    let docs = tokio::task::spawn_blocking(move || -> Result<(String, String), String> {
        let sim = entry.sim;
        let results = sim
            .run(&Options::runs(AAR_RUNS).seed(seed))
            .map_err(|e| format!("the comparison runs failed: {e}"))?;
        let alone = sim.runner().run(seed, RUN_INDEX).clone();
        let spread = Spread {
            summary: &results.summary,
            aggregate: &results.aggregate,
        };
        let doc = aar::report(sim.scenario(), &entry.file, &log, &spread, &alone);
        Ok((doc.html(), doc.markdown()))
    })
    .await
    .map_err(|e| ApiError::internal(format!("the report stopped: {e}")))?
    .map_err(ApiError::internal)?;
    let dir = app.exercises.dir.parent().map(|d| d.join(&ex_id));
    let exported = match &dir {
        Some(dir) => export(dir, &docs, &decisions)
            .map(|()| format!("written to {}", dir.display()))
            .unwrap_or_else(|e| format!("not written: {e}")),
        None => "not written".to_string(),
    };
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, tok)?;
    ex.aar = Some(Arc::new(docs));
    ex.exported = Some(exported);
    ex.version += 1;
    Ok(())
}

fn export(
    dir: &std::path::Path,
    docs: &(String, String),
    decisions: &Value,
) -> std::io::Result<()> {
    let mut staging = truce_report::export::folder::Staging::open(dir)?;
    staging.write("aar.html", docs.0.as_bytes())?;
    staging.write("aar.md", docs.1.as_bytes())?;
    let mut json = serde_json::to_vec_pretty(decisions).map_err(std::io::Error::other)?;
    json.push(b'\n');
    staging.write("decisions.json", &json)?;
    staging.commit(&[])
}

/// The decision log: every action in order, the log lines with their times, the transcript.
fn decisions_json(ex: &Exercise) -> Value {
    let s = ex.s();
    json!({
        "exercise": ex.id,
        "scenario": ex.entry.file,
        "file_hash": s.file_hash,
        "seed": ex.game.seed(),
        "teams": ex.teams.iter().map(|t| s.parties[t.party].id.clone()).collect::<Vec<_>>(),
        "started_unix": ex.started,
        "log": ex.log,
        "actions": ex.game.actions(),
        "notes": if ex.game.is_over() {
            ex.teams.iter().map(|t| json!({ "party": s.parties[t.party].id, "note": t.note })).collect::<Vec<_>>()
        } else { Vec::new() },
        "transcript": public(ex, Reader::Facilitator)["transcript"].clone(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    save: bool,
}

/// `POST /api/fac/{token}/save {save}`: keep the exercise in a file under the output folder
/// (it survives a restart), or stop keeping it.
pub async fn fac_save(
    State(app): State<Shared>,
    Path(tok): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let b: SaveBody = parse_body(&body)?;
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, &tok)?;
    ex.save = b.save;
    ex.version += 1;
    if b.save {
        app.exercises
            .save(ex)
            .map_err(|e| ApiError::internal(format!("cannot save the exercise: {e}")))?;
    } else {
        let _ = std::fs::remove_file(app.exercises.dir.join(format!("{}.json", ex.id)));
    }
    Ok(Json(fac_view(ex)))
}

/// `GET /api/fac/{token}/aar.html`: the after-action report, to open or download.
pub async fn fac_aar(
    State(app): State<Shared>,
    Path(tok): Path<String>,
) -> Result<Response, ApiError> {
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, &tok)?;
    let Some(docs) = ex.aar.clone() else {
        return Err(ApiError::conflict(
            "the report is written when the exercise ends",
        ));
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"aar-{}.html\"", ex.id),
            ),
        ],
        docs.0.clone(),
    )
        .into_response())
}

/// `GET /api/fac/{token}/log.json`: the decision log.
pub async fn fac_log(
    State(app): State<Shared>,
    Path(tok): Path<String>,
) -> Result<Response, ApiError> {
    let mut list = app.exercises.lock();
    let ex = facilitator(&mut list, &tok)?;
    let v = decisions_json(ex);
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"decisions-{}.json\"", ex.id),
        )],
        Json(v),
    )
        .into_response())
}
