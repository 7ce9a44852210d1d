//! The index's files (format described in `mod.rs`): what the manifest and the documents
//! hold, in which order; the steps that make a whole index are [`Live::new`]'s.

use std::cmp::Reverse;

use serde_json::{Value, json};

use crate::content::Kind;
use crate::site::Site;

use super::layout::DOC_BLOCK;
use super::live::Live;
use super::segment::STOP_WORDS;
// Where they were before `terms.rs` held them (the search tests use them here).
pub use super::terms::{DocWords, doc_words};

/// Version of the file format (search.js checks it).
pub const FORMAT: u32 = 2;

/// Posting flags: the term is a whole word of the title, the fields or the body…
pub const TITLE: u8 = 1;
pub const FIELDS: u8 = 2;
pub const BODY: u8 = 4;
/// …or a sub-word (a dictionary word inside a longer word) there: `flag << SUB`.
pub const SUB: u8 = 3;

/// The index: the manifest and its site path (`search/<version>.json`), every other file
/// (shards and documents, relative to the index folder), and a few counts.
#[derive(Debug, Default)]
pub struct Index {
    pub manifest: Vec<u8>,
    pub manifest_path: String,
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

/// Build the whole index of a site: the index `serve` keeps ([`Live::new`]), as files.
pub fn build(site: &Site) -> Index {
    Live::new(site).into_index()
}
