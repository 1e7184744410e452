//! The pages, scripts, styles and fonts of the app, compiled into the binary: no CDN, no build
//! step, nothing fetched from outside. The pages are static; they fill themselves from the
//! JSON API.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("assets/index.html");
const EXPLORE: &str = include_str!("assets/explore.html");
const JOIN: &str = include_str!("assets/join.html");
const TEAM: &str = include_str!("assets/team.html");
const FACILITATOR: &str = include_str!("assets/facilitator.html");

/// `/assets/NAME`: (name, content type, bytes).
const FILES: [(&str, &str, &[u8]); 10] = [
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("assets/app.css"),
    ),
    (
        "common.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/common.js"),
    ),
    (
        "explore.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/explore.js"),
    ),
    (
        "home.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/home.js"),
    ),
    (
        "join.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/join.js"),
    ),
    (
        "exercise.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/exercise.js"),
    ),
    (
        "team.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/team.js"),
    ),
    (
        "facilitator.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/facilitator.js"),
    ),
    // The font the charts already bundle (DejaVu, free license in the report crate's assets).
    (
        "DejaVuSans.ttf",
        "font/ttf",
        include_bytes!("../../crates/truce-report/assets/fonts/DejaVuSans.ttf"),
    ),
    (
        "DejaVuSans-Bold.ttf",
        "font/ttf",
        include_bytes!("../../crates/truce-report/assets/fonts/DejaVuSans-Bold.ttf"),
    ),
];

fn page(html: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

pub async fn index() -> Response {
    page(INDEX)
}

pub async fn explore_page() -> Response {
    page(EXPLORE)
}

pub async fn join_page() -> Response {
    page(JOIN)
}

pub async fn team_page() -> Response {
    page(TEAM)
}

pub async fn facilitator_page() -> Response {
    page(FACILITATOR)
}

/// `/assets/NAME`
pub async fn asset(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, bytes)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
