//! The ITA map of one year: for each item of the catalogue, in order and grouped, what serves
//! it inside the fiscal year it asks for, what serves it only outside that year, and what is
//! missing. The page `/ita/<year>/` and `prongsai check --oit` both show this map.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::content::Record;
use crate::site::Site;

use super::catalogue::{Catalogue, EvidenceYear, Item};
use super::entries::{self, Entry, Nav, Via, derived_entries, record_entry};
use super::matched::Matched;
use super::rules::{bind_code, in_year};

/// Whether an item is served in the year it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Served,
    /// Only records (or pages) of other fiscal years serve it.
    Outside,
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemMap {
    #[serde(flatten)]
    pub item: Item,
    pub evidence_label: String,
    /// The fiscal year asked for (`None` for standing information).
    pub evidence_fy: Option<i32>,
    pub status: Status,
    pub served: Vec<Entry>,
    pub outside: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubgroupMap {
    pub id: String,
    pub label: String,
    pub items: Vec<ItemMap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupMap {
    pub id: String,
    pub label: String,
    pub subgroups: Vec<SubgroupMap>,
}

/// A code in a record's `oit` that names no item of the catalogue it refers to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeProblem {
    pub file: String,
    pub code: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub items: usize,
    pub served: usize,
    pub outside: usize,
    pub missing: usize,
    pub unverified: usize,
}

/// The map of one ITA year.
#[derive(Debug, Clone, Serialize)]
pub struct ItaMap {
    pub year: i32,
    pub title: String,
    pub note: String,
    pub files: Vec<String>,
    /// Whether this is the year `/ita/` shows.
    pub current: bool,
    pub groups: Vec<GroupMap>,
    pub counts: Counts,
    pub unknown_codes: Vec<CodeProblem>,
    /// On the current year's map: the fiscal year of the newest records when it has no
    /// catalogue yet, so this (older) list stands in for it (`super::awaited_year`).
    pub awaited_year: Option<i32>,
    /// A number no other map made by this process has: a page showing a map kept between the
    /// saves of `serve` knows it is the same map by this, without comparing the map.
    #[serde(skip)]
    pub made: u64,
}

/// The number of the next map made ([`ItaMap::made`]).
static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl ItaMap {
    /// Whether `check --oit` passes: every item served in its year, every `oit` code known.
    pub fn ok(&self) -> bool {
        self.counts.missing == 0 && self.counts.outside == 0 && self.unknown_codes.is_empty()
    }

    /// Whether `o`, a map of the same catalogue, shows what this one shows (all but
    /// [`ItaMap::made`]; the catalogue's own fields are the same).
    pub fn shows_the_same(&self, o: &ItaMap) -> bool {
        self.current == o.current
            && self.awaited_year == o.awaited_year
            && self.unknown_codes == o.unknown_codes
            && self.items().count() == o.items().count()
            && self.items().zip(o.items()).all(|(a, b)| {
                a.status == b.status && a.served == b.served && a.outside == b.outside
            })
    }

    pub fn items(&self) -> impl Iterator<Item = &ItemMap> {
        self.groups
            .iter()
            .flat_map(|g| &g.subgroups)
            .flat_map(|s| &s.items)
    }
}

/// A record that serves an item, with everything its entry is made of ([`record_entry`]): the
/// record, its path and, for a project, its plan's record. Two are equal when those are (the
/// records compared by `Arc`: `serve` keeps an unchanged record as the same `Arc`).
#[derive(Debug, Clone)]
struct Source {
    /// Its index in the site the sources were found in (not compared).
    i: usize,
    via: Via,
    record: Arc<Record>,
    path: String,
    plan: Option<Arc<Record>>,
}

impl PartialEq for Source {
    fn eq(&self, o: &Source) -> bool {
        self.via == o.via
            && Arc::ptr_eq(&self.record, &o.record)
            && self.path == o.path
            && match (&self.plan, &o.plan) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

/// What a map of one catalogue is made from, item by item: the generated pages and the records
/// that serve the item, in the order the map lists them; with the unknown codes and whether it
/// is the current year. Equal sources make equal maps (the catalogue, site.toml and the menu
/// being the same), so `serve` keeps a map while its sources stay the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    items: Vec<(Vec<Entry>, Vec<Source>)>,
    unknown_codes: Vec<CodeProblem>,
    current: bool,
}

/// The map of ITA year `cat.year` for `site`.
/// `matched` keeps which rules each record matches from one map to the next (`serve`); a clean
/// build passes an empty one.
pub fn build(
    site: &Site,
    cat: &Catalogue,
    nav: Nav<'_>,
    current: bool,
    matched: &Matched,
) -> ItaMap {
    from_sources(site, cat, nav, &sources(site, cat, nav, current, matched))
}

/// What the map of ITA year `cat.year` for `site` is made from.
pub fn sources(
    site: &Site,
    cat: &Catalogue,
    nav: Nav<'_>,
    current: bool,
    matched: &Matched,
) -> Sources {
    let year = cat.year;
    // Records naming items of this year's catalogue in their `oit` field, by item code (in
    // record order).
    let mut naming: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut unknown_codes = Vec::new();
    for (i, r) in site.records.iter().enumerate() {
        for code in &r.meta.oit {
            let (y, c) = bind_code(r, code);
            if y != year {
                continue;
            }
            match cat.item(&c) {
                Some(item) => {
                    let named = naming.entry(item.code.as_str()).or_default();
                    if named.last() != Some(&i) {
                        named.push(i);
                    }
                }
                None => unknown_codes.push(CodeProblem {
                    file: r.source.display().to_string().replace('\\', "/"),
                    code: code.clone(),
                }),
            }
        }
    }
    // The records each item's rule matches, by the first line that matched (kept per record
    // between the saves of `serve`; see `super::matched`).
    let matched = matched.by_item(site, cat);
    let items = cat
        .items
        .iter()
        .zip(&matched)
        .map(|(item, matched)| {
            let derived: Vec<Entry> = item
                .derived
                .iter()
                .flat_map(|&d| derived_entries(site, nav, d, item.evidence_year, year))
                .collect();
            // Records the officer named first, then by the rule line that matched them (a
            // catalogue puts the main evidence first), newest first.
            let named: &[usize] = naming.get(item.code.as_str()).map_or(&[], Vec::as_slice);
            let mut records: Vec<(usize, usize, Via)> =
                named.iter().map(|&i| (0, i, Via::Oit)).collect();
            records.extend(
                matched
                    .iter()
                    // `named` is in record order.
                    .filter(|(_, i)| named.binary_search(i).is_err())
                    .map(|&(line, i)| (line, i, Via::Rule)),
            );
            records.sort_by_key(|&(line, i, _)| {
                (line, std::cmp::Reverse(site.records[i].meta.date), i)
            });
            let records = records
                .into_iter()
                .map(|(_, i, via)| source(site, i, via))
                .collect();
            (derived, records)
        })
        .collect();
    Sources {
        items,
        unknown_codes,
        current,
    }
}

fn source(site: &Site, i: usize, via: Via) -> Source {
    let r = &site.records[i];
    Source {
        i,
        via,
        record: Arc::clone(r),
        path: site.paths.get(i).cloned().unwrap_or_default(),
        plan: entries::plan_of(site, r).map(Arc::clone),
    }
}

/// The map of ITA year `cat.year` made from `sources` (found in `site`).
pub fn from_sources(site: &Site, cat: &Catalogue, nav: Nav<'_>, sources: &Sources) -> ItaMap {
    let year = cat.year;
    let mut groups: Vec<GroupMap> = Vec::new();
    let mut counts = Counts::default();
    for (item, (derived, records)) in cat.items.iter().zip(&sources.items) {
        let ev = item.evidence_year;
        let mut entries: Vec<Entry> = derived.clone();
        entries.extend(records.iter().map(|s| record_entry(site, nav, s.i, s.via)));
        let (served, outside): (Vec<Entry>, Vec<Entry>) = entries
            .into_iter()
            .partition(|e| in_year(ev, year, e.years));
        let status = match (served.is_empty(), outside.is_empty()) {
            (false, _) => Status::Served,
            (true, false) => Status::Outside,
            (true, true) => Status::Missing,
        };
        counts.items += 1;
        match status {
            Status::Served => counts.served += 1,
            Status::Outside => counts.outside += 1,
            Status::Missing => counts.missing += 1,
        }
        counts.unverified += usize::from(!item.verified);
        let im = ItemMap {
            item: item.clone(),
            evidence_label: ev.label().to_string(),
            evidence_fy: match ev {
                EvidenceYear::Assessed => Some(year),
                EvidenceYear::Previous => Some(year - 1),
                EvidenceYear::Standing => None,
            },
            status,
            served,
            outside,
        };
        let label = |id: &str| {
            cat.groups
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.to_string())
        };
        // Items join their group and sub-group where it first appeared (a site's added item
        // goes to its group, not to the end of the page).
        let gi = match groups.iter().position(|g| g.id == item.group) {
            Some(gi) => gi,
            None => {
                groups.push(GroupMap {
                    id: item.group.clone(),
                    label: label(&item.group),
                    subgroups: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let subs = &mut groups[gi].subgroups;
        let si = match subs.iter().position(|s| s.id == item.subgroup) {
            Some(si) => si,
            None => {
                subs.push(SubgroupMap {
                    id: item.subgroup.clone(),
                    label: label(&item.subgroup),
                    items: Vec::new(),
                });
                subs.len() - 1
            }
        };
        subs[si].items.push(im);
    }
    ItaMap {
        year,
        title: cat.title.clone(),
        note: cat.note.clone(),
        files: cat.files.clone(),
        current: sources.current,
        groups,
        counts,
        unknown_codes: sources.unknown_codes.clone(),
        awaited_year: None,
        made: MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
    }
}
