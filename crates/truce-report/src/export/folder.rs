//! Writing an output folder whole or not at all.
//!
//! Every file is first written under a temporary name in the folder itself (`.NAME.tmp-PID`,
//! same file system, so the final rename is atomic), and the renames happen only once every
//! file has been produced ([`Staging::commit`]). If the job fails or is cancelled before that,
//! dropping the [`Staging`] removes the temporary files (and the folder, if it created it and
//! it is empty): nothing half-written is left behind.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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
}

impl Staging {
    /// Prepare `dir` (created if missing) for new files.
    pub fn open(dir: &Path) -> io::Result<Staging> {
        if dir.exists() && !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "it is a file, not a folder",
            ));
        }
        let mut created_dirs = Vec::new();
        make_dirs(dir, &mut created_dirs)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            created_dirs,
            staged: Vec::new(),
            committed: false,
        })
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
        // New files first, then the stale ones: a failure part way leaves every new file or
        // the old ones, never a folder with files missing.
        for (temp, target) in &self.staged {
            fs::rename(temp, target)?;
        }
        self.committed = true;
        for name in stale {
            let path = self.dir.join(name);
            if self.staged.iter().all(|(_, f)| f != &path) && path.exists() {
                fs::remove_file(&path)?;
            }
        }
        Ok(())
    }
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
        if self.committed {
            return;
        }
        for (temp, _) in &self.staged {
            let _ = fs::remove_file(temp);
        }
        // Innermost first; removing only succeeds when empty, which is what we want.
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
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
        assert_eq!(names.len(), 1);
    }
}
