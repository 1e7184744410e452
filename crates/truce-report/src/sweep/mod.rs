//! What a sweep writes: `sweep.csv`, `sweep.json`, the table and the line chart or heatmap.

pub mod chart;
pub mod export;
