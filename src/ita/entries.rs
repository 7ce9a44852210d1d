//! The pages that serve an item, as the map lists them: a record, a fiscal-year list, the
//! procurement summary; each with its absolute URL and its click path from the home page.

use serde::Serialize;

use std::sync::Arc;

use crate::content::{Kind, Record};
use crate::site::Site;
use crate::site::pages::Job;
use crate::thai::{Date, apply_digits};

use super::catalogue::{Derived, EvidenceYear};
use super::rules::{in_year, years_of};

/// How an entry came to serve an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// The item's `rule`.
    Rule,
    /// The record's own `oit` field.
    Oit,
    /// A page the generator makes (list, procurement summary).
    Derived,
}

/// A page that serves an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub title: String,
    pub date: Option<Date>,
    /// The fiscal years the page is about (a plan: its first and last year).
    pub years: (i32, i32),
    /// Path-absolute URL under the base path (for links inside the site).
    pub url: String,
    /// Absolute URL, as the assessor submits it.
    pub permalink: String,
    /// The click path from the home page, its last step being this page.
    pub click_path: Vec<String>,
    pub kind: String,
    /// The record's file (none for a generated page).
    pub source: Option<String>,
    pub via: Via,
}

/// The navigation (site path, label) that click paths start from.
pub type Nav<'a> = &'a [(&'a str, &'a str)];

/// The menu label under which a site path's list is found.
fn nav_label(nav: Nav<'_>, folder: &str, fallback: &str) -> String {
    // Reports are listed on the plans page ("แผนและรายงาน").
    let folder = if folder == "reports" { "plans" } else { folder };
    nav.iter()
        .find(|(p, _)| p.trim_end_matches('/') == folder)
        .map_or(fallback, |(_, l)| l)
        .to_string()
}

fn home(nav: Nav<'_>) -> String {
    nav.iter()
        .find(|(p, _)| p.is_empty())
        .map_or("หน้าแรก", |(_, l)| l)
        .to_string()
}

/// The record of the plan a project belongs to (its title is on the project's click path).
pub fn plan_of<'s>(site: &'s Site, r: &Record) -> Option<&'s Arc<Record>> {
    if r.kind != Kind::Project {
        return None;
    }
    let p = r.plan.as_deref().and_then(|f| site.plans.get(f))?;
    site.records.get(p.record)
}

pub fn record_entry(site: &Site, nav: Nav<'_>, i: usize, via: Via) -> Entry {
    let r = &site.records[i];
    let path = site.paths.get(i).cloned().unwrap_or_default();
    let mut click = vec![home(nav), nav_label(nav, r.kind.folder(), r.kind.label())];
    if let Some(plan) = plan_of(site, r) {
        click.push(plan.meta.title.clone());
    }
    click.push(r.meta.title.clone());
    Entry {
        title: r.meta.title.clone(),
        date: Some(r.meta.date),
        years: years_of(r),
        url: site.url(i),
        permalink: site.config.permalink(&path),
        click_path: click,
        kind: r.kind.name().to_string(),
        source: Some(r.source.display().to_string().replace('\\', "/")),
        via,
    }
}

fn page_entry(
    site: &Site,
    title: String,
    path: String,
    click: Vec<String>,
    fy: (i32, i32),
) -> Entry {
    Entry {
        title,
        date: None,
        years: fy,
        url: site.config.url(&path),
        permalink: site.config.permalink(&path),
        click_path: click,
        kind: "derived".into(),
        source: None,
        via: Via::Derived,
    }
}

/// The generated pages of `d`, each with the fiscal years it is about.
pub fn derived_entries(
    site: &Site,
    nav: Nav<'_>,
    d: Derived,
    ev: EvidenceYear,
    year: i32,
) -> Vec<Entry> {
    let digits = site.config.site.digits;
    match d.list_kind() {
        None => site
            .procurement
            .keys()
            .map(|&y| {
                // The page's own title (one title function: `Site::title`).
                let job = Job::ProcurementSummary(y);
                let title = site.title(job).unwrap_or_default();
                let click = vec![
                    home(nav),
                    nav_label(nav, "procurement", "จัดซื้อจัดจ้าง"),
                    title.clone(),
                ];
                page_entry(site, title, site.site_path(job), click, (y, y))
            })
            .collect(),
        Some(kind) if kind.has_years() => site
            .years
            .get(&kind)
            .into_iter()
            .flatten()
            .filter(|(_, list)| !list.is_empty())
            .map(|(&y, list)| {
                let label = nav_label(nav, kind.folder(), kind.label());
                let n = apply_digits(&list.len().to_string(), digits);
                let job = Job::Year(kind, y, 1);
                let title = format!("{} ({n} รายการ)", site.title(job).unwrap_or_default());
                let click = vec![home(nav), label, apply_digits(&y.to_string(), digits)];
                page_entry(site, title, site.site_path(job), click, (y, y))
            })
            .collect(),
        Some(kind) => {
            let list = site.lists.get(&kind).map_or(&[][..], Vec::as_slice);
            if list.is_empty() {
                return Vec::new();
            }
            // A list without years is evidence when one of its records is.
            let fy = list
                .iter()
                .map(|&i| years_of(&site.records[i]))
                .find(|&y| in_year(ev, year, y))
                .unwrap_or_else(|| years_of(&site.records[list[0]]));
            let label = nav_label(nav, kind.folder(), kind.label());
            let n = apply_digits(&list.len().to_string(), digits);
            let title = format!("{} ({n} รายการ)", kind.label());
            vec![page_entry(
                site,
                title,
                format!("{}/", kind.folder()),
                vec![home(nav), label],
                fy,
            )]
        }
    }
}
