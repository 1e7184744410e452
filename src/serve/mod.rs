//! `truce serve`: the browser app for class and for tabletop exercises.
//!
//! One process serves everything from the binary itself (pages, scripts, styles and the font:
//! [`assets`]), so it works on a classroom network with no connection outside. Two halves:
//! - [`explore`]: a scenario with a control for every uncertain number; moving one re-runs
//!   the Monte Carlo (common random numbers) and redraws the charts in the page.
//! - [`exercise`]: a multi-team tabletop exercise, the same [`crate::tabletop::game::Game`]
//!   as `truce play`, with a join link per team and a facilitator's console.
//!
//! Safety: it binds to 127.0.0.1 unless told otherwise; every page is static and fills itself
//! from JSON with `textContent` (scenario strings never become markup), under a Content Security
//! Policy that allows no inline script; request bodies are size-limited and parsed by hand so a
//! malformed one gets a 4xx with a message; files are read only at start-up, from the paths on
//! the command line (and saved exercises from the output folder).

pub mod assets;
pub mod catalog;
pub mod exercise;
pub mod explore;
pub mod source;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::cli::Failure;
use catalog::Catalog;

/// Largest request body accepted: a move, a note or a new exercise is a few hundred bytes.
pub const MAX_BODY: usize = 16 * 1024;

/// What `truce serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub bind: IpAddr,
    pub port: u16,
    /// Where saved exercises and after-action reports go.
    pub out: PathBuf,
}

/// Everything the handlers share.
pub struct App {
    pub catalog: Catalog,
    pub exercises: exercise::Exercises,
}

pub type Shared = Arc<App>;

/// An answer to a request that went wrong: a status and one sentence, sent as JSON.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub String);

impl ApiError {
    pub fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::NOT_FOUND, msg.into())
    }
    pub fn conflict(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::CONFLICT, msg.into())
    }
    pub fn internal(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.1 });
        (self.0, axum::Json(body)).into_response()
    }
}

/// Parse a JSON request body (already size-limited), with serde's message on failure.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad(format!("malformed request: {e}")))
}

/// Headers on every response: no inline script or style from anywhere but the server, no
/// framing, no sniffing, no referrer (join links carry tokens), no caching of live state.
async fn headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such page")
}

/// The routes of the app.
pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/explore/{id}", get(assets::explore_page))
        .route("/join", get(assets::join_page))
        .route("/t/{token}", get(assets::team_page))
        .route("/f/{token}", get(assets::facilitator_page))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/scenarios", get(explore::list))
        .route("/api/scenarios/{id}", get(explore::describe))
        .route("/api/scenarios/{id}/run", get(explore::run))
        .route("/api/scenarios/{id}/narrate", get(explore::narrate))
        .route("/api/scenarios/{id}/download", get(explore::download))
        .route("/api/exercises", post(exercise::create))
        .route("/api/join/{code}", get(exercise::join))
        .route("/api/team/{token}", get(exercise::team_state))
        .route("/api/team/{token}/move", post(exercise::team_move))
        .route("/api/team/{token}/note", post(exercise::team_note))
        .route("/api/fac/{token}", get(exercise::fac_state))
        .route("/api/fac/{token}/close", post(exercise::fac_close))
        .route("/api/fac/{token}/inject", post(exercise::fac_inject))
        .route("/api/fac/{token}/forecast", post(exercise::fac_forecast))
        .route("/api/fac/{token}/end", post(exercise::fac_end))
        .route("/api/fac/{token}/save", post(exercise::fac_save))
        .route("/api/fac/{token}/aar.html", get(exercise::fac_aar))
        .route("/api/fac/{token}/log.json", get(exercise::fac_log))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(headers))
        .with_state(app)
}

/// Start the server and serve until Ctrl-C.
pub fn serve(config: Config) -> Result<(), Failure> {
    let catalog = Catalog::load(&config.paths)?;
    let exercises = exercise::Exercises::new(config.out.join("exercises"));
    let restored = exercises.restore(&catalog);
    let app: Shared = Arc::new(App { catalog, exercises });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(config.bind, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Failure::io(format!("cannot listen on {addr}: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| Failure::io(format!("cannot listen on {addr}: {e}")))?;
        announce(&config, local, &app, &restored);
        let interrupted = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = interrupted.clone();
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    flag.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            })
            .await
            .map_err(|e| Failure::io(format!("the server stopped: {e}")))?;
        if interrupted.load(std::sync::atomic::Ordering::SeqCst) {
            eprintln!("truce serve: stopped (Ctrl-C); saved exercises are in their files");
            return Err(Failure {
                code: 130,
                message: String::new(),
            });
        }
        Ok(())
    })
}

fn announce(config: &Config, local: SocketAddr, app: &App, restored: &[String]) {
    use std::io::Write as _;
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match local.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "truce serve: open http://{host}:{}/ in a browser",
        local.port()
    );
    let _ = writeln!(
        out,
        "  {} scenario(s): {}",
        app.catalog.len(),
        app.catalog.ids().join(", ")
    );
    for line in restored {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(
        out,
        "  saved exercises go to {}; Ctrl-C stops the server",
        config.out.join("exercises").display()
    );
    let _ = out.flush();
    if !config.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} (port {}): anyone on this network who has a link can open the app and join an exercise with it. Use the default (--bind 127.0.0.1) to keep it on this machine.",
            config.bind,
            local.port()
        );
    }
}
