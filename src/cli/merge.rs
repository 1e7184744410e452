//! `truce merge DIR... --out DIR`: the result of a whole run from the folders of its shards.
//!
//! Each shard folder carries `aggregate.json` (the integer aggregate and the scenario digest),
//! so the merge needs neither the scenario file nor any re-running. The shards are checked to be
//! of the same scenario, seed and run count, and to cover every slice exactly once; then the
//! aggregates are added (exactly, so `summary.json` equals that of the whole run) and the
//! shards' `runs.csv` files, if all have one, are concatenated in run order.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use super::run::{chart_formats, output_files, print_result, stage_charts};
use super::{CmdResult, Failure, MergeArgs};
use truce_core::summary::Summary;
use truce_report::export::folder;
use truce_report::export::shard_file::{self, ShardFile};
use truce_report::export::summary_json;

/// Largest `aggregate.json` read (a real one is well under this); refuses to swallow a
/// wrongly named huge file.
const MAX_SHARD_FILE: u64 = 256 << 20;

fn read_shard(dir: &Path) -> Result<ShardFile, Failure> {
    let path = dir.join(shard_file::FILE_NAME);
    let file = File::open(&path).map_err(|e| {
        Failure::usage(format!(
            "{}: cannot read {} ({e}); is it the output folder of `truce run --shard K/N`?",
            dir.display(),
            shard_file::FILE_NAME
        ))
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_SHARD_FILE)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", path.display())))?;
    shard_file::parse(&bytes)
        .map_err(|e| Failure::usage(format!("{}: not a truce shard file: {e}", path.display())))
}

pub fn execute(args: &MergeArgs) -> CmdResult {
    let formats = chart_formats(&args.charts)?;
    // Writing into one of the shards would delete its aggregate.json: refuse.
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if let Some(d) = args.dirs.iter().find(|d| same(d, &args.out)) {
        return Err(Failure::usage(format!(
            "--out {} is one of the shards being merged; write the merge to a new folder",
            d.display()
        )));
    }
    let shards = args
        .dirs
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
    let combined = shard_file::combine(&shards, &names).map_err(Failure::usage)?;
    let summary = Summary::from_aggregate(&combined.digest, combined.seed, &combined.aggregate);
    let summary_bytes = summary_json::serialize(&summary);

    let out = &args.out;
    let io_fail = |what: &str, e: std::io::Error| super::write_failure(out, what, e);
    let mut staging = super::open_output(out, true)?;
    if combined.runs_csv {
        let mut csv = staging
            .create("runs.csv")
            .map_err(|e| io_fail("runs.csv", e))?;
        let mut header: Option<String> = None;
        for &i in &combined.order {
            let path = args.dirs[i].join("runs.csv");
            let file = File::open(&path)
                .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", path.display())))?;
            let mut reader = BufReader::with_capacity(1 << 20, file);
            let mut first = String::new();
            reader
                .read_line(&mut first)
                .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", path.display())))?;
            match &header {
                None => {
                    csv.write_all(first.as_bytes())
                        .map_err(|e| io_fail("runs.csv", e))?;
                    header = Some(first);
                }
                Some(h) if *h != first => {
                    return Err(Failure::usage(format!(
                        "{}: its columns differ from the first shard's",
                        path.display()
                    )));
                }
                Some(_) => {}
            }
            std::io::copy(&mut reader, &mut csv).map_err(|e| io_fail("runs.csv", e))?;
        }
        folder::finish(csv).map_err(|e| io_fail("runs.csv", e))?;
    }
    staging
        .write("summary.json", &summary_bytes)
        .map_err(|e| io_fail("summary.json", e))?;
    // Drawn from the merged summary alone, so they equal the whole run's charts.
    stage_charts(&mut staging, &summary, &formats, out, true)?;
    let stale = output_files();
    let stale: Vec<&str> = stale.iter().map(String::as_str).collect();
    staging
        .commit(&stale)
        .map_err(|e| io_fail("the output files", e))?;
    print_result(&summary, &summary_bytes, args.json);
    Ok(())
}
