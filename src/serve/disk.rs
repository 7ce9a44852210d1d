//! The output folder as `serve` last left it: a hash of every file in it (or the bytes, when
//! shared with their maker), so that a rebuild writes only the files whose bytes changed and
//! removes those a clean build would not write.

use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::data::Bytes;
use crate::error::Diagnostics;
use crate::output;

pub struct OutputFolder {
    path: PathBuf,
    /// What is known of every file written (or found) in the folder, by path relative to it.
    files: FxHashMap<String, Held>,
}

/// What the folder knows of one of its files.
enum Held {
    /// Its length and a hash of its bytes.
    Hash((usize, u64)),
    /// Its bytes, shared with their maker ([`OutputFolder::put_shared`]): kept alive here, so
    /// their address is never another's. The same bytes again are known by their address, and
    /// new ones are compared with these (up to the first difference) rather than hashed whole:
    /// no 16 MB file of the open data is hashed on a save.
    Shared(Bytes),
}

impl Held {
    fn holds(&self, bytes: &[u8]) -> bool {
        match self {
            Held::Hash(h) => *h == hash(bytes),
            Held::Shared(b) => b[..] == *bytes,
        }
    }
}

/// What tells one content of a file from another: its length and a fast 64-bit hash (FxHash:
/// several times faster than std's SipHash over the 50 MB of open data a save hands over at
/// 10,000 records; a collision would leave a stale file in the preview, never in `build`).
fn hash(bytes: &[u8]) -> (usize, u64) {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    (bytes.len(), h.finish())
}

impl OutputFolder {
    pub fn new(path: PathBuf) -> OutputFolder {
        OutputFolder {
            path,
            files: FxHashMap::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the folder holds `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// Write `bytes` to `rel` unless the file already holds them; true if written.
    pub fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<bool, Diagnostics> {
        if self.files.get(rel).is_some_and(|h| h.holds(bytes)) {
            return Ok(false);
        }
        self.write(rel, bytes)?;
        self.files.insert(rel.to_string(), Held::Hash(hash(bytes)));
        Ok(true)
    }

    /// [`OutputFolder::put`] for bytes shared with their maker (the open data, kept between
    /// saves); when `rel` last got these very bytes, nothing is compared or written. The bytes
    /// are written in pieces, and left unwritten (`None`) when `stop` says so between two.
    pub fn put_shared(
        &mut self,
        rel: &str,
        bytes: &Bytes,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<bool>, Diagnostics> {
        let same = match self.files.get(rel) {
            Some(Held::Shared(b)) if Arc::ptr_eq(b, bytes) => return Ok(Some(false)),
            Some(h) => h.holds(bytes),
            None => false,
        };
        if !same
            && !output::write_atomic_unless(&self.path.join(rel), bytes, stop)
                .map_err(|d| Diagnostics(vec![d]))?
        {
            return Ok(None);
        }
        self.files
            .insert(rel.to_string(), Held::Shared(Arc::clone(bytes)));
        Ok(Some(!same))
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        output::write_atomic(&self.path.join(rel), bytes).map_err(|d| Diagnostics(vec![d]))
    }

    /// Before the first write: remember what is already in the folder, so that unchanged files
    /// are not rewritten.
    pub fn scan_once(&mut self) {
        if !self.files.is_empty() {
            return;
        }
        for e in walkdir::WalkDir::new(&self.path).into_iter().flatten() {
            if !e.file_type().is_file() {
                continue;
            }
            let Ok(rel) = e.path().strip_prefix(&self.path) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel == ".gitkeep" {
                continue;
            }
            if let Ok(bytes) = std::fs::read(e.path()) {
                self.files.insert(rel, Held::Hash(hash(&bytes)));
            }
        }
    }

    /// Remove every file not in `expected` (and the folders it leaves empty); how many.
    pub fn remove_all_but(&mut self, expected: &FxHashSet<String>) -> usize {
        let stale: Vec<String> = self
            .files
            .keys()
            .filter(|k| !expected.contains(*k))
            .cloned()
            .collect();
        for k in &stale {
            let p = self.path.join(k);
            let _ = std::fs::remove_file(&p);
            remove_empty_parents(&self.path, &p);
            self.files.remove(k);
        }
        stale.len()
    }
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_bytes_are_known_by_their_address() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let mut out = OutputFolder::new(dir.path().to_path_buf());
        let file = dir.path().join("data").join("news.json");
        let a: Bytes = Arc::new(b"[1]\n".to_vec());
        assert!(
            out.put_shared("data/news.json", &a, &|| false)
                .is_ok_and(|w| w == Some(true))
        );
        // The same allocation again: nothing is written, even though the file went behind the
        // folder's back (which proves it was not even looked at).
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("remove: {e}"));
        assert!(
            out.put_shared("data/news.json", &a, &|| false)
                .is_ok_and(|w| w == Some(false))
        );
        assert!(!file.exists());
        // Equal bytes in another allocation are compared: nothing written.
        let b: Bytes = Arc::new(b"[1]\n".to_vec());
        assert!(
            out.put_shared("data/news.json", &b, &|| false)
                .is_ok_and(|w| w == Some(false))
        );
        // Other bytes are written; so is the first allocation after another put the path.
        let c: Bytes = Arc::new(b"[2]\n".to_vec());
        assert!(
            out.put_shared("data/news.json", &c, &|| false)
                .is_ok_and(|w| w == Some(true))
        );
        assert_eq!(std::fs::read(&file).ok(), Some(b"[2]\n".to_vec()));
        assert!(out.put("data/news.json", b"[3]\n").is_ok_and(|w| w));
        assert!(
            out.put_shared("data/news.json", &c, &|| false)
                .is_ok_and(|w| w == Some(true))
        );
        assert_eq!(std::fs::read(&file).ok(), Some(b"[2]\n".to_vec()));
        // Stopped before the first piece: nothing written, the file as it was, and the bytes
        // not taken for written (the next put writes them).
        let d: Bytes = Arc::new(b"[4]\n".to_vec());
        assert!(
            out.put_shared("data/news.json", &d, &|| true)
                .is_ok_and(|w| w.is_none())
        );
        assert_eq!(std::fs::read(&file).ok(), Some(b"[2]\n".to_vec()));
        let left: Vec<_> = std::fs::read_dir(dir.path().join("data"))
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(left.len(), 1, "no piece left behind: {left:?}");
        assert!(
            out.put_shared("data/news.json", &d, &|| false)
                .is_ok_and(|w| w == Some(true))
        );
        assert_eq!(std::fs::read(&file).ok(), Some(b"[4]\n".to_vec()));
    }
}
