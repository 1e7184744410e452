//! The documentation's examples and references: every ```toml block of the README and
//! `docs/FORMAT.md` that is a whole scenario loads, the `[observed]` fragment of FORMAT.md
//! loads when added to its own small example, every file or folder the docs name in backticks
//! exists, and no link leaves the repository.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The ```toml blocks of a Markdown text (also indented ones, in lists), with the 1-based line
/// of each opening fence.
fn toml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None if trimmed.starts_with("```toml") => {
                open = Some((i + 1, line.len() - trimmed.len(), String::new()));
            }
            Some((at, indent, body)) => {
                if trimmed.starts_with("```") {
                    blocks.push((*at, std::mem::take(body)));
                    open = None;
                } else {
                    let cut = line.len().min(*indent);
                    let cut = if line[..cut].trim().is_empty() {
                        cut
                    } else {
                        0
                    };
                    body.push_str(&line[cut..]);
                    body.push('\n');
                }
            }
            None => {}
        }
    }
    blocks
}

fn is_whole_scenario(block: &str) -> bool {
    block.lines().any(|l| l.trim() == "[scenario]")
}

#[test]
fn every_whole_scenario_in_the_docs_loads() {
    let mut checked = 0;
    for doc in ["README.md", "docs/FORMAT.md"] {
        for (line, block) in toml_blocks(&read(doc)) {
            if !is_whole_scenario(&block) {
                continue;
            }
            let name = format!("{doc}:{line}");
            if let Err(e) = truce_core::scenario::parse(block.as_bytes(), &name) {
                panic!("the example at {name} does not load:\n{}", e.render());
            }
            checked += 1;
        }
    }
    // The README's small example and FORMAT.md's complete file, at least.
    assert!(checked >= 2, "only {checked} whole scenarios found");
}

#[test]
fn the_observed_fragment_of_format_md_loads_in_its_example() {
    let blocks = toml_blocks(&read("docs/FORMAT.md"));
    let example = blocks
        .iter()
        .map(|(_, b)| b)
        .find(|b| is_whole_scenario(b))
        .expect("FORMAT.md has a whole scenario");
    let observed = blocks
        .iter()
        .map(|(_, b)| b)
        .find(|b| b.lines().any(|l| l.trim() == "[observed]") && !is_whole_scenario(b))
        .expect("FORMAT.md shows an [observed] table");
    let text = format!("{example}\n{observed}");
    if let Err(e) = truce_core::scenario::parse(text.as_bytes(), "FORMAT.md example + [observed]") {
        panic!("{}", e.render());
    }
}

/// Words in backticks that name a file or folder of the repository: paths under its top-level
/// folders, or ending in `.rs`.
fn named_paths(text: &str) -> Vec<String> {
    const TOP: [&str; 9] = [
        "crates/",
        "src/",
        "tests/",
        "docs/",
        "scenarios/",
        "benches/",
        "fuzz/",
        ".ci/",
        "assets/",
    ];
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.contains(char::is_whitespace) && !w.contains('<') && !w.contains('*'))
        .filter(|w| TOP.iter().any(|t| w.starts_with(t)) || w.ends_with(".rs"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_path_the_docs_name_exists() {
    let docs = [
        "README.md",
        "docs/CLI.md",
        "docs/FORMAT.md",
        "docs/MODEL.md",
        "docs/SWEEP.md",
        "docs/TABLETOP.md",
        "scenarios/README.md",
    ];
    let mut missing = Vec::new();
    for doc in docs {
        for path in named_paths(&read(doc)) {
            if !root().join(&path).exists() {
                missing.push(format!("{doc}: `{path}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths the docs name that do not exist (write them from the workspace root, \
         e.g. crates/truce-core/src/engine/pause.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_link_leaves_the_repository() {
    for doc in [
        "README.md",
        "docs/CLI.md",
        "docs/FORMAT.md",
        "docs/MODEL.md",
        "docs/SWEEP.md",
        "docs/TABLETOP.md",
    ] {
        let text = read(doc);
        let dir = Path::new(doc).parent().unwrap_or(Path::new(""));
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let target = &rest[..rest.find(')').unwrap_or(rest.len())];
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap_or(target);
            assert!(
                !file.contains(".."),
                "{doc} links outside the repository: {target}"
            );
            assert!(
                root().join(dir).join(file).exists(),
                "{doc} links to a missing file: {target}"
            );
        }
    }
}
