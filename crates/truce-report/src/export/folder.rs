//! Writing an output folder whole or not at all.
//!
//! Every file is first written under a temporary name in the folder itself (`.NAME.tmp-PID`,
//! same file system, so the final rename is atomic), and the renames happen only once every
//! file has been produced ([`Staging::commit`]). If the job fails or is cancelled before that,
//! dropping the [`Staging`] removes the temporary files (and the folder, if it created it and
//! it is empty): nothing half-written is left behind.
//!
//! One job at a time per folder: [`Staging::open`] takes the folder's lock file
//! ([`LOCK_FILE`], holding the owner's process id) and fails with [`io::ErrorKind::ResourceBusy`]
//! while another live process holds it; the lock goes with the staging. Every commit writes the
//! [`MARKER_FILE`]; [`Staging::open_chosen`] (for a folder the user named) refuses a folder that
//! is not empty and lacks it: truce never replaces files in a folder it did not write
//! ([`io::ErrorKind::DirectoryNotEmpty`]).
//!
//! A process stopped from outside (Ctrl-C when the job cannot stop by itself in time) calls
//! [`abandon_all`] before it exits: it removes every temporary file and lock of the process,
//! after any commit under way has finished.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The lock file of an output folder while a job writes it: the owner's process id.
pub const LOCK_FILE: &str = ".truce-lock";

/// The file that says truce wrote this folder (and may replace the files it writes there).
pub const MARKER_FILE: &str = ".truce-output";

const MARKER_TEXT: &str = "This folder was written by truce (https://github.com/truce): \
truce replaces the files it writes here. Delete this file to keep truce out of the folder.\n";

/// What a staging leaves on disk until it commits: for [`abandon_all`].
#[derive(Default)]
struct Live {
    temps: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    lock: Option<PathBuf>,
}

static LIVE: Mutex<BTreeMap<u64, Live>> = Mutex::new(BTreeMap::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
static ABANDONED: AtomicBool = AtomicBool::new(false);

fn live() -> MutexGuard<'static, BTreeMap<u64, Live>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every temporary file, lock and empty folder of every staging of this process that
/// has not committed, after waiting for a commit under way; stagings made afterwards fail.
/// For a process about to exit on a signal.
pub fn abandon_all() {
    ABANDONED.store(true, Ordering::SeqCst);
    let mut all = live();
    for (_, l) in std::mem::take(&mut *all) {
        cleanup(&l);
    }
}

fn cleanup(l: &Live) {
    for temp in &l.temps {
        let _ = fs::remove_file(temp);
    }
    if let Some(lock) = &l.lock {
        let _ = fs::remove_file(lock);
    }
    // Innermost first; removing only succeeds when empty, which is what we want.
    for dir in l.dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

fn abandoned() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "the job was interrupted")
}

/// Files being produced for one output folder.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// Folders this staging created (the output folder, `charts/`...), removed again if empty
    /// when nothing is committed.
    created_dirs: Vec<PathBuf>,
    /// (temporary path, final path) of each staged file.
    staged: Vec<(PathBuf, PathBuf)>,
    committed: bool,
    /// This staging's entry in [`LIVE`].
    id: u64,
}

impl Staging {
    /// Prepare `dir` (created if missing) for new files, and take its lock.
    pub fn open(dir: &Path) -> io::Result<Staging> {
        Staging::open_with(dir, false)
    }

    /// [`Staging::open`] for a folder the user named (`--out`): also check that it is empty,
    /// or was written by truce before (it carries [`MARKER_FILE`]).
    pub fn open_chosen(dir: &Path) -> io::Result<Staging> {
        Staging::open_with(dir, true)
    }

    fn open_with(dir: &Path, chosen: bool) -> io::Result<Staging> {
        if ABANDONED.load(Ordering::SeqCst) {
            return Err(abandoned());
        }
        if dir.exists() && !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "it is a file, not a folder",
            ));
        }
        let mut created_dirs = Vec::new();
        make_dirs(dir, &mut created_dirs)?;
        let id = NEXT_ID.fetch_add(1, Ordering::SeqCst);
        let staging = Staging {
            dir: dir.to_path_buf(),
            created_dirs: created_dirs.clone(),
            staged: Vec::new(),
            committed: false,
            id,
        };
        live().insert(
            id,
            Live {
                dirs: created_dirs,
                ..Live::default()
            },
        );
        // From here on, dropping `staging` undoes what was done.
        let lock = dir.join(LOCK_FILE);
        take_lock(&lock)?;
        if let Some(l) = live().get_mut(&id) {
            l.lock = Some(lock);
        }
        if chosen {
            check_ours(dir)?;
        }
        Ok(staging)
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The temporary name of `name` (a file name, or a relative path such as
    /// `charts/01-outcomes.svg`): a hidden file next to where it will land.
    fn temp_path(&self, target: &Path) -> PathBuf {
        let file = target
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = target.parent().unwrap_or(&self.dir);
        parent.join(format!(".{file}.tmp-{}", std::process::id()))
    }

    /// A buffered writer to the temporary file that will become `name`.
    pub fn create(&mut self, name: &str) -> io::Result<BufWriter<File>> {
        let target = self.dir.join(name);
        if let Some(parent) = target.parent() {
            make_dirs(parent, &mut self.created_dirs)?;
        }
        let temp = self.temp_path(&target);
        {
            let mut all = live();
            let Some(l) = all
                .get_mut(&self.id)
                .filter(|_| !ABANDONED.load(Ordering::SeqCst))
            else {
                return Err(abandoned());
            };
            l.temps.push(temp.clone());
            l.dirs.clone_from(&self.created_dirs);
        }
        let file = File::create(&temp)?;
        self.staged.push((temp, target));
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    /// Stage `name` with these bytes.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut w = self.create(name)?;
        w.write_all(bytes)?;
        finish(w)
    }

    /// Move every staged file into place, and remove the files named in `stale` (left by an
    /// earlier job, they would no longer match the new ones).
    pub fn commit(mut self, stale: &[&str]) -> io::Result<()> {
        self.write(MARKER_FILE, MARKER_TEXT.as_bytes())?;
        // Holding the registry: a process abandoning its stagings waits for the renames.
        let mut all = live();
        if ABANDONED.load(Ordering::SeqCst) {
            return Err(abandoned());
        }
        // New files first, then the stale ones: a failure part way leaves every new file or
        // the old ones, never a folder with files missing.
        for (temp, target) in &self.staged {
            fs::rename(temp, target)?;
        }
        self.committed = true;
        if let Some(l) = all.get_mut(&self.id) {
            l.temps.clear();
            l.dirs.clear();
        }
        drop(all);
        for name in stale {
            let path = self.dir.join(name);
            if self.staged.iter().all(|(_, f)| f != &path) && path.exists() {
                fs::remove_file(&path)?;
            }
        }
        Ok(())
    }
}

/// Take the lock file `path` for this process, or say which live process holds it. A lock
/// left by a process that no longer runs (killed) is taken over.
fn take_lock(path: &Path) -> io::Result<()> {
    let me = std::process::id();
    for _ in 0..3 {
        match OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(mut f) => {
                writeln!(f, "{me}")?;
                return Ok(());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let owner = fs::read_to_string(path)
                    .ok()
                    .and_then(|t| t.trim().parse::<u32>().ok());
                match owner {
                    Some(pid) if pid != me && !alive(pid) => {
                        // Left by a killed job: take it over (if two jobs race for it, one
                        // creates it and the other finds it held).
                        let _ = fs::remove_file(path);
                    }
                    // Being written this instant, or held: held.
                    _ => return Err(busy(path, owner)),
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(busy(path, None))
}

fn busy(path: &Path, owner: Option<u32>) -> io::Error {
    let who = owner.map_or_else(String::new, |pid| format!(" (process {pid})"));
    io::Error::new(
        io::ErrorKind::ResourceBusy,
        format!(
            "another truce job{who} is writing this folder; wait for it to finish or choose another \
             folder (if no job runs, delete {})",
            path.display()
        ),
    )
}

/// Whether process `pid` runs. Only Linux can tell without a system call crate (`/proc`); other
/// systems take every lock as held (the message says which file to delete).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Refuse a folder holding files truce did not write: it must be empty, or carry the marker
/// of an earlier job; sub-folders that carry one (shards) and our own hidden files do not count.
fn check_ours(dir: &Path) -> io::Result<()> {
    if dir.join(MARKER_FILE).is_file() {
        return Ok(());
    }
    let mut foreign = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == LOCK_FILE
            || (name.starts_with('.') && name.contains(".tmp-"))
            || (entry.path().is_dir() && entry.path().join(MARKER_FILE).is_file());
        if !ours {
            foreign.push(name);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let shown: Vec<&str> = foreign.iter().take(3).map(String::as_str).collect();
    let more = if foreign.len() > 3 { ", ..." } else { "" };
    Err(io::Error::new(
        io::ErrorKind::DirectoryNotEmpty,
        format!(
            "it holds files truce did not write ({}{more}); choose an empty or new folder (truce marks \
             the folders it writes with {MARKER_FILE})",
            shown.join(", ")
        ),
    ))
}

/// Create `dir` and its missing parents, noting each one created (outermost first).
fn make_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    fs::create_dir_all(dir)?;
    created.extend(missing.into_iter().rev());
    Ok(())
}

/// Flush a staged writer and push its bytes to disk, so a later failure is reported now.
pub fn finish(w: BufWriter<File>) -> io::Result<()> {
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

impl Drop for Staging {
    fn drop(&mut self) {
        let entry = live().remove(&self.id);
        let Some(mut l) = entry else { return };
        if self.committed {
            l.temps.clear();
            l.dirs.clear();
        }
        cleanup(&l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_left_without_commit() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        {
            let mut s = Staging::open(&dir).unwrap();
            s.write("summary.json", b"{}").unwrap();
            assert!(!dir.join("summary.json").exists());
        }
        assert!(!dir.exists());
    }

    #[test]
    fn subfolders_are_staged_and_cleaned_too() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a").join("out");
        {
            let mut s = Staging::open(&dir).unwrap();
            s.write("charts/01.svg", b"<svg/>").unwrap();
            assert!(!dir.join("charts/01.svg").exists());
        }
        assert!(!root.path().join("a").exists());
        let mut s = Staging::open(&dir).unwrap();
        s.write("charts/01.svg", b"<svg/>").unwrap();
        s.commit(&[]).unwrap();
        assert_eq!(fs::read(dir.join("charts/01.svg")).unwrap(), b"<svg/>");
        assert_eq!(fs::read_dir(dir.join("charts")).unwrap().count(), 1);
    }

    #[test]
    fn commit_renames_and_clears_stale_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        fs::write(dir.join(MARKER_FILE), "").unwrap();
        fs::write(dir.join("runs.csv"), "old").unwrap();
        fs::write(dir.join("summary.json"), "old").unwrap();
        let mut s = Staging::open(dir).unwrap();
        s.write("summary.json", b"new").unwrap();
        s.commit(&["runs.csv", "summary.json"]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("summary.json")).unwrap(), "new");
        assert!(!dir.join("runs.csv").exists());
        let names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "summary.json and the marker: {names:?}");
    }

    #[test]
    fn a_second_staging_of_a_folder_is_refused_while_the_first_lives() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        let first = Staging::open(&dir).unwrap();
        assert!(dir.join(LOCK_FILE).is_file());
        let e = Staging::open(&dir).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ResourceBusy);
        assert!(e.to_string().contains("another truce job"), "{e}");
        first.commit(&[]).unwrap();
        assert!(!dir.join(LOCK_FILE).exists(), "the lock goes with the job");
        assert!(dir.join(MARKER_FILE).is_file());
        Staging::open(&dir).unwrap();
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let root = tempfile::tempdir().unwrap();
        // No process has this id (above Linux's pid_max).
        fs::write(root.path().join(LOCK_FILE), "4294967295\n").unwrap();
        if cfg!(target_os = "linux") {
            Staging::open(root.path()).unwrap();
        }
    }

    #[test]
    fn folders_holding_other_files_are_refused() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("runs.csv"), "mine").unwrap();
        let e = Staging::open_chosen(root.path()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::DirectoryNotEmpty);
        assert!(e.to_string().contains("runs.csv"), "{e}");
        assert_eq!(
            fs::read_to_string(root.path().join("runs.csv")).unwrap(),
            "mine"
        );
        assert!(!root.path().join(LOCK_FILE).exists());
        // A folder holding only truce's own sub-folders (shards) is fine.
        let root = tempfile::tempdir().unwrap();
        let mut s = Staging::open(&root.path().join("shard-1-of-2")).unwrap();
        s.write("a", b"1").unwrap();
        s.commit(&[]).unwrap();
        Staging::open_chosen(root.path()).unwrap();
    }
}
