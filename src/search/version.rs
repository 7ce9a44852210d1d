//! The version of the index (the name of its manifest) as `serve` keeps it: a SHA-256 over
//! every record in site order ([`super::version`]), kept as the state of the hash before each
//! record, with each record's JSON. After a save only the records from the first changed one on
//! are hashed again, from their kept JSON (serializing them took most of the index's update).

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sha2::Sha256;

use crate::content::Record;
use crate::site::Site;

use super::{version_add_serialized, version_name, version_start};

/// A record to hash into the version: the record, its path and its JSON.
type Hashed<'a> = (&'a Arc<Record>, &'a str, Arc<[u8]>);

#[derive(Default)]
pub struct Version {
    /// The records and paths hashed, in site order, with each record as JSON…
    hashed: Vec<(Arc<Record>, String, Arc<[u8]>)>,
    /// …and the hash before each of them (one more: after the last).
    states: Vec<Sha256>,
}

impl Version {
    /// The version of `site` (the manifest's name), hashed again from the first record that
    /// changed since the last call.
    pub fn update(&mut self, site: &Site) -> String {
        let paths = site
            .paths
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat(""));
        let first = self
            .hashed
            .iter()
            .zip(site.records.iter().zip(paths))
            .position(|((r, p, _), (s, q))| !Arc::ptr_eq(r, s) || p != q)
            .unwrap_or(self.hashed.len().min(site.records.len()));
        if self.states.is_empty() {
            self.states.push(version_start(site));
        }
        self.states.truncate(first + 1);
        // The records after the first changed one, by pointer (kept alive while the map is).
        let known: FxHashMap<usize, (Arc<Record>, Arc<[u8]>)> = self
            .hashed
            .drain(first..)
            .map(|(r, _, json)| (Arc::as_ptr(&r) as usize, (r, json)))
            .collect();
        let tail: Vec<Hashed<'_>> = site.records[first..]
            .par_iter()
            .enumerate()
            .map(|(k, r)| {
                let path = site.paths.get(first + k).map_or("", String::as_str);
                let json = match known.get(&(Arc::as_ptr(r) as usize)) {
                    Some((_, j)) => j.clone(),
                    None => Arc::from(serde_json::to_vec(&**r).unwrap_or_default()),
                };
                (r, path, json)
            })
            .collect();
        let mut h = self.states[first].clone();
        for (r, path, json) in tail {
            version_add_serialized(&mut h, r, path, &json);
            self.states.push(h.clone());
            self.hashed.push((r.clone(), path.to_string(), json));
        }
        version_name(h)
    }
}
