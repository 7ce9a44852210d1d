//! Stage 4: pages from the site model, through the theme's Tera templates.
//! `Renderer::jobs` lists every page; `Renderer::render` makes one (pages are independent, so
//! the output stage renders them in parallel and writes each as soon as it is made).

pub mod context;
pub mod filters;
mod lookups;
pub mod markdown;
pub mod prepared;
pub mod sitemap;
pub mod theme;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};
use tera::{Context, Tera};

use crate::content::{Data, Kind};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::Site;

use lookups::build_lookups;
pub use lookups::{FileCache, FileInfo, Lookups};
pub use prepared::Prepared;
pub use theme::ThemeFile;

/// One page to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Record(usize),
    /// Page `n` (from 1) of the list of a kind.
    List(Kind, u32),
    /// Page `n` (from 1) of the list of a kind in one fiscal year.
    Year(Kind, i32, u32),
    ProcurementSummary(i32),
    /// `/ita/`: the ITA map of the current year (docs/ita.md).
    ItaIndex,
    /// `/ita/<BE year>/`: the ITA map of one catalogue year.
    Ita(i32),
    NotFound,
    /// `/data/`: the open-data files with their sizes.
    DataIndex,
    /// `/search/`: the search page (its index is written by `crate::search`).
    Search,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: Tera,
    pub theme: BTreeMap<String, ThemeFile>,
    pub lookups: Lookups,
    /// The OIT catalogues (theme's `oit/`, site's `oit/`), for the ITA pages.
    pub ita: crate::ita::Catalogues,
    /// The open-data files, made on first use: the `/data/` page shows their sizes and the
    /// output writes them, and they are made once.
    open_data: std::sync::OnceLock<crate::data::Built>,
    /// The search manifest's path, a hash of every record: made once, for the search page and
    /// the index files.
    search_manifest: std::sync::OnceLock<String>,
    /// The ITA map of each catalogue year, made once.
    ita_maps: crate::ita::Maps,
}

pub use crate::site::{PER_PAGE, pages_of};

/// The navigation, in the order citizens and assessors look for things.
pub const NAV: [(&str, &str); 10] = [
    ("", "หน้าแรก"),
    ("pages/", "ข้อมูลพื้นฐาน"),
    ("people/", "ผู้บริหาร"),
    ("news/", "ข่าวประชาสัมพันธ์"),
    ("procurement/", "จัดซื้อจัดจ้าง"),
    ("plans/", "แผนและรายงาน"),
    ("announcements/", "ประกาศ/นโยบาย"),
    ("complaints/", "ร้องเรียน"),
    ("services/", "บริการประชาชน"),
    ("ita/", "ITA"),
];

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site) -> Result<Self, Diagnostics> {
        let theme = theme::load(&site.config.root, &site.config.site.theme)?;
        Renderer::with_theme(site, theme, &mut FileCache::default())
    }

    /// A renderer with theme files already read, and attachment checksums remembered between
    /// rebuilds (`serve` reads and hashes only what changed).
    pub fn with_theme(
        site: &'a Site,
        theme: BTreeMap<String, ThemeFile>,
        cache: &mut FileCache,
    ) -> Result<Self, Diagnostics> {
        Ok(Renderer::with_prepared(
            site,
            Prepared::new(&site.config, theme)?,
            cache,
        ))
    }

    /// A renderer from templates already parsed (`serve` keeps them between saves).
    pub fn with_prepared(site: &'a Site, prepared: Prepared, cache: &mut FileCache) -> Self {
        let Prepared {
            mut tera,
            theme,
            ita,
        } = prepared;
        let g = tera.global_context();
        g.insert("site", &site.config);
        g.insert("base", &site.config.base_path);
        let policy_pages: Vec<Value> = site
            .lists
            .get(&Kind::Page)
            .into_iter()
            .flatten()
            .filter(|&&i| matches!(&site.records[i].data, Data::Page(p) if p.section == crate::content::PageSection::Policy))
            .map(|&i| json!({ "title": site.records[i].meta.title, "url": site.url(i) }))
            .collect();
        g.insert("policy_pages", &policy_pages);
        let lookups = build_lookups(site, cache);
        let ita_maps = crate::ita::Maps::new(&ita);
        Renderer {
            site,
            tera,
            theme,
            lookups,
            ita,
            open_data: std::sync::OnceLock::new(),
            search_manifest: std::sync::OnceLock::new(),
            ita_maps,
        }
    }

    /// The open-data files and the `/data/` page's view of them (made on first use).
    pub fn open_data(&self) -> &crate::data::Built {
        self.open_data.get_or_init(|| crate::data::build(self.site))
    }

    /// The site path of the search index's manifest (made on first use).
    pub fn search_manifest(&self) -> &str {
        self.search_manifest
            .get_or_init(|| crate::search::manifest_path(self.site))
    }

    /// The search manifest's path when it is known already (`serve` keeps its index up to date,
    /// `search::live`, and does not hash every record again).
    pub fn know_search_manifest(&self, path: String) {
        let _ = self.search_manifest.set(path);
    }

    /// The open-data files when they are made already (`serve` makes them from rows kept
    /// between saves, `data::live`).
    pub fn know_open_data(&self, built: crate::data::Built) {
        let _ = self.open_data.set(built);
    }

    /// Give the parsed templates back, for the next rebuild of `serve`.
    pub fn into_prepared(self) -> Prepared {
        Prepared {
            tera: self.tera,
            theme: self.theme,
            ita: self.ita,
        }
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Home, Job::NotFound, Job::DataIndex, Job::Search];
        for kind in Kind::ALL {
            if kind != Kind::Project {
                let len = self.site.lists.get(&kind).map_or(0, Vec::len);
                jobs.extend((1..=pages_of(len)).map(|n| Job::List(kind, n)));
            }
            if context::has_years(kind) {
                for (y, list) in self.site.years.get(&kind).into_iter().flatten() {
                    jobs.extend((1..=pages_of(list.len())).map(|n| Job::Year(kind, *y, n)));
                }
            }
        }
        jobs.extend(
            self.site
                .procurement
                .keys()
                .map(|y| Job::ProcurementSummary(*y)),
        );
        jobs.push(Job::ItaIndex);
        jobs.extend(self.ita.years().into_iter().map(Job::Ita));
        jobs.extend((0..self.site.records.len()).map(Job::Record));
        jobs
    }

    /// The output path (relative to the output folder) of a page.
    pub fn output_path(&self, job: Job) -> String {
        let dir = match job {
            Job::Home => String::new(),
            Job::NotFound => return "404.html".into(),
            Job::DataIndex => "data/".into(),
            Job::Search => crate::search::PAGE.into(),
            Job::Record(i) => self.site.paths.get(i).cloned().unwrap_or_default(),
            Job::List(k, n) => format!("{}/{}", k.folder(), page_dir(n)),
            Job::Year(k, y, n) => format!("{}/{y}/{}", k.folder(), page_dir(n)),
            Job::ProcurementSummary(y) => format!("procurement/{y}/summary/"),
            Job::ItaIndex => "ita/".into(),
            Job::Ita(y) => format!("ita/{y}/"),
        };
        format!("{dir}index.html")
    }

    /// Site path of a page (what `url` takes): the output path without `index.html`.
    pub fn site_path(&self, job: Job) -> String {
        let p = self.output_path(job);
        p.strip_suffix("index.html").map(String::from).unwrap_or(p)
    }

    /// The whole list a list page is a page of, and the page number (`None` for other pages).
    fn list_of(&self, job: Job) -> Option<(&'a [usize], u32)> {
        let site = self.site;
        let (list, n) = match job {
            Job::List(k, n) => (site.lists.get(&k), n),
            Job::Year(k, y, n) => (site.years.get(&k).and_then(|ys| ys.get(&y)), n),
            _ => return None,
        };
        Some((list.map_or(&[], Vec::as_slice), n))
    }

    /// The records a list page shows, in order (`None` for a page that is not a list).
    pub fn list_members(&self, job: Job) -> Option<&'a [usize]> {
        let (list, n) = self.list_of(job)?;
        let start = (n.max(1) as usize - 1) * PER_PAGE;
        Some(
            list.get(start..list.len().min(start + PER_PAGE))
                .unwrap_or(&[]),
        )
    }

    /// Render one page to HTML (not yet minified).
    pub fn render(&self, job: Job) -> Result<String, Diagnostic> {
        let site = self.site;
        let path = self.site_path(job);
        let mut ctx = Context::new();
        let (template, title): (String, String) = match job {
            Job::Home => {
                let latest = |k: Kind, n: usize| -> Vec<Value> {
                    site.lists
                        .get(&k)
                        .map(|l| l.iter().take(n).map(|&i| context::item(site, i)).collect())
                        .unwrap_or_default()
                };
                ctx.insert("news", &latest(Kind::News, 6));
                ctx.insert("announcements", &latest(Kind::Announcement, 5));
                ctx.insert("procurement", &latest(Kind::Procurement, 6));
                ctx.insert("plans", &latest(Kind::Plan, 5));
                ctx.insert("reports", &latest(Kind::Report, 5));
                ctx.insert("people", &latest(Kind::Person, 3));
                ("home.html".into(), site.config.site.title.clone())
            }
            Job::NotFound => ("404.html".into(), "ไม่พบหน้านี้ (404)".into()),
            Job::DataIndex => {
                ctx.insert("open_data", &self.open_data().index);
                ("data.html".into(), crate::data::INDEX_TITLE.into())
            }
            Job::Search => {
                ctx.insert(
                    "search",
                    &crate::search::page_context(site, self.search_manifest()),
                );
                ("search.html".into(), "ค้นหา".into())
            }
            Job::Record(i) => {
                let Some(r) = site.records.get(i) else {
                    return Err(Diagnostic::file(
                        &PathBuf::from("?"),
                        "ไม่พบข้อมูล",
                        "no such record",
                        "",
                    ));
                };
                ctx.insert("record", &context::record(site, i, &self.lookups));
                let crumbs = match r.kind {
                    Kind::Project => {
                        let plan = r.plan.as_deref().and_then(|f| site.plans.get(f));
                        let mut c = vec![crumb(site, "plans/", Kind::Plan.label())];
                        if let Some(p) = plan {
                            let t = site
                                .records
                                .get(p.record)
                                .map(|x| x.meta.title.clone())
                                .unwrap_or_default();
                            c.push(json!({ "label": t, "url": site.url(p.record) }));
                        }
                        c
                    }
                    k => vec![crumb(site, &format!("{}/", k.folder()), k.label())],
                };
                ctx.insert("breadcrumbs", &crumbs);
                (format!("{}.html", r.kind.name()), r.meta.title.clone())
            }
            Job::List(kind, n) | Job::Year(kind, _, n) => {
                let year = if let Job::Year(_, y, _) = job {
                    Some(y)
                } else {
                    None
                };
                let members = self.list_members(job).unwrap_or(&[]);
                let total = self.list_of(job).map_or(0, |(l, _)| l.len());
                ctx.insert("kind", &kind);
                ctx.insert("kind_label", kind.label());
                ctx.insert("kind_folder", &format!("{}/", kind.folder()));
                ctx.insert("year", &year);
                ctx.insert(
                    "items",
                    &members
                        .iter()
                        .map(|&i| context::item(site, i))
                        .collect::<Vec<_>>(),
                );
                let first = match year {
                    Some(y) => format!("{}/{y}/", kind.folder()),
                    None => format!("{}/", kind.folder()),
                };
                ctx.insert("pager", &pager(site, &first, n, pages_of(total), total));
                ctx.insert(
                    "years",
                    &if context::has_years(kind) {
                        context::years(site, kind)
                    } else {
                        Vec::new()
                    },
                );
                if kind == Kind::Procurement {
                    let sums: Vec<Value> = site
                        .procurement
                        .keys()
                        .rev()
                        .map(|y| json!({ "year": y, "url": site.config.url(&format!("procurement/{y}/summary/")) }))
                        .collect();
                    ctx.insert("summaries", &sums);
                }
                if kind == Kind::Plan && n == 1 {
                    // The newest reports; all of them are on the report list.
                    let reports: Vec<Value> = site
                        .lists
                        .get(&Kind::Report)
                        .into_iter()
                        .flatten()
                        .take(LATEST_REPORTS)
                        .map(|&i| context::item(site, i))
                        .collect();
                    let count = site.lists.get(&Kind::Report).map_or(0, Vec::len);
                    ctx.insert("reports", &reports);
                    ctx.insert("reports_more", &(count > reports.len()));
                    ctx.insert("reports_count", &count);
                    ctx.insert("reports_url", &site.config.url("reports/"));
                }
                let mut crumbs = Vec::new();
                if year.is_some() || n > 1 {
                    crumbs.push(crumb(site, &format!("{}/", kind.folder()), kind.label()));
                }
                if let (Some(y), true) = (year, n > 1) {
                    crumbs.push(crumb(
                        site,
                        &first,
                        &format!(
                            "ปีงบประมาณ {}",
                            crate::thai::apply_digits(&y.to_string(), site.config.site.digits)
                        ),
                    ));
                }
                ctx.insert("breadcrumbs", &crumbs);
                let mut title = match year {
                    Some(y) => format!(
                        "{} ปีงบประมาณ พ.ศ. {}",
                        kind.label(),
                        crate::thai::apply_digits(&y.to_string(), site.config.site.digits)
                    ),
                    None => kind.label().to_string(),
                };
                if n > 1 {
                    title.push_str(&format!(
                        " (หน้า {})",
                        crate::thai::apply_digits(&n.to_string(), site.config.site.digits)
                    ));
                }
                ("list.html".into(), title)
            }
            Job::ProcurementSummary(y) => {
                ctx.insert("summary", &site.procurement.get(&y));
                ctx.insert("year", &y);
                ctx.insert(
                    "breadcrumbs",
                    &vec![
                        crumb(site, "procurement/", Kind::Procurement.label()),
                        crumb(
                            site,
                            &format!("procurement/{y}/"),
                            &format!(
                                "ปีงบประมาณ {}",
                                crate::thai::apply_digits(&y.to_string(), site.config.site.digits)
                            ),
                        ),
                    ],
                );
                (
                    "procurement-summary.html".into(),
                    format!(
                        "สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. {}",
                        crate::thai::apply_digits(&y.to_string(), site.config.site.digits)
                    ),
                )
            }
            Job::ItaIndex => {
                crate::ita::page::context(site, &self.ita, &self.ita_maps, &NAV, None, &mut ctx)
            }
            Job::Ita(y) => {
                crate::ita::page::context(site, &self.ita, &self.ita_maps, &NAV, Some(y), &mut ctx)
            }
        };
        let nav: Vec<Value> = NAV
            .iter()
            .map(|(p, label)| {
                let current = if p.is_empty() {
                    path.is_empty()
                } else {
                    path.starts_with(p) || (*p == "plans/" && path.starts_with("reports/"))
                };
                json!({ "label": label, "url": site.config.url(p), "current": current })
            })
            .collect();
        ctx.insert("nav", &nav);
        ctx.insert("page_title", &title);
        ctx.insert("path", &path);
        ctx.insert("url", &site.config.url(&path));
        ctx.insert("permalink", &site.config.permalink(&path));
        self.tera
            .render(&template, &ctx)
            .map_err(|e| template_error(&self.theme, &e))
    }
}

/// Reports shown under the plans on the first page of the plan list.
const LATEST_REPORTS: usize = 10;

/// The folder of page `n` of a list, relative to the list's first page.
fn page_dir(n: u32) -> String {
    if n <= 1 {
        String::new()
    } else {
        format!("page/{n}/")
    }
}

/// Links between the pages of a list whose first page is at site path `first`.
fn pager(site: &Site, first: &str, n: u32, pages: u32, total: usize) -> Value {
    let url = |k: u32| site.config.url(&format!("{first}{}", page_dir(k)));
    // The first, the last and two on each side of this one; a gap (`null`) between runs.
    let mut links: Vec<Value> = Vec::new();
    for k in 1..=pages {
        if k == 1 || k == pages || k.abs_diff(n) <= 2 {
            links.push(json!({ "n": k, "url": url(k), "current": k == n }));
        } else if links.last().is_some_and(|l| !l.is_null()) {
            links.push(Value::Null);
        }
    }
    json!({
        "page": n,
        "pages": pages,
        "total": total,
        "from": (n as usize - 1) * PER_PAGE + usize::from(total > 0),
        "to": total.min(n as usize * PER_PAGE),
        "prev": (n > 1).then(|| url(n - 1)),
        "next": (n < pages).then(|| url(n + 1)),
        "links": links,
    })
}

fn crumb(site: &Site, path: &str, label: &str) -> Value {
    json!({ "label": label, "url": site.config.url(path) })
}

/// A Tera error as a diagnostic: the template file, line and column when Tera knows them.
pub fn template_error(theme: &BTreeMap<String, ThemeFile>, e: &tera::Error) -> Diagnostic {
    use std::error::Error as _;
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    // The located report may be this error or one it wraps.
    let mut report = None;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(te) = err.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = te.kind()
        {
            report = Some(r);
            break;
        }
        cur = err.source();
    }
    // Otherwise name the template the message is about: `--> page.html:3:19`, or the child of a
    // missing parent.
    let named = match e.kind() {
        tera::ErrorKind::MissingParent { current, .. } => Some((current.clone(), 0, 0)),
        _ => msg.split("--> ").nth(1).and_then(|rest| {
            let loc = rest.split_whitespace().next()?;
            let mut it = loc.rsplitn(3, ':');
            let col = it.next()?.parse::<usize>().ok()?;
            let line = it.next()?.parse::<usize>().ok()?;
            Some((it.next()?.to_string(), line, col))
        }),
    };
    let hint = "ตรวจแม่แบบตามข้อความข้างต้น หรือลบไฟล์ที่แก้ไขเพื่อกลับไปใช้แม่แบบของธีม / fix the template as the message says, or delete your override to use the theme's";
    match report {
        Some(r) => {
            let name = format!("templates/{}", r.filename());
            let origin = theme
                .get(&name)
                .map(|f| f.origin.clone())
                .unwrap_or_else(|| PathBuf::from(&name));
            let span = r.span();
            let source = theme
                .get(&name)
                .and_then(|f| std::str::from_utf8(&f.bytes).ok())
                .unwrap_or("");
            let line_text = source
                .lines()
                .nth(span.start_line.saturating_sub(1))
                .map(String::from);
            Diagnostic {
                file: origin,
                line: span.start_line,
                column: span.start_col + 1,
                th: format!("แม่แบบผิดพลาด: {}", r.message()),
                en: format!("template error: {}", r.message()),
                hint: hint.into(),
                source_line: line_text,
            }
        }
        None => {
            let (file, line, column, source_line) = match named {
                Some((tpl, line, col)) => {
                    let name = format!("templates/{tpl}");
                    let f = theme.get(&name);
                    let text = f
                        .and_then(|f| std::str::from_utf8(&f.bytes).ok())
                        .unwrap_or("");
                    let src = (line > 0)
                        .then(|| text.lines().nth(line - 1).map(String::from))
                        .flatten();
                    (
                        f.map(|f| f.origin.clone())
                            .unwrap_or_else(|| PathBuf::from(name)),
                        line,
                        col,
                        src,
                    )
                }
                None => (PathBuf::from("templates"), 0, 0, None),
            };
            Diagnostic {
                file,
                line,
                column,
                th: format!("แม่แบบผิดพลาด: {msg}"),
                en: format!("template error: {msg}"),
                hint: hint.into(),
                source_line,
            }
        }
    }
}
