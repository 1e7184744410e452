//! `sweep.csv` and `sweep.json`: pure functions from a [`Sweep`] to bytes.

use serde::Serialize;

use truce_core::engine::Outcome;
use truce_core::sweep::{Axis, Share, Sweep};

/// Version of the layout of `sweep.json`.
pub const SWEEP_FORMAT: u32 = 1;

/// `sweep.csv`: one row per point: the value of each axis (headed by its path), `runs`, then per
/// outcome its share and 95% interval (`held,held_low,held_high`).
pub fn csv(sweep: &Sweep) -> Vec<u8> {
    let mut out = String::new();
    let mut header: Vec<String> = sweep.axes.iter().map(|a| a.path.clone()).collect();
    header.push("runs".into());
    for o in Outcome::ALL {
        let name = o.as_str();
        header.extend([name.into(), format!("{name}_low"), format!("{name}_high")]);
    }
    out.push_str(&header.join(","));
    out.push('\n');
    for p in &sweep.points {
        let mut row: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
        row.push(p.runs.to_string());
        for o in Outcome::ALL {
            let s = p.share(o);
            row.extend([
                format!("{:.6}", s.share),
                format!("{:.6}", s.low),
                format!("{:.6}", s.high),
            ]);
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct File<'a> {
    format: u32,
    program_version: &'static str,
    scenario: &'a str,
    file_hash: &'a str,
    seed: u64,
    runs_per_point: u64,
    /// How each point was played (for readers of the file who did not read the docs).
    method: &'static str,
    axes: &'a [Axis],
    points: Vec<PointOut>,
}

#[derive(Serialize)]
struct PointOut {
    values: Vec<f64>,
    runs: u64,
    no_deal: Share,
    walkout: Share,
    collapsed: Share,
    expired: Share,
    held: Share,
}

/// `sweep.json`: the same numbers as the CSV, with counts, the axes and how they were run.
pub fn json(sweep: &Sweep) -> Vec<u8> {
    let file = File {
        format: SWEEP_FORMAT,
        program_version: env!("CARGO_PKG_VERSION"),
        scenario: &sweep.scenario,
        file_hash: &sweep.file_hash,
        seed: sweep.seed,
        runs_per_point: sweep.runs_per_point,
        method: "each point pins the swept numbers (their uncertainty removed) and plays runs \
                 0..runs_per_point of the same seed: common random numbers",
        axes: &sweep.axes,
        points: sweep
            .points
            .iter()
            .map(|p| PointOut {
                values: p.values.clone(),
                runs: p.runs,
                no_deal: p.share(Outcome::NoDeal),
                walkout: p.share(Outcome::Walkout),
                collapsed: p.share(Outcome::Collapsed),
                expired: p.share(Outcome::Expired),
                held: p.share(Outcome::Held),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The sweep on the terminal: per point every outcome's share (one `--set`), or the chosen
/// outcome's share over the grid (two).
pub fn table(sweep: &Sweep, outcome: Outcome) -> String {
    let mut out = format!(
        "{}\n{} runs per point, seed {}, common random numbers\n",
        sweep.scenario, sweep.runs_per_point, sweep.seed
    );
    for axis in &sweep.axes {
        out.push_str(&format!(
            "swept: {} (as written: {})\n",
            axis.path, axis.baseline
        ));
    }
    out.push('\n');
    match sweep.axes.as_slice() {
        [axis] => {
            let w = axis.path.len().max(8);
            out.push_str(&format!("{:>w$}", axis.path));
            for o in Outcome::ALL {
                out.push_str(&format!("  {:>9}", o.as_str()));
            }
            out.push('\n');
            for p in &sweep.points {
                out.push_str(&format!("{:>w$}", p.values[0].to_string()));
                for o in Outcome::ALL {
                    out.push_str(&format!("  {:>8.1}%", p.share(o).share * 100.0));
                }
                out.push('\n');
            }
        }
        [rows, cols] => {
            out.push_str(&format!(
                "share of `{}`: rows {}, columns {}\n",
                outcome.as_str(),
                rows.path,
                cols.path
            ));
            let w = rows
                .values
                .iter()
                .map(|v| v.to_string().len())
                .max()
                .unwrap_or(4)
                .max(4);
            let cw = cols
                .values
                .iter()
                .map(|v| v.to_string().len())
                .max()
                .unwrap_or(6)
                .max(6);
            out.push_str(&" ".repeat(w));
            for v in &cols.values {
                out.push_str(&format!("  {:>cw$}", v.to_string()));
            }
            out.push('\n');
            for (r, chunk) in sweep.points.chunks(cols.values.len().max(1)).enumerate() {
                let label = rows.values.get(r).map_or(String::new(), |v| v.to_string());
                out.push_str(&format!("{label:>w$}"));
                for p in chunk {
                    out.push_str(&format!(
                        "  {:>w2$.1}%",
                        p.share(outcome).share * 100.0,
                        w2 = cw - 1
                    ));
                }
                out.push('\n');
            }
        }
        _ => {}
    }
    out
}
