//! Building the index files (format described in `mod.rs`).

use std::cmp::Reverse;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::site::Site;

use super::layout::{DOC_BLOCK, content_name, doc_path, shard_path, shard_starts};
use super::segment::{RunCache, STOP_WORDS, each_run, is_stop_word, segmenter, with_thread_cache};
use super::text::{DocText, doc_text};

/// Version of the file format (search.js checks it).
pub const FORMAT: u32 = 2;

/// Posting flags: the term is a whole word of the title, the fields or the body…
pub const TITLE: u8 = 1;
pub const FIELDS: u8 = 2;
pub const BODY: u8 = 4;
/// …or a sub-word (a dictionary word inside a longer word) there: `flag << SUB`.
pub const SUB: u8 = 3;

/// Longest run of words joined into one term (title and fields only).
const MAX_JOIN: usize = 3;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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

/// The words of one document before sub-words are added: each folded token with its term and
/// the fields it is in, and the terms that join adjacent words (already final).
#[derive(Debug, Default)]
pub struct DocWords {
    pub tokens: FxHashMap<Arc<str>, (Arc<str>, u8)>,
    pub joins: FxHashMap<Arc<str>, u8>,
}

/// Segment a document's title, fields and body.
pub fn doc_words(text: &DocText, cache: &mut RunCache) -> DocWords {
    let mut w = DocWords::default();
    let mut buf = String::new();
    add_field(&mut w, &text.title, TITLE, true, cache, &mut buf);
    add_field(&mut w, &text.fields, FIELDS, true, cache, &mut buf);
    add_field(&mut w, &text.body, BODY, false, cache, &mut buf);
    w
}

fn add_field(
    w: &mut DocWords,
    text: &str,
    flag: u8,
    joins: bool,
    cache: &mut RunCache,
    buf: &mut String,
) {
    each_run(text, cache, |run| {
        for word in run {
            // Look up before inserting: most tokens repeat, and a hit costs no reference count.
            match w.tokens.get_mut(&*word.token) {
                Some(e) => e.1 |= flag,
                None => {
                    w.tokens
                        .insert(word.token.clone(), (word.term.clone(), flag));
                }
            }
        }
        if !joins {
            return;
        }
        // Words that the browser's segmenter may see as one (names, numbers with a slash).
        for n in 2..=MAX_JOIN {
            for win in run.windows(n) {
                if n == 2 || win.iter().any(|t| t.thai) {
                    buf.clear();
                    for t in win {
                        buf.push_str(&t.term);
                    }
                    match w.joins.get_mut(buf.as_str()) {
                        Some(f) => *f |= flag,
                        None => {
                            w.joins.insert(Arc::from(buf.as_str()), flag);
                        }
                    }
                }
            }
        }
    });
}

/// What a token adds to the terms of a document: its term (unless a stop word) and its
/// sub-words. Made once per distinct token of the site.
#[derive(Debug, Default)]
pub struct TokenTerms {
    /// The token's term, unless it is a stop word.
    whole: Option<Arc<str>>,
    subwords: Vec<Arc<str>>,
}

/// The [`TokenTerms`] of a token with term `term`.
pub fn token_terms(token: &str, term: &Arc<str>) -> TokenTerms {
    TokenTerms {
        whole: (!is_stop_word(term)).then(|| term.clone()),
        subwords: segmenter()
            .subwords(token)
            .into_iter()
            .map(Arc::from)
            .collect(),
    }
}

/// Every term of the site, numbered (in no particular order: the index sorts them by text), and
/// what each token adds to a document as numbers. Documents then hold numbers, not strings: the
/// postings are gathered by number without hashing a term again.
#[derive(Debug, Default)]
struct Terms {
    names: Vec<Arc<str>>,
    ids: FxHashMap<Arc<str>, u32>,
    /// A token's term (unless a stop word) and its sub-words.
    tokens: FxHashMap<Arc<str>, (Option<u32>, Vec<u32>)>,
}

impl Terms {
    fn new(words: &[DocWords], tokens: FxHashMap<Arc<str>, TokenTerms>) -> Terms {
        let mut t = Terms::default();
        let mut by_token = FxHashMap::default();
        by_token.reserve(tokens.len());
        for (tok, tt) in tokens {
            let whole = tt.whole.map(|w| t.id(&w));
            let subs = tt.subwords.iter().map(|s| t.id(s)).collect();
            by_token.insert(tok, (whole, subs));
        }
        for w in words {
            for j in w.joins.keys() {
                t.id(j);
            }
        }
        t.tokens = by_token;
        t
    }

    /// The number of `term`, given it if it has none yet.
    fn id(&mut self, term: &Arc<str>) -> u32 {
        if let Some(&i) = self.ids.get(term) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(term.clone());
        self.ids.insert(term.clone(), i);
        i
    }

    /// The terms of a document (by number) with their flags.
    fn of(&self, words: &DocWords) -> Vec<(u32, u8)> {
        let mut m: FxHashMap<u32, u8> = FxHashMap::default();
        m.reserve(words.tokens.len() * 2 + words.joins.len());
        for (j, &flag) in &words.joins {
            if let Some(&id) = self.ids.get(j) {
                *m.entry(id).or_default() |= flag;
            }
        }
        for (tok, &(_, flag)) in &words.tokens {
            let Some((whole, subs)) = self.tokens.get(tok) else {
                continue;
            };
            if let Some(id) = whole {
                *m.entry(*id).or_default() |= flag;
            }
            for &s in subs {
                *m.entry(s).or_default() |= flag << SUB;
            }
        }
        m.into_iter().collect()
    }
}

/// What each distinct token of these documents adds to their terms.
fn tokens_of(words: &[DocWords]) -> FxHashMap<Arc<str>, TokenTerms> {
    // Distinct tokens by hashing, each thread over its share of the documents, then merged: a
    // sort of every document's tokens (3 million at 10,000 records) cost a tenth of a build.
    let distinct: FxHashMap<&Arc<str>, &Arc<str>> = words
        .par_iter()
        .fold(FxHashMap::default, |mut m, w| {
            for (k, v) in &w.tokens {
                m.entry(k).or_insert(&v.0);
            }
            m
        })
        .reduce(FxHashMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (k, v) in small {
                big.entry(k).or_insert(v);
            }
            big
        });
    distinct
        .into_par_iter()
        .map(|(tok, t)| (tok.clone(), token_terms(tok, t)))
        .collect()
}

/// The terms of one document with their flags.
pub fn doc_terms(text: &DocText) -> Vec<(String, u8)> {
    let words = doc_words(text, &mut RunCache::new());
    let terms = Terms::new(
        std::slice::from_ref(&words),
        tokens_of(std::slice::from_ref(&words)),
    );
    let mut v: Vec<(String, u8)> = terms
        .of(&words)
        .into_iter()
        .map(|(id, f)| (terms.names[id as usize].to_string(), f))
        .collect();
    v.sort_unstable();
    v
}

/// Append `v` in base-64 digits of 5 bits, most significant first; all but the last digit
/// carry the continuation bit (32).
fn push_varint(out: &mut String, mut v: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for k in (0..n).rev() {
        let g = groups[k] | if k > 0 { 32 } else { 0 };
        out.push(B64[usize::from(g)] as char);
    }
}

/// A posting list: for each document, the gap from the previous one and the flags.
pub fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev = 0;
    for &(doc, flags) in postings {
        push_varint(&mut out, doc - prev);
        out.push(B64[usize::from(flags & 63)] as char);
        prev = doc;
    }
    out
}

/// Order of JavaScript strings (UTF-16 code units), which search.js bisects.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A term's documents (in order) with its flags in each.
type Postings = Vec<(u32, u8)>;

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
    let docs: Vec<Vec<u8>> = order
        .par_iter()
        .zip(texts.par_iter())
        .map(|(&i, text)| {
            let r = &site.records[i];
            let v = json!({
                "t": r.meta.title,
                "u": site.paths.get(i).map_or("", String::as_str),
                "d": r.meta.date.iso(),
                "x": text.excerpt,
            });
            v.to_string().into_bytes()
        })
        .collect();
    let blocks: Vec<String> = docs
        .par_chunks(DOC_BLOCK)
        .map(|b| content_name(&b.iter().map(Vec::as_slice).collect::<Vec<_>>()))
        .collect();
    laps.lap("search: docs");
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
        "groups": groups,
        "shards": firsts,
        "shard_ids": shards.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "doc_block": DOC_BLOCK,
        "doc_ids": blocks,
        "stop": STOP_WORDS,
        "digits": digits,
    });
    let shard_count = shards.len();
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(order.len() + shard_count);
    files.extend(shards.into_iter().map(|(n, s)| (shard_path(&n), s)));
    files.extend(docs.into_iter().enumerate().map(|(n, d)| {
        let block = blocks.get(n / DOC_BLOCK).map_or("", String::as_str);
        (doc_path(n, block), d)
    }));
    Index {
        manifest: meta.to_string().into_bytes(),
        files,
        docs: order.len(),
        terms: terms.len(),
        shards: shard_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn varints() {
        let mut s = String::new();
        push_varint(&mut s, 0);
        push_varint(&mut s, 31);
        push_varint(&mut s, 32);
        push_varint(&mut s, 1025);
        // 0 → A; 31 → f; 32 = 1·32 + 0 → h A; 1025 = 1·1024 + 0·32 + 1 → h g B.
        assert_eq!(s, "AfhAhgB");
        assert_eq!(encode_postings(&[(0, 1), (3, 9), (40, 4)]), "ABDJhFE");
    }

    #[test]
    fn terms_of_a_notice() {
        let text = DocText {
            title: "ประกาศผู้ชนะการเสนอราคา จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก".into(),
            fields: "หจก. ตัวอย่างก่อสร้าง\n68019123456".into(),
            body: "การจัดซื้อจัดจ้างประจำปีงบประมาณ".into(),
            ..DocText::default()
        };
        let t: HashMap<String, u8> = doc_terms(&text).into_iter().collect();
        assert_eq!(t.get("ประกาศ"), Some(&TITLE));
        assert_eq!(t.get("ผู้ชนะ"), Some(&TITLE));
        assert_eq!(t.get("ตัวอย่าง"), Some(&FIELDS));
        assert_eq!(t.get("ตัวอย่างก่อสร้าง"), Some(&FIELDS));
        assert_eq!(t.get("68019123456"), Some(&FIELDS));
        assert!(t.get("จัดจ้าง").is_some_and(|f| f & (BODY << SUB) != 0));
        assert!(t.get("ประมาณ").is_some_and(|f| f & (BODY << SUB) != 0));
        assert!(!t.contains_key("การ"));
        // ก่อสร้าง is a word of the title and of the fields.
        assert_eq!(t.get("ก่อสร้าง"), Some(&(TITLE | FIELDS)));
    }
}
