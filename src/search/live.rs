//! The search index `serve` keeps in memory and brings up to date after a save, instead of
//! building it again from every record (a second of CPU at 10,000 records).
//!
//! A document is made again only when its record changed (another `Arc`) or moved to another
//! path: its text is segmented, its new terms numbered ([`Terms::add`]), and only the posting
//! lists of the terms it had or has are read back, changed and written again. When documents
//! are added, removed or reordered, the document numbers after the change shift: then every
//! posting list is renumbered (no text is segmented again). The files are cut and named in
//! `live_files.rs`: shards as a build cuts them, a shard whose range of terms is the same as
//! before and holds no changed term keeping its name without being hashed again, and the
//! manifest named by a hash of its own bytes ([`super::manifest_path`]). Whatever was changed,
//! the files are those a build writes, byte for byte (the tests below and `tests/it/serve.rs`
//! check it): `index::build` is [`Live::new`] given out as files, so the steps of a whole index
//! are written once.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::Record;
use crate::site::Site;
use crate::thai::Digits;

use super::index::{doc_json, doc_order};
use super::postings::{Postings, decode_postings, encode_postings, js_order};
use super::segment::with_thread_cache;
use super::terms::{DocWords, Terms, doc_words, tokens_of};
use super::text::{DocText, record_text};

/// One document of the index.
struct Doc {
    /// Kept so that a record is known by its pointer: alive here, it is never reused.
    record: Arc<Record>,
    path: String,
    /// Its file `d/<n>-<block>.json`.
    json: Vec<u8>,
}

/// A shard, known by its range of terms: the first term's number (`None` for the first shard,
/// which starts from the empty string) and the next shard's first term (`None` for the last).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Range(Option<u32>, Option<u32>);

struct Shard {
    range: Range,
    /// Positions in `Live::sorted` of its first term and of the term after its last.
    start: usize,
    end: usize,
    name: String,
}

/// The index of a site, kept between saves.
pub struct Live {
    digits: Digits,
    terms: Terms,
    /// In index order.
    docs: Vec<Doc>,
    /// The posting list of each term, encoded, by term number (empty when no document has it).
    postings: Vec<String>,
    /// The numbers of the terms some document has, in JavaScript string order.
    sorted: Vec<u32>,
    shards: Vec<Shard>,
    /// The name of each block of `DOC_BLOCK` documents.
    blocks: Vec<String>,
    manifest_path: String,
    manifest: Vec<u8>,
}

/// What a document adds: its number and flags, by term.
type Added = FxHashMap<u32, Postings>;

impl Live {
    /// The index of `site`, made whole: what `index::build` writes, too. With `PRONGSAI_TRACE`
    /// set, the time of each step is printed.
    pub fn new(site: &Site) -> Live {
        let laps = crate::cputime::Laps::start();
        let digits = site.config.site.digits;
        let order = doc_order(site);
        let texts: Vec<DocText> = order
            .par_iter()
            .map(|&i| record_text(&site.records[i], digits))
            .collect();
        let words: Vec<DocWords> = texts
            .par_iter()
            .map(|t| with_thread_cache(|c| doc_words(t, c)))
            .collect();
        laps.lap("search: texts and words");
        // Sub-words once per distinct token of the site, not once per occurrence.
        let tokens = tokens_of(&words);
        laps.lap("search: tokens");
        let terms = Terms::new(&words, tokens);
        let per_doc: Vec<Vec<(u32, u8)>> = words.par_iter().map(|w| terms.of(w)).collect();
        drop(words);
        laps.lap("search: doc terms");
        let postings = gather_postings(&per_doc, terms.names.len());
        drop(per_doc);
        laps.lap("search: postings");
        let mut sorted: Vec<u32> = (0..postings.len() as u32)
            .filter(|&id| !postings[id as usize].is_empty())
            .collect();
        let names = &terms.names;
        sorted.par_sort_unstable_by(|&a, &b| js_order(&names[a as usize], &names[b as usize]));
        laps.lap("search: sort");
        let docs = order
            .par_iter()
            .zip(&texts)
            .map(|(&i, t)| Doc {
                record: site.records[i].clone(),
                path: site.paths.get(i).cloned().unwrap_or_default(),
                json: doc_json(site, i, &t.excerpt),
            })
            .collect();
        drop(texts);
        laps.lap("search: docs");
        let mut live = Live {
            digits,
            terms,
            docs,
            postings,
            sorted,
            shards: Vec::new(),
            blocks: Vec::new(),
            manifest_path: String::new(),
            manifest: Vec::new(),
        };
        live.finish(site, &order, None, &[]);
        laps.lap("search: shards, blocks and manifest");
        live
    }

    /// Bring the index up to date with `site`, the next model of the same site folder.
    pub fn update(&mut self, site: &Site) {
        if site.config.site.digits != self.digits {
            *self = Live::new(site);
            return;
        }
        let order = doc_order(site);
        let was: FxHashMap<*const Record, usize> = self
            .docs
            .iter()
            .enumerate()
            .map(|(o, d)| (Arc::as_ptr(&d.record), o))
            .collect();
        // The new number of each old document that is still the same, and the new ones.
        let mut renumber: Vec<Option<u32>> = vec![None; self.docs.len()];
        let mut fresh: Vec<u32> = Vec::new();
        for (n, &i) in order.iter().enumerate() {
            let path = site.paths.get(i).map_or("", String::as_str);
            match was.get(&Arc::as_ptr(&site.records[i])) {
                Some(&o) if self.docs[o].path == path => renumber[o] = Some(n as u32),
                _ => fresh.push(n as u32),
            }
        }
        let shifted = renumber
            .iter()
            .enumerate()
            .any(|(o, n)| n.is_some_and(|n| n as usize != o));
        let gone: Vec<usize> = (0..renumber.len())
            .filter(|&o| renumber[o].is_none())
            .collect();
        let texts: Vec<DocText> = fresh
            .par_iter()
            .map(|&n| record_text(&site.records[order[n as usize]], self.digits))
            .collect();
        let words: Vec<DocWords> = texts
            .par_iter()
            .map(|t| with_thread_cache(|c| doc_words(t, c)))
            .collect();
        self.terms.add(&words);
        self.postings.resize(self.terms.names.len(), String::new());
        let mut added: Added = FxHashMap::default();
        let fresh_terms: Vec<Vec<(u32, u8)>> = words.par_iter().map(|w| self.terms.of(w)).collect();
        for (&n, ts) in fresh.iter().zip(&fresh_terms) {
            for &(id, f) in ts {
                added.entry(id).or_default().push((n, f));
            }
        }
        let changed = if shifted {
            self.renumber_all(&renumber, &added)
        } else {
            self.change_some(&gone, &added)
        };
        // The documents in their new order: kept ones moved, new ones made.
        let mut old: Vec<Option<Doc>> = std::mem::take(&mut self.docs)
            .into_iter()
            .map(Some)
            .collect();
        let mut from: Vec<Option<usize>> = vec![None; order.len()];
        for (o, n) in renumber.iter().enumerate() {
            if let Some(n) = n {
                from[*n as usize] = Some(o);
            }
        }
        let mut made = fresh.iter().zip(&texts);
        let mut next_made = made.next();
        let mut docs = Vec::with_capacity(order.len());
        for (n, &i) in order.iter().enumerate() {
            if let Some(doc) = from[n].and_then(|o| old[o].take()) {
                docs.push(doc);
                continue;
            }
            let excerpt = match next_made {
                Some((&m, t)) if m as usize == n => {
                    next_made = made.next();
                    t.excerpt.as_str()
                }
                _ => "",
            };
            docs.push(Doc {
                record: site.records[i].clone(),
                path: site.paths.get(i).cloned().unwrap_or_default(),
                json: doc_json(site, i, excerpt),
            });
        }
        self.docs = docs;
        let old_len = old.len();
        drop(old);
        // Blocks whose documents are all where they were, and as many, keep their names.
        let same: Vec<bool> = (0..order.len()).map(|n| from[n] == Some(n)).collect();
        let dirty_terms = self.apply(changed);
        self.finish(site, &order, Some((&same, old_len)), &dirty_terms);
    }

    /// The posting lists of the terms of the `gone` documents and of the new ones, changed in
    /// place (document numbers did not shift): the new text of each list that changed.
    fn change_some(&self, gone: &[usize], added: &Added) -> Vec<(u32, String)> {
        let gone_terms: Vec<Vec<(u32, u8)>> = gone
            .par_iter()
            .map(|&o| {
                let t = record_text(&self.docs[o].record, self.digits);
                let w = with_thread_cache(|c| doc_words(&t, c));
                self.terms.of(&w)
            })
            .collect();
        let gone_docs: FxHashSet<u32> = gone.iter().map(|&o| o as u32).collect();
        let mut removed: Added = FxHashMap::default();
        for (&o, ts) in gone.iter().zip(&gone_terms) {
            for &(id, f) in ts {
                removed.entry(id).or_default().push((o as u32, f));
            }
        }
        // A record saved again keeps its number: the terms it has with the same flags as before
        // (most of them, with common words in thousands of documents) keep their list.
        let differs = |id: &u32| {
            let sorted = |m: &Added| {
                let mut v = m.get(id).cloned().unwrap_or_default();
                v.sort_unstable();
                v
            };
            sorted(&removed) != sorted(added)
        };
        let mut touched: FxHashSet<u32> = added.keys().copied().filter(differs).collect();
        touched.extend(removed.keys().copied().filter(differs));
        let touched: Vec<u32> = touched.into_iter().collect();
        touched
            .par_iter()
            .filter_map(|&id| {
                let old = &self.postings[id as usize];
                let mut p = decode_postings(old);
                p.retain(|(d, _)| !gone_docs.contains(d));
                self.merged(id, p, added, old)
            })
            .collect()
    }

    /// Every posting list renumbered (`renumber`: the new number of each old document, `None`
    /// for those gone), with the new documents added: the new text of each list that changed.
    fn renumber_all(&self, renumber: &[Option<u32>], added: &Added) -> Vec<(u32, String)> {
        let mut ids: Vec<u32> = self.sorted.clone();
        ids.extend(
            added
                .keys()
                .filter(|&&id| self.postings[id as usize].is_empty()),
        );
        ids.par_iter()
            .filter_map(|&id| {
                let old = &self.postings[id as usize];
                let p: Postings = decode_postings(old)
                    .into_iter()
                    .filter_map(|(d, f)| Some((renumber.get(d as usize).copied().flatten()?, f)))
                    .collect();
                self.merged(id, p, added, old)
            })
            .collect()
    }

    /// `p` with the new documents of term `id`, encoded, unless it is `old`.
    fn merged(&self, id: u32, mut p: Postings, added: &Added, old: &str) -> Option<(u32, String)> {
        if let Some(a) = added.get(&id) {
            p.extend_from_slice(a);
        }
        p.sort_unstable_by_key(|&(d, _)| d);
        let new = encode_postings(&p);
        (new != old).then_some((id, new))
    }

    /// Put the changed posting lists in place and keep `sorted` in order; the changed terms, in
    /// JavaScript string order.
    fn apply(&mut self, changed: Vec<(u32, String)>) -> Vec<u32> {
        let mut left: FxHashSet<u32> = FxHashSet::default();
        let mut came: Vec<u32> = Vec::new();
        let mut dirty: Vec<u32> = Vec::with_capacity(changed.len());
        for (id, text) in changed {
            let slot = &mut self.postings[id as usize];
            match (slot.is_empty(), text.is_empty()) {
                (false, true) => {
                    left.insert(id);
                }
                (true, false) => came.push(id),
                _ => {}
            }
            *slot = text;
            dirty.push(id);
        }
        let names = &self.terms.names;
        let order = |a: &u32, b: &u32| js_order(&names[*a as usize], &names[*b as usize]);
        if !left.is_empty() {
            self.sorted.retain(|id| !left.contains(id));
        }
        if came.len() > 1000 {
            self.sorted.extend(came);
            self.sorted.par_sort_unstable_by(order);
        } else {
            for id in came {
                let at = self.sorted.partition_point(|x| order(x, &id).is_lt());
                self.sorted.insert(at, id);
            }
        }
        dirty.par_sort_unstable_by(order);
        dirty
    }
}

/// The encoded posting list of each of `n` terms, from the terms of each document (`per_doc`,
/// in index order). Each task gathers and encodes the lists of the term numbers equal to its
/// own modulo the number of tasks, going through the documents in order.
fn gather_postings(per_doc: &[Vec<(u32, u8)>], n: usize) -> Vec<String> {
    let tasks = rayon::current_num_threads().max(1);
    let mut parts: Vec<Vec<String>> = (0..tasks)
        .into_par_iter()
        .map(|b| {
            let mut mine: Vec<Postings> = vec![Vec::new(); n / tasks + 1];
            for (doc, ts) in per_doc.iter().enumerate() {
                let doc = u32::try_from(doc).unwrap_or(u32::MAX);
                for &(id, f) in ts {
                    let id = id as usize;
                    if id % tasks == b {
                        mine[id / tasks].push((doc, f));
                    }
                }
            }
            mine.iter().map(|p| encode_postings(p)).collect()
        })
        .collect();
    (0..n)
        .map(|id| {
            parts
                .get_mut(id % tasks)
                .and_then(|part| part.get_mut(id / tasks))
                .map(std::mem::take)
                .unwrap_or_default()
        })
        .collect()
}

#[path = "live_files.rs"]
mod files;

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
