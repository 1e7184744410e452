//! Tabletop exercises: the documents and the game that people play with the engine.
//!
//! The exercise follows the document set exercise designers know (HSEEP): a situation manual
//! and one private card per party ([`brief`]), a master events list of injects (also in
//! [`brief`], for the facilitator), the game itself ([`game`]: its state and rules apart from
//! any screen, played on the terminal by [`play`] with moves parsed by [`command`], and in the
//! browser by `truce serve`; with Monte Carlo [`forecast`]s from the current state), and an after-action
//! report for the hot wash ([`aar`]).
//!
//! Everything here renders to strings or writes to a generic `Write`: the command-line handlers
//! in `cli/brief.rs` and `cli/play.rs` do the file and terminal I/O.

pub mod aar;
pub mod brief;
pub mod command;
pub mod doc;
pub mod forecast;
pub mod game;
pub mod html;
pub mod play;
pub mod words;
