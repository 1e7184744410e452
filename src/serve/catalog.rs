//! The scenarios the app offers: the bundled ones (compiled into the binary, so `truce serve`
//! works from any folder) and those named on the command line, each read once at start-up.

use std::io::Read;
use std::path::{Path, PathBuf};

use truce_core::Simulation;
use truce_core::scenario::{self, MAX_BYTES};

use crate::cli::Failure;

/// The bundled scenarios: (file name, text).
const BUNDLED: [(&str, &str); 4] = [
    (
        "kursk-ceasefire-2025.toml",
        include_str!("../../scenarios/kursk-ceasefire-2025.toml"),
    ),
    (
        "classroom-two-party.toml",
        include_str!("../../scenarios/classroom-two-party.toml"),
    ),
    (
        "port-strike.toml",
        include_str!("../../scenarios/port-strike.toml"),
    ),
    (
        "tariff-truce.toml",
        include_str!("../../scenarios/tariff-truce.toml"),
    ),
];

/// One scenario of the app.
pub struct Entry {
    /// In URLs: the file stem (`kursk-ceasefire-2025`), made unique.
    pub id: String,
    /// The file as people know it: `scenarios/kursk-ceasefire-2025.toml`, or the path given.
    pub file: String,
    /// The file's text, for comments and rewritten copies.
    pub text: String,
    /// Whether it was compiled into the binary.
    pub bundled: bool,
    /// Loaded once and kept for the life of the server (games borrow it).
    pub sim: &'static Simulation,
}

/// The scenarios, each kept for the life of the server (games and exercises borrow them).
pub struct Catalog {
    entries: Vec<&'static Entry>,
}

impl Catalog {
    /// The bundled scenarios and every scenario in `paths` (a file, or every `.toml` directly
    /// inside a folder). An unreadable or invalid file stops the start with its diagnostics
    /// (exit 2), as `truce check` would print them.
    pub fn load(paths: &[PathBuf]) -> Result<Catalog, Failure> {
        let mut files: Vec<(String, String, bool)> = BUNDLED
            .iter()
            .map(|(name, text)| (format!("scenarios/{name}"), text.to_string(), true))
            .collect();
        for path in paths {
            for file in expand(path)? {
                let text = read(&file)?;
                files.push((file.display().to_string(), text, false));
            }
        }
        let mut entries: Vec<&'static Entry> = Vec::new();
        let mut failed = false;
        for (file, text, bundled) in files {
            match scenario::parse(text.as_bytes(), &file) {
                Ok(s) => {
                    let stem = Path::new(&file)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "scenario".into());
                    let stem: String = stem
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                                c
                            } else {
                                '-'
                            }
                        })
                        .collect();
                    // A file given on the command line that is a bundled one replaces it.
                    if !bundled
                        && let Some(k) = entries.iter().position(|e| e.bundled && e.text == text)
                    {
                        entries.remove(k);
                    }
                    let mut id = stem.clone();
                    let mut n = 2;
                    while entries.iter().any(|e| e.id == id) {
                        id = format!("{stem}-{n}");
                        n += 1;
                    }
                    // Leaked on purpose: loaded once at start-up, kept until the process ends.
                    entries.push(Box::leak(Box::new(Entry {
                        id,
                        file,
                        text,
                        bundled,
                        sim: Box::leak(Box::new(Simulation::new(s))),
                    })));
                }
                Err(e) => {
                    eprint!("{}", e.render());
                    failed = true;
                }
            }
        }
        if failed {
            return Err(Failure::usage(""));
        }
        Ok(Catalog { entries })
    }

    pub fn get(&self, id: &str) -> Option<&'static Entry> {
        self.entries.iter().find(|e| e.id == id).copied()
    }

    pub fn entries(&self) -> &[&'static Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.id.as_str()).collect()
    }
}

/// A file, or the `.toml` files directly inside a folder, sorted.
fn expand(path: &Path) -> Result<Vec<PathBuf>, Failure> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| {
            Failure::usage(format!("{}: cannot read the folder: {e}", path.display()))
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Failure::usage(format!(
                "{}: the folder has no .toml scenario",
                path.display()
            )));
        }
        Ok(files)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// The text of a scenario file, read once (at most [`MAX_BYTES`] and one more, so that an
/// oversized file is refused by the loader without being read whole).
fn read(path: &Path) -> Result<String, Failure> {
    let cannot =
        |e: std::io::Error| Failure::usage(format!("{}: cannot read: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // Let the loader say where the file stops being UTF-8.
        Err(e) => match scenario::parse(e.as_bytes(), &path.display().to_string()) {
            Err(le) => {
                eprint!("{}", le.render());
                Err(Failure::usage(""))
            }
            Ok(_) => Err(Failure::usage(format!("{}: not UTF-8", path.display()))),
        },
    }
}
