//! Building the index files (format described in `mod.rs`).

use std::cmp::Reverse;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::site::Site;

use super::layout::{DOC_BLOCK, content_name, doc_path, shard_path, shard_starts};
use super::postings::{Postings, encode_postings, js_order};
use super::segment::{STOP_WORDS, with_thread_cache};
use super::terms::{Terms, tokens_of};
// Where they were before `terms.rs` held them (the search tests use them here).
pub use super::terms::{DocWords, doc_words};
use super::text::{DocText, doc_text};

/// Version of the file format (search.js checks it).
pub const FORMAT: u32 = 2;

/// Posting flags: the term is a whole word of the title, the fields or the body…
pub const TITLE: u8 = 1;
pub const FIELDS: u8 = 2;
pub const BODY: u8 = 4;
/// …or a sub-word (a dictionary word inside a longer word) there: `flag << SUB`.
pub const SUB: u8 = 3;

/// The index: the manifest, every other file (shards and documents, relative to the index
/// folder), and a few counts.
#[derive(Debug, Default)]
pub struct Index {
    pub manifest: Vec<u8>,
    pub files: Vec<(String, Vec<u8>)>,
    pub docs: usize,
    pub terms: usize,
    pub shards: usize,
}

/// How much a kind's records stand on their own, 0–3: among equal matches, a plan comes before
/// policies, reports and services, then notices and news, then a plan's projects (the browser
/// multiplies a score by 1 + 0.04 × prior, which never outweighs a better kind of match).
pub fn prior(kind: Kind) -> u8 {
    match kind {
        Kind::Plan => 3,
        Kind::Announcement | Kind::Report | Kind::Service | Kind::Page => 2,
        Kind::Procurement | Kind::News | Kind::Complaints | Kind::Person => 1,
        Kind::Project => 0,
    }
}

/// The record indexes in index order: kind, fiscal year (newest first), date (newest first).
/// Each (kind, fiscal year) is then one range of document numbers.
pub fn doc_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.records.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let r = &site.records[i];
            (
                r.kind,
                Reverse(r.fiscal_year),
                Reverse(r.meta.date),
                &r.slug,
            )
        };
        key(a).cmp(&key(b))
    });
    order
}

/// Each (kind, fiscal year) of the documents in index `order`: `[kind, fiscal year, first
/// document, count]`.
fn groups(site: &Site, order: &[usize]) -> Vec<[i64; 4]> {
    let mut groups: Vec<[i64; 4]> = Vec::new();
    for (doc, &i) in order.iter().enumerate() {
        let r = &site.records[i];
        let k = Kind::ALL.iter().position(|x| *x == r.kind).unwrap_or(0) as i64;
        let fy = i64::from(r.fiscal_year);
        match groups.last_mut() {
            Some(g) if g[0] == k && g[1] == fy => g[3] += 1,
            _ => groups.push([k, fy, doc as i64, 1]),
        }
    }
    groups
}

/// The document file of record `i`, whose excerpt is `excerpt`.
pub fn doc_json(site: &Site, i: usize, excerpt: &str) -> Vec<u8> {
    let r = &site.records[i];
    let v = json!({
        "t": r.meta.title,
        "u": site.paths.get(i).map_or("", String::as_str),
        "d": r.meta.date.iso(),
        "x": excerpt,
    });
    v.to_string().into_bytes()
}

/// The manifest of an index of the documents in index `order`, with shards starting at
/// `firsts` named `shard_ids` and document blocks named `blocks`.
pub fn manifest(
    site: &Site,
    order: &[usize],
    firsts: &[&str],
    shard_ids: &[&str],
    blocks: &[String],
) -> Vec<u8> {
    let kinds: Vec<Value> = Kind::ALL
        .iter()
        .map(|&k| json!([k.name(), k.label(), prior(k)]))
        .collect();
    let digits = match site.config.site.digits {
        crate::thai::Digits::Thai => "thai",
        crate::thai::Digits::Arabic => "arabic",
    };
    let meta = json!({
        "format": FORMAT,
        "n": order.len(),
        "kinds": kinds,
        "groups": groups(site, order),
        "shards": firsts,
        "shard_ids": shard_ids,
        "doc_block": DOC_BLOCK,
        "doc_ids": blocks,
        "stop": STOP_WORDS,
        "digits": digits,
    });
    meta.to_string().into_bytes()
}

/// Build the whole index of a site.
pub fn build(site: &Site) -> Index {
    let laps = crate::cputime::Laps::start();
    let order = doc_order(site);
    let texts: Vec<DocText> = order.par_iter().map(|&i| doc_text(site, i)).collect();
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
    // Each task gathers the postings of the term numbers equal to its own modulo the number of
    // tasks, going through the documents in order.
    let tasks = rayon::current_num_threads().max(1);
    let n = terms.names.len();
    let mut parts: Vec<Vec<Postings>> = (0..tasks)
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
            mine
        })
        .collect();
    drop(per_doc);
    let mut terms: Vec<(Arc<str>, Postings)> = terms
        .names
        .into_iter()
        .enumerate()
        .map(|(id, name)| {
            let p = parts
                .get_mut(id % tasks)
                .and_then(|part| part.get_mut(id / tasks))
                .map(std::mem::take)
                .unwrap_or_default();
            (name, p)
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    laps.lap("search: postings");
    terms.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));
    laps.lap("search: sort");
    let lines: Vec<String> = terms
        .par_iter()
        .map(|(t, p)| format!("{t}\t{}\n", encode_postings(p)))
        .collect();
    let sized: Vec<(&str, usize)> = terms
        .iter()
        .zip(&lines)
        .map(|((t, _), l)| (&**t, l.len()))
        .collect();
    let starts = shard_starts(&sized);
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([lines.len()])
        .collect();
    // The first shard starts from the empty string (search.js bisects these).
    let firsts: Vec<&str> = starts
        .iter()
        .map(|&i| if i == 0 { "" } else { sized[i].0 })
        .collect();
    let shards: Vec<(String, Vec<u8>)> = starts
        .par_iter()
        .zip(&ends)
        .map(|(&a, &b)| {
            let text = lines[a..b].concat().into_bytes();
            (content_name(&[&text]), text)
        })
        .collect();
    laps.lap("search: shards");
    let docs: Vec<Vec<u8>> = order
        .par_iter()
        .zip(texts.par_iter())
        .map(|(&i, text)| doc_json(site, i, &text.excerpt))
        .collect();
    let blocks: Vec<String> = docs
        .par_chunks(DOC_BLOCK)
        .map(|b| content_name(&b.iter().map(Vec::as_slice).collect::<Vec<_>>()))
        .collect();
    laps.lap("search: docs");
    let shard_ids: Vec<&str> = shards.iter().map(|(n, _)| n.as_str()).collect();
    let manifest = manifest(site, &order, &firsts, &shard_ids, &blocks);
    let shard_count = shards.len();
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(order.len() + shard_count);
    files.extend(shards.into_iter().map(|(n, s)| (shard_path(&n), s)));
    files.extend(docs.into_iter().enumerate().map(|(n, d)| {
        let block = blocks.get(n / DOC_BLOCK).map_or("", String::as_str);
        (doc_path(n, block), d)
    }));
    Index {
        manifest,
        files,
        docs: order.len(),
        terms: terms.len(),
        shards: shard_count,
    }
}
