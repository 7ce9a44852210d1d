//! The files of the index `serve` keeps ([`Live`]): its posting lists cut into shards as a build
//! cuts them, its documents into named blocks, and the manifest, named by a hash of its bytes.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::site::Site;

use super::{Live, Range, Shard};
use crate::search::index::{Index, manifest};
use crate::search::layout::{DOC_BLOCK, content_name, doc_path, shard_path, shard_starts};
use crate::search::postings::js_order;
use crate::search::{PAGE, manifest_path};

impl Live {
    /// Cut the shards, name the blocks and make the manifest. `same`: whether each document is
    /// the one that had its number before, and how many documents there were (`None`: name
    /// every block); `dirty`: the terms whose posting list changed, in JavaScript string order.
    pub(super) fn finish(
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
        let firsts: Vec<&str> = self
            .shards
            .iter()
            .map(|s| s.range.0.map_or("", |id| &*self.terms.names[id as usize]))
            .collect();
        let ids: Vec<&str> = self.shards.iter().map(|s| s.name.as_str()).collect();
        self.manifest = manifest(site, order, &firsts, &ids, &self.blocks);
        self.manifest_path = manifest_path(self.digits, &self.manifest);
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
    /// The index as the files a build writes (the manifest apart), taking the documents' bytes.
    pub fn into_index(self) -> Index {
        let (docs, terms, shards) = (self.docs.len(), self.sorted.len(), self.shards.len());
        let mut files = Vec::with_capacity(self.shards.len() + self.docs.len());
        files.par_extend(
            self.shards
                .par_iter()
                .map(|s| (shard_path(&s.name), self.shard_text(s.start, s.end))),
        );
        let blocks = &self.blocks;
        files.par_extend(self.docs.into_par_iter().enumerate().map(|(n, d)| {
            let block = blocks.get(n / DOC_BLOCK).map_or("", String::as_str);
            (doc_path(n, block), d.json)
        }));
        Index {
            manifest: self.manifest,
            manifest_path: self.manifest_path,
            files,
            docs,
            terms,
            shards,
        }
    }
}
