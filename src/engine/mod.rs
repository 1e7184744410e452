//! One run of the model: draws, talks round by round, then the pause.
//!
//! A run is a pure function of (scenario, seed, run index).

mod record;

pub use record::{BlockKind, Blocker, Outcome, Record};

use crate::model::Scenario;

/// Plays runs of one scenario. Holds every buffer a run needs, so one `Runner` per thread
/// makes the hot loop allocation-free.
pub struct Runner<'a> {
    scenario: &'a Scenario,
    record: Record,
}

impl<'a> Runner<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        Runner { scenario, record: Record::new(scenario) }
    }

    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// Play run `index` of `seed` and return its record (valid until the next call).
    /// STUB: the engine issue fills this in; for now every run is `no_deal`.
    pub fn run(&mut self, seed: u64, index: u64) -> &Record {
        let _ = seed;
        self.record.run = index;
        self.record.outcome = Outcome::NoDeal;
        &self.record
    }
}
