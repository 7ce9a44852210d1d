//! The words and terms of documents: each document's title, fields and body segmented into
//! tokens, what each distinct token adds (its term and its sub-words), and the numbering of every
//! term. Shared by the index of a build (`index::build`) and the index `serve` keeps up to date
//! (`live`), so that both give the same terms.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::index::{BODY, FIELDS, SUB, TITLE};
use super::segment::{RunCache, each_run, is_stop_word, segmenter};
use super::text::DocText;

/// Longest run of words joined into one term (title and fields only).
const MAX_JOIN: usize = 3;

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
pub struct Terms {
    pub names: Vec<Arc<str>>,
    ids: FxHashMap<Arc<str>, u32>,
    /// A token's term (unless a stop word) and its sub-words.
    tokens: FxHashMap<Arc<str>, (Option<u32>, Vec<u32>)>,
}

impl Terms {
    pub fn new(words: &[DocWords], tokens: FxHashMap<Arc<str>, TokenTerms>) -> Terms {
        let mut t = Terms::default();
        t.tokens.reserve(tokens.len());
        t.number(tokens, words);
        t
    }

    /// Number the tokens and joins of more documents (`serve`, after a save) that are not yet:
    /// their sub-words are found for the new tokens only.
    pub fn add(&mut self, words: &[DocWords]) {
        let new: FxHashMap<&Arc<str>, &Arc<str>> = words
            .iter()
            .flat_map(|w| w.tokens.iter())
            .filter(|(tok, _)| !self.tokens.contains_key(*tok))
            .map(|(tok, (term, _))| (tok, term))
            .collect();
        let made: Vec<(Arc<str>, TokenTerms)> = new
            .into_par_iter()
            .map(|(tok, term)| (tok.clone(), token_terms(tok, term)))
            .collect();
        self.number(made, words);
    }

    /// Number the terms of `tokens` (each token's whole word and sub-words) and the joins of
    /// `words`, and remember each token's terms.
    fn number(
        &mut self,
        tokens: impl IntoIterator<Item = (Arc<str>, TokenTerms)>,
        words: &[DocWords],
    ) {
        for (tok, tt) in tokens {
            let whole = tt.whole.map(|w| self.id(&w));
            let subs = tt.subwords.iter().map(|s| self.id(s)).collect();
            self.tokens.insert(tok, (whole, subs));
        }
        for w in words {
            for j in w.joins.keys() {
                self.id(j);
            }
        }
    }

    /// The number of `term`, given it if it has none yet.
    pub fn id(&mut self, term: &Arc<str>) -> u32 {
        if let Some(&i) = self.ids.get(term) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(term.clone());
        self.ids.insert(term.clone(), i);
        i
    }

    /// The terms of a document (by number) with their flags.
    pub fn of(&self, words: &DocWords) -> Vec<(u32, u8)> {
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
pub fn tokens_of(words: &[DocWords]) -> FxHashMap<Arc<str>, TokenTerms> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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
