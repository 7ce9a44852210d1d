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
    // NFC recomposition is the costly step; text that is already NFC (the quick check answers
    // Yes for nearly all Thai and ASCII text) is folded as it is, with the same result.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        fold_chars(text.chars(), out);
    } else {
        fold_chars(text.nfc(), out);
    }
}

/// Steps 2 to 6 of [`fold`] on NFC characters.
fn fold_chars(mut it: impl Iterator<Item = char>, out: &mut String) {
    // The current character and the two after it.
    let mut win = [it.next(), it.next(), it.next()];
    let mut last: Option<char> = None;
    let mut push = |out: &mut String, c: char| {
        if is_thai_mark(c) && last == Some(c) {
            return;
        }
        last = Some(c);
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            // Thai has no case.
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    };
    while let Some(c) = win[0] {
        let (n1, n2) = (win[1], win[2]);
        // Characters taken after `c`.
        let mut more = 0;
        if is_invisible(c) {
        } else if let Some(d) = thai_digit(c) {
            push(out, d);
        } else if is_space(c) {
            push(out, ' ');
        } else if c == SARA_E && n1 == Some(SARA_E) {
            push(out, SARA_AE);
            more = 1;
        } else if c == NIKHAHIT && n1 == Some(SARA_AA) {
            push(out, SARA_AM);
            more = 1;
        } else if let Some(tone) =
            n1.filter(|&t| c == NIKHAHIT && is_tone(t) && n2 == Some(SARA_AA))
        {
            push(out, tone);
            push(out, SARA_AM);
            more = 2;
        } else if let Some(tone) = n1.filter(|&t| c == SARA_AM && is_tone(t)) {
            push(out, tone);
            push(out, SARA_AM);
            more = 1;
        } else {
            push(out, c);
        }
        for _ in 0..=more {
            win = [win[1], win[2], it.next()];
        }
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
