//! What a protocol decides in a round: the [`Protocol`] trait every protocol implements.

use crate::engine::state::RunState;
use crate::model::Scenario;

/// How the report's "model in brief" names a protocol: `<title> (this scenario; <sources>):
/// <how>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    /// Its name in the report: `A single negotiating text`.
    pub title: &'static str,
    /// The works it follows.
    pub sources: &'static str,
    /// What it does, in a sentence.
    pub how: &'static str,
}

/// Who drafts the text on the table and how it moves between rounds.
pub trait Protocol: Sync + Send {
    /// The name scenario files use (`protocol = "..."`).
    fn name(&self) -> &'static str;
    /// Whether the scenario must name a `mediator` who drafts the text.
    fn needs_mediator(&self) -> bool;
    /// The protocol in a sentence that names the scenario's parties, for briefings.
    fn describe(&self, s: &Scenario) -> String;
    /// The protocol for the report's "model in brief".
    fn brief(&self) -> Brief;
    /// The party whose package is on the table in `round` (1-based), if a party drafts it;
    /// `None` when the mediator's text stays on the table.
    fn proposer(&self, run: &RunState<'_>, round: u32) -> Option<usize>;
    /// Put this round's text on the table, before the parties answer.
    fn table(&self, run: &mut RunState<'_>, round: u32);
    /// After every party has answered the text of the round in progress.
    fn answered(&self, run: &mut RunState<'_>);
    /// The round ended without a deal and without a walkout: prepare the next text.
    fn rejected(&self, run: &mut RunState<'_>);
}
