//! Parsing dates as officers type them: ISO `2024-10-01` (CE) or Thai day–month–year (BE).
//!
//! Accepted, with Thai or Arabic digits and any spacing: `2024-10-01`, `1 ต.ค. 2567`,
//! `๑ ตุลาคม ๒๕๖๗`, `วันที่ 1 เดือน ตุลาคม พ.ศ.2563`, `1 ตค ค.ศ. 2024`. Anything ambiguous is an
//! error with a bilingual message and a hint; nothing is guessed.

use super::date::{BE_OFFSET, Date, month_name};
use super::date_error::{err, err_forms, no_such_day, show, unexpected, unknown_month};
use super::date_fields::{BE_RANGE, parse_day, parse_year};
use super::date_lex::{Kind, Tok, lex, normalize};

pub use super::date_error::DateError;

/// Longest input (in characters, after normalising) worth reading as a date.
const MAX_CHARS: usize = 100;

/// Parses a date typed by an officer; see the module docs for the accepted forms.
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let norm = normalize(s);
    if norm.is_empty() {
        return Err(err_forms("ไม่ได้ระบุวันที่".into(), "the date is empty".into()));
    }
    if norm.chars().nth(MAX_CHARS).is_some() {
        return Err(err_forms(
            format!("ข้อความยาวเกินกว่าจะเป็นวันที่: \"{}\"", show(&norm)),
            format!("text too long to be a date: \"{}\"", show(&norm)),
        ));
    }
    if norm.contains('/') {
        return Err(err(
            format!("รูปแบบมีทับ (/) กำกวม: \"{}\"", show(&norm)),
            format!(
                "slash dates are ambiguous (day/month order, BE or CE): \"{}\"",
                show(&norm)
            ),
            "เขียนชื่อเดือนเป็นภาษาไทย เช่น 1 ต.ค. 2567 หรือใช้ 2024-10-01 (ค.ศ.)",
            "write the Thai month name, e.g. 1 ต.ค. 2567, or ISO 2024-10-01 (CE)",
        ));
    }
    if norm
        .chars()
        .all(|c| c.is_ascii_digit() || "-. ".contains(c))
    {
        return parse_numeric(&norm);
    }
    parse_thai(&lex(&norm))
}

/// Only ISO `YYYY-MM-DD` is accepted among all-numeric forms.
fn parse_numeric(s: &str) -> Result<Date, DateError> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return Err(err(
            format!("รูปแบบตัวเลขล้วนกำกวม: \"{}\"", show(s)),
            format!(
                "an all-numeric date other than ISO YYYY-MM-DD is ambiguous: \"{}\"",
                show(s)
            ),
            "ใช้ 2024-10-01 (ค.ศ. ปี-เดือน-วัน) หรือเขียนชื่อเดือน เช่น 1 ต.ค. 2567",
            "use ISO 2024-10-01 (CE year-month-day) or a Thai month name, e.g. 1 ต.ค. 2567",
        ));
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i32>().ok()).unwrap_or(0);
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    if BE_RANGE.contains(&year) {
        let ce = year - BE_OFFSET;
        return Err(err(
            format!("วันที่แบบ ISO ต้องใช้ปี ค.ศ. แต่ {year} ดูเป็นปี พ.ศ."),
            format!("ISO dates take a CE year, but {year} looks like a BE year"),
            &format!(
                "หมายถึง {ce:04}-{month:02}-{day:02} หรือไม่ หรือเขียน {day} {} {year}",
                month_or_num(month)
            ),
            &format!(
                "did you mean {ce:04}-{month:02}-{day:02}? Or write {day} {} {year}",
                month_or_num(month)
            ),
        ));
    }
    let u8_of = |v: i32| u8::try_from(v).unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err(err_forms(
            format!("ไม่มีเดือนที่ {month} (ต้องเป็น 01–12): \"{s}\""),
            format!("there is no month {month} (must be 01–12): \"{s}\""),
        ));
    }
    Date::new(year, u8_of(month), u8_of(day))
        .ok_or_else(|| no_such_day(year, u8_of(month), day, year))
}

fn month_or_num(m: i32) -> String {
    let name = u8::try_from(m).map(month_name).unwrap_or("");
    if name.is_empty() {
        format!("เดือน {m}")
    } else {
        name.to_string()
    }
}

/// Reads `[วันที่] day [เดือน] month [era] year` and nothing more.
fn parse_thai(toks: &[Tok]) -> Result<Date, DateError> {
    let mut it = toks.iter().peekable();
    it.next_if(|t| t.kind == Kind::DayPrefix);
    let day = match it.next() {
        Some(t) if t.kind == Kind::Num => parse_day(&t.text)?,
        Some(t) if matches!(t.kind, Kind::Month(_)) => {
            return Err(err_forms(
                format!("ไม่มีวันที่ก่อนชื่อเดือน \"{}\"", t.text),
                format!("the day is missing before the month \"{}\"", t.text),
            ));
        }
        Some(t) => return Err(unexpected(&t.text, "ก่อนวันที่", "before the day")),
        None => return Err(err_forms("ไม่มีวันที่".into(), "the day is missing".into())),
    };
    it.next_if(|t| t.kind == Kind::MonthPrefix);
    let month = match it.next() {
        Some(Tok {
            kind: Kind::Month(m),
            ..
        }) => *m,
        Some(t) if t.kind == Kind::Unknown => return Err(unknown_month(&t.text)),
        Some(t) if t.kind == Kind::Num => {
            return Err(err(
                format!("เดือนเป็นตัวเลข \"{}\" กำกวม", show(&t.text)),
                format!("a numeric month \"{}\" is ambiguous", show(&t.text)),
                "เขียนชื่อเดือนภาษาไทย เช่น ต.ค. หรือ ตุลาคม",
                "write the Thai month name, e.g. ต.ค. or ตุลาคม",
            ));
        }
        Some(t) => {
            return Err(unexpected(
                &t.text,
                "แทนชื่อเดือน",
                "where the month should be",
            ));
        }
        None => {
            return Err(err_forms(
                "ไม่มีชื่อเดือนและปี".into(),
                "the month and year are missing".into(),
            ));
        }
    };
    let era = it
        .next_if(|t| matches!(t.kind, Kind::EraBe | Kind::EraCe))
        .map(|t| t.kind);
    let year_tok = match it.next() {
        Some(t) if t.kind == Kind::Num => t,
        Some(t) => return Err(unexpected(&t.text, "แทนปี", "where the year should be")),
        None => {
            return Err(err(
                "ไม่มีปี".into(),
                "the year is missing".into(),
                "เติมปี พ.ศ. ๔ หลัก เช่น 1 ต.ค. 2567",
                "add the 4-digit BE year, e.g. 1 ต.ค. 2567",
            ));
        }
    };
    let year_ce = parse_year(&year_tok.text, era == Some(Kind::EraCe))?;
    if let Some(t) = it.next() {
        return Err(unexpected(&t.text, "หลังปี", "after the year"));
    }
    let shown = if era == Some(Kind::EraCe) {
        year_ce
    } else {
        year_ce + BE_OFFSET
    };
    Date::new(year_ce, month, day).ok_or_else(|| no_such_day(year_ce, month, i32::from(day), shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        match parse_date(s) {
            Ok(d) => d.iso(),
            Err(e) => panic!("{s:?} failed: {e} / {}", e.hint),
        }
    }

    fn bad(s: &str) -> DateError {
        match parse_date(s) {
            Ok(d) => panic!("{s:?} parsed as {}", d.iso()),
            Err(e) => {
                assert!(!e.th.is_empty() && !e.en.is_empty() && !e.hint.is_empty());
                e
            }
        }
    }

    #[test]
    fn required_oracles() {
        for s in [
            "1 ต.ค. 2567",
            "๑ ตุลาคม ๒๕๖๗",
            "2024-10-01",
            "1 ตุลาคม พ.ศ. 2567",
            "๑ ต.ค. ๒๕๖๗",
        ] {
            assert_eq!(ok(s), "2024-10-01", "{s}");
        }
        assert_eq!(ok("1 เดือน ตุลาคม พ.ศ.2563"), "2020-10-01");
        assert_eq!(ok("๑๕ ม.ค. ๒๕๖๘"), "2025-01-15");
        assert_eq!(ok("29 ก.พ. 2567"), "2024-02-29");
    }

    #[test]
    fn spelling_and_spacing_variants() {
        for s in [
            "  1 ต.ค. 2567  ",
            "1\u{00A0}ต.ค.\u{00A0}2567",
            "1   ต.ค.\t2567",
            "1 ตค 2567",
            "1 ตค. 2567",
            "1 ต.ค 2567",
            "1 ต. ค. 2567",
            "1ต.ค.2567",
            "01 ต.ค. 2567",
            "วันที่ 1 ตุลาคม 2567",
            "วันที่1 ตุลาคม 2567",
            "วันที่ ๑ เดือน ตุลาคม พ.ศ. ๒๕๖๗",
            "1 เดือนตุลาคม พ.ศ.2567",
            "1 ตุลาคม พ.ศ 2567",
            "1 ตุลาคม พศ 2567",
            "1 ตุลาคมพ.ศ.2567",
            "1 ต.ค. พ.ศ. 2567",
            "1 ต.ค.พ.ศ.2567",
            "1 ตุลาคม พุทธศักราช 2567",
            "1 ตุลาคม พุทธศักราช ๒๕๖๗",
            "1 ตุลาคม ค.ศ. 2024",
            "1 ต.ค. ค.ศ.2024",
            "1 ตุลาคม คริสต์ศักราช 2024",
            "1 ตุ\u{200B}ลาคม 2567",
            "\u{FEFF}1 ตุลาคม 2567",
            "๒๐๒๔-๑๐-๐๑",
            " 2024-10-01\n",
        ] {
            assert_eq!(ok(s), "2024-10-01", "{s}");
        }
    }

    #[test]
    fn every_month_every_spelling() {
        for m in 1..=12u8 {
            let abbr = super::super::month_abbr(m);
            let bare: String = abbr.chars().filter(|c| *c != '.').collect();
            let want = format!("2025-{m:02}-15");
            for name in [super::super::month_name(m), abbr, bare.as_str()] {
                assert_eq!(ok(&format!("15 {name} 2568")), want, "{name}");
                assert_eq!(ok(&format!("๑๕{name}๒๕๖๘")), want, "{name}");
            }
        }
    }

    #[test]
    fn month_lengths() {
        assert_eq!(ok("31 ม.ค. 2568"), "2025-01-31");
        assert_eq!(ok("30 เม.ย. 2568"), "2025-04-30");
        assert_eq!(ok("31 ธ.ค. 2567"), "2024-12-31");
        assert_eq!(ok("29 กุมภาพันธ์ 2543"), "2000-02-29");
        let e = bad("29 ก.พ. 2566");
        assert!(
            e.en.contains("has no day 29") && e.en.contains("28 days"),
            "{e:?}"
        );
        assert!(e.th.contains("2566"), "{e:?}");
        let e = bad("31 ก.พ. 2567");
        assert!(e.en.contains("29 days"), "{e:?}");
        bad("31 เม.ย. 2568");
        bad("29 ก.พ. 2443"); // 1900 was not a leap year
        bad("0 ต.ค. 2567");
        bad("32 ต.ค. 2567");
        bad("001 ต.ค. 2567");
        bad("2023-02-29");
        bad("2024-13-01");
        bad("2024-00-01");
        bad("2024-10-00");
        bad("0000-01-01");
    }

    #[test]
    fn year_errors() {
        let e = bad("1 ต.ค. 25670");
        assert!(e.en.contains("4 digits"), "{e:?}");
        let e = bad("1 ต.ค. 67");
        assert!(e.en.contains("2-digit"), "{e:?}");
        assert!(e.hint.contains("2567"), "{e:?}");
        let e = bad("1 ต.ค. 2024");
        assert!(e.hint.contains("พ.ศ. 2567"), "{e:?}");
        let e = bad("1 ต.ค. พ.ศ. 2024");
        assert!(e.hint.contains("พ.ศ. 2567"), "{e:?}");
        let e = bad("1 ต.ค. 1800");
        assert!(e.en.contains("outside"), "{e:?}");
        bad("1 ต.ค. 2399");
        bad("1 ต.ค. 2701");
        assert_eq!(ok("1 ม.ค. 2400"), "1857-01-01");
        assert_eq!(ok("31 ธ.ค. 2700"), "2157-12-31");
        let e = bad("1 ต.ค. ค.ศ. 2567");
        assert!(e.hint.contains("พ.ศ. 2567"), "{e:?}");
        bad("1 ต.ค. 567");
        bad("1 ต.ค. 0");
        bad("1 ต.ค.");
        bad("1 ตุลาคม");
        bad("1 ตุลาคม พ.ศ.");
        let e = bad("2567-10-01");
        assert!(e.hint.contains("2024-10-01"), "{e:?}");
    }

    #[test]
    fn ambiguous_forms() {
        let e = bad("1/10/2567");
        assert!(e.en.contains("slash"), "{e:?}");
        bad("1/ต.ค./2567");
        bad("01-10-2567");
        bad("1.10.2567");
        bad("1 10 2567");
        bad("2567");
        bad("20241001");
        bad("2024-10-1");
        let e = bad("1 10 ต.ค. 2567");
        assert!(e.en.contains("numeric month"), "{e:?}");
    }

    #[test]
    fn unknown_and_extra_text() {
        let e = bad("1 ตุลาคา 2567");
        assert!(e.en.contains("unknown month"), "{e:?}");
        assert!(e.hint.contains("ตุลาคม"), "{e:?}");
        let e = bad("1 มีนา 2567");
        assert!(e.hint.contains("มีนาคม"), "{e:?}");
        let e = bad("1 October 2567");
        assert!(e.hint.contains("ม.ค.") && e.hint.contains("ธ.ค."), "{e:?}");
        let e = bad("1 ต.ค. 2567 เวลา 10.00 น.");
        assert!(e.en.contains("after the year"), "{e:?}");
        bad("1 ต.ค. 2567 2568");
        bad("1 ต.ค. 2567-");
        bad("2024-10-01 ต.ค.");
        bad("2024-10-01T00:00:00");
        let e = bad("ประกาศ ณ วันที่ 1 ตุลาคม 2567");
        assert!(e.en.contains("before the day"), "{e:?}");
        let e = bad("ตุลาคม 2567");
        assert!(e.en.contains("day is missing"), "{e:?}");
        bad("วันที่");
        bad("วันที่ วันที่ 1 ต.ค. 2567");
        bad("1 เดือน เดือน ต.ค. 2567");
        bad("1 ต.ค. พ.ศ. พ.ศ. 2567");
        bad("1 ต.ค. ต.ค. 2567");
        bad("1, ต.ค. 2567");
    }

    #[test]
    fn never_panics_on_junk() {
        let e = bad("");
        assert!(e.en.contains("empty"));
        bad("   \u{00A0} ");
        bad("😀");
        bad("1 😀 2567");
        bad("1 ต.ค. 😀");
        bad("\u{0E47}\u{0E48}\u{0E31}");
        bad("....");
        bad("-");
        bad("--");
        bad("99999999999999999999999 ต.ค. 2567");
        bad("1 ต.ค. 99999999999999999999999");
        let e = bad(&"ต.ค. ".repeat(10_000));
        assert!(e.en.contains("too long"));
        bad(&"1".repeat(100_000));
        bad(&"😀".repeat(99));
        bad("ก");
        bad("\u{0}");
        bad("1 \u{0E30}\u{0E31}\u{0E34} 2567");
        // Strings cut at every char boundary never panic.
        let full = "วันที่ ๑ เดือน ตุลาคม พ.ศ.๒๕๖๗";
        for (i, _) in full.char_indices() {
            let _ = parse_date(full.get(..i).unwrap_or(""));
            let _ = parse_date(full.get(i..).unwrap_or(""));
        }
    }

    #[test]
    fn round_trip_with_formatting() {
        use super::super::{Digits, format_date_long};
        let mut date = Date::new(2023, 1, 1).unwrap();
        for _ in 0..800 {
            for digits in [Digits::Thai, Digits::Arabic] {
                assert_eq!(parse_date(&format_date_long(date, digits)), Ok(date));
            }
            assert_eq!(parse_date(&date.iso()), Ok(date));
            let next = date.day + 1;
            date = Date::new(date.year, date.month, next)
                .or_else(|| Date::new(date.year, date.month + 1, 1))
                .or_else(|| Date::new(date.year + 1, 1, 1))
                .unwrap();
        }
    }
}
