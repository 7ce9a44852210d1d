//! The rebuilds of `serve` on a copy of the demo site: pages about the whole site are rendered
//! again only when what their template receives changed, and the folder equals a clean build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;

/// A copy of the demo site (site.toml, content, themes) in a temp folder.
fn demo_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp folder: {e}"));
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in walkdir::WalkDir::new(from.join("content"))
        .into_iter()
        .chain(walkdir::WalkDir::new(from.join("themes")))
        .flatten()
    {
        let rel = e.path().strip_prefix(from).unwrap_or(e.path());
        let to = tmp.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("{e}"));
        } else {
            std::fs::copy(e.path(), &to).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    std::fs::copy(from.join("site.toml"), tmp.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    tmp
}

fn options(root: &Path, out: &str) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: Some(root.join(out)),
        base_url: Some("http://127.0.0.1:1/".into()),
        drafts: false,
    }
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
            (rel, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

/// The folder `serve` keeps equals a clean build of the same site (but the build's
/// checksums.json, which `serve` does not write).
fn same_as_clean_build(root: &Path) {
    let _ = std::fs::remove_dir_all(root.join("clean"));
    if let Err(d) = crate::build(&options(root, "clean")) {
        panic!("clean build: {d}");
    }
    let mut clean = tree(&root.join("clean"));
    clean.remove(Path::new("checksums.json"));
    let served = tree(&root.join("out"));
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>()
    );
    for (p, bytes) in &served {
        assert!(clean.get(p) == Some(bytes), "{} differs", p.display());
    }
}

/// Rewrite `rel` with `edit` applied to its text and rebuild as a save of it.
fn save(state: &mut State, root: &Path, rel: &str, edit: impl Fn(&str) -> String) -> Outcome {
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let new = edit(&text);
    assert_ne!(new, text, "the edit changes {rel}");
    std::fs::write(root.join(rel), new).unwrap_or_else(|e| panic!("{e}"));
    let changes = Changes {
        records: [PathBuf::from(rel)].into(),
        ..Changes::default()
    };
    state
        .rebuild(Some(&changes), &|_| {}, &|| false)
        .unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn pages_about_the_site_are_rendered_again_only_when_what_they_show_changed() {
    let tmp = demo_copy();
    let root = tmp.path();
    let mut state = State::new(options(root, "out"));
    let first = state
        .rebuild(None, &|_| {}, &|| false)
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(first.full && first.kept.is_empty());
    let summary = "procurement/2567/summary/";
    assert!(root.join("out").join(summary).join("index.html").is_file());

    // A news body edit shows on no summary of procurement and on no ITA page.
    let o = save(
        &mut state,
        root,
        "content/news/community-forum-2568.md",
        |t| format!("{t}\nย่อหน้าที่เพิ่ม\n"),
    );
    for kept in [summary, "ita/", "ita/2568/"] {
        assert!(
            o.kept.iter().any(|k| k == kept),
            "{kept} kept: {:?}",
            o.kept
        );
    }
    same_as_clean_build(root);

    // The budget and the winner's price of a 2567 project show on that year's summary: made
    // again (and the others kept).
    let page = |root: &Path| std::fs::read(root.join("out").join(summary).join("index.html"));
    let before = page(root).unwrap_or_default();
    // The last notice of a project gives its figures (site/procurement.rs `last_some`).
    let rel = "content/procurement/2568-drain-soi4-06-inspection.md";
    let o = save(&mut state, root, rel, |t| {
        t.replace("budget = 1650000", "budget = 1650500")
            .replace("price = 1498000", "price = 1497000")
    });
    assert!(!o.kept.iter().any(|k| k == summary), "{:?}", o.kept);
    assert!(o.kept.iter().any(|k| k == "procurement/2568/summary/"));
    assert!(
        page(root).unwrap_or_default() != before,
        "the summary shows the edit"
    );
    same_as_clean_build(root);

    // A new `updated` date: the record's `lastmod` in the sitemap (kept while no page, path or
    // date changed) and the lists' dates move.
    let sitemap = || std::fs::read(root.join("out/sitemap.xml")).unwrap_or_default();
    let before = sitemap();
    save(
        &mut state,
        root,
        "content/news/community-forum-2568.md",
        |t| t.replacen("+++\n", "+++\nupdated = 2026-11-30\n", 1),
    );
    assert!(sitemap() != before, "the sitemap shows the new date");
    same_as_clean_build(root);

    // A change of the templates renders every page again, kept hashes or not.
    let changes = Changes {
        everything: true,
        ..Changes::default()
    };
    let o = state
        .rebuild(Some(&changes), &|_| {}, &|| false)
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(o.full && o.kept.is_empty());
    same_as_clean_build(root);
}
