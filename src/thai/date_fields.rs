//! Reading the day and year numbers of a Thai date, with the plausible-year rules.

use super::date::BE_OFFSET;
use super::date_error::{DateError, err, err_forms, show};

/// Plausible Buddhist Era years.
pub(super) const BE_RANGE: std::ops::RangeInclusive<i32> = 2400..=2700;
/// Plausible explicit (ค.ศ.) Common Era years: the BE range shifted.
pub(super) const CE_RANGE: std::ops::RangeInclusive<i32> = (2400 - BE_OFFSET)..=(2700 - BE_OFFSET);
/// CE years likely typed where a BE year was meant.
pub(super) const LIKELY_CE: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The day of the month as typed: 1–31, at most 2 digits.
pub(super) fn parse_day(text: &str) -> Result<u8, DateError> {
    if text.len() == 4 {
        return Err(err_forms(
            format!("วันที่ขึ้นต้นด้วยปี \"{text}\": แบบไทยเขียน วัน เดือน ปี; แบบ ISO ต้องเป็น YYYY-MM-DD พอดี"),
            format!(
                "the date starts with a year \"{text}\": Thai dates are day month year; ISO dates must be exactly YYYY-MM-DD"
            ),
        ));
    }
    match text.parse::<u8>() {
        Ok(d @ 1..=31) if text.len() <= 2 => Ok(d),
        _ => Err(err(
            format!("วันที่ \"{}\" ไม่ถูกต้อง", show(text)),
            format!("day \"{}\" is not valid", show(text)),
            "วันที่ต้องเป็น 1–31",
            "the day must be 1–31",
        )),
    }
}

/// The CE year for a typed year: BE unless `explicit_ce` (ค.ศ.), always 4 digits, plausible.
pub(super) fn parse_year(text: &str, explicit_ce: bool) -> Result<i32, DateError> {
    if text.len() == 2 {
        return Err(err(
            format!("ปี ๒ หลัก \"{text}\" กำกวม"),
            format!("a 2-digit year \"{text}\" is ambiguous"),
            &format!("เขียนปี พ.ศ. ๔ หลัก เช่น 25{text}"),
            &format!("write the 4-digit BE year, e.g. 25{text}"),
        ));
    }
    let year = match text.parse::<i32>() {
        Ok(y) if text.len() == 4 => y,
        _ => {
            return Err(err(
                format!("ปี \"{}\" ต้องมี ๔ หลัก", show(text)),
                format!("the year \"{}\" must have 4 digits", show(text)),
                "เขียนปี พ.ศ. ๔ หลัก ระหว่าง 2400–2700 เช่น 2567",
                "write a 4-digit BE year between 2400 and 2700, e.g. 2567",
            ));
        }
    };
    if explicit_ce {
        if CE_RANGE.contains(&year) {
            return Ok(year);
        }
        return Err(err(
            format!(
                "ปี ค.ศ. {year} อยู่นอกช่วงที่เป็นไปได้ ({}–{})",
                CE_RANGE.start(),
                CE_RANGE.end()
            ),
            format!(
                "CE year {year} is outside the plausible range {}–{}",
                CE_RANGE.start(),
                CE_RANGE.end()
            ),
            &format!("ถ้าเป็นปี พ.ศ. ให้เขียน พ.ศ. {year}"),
            &format!("if it is a BE year, write พ.ศ. {year}"),
        ));
    }
    if BE_RANGE.contains(&year) {
        return Ok(year - BE_OFFSET);
    }
    if LIKELY_CE.contains(&year) {
        let be = year + BE_OFFSET;
        return Err(err(
            format!("ปี {year} ดูเป็นปี ค.ศ. แต่ปีที่มากับชื่อเดือนไทยต้องเป็น พ.ศ."),
            format!("year {year} looks like CE, but a year with a Thai month name must be BE"),
            &format!("หมายถึง พ.ศ. {be} หรือไม่ (หรือเขียน ค.ศ. {year})"),
            &format!("did you mean พ.ศ. {be}? (or write ค.ศ. {year})"),
        ));
    }
    Err(err(
        format!("ปี พ.ศ. {year} อยู่นอกช่วงที่เป็นไปได้ (2400–2700)"),
        format!("BE year {year} is outside the plausible range 2400–2700"),
        "ตรวจปี พ.ศ. เช่น 2567",
        "check the BE year, e.g. 2567",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(parse_day("1"), Ok(1));
        assert_eq!(parse_day("01"), Ok(1));
        assert_eq!(parse_day("31"), Ok(31));
        for bad in [
            "0",
            "00",
            "32",
            "99",
            "001",
            "2024",
            "",
            "999999999999999999999",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
        assert!(
            parse_day("2024")
                .unwrap_err()
                .en
                .contains("starts with a year")
        );
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2567", false), Ok(2024));
        assert_eq!(parse_year("2400", false), Ok(1857));
        assert_eq!(parse_year("2700", false), Ok(2157));
        assert_eq!(parse_year("2024", true), Ok(2024));
        assert_eq!(parse_year("1857", true), Ok(1857));
        assert_eq!(parse_year("2157", true), Ok(2157));
        assert!(parse_year("1856", true).is_err());
        assert!(parse_year("2158", true).is_err());
        assert!(
            parse_year("2399", false)
                .unwrap_err()
                .en
                .contains("outside")
        );
        assert!(
            parse_year("2701", false)
                .unwrap_err()
                .en
                .contains("outside")
        );
        assert!(parse_year("0000", false).is_err());
        assert!(
            parse_year("1900", false)
                .unwrap_err()
                .hint
                .contains("พ.ศ. 2443")
        );
        assert!(
            parse_year("2100", false)
                .unwrap_err()
                .hint
                .contains("พ.ศ. 2643")
        );
        assert!(
            parse_year("1899", false)
                .unwrap_err()
                .en
                .contains("outside")
        );
        assert!(parse_year("67", false).unwrap_err().hint.contains("2567"));
        assert!(parse_year("67", true).unwrap_err().en.contains("2-digit"));
        for bad in ["6", "567", "25670", "02567", "", "99999999999999999999"] {
            assert!(
                parse_year(bad, false).unwrap_err().en.contains("4 digits"),
                "{bad}"
            );
        }
    }
}
