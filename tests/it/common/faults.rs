//! Helpers of the fault tests (tests/it/faults.rs: kills and locks; tests/it/faults_disk.rs: read-only
//! and full disks): the binary as a command, the state of an output folder, a record edit.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{files_under, read, write};

pub fn prongsai() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    c.env("NO_COLOR", "1");
    c
}

/// Every file under `dir` with a hash of its bytes (enough to see any change).
pub fn digest(dir: &Path) -> BTreeMap<PathBuf, u64> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap_or_default();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            bytes.len().hash(&mut h);
            (p, h.finish())
        })
        .collect()
}

/// The names beside the output that a build leaves while it runs (`.public.tmp-…`, `.lock`…).
pub fn leftovers(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root)
        .expect("read root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    v.sort();
    v
}

/// A news record of the site: its path and text.
pub fn a_news_record(root: &Path) -> (PathBuf, String) {
    let news = root.join("content/news");
    let first = files_under(&news)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a news record");
    let path = news.join(first);
    let text = read(&path);
    (path, text)
}

/// Change one record so that the next build's output differs from the current one.
pub fn edit_a_record(root: &Path, tag: &str) {
    let (path, text) = a_news_record(root);
    write(&path, format!("{text}\n\nแก้ไข {tag}\n"));
}
