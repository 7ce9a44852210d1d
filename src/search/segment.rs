//! Thai word segmentation for the index: nlpo3 (PyThaiNLP's newmm, dictionary-based maximal
//! matching) with PyThaiNLP's CC0 word list compiled in, and the sub-words of compounds.
//!
//! newmm keeps compounds whole (`จัดซื้อจัดจ้าง`, `งบประมาณ`, `คนขับรถ`), while citizens type a
//! part (`จัดจ้าง`, `ประมาณ`) and the browser's `Intl.Segmenter` splits finer. So beside each
//! word the index holds the dictionary words found inside it (its sub-words).

use std::cell::Cell;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use nlpo3::tokenizer::newmm::NewmmTokenizer;
use nlpo3::tokenizer::tokenizer_trait::Tokenizer;

use rustc_hash::FxHashMap;

use super::normalise::{fold, fold_into, is_space, is_thai, starts_cluster, term};

/// PyThaiNLP's word list (CC0; see data/README.md).
const WORDS: &str = include_str!("../../data/words_th.txt");

/// Longest run of text segmented at once, in characters.
const MAX_RUN: usize = 400;

/// Longest sub-word looked for inside a word, in characters.
const MAX_SUBWORD: usize = 24;

/// Words too common to find anything: not indexed on their own, dropped from queries (they are
/// still found inside compounds). The manifest carries this list to search.js.
pub const STOP_WORDS: &[&str] = &[
    "การ",
    "ความ",
    "ที่",
    "และ",
    "ของ",
    "ใน",
    "ให้",
    "ได้",
    "เป็น",
    "มี",
    "จะ",
    "กับ",
    "หรือ",
    "โดย",
    "แก่",
    "ซึ่ง",
    "นี้",
    "ไว้",
    "อยู่",
    "แห่ง",
    "ว่า",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "for",
    "a",
    "an",
];

pub fn is_stop_word(t: &str) -> bool {
    STOP_WORDS.contains(&t)
}

/// The segmenter and the dictionary, both folded like indexed text.
pub struct Segmenter {
    newmm: NewmmTokenizer,
    words: HashSet<String>,
}

/// The segmenter, made on first use (about 0.1 s) and shared, read-only, by every build.
pub fn segmenter() -> &'static Segmenter {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    SEGMENTER.get_or_init(Segmenter::new)
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    pub fn new() -> Segmenter {
        let words: HashSet<String> = WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| fold(l.trim()))
            .filter(|w| !w.is_empty() && !w.contains(is_space))
            .collect();
        let mut list: Vec<String> = words.iter().cloned().collect();
        list.sort_unstable();
        Segmenter {
            newmm: NewmmTokenizer::from_word_list(list),
            words,
        }
    }

    /// Whether `w` (folded) is a dictionary word.
    pub fn is_word(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// The tokens of one run of folded text (no spaces in it).
    ///
    /// nlpo3's own "safe" mode for long texts is not used: it cuts the text at the offset of a
    /// space inside its scan window taken as an offset in the whole text, i.e. in the middle of
    /// words. A run longer than `MAX_RUN` characters is cut here at cluster starts instead.
    /// Never panics: should the segmenter fail on some input, that piece is one token.
    pub fn tokens(&self, run: &str) -> Vec<String> {
        let cs: Vec<char> = run.chars().collect();
        let mut out = Vec::new();
        let mut start = 0;
        while start < cs.len() {
            let mut end = (start + MAX_RUN).min(cs.len());
            while end < cs.len() && end > start + 1 && !starts_cluster(&cs, end) {
                end -= 1;
            }
            let piece: String = cs[start..end].iter().collect();
            let seg = catch_unwind(AssertUnwindSafe(|| {
                self.newmm.segment(&piece, false, false)
            }));
            match seg {
                Ok(Ok(t)) if t.concat() == piece => out.extend(t),
                _ => out.push(piece),
            }
            start = end;
        }
        out
    }

    /// Dictionary words inside a Thai term (not the term itself, not stop words), between
    /// cluster starts; and for other terms the parts between `-`, `/`, `_` and the whole part
    /// of a decimal number.
    pub fn subwords(&self, token: &str) -> Vec<String> {
        let whole = term(token);
        let mut out: Vec<String> = Vec::new();
        let add = |s: String, out: &mut Vec<String>| {
            if !s.is_empty() && s != whole && !is_stop_word(&s) && !out.contains(&s) {
                out.push(s);
            }
        };
        if is_thai(&whole) {
            let cs: Vec<char> = whole.chars().collect();
            let starts: Vec<usize> = (0..=cs.len()).filter(|&i| starts_cluster(&cs, i)).collect();
            let mut s = String::new();
            for (n, &a) in starts.iter().enumerate() {
                for &b in &starts[n + 1..] {
                    if b - a > MAX_SUBWORD {
                        break;
                    }
                    if b - a < 2 || (a == 0 && b == cs.len()) {
                        continue;
                    }
                    s.clear();
                    s.extend(&cs[a..b]);
                    if self.words.contains(s.as_str()) {
                        add(s.clone(), &mut out);
                    }
                }
            }
        }
        if token.contains(['-', '/', '_']) {
            for part in token.split(['-', '/', '_']) {
                add(term(part), &mut out);
            }
        }
        if let Some((int, _)) = whole.split_once('.')
            && !int.is_empty()
            && int.chars().all(|c| c.is_ascii_digit())
        {
            add(int.to_string(), &mut out);
        }
        out
    }
}

/// A word of a run as the index sees it: the folded token and its term (never empty). Shared,
/// so that a repeated run costs no new strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub token: Arc<str>,
    pub term: Arc<str>,
    /// Whether the term is Thai ([`is_thai`]).
    pub thai: bool,
}

/// Segmentations already made, by run: site text repeats (the organisation's name, the notice
/// phrases), so a repeated run is segmented only once. A cache only saves work: the words of a
/// run are the same with or without it, so the index does not depend on which thread saw what.
#[derive(Debug, Default)]
pub struct RunCache {
    runs: FxHashMap<Box<str>, Arc<[Word]>>,
    /// The folded text of the field being read (a buffer reused from field to field).
    folded: String,
}

impl RunCache {
    pub fn new() -> RunCache {
        RunCache::default()
    }

    /// The words of one run of folded text (no spaces in it).
    fn words(&mut self, run: &str) -> Arc<[Word]> {
        if let Some(w) = self.runs.get(run) {
            return w.clone();
        }
        let w = segment_run(run);
        if self.runs.len() >= CACHE_LIMIT {
            self.runs.clear();
        }
        self.runs.insert(run.into(), w.clone());
        w
    }
}

/// Entries a cache may hold before it is emptied (memory stays bounded on any site).
const CACHE_LIMIT: usize = 200_000;

thread_local! {
    /// Each thread's cache, kept from build to build (rayon's threads live as long as the
    /// process, so `serve` segments only the runs it has not seen yet).
    static THREAD_CACHE: Cell<RunCache> = Cell::new(RunCache::new());
}

/// Run `f` with this thread's cache. The cache is taken out while `f` runs, so a nested call
/// (or a thread being torn down) simply gets an empty one.
pub fn with_thread_cache<R>(f: impl FnOnce(&mut RunCache) -> R) -> R {
    let mut cache = THREAD_CACHE.try_with(Cell::take).unwrap_or_default();
    let r = f(&mut cache);
    let _ = THREAD_CACHE.try_with(|c| c.set(cache));
    r
}

/// The words of one run, without a cache.
fn segment_run(run: &str) -> Arc<[Word]> {
    segmenter()
        .tokens(run)
        .into_iter()
        .filter_map(|t| {
            let term = term(&t);
            (!term.is_empty()).then(|| Word {
                thai: is_thai(&term),
                token: t.into(),
                term: term.into(),
            })
        })
        .collect()
}

/// The words of a text as the index sees them: fold, segment, keep the words that have a term.
/// Runs (text between spaces) are kept apart: each inner `Vec` is one run.
pub fn runs(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    each_run(text, &mut RunCache::new(), |r| {
        out.push(r.iter().map(|w| w.token.to_string()).collect());
    });
    out
}

/// Call `f` with the words of each run of `text` that has any, in order.
pub fn each_run(text: &str, cache: &mut RunCache, mut f: impl FnMut(&[Word])) {
    let mut folded = std::mem::take(&mut cache.folded);
    folded.clear();
    fold_into(text, &mut folded);
    for r in folded.split(' ').filter(|r| !r.is_empty()) {
        let words = cache.words(r);
        if !words.is_empty() {
            f(&words);
        }
    }
    cache.folded = folded;
}

/// The terms of a query as the index segments it (stop words left out), for comparing with the
/// browser's segmentation.
pub fn query_terms(q: &str) -> Vec<String> {
    runs(q)
        .into_iter()
        .flatten()
        .map(|t| term(&t))
        .filter(|t| !is_stop_word(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(s: &str) -> String {
        runs(s)
            .into_iter()
            .map(|r| r.iter().map(|t| term(t)).collect::<Vec<_>>().join("|"))
            .collect::<Vec<_>>()
            .join(" / ")
    }

    #[test]
    fn compounds_stay_whole() {
        assert_eq!(seg("จัดซื้อจัดจ้าง"), "จัดซื้อจัดจ้าง");
        assert_eq!(seg("งบประมาณ"), "งบประมาณ");
        assert_eq!(seg("ตากลม"), "ตากลม");
        assert_eq!(seg("คนขับรถ"), "คนขับรถ");
        assert_eq!(seg("แผนปฏิบัติการป้องกันการทุจริต"), "แผน|ปฏิบัติ|การป้องกัน|การ|ทุจริต");
    }

    #[test]
    fn subwords_of_compounds() {
        let s = segmenter();
        let sub = s.subwords("จัดซื้อจัดจ้าง");
        for w in ["จัดซื้อ", "จัดจ้าง", "ซื้อ", "จ้าง"]
        {
            assert!(sub.iter().any(|x| x == w), "{w} in {sub:?}");
        }
        assert!(s.subwords("งบประมาณ").iter().any(|x| x == "ประมาณ"));
        let sub = s.subwords("คนขับรถ");
        for w in ["คน", "ขับ", "รถ", "คนขับ", "ขับรถ"] {
            assert!(sub.iter().any(|x| x == w), "{w} in {sub:?}");
        }
        // ตากลม (round-eyed) holds ตา, ตาก, กลม, ลม: all are found, so "กลม" finds it too.
        let sub = s.subwords("ตากลม");
        assert!(sub.iter().any(|x| x == "กลม"), "{sub:?}");
        assert_eq!(s.subwords("e-bidding"), vec!["e", "bidding"]);
        assert_eq!(s.subwords("1,500,000.50"), vec!["1500000"]);
    }

    #[test]
    fn repetition_and_abbreviation_marks() {
        // ๆ and ฯ separate words, typed with or without a space.
        assert_eq!(seg("ต่างๆ"), seg("ต่าง ๆ"));
        assert_eq!(seg("ต่างๆ"), "ต่าง");
        assert_eq!(seg("กรุงเทพฯ"), "กรุงเทพ");
        assert_eq!(seg("ฯพณฯ"), "พณ");
        // A name the dictionary does not know is split (the index also joins adjacent words of
        // titles and fields, so สมชาย is still a term there).
        assert_eq!(seg("นายสมชาย ฯลฯ"), "นาย|สม|ชาย / ล");
        assert_eq!(
            seg("สมเด็จพระเทพรัตนราชสุดาฯ สยามบรมราชกุมารี"),
            seg("สมเด็จพระเทพรัตนราชสุดา สยามบรมราชกุมารี")
        );
        assert_eq!(seg("เด็กๆเล่น"), "เด็ก / เล่น");
    }

    #[test]
    fn mixed_text() {
        assert_eq!(
            seg("งบประมาณ ๑,๕๐๐,๐๐๐.๕๐ บาท (e-GP)"),
            "งบประมาณ / 1500000.50 / บาท / egp"
        );
        assert_eq!(seg("พ.ศ. ๒๕๖๘"), "พศ / 2568");
        assert_eq!(seg("No Gift Policy"), "no / gift / policy");
        assert_eq!(seg("ประกาศผู้ชนะการเสนอราคา"), "ประกาศ|ผู้ชนะ|การ|เสนอ|ราคา");
    }

    #[test]
    fn long_text_is_cut_between_words() {
        let text = "เนื่องจากองค์กรปกครองส่วนท้องถิ่น มีอำนาจหน้าที่ในการจัดทำบริการสาธารณะด้วยตนเอง ทั้งในเรื่องการจัดหารายได้และการใช้จ่ายเงินและการบริหารงานต่างๆ ตามภารกิจ";
        let words: Vec<String> = runs(text).into_iter().flatten().collect();
        assert!(words.iter().any(|w| w == "บริการสาธารณะ"), "{words:?}");
        assert!(words.iter().any(|w| w == "ด้วย"), "{words:?}");
        assert!(!words.iter().any(|w| w.contains("รณะด้ว")), "{words:?}");
        // A very long run without spaces is segmented in pieces, every character kept.
        let long = "การจัดซื้อจัดจ้างประจำปีงบประมาณ".repeat(40);
        let words: Vec<String> = runs(&long).into_iter().flatten().collect();
        assert_eq!(words.concat(), long);
        assert!(words.iter().filter(|w| *w == "จัดซื้อจัดจ้าง").count() >= 38);
    }

    #[test]
    fn query_terms_drop_stop_words() {
        assert_eq!(query_terms("การจัดซื้อจัดจ้าง"), vec!["จัดซื้อจัดจ้าง".to_string()]);
        // The two spellings of sara am give the same words.
        assert_eq!(query_terms("ระบายนํ้า"), query_terms("ระบายน้ำ"));
    }
}
