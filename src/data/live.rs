//! The open data of `serve`, made after each save from rows kept between saves: a collection's
//! JSON and CSV files are the rows of its records joined, and the row of a record that did not
//! change (same `Arc`, same path) is not made again. Making every row again (each record
//! serialized, every cell of the CSV quoted and cleaned) was the largest part of a one-record
//! save at 10,000 records. The files are those [`super::build`] makes, byte for byte (tests
//! below and `tests/serve.rs`).

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::content::{Kind, Record};
use crate::site::Site;

use super::{Built, DataFile, Source, catalog, csv, data_files, dataset, dataset_with};
use super::{index_of, records};

/// One record's row of its collection, as JSON and as a CSV line.
struct Row {
    /// Kept so that a record is known by its pointer: alive here, it is never reused.
    _record: Arc<Record>,
    path: String,
    json: Vec<u8>,
    csv: Vec<u8>,
}

/// The rows kept between saves, by record pointer.
#[derive(Default)]
pub struct LiveData {
    rows: FxHashMap<usize, Row>,
}

fn key(r: &Arc<Record>) -> usize {
    Arc::as_ptr(r) as usize
}

impl LiveData {
    /// The open data of `site`, rows made only for the records that changed; `None` when
    /// `stop` said so (each worker checks it before each row and each dataset).
    pub fn build(&mut self, site: &Site, stop: &(dyn Fn() -> bool + Sync)) -> Option<Built> {
        let path = |i: usize| site.paths.get(i).map_or("", String::as_str);
        let wanted: Vec<usize> = Kind::ALL
            .iter()
            .flat_map(|k| site.lists.get(k).into_iter().flatten().copied())
            .collect();
        let missing: Vec<usize> = wanted
            .iter()
            .copied()
            .filter(|&i| {
                let r = &site.records[i];
                self.rows.get(&key(r)).is_none_or(|row| row.path != path(i))
            })
            .collect();
        let made: Option<Vec<(usize, Row)>> = missing
            .par_iter()
            .map(|&i| {
                if stop() {
                    return None;
                }
                let r = &site.records[i];
                let value = records::record_value(site, i, r);
                let mut line = String::new();
                csv::line(&mut line, &csv::cells(&records::columns(r.kind), &value));
                let row = Row {
                    _record: r.clone(),
                    path: path(i).to_string(),
                    json: serde_json::to_vec(&value).unwrap_or_default(),
                    csv: line.into_bytes(),
                };
                Some((key(r), row))
            })
            .collect();
        let made = made?;
        // Rows of records no longer in the site go (and their pointers with them).
        let mut rows = std::mem::take(&mut self.rows);
        let mut kept: FxHashMap<usize, Row> = FxHashMap::default();
        kept.reserve(wanted.len());
        for &i in &wanted {
            let k = key(&site.records[i]);
            if let Some(row) = rows.remove(&k) {
                kept.insert(k, row);
            }
        }
        kept.extend(made);
        self.rows = kept;
        // The datasets: a collection's rows are in `self.rows` (the dataset needs only how
        // many there are, for the /data/ page and the catalogue); derived ones are made whole
        // (they sum over records into few rows).
        let sources: Vec<Source> = Source::all();
        let sets: Option<Vec<_>> = sources
            .par_iter()
            .map(|&s| {
                if stop() {
                    return None;
                }
                Some(match s {
                    Source::Collection(k) => {
                        let n = site.lists.get(&k).map_or(0, Vec::len);
                        dataset_with(site, s, |_| vec![Value::Null; n])
                    }
                    _ => dataset(site, s),
                })
            })
            .collect();
        let sets = sets?;
        let mut files: Vec<DataFile> = Vec::with_capacity(sets.len() * 2);
        for (i, (d, s)) in sets.iter().zip(&sources).enumerate() {
            match s {
                Source::Collection(k) => files.extend(self.collection_files(site, *k, d, i)),
                _ => {
                    // The files of one derived dataset, numbered as in `sets`.
                    let mut fs = data_files(std::slice::from_ref(d));
                    fs.iter_mut().for_each(|f| f.dataset = i);
                    files.extend(fs);
                }
            }
        }
        if stop() {
            return None;
        }
        let catalog = catalog::catalog(site, &sets, &files);
        let index = index_of(site, &sets, &files, &catalog);
        let files = files
            .into_iter()
            .map(|f| (format!("data/{}", f.name), f.bytes))
            .chain([("data/catalog.json".to_string(), catalog)])
            .collect();
        Some(Built { files, index })
    }

    /// The JSON and CSV files of collection `k` (dataset `d`, number `i`), from the kept rows.
    fn collection_files(
        &self,
        site: &Site,
        k: Kind,
        d: &super::Dataset,
        i: usize,
    ) -> [DataFile; 2] {
        let list: &[usize] = site.lists.get(&k).map_or(&[], Vec::as_slice);
        let rows: Vec<&Row> = list
            .iter()
            .filter_map(|&r| self.rows.get(&key(&site.records[r])))
            .collect();
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
        csv::line(&mut head, &csv::header(&d.columns));
        let mut text = head.into_bytes();
        text.reserve(rows.iter().map(|r| r.csv.len()).sum());
        for r in &rows {
            text.extend_from_slice(&r.csv);
        }
        [
            DataFile {
                name: format!("{}.json", d.id),
                dataset: i,
                format: "JSON",
                media_type: "application/json",
                bytes: json,
            },
            DataFile {
                name: format!("{}.csv", d.id),
                dataset: i,
                format: "CSV",
                media_type: "text/csv",
                bytes: text,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Built, b: &Built) {
        assert_eq!(a.index, b.index);
        let names = |x: &Built| x.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(a), names(b));
        for ((p, x), (_, y)) in a.files.iter().zip(&b.files) {
            assert!(x == y, "{p} differs from a build");
        }
    }

    #[test]
    fn kept_rows_give_the_files_of_a_build() {
        let mut site = crate::demo_site();
        let mut live = LiveData::default();
        let first = live.build(&site, &|| false);
        same(
            first.as_ref().unwrap_or_else(|| panic!("stopped")),
            &super::super::build(&site),
        );
        // Every kind of record edited once, one at a time (a comma and a quote for the CSV).
        for k in Kind::ALL {
            let Some(i) = site.records.iter().position(|r| r.kind == k) else {
                continue;
            };
            let mut r = (*site.records[i]).clone();
            r.meta.title = format!("{}, \"แก้\"", r.meta.title);
            r.body.push_str("\n=SUM(A1)");
            site.records[i] = Arc::new(r);
            let got = live.build(&site, &|| false);
            same(
                got.as_ref().unwrap_or_else(|| panic!("stopped")),
                &super::super::build(&site),
            );
        }
        // A stop leaves nothing half made: the next build is whole.
        assert!(live.build(&site, &|| true).is_none());
        let got = live.build(&site, &|| false);
        same(
            got.as_ref().unwrap_or_else(|| panic!("stopped")),
            &super::super::build(&site),
        );
    }
}
