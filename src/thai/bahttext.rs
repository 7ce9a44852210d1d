//! Amounts in Thai words, the official (Excel `BAHTTEXT`) form.

use super::money::Baht;

const DIGIT_WORDS: [&str; 10] = [
    "ศูนย์",
    "หนึ่ง",
    "สอง",
    "สาม",
    "สี่",
    "ห้า",
    "หก",
    "เจ็ด",
    "แปด",
    "เก้า",
];
/// Place names for units … hundred-thousands within a million-group.
const PLACE_WORDS: [&str; 6] = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"];
const MILLION: u64 = 1_000_000;

/// The amount in Thai words, e.g. `สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบบาทถ้วน`.
pub fn bahttext(b: Baht) -> String {
    let abs = b.satang().unsigned_abs();
    let (baht, satang) = (abs / 100, abs % 100);
    let mut out = String::new();
    if b.satang() < 0 {
        out.push_str("ลบ");
    }
    if baht == 0 && satang == 0 {
        out.push_str("ศูนย์บาทถ้วน");
        return out;
    }
    if baht > 0 {
        out.push_str(&number_words(baht));
        out.push_str("บาท");
    }
    if satang == 0 {
        out.push_str("ถ้วน");
    } else {
        out.push_str(&number_words(satang));
        out.push_str("สตางค์");
    }
    out
}

/// Words for `n` > 0: million-groups recurse (`หนึ่งล้านล้าน`); `""` for 0.
fn number_words(n: u64) -> String {
    let high = n / MILLION;
    let low = n % MILLION;
    let mut out = if high > 0 {
        let mut s = number_words(high);
        s.push_str("ล้าน");
        s
    } else {
        String::new()
    };
    // เอ็ด for a final 1 whenever anything stands before it (11, 101, 1,000,001).
    group_words(low, high > 0, &mut out);
    out
}

/// Appends the words for `n` < 1,000,000; `has_higher` says a million-group precedes it.
fn group_words(n: u64, has_higher: bool, out: &mut String) {
    let mut digits = [0usize; 6];
    let mut rest = n;
    for slot in digits.iter_mut() {
        *slot = usize::try_from(rest % 10).unwrap_or(0);
        rest /= 10;
    }
    for (place, &d) in digits.iter().enumerate().rev() {
        if d == 0 {
            continue;
        }
        let word = DIGIT_WORDS.get(d).copied().unwrap_or("");
        match place {
            0 if d == 1 && (has_higher || n > 9) => out.push_str("เอ็ด"),
            0 => out.push_str(word),
            1 if d == 1 => out.push_str("สิบ"),
            1 if d == 2 => out.push_str("ยี่สิบ"),
            _ => {
                out.push_str(word);
                out.push_str(PLACE_WORDS.get(place).copied().unwrap_or(""));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baht(whole: i64, satang: i64) -> Baht {
        Baht(whole * 100 + satang)
    }

    #[test]
    fn required_oracles() {
        let cases: [(Baht, &str); 24] = [
            (baht(339_160, 0), "สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบบาทถ้วน"),
            (baht(21, 0), "ยี่สิบเอ็ดบาทถ้วน"),
            (baht(1_000_001, 0), "หนึ่งล้านเอ็ดบาทถ้วน"),
            (baht(0, 50), "ห้าสิบสตางค์"),
            (baht(0, 25), "ยี่สิบห้าสตางค์"),
            (baht(101, 25), "หนึ่งร้อยเอ็ดบาทยี่สิบห้าสตางค์"),
            (baht(0, 0), "ศูนย์บาทถ้วน"),
            (baht(1, 0), "หนึ่งบาทถ้วน"),
            (baht(11, 0), "สิบเอ็ดบาทถ้วน"),
            (baht(10, 0), "สิบบาทถ้วน"),
            (baht(20, 0), "ยี่สิบบาทถ้วน"),
            (baht(100, 0), "หนึ่งร้อยบาทถ้วน"),
            (baht(1_000_000, 0), "หนึ่งล้านบาทถ้วน"),
            (baht(11_000_000, 0), "สิบเอ็ดล้านบาทถ้วน"),
            (baht(21_000_000, 0), "ยี่สิบเอ็ดล้านบาทถ้วน"),
            (baht(495_000, 0), "สี่แสนเก้าหมื่นห้าพันบาทถ้วน"),
            (baht(498_000, 0), "สี่แสนเก้าหมื่นแปดพันบาทถ้วน"),
            (baht(1_250_000, 50), "หนึ่งล้านสองแสนห้าหมื่นบาทห้าสิบสตางค์"),
            (baht(0, 1), "หนึ่งสตางค์"),
            (baht(0, 21), "ยี่สิบเอ็ดสตางค์"),
            (baht(1, 1), "หนึ่งบาทหนึ่งสตางค์"),
            (baht(101, 0), "หนึ่งร้อยเอ็ดบาทถ้วน"),
            (baht(1_000_000_000_000, 0), "หนึ่งล้านล้านบาทถ้วน"),
            (baht(32_580, 0), "สามหมื่นสองพันห้าร้อยแปดสิบบาทถ้วน"),
        ];
        for (b, want) in cases {
            assert_eq!(bahttext(b), want, "{b:?}");
        }
    }

    #[test]
    fn more_oracles() {
        let cases: [(i64, &str); 16] = [
            (2, "สองบาทถ้วน"),
            (12, "สิบสองบาทถ้วน"),
            (22, "ยี่สิบสองบาทถ้วน"),
            (31, "สามสิบเอ็ดบาทถ้วน"),
            (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
            (120, "หนึ่งร้อยยี่สิบบาทถ้วน"),
            (1_001, "หนึ่งพันเอ็ดบาทถ้วน"),
            (10_000, "หนึ่งหมื่นบาทถ้วน"),
            (100_000, "หนึ่งแสนบาทถ้วน"),
            (1_010_000, "หนึ่งล้านหนึ่งหมื่นบาทถ้วน"),
            (2_000_000, "สองล้านบาทถ้วน"),
            (10_000_000, "สิบล้านบาทถ้วน"),
            (101_000_000, "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
            (1_000_001_000_000, "หนึ่งล้านเอ็ดล้านบาทถ้วน"),
            (10_000_000_000_000, "สิบล้านล้านบาทถ้วน"),
            (
                999_999_999,
                "เก้าร้อยเก้าสิบเก้าล้านเก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทถ้วน",
            ),
        ];
        for (n, want) in cases {
            assert_eq!(bahttext(baht(n, 0)), want, "{n}");
        }
        assert_eq!(bahttext(baht(0, 10)), "สิบสตางค์");
        assert_eq!(bahttext(baht(0, 11)), "สิบเอ็ดสตางค์");
        assert_eq!(bahttext(baht(0, 99)), "เก้าสิบเก้าสตางค์");
        assert_eq!(bahttext(baht(21, 1)), "ยี่สิบเอ็ดบาทหนึ่งสตางค์");
        assert_eq!(bahttext(Baht(-150)), "ลบหนึ่งบาทห้าสิบสตางค์");
        assert!(bahttext(Baht(i64::MIN)).starts_with("ลบเก้าหมื่นสองพัน"));
        assert!(bahttext(Baht(i64::MAX)).ends_with("เจ็ดร้อยห้าสิบแปดบาทเจ็ดสตางค์"));
    }

    /// Test-only reader of produced words back to a number; `None` on any unknown word.
    fn read_number(mut s: &str) -> Option<u64> {
        const WORDS: [(&str, u64); 12] = [
            ("ศูนย์", 0),
            ("หนึ่ง", 1),
            ("เอ็ด", 1),
            ("สอง", 2),
            ("ยี่", 2),
            ("สาม", 3),
            ("สี่", 4),
            ("ห้า", 5),
            ("หก", 6),
            ("เจ็ด", 7),
            ("แปด", 8),
            ("เก้า", 9),
        ];
        const PLACES: [(&str, u64); 5] = [
            ("สิบ", 10),
            ("ร้อย", 100),
            ("พัน", 1_000),
            ("หมื่น", 10_000),
            ("แสน", 100_000),
        ];
        let (mut total, mut group, mut pending) = (0u64, 0u64, None::<u64>);
        while !s.is_empty() {
            if let Some(rest) = s.strip_prefix("ล้าน") {
                total = (total + group + pending.take().unwrap_or(0)) * MILLION;
                group = 0;
                s = rest;
            } else if let Some((w, v)) = PLACES.iter().find(|(w, _)| s.starts_with(w)) {
                group += pending.take().unwrap_or(1) * v;
                s = &s[w.len()..];
            } else if let Some((w, v)) = WORDS.iter().find(|(w, _)| s.starts_with(w)) {
                if pending.is_some() {
                    return None;
                }
                pending = Some(*v);
                s = &s[w.len()..];
            } else {
                return None;
            }
        }
        Some(total + group + pending.unwrap_or(0))
    }

    /// Reads a whole bahttext back to satang.
    fn read_bahttext(s: &str) -> Option<i64> {
        if s == "ศูนย์บาทถ้วน" {
            return Some(0);
        }
        let (baht_words, rest) = s.split_once("บาท").unwrap_or(("", s));
        let baht = if baht_words.is_empty() {
            0
        } else {
            read_number(baht_words)?
        };
        let satang = if rest == "ถ้วน" {
            0
        } else {
            read_number(rest.strip_suffix("สตางค์")?)?
        };
        i64::try_from(baht * 100 + satang).ok()
    }

    fn check(satang: i64) {
        let words = bahttext(Baht(satang));
        assert_eq!(read_bahttext(&words), Some(satang), "{satang}: {words}");
        // Canonical spelling: no หนึ่งสิบ/สองสิบ, no เอ็ด at the start, ศูนย์ only for zero.
        for wrong in ["หนึ่งสิบ", "สองสิบ", "ศูนย์", "หนึ่งหนึ่ง"]
        {
            assert!(satang == 0 || !words.contains(wrong), "{satang}: {words}");
        }
        assert!(!words.starts_with("เอ็ด"), "{satang}: {words}");
        assert!(
            !words.contains("บาทเอ็ด") && !words.contains("ล้านหนึ่งบาท"),
            "{words}"
        );
    }

    #[test]
    fn every_integer_up_to_200000_reads_back() {
        for n in 0..=200_000i64 {
            check(n * 100);
        }
    }

    #[test]
    fn satang_and_large_samples_read_back() {
        for s in 0..=20_000i64 {
            check(s);
        }
        let mut n: i64 = 200_001;
        while n < 10_000_000_000_000 {
            check(n * 100 + n % 100);
            n = n * 3 + 7_919;
        }
        for n in [
            1_000_000i64,
            1_000_001,
            1_000_010,
            1_000_011,
            10_000_001,
            21_000_021,
            999_999_999_999,
            1_000_000_000_001,
            5_000_000_000_021,
            10_000_000_000_000,
        ] {
            check(n * 100);
            check(n * 100 + 1);
            check(n * 100 + 21);
        }
    }
}
