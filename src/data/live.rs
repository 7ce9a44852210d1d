//! The open data of `serve`, made after each save from what was kept of the last one. A dataset
//! is made from the records of a few kinds (`About::kinds`: a collection from its own, a
//! derived report from those it sums up) and the settings, which `serve` does not change
//! without starting a new `LiveData`. So a save that changed no record of a kind, nor the order
//! or the paths of its records, gives back the datasets made from that kind as they were: the
//! same bytes, shared, not joined or copied again (16 MB for the news of 10,000 records; the
//! output folder knows them by their address and does not hash them again). A collection that
//! did change is joined again from the rows of its records, and the row of a record that did
//! not change (same `Arc`, same path) is not made again: making every row (each record
//! serialized, every cell of the CSV quoted and cleaned) was the largest part of a one-record
//! save at 10,000 records. The files are those [`super::build`] makes, byte for byte (tests
//! in `live_tests.rs` and `tests/it/serve.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::{Kind, Record};
use crate::site::Site;

use super::records;
use super::{About, Built, Bytes, Dataset, Source, about, csv, dataset, dataset_of, finish};

/// One record's row of its collection, as JSON and as a CSV line.
struct Row {
    /// Kept so that a record is known by its pointer: alive here, it is never reused.
    _record: Arc<Record>,
    path: String,
    json: Vec<u8>,
    csv: Vec<u8>,
}

/// The rows of one kind's records, by record pointer.
type Rows = FxHashMap<usize, Row>;

/// What was kept of the last build.
#[derive(Default)]
pub struct LiveData {
    /// The rows of each kind's records.
    rows: BTreeMap<Kind, Rows>,
    /// The records of each kind, in the order of the model and with their paths, that `sets`
    /// were made from (the `Arc`s keep their pointers from being reused).
    made_from: BTreeMap<Kind, Vec<(Arc<Record>, String)>>,
    /// The datasets of the last build, in the order of [`Source::all`]; none before the first.
    sets: Vec<Dataset>,
}

fn key(r: &Arc<Record>) -> usize {
    Arc::as_ptr(r) as usize
}

fn path(site: &Site, i: usize) -> &str {
    site.paths.get(i).map_or("", String::as_str)
}

impl LiveData {
    /// The open data of `site`, made again only where its records changed; `None` when `stop`
    /// said so (each worker checks it before each row and each dataset it makes).
    pub fn build(&mut self, site: &Site, stop: &(dyn Fn() -> bool + Sync)) -> Option<Built> {
        // The records of each kind, in the order of the model.
        let mut by_kind: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
        for (i, r) in site.records.iter().enumerate() {
            by_kind.entry(r.kind).or_default().push(i);
        }
        let of = |k: &Kind| by_kind.get(k).map_or(&[][..], Vec::as_slice);
        let changed: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| {
                let before = self.made_from.get(k).map_or(&[][..], Vec::as_slice);
                let now = of(k);
                self.sets.is_empty()
                    || now.len() != before.len()
                    || now
                        .iter()
                        .zip(before)
                        .any(|(&i, (r, p))| !Arc::ptr_eq(&site.records[i], r) || path(site, i) != p)
            })
            .collect();
        for &k in &changed {
            self.update_rows(site, k, of(&k), stop)?;
        }
        let sets: Option<Vec<Dataset>> = Source::all()
            .par_iter()
            .enumerate()
            .map(|(n, &s)| {
                let about = about(s);
                if let Some(kept) = self.sets.get(n)
                    && !about.kinds.iter().any(|k| changed.contains(k))
                {
                    return Some(kept.clone());
                }
                if stop() {
                    return None;
                }
                Some(match s {
                    Source::Collection(k) => self.collection(site, s, k, about),
                    _ => dataset(site, s, about),
                })
            })
            .collect();
        self.sets = sets?;
        for k in changed {
            let now = of(&k)
                .iter()
                .map(|&i| (site.records[i].clone(), path(site, i).to_string()))
                .collect();
            self.made_from.insert(k, now);
        }
        Some(finish(site, &self.sets))
    }

    /// Bring the rows of kind `k` up to date with its records `list`: a row made for each
    /// record that has none (or whose path changed), the rows of records gone dropped.
    fn update_rows(
        &mut self,
        site: &Site,
        k: Kind,
        list: &[usize],
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<()> {
        let mut rows = self.rows.remove(&k).unwrap_or_default();
        let columns = records::columns(k);
        let made: Option<Vec<(usize, Row)>> = list
            .par_iter()
            .filter(|&&i| {
                let r = &site.records[i];
                rows.get(&key(r))
                    .is_none_or(|row| row.path != path(site, i))
            })
            .map(|&i| {
                if stop() {
                    return None;
                }
                let r = &site.records[i];
                let value = records::record_value(site, i, r);
                let mut line = String::new();
                csv::line(&mut line, &csv::cells(&columns, &value));
                let row = Row {
                    _record: r.clone(),
                    path: path(site, i).to_string(),
                    json: serde_json::to_vec(&value).unwrap_or_default(),
                    csv: line.into_bytes(),
                };
                Some((key(r), row))
            })
            .collect();
        let Some(made) = made else {
            self.rows.insert(k, rows);
            return None;
        };
        // Rows of records no longer in the site go (and their pointers with them).
        let mut kept: Rows = FxHashMap::default();
        kept.reserve(list.len());
        for &i in list {
            let p = key(&site.records[i]);
            if let Some(row) = rows.remove(&p) {
                kept.insert(p, row);
            }
        }
        kept.extend(made);
        self.rows.insert(k, kept);
        Some(())
    }

    /// Collection `k` (dataset `s`), its files joined from the kept rows of its records in
    /// list order.
    fn collection(&self, site: &Site, s: Source, k: Kind, about: About) -> Dataset {
        let list: &[usize] = site.lists.get(&k).map_or(&[], Vec::as_slice);
        let rows: Vec<&Row> = self.rows.get(&k).map_or(Vec::new(), |kept| {
            list.iter()
                .filter_map(|&r| kept.get(&key(&site.records[r])))
                .collect()
        });
        let mut json = Vec::with_capacity(rows.iter().map(|r| r.json.len() + 1).sum::<usize>() + 3);
        json.push(b'[');
        for (n, r) in rows.iter().enumerate() {
            if n > 0 {
                json.push(b',');
            }
            json.extend_from_slice(&r.json);
        }
        json.extend_from_slice(b"]\n");
        let mut head = String::from("\u{feff}");
        csv::line(&mut head, &csv::header(&about.columns));
        let mut text = head.into_bytes();
        text.reserve(rows.iter().map(|r| r.csv.len()).sum());
        for r in &rows {
            text.extend_from_slice(&r.csv);
        }
        let bytes: [Bytes; 2] = [Arc::new(json), Arc::new(text)];
        dataset_of(site, s, about, rows.len(), bytes)
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
