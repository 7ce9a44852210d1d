//! Which rule line of which catalogue item each record matches: the part of an ITA map that
//! depends on one record alone, kept per record so that `serve` matches again only the records
//! a save changed. Matching every record against every rule line of every catalogue year on
//! each save was a third of the CPU of a one-record save at 10,000 records (issue 20).
//!
//! A record is known by the address of its `Arc` (`serve` keeps an unchanged record as the
//! same `Arc` between saves, a changed one is a new `Arc`); the `Arc` is held with what was
//! found, so the address cannot be reused by another record while it is a key. A record is
//! never changed behind its `Arc` while it is held here (`Arc::make_mut` copies a shared one).
//! The catalogues themselves are not compared: `render::Prepared` holds them and this together,
//! and both are made again when the theme or site.toml changes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use crate::content::Record;
use crate::site::Site;

use super::catalogue::Catalogue;
use super::rules::{Needles, matches_titled, normalise};

/// One record's matches against one catalogue: for each item one of whose rule lines it
/// matches, (index of the item in `Catalogue::items`, first such line, counted from 1).
type Lines = Box<[(usize, usize)]>;

struct Kept {
    /// Held so that its address, the key, stays this record's.
    _record: Arc<Record>,
    lines: Lines,
}

/// The matches of the records of the last map made of each catalogue year, by `Arc` address.
type YearMatches = FxHashMap<usize, Kept>;

/// Rule matches kept between maps; empty for a clean build, which then matches every record.
#[derive(Default)]
pub struct Matched(Mutex<BTreeMap<i32, YearMatches>>);

impl std::fmt::Debug for Matched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matched")
    }
}

impl Matched {
    /// For each item of `cat` (in catalogue order), the records of `site` one of its rule lines
    /// matches, as (first matching line counted from 1, record index), in record order. Records
    /// seen by the last call for this year keep what was found then; the others are matched
    /// now, and what records no longer in the site had is dropped.
    pub fn by_item(&self, site: &Site, cat: &Catalogue) -> Vec<Vec<(usize, usize)>> {
        // Taken out while this year is matched, so that the maps of other years are made at
        // the same time. (Two maps of one year at once would each find it empty: correct,
        // only slower; one renderer makes each year's map once.)
        let mut old = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&cat.year)
            .unwrap_or_default();
        let needles: Vec<Vec<Needles>> = cat
            .items
            .iter()
            .map(|item| item.rule.iter().map(Needles::of).collect())
            .collect();
        let mut kept: YearMatches =
            FxHashMap::with_capacity_and_hasher(site.records.len(), Default::default());
        let mut by_item: Vec<Vec<(usize, usize)>> = vec![Vec::new(); cat.items.len()];
        for (i, r) in site.records.iter().enumerate() {
            let key = Arc::as_ptr(r) as usize;
            let k = kept.entry(key).or_insert_with(|| {
                old.remove(&key).unwrap_or_else(|| Kept {
                    _record: Arc::clone(r),
                    lines: lines_of(r, cat, &needles),
                })
            });
            for &(item, line) in k.lines.iter() {
                by_item[item].push((line, i));
            }
        }
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(cat.year, kept);
        by_item
    }
}

/// Match one record against every item of `cat` (`needles`: each item's rule lines'
/// [`Needles`]). A rule line that names kinds matches only records of those kinds, and an empty
/// line nothing ([`matches_titled`]).
fn lines_of(r: &Record, cat: &Catalogue, needles: &[Vec<Needles>]) -> Lines {
    let title = normalise(&r.meta.title);
    let tags: Vec<String> = r.meta.tags.iter().map(|t| normalise(t)).collect();
    cat.items
        .iter()
        .zip(needles)
        .enumerate()
        .filter_map(|(k, (item, n))| {
            let line = item
                .rule
                .iter()
                .zip(n)
                .position(|(m, n)| matches_titled(m, n, r, &title, &tags))?;
            Some((k, line + 1))
        })
        .collect()
}
