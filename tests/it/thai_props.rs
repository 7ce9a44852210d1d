//! Property tests of the Thai layer: Buddhist-Era/Common-Era round trips of dates, fiscal-year
//! boundaries, amounts, and bahttext of every whole amount up to 10^7 baht read back to the number
//! by an independent reader of Thai number words.

use prongsai::thai::{
    Baht, Date, Digits, bahttext, fiscal_year, fiscal_year_bounds, format_baht, format_baht_2,
    format_date_long, month_abbr, month_name, parse_date, to_thai_digits,
};
use proptest::prelude::*;

/// CE years whose BE year the date parser accepts (BE 2400..=2700).
const CE_YEARS: std::ops::RangeInclusive<i32> = 1857..=2157;

fn days_in_month(y: i32, m: u8) -> u8 {
    (28..=31)
        .rev()
        .find(|&d| Date::new(y, m, d).is_some())
        .unwrap_or(0)
}

/// Any valid day in the years the parser accepts.
fn any_date() -> impl Strategy<Value = Date> {
    (CE_YEARS, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
        let d = d.min(days_in_month(y, m));
        Date::new(y, m, d).expect("valid by construction")
    })
}

// ---------------------------------------------------------------------------------------------
// A reader of Thai number words (the inverse of bahttext), written independently of it.

const DIGITS: [(&str, u64); 10] = [
    ("ศูนย์", 0),
    ("หนึ่ง", 1),
    ("สอง", 2),
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    Digit(u64),
    /// เอ็ด: a final one after other words.
    Ed,
    /// ยี่: two, before สิบ only.
    Yi,
    Place(u64),
    Million,
}

/// Every word, longest first (so a longer word wins over its prefix).
fn table() -> &'static [(&'static str, Word)] {
    static TABLE: std::sync::OnceLock<Vec<(&'static str, Word)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Vec<(&str, Word)> = DIGITS.iter().map(|&(w, d)| (w, Word::Digit(d))).collect();
        t.extend(PLACES.iter().map(|&(w, p)| (w, Word::Place(p))));
        t.extend([("เอ็ด", Word::Ed), ("ยี่", Word::Yi), ("ล้าน", Word::Million)]);
        t.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        t
    })
}

fn words(mut s: &str) -> Result<Vec<Word>, String> {
    let mut out = Vec::new();
    'next: while !s.is_empty() {
        for &(w, word) in table() {
            if let Some(rest) = s.strip_prefix(w) {
                out.push(word);
                s = rest;
                continue 'next;
            }
        }
        return Err(format!("not a number word at {s:?}"));
    }
    Ok(out)
}

/// The number written by Thai number words (`สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบ`), strictly:
/// places in falling order within a million-group, ยี่ only before สิบ, เอ็ด only last in a group
/// after something, no digit word without a place except the units.
fn read_number(s: &str) -> Result<u64, String> {
    let ws = words(s)?;
    if ws.is_empty() {
        return Err("no words".into());
    }
    if ws == [Word::Digit(0)] {
        return Ok(0);
    }
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut pending: Option<u64> = None;
    // The smallest place used so far in this group (places must fall).
    let mut last_place = u64::MAX;
    let mut group_has_words = false;
    for (i, w) in ws.iter().enumerate() {
        let next = ws.get(i + 1);
        match *w {
            Word::Digit(0) => return Err("ศูนย์ inside a number".into()),
            Word::Digit(d) => {
                if pending.is_some() {
                    return Err("two digit words in a row".into());
                }
                if d == 1
                    && !matches!(next, Some(Word::Place(_)) | Some(Word::Million))
                    && (group_has_words || total > 0)
                {
                    return Err("a final one after other words must be เอ็ด".into());
                }
                pending = Some(d);
            }
            Word::Yi => {
                if pending.is_some() || next != Some(&Word::Place(10)) {
                    return Err("ยี่ must come right before สิบ".into());
                }
                pending = Some(2);
            }
            Word::Ed => {
                if pending.is_some() || !(group_has_words || total > 0) {
                    return Err("เอ็ด must follow other words".into());
                }
                if last_place <= 1 {
                    return Err("units twice".into());
                }
                if !matches!(next, None | Some(Word::Million)) {
                    return Err("เอ็ด must end a group".into());
                }
                group += 1;
                last_place = 1;
                group_has_words = true;
            }
            Word::Place(p) => {
                if p >= last_place {
                    return Err("places must fall".into());
                }
                let d = match pending.take() {
                    Some(d) => d,
                    None if p == 10 => 1,
                    None => return Err("a place word needs a digit".into()),
                };
                if p == 10 && d == 2 && ws.get(i.wrapping_sub(1)) != Some(&Word::Yi) {
                    return Err("twenty is ยี่สิบ".into());
                }
                if p == 10 && d == 1 && i > 0 && ws[i - 1] == Word::Digit(1) {
                    return Err("ten is สิบ, not หนึ่งสิบ".into());
                }
                group += d * p;
                last_place = p;
                group_has_words = true;
            }
            Word::Million => {
                if let Some(d) = pending.take() {
                    group += d;
                }
                if group == 0 && total == 0 {
                    return Err("ล้าน needs a number".into());
                }
                total = (total + group).checked_mul(1_000_000).ok_or("overflow")?;
                group = 0;
                last_place = u64::MAX;
                group_has_words = false;
            }
        }
    }
    if let Some(d) = pending {
        group += d;
    }
    Ok(total + group)
}

/// The amount (in satang) written by a bahttext string.
fn read_bahttext(s: &str) -> Result<i64, String> {
    let (neg, s) = match s.strip_prefix("ลบ") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (baht, satang) = if let Some(b) = s.strip_suffix("บาทถ้วน") {
        (read_number(b)?, 0)
    } else if let Some(rest) = s.strip_suffix("สตางค์") {
        match rest.split_once("บาท") {
            Some((b, st)) => (read_number(b)?, read_number(st)?),
            None => (0, read_number(rest)?),
        }
    } else {
        return Err(format!("{s:?} ends in neither บาทถ้วน nor สตางค์"));
    };
    if satang >= 100 {
        return Err("100 satang or more".into());
    }
    let v = i64::try_from(baht * 100 + satang).map_err(|e| e.to_string())?;
    Ok(if neg { -v } else { v })
}

#[test]
fn the_reader_reads_known_oracles() {
    for (text, satang) in [
        ("สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบบาทถ้วน", 33_916_000),
        ("ยี่สิบเอ็ดบาทถ้วน", 2_100),
        ("หนึ่งล้านเอ็ดบาทถ้วน", 100_000_100),
        ("ห้าสิบสตางค์", 50),
        ("หนึ่งร้อยเอ็ดบาทยี่สิบห้าสตางค์", 10_125),
        ("ศูนย์บาทถ้วน", 0),
        ("สิบเอ็ดล้านบาทถ้วน", 1_100_000_000),
        ("ลบหนึ่งบาทถ้วน", -100),
    ] {
        assert_eq!(read_bahttext(text), Ok(satang), "{text}");
    }
    for bad in [
        "สองสิบบาทถ้วน",
        "สิบหนึ่งบาทถ้วน",
        "หนึ่งสิบบาทถ้วน",
        "ร้อยบาทถ้วน",
        "สิบร้อยบาทถ้วน",
        "หนึ่งร้อยหนึ่งบาทถ้วน",
        "เอ็ดบาทถ้วน",
        "หนึ่งแสนสองแสนบาทถ้วน",
        "หนึ่งบาท",
    ] {
        assert!(read_bahttext(bad).is_err(), "{bad} should not read");
    }
}

/// Every whole amount from 0 to 10,000,000 baht, in words, reads back to itself.
#[test]
fn bahttext_of_every_integer_up_to_ten_million_reads_back() {
    let mut failures = Vec::new();
    for n in 0..=10_000_000i64 {
        let text = bahttext(Baht(n * 100));
        if read_bahttext(&text) != Ok(n * 100) {
            failures.push((n, text));
            if failures.len() > 20 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn bahttext_reads_back_with_satang_and_large_amounts(satang in -1_000_000_000_000_000i64..=1_000_000_000_000_000i64) {
        let text = bahttext(Baht(satang));
        prop_assert_eq!(read_bahttext(&text), Ok(satang), "{}", text);
    }

    #[test]
    fn amounts_print_and_parse_back(satang in 0i64..=1_000_000_000_000_000i64, thai in any::<bool>()) {
        let digits = if thai { Digits::Thai } else { Digits::Arabic };
        let b = Baht(satang);
        let two = format_baht_2(b, digits);
        prop_assert_eq!(Baht::parse_str(&two).ok(), Some(b), "{}", two);
        let short = format_baht(b, digits);
        prop_assert_eq!(Baht::parse_str(&short).ok(), Some(b), "{}", short);
        prop_assert_eq!(Baht::parse_str(&format!("{short} บาท")).ok(), Some(b));
    }

    #[test]
    fn be_and_ce_round_trip(d in any_date()) {
        prop_assert_eq!(d.be_year(), d.year + 543);
        // What the site prints, in both digit styles, reads back to the same day.
        for digits in [Digits::Thai, Digits::Arabic] {
            let long = format_date_long(d, digits);
            prop_assert_eq!(parse_date(&long).ok(), Some(d), "{}", long);
        }
        // What officers type: abbreviated month, BE year; Thai digits; ISO (CE).
        let abbr = format!("{} {} {}", d.day, month_abbr(d.month), d.be_year());
        prop_assert_eq!(parse_date(&abbr).ok(), Some(d), "{}", abbr);
        let thai = to_thai_digits(&format!("{} {} {}", d.day, month_name(d.month), d.be_year()));
        prop_assert_eq!(parse_date(&thai).ok(), Some(d), "{}", thai);
        prop_assert_eq!(parse_date(&d.iso()).ok(), Some(d), "{}", d.iso());
        prop_assert_eq!(Date::from_iso(&d.iso()), Some(d));
        let ce = format!("{} {} ค.ศ. {}", d.day, month_name(d.month), d.year);
        prop_assert_eq!(parse_date(&ce).ok(), Some(d), "{}", ce);
    }

    #[test]
    fn a_ce_year_beside_a_thai_month_is_refused(y in 1900i32..=2100, m in 1u8..=12, day in 1u8..=28) {
        // 2024 beside ต.ค. is a CE year typed where BE is meant: an error, never a guess.
        let typed = format!("{day} {} {y}", month_abbr(m));
        prop_assert!(parse_date(&typed).is_err(), "{}", typed);
    }

    #[test]
    fn days_past_the_end_of_the_month_are_refused(y in CE_YEARS, m in prop::sample::select(vec![2u8, 4, 6, 9, 11]), extra in 0u8..=2) {
        let dim = days_in_month(y, m);
        let day = dim + 1 + extra % (31 - dim);
        let typed = format!("{day} {} {}", month_name(m), y + 543);
        prop_assert!(parse_date(&typed).is_err(), "{}", typed);
    }

    #[test]
    fn five_digit_years_are_refused(day in 1u8..=28, m in 1u8..=12, y in 10_000i32..=99_999) {
        let typed = format!("{day} {} {y}", month_abbr(m));
        prop_assert!(parse_date(&typed).is_err(), "{}", typed);
    }

    #[test]
    fn the_fiscal_year_contains_the_day(d in any_date()) {
        let fy = fiscal_year(d);
        let (start, end) = fiscal_year_bounds(fy).expect("bounds");
        prop_assert!(start <= d && d <= end, "{:?} in {} = {:?}..{:?}", d, fy, start, end);
        prop_assert_eq!((start.month, start.day, end.month, end.day), (10, 1, 9, 30));
        prop_assert_eq!(fiscal_year(start), fy);
        prop_assert_eq!(fiscal_year(end), fy);
        prop_assert_eq!(end.year - start.year, 1);
        prop_assert_eq!(fy, end.be_year());
    }

    #[test]
    fn fiscal_years_change_exactly_on_1_october(y in CE_YEARS) {
        let sep30 = Date::new(y, 9, 30).expect("date");
        let oct1 = Date::new(y, 10, 1).expect("date");
        prop_assert_eq!(fiscal_year(sep30), y + 543);
        prop_assert_eq!(fiscal_year(oct1), y + 544);
        let dec31 = Date::new(y, 12, 31).expect("date");
        let jan1 = Date::new(y + 1, 1, 1).expect("date");
        prop_assert_eq!(fiscal_year(dec31), fiscal_year(jan1));
    }

    #[test]
    fn the_date_parser_never_panics(s in ".{0,40}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn the_date_parser_never_panics_on_near_misses(
        day in "[0-9๐-๙]{0,3}",
        sep in "[ .\\-/]{0,2}",
        month in prop::sample::select(vec!["ต.ค.", "ตค", "ตุลาคม", "ก.พ.", "กุมภาพันธ์", "ธ.ค.", "xx", ""]),
        era in prop::sample::select(vec!["", "พ.ศ.", "ค.ศ.", "พ.ศ", "วันที่"]),
        year in "[0-9๐-๙]{0,6}",
    ) {
        let typed = format!("{day}{sep}{month}{sep}{era}{year}");
        if let Ok(d) = parse_date(&typed) {
            prop_assert!(Date::new(d.year, d.month, d.day).is_some());
        }
    }
}
