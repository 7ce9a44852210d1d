//! The index `serve` keeps up to date equals, file for file and byte for byte, the index a build
//! makes of the same site, whatever the edit; and a one-record edit rewrites few files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::content::Kind;
use crate::search::PAGE;
use crate::search::index;
use crate::search::layout::DOC_BLOCK;

/// The model of `site` made again from `records` (as `serve` does after most edits).
fn rebuilt(site: &Site, records: Vec<Arc<Record>>) -> Site {
    let (s, d) = Site::build_shared(site.config.clone(), records, site.files.clone());
    assert!(d.is_empty(), "{d}");
    s
}

fn built_files(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let (_, files) = crate::search::files(site);
    files.into_iter().collect()
}

fn live_files(live: &Live) -> BTreeMap<String, Vec<u8>> {
    live.files(&|_| true)
        .into_iter()
        .map(|(p, b)| (p, b.unwrap_or_default()))
        .collect()
}

/// `live`, brought up to date with `site`, equals a build of `site`; how many of its files are
/// new (not in `before`).
fn check(live: &mut Live, site: &Site, before: &BTreeMap<String, Vec<u8>>) -> usize {
    live.update(site);
    let (got, want) = (live_files(live), built_files(site));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (p, b) in &want {
        assert!(got.get(p) == Some(b), "{p} differs from a build");
    }
    assert_eq!(live.manifest_path(), index::build(site).manifest_path);
    got.keys().filter(|p| !before.contains_key(*p)).count()
}

/// Record `i` with `edit` applied.
fn edited(site: &Site, i: usize, edit: impl FnOnce(&mut Record)) -> Arc<Record> {
    let mut r = (*site.records[i]).clone();
    edit(&mut r);
    Arc::new(r)
}

fn first_of(site: &Site, kind: Kind) -> usize {
    site.records
        .iter()
        .position(|r| r.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in the demo"))
}

#[test]
fn a_new_index_equals_a_build() {
    let site = crate::demo_site();
    let live = Live::new(&site);
    assert_eq!(live_files(&live), built_files(&site));
}

#[test]
fn text_edits_change_few_files_and_equal_a_build() {
    let mut site = crate::demo_site();
    let mut live = Live::new(&site);
    let n = first_of(&site, Kind::News);
    // Each edit, and whether it changes a handful of terms only.
    type Edit = Box<dyn Fn(&mut Record)>;
    let steps: Vec<(Edit, bool)> = vec![
        // A word that no other record has, in the body…
        (
            Box::new(|r| r.body.push_str("\n\nควินทิลเลียน zyxwvut\n")),
            true,
        ),
        // …removed again (its terms leave the index),
        (
            Box::new(|r| r.body = r.body.replace("\n\nควินทิลเลียน zyxwvut\n", "")),
            true,
        ),
        // a title edit,
        (
            Box::new(|r| r.meta.title = format!("บันทึกแก้ไข {}", r.meta.title)),
            false,
        ),
        // words removed from the body,
        (
            Box::new(|r| {
                r.body = r
                    .body
                    .split_whitespace()
                    .skip(3)
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            false,
        ),
        // and nothing at all (the same text in a new record).
        (Box::new(|_| {}), true),
    ];
    let mut before = live_files(&live);
    for (edit, small) in steps {
        site.records[n] = edited(&site, n, edit);
        let new = check(&mut live, &site, &before);
        // The manifest, the shards of the few terms that changed and one block of documents.
        let shards = before.keys().filter(|p| p.contains("/s/")).count();
        assert!(
            !small || new <= 1 + shards / 2 + DOC_BLOCK,
            "{new} new files after a one-record edit, of {shards} shards"
        );
        before = live_files(&live);
    }
}

#[test]
fn records_added_moved_and_removed_equal_a_build() {
    let site = crate::demo_site();
    let mut live = Live::new(&site);
    let before = live_files(&live);
    let n = first_of(&site, Kind::News);
    // A new record (numbers after it shift).
    let mut records = site.records.clone();
    records.push(edited(&site, n, |r| {
        r.slug = "brand-new-record".into();
        r.source = PathBuf::from("content/news/brand-new-record.md");
        r.meta.title = "ข่าวใหม่ล่าสุด ทดสอบดัชนี".into();
    }));
    let added = rebuilt(&site, records);
    check(&mut live, &added, &before);
    // Its date changed: it moves among the documents.
    let i = added
        .records
        .iter()
        .position(|r| r.slug == "brand-new-record")
        .unwrap_or(0);
    let mut records = added.records.clone();
    records[i] = edited(&added, i, |r| {
        if let Some(d) = crate::thai::Date::from_iso("2001-01-02") {
            r.meta.date = d;
        }
    });
    let moved = rebuilt(&added, records);
    check(&mut live, &moved, &before);
    // Removed again, and another one too.
    let mut records = moved.records.clone();
    records.retain(|r| r.slug != "brand-new-record");
    records.remove(first_of(&moved, Kind::Announcement));
    let removed = rebuilt(&moved, records);
    check(&mut live, &removed, &before);
    // Every record removed, then all back.
    let empty = rebuilt(&removed, Vec::new());
    check(&mut live, &empty, &before);
    check(&mut live, &site, &before);
}

#[test]
fn the_manifest_is_named_by_what_the_index_holds() {
    let site = crate::demo_site();
    let name = |site: &Site| index::build(site).manifest_path;
    let before = name(&site);
    assert!(
        before.starts_with(PAGE) && before.ends_with(".json"),
        "{before}"
    );
    let hex = &before[PAGE.len()..before.len() - ".json".len()];
    assert!(hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(before, crate::search::unbuilt_manifest_path());
    // The manifest holds no name of its own (else it could not be hashed whole).
    let index = index::build(&site);
    let manifest = String::from_utf8_lossy(&index.manifest);
    assert!(!manifest.contains(hex), "{manifest}");
    let n = first_of(&site, Kind::News);
    let with = |edit: &dyn Fn(&mut Record)| {
        let mut s = rebuilt(&site, site.records.clone());
        s.records[n] = edited(&site, n, edit);
        s
    };
    // Fields the index does not hold (the date of the last update, the OIT items) and a record
    // saved again unchanged leave the name as it was…
    let same = with(&|r| {
        r.meta.updated = crate::thai::Date::from_iso("2030-01-02");
        r.meta.oit.push("o10".into());
    });
    assert_eq!(name(&same), before, "a field the index does not hold");
    assert_eq!(name(&with(&|_| {})), before, "nothing changed");
    // …text the index holds changes it: a word in the body, the title, a tag.
    let body = with(&|r| r.body.push_str("\n\nควินทิลเลียน zyxwvut\n"));
    let title = with(&|r| r.meta.title.push_str(" แก้ไข"));
    let tag = with(&|r| r.meta.tags.push("แท็กใหม่".into()));
    let names = [name(&body), name(&title), name(&tag)];
    for (what, got) in ["body", "title", "tag"].iter().zip(&names) {
        assert_ne!(*got, before, "{what} edited");
    }
    assert!(names[0] != names[1] && names[1] != names[2] && names[0] != names[2]);
    // `serve` names it as a build does after the same edits, and back.
    let mut live = Live::new(&site);
    for (s, want) in [(&same, &before), (&body, &names[0]), (&site, &before)] {
        live.update(s);
        assert_eq!(live.manifest_path(), want.as_str());
    }
}
