use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::site::datasets::EXTENSIONS;

fn same(a: &Built, b: &Built) {
    assert_eq!(a.index, b.index);
    let names = |x: &Built| x.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b));
    for ((p, x), (_, y)) in a.files.iter().zip(&b.files) {
        assert!(x == y, "{p} differs from a build");
    }
}

/// `live.build(site)`, checked against a build of `site`.
fn checked(live: &mut LiveData, site: &Site) -> Built {
    let got = live
        .build(site, &|| false)
        .unwrap_or_else(|| panic!("stopped"));
    same(&got, &super::super::build(site));
    got
}

fn file<'b>(b: &'b Built, path: &str) -> &'b Bytes {
    match b.files.iter().find(|f| f.0 == path) {
        Some(f) => &f.1,
        None => panic!("{path} is missing"),
    }
}

/// The files of the datasets made from records of the kinds `edited` are made again (new
/// bytes); every other dataset's are those of `before`, shared.
fn only_remade(before: &Built, after: &Built, edited: &[Kind]) {
    for s in Source::all() {
        let remade = about(s).kinds.iter().any(|k| edited.contains(k));
        for ext in EXTENSIONS {
            let p = s.file(ext);
            let shared = Arc::ptr_eq(file(before, &p), file(after, &p));
            assert_eq!(
                shared, !remade,
                "{p}: shared {shared} after an edit of {edited:?}"
            );
        }
    }
}

/// `site` made again from `records` (the order, lists and paths as a build makes them; a
/// link to a removed record is a problem of the site, not of its open data).
fn with_records(site: &Site, records: Vec<Arc<Record>>) -> Site {
    Site::build_shared(site.config.clone(), records, site.files.clone()).0
}

fn first_of(site: &Site, k: Kind) -> usize {
    match site.lists.get(&k).and_then(|l| l.first()) {
        Some(&i) => i,
        None => panic!("the demo site has no {k:?}"),
    }
}

#[test]
fn kept_rows_give_the_files_of_a_build() {
    let mut site = crate::demo_site();
    let mut live = LiveData::default();
    let mut last = checked(&mut live, &site);
    // Nothing changed: every file is the one of the last build.
    let again = checked(&mut live, &site);
    only_remade(&last, &again, &[]);
    // Every kind of record edited once, one at a time, in place as `serve` patches a text edit
    // (a comma and a quote for the CSV); only what is made from that kind is made again.
    for k in Kind::ALL {
        let Some(i) = site.records.iter().position(|r| r.kind == k) else {
            continue;
        };
        let mut r = (*site.records[i]).clone();
        r.meta.title = format!("{}, \"แก้\"", r.meta.title);
        r.body.push_str("\n=SUM(A1)");
        site.records[i] = Arc::new(r);
        let got = checked(&mut live, &site);
        only_remade(&last, &got, &[k]);
        last = got;
    }
}

#[test]
fn reorder_removal_and_addition_remake_only_their_kind() {
    let site = crate::demo_site();
    let mut live = LiveData::default();
    let mut last = checked(&mut live, &site);
    // The first news item dated back: the list order changes.
    let i = first_of(&site, Kind::News);
    let mut r = (*site.records[i]).clone();
    r.meta.date = crate::thai::Date::new(2001, 1, 1).unwrap_or_else(|| panic!("date"));
    let mut records = site.records.clone();
    records[i] = Arc::new(r);
    let site = with_records(&site, records);
    let got = checked(&mut live, &site);
    only_remade(&last, &got, &[Kind::News]);
    last = got;
    // An announcement removed.
    let i = first_of(&site, Kind::Announcement);
    let mut records = site.records.clone();
    records.remove(i);
    let site = with_records(&site, records);
    let got = checked(&mut live, &site);
    only_remade(&last, &got, &[Kind::Announcement]);
    last = got;
    // A procurement notice added (a copy under another name): the procurement summaries too.
    let i = first_of(&site, Kind::Procurement);
    let mut r = (*site.records[i]).clone();
    r.slug = format!("{}-copy", r.slug);
    let mut records = site.records.clone();
    records.push(Arc::new(r));
    let site = with_records(&site, records);
    let got = checked(&mut live, &site);
    only_remade(&last, &got, &[Kind::Procurement]);
    last = got;
    // A site made again from the same records (a full rebuild of `serve`): nothing remade.
    let site = with_records(&site, site.records.clone());
    let got = checked(&mut live, &site);
    only_remade(&last, &got, &[]);
}

#[test]
fn a_stop_leaves_nothing_half_made() {
    let mut site = crate::demo_site();
    let mut live = LiveData::default();
    assert!(live.build(&site, &|| true).is_none());
    checked(&mut live, &site);
    // A stop at each point of the work in turn (rows of two kinds, then datasets): the next
    // build is whole, and equals a build.
    for at in 0..40 {
        for k in [Kind::Plan, Kind::Report] {
            let i = first_of(&site, k);
            let mut r = (*site.records[i]).clone();
            r.meta.title = format!("{} {at}", r.meta.title);
            site.records[i] = Arc::new(r);
        }
        let calls = AtomicUsize::new(0);
        let stop = || calls.fetch_add(1, Ordering::Relaxed) >= at;
        let stopped = live.build(&site, &stop).is_none();
        checked(&mut live, &site);
        if !stopped {
            // The stop came after all the work: every later point is the same.
            assert!(at > 0);
            return;
        }
    }
    panic!("still stopped after 40 checks");
}
