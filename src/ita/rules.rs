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
    let tags: Vec<String> = r.meta.tags.iter().map(|t| normalise(t)).collect();
    matches_titled(m, &Needles::of(m), r, &normalise(&r.meta.title), &tags)
}

/// The text a rule line looks for, normalised once (a map tests it against every record).
#[derive(Debug, Default, Clone)]
pub struct Needles {
    title: Vec<String>,
    tags: Vec<String>,
}

impl Needles {
    pub fn of(m: &Match) -> Needles {
        Needles {
            title: m.title.iter().map(|x| normalise(x)).collect(),
            tags: m.tags.iter().map(|x| normalise(x)).collect(),
        }
    }
}

/// [`matches`] with the rule line's [`Needles`] and the record's title and tags already
/// normalised: a map tests every record against every rule line, so each is normalised once.
/// The cheap conditions are tested first and the text ones only when they hold.
pub fn matches_titled(m: &Match, n: &Needles, r: &Record, title: &str, tags: &[String]) -> bool {
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
    let tags = n.tags.is_empty() || tags.iter().any(|t| n.tags.contains(t));
    tags && (n.title.is_empty() || n.title.iter().any(|x| title.contains(x.as_str())))
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
