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
    created_dir: bool,
    /// (temporary path, final path) of each staged file.
    staged: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staging {
    /// Prepare `dir` (created if missing) for new files.
    pub fn open(dir: &Path) -> io::Result<Staging> {
        let existed = dir.is_dir();
        fs::create_dir_all(dir)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            created_dir: !existed,
            staged: Vec::new(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn temp_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!(".{name}.tmp-{}", std::process::id()))
    }

    /// A buffered writer to the temporary file that will become `name`.
    pub fn create(&mut self, name: &str) -> io::Result<BufWriter<File>> {
        let temp = self.temp_path(name);
        let file = File::create(&temp)?;
        self.staged.push((temp, self.dir.join(name)));
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
        for name in stale {
            let path = self.dir.join(name);
            if self.staged.iter().all(|(_, f)| f != &path) && path.exists() {
                fs::remove_file(&path)?;
            }
        }
        for (temp, target) in &self.staged {
            fs::rename(temp, target)?;
        }
        self.committed = true;
        Ok(())
    }
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
        if self.created_dir {
            // Only succeeds when empty, which is what we want.
            let _ = fs::remove_dir(&self.dir);
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
