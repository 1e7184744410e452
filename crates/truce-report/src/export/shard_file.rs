//! `aggregate.json`: what one shard's output folder carries so that `truce merge` can rebuild
//! the whole run without the scenario file.
//!
//! This file is an extension of the command line (docs/CLI.md): `truce run --shard K/N` writes it next to
//! `summary.json` (and `runs.csv` when the whole run would have one). It holds the integer
//! aggregate, the scenario digest (names, labels, blocker texts) and which slice was run.

use serde::{Deserialize, Serialize};

use truce_core::montecarlo::Shard;
use truce_core::stats::Aggregate;
use truce_core::summary::{SUMMARY_FORMAT, ScenarioDigest, ShardInfo};

/// Name of the file in a shard's folder.
pub const FILE_NAME: &str = "aggregate.json";

/// The content of `aggregate.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// [`SUMMARY_FORMAT`] of the writer.
    pub format: u32,
    /// The `truce` version that wrote it.
    pub program_version: String,
    /// The seed of the whole run.
    pub seed: u64,
    /// Which slice of the run this shard played.
    pub shard: ShardInfo,
    /// Whether the folder holds this shard's `runs.csv`.
    pub runs_csv: bool,
    /// Names, labels and blocker texts of the scenario.
    pub digest: ScenarioDigest,
    /// The shard's integer aggregate.
    pub aggregate: Aggregate,
}

/// Compact JSON with a final newline (it is for machines; the bins make it long).
pub fn serialize(file: &ShardFile) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(file).unwrap_or_else(|_| b"{}".to_vec());
    bytes.push(b'\n');
    bytes
}

/// Read `aggregate.json`.
pub fn parse(bytes: &[u8]) -> Result<ShardFile, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// The shards, checked to be the complete set of one run and merged.
#[derive(Debug)]
pub struct Combined {
    /// The seed of the run.
    pub seed: u64,
    /// The scenario digest (the shards agree on it).
    pub digest: ScenarioDigest,
    /// The whole run's aggregate.
    pub aggregate: Aggregate,
    /// Whether every shard has its `runs.csv` (then the merge concatenates them, in order).
    pub runs_csv: bool,
    /// Indices into the input of the shards in order 1..=N.
    pub order: Vec<usize>,
}

/// Check that `files` (named by `names` in messages) are the N shards of one run, each exactly
/// once, and merge them. Errors are sentences for the user.
pub fn combine(files: &[ShardFile], names: &[String]) -> Result<Combined, String> {
    let first = files.first().ok_or("no shard folders given")?;
    let name = |i: usize| {
        names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("shard #{}", i + 1))
    };
    for (i, f) in files.iter().enumerate() {
        if f.format != SUMMARY_FORMAT {
            return Err(format!(
                "{} was written by a truce with summary format {} (this one reads {})",
                name(i),
                f.format,
                SUMMARY_FORMAT
            ));
        }
        let what = if f.digest.scenario.file_hash != first.digest.scenario.file_hash {
            Some("scenario file (hash)")
        } else if f.digest != first.digest {
            Some("scenario digest (written by a different truce version?)")
        } else if f.seed != first.seed {
            Some("seed")
        } else if f.shard.total_runs != first.shard.total_runs {
            Some("number of runs")
        } else if f.shard.n != first.shard.n {
            Some("number of shards N")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(format!(
                "{} and {} are not shards of the same run: different {what}",
                name(0),
                name(i)
            ));
        }
        let expected = Shard {
            k: f.shard.k,
            n: f.shard.n,
        }
        .range(f.shard.total_runs);
        let claimed = f.shard.first_run..f.shard.end_run;
        if f.shard.k == 0
            || f.shard.k > f.shard.n
            || claimed != expected
            || f.aggregate.runs != claimed.end - claimed.start
        {
            return Err(format!(
                "{} is not a complete shard (its runs do not match shard {}/{})",
                name(i),
                f.shard.k,
                f.shard.n
            ));
        }
    }
    let n = first.shard.n;
    if n > files.len() as u64 {
        let have: std::collections::BTreeSet<u64> = files.iter().map(|f| f.shard.k).collect();
        let missing: Vec<String> = (1..=n)
            .filter(|k| !have.contains(k))
            .take(10)
            .map(|k| format!("{k}/{n}"))
            .collect();
        return Err(format!(
            "missing shards: {}{}",
            missing.join(", "),
            if missing.len() == 10 { ", ..." } else { "" }
        ));
    }
    // From here n <= files.len(), so the table is small.
    let mut order: Vec<Option<usize>> = vec![None; n as usize];
    for (i, f) in files.iter().enumerate() {
        let slot = &mut order[(f.shard.k - 1) as usize];
        if let Some(j) = slot {
            return Err(format!(
                "{} and {} are the same shard {}/{n}",
                name(*j),
                name(i),
                f.shard.k
            ));
        }
        *slot = Some(i);
    }
    let order: Vec<usize> = order.into_iter().flatten().collect();
    let mut aggregate = Aggregate::new_like(&first.aggregate);
    for &i in &order {
        aggregate
            .merge(&files[i].aggregate)
            .map_err(|e| format!("{}: {e}", name(i)))?;
    }
    Ok(Combined {
        seed: first.seed,
        digest: first.digest.clone(),
        aggregate,
        runs_csv: files.iter().all(|f| f.runs_csv),
        order,
    })
}
