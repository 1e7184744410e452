//! What a sensitivity analysis writes: `sensitivity.csv`, `sensitivity.json`, the table and
//! the tornado chart.

pub mod chart;
pub mod export;
