//! What `truce backtest` writes: `backtest.csv`, `backtest.json`, the table on the terminal
//! ([`export`]), the charts ([`chart`]) and `backtest.html` ([`html`]), each a pure function of
//! a [`truce_core::backtest::Backtest`].

pub mod chart;
pub mod export;
pub mod html;
