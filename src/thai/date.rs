//! Calendar dates (CE inside, BE for people), the Thai fiscal year, month names and formatting.

use serde::{Serialize, Serializer};

use super::digits::{Digits, apply_digits};

pub use super::date_parse::{DateError, parse_date};

/// Years between the Buddhist Era and the Common Era: BE = CE + 543.
pub(crate) const BE_OFFSET: i32 = 543;

/// A calendar day in the proleptic Gregorian calendar; the year is CE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year of the Common Era (CE), 1..=9999.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
}

/// Whether `year` (CE) is a Gregorian leap year.
pub(crate) fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year` (CE); 0 for a month outside 1..=12.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date from a CE year (1..=9999), a month and a day, or `None`.
    pub fn new(year_ce: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year_ce) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year_ce, month) {
            return None;
        }
        Some(Date {
            year: year_ce,
            month,
            day,
        })
    }

    /// The ISO 8601 form, e.g. `2024-10-01`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses the strict ISO form `YYYY-MM-DD` (CE, ASCII digits), or `None`.
    pub fn from_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let year = ascii_number(b.get(0..4)?)?;
        let month = ascii_number(b.get(5..7)?)?;
        let day = ascii_number(b.get(8..10)?)?;
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The Buddhist Era year (CE + 543).
    pub fn be_year(&self) -> i32 {
        self.year.saturating_add(BE_OFFSET)
    }

    /// Day of the week, 0 = Sunday … 6 = Saturday.
    pub fn weekday(&self) -> u8 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        // 1970-01-01 was a Thursday (4).
        u8::try_from((days + 4).rem_euclid(7)).unwrap_or(0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// The value of a run of ASCII digits, or `None` if any byte is not a digit.
fn ascii_number(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u32::from(c - b'0'))
        } else {
            None
        }
    })
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let m = i64::from(month);
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day `days` after 1970-01-01 (H. Hinnant's `civil_from_days`); `None` out of range.
pub fn civil_from_days(days: i64) -> Option<Date> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// The BE fiscal year of a day: 1 Oct – 30 Sep, named by the BE year in which it ends.
pub fn fiscal_year(d: Date) -> i32 {
    let be = d.be_year();
    if d.month >= 10 {
        be.saturating_add(1)
    } else {
        be
    }
}

/// First and last day (1 Oct, 30 Sep) of BE fiscal year `fy_be`, or `None` out of range.
pub fn fiscal_year_bounds(fy_be: i32) -> Option<(Date, Date)> {
    let end_ce = fy_be.checked_sub(BE_OFFSET)?;
    let start = Date::new(end_ce.checked_sub(1)?, 10, 1)?;
    let end = Date::new(end_ce, 9, 30)?;
    Some((start, end))
}

/// Full Thai month names, January first.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated Thai month names, January first.
pub(crate) const MONTH_ABBRS: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// The full Thai name of month `m` (1..=12), or `""`.
pub fn month_name(m: u8) -> &'static str {
    month_index(m)
        .and_then(|i| MONTH_NAMES.get(i))
        .copied()
        .unwrap_or("")
}

/// The abbreviated Thai name of month `m` (1..=12), e.g. `ต.ค.`, or `""`.
pub fn month_abbr(m: u8) -> &'static str {
    month_index(m)
        .and_then(|i| MONTH_ABBRS.get(i))
        .copied()
        .unwrap_or("")
}

/// Zero-based index of a month number 1..=12.
fn month_index(m: u8) -> Option<usize> {
    usize::from(m).checked_sub(1)
}

/// The long Thai form, e.g. `๑ ตุลาคม ๒๕๖๓` (no leading zero, BE year).
pub fn format_date_long(d: Date, digits: Digits) -> String {
    let s = format!("{} {} {}", d.day, month_name(d.month), d.be_year());
    apply_digits(&s, digits)
}

/// The short Thai form, e.g. `๑ ต.ค. ๖๓` (two-digit BE year).
pub fn format_date_short(d: Date, digits: Digits) -> String {
    let yy = d.be_year().rem_euclid(100);
    let s = format!("{} {} {:02}", d.day, month_abbr(d.month), yy);
    apply_digits(&s, digits)
}

/// The fiscal-year heading, e.g. `ปีงบประมาณ พ.ศ. ๒๕๖๘`.
pub fn format_fiscal_year(fy_be: i32, digits: Digits) -> String {
    apply_digits(&format!("ปีงบประมาณ พ.ศ. {fy_be}"), digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn new_validates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 12, 31).is_some());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 0, 1).is_none());
        assert!(Date::new(2024, 1, 0).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert!(Date::new(1, 1, 1).is_some());
        assert!(Date::new(9999, 12, 31).is_some());
        assert!(Date::new(10000, 1, 1).is_none());
        assert!(Date::new(-5, 1, 1).is_none());
        assert!(Date::new(i32::MAX, 1, 1).is_none());
    }

    #[test]
    fn iso_round_trip() {
        assert_eq!(d(2024, 10, 1).iso(), "2024-10-01");
        assert_eq!(d(5, 1, 9).iso(), "0005-01-09");
        assert_eq!(Date::from_iso("2024-10-01"), Some(d(2024, 10, 1)));
        assert_eq!(Date::from_iso("2024-02-29"), Some(d(2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2024-1-01",
            "2024-10-1",
            "24-10-01",
            "2024/10/01",
            "2024-10-01 ",
            " 2024-10-01",
            "๒๐๒๔-๑๐-๐๑",
            "+024-10-01",
            "2024-+1-01",
            "0000-01-01",
            "2024-00-10",
            "abcd-ef-gh",
            "",
            "2024-10-01T00:00",
        ] {
            assert_eq!(Date::from_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn ordering_is_chronological() {
        assert!(d(2024, 1, 31) < d(2024, 2, 1));
        assert!(d(2023, 12, 31) < d(2024, 1, 1));
        assert!(d(2024, 10, 1) < d(2024, 10, 2));
    }

    #[test]
    fn be_year_and_weekday() {
        assert_eq!(d(2024, 10, 1).be_year(), 2567);
        assert_eq!(d(2020, 10, 1).be_year(), 2563);
        assert_eq!(d(1970, 1, 1).weekday(), 4);
        assert_eq!(d(2024, 10, 1).weekday(), 2); // Tuesday
        assert_eq!(d(2000, 1, 1).weekday(), 6); // Saturday
        assert_eq!(d(2025, 1, 15).weekday(), 3); // Wednesday
        assert_eq!(d(2024, 2, 29).weekday(), 4); // Thursday
        assert_eq!(d(1, 1, 1).weekday(), 1); // Monday (proleptic)
        assert_eq!(d(9999, 12, 31).weekday(), 5); // Friday
        let bogus = Date {
            year: i32::MIN,
            month: 200,
            day: 255,
        };
        assert!(bogus.weekday() < 7);
        assert_eq!(
            Date {
                year: i32::MAX,
                ..bogus
            }
            .be_year(),
            i32::MAX
        );
    }

    #[test]
    fn weekdays_advance_by_one() {
        let mut prev = d(2019, 12, 31).weekday();
        for m in 1..=12u8 {
            for day in 1..=days_in_month(2020, m) {
                let w = d(2020, m, day).weekday();
                assert_eq!(w, (prev + 1) % 7);
                prev = w;
            }
        }
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(fiscal_year(d(2023, 10, 1)), 2567);
        assert_eq!(fiscal_year(d(2023, 9, 30)), 2566);
        assert_eq!(fiscal_year(d(2024, 10, 1)), 2568);
        assert_eq!(fiscal_year(d(2024, 9, 30)), 2567);
        assert_eq!(fiscal_year(d(2024, 1, 1)), 2567);
        assert_eq!(fiscal_year(d(2024, 12, 31)), 2568);
        assert_eq!(
            fiscal_year_bounds(2568),
            Some((d(2024, 10, 1), d(2025, 9, 30)))
        );
        assert_eq!(
            fiscal_year_bounds(2567),
            Some((d(2023, 10, 1), d(2024, 9, 30)))
        );
        assert_eq!(fiscal_year_bounds(i32::MIN), None);
        assert_eq!(fiscal_year_bounds(i32::MAX), None);
        assert_eq!(fiscal_year_bounds(544), None); // would start in year 0
        assert!(fiscal_year_bounds(545).is_some());
        for fy in [2500, 2563, 2566, 2567, 2568, 2600] {
            let (start, end) = fiscal_year_bounds(fy).unwrap();
            assert_eq!(fiscal_year(start), fy);
            assert_eq!(fiscal_year(end), fy);
        }
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1), "มกราคม");
        assert_eq!(month_name(10), "ตุลาคม");
        assert_eq!(month_name(12), "ธันวาคม");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(13), "");
        assert_eq!(month_abbr(1), "ม.ค.");
        assert_eq!(month_abbr(3), "มี.ค.");
        assert_eq!(month_abbr(10), "ต.ค.");
        assert_eq!(month_abbr(0), "");
        assert_eq!(month_abbr(255), "");
    }

    #[test]
    fn formatting() {
        let x = d(2020, 10, 1);
        assert_eq!(format_date_long(x, Digits::Thai), "๑ ตุลาคม ๒๕๖๓");
        assert_eq!(format_date_long(x, Digits::Arabic), "1 ตุลาคม 2563");
        assert_eq!(format_date_short(x, Digits::Thai), "๑ ต.ค. ๖๓");
        assert_eq!(format_date_short(x, Digits::Arabic), "1 ต.ค. 63");
        let y = d(2025, 1, 15);
        assert_eq!(format_date_long(y, Digits::Thai), "๑๕ มกราคม ๒๕๖๘");
        assert_eq!(format_date_short(y, Digits::Thai), "๑๕ ม.ค. ๖๘");
        assert_eq!(
            format_date_short(d(1957, 3, 5), Digits::Arabic),
            "5 มี.ค. 00"
        );
        assert_eq!(
            format_date_short(d(1960, 3, 5), Digits::Arabic),
            "5 มี.ค. 03"
        );
        assert_eq!(
            format_fiscal_year(2568, Digits::Thai),
            "ปีงบประมาณ พ.ศ. ๒๕๖๘"
        );
        assert_eq!(
            format_fiscal_year(2568, Digits::Arabic),
            "ปีงบประมาณ พ.ศ. 2568"
        );
    }

    #[test]
    fn serializes_as_iso_string() {
        use super::super::test_probe::{Probe, probe};
        assert_eq!(probe(&d(2024, 10, 1)), Probe::Str("2024-10-01".into()));
        assert_eq!(probe(&d(999, 1, 2)), Probe::Str("0999-01-02".into()));
    }
}
