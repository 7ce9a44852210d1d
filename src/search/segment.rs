//! Thai word segmentation for the index: nlpo3 (PyThaiNLP's newmm, dictionary-based maximal
//! matching) with PyThaiNLP's CC0 word list compiled in, and the sub-words of compounds.
//!
//! newmm keeps compounds whole (`จัดซื้อจัดจ้าง`, `งบประมาณ`, `คนขับรถ`), while citizens type a
//! part (`จัดจ้าง`, `ประมาณ`) and the browser's `Intl.Segmenter` splits finer. So beside each
//! word the index holds the dictionary words found inside it (its sub-words).

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use nlpo3::tokenizer::newmm::NewmmTokenizer;
use nlpo3::tokenizer::tokenizer_trait::Tokenizer;

use super::normalise::{fold, is_space, is_thai, starts_cluster, term};

/// PyThaiNLP's word list (CC0; see data/README.md).
const WORDS: &str = include_str!("../../data/words_th.txt");

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

    /// The tokens of a folded text, spaces included (a space token separates runs).
    /// Never panics: should the segmenter fail on some input, that text is split at spaces.
    pub fn tokens(&self, folded: &str) -> Vec<String> {
        let run = catch_unwind(AssertUnwindSafe(|| self.newmm.segment(folded, true, false)));
        match run {
            Ok(Ok(t)) => t,
            _ => split_spaces(folded),
        }
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
            for (n, &a) in starts.iter().enumerate() {
                for &b in &starts[n + 1..] {
                    if b - a > MAX_SUBWORD {
                        break;
                    }
                    if b - a < 2 || (a == 0 && b == cs.len()) {
                        continue;
                    }
                    let s: String = cs[a..b].iter().collect();
                    if self.words.contains(&s) {
                        add(s, &mut out);
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

fn split_spaces(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c == ' ' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(" ".into());
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The words of a text as the index sees them: fold, segment, keep the terms.
/// Runs (text between spaces) are kept apart: each inner `Vec` is one run.
pub fn runs(text: &str) -> Vec<Vec<String>> {
    let seg = segmenter();
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for tok in seg.tokens(&fold(text)) {
        if tok.chars().all(|c| c == ' ') {
            if out.last().is_some_and(|r| !r.is_empty()) {
                out.push(Vec::new());
            }
            continue;
        }
        let t = term(&tok);
        if let Some(run) = out.last_mut()
            && !t.is_empty()
        {
            run.push(tok);
        }
    }
    out.retain(|r| !r.is_empty());
    out
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
    fn query_terms_drop_stop_words() {
        assert_eq!(query_terms("การจัดซื้อจัดจ้าง"), vec!["จัดซื้อจัดจ้าง".to_string()]);
        // The two spellings of sara am give the same words.
        assert_eq!(query_terms("ระบายนํ้า"), query_terms("ระบายน้ำ"));
    }
}
