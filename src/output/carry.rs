//! Writing the new output so that it syncs: a file whose bytes equal those of the same file in
//! the previous output is not written again but hard-linked from it, so it keeps its bytes and
//! its modification time (a sync tool that compares size and time, FileZilla or `lftp mirror`,
//! sends only what changed), and the write is saved. Every file's size and SHA-256 is gathered
//! for the manifest, which is written last.
//!
//! Safety: the previous output is never modified. A hard link adds a name to the same file;
//! nothing in prongsai writes into an output file in place (`write_atomic` renames a new file
//! over the old name), so the previous output stays whole until the swap, and a killed build
//! leaves it as it was.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::manifest::{Entry, MANIFEST, Manifest, sha256_hex};
use super::write_file;
use crate::error::Diagnostic;

/// Writes files into the new output folder `tmp`, carrying unchanged ones over from `prev`.
pub struct OutputWriter {
    tmp: PathBuf,
    /// The previous output, when there is one to carry files over from.
    prev: Option<PathBuf>,
    entries: Mutex<Vec<Entry>>,
    carried: AtomicUsize,
    written: AtomicUsize,
}

/// What an [`OutputWriter`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Carried {
    /// Files linked from the previous output (unchanged bytes and time).
    pub unchanged: usize,
    /// Files written anew (new or changed), the manifest included.
    pub written: usize,
}

impl OutputWriter {
    pub fn new(tmp: &Path, prev: Option<&Path>) -> OutputWriter {
        OutputWriter {
            tmp: tmp.to_path_buf(),
            prev: prev.filter(|p| p.is_dir()).map(Path::to_path_buf),
            entries: Mutex::new(Vec::new()),
            carried: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
        }
    }

    /// Put `bytes` at `rel` (a `/`-separated path relative to the output folder).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let dest = self.tmp.join(rel);
        if self.carry(rel, bytes, &dest) {
            self.carried.fetch_add(1, Ordering::Relaxed);
        } else {
            write_file(&dest, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        let entry = Entry {
            path: rel.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        };
        if let Ok(mut v) = self.entries.lock() {
            v.push(entry);
        }
        Ok(())
    }

    /// Link `prev/rel` to `dest` when it is a regular file holding exactly `bytes`.
    fn carry(&self, rel: &str, bytes: &[u8], dest: &Path) -> bool {
        let Some(prev) = &self.prev else {
            return false;
        };
        let old = prev.join(rel);
        // Never follow a symbolic link out of the previous output.
        let same_size = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
        if !same_size || std::fs::read(&old).ok().as_deref() != Some(bytes) {
            return false;
        }
        if let Some(dir) = dest.parent()
            && std::fs::create_dir_all(dir).is_err()
        {
            return false;
        }
        // A filesystem without hard links (or a link count at its limit): write instead.
        std::fs::hard_link(&old, dest).is_ok()
    }

    /// Write the manifest of every file put (the last file of the build); what was done.
    pub fn finish(self) -> Result<Carried, Diagnostic> {
        let entries = self
            .entries
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        let bytes = Manifest::new(entries).to_bytes();
        let dest = self.tmp.join(MANIFEST);
        if self.carry(MANIFEST, &bytes, &dest) {
            self.carried.fetch_add(1, Ordering::Relaxed);
        } else {
            write_file(&dest, &bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(Carried {
            unchanged: self.carried.into_inner(),
            written: self.written.into_inner(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn unchanged_files_are_linked_changed_ones_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let prev = dir.path().join("prev");
        let tmp = dir.path().join("tmp");
        std::fs::create_dir_all(prev.join("a")).expect("mkdir");
        std::fs::write(prev.join("a/same.html"), b"same").expect("write");
        std::fs::write(prev.join("a/changed.html"), b"old!").expect("write");
        let w = OutputWriter::new(&tmp, Some(&prev));
        w.put("a/same.html", b"same").expect("put");
        w.put("a/changed.html", b"new!").expect("put");
        w.put("b/new.html", b"new").expect("put");
        let done = w.finish().expect("finish");
        assert_eq!(
            done,
            Carried {
                unchanged: 1,
                written: 3
            }
        );
        let ino = |p: &Path| std::fs::metadata(p).expect("metadata").ino();
        assert_eq!(
            ino(&prev.join("a/same.html")),
            ino(&tmp.join("a/same.html"))
        );
        assert_ne!(
            ino(&prev.join("a/changed.html")),
            ino(&tmp.join("a/changed.html"))
        );
        assert_eq!(
            std::fs::read(prev.join("a/changed.html")).expect("read"),
            b"old!"
        );
        let m = Manifest::read(&tmp).expect("manifest");
        let paths: Vec<&str> = m.files.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a/changed.html", "a/same.html", "b/new.html"]);
        assert_eq!(m.files[1].size, 4);
        assert_eq!(m.files[1].sha256, sha256_hex(b"same"));
    }

    #[test]
    fn a_symbolic_link_in_the_previous_output_is_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let prev = dir.path().join("prev");
        std::fs::create_dir_all(&prev).expect("mkdir");
        std::fs::write(dir.path().join("outside"), b"x").expect("write");
        std::os::unix::fs::symlink(dir.path().join("outside"), prev.join("x.html"))
            .expect("symlink");
        let tmp = dir.path().join("tmp");
        let w = OutputWriter::new(&tmp, Some(&prev));
        w.put("x.html", b"x").expect("put");
        assert!(
            !std::fs::symlink_metadata(tmp.join("x.html"))
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(w.finish().expect("finish").unchanged, 0);
    }
}
