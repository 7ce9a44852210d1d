//! The search normal form. Indexed text and queries go through the same steps, here for the
//! index and in `search.js` (`fold`, `term`, `startsCluster`) for the browser; the relevance
//! test checks that both give the same strings.
//!
//! `fold` (before segmenting, so that the segmenter sees one spelling):
//! 1. Unicode NFC.
//! 2. Zero-width characters and the soft hyphen are dropped.
//! 3. Thai digits become Arabic digits (๒๕๖๘ = 2568).
//! 4. ฯ, ๆ and every white space become a plain space (ต่างๆ = ต่าง ๆ, กรุงเทพฯ = กรุงเทพ).
//! 5. Sara am typed as two characters (nikhahit + sara aa, with a tone mark before, between or
//!    after) becomes ำ with the tone mark first; `เเ` (sara e twice) becomes `แ`; a Thai vowel
//!    or tone mark typed twice in a row is kept once.
//! 6. Case folding (Unicode lower case, one character at a time).
//!
//! `term` then keeps only the letters, marks and digits of a token (a `.` only between digits;
//! `1,500,000.50` → `1500000.50`, `พ.ศ.` → `พศ`, `e-bidding` → `ebidding`).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

const NIKHAHIT: char = '\u{0E4D}';
const SARA_AA: char = '\u{0E32}';
const SARA_AM: char = '\u{0E33}';
const SARA_E: char = '\u{0E40}';
const SARA_AE: char = '\u{0E41}';

/// Thai tone marks (mai ek … mai chattawa).
pub fn is_tone(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Thai vowels and signs written above or below a consonant.
pub fn is_thai_mark(c: char) -> bool {
    c == '\u{0E31}'
        || ('\u{0E34}'..='\u{0E3A}').contains(&c)
        || ('\u{0E47}'..='\u{0E4E}').contains(&c)
}

/// Characters that separate words like a space. The same list as `SPACE` in search.js
/// (Rust's `is_whitespace` and JavaScript's `\s` differ on a few characters).
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0B}'
            | '\u{0C}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | 'ฯ'
                | 'ๆ'
    )
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// The search normal form of a text (see the module's documentation).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out` (a buffer the caller reuses).
pub fn fold_into(text: &str, out: &mut String) {
    // NFC recomposition is the costly step; text that is already NFC (nearly all Thai and ASCII
    // text) is folded as it is, with the same result.
    let nfc = match thai_ascii_nfc(text) {
        Some(known) => known,
        None => is_nfc_quick(text.chars()) == IsNormalized::Yes,
    };
    if nfc {
        fold_str(text, out);
    } else {
        fold_chars(text.nfc(), out);
    }
}

/// Whether a text of ASCII and Thai characters only is NFC (`None` for any other text). Thai
/// characters have no canonical decomposition, so such a text is NFC unless two of its marks
/// are out of canonical order (a tone mark typed before a vowel below the consonant).
fn thai_ascii_nfc(text: &str) -> Option<bool> {
    let mut prev = 0u8;
    for c in text.chars() {
        let ccc = match c {
            '\u{0}'..='\u{7F}' => 0,
            '\u{0E38}' | '\u{0E39}' => 103,
            '\u{0E3A}' => 9,
            '\u{0E48}'..='\u{0E4B}' => 107,
            '\u{0E00}'..='\u{0E7F}' => 0,
            _ => return None,
        };
        if ccc != 0 && prev > ccc {
            return Some(false);
        }
        prev = ccc;
    }
    Some(true)
}

/// The output of [`fold`] being written, and the last character written (for marks typed twice).
struct Folder<'o> {
    out: &'o mut String,
    last: Option<char>,
}

impl Folder<'_> {
    fn push(&mut self, c: char) {
        if is_thai_mark(c) && self.last == Some(c) {
            return;
        }
        self.last = Some(c);
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            // Thai has no case.
            self.out.push(c);
        } else {
            self.out.extend(c.to_lowercase());
        }
    }

    /// Steps 2 to 6 at character `c`, followed by `n1` and `n2`: how many of those two it took.
    fn step(&mut self, c: char, n1: Option<char>, n2: Option<char>) -> usize {
        if is_invisible(c) {
        } else if let Some(d) = thai_digit(c) {
            self.push(d);
        } else if is_space(c) {
            self.push(' ');
        } else if c == SARA_E && n1 == Some(SARA_E) {
            self.push(SARA_AE);
            return 1;
        } else if c == NIKHAHIT && n1 == Some(SARA_AA) {
            self.push(SARA_AM);
            return 1;
        } else if let Some(tone) =
            n1.filter(|&t| c == NIKHAHIT && is_tone(t) && n2 == Some(SARA_AA))
        {
            self.push(tone);
            self.push(SARA_AM);
            return 2;
        } else if let Some(tone) = n1.filter(|&t| c == SARA_AM && is_tone(t)) {
            self.push(tone);
            self.push(SARA_AM);
            return 1;
        } else {
            self.push(c);
        }
        0
    }
}

/// Steps 2 to 6 of [`fold`] on NFC characters.
fn fold_chars(mut it: impl Iterator<Item = char>, out: &mut String) {
    let mut f = Folder { out, last: None };
    // The current character and the two after it.
    let mut win = [it.next(), it.next(), it.next()];
    while let Some(c) = win[0] {
        let more = f.step(c, win[1], win[2]);
        for _ in 0..=more {
            win = [win[1], win[2], it.next()];
        }
    }
}

/// The Thai character at `b[i..]` (a Thai character is 3 bytes: E0 B8/B9 xx).
fn thai_at(b: &[u8], i: usize) -> Option<char> {
    match b.get(i..i + 3) {
        Some(&[0xE0, hi @ (0xB8 | 0xB9), lo]) => {
            char::from_u32(0x0E00 + u32::from(hi - 0xB8) * 0x40 + u32::from(lo & 0x3F))
        }
        _ => None,
    }
}

/// The length and character at `b[i..]` when [`Folder::step`] would write it unchanged and
/// take nothing after it, `last` being the character written before it.
fn plain_at(b: &[u8], i: usize, last: Option<char>) -> Option<(usize, char)> {
    let x = *b.get(i)?;
    if x < 0x80 {
        let plain =
            !x.is_ascii_uppercase() && !matches!(x, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
        return plain.then_some((1, char::from(x)));
    }
    let c = thai_at(b, i)?;
    let next = thai_at(b, i + 3);
    let plain = !(thai_digit(c).is_some()
        || is_space(c)
        || c == NIKHAHIT
        || (c == SARA_E && next == Some(SARA_E))
        || (c == SARA_AM && next.is_some_and(is_tone))
        || (is_thai_mark(c) && last == Some(c)));
    plain.then_some((3, c))
}

/// [`fold_chars`] on NFC text, with runs of ASCII and Thai characters that fold to themselves
/// copied at once (the same result; `fold_str_equals_fold_chars` checks it).
fn fold_str(text: &str, out: &mut String) {
    let b = text.as_bytes();
    let mut f = Folder { out, last: None };
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while let Some((len, c)) = plain_at(b, i, f.last) {
            i += len;
            f.last = Some(c);
        }
        f.out.push_str(&text[start..i]);
        let mut cs = text[i..].chars();
        let Some(c) = cs.next() else {
            break;
        };
        let (n1, n2) = (cs.next(), cs.next());
        let more = f.step(c, n1, n2);
        i += text[i..]
            .chars()
            .take(1 + more)
            .map(char::len_utf8)
            .sum::<usize>();
    }
}

fn thai_digit(c: char) -> Option<char> {
    let v = u32::from(c).checked_sub(0x0E50)?;
    if v < 10 {
        char::from_digit(v, 10)
    } else {
        None
    }
}

/// Whether a character is part of a word (as opposed to punctuation and symbols).
pub fn is_word_char(c: char) -> bool {
    (('\u{0E01}'..='\u{0E4E}').contains(&c) && !matches!(c, '\u{0E3F}' | 'ฯ' | 'ๆ'))
        || ('\u{0300}'..='\u{036F}').contains(&c)
        || c.is_alphanumeric()
}

/// The index term of a folded token: its word characters, and `.` between two digits.
pub fn term(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let mut cs = token.chars().peekable();
    while let Some(c) = cs.next() {
        let digit_dot = c == '.'
            && out.ends_with(|p: char| p.is_ascii_digit())
            && cs.peek().is_some_and(char::is_ascii_digit);
        if is_word_char(c) || digit_dot {
            out.push(c);
        }
    }
    out
}

/// Whether a Thai character cluster (roughly, a syllable part) may start at `cs[i]`: at a
/// consonant or a leading vowel that does not follow a leading vowel. Sub-words are only looked
/// for between such places.
pub fn starts_cluster(cs: &[char], i: usize) -> bool {
    let lead = |c: char| ('\u{0E40}'..='\u{0E44}').contains(&c);
    match cs.get(i) {
        None => i == cs.len(),
        Some(_) if i == 0 => true,
        Some(&c) => {
            (('\u{0E01}'..='\u{0E2E}').contains(&c) || lead(c))
                && !cs.get(i - 1).copied().is_some_and(lead)
        }
    }
}

/// Whether the text is (mostly) Thai, i.e. its first word character is Thai.
pub fn is_thai(s: &str) -> bool {
    s.chars()
        .find(|c| is_word_char(*c))
        .is_some_and(|c| ('\u{0E01}'..='\u{0E4E}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sara_am_spellings_are_one() {
        // น + ้ + ำ is the standard spelling; typed as nikhahit + sara aa, in any order with the tone.
        assert_eq!(fold("น\u{0E49}\u{0E33}"), "น้ำ");
        assert_eq!(fold("น\u{0E49}\u{0E4D}\u{0E32}"), "น้ำ");
        assert_eq!(fold("น\u{0E4D}\u{0E49}\u{0E32}"), "น้ำ");
        assert_eq!(fold("น\u{0E33}\u{0E49}"), "น้ำ");
        assert_eq!(fold("ทํา"), "ทำ");
        assert_eq!(fold("กระแสนํ้า"), "กระแสน้ำ");
    }

    #[test]
    fn digits_case_spaces() {
        assert_eq!(fold("๒๕๖๘"), "2568");
        assert_eq!(fold("No Gift"), "no gift");
        assert_eq!(fold("E-Bidding"), "e-bidding");
        assert_eq!(fold("ต่างๆ"), "ต่าง ");
        assert_eq!(fold("ต่าง ๆ"), "ต่าง  ");
        assert_eq!(fold("กรุงเทพฯ"), "กรุงเทพ ");
        assert_eq!(fold("ก\u{200B}ข\u{00A0}ค"), "กข ค");
        assert_eq!(fold("เเผน"), "แผน");
        assert_eq!(fold("กี่่"), "กี่");
    }

    #[test]
    fn fold_str_equals_fold_chars() {
        // Every character fold treats specially, with plain Thai and ASCII between them.
        let alphabet: Vec<char> = "กขเแำํ่้๊๋ัิีึืฺุู็์ๆฯ๑๙าะAaZz 09\t\n\u{0B}\u{0C}\r.-\u{200B}\u{AD}éÉ\u{301}ßİ"
            .chars()
            .collect();
        for s in [
            "น\u{0E4D}\u{0E49}\u{0E32}",
            "น\u{0E33}\u{0E49}",
            "เเผน",
            "กี่่",
            "ทํา",
            "ก\u{200B}่่",
        ] {
            let mut by_chars = String::new();
            fold_chars(s.chars(), &mut by_chars);
            let mut by_str = String::new();
            fold_str(s, &mut by_str);
            assert_eq!(by_str, by_chars, "{s:?}");
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..100_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let mut x = seed;
            for _ in 0..len {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[((x >> 33) as usize) % alphabet.len()]);
            }
            let mut by_chars = String::new();
            fold_chars(s.chars(), &mut by_chars);
            let mut by_str = String::new();
            fold_str(&s, &mut by_str);
            assert_eq!(by_str, by_chars, "{s:?}");
            // The NFC shortcut agrees with the quick check wherever it answers.
            if let Some(nfc) = thai_ascii_nfc(&s) {
                assert_eq!(nfc, is_nfc_quick(s.chars()) == IsNormalized::Yes, "{s:?}");
            }
        }
    }

    #[test]
    fn nfc_first() {
        // e + combining acute composes to é before folding.
        assert_eq!(fold("Cafe\u{301}"), "café");
    }

    #[test]
    fn terms() {
        assert_eq!(term("1,500,000.50"), "1500000.50");
        assert_eq!(term("พ.ศ."), "พศ");
        assert_eq!(term("e-bidding"), "ebidding");
        assert_eq!(term("(นม)"), "นม");
        assert_eq!(term("฿"), "");
        assert_eq!(term("12/2568"), "122568");
        assert_eq!(term("2568."), "2568");
    }

    #[test]
    fn clusters() {
        let cs: Vec<char> = "จัดซื้อจัดจ้าง".chars().collect();
        let starts: Vec<usize> = (0..=cs.len()).filter(|&i| starts_cluster(&cs, i)).collect();
        // จั|ด|ซื้|อ|จั|ด|จ้า|ง : every consonant, never inside the marks.
        assert_eq!(starts, vec![0, 2, 3, 6, 7, 9, 10, 13, 14]);
        let cs: Vec<char> = "เทศบาล".chars().collect();
        assert!(!starts_cluster(&cs, 1));
        assert!(starts_cluster(&cs, 2));
    }
}
