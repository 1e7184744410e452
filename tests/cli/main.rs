//! The `truce` command as users run it (assert_cmd), in one test binary: each integration test
//! file would otherwise be its own binary that links everything.

mod backtest;
mod brief;
mod calibrate;
mod check;
mod docs;
mod hostile;
mod narrate;
mod play;
mod run;
mod sensitivity;
mod serve;
mod serve_browser;
mod sweep;
mod web;
