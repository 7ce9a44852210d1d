//! What `list.html` receives: one page of the list of a kind, or of its list in one fiscal
//! year, with the links between the pages.

use serde::Serialize;
use serde_json::Value;

use crate::content::Kind;
use crate::site::pages::{Job, page_dir};
use crate::site::{PER_PAGE, Site, pages_of};

use super::page::{Crumb, SummaryLink, crumb, year_crumb};
use super::{Renderer, context};

/// `list.html`: one page of a list of a kind, or of its list in one fiscal year.
#[derive(Debug, Serialize)]
pub struct ListPage {
    pub kind: Kind,
    pub kind_label: &'static str,
    pub kind_folder: String,
    pub year: Option<i32>,
    pub items: Vec<Value>,
    pub pager: Pager,
    pub years: Vec<Value>,
    /// Procurement only: the yearly summaries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summaries: Option<Vec<SummaryLink>>,
    /// The first page of the plan list only.
    #[serde(flatten)]
    pub reports: Option<LatestReports>,
}

/// The newest reports, under the plans on the first page of the plan list.
#[derive(Debug, Serialize)]
pub struct LatestReports {
    pub reports: Vec<Value>,
    pub reports_more: bool,
    pub reports_count: usize,
    pub reports_url: String,
}

/// Links between the pages of a list.
#[derive(Debug, Serialize)]
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub total: usize,
    pub from: usize,
    pub to: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, the last and two on each side of this one; `None` (a gap) between runs.
    pub links: Vec<Option<PagerLink>>,
}

#[derive(Debug, Serialize)]
pub struct PagerLink {
    pub n: u32,
    pub url: String,
    pub current: bool,
}

/// Reports shown under the plans on the first page of the plan list.
const LATEST_REPORTS: usize = 10;

impl Renderer<'_> {
    pub(super) fn list(&self, job: Job, kind: Kind, n: u32) -> (ListPage, Vec<Crumb>) {
        let site = self.site;
        let year = match job {
            Job::Year(_, y, _) => Some(y),
            _ => None,
        };
        let members = self.list_members(job).unwrap_or(&[]);
        let total = self.list_of(job).map_or(0, |(l, _)| l.len());
        let first = match year {
            Some(y) => site.site_path(Job::Year(kind, y, 1)),
            None => site.site_path(Job::List(kind, 1)),
        };
        let summaries = (kind == Kind::Procurement).then(|| {
            site.procurement
                .keys()
                .rev()
                .map(|&y| SummaryLink {
                    year: y,
                    url: site.config.url(&site.site_path(Job::ProcurementSummary(y))),
                })
                .collect()
        });
        let reports = (kind == Kind::Plan && n == 1).then(|| {
            // The newest reports; all of them are on the report list.
            let all = site.lists.get(&Kind::Report).map_or(&[][..], Vec::as_slice);
            let reports: Vec<Value> = all
                .iter()
                .take(LATEST_REPORTS)
                .map(|&i| context::item(site, i))
                .collect();
            LatestReports {
                reports_more: all.len() > reports.len(),
                reports,
                reports_count: all.len(),
                reports_url: site.config.url(&site.site_path(Job::List(Kind::Report, 1))),
            }
        });
        let mut crumbs = Vec::new();
        if year.is_some() || n > 1 {
            crumbs.push(crumb(
                site,
                &site.site_path(Job::List(kind, 1)),
                kind.label(),
            ));
        }
        if let (Some(y), true) = (year, n > 1) {
            crumbs.push(crumb(site, &first, &year_crumb(site, y)));
        }
        let list = ListPage {
            kind,
            kind_label: kind.label(),
            kind_folder: site.site_path(Job::List(kind, 1)),
            year,
            items: members.iter().map(|&i| context::item(site, i)).collect(),
            pager: pager(site, &first, n, pages_of(total), total),
            years: if kind.has_years() {
                context::years(site, kind)
            } else {
                Vec::new()
            },
            summaries,
            reports,
        };
        (list, crumbs)
    }
}

/// Links between the pages of a list whose first page is at site path `first`.
fn pager(site: &Site, first: &str, n: u32, pages: u32, total: usize) -> Pager {
    let url = |k: u32| site.config.url(&format!("{first}{}", page_dir(k)));
    let mut links: Vec<Option<PagerLink>> = Vec::new();
    for k in 1..=pages {
        if k == 1 || k == pages || k.abs_diff(n) <= 2 {
            links.push(Some(PagerLink {
                n: k,
                url: url(k),
                current: k == n,
            }));
        } else if links.last().is_some_and(Option::is_some) {
            links.push(None);
        }
    }
    Pager {
        page: n,
        pages,
        total,
        from: (n as usize - 1) * PER_PAGE + usize::from(total > 0),
        to: total.min(n as usize * PER_PAGE),
        prev: (n > 1).then(|| url(n - 1)),
        next: (n < pages).then(|| url(n + 1)),
        links,
    }
}
