//! An output that syncs (issue 17): a rebuild leaves every unchanged file untouched (same bytes,
//! same modification time, same file), writes only what changed, and the output carries a
//! manifest of every file (path, size, SHA-256) that matches the files on disk.

use crate::common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::*;
use prongsai::output::manifest::{MANIFEST, Manifest, sha256_hex};

/// Every file under `dir` with its (inode, mtime in ns).
fn stamps(dir: &Path) -> BTreeMap<PathBuf, (u64, i128)> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(dir.join(&p)).expect("metadata");
            let t = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
            (p, (m.ino(), t))
        })
        .collect()
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_rewrites_only_what_changed() {
    let site = demo();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let first = stamps(&public);
    let bytes_before = snapshot(&public);

    // The same content again: nothing is written but nothing may be stale either.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = build(root);
    r.expect(0);
    assert!(r.stdout.contains("files written: 0,"), "{}", r.all());
    assert_eq!(
        stamps(&public),
        first,
        "an unchanged rebuild touches no file"
    );
    assert_eq!(snapshot(&public), bytes_before);

    // One record edited: its page and what lists or indexes it change; the rest stays.
    let news = root.join("content/news");
    let rec = files_under(&news)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a news record");
    let path = news.join(rec);
    let text = read(&path);
    write(&path, format!("{text}\n\nแก้ไขหนึ่งบรรทัด\n"));
    build(root).expect(0);
    let second = stamps(&public);
    let after = snapshot(&public);
    let mut changed = Vec::new();
    for (p, stamp) in &second {
        match (first.get(p), bytes_before.get(p)) {
            (Some(old), Some(old_bytes)) if after.get(p) == Some(old_bytes) => {
                assert_eq!(
                    stamp,
                    old,
                    "{} has the same bytes, so the same file",
                    p.display()
                );
            }
            _ => changed.push(p.clone()),
        }
    }
    assert!(!changed.is_empty(), "the edit changes some files");
    // The search index's document files are named by a hash of their block of 64 documents
    // (src/search/layout.rs): the demo's few dozen records are one block, so all of them change.
    let outside_search: Vec<&PathBuf> = changed
        .iter()
        .filter(|p| !p.starts_with("search"))
        .collect();
    assert!(
        outside_search.len() <= 12,
        "a one-record edit rewrites few files: {} of {}: {outside_search:?}",
        outside_search.len(),
        second.len()
    );
}

#[test]
fn the_manifest_lists_every_file_with_its_size_and_sha256() {
    let site = demo();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let manifest = Manifest::read(&public).expect("a manifest in the output");
    let on_disk: Vec<String> = files_under(&public)
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != MANIFEST)
        .collect();
    let listed: Vec<String> = manifest.files.iter().map(|e| e.path.clone()).collect();
    let mut sorted = on_disk.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "every file but the manifest, sorted");
    for e in &manifest.files {
        let bytes = std::fs::read(public.join(&e.path)).expect("read");
        assert_eq!(e.size, bytes.len() as u64, "{}", e.path);
        assert_eq!(e.sha256, sha256_hex(&bytes), "{}", e.path);
    }
    // Attachments and pages are both in it; the manifest is public, under the base URL.
    assert!(listed.iter().any(|p| p.starts_with("files/")));
    assert!(listed.iter().any(|p| p == "index.html"));
}
