//! Errors for date parsing: bilingual messages and hints.

use super::date::{MONTH_ABBRS, MONTH_NAMES, days_in_month, month_abbr, month_name};

/// Why a date could not be read: Thai and English messages and a bilingual hint.
#[derive(Debug, Clone, PartialEq)]
pub struct DateError {
    /// The problem, in Thai.
    pub th: String,
    /// The problem, in English.
    pub en: String,
    /// How to fix it, in Thai then English.
    pub hint: String,
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.th, self.en)
    }
}

impl std::error::Error for DateError {}

const FORMS_TH: &str = "รูปแบบที่รับได้: ๑ ตุลาคม ๒๕๖๗, ๑ ต.ค. ๒๕๖๗, \
    วันที่ 1 เดือน ตุลาคม พ.ศ. 2567 (ปี พ.ศ. ๔ หลัก) หรือ 2024-10-01 (ค.ศ.)";
const FORMS_EN: &str = "accepted forms: 1 ตุลาคม 2567, 1 ต.ค. 2567 \
    (day, Thai month name, 4-digit BE year) or ISO 2024-10-01 (CE)";

/// An error with a specific hint (Thai, then English).
pub(super) fn err(th: String, en: String, hint_th: &str, hint_en: &str) -> DateError {
    DateError {
        th,
        en,
        hint: format!("{hint_th} / {hint_en}"),
    }
}

/// An error whose hint lists the accepted forms.
pub(super) fn err_forms(th: String, en: String) -> DateError {
    err(th, en, FORMS_TH, FORMS_EN)
}

/// At most 30 characters of `s`, for quoting input in messages.
pub(super) fn show(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().nth(30).is_some() {
        out.push('…');
    }
    out
}

/// The error for a day number the month does not have; `shown_year` is as the user wrote it.
pub(super) fn no_such_day(year_ce: i32, month: u8, day: i32, shown_year: i32) -> DateError {
    if year_ce < 1 {
        return err_forms(
            format!("ปี {shown_year} ไม่ถูกต้อง"),
            format!("year {shown_year} is not valid"),
        );
    }
    let n = days_in_month(year_ce, month);
    let name = month_name(month);
    err(
        format!("{name} {shown_year} ไม่มีวันที่ {day} (มี {n} วัน)"),
        format!("{name} (month {month}) of {shown_year} has no day {day}; it has {n} days"),
        &format!("ใช้วันที่ 1–{n}"),
        &format!("use a day from 1 to {n}"),
    )
}

/// An error for text that does not belong where it stands.
pub(super) fn unexpected(text: &str, where_th: &str, where_en: &str) -> DateError {
    err_forms(
        format!("มีข้อความที่ไม่รู้จัก \"{}\" {where_th}", show(text)),
        format!("unexpected text \"{}\" {where_en}", show(text)),
    )
}

/// The error for an unknown month word, naming the nearest month names.
pub(super) fn unknown_month(word: &str) -> DateError {
    let w: Vec<char> = word.chars().filter(|c| *c != '.').take(40).collect();
    let mut scored: Vec<(usize, u8)> = (1u8..)
        .zip(MONTH_NAMES.iter().zip(MONTH_ABBRS))
        .map(|(m, (name, abbr))| {
            let full: Vec<char> = name.chars().collect();
            let short: Vec<char> = abbr.chars().filter(|c| *c != '.').collect();
            // A shortened full name (กุมภา, ตุลา) is as near as it gets.
            let is_prefix = w.len() >= 2 && full.starts_with(&w);
            let d =
                strsim::generic_levenshtein(&w, &full).min(strsim::generic_levenshtein(&w, &short));
            (if is_prefix { 0 } else { d }, m)
        })
        .collect();
    scored.sort();
    let best = scored.first().map_or(0, |s| s.0);
    let near: Vec<String> = if best <= (w.len() / 2).max(2) {
        scored
            .iter()
            .take(3)
            .filter(|(d, _)| *d <= best + 1)
            .map(|(_, m)| format!("{} ({})", month_name(*m), month_abbr(*m)))
            .collect()
    } else {
        MONTH_ABBRS.iter().map(|a| a.to_string()).collect()
    };
    let list = near.join(", ");
    err(
        format!("ไม่รู้จักชื่อเดือน \"{}\"", show(word)),
        format!("unknown month name \"{}\"", show(word)),
        &format!("ชื่อเดือนที่ใกล้เคียง: {list}"),
        &format!("nearest month names: {list}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_months() {
        let hint = |w: &str| unknown_month(w).hint;
        assert!(hint("กุมภา").starts_with("ชื่อเดือนที่ใกล้เคียง: กุมภาพันธ์ (ก.พ.) /"));
        assert!(hint("ตุลา").contains("ตุลาคม (ต.ค.)"));
        assert!(hint("พฤศจิ").contains("พฤศจิกายน (พ.ย.)"));
        assert!(hint("ธันวาคอม").contains("ธันวาคม (ธ.ค.)"));
        assert!(hint("ต.ข.").contains("ต.ค."));
        // Nothing near: every abbreviation is listed.
        let all = hint("October");
        for m in 1..=12 {
            assert!(all.contains(month_abbr(m)), "{all}");
        }
        assert!(!unknown_month(&"ก".repeat(1000)).hint.is_empty());
    }

    #[test]
    fn messages() {
        let e = no_such_day(2023, 2, 30, 2566);
        assert_eq!(e.th, "กุมภาพันธ์ 2566 ไม่มีวันที่ 30 (มี 28 วัน)");
        assert!(e.hint.contains("1–28"));
        assert!(no_such_day(0, 1, 1, 0).en.contains("not valid"));
        assert_eq!(show("abc"), "abc");
        assert_eq!(show(&"ก".repeat(31)), format!("{}…", "ก".repeat(30)));
        let e = err("ท".into(), "e".into(), "ไทย", "eng");
        assert_eq!(e.hint, "ไทย / eng");
        assert_eq!(e.to_string(), "ท (e)");
        assert!(
            err_forms("ท".into(), "e".into())
                .hint
                .contains("2024-10-01")
        );
    }
}
