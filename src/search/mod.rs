//! Site search that works on any static host: an index built at build time with Thai word
//! segmentation, written as small static files that the search page (`/search/`, script
//! `assets/search.js`) fetches only as a query needs them.
//!
//! # Files (under `search/`)
//! - `<version>.json` — the manifest, the one file the search page names (`data-index`); the
//!   version is a hash of the manifest, which names every other file by a hash of its content
//!   ([`manifest_path`]), so a cached page never mixes with a newer index.
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

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::site::Site;
use crate::thai::Digits;

pub use index::{Index, build};
pub use normalise::{fold, term};
pub use segment::query_terms;

/// The site path of the search page, under which the index's files go.
pub use crate::site::pages::SEARCH_PAGE as PAGE;

/// The site path of the manifest `manifest` of an index on a site that prints numbers with
/// `digits`: `search/<version>.json`, the version being 12 hex digits of a SHA-256 over the
/// program's version, the file format, the dictionary's size and the digits setting, then the
/// manifest's bytes. Every other file of the index is named by a hash of its content (see
/// [`layout`]) and the manifest lists them all, so the version changes exactly when what the
/// index holds changes (a record field the index does not hold leaves it as it was). The
/// manifest does not hold its own name, so it can be hashed whole.
pub fn manifest_path(digits: Digits, manifest: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "prongsai {} format {} dict {}\n",
        env!("CARGO_PKG_VERSION"),
        index::FORMAT,
        segment::STOP_WORDS.len()
    ));
    h.update(format!("{digits:?}\n"));
    h.update(manifest);
    format!("{PAGE}{}.json", crate::digest::hex(&h.finalize()[..6]))
}

/// What `check` hands the search page as the manifest's path: `check` writes nothing and
/// builds no index (a second of CPU at 10,000 records) to name a file nobody reads; the page
/// only prints the path, which no check reads (the link check takes links from records, and
/// leaves the index's files out: their names come from their content).
pub fn unbuilt_manifest_path() -> String {
    format!("{PAGE}000000000000.json")
}

/// The index files, with their paths in the output (`search/…`), the manifest first; and the
/// manifest's path ([`manifest_path`]), which the search page names. The output stage writes
/// them beside the pages. With `PRONGSAI_TRACE` set, the time of each step of the index is
/// printed.
pub fn files(site: &Site) -> (String, Vec<(String, Vec<u8>)>) {
    let index = build(site);
    let mut out = Vec::with_capacity(index.files.len() + 1);
    out.push((index.manifest_path.clone(), index.manifest));
    out.par_extend(
        index
            .files
            .into_par_iter()
            .map(|(name, bytes)| (format!("{PAGE}{name}"), bytes)),
    );
    (index.manifest_path, out)
}
