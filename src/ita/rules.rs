//! The rule of an item applied to a record: which records match, which fiscal years they are
//! evidence for, and which catalogue an `oit` code of a record names.

use crate::content::{Data, Kind, Record};
use crate::thai::{fiscal_year, to_arabic_digits};

use super::catalogue::{EvidenceYear, Match};

/// Text compared by the `title` and `tags` conditions: no spaces, Arabic digits, one kind of
/// dash, lower case.
pub fn normalise(s: &str) -> String {
    to_arabic_digits(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' | '−' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether record `r` matches one line of a rule.
pub fn matches(m: &Match, r: &Record) -> bool {
    matches_titled(m, r, &normalise(&r.meta.title))
}

/// [`matches`] with the record's title already normalised: a map tests every record against
/// every rule line, so the title is normalised once per record, not once per line. The cheap
/// conditions are tested first and the text ones only when they hold.
pub fn matches_titled(m: &Match, r: &Record, title: &str) -> bool {
    if m.is_empty() {
        return false;
    }
    let kind = m.kinds.is_empty() || m.kinds.contains(&r.kind);
    let category = m.categories.is_empty()
        || matches!(&r.data, Data::Announcement(a) if m.categories.contains(&a.category));
    let stage = m.stages.is_empty()
        || matches!(&r.data, Data::Procurement(p) if m.stages.contains(&p.stage));
    let report = m.report_types.is_empty()
        || matches!(&r.data, Data::Report(x) if m.report_types.contains(&x.report_type));
    let section = m.sections.is_empty()
        || matches!(&r.data, Data::Page(p) if m.sections.contains(&p.section));
    let page = m.pages.is_empty() || (r.kind == Kind::Page && m.pages.contains(&r.slug));
    if !(kind && category && stage && report && section && page) {
        return false;
    }
    let tags = m.tags.is_empty()
        || r.meta.tags.iter().any(|t| {
            let t = normalise(t);
            m.tags.iter().any(|x| normalise(x) == t)
        });
    tags && (m.title.is_empty() || m.title.iter().any(|x| title.contains(&normalise(x))))
}

/// The fiscal years a record is about: a plan covers its years, anything else its fiscal year.
pub fn years_of(r: &Record) -> (i32, i32) {
    match &r.data {
        Data::Plan(p) => (p.years[0].min(p.years[1]), p.years[0].max(p.years[1])),
        _ => (r.fiscal_year, r.fiscal_year),
    }
}

/// Whether a page about fiscal years `lo..=hi` is evidence for ITA year `year`.
pub fn in_year(ev: EvidenceYear, year: i32, (lo, hi): (i32, i32)) -> bool {
    match ev {
        EvidenceYear::Assessed => (lo..=hi).contains(&year),
        EvidenceYear::Previous => (lo..=hi).contains(&(year - 1)),
        EvidenceYear::Standing => lo <= year,
    }
}

/// The ITA year an `oit` code of record `r` refers to, and the bare code: `"2568:O12"` names
/// ITA 2568; a bare `"O12"` names the ITA year of the fiscal year the record was published in.
pub fn bind_code(r: &Record, code: &str) -> (i32, String) {
    let code = to_arabic_digits(code.trim());
    if let Some((y, c)) = code.split_once(':')
        && let Ok(y) = y
            .trim()
            .to_ascii_uppercase()
            .trim_start_matches("ITA")
            .trim()
            .parse::<i32>()
    {
        return (y, c.trim().to_string());
    }
    (fiscal_year(r.meta.date), code)
}
