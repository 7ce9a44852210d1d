//! Normalising and tokenising typed dates: numbers and known Thai words.

use super::date::{MONTH_ABBRS, MONTH_NAMES};
use super::digits::to_arabic_digits;

/// Arabic digits, invisible characters removed, whitespace runs collapsed to one space,
/// and spaces inside dotted abbreviations (`ต. ค.`) removed.
pub(super) fn normalize(s: &str) -> String {
    let cleaned: String = to_arabic_digits(s)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
        })
        .collect();
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let next_is_letter = chars.peek().is_some_and(|n| !n.is_ascii_digit());
        if c == ' ' && prev == '.' && next_is_letter {
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Num,
    DayPrefix,
    MonthPrefix,
    Month(u8),
    EraBe,
    EraCe,
    Unknown,
}

/// A token and its text as typed.
#[derive(Debug)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    pub(super) text: String,
}

/// Known words, each with its kind; dotted abbreviations in all usual spellings.
fn vocabulary() -> Vec<(String, Kind)> {
    let mut v: Vec<(String, Kind)> = Vec::with_capacity(100);
    let mut dotted = |base: &str, kind: Kind| {
        let bare: String = base.chars().filter(|c| *c != '.').collect();
        let no_last = base.strip_suffix('.').unwrap_or(base).to_string();
        v.push((format!("{bare}."), kind));
        v.push((bare, kind));
        v.push((no_last, kind));
        v.push((base.to_string(), kind));
    };
    for (m, abbr) in (1u8..).zip(MONTH_ABBRS) {
        dotted(abbr, Kind::Month(m));
    }
    dotted("พ.ศ.", Kind::EraBe);
    dotted("ค.ศ.", Kind::EraCe);
    for (m, name) in (1u8..).zip(MONTH_NAMES) {
        v.push((name.to_string(), Kind::Month(m)));
    }
    v.push(("พุทธศักราช".into(), Kind::EraBe));
    v.push(("คริสต์ศักราช".into(), Kind::EraCe));
    v.push(("วันที่".into(), Kind::DayPrefix));
    v.push(("เดือน".into(), Kind::MonthPrefix));
    v
}

/// Splits normalised text into numbers and known words; the rest of an unreadable run is one
/// `Unknown` token.
pub(super) fn lex(s: &str) -> Vec<Tok> {
    let vocab = vocabulary();
    let mut toks = Vec::new();
    for chunk in s.split(' ') {
        let mut rest = chunk;
        while let Some(first) = rest.chars().next() {
            let is_digit = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != is_digit)
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at_checked(end).unwrap_or((rest, ""));
            rest = tail;
            if is_digit {
                toks.push(Tok {
                    kind: Kind::Num,
                    text: run.to_string(),
                });
            } else {
                segment_words(run, &vocab, &mut toks);
            }
        }
    }
    toks
}

/// Greedy longest-match segmentation of a letter run into known words.
fn segment_words(run: &str, vocab: &[(String, Kind)], toks: &mut Vec<Tok>) {
    let mut rest = run;
    while !rest.is_empty() {
        let best = vocab
            .iter()
            .filter(|(w, _)| rest.starts_with(w.as_str()))
            .max_by_key(|(w, _)| w.len());
        match best {
            Some((w, kind)) => {
                toks.push(Tok {
                    kind: *kind,
                    text: w.clone(),
                });
                rest = rest.get(w.len()..).unwrap_or("");
            }
            None => {
                toks.push(Tok {
                    kind: Kind::Unknown,
                    text: rest.to_string(),
                });
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Kind> {
        lex(&normalize(s)).iter().map(|t| t.kind).collect()
    }

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize("  ๑\u{00A0}\u{00A0}ต.ค.\u{2003}๒๕๖๗ "),
            "1 ต.ค. 2567"
        );
        assert_eq!(normalize("1 ต. ค. 2567"), "1 ต.ค. 2567");
        assert_eq!(normalize("พ.ศ. 2567"), "พ.ศ. 2567");
        assert_eq!(normalize("ต.ค. พ.ศ. 2567"), "ต.ค.พ.ศ. 2567");
        assert_eq!(normalize("ตุ\u{200B}ลา\u{00AD}คม"), "ตุลาคม");
        assert_eq!(normalize("\t\n"), "");
    }

    #[test]
    fn tokens() {
        use Kind::*;
        assert_eq!(kinds("1 ต.ค. 2567"), [Num, Month(10), Num]);
        assert_eq!(kinds("1ต.ค.2567"), [Num, Month(10), Num]);
        assert_eq!(
            kinds("วันที่1 เดือนตุลาคมพ.ศ.2563"),
            [DayPrefix, Num, MonthPrefix, Month(10), EraBe, Num]
        );
        assert_eq!(
            kinds("มีค มค มี.ค มิย"),
            [Month(3), Month(1), Month(3), Month(6)]
        );
        assert_eq!(kinds("กพ ก.พ. ก.พ กพ."), [Month(2); 4]);
        assert_eq!(kinds("ตคพศ"), [Month(10), EraBe]);
        assert_eq!(kinds("ค.ศ คริสต์ศักราช พุทธศักราช"), [EraCe, EraCe, EraBe]);
        assert_eq!(kinds("ตุลาคมxyz"), [Month(10), Unknown]);
        assert_eq!(kinds("1-2"), [Num, Unknown, Num]);
        assert_eq!(kinds(""), []);
        let toks = lex("ตุลาคา 😀");
        assert_eq!(toks.len(), 2);
        assert_eq!(toks.first().map(|t| t.text.as_str()), Some("ตุลาคา"));
    }

    #[test]
    fn vocabulary_is_unambiguous() {
        let v = vocabulary();
        for (i, (a, ka)) in v.iter().enumerate() {
            for (b, kb) in v.iter().skip(i + 1) {
                if a == b {
                    assert_eq!(ka, kb, "{a} has two meanings");
                }
            }
        }
    }
}
