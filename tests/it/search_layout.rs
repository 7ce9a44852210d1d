//! The layout of the search index across rebuilds: after a small edit most index files keep
//! their path and bytes, and a path never names different bytes (src/search/layout.rs).

use std::path::{Path, PathBuf};

use prongsai::BuildOptions;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file of a built site's `search/` folder but the page, by path.
fn index_files(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != "index.html")
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_small_edit_keeps_most_index_files() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    for e in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .flatten()
    {
        let rel = e.path().strip_prefix(repo()).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(site.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), site.join(rel)).unwrap();
        }
    }
    std::fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
    let build = |out: &Path| {
        let opts = BuildOptions {
            root: site.clone(),
            output: Some(out.to_path_buf()),
            base_url: None,
            drafts: false,
        };
        if let Err(d) = prongsai::build(&opts) {
            panic!("the copy of the demo does not build: {d:?}");
        }
        index_files(out)
    };
    let before = build(&tmp.path().join("a"));
    // One record's body gains a sentence with words the site did not have.
    let f = site.join("content/news/dengue-campaign-2568.md");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, format!("{text}\nทดสอบคำใหม่ชื่อสวนสาธารณะบึงน้ำใส\n")).unwrap();
    let after = build(&tmp.path().join("b"));
    // A path names one content: a browser holding an old file never reads it as a new one.
    for (p, bytes) in &before {
        if let Some(b) = after.get(p) {
            assert!(b == bytes, "{p} changed but kept its name");
        }
    }
    let shards = |m: &std::collections::BTreeMap<String, Vec<u8>>| {
        m.keys()
            .filter(|p| p.starts_with("search/s/"))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (sa, sb) = (shards(&before), shards(&after));
    let new: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    println!(
        "{} index files, {} new after the edit; shards {} → {}, {} kept",
        after.len(),
        new.len(),
        sa.len(),
        sb.len(),
        sa.intersection(&sb).count()
    );
    assert!(sb.len() >= 4, "the demo's index has several shards");
    assert!(
        sa.intersection(&sb).count() * 2 > sb.len(),
        "most shards are kept: {new:?}"
    );
    // The manifest, the changed shards and one block of documents.
    let block = prongsai::search::layout::DOC_BLOCK;
    assert!(new.len() <= 1 + sb.len() / 2 + block, "{new:?}");
    assert!(
        new.iter().any(|p| p.matches('/').count() == 1),
        "a new manifest"
    );
}
