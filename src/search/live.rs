//! The search index `serve` keeps in memory and brings up to date after a save, instead of
//! building it again from every record (a second of CPU at 10,000 records).
//!
//! A document is made again only when its record changed (another `Arc`) or moved to another
//! path: its text is segmented, its new terms numbered ([`Terms::add`]), and only the posting
//! lists of the terms it had or has are read back, changed and written again. When documents
//! are added, removed or reordered, the document numbers after the change shift: then every
//! posting list is renumbered (no text is segmented again). Shards are cut as a build cuts them
//! ([`shard_starts`]); a shard whose range of terms is the same as before and holds no changed
//! term keeps its name without being hashed again. The manifest's version hash is kept as the
//! state of the hash before each record, so only the records from the first changed one on are
//! hashed again. Whatever was changed, the files are those `index::build` writes, byte for byte
//! (the tests below and `tests/serve.rs` check it).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::Record;
use crate::site::Site;
use crate::thai::Digits;

use super::PAGE;
use super::index::{doc_json, doc_order, manifest};
use super::layout::{DOC_BLOCK, content_name, doc_path, shard_path, shard_starts};
use super::postings::{Postings, decode_postings, encode_postings, js_order};
use super::segment::with_thread_cache;
use super::terms::{DocWords, Terms, doc_words, tokens_of};
use super::text::{DocText, record_text};
use super::version::Version;

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
    version: Version,
    manifest_path: String,
    manifest: Vec<u8>,
}

/// What a document adds: its number and flags, by term.
type Added = FxHashMap<u32, Postings>;

impl Live {
    /// The index of `site`, made whole (the same steps as `index::build`, whose results are kept).
    pub fn new(site: &Site) -> Live {
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
        let terms = Terms::new(&words, tokens_of(&words));
        let per_doc: Vec<Vec<(u32, u8)>> = words.par_iter().map(|w| terms.of(w)).collect();
        drop(words);
        let mut lists: Vec<Postings> = vec![Vec::new(); terms.names.len()];
        for (doc, ts) in per_doc.iter().enumerate() {
            for &(id, f) in ts {
                lists[id as usize].push((doc as u32, f));
            }
        }
        drop(per_doc);
        let postings: Vec<String> = lists.par_iter().map(|p| encode_postings(p)).collect();
        drop(lists);
        let docs = order
            .par_iter()
            .zip(&texts)
            .map(|(&i, t)| Doc {
                record: site.records[i].clone(),
                path: site.paths.get(i).cloned().unwrap_or_default(),
                json: doc_json(site, i, &t.excerpt),
            })
            .collect();
        let mut live = Live {
            digits,
            terms,
            docs,
            postings,
            sorted: Vec::new(),
            shards: Vec::new(),
            blocks: Vec::new(),
            version: Version::default(),
            manifest_path: String::new(),
            manifest: Vec::new(),
        };
        live.sorted = (0..live.postings.len() as u32)
            .filter(|&id| !live.postings[id as usize].is_empty())
            .collect();
        let names = &live.terms.names;
        live.sorted
            .par_sort_unstable_by(|&a, &b| js_order(&names[a as usize], &names[b as usize]));
        live.finish(site, &order, None, &[]);
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

    /// Cut the shards, name the blocks and make the manifest. `same`: whether each document is
    /// the one that had its number before, and how many documents there were (`None`: name
    /// every block); `dirty`: the terms whose posting list changed, in JavaScript string order.
    fn finish(
        &mut self,
        site: &Site,
        order: &[usize],
        same: Option<(&[bool], usize)>,
        dirty: &[u32],
    ) {
        let names = &self.terms.names;
        let sized: Vec<(&str, usize)> = self
            .sorted
            .iter()
            .map(|&id| {
                let name = &names[id as usize];
                (&**name, name.len() + self.postings[id as usize].len() + 2)
            })
            .collect();
        let starts = shard_starts(&sized);
        let old: HashMap<Range, &str> = self
            .shards
            .iter()
            .map(|s| (s.range.clone(), s.name.as_str()))
            .collect();
        let n = self.sorted.len();
        let shards: Vec<Shard> = starts
            .par_iter()
            .enumerate()
            .map(|(j, &start)| {
                let end = starts.get(j + 1).copied().unwrap_or(n);
                let range = Range(
                    (start > 0).then(|| self.sorted[start]),
                    self.sorted.get(end).copied(),
                );
                let kept = same
                    .is_some()
                    .then(|| old.get(&range))
                    .flatten()
                    .filter(|_| !self.holds_dirty(&range, dirty));
                let name = match kept {
                    Some(name) => name.to_string(),
                    None => content_name(&[&self.shard_text(start, end)]),
                };
                Shard {
                    range,
                    start,
                    end,
                    name,
                }
            })
            .collect();
        self.shards = shards;
        let count = |len: usize, b: usize| len.saturating_sub(b * DOC_BLOCK).min(DOC_BLOCK);
        let docs = &self.docs;
        let old_blocks = &self.blocks;
        self.blocks = docs
            .par_chunks(DOC_BLOCK)
            .enumerate()
            .map(|(b, chunk)| {
                let kept = same.and_then(|(same, old_len)| {
                    let range = b * DOC_BLOCK..b * DOC_BLOCK + chunk.len();
                    let whole = count(old_len, b) == chunk.len() && same[range].iter().all(|&s| s);
                    whole.then(|| old_blocks.get(b).cloned()).flatten()
                });
                kept.unwrap_or_else(|| {
                    content_name(&chunk.iter().map(|d| d.json.as_slice()).collect::<Vec<_>>())
                })
            })
            .collect();
        self.manifest_path = format!("{PAGE}{}.json", self.version.update(site));
        let firsts: Vec<&str> = self
            .shards
            .iter()
            .map(|s| s.range.0.map_or("", |id| &*self.terms.names[id as usize]))
            .collect();
        let ids: Vec<&str> = self.shards.iter().map(|s| s.name.as_str()).collect();
        self.manifest = manifest(site, order, &firsts, &ids, &self.blocks);
    }

    /// Whether a changed term falls in the shard `range` (`dirty` in JavaScript string order).
    fn holds_dirty(&self, range: &Range, dirty: &[u32]) -> bool {
        let name = |id: u32| &*self.terms.names[id as usize];
        let from = match range.0 {
            None => 0,
            Some(first) => dirty.partition_point(|&d| js_order(name(d), name(first)).is_lt()),
        };
        dirty.get(from).is_some_and(|&d| match range.1 {
            None => true,
            Some(next) => js_order(name(d), name(next)).is_lt(),
        })
    }

    /// The text of the shard of the terms at `start..end` of `sorted`.
    fn shard_text(&self, start: usize, end: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for &id in &self.sorted[start..end] {
            out.extend_from_slice(self.terms.names[id as usize].as_bytes());
            out.push(b'\t');
            out.extend_from_slice(self.postings[id as usize].as_bytes());
            out.push(b'\n');
        }
        out
    }

    /// The site path of the manifest (`search/<version>.json`).
    pub fn manifest_path(&self) -> &str {
        &self.manifest_path
    }

    /// Every file of the index, as paths in the output (`search/…`), the manifest first; with
    /// the bytes of those `want` asks for (the others are left as they are on disk: every path
    /// but the manifest's names its content).
    pub fn files(&self, want: &(dyn Fn(&str) -> bool + Sync)) -> Vec<(String, Option<Vec<u8>>)> {
        let mut out = Vec::with_capacity(1 + self.shards.len() + self.docs.len());
        let manifest = self.manifest_path.clone();
        let bytes = want(&manifest).then(|| self.manifest.clone());
        out.push((manifest, bytes));
        out.par_extend(self.shards.par_iter().map(|s| {
            let path = format!("{PAGE}{}", shard_path(&s.name));
            let bytes = want(&path).then(|| self.shard_text(s.start, s.end));
            (path, bytes)
        }));
        out.par_extend(self.docs.par_iter().enumerate().map(|(n, d)| {
            let block = self.blocks.get(n / DOC_BLOCK).map_or("", String::as_str);
            let path = format!("{PAGE}{}", doc_path(n, block));
            let bytes = want(&path).then(|| d.json.clone());
            (path, bytes)
        }));
        out
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
