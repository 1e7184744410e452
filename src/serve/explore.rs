//! The explore page's API: a scenario's controls, the Monte Carlo at the controls' values, one
//! run told as a story, and the scenario file with the changed numbers.
//!
//! The state of the page is a query string, `runs=N&seed=S&set=PATH:CENTER:SPREAD,...`, the
//! same in the page's URL (so a copied URL reproduces the screen) and in every request. Moving a
//! control rewrites the number in the scenario's own text ([`super::source`]), loads that text
//! and runs it through [`Simulation`], the entry point every caller uses: the page shows
//! exactly what the downloaded file gives. Every run `i` keeps its random streams, so two
//! settings differ by the effect of the control, not by noise (common random numbers).

use std::io;
use std::time::Instant;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use truce_core::engine::{Outcome, Record};
use truce_core::model::{Dist, Param, Scenario};
use truce_core::montecarlo::RunSink;
use truce_core::{Options, Simulation, scenario};
use truce_report::narrate;

use super::catalog::Entry;
use super::source::{self, Setting};
use super::{ApiError, Shared};

/// Runs per slider move unless the page asks otherwise: shares to about +/- 1.5 points.
pub const DEFAULT_RUNS: u64 = 4000;
/// Most runs one request may ask for (a tenth of a second on two cores for Kursk).
pub const MAX_RUNS: u64 = 50_000;
/// Most numbers one request may move.
const MAX_SETTINGS: usize = 256;

#[derive(Debug, Default, Deserialize)]
pub struct ExploreQuery {
    runs: Option<u64>,
    seed: Option<u64>,
    set: Option<String>,
    run: Option<u64>,
}

fn entry<'a>(app: &'a Shared, id: &str) -> Result<&'a Entry, ApiError> {
    app.catalog
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("no scenario `{id}`")))
}

/// `PATH:CENTER:SPREAD,...` (SPREAD may be left out: 1).
pub fn parse_settings(s: &Scenario, set: Option<&str>) -> Result<Vec<Setting>, ApiError> {
    let mut out: Vec<Setting> = Vec::new();
    for item in set
        .unwrap_or("")
        .split(',')
        .filter(|x| !x.trim().is_empty())
    {
        if out.len() == MAX_SETTINGS {
            return Err(ApiError::bad(format!(
                "at most {MAX_SETTINGS} numbers at once"
            )));
        }
        let mut parts = item.split(':');
        let path = parts.next().unwrap_or("").trim();
        let param = Param::parse(s, path).map_err(|e| ApiError::bad(e.to_string()))?;
        if param.uncertain(s).is_none() {
            return Err(ApiError::bad(format!("{path} has no control here")));
        }
        let num = |x: Option<&str>, what: &str, default: Option<f64>| -> Result<f64, ApiError> {
            match (x, default) {
                (None, Some(d)) => Ok(d),
                (x, _) => x
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| ApiError::bad(format!("{path}: the {what} must be a number"))),
            }
        };
        let center = num(parts.next(), "central value", None)?;
        let spread = num(parts.next(), "spread", Some(1.0))?;
        if !(0.0..=10.0).contains(&spread) {
            return Err(ApiError::bad(format!(
                "{path}: the spread is a factor from 0 to 10"
            )));
        }
        if parts.next().is_some() {
            return Err(ApiError::bad(format!("{item}: write PATH:CENTER:SPREAD")));
        }
        let (lo, hi) = param.range(s);
        let center = center.clamp(lo, hi);
        out.retain(|x| x.param != param);
        out.push(Setting {
            param,
            center,
            spread,
        });
    }
    Ok(out)
}

/// The scenario as the controls set it: the file rewritten, then loaded.
fn simulation(e: &Entry, settings: &[Setting]) -> Result<Option<Simulation>, ApiError> {
    if settings.is_empty() {
        return Ok(None);
    }
    let text = rewritten(e, settings)?;
    let s = scenario::parse(text.as_bytes(), &e.file).map_err(|le| {
        ApiError::bad(format!(
            "these values do not make a valid scenario: {}",
            le.render().lines().next().unwrap_or("")
        ))
    })?;
    Ok(Some(Simulation::new(s)))
}

fn rewritten(e: &Entry, settings: &[Setting]) -> Result<String, ApiError> {
    source::rewrite(&e.text, e.sim.scenario(), &e.file, settings).map_err(ApiError::bad)
}

/// `GET /api/scenarios`
pub async fn list(axum::extract::State(app): State<Shared>) -> Json<Value> {
    let items: Vec<Value> = app
        .catalog
        .entries()
        .iter()
        .map(|e| {
            let s = e.sim.scenario();
            json!({
                "id": e.id,
                "name": s.name,
                "file": e.file,
                "bundled": e.bundled,
                "parties": s.parties.iter().enumerate().map(|(k, p)| json!({
                    "id": p.id, "name": p.name, "role": p.role.as_str(),
                    "playable": s.mediator != Some(k),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({ "scenarios": items }))
}

/// Where a control's slider goes: the key's range, or around the number where it is open.
fn slider(param: &Param, s: &Scenario) -> (f64, f64) {
    let (lo, hi) = param.range(s);
    let c = param.central(s);
    let extent = param
        .uncertain(s)
        .map(|u| match &u.dist {
            Dist::Fixed(v) => v.abs(),
            Dist::Uniform { max, .. } | Dist::Triangular { max, .. } => max.abs(),
            Dist::Normal { mean, sd, .. } => mean.abs() + 2.0 * sd,
            Dist::Beta { .. } => 1.0,
        })
        .unwrap_or(1.0)
        .max(c.abs())
        .max(1e-6);
    let lo = if lo.is_finite() { lo } else { c - 2.0 * extent };
    let hi = if hi.is_finite() {
        hi
    } else {
        c.max(0.0) + 2.0 * extent
    };
    (lo, hi)
}

/// Who a number belongs to, for grouping the controls.
fn group(param: &Param, s: &Scenario) -> String {
    match *param {
        Param::Party { party, .. }
        | Param::Weight { party, .. }
        | Param::Penalty { party, .. }
        | Param::WaiveBelow { party, .. } => {
            s.parties.get(party).map_or("?".into(), |p| p.name.clone())
        }
        Param::Momentum | Param::Drift | Param::Volatility => "Battlefield".into(),
        Param::EventProbability(_) => "Injects".into(),
        Param::FrontlineKm | Param::ViolationRate | Param::Detection(_) => "The pause".into(),
    }
}

/// `GET /api/scenarios/{id}`: the description and one control per uncertain number.
pub async fn describe(
    State(app): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let e = entry(&app, &id)?;
    let s = e.sim.scenario();
    let controls: Vec<Value> = Param::numbers(s)
        .into_iter()
        .map(|n| {
            let u = n.param.uncertain(s);
            let kind = match u.map(|u| &u.dist) {
                Some(Dist::Fixed(_)) | None => "fixed",
                Some(Dist::Uniform { .. }) => "uniform",
                Some(Dist::Triangular { .. }) => "triangular",
                Some(Dist::Normal { .. }) => "normal",
                Some(Dist::Beta { .. }) => "beta",
            };
            let (min, max) = slider(&n.param, s);
            let comment = source::place(&e.text, s, &n.param)
                .map(|p| source::comment(&e.text, &p))
                .unwrap_or_default();
            json!({
                "path": n.path, "label": n.label, "unit": n.unit, "given": n.given,
                "central": n.central, "kind": kind, "min": min, "max": max,
                "group": group(&n.param, s), "comment": comment,
            })
        })
        .collect();
    Ok(Json(json!({
        "id": e.id, "file": e.file, "name": s.name, "description": s.description,
        "sources": s.sources, "protocol": s.protocol.as_str(),
        "seed": s.seed, "runs": DEFAULT_RUNS, "max_runs": MAX_RUNS,
        "parties": s.parties.iter().enumerate().map(|(k, p)| json!({
            "id": p.id, "name": p.name, "role": p.role.as_str(),
            "playable": s.mediator != Some(k),
        })).collect::<Vec<_>>(),
        "controls": controls,
    })))
}

/// The first run of each outcome, so the page can offer "tell a run that ended this way".
struct FirstOfEach([Option<u64>; 5]);

impl RunSink for FirstOfEach {
    type Block = [Option<u64>; 5];
    fn block(&self) -> Self::Block {
        [None; 5]
    }
    fn record(&self, b: &mut Self::Block, r: &Record) {
        let k = r.outcome.index();
        if b[k].is_none() {
            b[k] = Some(r.run);
        }
    }
    fn take(&mut self, b: Self::Block) -> io::Result<()> {
        for (mine, theirs) in self.0.iter_mut().zip(b) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        Ok(())
    }
}

fn runs_of(q: &ExploreQuery) -> Result<u64, ApiError> {
    let runs = q.runs.unwrap_or(DEFAULT_RUNS);
    if runs == 0 || runs > MAX_RUNS {
        return Err(ApiError::bad(format!("runs must be from 1 to {MAX_RUNS}")));
    }
    Ok(runs)
}

/// `GET /api/scenarios/{id}/run?runs=&seed=&set=`: the Monte Carlo at the controls' values.
pub async fn run(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<ExploreQuery>,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let e = entry(&app, &id)?;
    let settings = parse_settings(e.sim.scenario(), q.set.as_deref())?;
    let runs = runs_of(&q)?;
    let seed = q.seed.unwrap_or(e.sim.scenario().seed);
    let text = e.text.clone();
    let file = e.file.clone();
    let base: &'static Simulation = e.sim;
    let value = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let owned = match settings.is_empty() {
            true => None,
            false => {
                let edited = source::rewrite(&text, base.scenario(), &file, &settings)
                    .map_err(ApiError::bad)?;
                let s = scenario::parse(edited.as_bytes(), &file).map_err(|le| {
                    ApiError::bad(format!(
                        "these values do not make a valid scenario: {}",
                        le.render().lines().next().unwrap_or("")
                    ))
                })?;
                Some(Simulation::new(s))
            }
        };
        let sim = owned.as_ref().unwrap_or(base);
        let mut options = Options::runs(runs).seed(seed);
        options.benchmark = false;
        let mut first = FirstOfEach([None; 5]);
        let results = sim
            .run_with(&options, &(), &mut first)
            .map_err(|e| ApiError::internal(format!("the runs failed: {e}")))?;
        Ok(results_json(
            sim.scenario(),
            base.scenario(),
            &results.summary,
            &first.0,
            &settings,
        ))
    })
    .await
    .map_err(|e| ApiError::internal(format!("the runs stopped: {e}")))??;
    let mut value = value;
    value["ms"] = json!((started.elapsed().as_secs_f64() * 1e4).round() / 10.0);
    Ok(Json(value))
}

fn results_json(
    s: &Scenario,
    written: &Scenario,
    summary: &truce_core::summary::Summary,
    first: &[Option<u64>; 5],
    settings: &[Setting],
) -> Value {
    let terms: Vec<Value> = summary
        .issues
        .iter()
        .map(|i| {
            json!({
                "label": i.label, "unit": i.unit, "typical": i.typical, "count": i.count,
                "options": i.option_counts, "quantiles": i.quantiles, "range": i.range,
            })
        })
        .collect();
    let examples: Vec<Value> = Outcome::ALL
        .iter()
        .filter_map(|o| first[o.index()].map(|r| json!({ "outcome": o, "run": r })))
        .collect();
    let changed: Vec<Value> = settings
        .iter()
        .map(|set| {
            json!({
                "path": set.param.path(s),
                "central": set.param.central(s),
                "given": set.param.describe(s),
                "written": set.param.describe(written),
            })
        })
        .collect();
    json!({
        "runs": summary.runs, "seed": summary.seed,
        "outcomes": summary.outcomes, "deals": summary.deals,
        "survival": summary.survival.curve.iter().map(|p| [f64::from(p.day), p.share]).collect::<Vec<_>>(),
        "signed": summary.survival.signed,
        "time_to_agreement": summary.time_to_agreement.quantiles,
        "terms": terms,
        "blockers": summary.blockers.iter().take(8).collect::<Vec<_>>(),
        "examples": examples,
        "changed": changed,
    })
}

/// `GET /api/scenarios/{id}/narrate?run=&seed=&set=`: one run told as a story: exactly run
/// `run` of the charts' job.
pub async fn narrate(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<ExploreQuery>,
) -> Result<Json<Value>, ApiError> {
    let e = entry(&app, &id)?;
    let settings = parse_settings(e.sim.scenario(), q.set.as_deref())?;
    let runs = runs_of(&q)?;
    let run = q.run.unwrap_or(0);
    if run >= runs {
        return Err(ApiError::bad(format!(
            "run {run} is not among the {runs} runs of the charts (0 to {})",
            runs - 1
        )));
    }
    let seed = q.seed.unwrap_or(e.sim.scenario().seed);
    let owned = simulation(e, &settings)?;
    let sim = owned.as_ref().unwrap_or(e.sim);
    let story = narrate::story(sim, seed, run);
    let text = narrate::render(sim.scenario(), &story);
    Ok(Json(json!({ "run": run, "seed": seed, "text": text })))
}

/// `GET /api/scenarios/{id}/download?set=`: the scenario file with the changed numbers, each
/// commented; `truce check` accepts it.
pub async fn download(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<ExploreQuery>,
) -> Result<Response, ApiError> {
    let e = entry(&app, &id)?;
    let settings = parse_settings(e.sim.scenario(), q.set.as_deref())?;
    let text = rewritten(e, &settings)?;
    // What is offered must load: the same check the page's runs pass.
    scenario::parse(text.as_bytes(), &e.file)
        .map_err(|le| ApiError::bad(le.render().lines().next().unwrap_or("").to_string()))?;
    let name = if settings.is_empty() {
        format!("{}.toml", e.id)
    } else {
        format!("{}-explored.toml", e.id)
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        text,
    )
        .into_response())
}
