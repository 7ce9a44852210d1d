//! What each page's template receives: one typed context a job (docs/templates.md lists the
//! same names, and tests/it/templates.rs checks that the two agree). Besides its own variables
//! every page gets [`COMMON`] and the site-wide [`GLOBALS`].

use serde::Serialize;
use serde_json::Value;
use tera::Context;

use crate::content::Kind;
use crate::error::Diagnostic;
use crate::ita::page::ItaPage;
use crate::site::pages::{Job, NAV};
use crate::site::{ProcurementYear, Site};
use crate::thai::apply_digits;

use super::list_page::ListPage;
use super::{Renderer, context};

/// What every template receives from the renderer itself (set once, `Renderer::with_prepared`).
pub const GLOBALS: [&str; 3] = ["site", "base", "policy_pages"];

/// What every page's template receives besides its own variables.
pub const COMMON: [&str; 6] = [
    "nav",
    "page_title",
    "path",
    "url",
    "permalink",
    "breadcrumbs",
];

/// A link of the breadcrumbs.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub label: String,
    pub url: String,
}

/// An entry of the main menu.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub label: &'static str,
    pub url: String,
    pub current: bool,
}

/// One page to render: its template, title, breadcrumbs and own variables.
#[derive(Debug)]
pub struct Page<'r> {
    pub template: String,
    pub title: String,
    pub breadcrumbs: Vec<Crumb>,
    pub vars: Vars<'r>,
}

/// The own variables of a page: one type a template.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Vars<'r> {
    Home(Home),
    Record(RecordPage),
    List(ListPage),
    ProcurementSummary(SummaryPage<'r>),
    Ita(ItaPage<'r>),
    Data(DataPage<'r>),
    Search(SearchPage),
    NotFound(NotFound),
}

/// `home.html`: the latest records of each collection.
#[derive(Debug, Serialize)]
pub struct Home {
    pub news: Vec<Value>,
    pub announcements: Vec<Value>,
    pub procurement: Vec<Value>,
    pub plans: Vec<Value>,
    pub reports: Vec<Value>,
    pub people: Vec<Value>,
}

/// `<kind>.html`: the record with its derived values (`context::record`).
#[derive(Debug, Serialize)]
pub struct RecordPage {
    pub record: tera::Value,
}

/// A link to the procurement summary of a year.
#[derive(Debug, Serialize)]
pub struct SummaryLink {
    pub year: i32,
    pub url: String,
}

/// `procurement-summary.html`: the สขร.๑ summary of one fiscal year.
#[derive(Debug, Serialize)]
pub struct SummaryPage<'r> {
    pub summary: Option<&'r ProcurementYear>,
    pub year: i32,
}

/// `data.html`: the open-data files, as the output stage handed them over.
#[derive(Debug, Serialize)]
pub struct DataPage<'r> {
    pub open_data: &'r Value,
}

/// `search.html`.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub search: SearchContext,
}

/// The search page's manifest and script URLs, the kinds and fiscal years for the filters,
/// and the lists to browse when there is no JavaScript.
#[derive(Debug, Serialize)]
pub struct SearchContext {
    pub index: String,
    pub script: String,
    pub kinds: Vec<SearchKind>,
    pub years: Vec<i32>,
    pub lists: Vec<SearchList>,
}

#[derive(Debug, Serialize)]
pub struct SearchKind {
    pub name: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SearchList {
    pub label: &'static str,
    pub url: String,
    pub count: usize,
    pub years: Vec<SummaryLink>,
}

/// `404.html`: nothing of its own.
#[derive(Debug, Serialize)]
pub struct NotFound {}

impl Page<'_> {
    /// Every name the template receives: [`GLOBALS`], [`COMMON`] and the page's own.
    pub fn variables(&self) -> Vec<String> {
        let own = match serde_json::to_value(&self.vars) {
            Ok(Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        };
        GLOBALS
            .iter()
            .chain(&COMMON)
            .map(|s| s.to_string())
            .chain(own)
            .collect()
    }

    /// A hash of everything the page's template receives but the globals, at site path `path`
    /// (`None` if it cannot be serialized). Templates and filters are functions of what they
    /// receive, so two pages with the same hash render the same bytes as long as the templates
    /// and the globals (site.toml, the policy pages) are the same: `serve` renders again only
    /// the pages about the whole site whose hash changed. An ITA map is hashed by its number
    /// ([`ItaPage::hash_key`](crate::ita::page::ItaPage::hash_key)), not by its entries.
    pub fn hash(&self, path: &str) -> Option<u64> {
        use std::hash::Hasher;
        struct HashWriter(rustc_hash::FxHasher);
        impl std::io::Write for HashWriter {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.write(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut w = HashWriter(rustc_hash::FxHasher::default());
        let head = (&self.template, &self.title, &self.breadcrumbs, path);
        match &self.vars {
            Vars::Ita(p) => serde_json::to_writer(&mut w, &(head, p.hash_key())),
            vars => serde_json::to_writer(&mut w, &(head, vars)),
        }
        .ok()?;
        Some(w.0.finish())
    }

    /// The Tera context of the page at site path `path`.
    pub fn into_context(self, site: &Site, path: &str) -> Result<Context, Diagnostic> {
        let mut ctx = match self.vars {
            // The record, already the template engine's value, is moved in (not copied).
            Vars::Record(r) => {
                let mut ctx = Context::new();
                ctx.insert_value("record", r.record);
                ctx
            }
            vars => Context::from_serialize(&vars).map_err(|e| {
                Diagnostic::file(
                    std::path::Path::new(&self.template),
                    format!("สร้างข้อมูลของหน้าไม่ได้: {e}"),
                    format!("cannot make the page's variables: {e}"),
                    "",
                )
            })?,
        };
        let nav: Vec<NavLink> = NAV
            .iter()
            .map(|&(p, label)| {
                let current = if p.is_empty() {
                    path.is_empty()
                } else {
                    path.starts_with(p) || (p == "plans/" && path.starts_with("reports/"))
                };
                NavLink {
                    label,
                    url: site.config.url(p),
                    current,
                }
            })
            .collect();
        ctx.insert("breadcrumbs", &self.breadcrumbs);
        ctx.insert("nav", &nav);
        ctx.insert("page_title", &self.title);
        ctx.insert("path", path);
        ctx.insert("url", &site.config.url(path));
        ctx.insert("permalink", &site.config.permalink(path));
        Ok(ctx)
    }
}

pub(super) fn crumb(site: &Site, path: &str, label: &str) -> Crumb {
    Crumb {
        label: label.to_string(),
        url: site.config.url(path),
    }
}

/// The breadcrumb label of a fiscal year: `ปีงบประมาณ ๒๕๖๘`.
pub(super) fn year_crumb(site: &Site, y: i32) -> String {
    format!(
        "ปีงบประมาณ {}",
        apply_digits(&y.to_string(), site.config.site.digits)
    )
}

impl Renderer<'_> {
    /// What the template of `job` receives, and which template.
    pub fn page<'p>(&'p self, job: Job) -> Result<Page<'p>, Diagnostic> {
        let site = self.site;
        let title = site.title(job).unwrap_or_default();
        let page = |template: &str, breadcrumbs: Vec<Crumb>, vars: Vars<'p>| Page {
            template: template.to_string(),
            title: title.clone(),
            breadcrumbs,
            vars,
        };
        Ok(match job {
            Job::Home => page("home.html", Vec::new(), Vars::Home(self.home())),
            Job::NotFound => page("404.html", Vec::new(), Vars::NotFound(NotFound {})),
            Job::DataIndex => {
                let open_data = &self.handed(job)?.open_data;
                page("data.html", Vec::new(), Vars::Data(DataPage { open_data }))
            }
            Job::Search => {
                let search = self.search(&self.handed(job)?.search_manifest);
                page(
                    "search.html",
                    Vec::new(),
                    Vars::Search(SearchPage { search }),
                )
            }
            Job::Record(i) => {
                let Some(r) = site.records.get(i) else {
                    return Err(Diagnostic::file(
                        std::path::Path::new("?"),
                        "ไม่พบข้อมูล",
                        "no such record",
                        "",
                    ));
                };
                let record = context::record(site, i, &self.lookups);
                let template = format!("{}.html", r.kind.name());
                page(
                    &template,
                    self.record_crumbs(i),
                    Vars::Record(RecordPage { record }),
                )
            }
            Job::List(kind, n) | Job::Year(kind, _, n) => {
                let (list, crumbs) = self.list(job, kind, n);
                page("list.html", crumbs, Vars::List(list))
            }
            Job::ProcurementSummary(y) => {
                let crumbs = vec![
                    crumb(
                        site,
                        &site.site_path(Job::List(Kind::Procurement, 1)),
                        Kind::Procurement.label(),
                    ),
                    crumb(
                        site,
                        &site.site_path(Job::Year(Kind::Procurement, y, 1)),
                        &year_crumb(site, y),
                    ),
                ];
                let summary = site.procurement.get(&y);
                let vars = Vars::ProcurementSummary(SummaryPage { summary, year: y });
                page("procurement-summary.html", crumbs, vars)
            }
            Job::ItaIndex | Job::Ita(_) => {
                let year = match job {
                    Job::Ita(y) => Some(y),
                    _ => None,
                };
                let (vars, title) =
                    crate::ita::page::context(site, &self.ita, &self.ita_maps, &NAV, year);
                let crumbs = match year {
                    Some(_) => vec![crumb(site, &site.site_path(Job::ItaIndex), "ITA")],
                    None => Vec::new(),
                };
                Page {
                    template: "ita.html".into(),
                    title,
                    breadcrumbs: crumbs,
                    vars: Vars::Ita(vars),
                }
            }
        })
    }

    /// What the output stage handed over for `job` (the `/data/` or `/search/` page).
    fn handed(&self, job: Job) -> Result<&super::WrittenFiles, Diagnostic> {
        self.written.get().ok_or_else(|| {
            Diagnostic::file(
                std::path::Path::new(&self.site.output_path(job)),
                "หน้านี้แสดงไฟล์ที่ยังไม่ได้สร้าง (ข้อผิดพลาดของโปรแกรม)",
                "this page shows files not made yet (a bug of the program: the output stage hands them over first)",
                "",
            )
        })
    }

    fn home(&self) -> Home {
        let site = self.site;
        let latest = |k: Kind, n: usize| -> Vec<Value> {
            site.lists
                .get(&k)
                .map(|l| l.iter().take(n).map(|&i| context::item(site, i)).collect())
                .unwrap_or_default()
        };
        Home {
            news: latest(Kind::News, 6),
            announcements: latest(Kind::Announcement, 5),
            procurement: latest(Kind::Procurement, 6),
            plans: latest(Kind::Plan, 5),
            reports: latest(Kind::Report, 5),
            people: latest(Kind::Person, 3),
        }
    }

    fn record_crumbs(&self, i: usize) -> Vec<Crumb> {
        let site = self.site;
        let r = &site.records[i];
        match r.kind {
            Kind::Project => {
                let plan = r.plan.as_deref().and_then(|f| site.plans.get(f));
                let mut c = vec![crumb(
                    site,
                    &site.site_path(Job::List(Kind::Plan, 1)),
                    Kind::Plan.label(),
                )];
                if let Some(p) = plan {
                    let t = site
                        .records
                        .get(p.record)
                        .map(|x| x.meta.title.clone())
                        .unwrap_or_default();
                    c.push(Crumb {
                        label: t,
                        url: site.url(p.record),
                    });
                }
                c
            }
            k => vec![crumb(site, &format!("{}/", k.folder()), k.label())],
        }
    }

    fn search(&self, manifest: &str) -> SearchContext {
        let site = self.site;
        let listed = |k: &Kind| site.lists.get(k).is_some_and(|l| !l.is_empty());
        let mut years: Vec<i32> = site.records.iter().map(|r| r.fiscal_year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let lists = Kind::ALL
            .into_iter()
            .filter(|k| *k != Kind::Project && listed(k))
            .map(|k| SearchList {
                label: k.label(),
                url: site.config.url(&site.site_path(Job::List(k, 1))),
                count: site.lists.get(&k).map_or(0, Vec::len),
                years: site
                    .years
                    .get(&k)
                    .filter(|_| k.has_years())
                    .map(|m| {
                        m.keys()
                            .rev()
                            .map(|&y| SummaryLink {
                                year: y,
                                url: site.config.url(&site.site_path(Job::Year(k, y, 1))),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        SearchContext {
            index: site.config.url(manifest),
            script: site.config.url("assets/search.js"),
            kinds: Kind::ALL
                .iter()
                .filter(|k| listed(k))
                .map(|k| SearchKind {
                    name: k.name(),
                    label: k.label(),
                })
                .collect(),
            years,
            lists,
        }
    }
}
