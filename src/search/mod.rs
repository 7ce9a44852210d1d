//! Site search that works on any static host: an index built at build time with Thai word
//! segmentation, written as small static files that the search page (`/search/`, script
//! `assets/search.js`) fetches only as a query needs them.
//!
//! # Files (under `search/`)
//! - `<version>.json` — the manifest, the one file the search page names (`data-index`); the
//!   version is a hash of the indexed content, so a cached page never mixes with a newer index.
//!   It holds `format`, `n` (documents), `kinds` (`[name, label, prior]` in `Kind::ALL` order,
//!   see `index::prior`), `groups` (`[kind, fiscal year, first document, count]`: documents are
//!   numbered by kind, then fiscal year and date, newest first, so a kind and a year are a
//!   range), `shards` (the first term of each shard) and `shard_ids` (its file name),
//!   `doc_block` and `doc_ids` (the name of each block of that many documents), `stop` (stop
//!   words), `digits` (`thai` | `arabic`).
//! - `s/<id>.txt` — a shard: lines `term TAB postings`, terms sorted in JavaScript string order.
//!   Postings are base-64 characters: per document, the gap from the previous document number as
//!   a varint (5 bits a character, most significant first, 32 = more follows) and one character
//!   of flags: whole word in title 1, fields 2, body 4; sub-word (inside a longer word) there 8,
//!   16, 32.
//! - `d/<n>-<block id>.json` — document n: `t` title, `u` path under the base, `d` ISO date,
//!   `x` excerpt.
//!
//! Shard and block ids are hashes of their content and shard boundaries depend on the terms
//! (see [`layout`]), so after a small change most files keep their path and bytes: `serve`
//! rewrites only those that changed, and the manifest.
//!
//! # Terms
//! Text is folded first ([`normalise::fold`]: NFC, sara am, digits, case, ฯ/ๆ), then segmented
//! by nlpo3; each word is a term, and so are the dictionary words inside it (sub-words, so that
//! `จัดจ้าง` finds `จัดซื้อจัดจ้าง` and `ประมาณ` finds `งบประมาณ`) and, in titles and fields,
//! runs of two or three adjacent words (so that a name the browser keeps whole is found).
//! The browser segments a query with `Intl.Segmenter`, which splits finer than newmm, and joins
//! adjacent pieces back when the joined string is a term (see search.js).

pub mod index;
pub mod layout;
pub mod live;
pub mod normalise;
pub mod postings;
pub mod segment;
pub mod terms;
pub mod text;
mod version;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::site::Site;

pub use index::{Index, build};
pub use normalise::{fold, term};
pub use segment::query_terms;

/// The site path of the search page, under which the index's files go.
pub use crate::site::pages::SEARCH_PAGE as PAGE;

/// A hash of everything the index holds (12 hex digits): the name of its manifest.
pub fn version(site: &Site) -> String {
    let mut h = version_start(site);
    for (r, p) in site.records.iter().zip(&site.paths) {
        version_add(&mut h, r, p);
    }
    version_name(h)
}

/// The hash of [`version`] before the first record.
pub fn version_start(site: &Site) -> Sha256 {
    let mut h = Sha256::new();
    h.update(format!(
        "prongsai {} format {} dict {}\n",
        env!("CARGO_PKG_VERSION"),
        index::FORMAT,
        segment::STOP_WORDS.len()
    ));
    h.update(format!("{:?}\n", site.config.site.digits));
    h
}

/// Add record `r`, at site path `path`, to the hash of [`version`].
pub fn version_add(h: &mut Sha256, r: &crate::content::Record, path: &str) {
    version_add_serialized(h, r, path, &serde_json::to_vec(r).unwrap_or_default());
}

/// [`version_add`] with the record already serialized (`json`).
pub fn version_add_serialized(h: &mut Sha256, r: &crate::content::Record, path: &str, json: &[u8]) {
    h.update(path.as_bytes());
    h.update(json);
    h.update(r.body.as_bytes());
    h.update(b"\n");
}

/// The name [`version`] gives a finished hash.
pub fn version_name(h: Sha256) -> String {
    crate::digest::hex(&h.finalize()[..6])
}

/// The site path of the manifest.
pub fn manifest_path(site: &Site) -> String {
    format!("{PAGE}{}.json", version(site))
}

/// The index files, with their paths in the output (`search/…`), the manifest at `manifest`
/// ([`manifest_path`]). The output stage writes them beside the pages, for `build` and `serve`
/// alike. With `PRONGSAI_TRACE` set, the time of each step of the index is printed.
pub fn files(site: &Site, manifest: &str) -> Vec<(String, Vec<u8>)> {
    let index = build(site);
    let mut out = Vec::with_capacity(index.files.len() + 1);
    out.push((manifest.to_string(), index.manifest));
    out.par_extend(
        index
            .files
            .into_par_iter()
            .map(|(name, bytes)| (format!("{PAGE}{name}"), bytes)),
    );
    out
}
