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

/// Values of one axis as people read them: the fewest decimals (at most 4 significant digits,
/// in scientific notation below 0.001) that still tell every value apart, so `0..1:10` reads
/// `0, 0.1111, 0.2222, ...` rather than `0.1111111111111111`.
pub fn value_labels(values: &[f64]) -> Vec<String> {
    let tiny = values
        .iter()
        .any(|v| (*v != 0.0 && v.abs() < 1e-3) || v.abs() >= 1e6);
    let render = |v: f64, digits: usize| -> String {
        if tiny {
            if v == 0.0 {
                "0".to_string()
            } else {
                format!("{v:.digits$e}")
            }
        } else {
            let s = format!("{v:.digits$}");
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        }
    };
    let distinct = |labels: &[String]| {
        let mut sorted: Vec<&String> = labels.iter().collect();
        sorted.sort();
        sorted.dedup();
        sorted.len() == labels.len()
    };
    let mut digits = if tiny { 1 } else { 0 };
    loop {
        let labels: Vec<String> = values.iter().map(|&v| render(v, digits)).collect();
        // About four significant digits (`0.1111`), more only to tell neighbours apart.
        let enough = tiny
            || values.iter().zip(&labels).all(|(v, l)| {
                let read: f64 = l.parse().unwrap_or(*v);
                (v - read).abs() <= 5e-4 * v.abs()
            });
        if (distinct(&labels) && enough) || digits >= 12 {
            return labels;
        }
        digits += 1;
    }
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
            "swept: {} ({}; as written: {})\n",
            axis.label, axis.path, axis.baseline
        ));
    }
    out.push('\n');
    match sweep.axes.as_slice() {
        [axis] => {
            let labels = value_labels(&axis.values);
            let w = labels
                .iter()
                .map(String::len)
                .chain([axis.path.len(), 8])
                .max()
                .unwrap_or(8);
            out.push_str(&format!("{:>w$}", axis.path));
            for o in Outcome::ALL {
                out.push_str(&format!("  {:>9}", o.as_str()));
            }
            out.push('\n');
            for (p, label) in sweep.points.iter().zip(&labels) {
                out.push_str(&format!("{label:>w$}"));
                for o in Outcome::ALL {
                    out.push_str(&format!("  {:>9}", share_text(p.share(o).share)));
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
            let row_labels = value_labels(&rows.values);
            let col_labels = value_labels(&cols.values);
            let w = row_labels.iter().map(String::len).max().unwrap_or(4).max(4);
            let cw = col_labels.iter().map(String::len).max().unwrap_or(6).max(6);
            out.push_str(&" ".repeat(w));
            for v in &col_labels {
                out.push_str(&format!("  {v:>cw$}"));
            }
            out.push('\n');
            for (r, chunk) in sweep.points.chunks(cols.values.len().max(1)).enumerate() {
                let label = row_labels.get(r).map_or("", String::as_str);
                out.push_str(&format!("{label:>w$}"));
                for p in chunk {
                    out.push_str(&format!("  {:>cw$}", share_text(p.share(outcome).share)));
                }
                out.push('\n');
            }
        }
        _ => {}
    }
    out
}

/// A share for the table: one decimal, and `<0.1%` (not `0.0%`) for a share that is not zero.
pub fn share_text(share: f64) -> String {
    if share > 0.0 && share < 0.0005 {
        "<0.1%".to_string()
    } else {
        format!("{:.1}%", share * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_people_write_them() {
        let ninths: Vec<f64> = (0..10).map(|k| k as f64 / 9.0).collect();
        let l = value_labels(&ninths);
        assert_eq!(l[0], "0");
        assert_eq!(l[1], "0.1111");
        assert_eq!(l[9], "1");
        let tenths: Vec<f64> = (0..=10).map(|k| k as f64 / 10.0).collect();
        assert_eq!(value_labels(&tenths)[3], "0.3");
        assert_eq!(value_labels(&[0.1, 0.2, 0.3, 0.4])[1], "0.2");
        assert_eq!(value_labels(&[1000.0, 1500.0, 2000.0])[1], "1500");
        let small = value_labels(&[5e-5, 1.76e-4, 3e-4]);
        assert_eq!(small, ["5.0e-5", "1.8e-4", "3.0e-4"]);
        // Neighbours that round alike get more digits.
        let close = value_labels(&[0.30001, 0.30002]);
        assert_ne!(close[0], close[1]);
    }

    #[test]
    fn tiny_shares_are_not_zero() {
        assert_eq!(share_text(0.0), "0.0%");
        assert_eq!(share_text(0.0001), "<0.1%");
        assert_eq!(share_text(0.0005), "0.1%");
        assert_eq!(share_text(0.5), "50.0%");
    }
}
