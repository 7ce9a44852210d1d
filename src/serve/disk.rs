//! The output folder as `serve` last left it: a hash of every file in it, so that a rebuild
//! writes only the files whose bytes changed and removes those a clean build would not write.

use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::error::Diagnostics;
use crate::output;

pub struct OutputFolder {
    path: PathBuf,
    /// Hash of every file written (or found) in the folder, by path relative to it.
    files: FxHashMap<String, (usize, u64)>,
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
        let h = hash(bytes);
        if self.files.get(rel) == Some(&h) {
            return Ok(false);
        }
        output::write_atomic(&self.path.join(rel), bytes).map_err(|d| Diagnostics(vec![d]))?;
        self.files.insert(rel.to_string(), h);
        Ok(true)
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
                self.files.insert(rel, hash(&bytes));
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
