//! Stage 3: the model of the whole site. Records sorted into collections and fiscal-year
//! indexes, references between records checked, and the derived tables computed.

pub mod complaints;
pub mod datasets;
pub mod derive;
pub mod links;
pub mod pages;
pub mod plan;
pub mod procurement;
pub mod progress;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Content, Data, Kind, Record};
use crate::error::{Diagnostic, Diagnostics};

pub use complaints::ComplaintTotals;
pub use plan::PlanSummary;
pub use procurement::ProcurementYear;

/// Records on one page of a list. A list longer than this is split into pages
/// (`/news/`, `/news/page/2/`, …) so that a page stays small at any number of records.
pub const PER_PAGE: usize = 50;

/// Number of pages of a list of `len` records (an empty list still has its first page).
pub fn pages_of(len: usize) -> u32 {
    len.div_ceil(PER_PAGE).max(1) as u32
}

/// The site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Shared with `serve`, which keeps the records between rebuilds: a rebuild hands the site
    /// its pointers instead of moving 10,000 large records in and out (page faults on fresh
    /// memory made that the slowest step of a one-record rebuild).
    pub records: Vec<Arc<Record>>,
    /// Files under `content/files/` (relative, `/`-separated).
    pub files: Vec<String>,
    /// Site path of each record (`news/a/`, no leading slash), by record index.
    pub paths: Vec<String>,
    /// Records of each kind, in list order (newest first; pages and people by `order`).
    pub lists: BTreeMap<Kind, Vec<usize>>,
    /// Records of each kind per fiscal year (BE), in list order.
    pub years: BTreeMap<Kind, BTreeMap<i32, Vec<usize>>>,
    /// Plans with their derived summary tables, by plan folder.
    pub plans: BTreeMap<String, PlanSummary>,
    /// Procurement summaries by fiscal year.
    pub procurement: BTreeMap<i32, ProcurementYear>,
    /// Complaint totals by record index.
    pub complaints: HashMap<usize, ComplaintTotals>,
}

/// Site path of a record: `<folder>/<slug>/`, plans at `plans/<plan>/`, projects under their plan.
pub fn path_of(r: &Record) -> String {
    match r.kind {
        Kind::Plan => format!("plans/{}/", r.slug),
        Kind::Project => format!(
            "plans/{}/projects/{}/",
            r.plan.as_deref().unwrap_or(""),
            r.slug
        ),
        k => format!("{}/{}/", k.folder(), r.slug),
    }
}

impl Site {
    /// Build the model; problems between records (duplicates, broken references) are returned.
    pub fn build(config: Config, content: Content) -> Result<Site, Diagnostics> {
        let (site, diags) = Site::build_anyway(config, content);
        if diags.is_empty() {
            Ok(site)
        } else {
            Err(diags)
        }
    }

    /// Build the model even when records contradict each other, and return the problems beside it
    /// (`serve` keeps the model to apply the next edit to it).
    pub fn build_anyway(config: Config, content: Content) -> (Site, Diagnostics) {
        let records = content.records.into_iter().map(Arc::new).collect();
        Site::build_shared(config, records, content.files)
    }

    /// [`Site::build_anyway`] from records already shared (what `serve` keeps between saves).
    pub fn build_shared(
        config: Config,
        mut records: Vec<Arc<Record>>,
        files: Vec<String>,
    ) -> (Site, Diagnostics) {
        let mut diags = Diagnostics::default();
        projects_take_plan_years(&mut records);
        records.sort_by(|a, b| {
            (a.kind, std::cmp::Reverse(a.meta.date), &a.slug).cmp(&(
                b.kind,
                std::cmp::Reverse(b.meta.date),
                &b.slug,
            ))
        });
        let paths: Vec<String> = records.iter().map(|r| path_of(r)).collect();
        check_duplicates(&config.root, &records, &paths, &mut diags);
        check_references(&config.root, &records, &mut diags);
        let mut lists: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            lists.entry(r.kind).or_default().push(i);
        }
        for (kind, list) in lists.iter_mut() {
            match kind {
                Kind::Page => list.sort_by_key(|&i| match &records[i].data {
                    Data::Page(p) => (p.order.unwrap_or(i64::MAX), records[i].meta.title.clone()),
                    _ => (i64::MAX, String::new()),
                }),
                Kind::Person => list.sort_by_key(|&i| match &records[i].data {
                    Data::Person(p) => (
                        p.group,
                        p.order.unwrap_or(i64::MAX),
                        records[i].meta.title.clone(),
                    ),
                    _ => Default::default(),
                }),
                Kind::Project => list.sort_by_key(|&i| match &records[i].data {
                    Data::Project(p) => (records[i].plan.clone(), p.number),
                    _ => Default::default(),
                }),
                _ => {}
            }
        }
        let mut years: BTreeMap<Kind, BTreeMap<i32, Vec<usize>>> = BTreeMap::new();
        for (kind, list) in &lists {
            let by_year = years.entry(*kind).or_default();
            for &i in list {
                by_year.entry(records[i].fiscal_year).or_default().push(i);
            }
        }
        let url_of = |i: usize| config.url(paths.get(i).map_or("", String::as_str));
        let mut plans = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            if let (Data::Plan(p), Some(folder)) = (&r.data, &r.plan) {
                let projects = plan::projects_of(&records, folder);
                let mut s = plan::summarise(&records, i, p, &projects, &url_of);
                s.progress = progress::compute(&records, folder, &s, &url_of);
                plans.insert(folder.clone(), s);
            }
        }
        let procurement = procurement::summarise(&records, &url_of);
        let complaints = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match &r.data {
                Data::Complaints(c) => Some((i, complaints::summarise(c))),
                _ => None,
            })
            .collect();
        let site = Site {
            config,
            records,
            files,
            paths,
            lists,
            years,
            plans,
            procurement,
            complaints,
        };
        links::check(&site, &mut diags);
        (site, diags)
    }

    /// URL (path-absolute, under the base path) of record `i`.
    pub fn url(&self, i: usize) -> String {
        self.config
            .url(self.paths.get(i).map_or("", String::as_str))
    }
}

/// A project belongs to its plan's years: without its own `fiscal_year` it takes the plan's
/// (the first year of `years`), not the fiscal year of the day it was typed.
fn projects_take_plan_years(records: &mut [Arc<Record>]) {
    let firsts: HashMap<String, i32> = records
        .iter()
        .filter_map(|r| match (&r.data, &r.plan) {
            (Data::Plan(p), Some(f)) => Some((f.clone(), p.years[0])),
            _ => None,
        })
        .collect();
    for r in records.iter_mut() {
        if r.kind != Kind::Project || r.meta.fiscal_year.is_some() {
            continue;
        }
        let first = r.plan.as_ref().and_then(|f| firsts.get(f)).copied();
        if let Some(first) = first
            && r.fiscal_year != first
        {
            Arc::make_mut(r).fiscal_year = first;
        }
    }
}

/// A diagnostic at the line of `key = …` in a record file (or the whole file when not found).
pub fn at_key(
    root: &Path,
    file: &Path,
    key: &str,
    th: String,
    en: String,
    hint: String,
) -> Diagnostic {
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let text = crate::content::normalise(&text);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let col = line.len() - t.len();
            return Diagnostic::at(file, &text, offset + col, 1, th, en, hint);
        }
        offset += line.len();
    }
    Diagnostic::file(file, th, en, hint)
}

fn check_duplicates(
    root: &Path,
    records: &[Arc<Record>],
    paths: &[String],
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, p) in paths.iter().enumerate() {
        if let Some(&first) = seen.get(p.as_str()) {
            let (a, b) = (&records[first], &records[i]);
            diags.push(at_key(
                root,
                &b.source,
                "slug",
                format!("ลิงก์ /{p} ซ้ำกับ {}", a.source.display()),
                format!("the URL /{p} is already used by {}", a.source.display()),
                "ตั้ง slug ให้ต่างกัน / give one of them another `slug`".into(),
            ));
        } else {
            seen.insert(p, i);
        }
    }
}

fn check_references(root: &Path, records: &[Arc<Record>], diags: &mut Diagnostics) {
    let plans: HashMap<&str, &crate::content::Plan> = records
        .iter()
        .filter_map(|r| match (&r.data, &r.plan) {
            (Data::Plan(p), Some(f)) => Some((f.as_str(), p)),
            _ => None,
        })
        .collect();
    let mut numbers: HashMap<(&str, u32), &Path> = HashMap::new();
    // (plan folder, project number) of every project, for the progress rows of reports.
    let projects: std::collections::HashSet<(&str, u32)> = records
        .iter()
        .filter_map(|r| match &r.data {
            Data::Project(p) => Some((r.plan.as_deref().unwrap_or(""), p.number)),
            _ => None,
        })
        .collect();
    for r in records {
        match &r.data {
            Data::Project(p) => {
                let folder = r.plan.as_deref().unwrap_or("");
                let Some(plan) = plans.get(folder) else {
                    diags.push(Diagnostic::file(
                        &r.source,
                        format!("โครงการนี้อยู่ในแผน `{folder}` ซึ่งไม่มีไฟล์ plan.toml"),
                        format!("this project belongs to plan `{folder}`, which has no plan.toml"),
                        format!("สร้าง content/plans/{folder}/plan.toml / create content/plans/{folder}/plan.toml"),
                    ));
                    continue;
                };
                if let Some(other) = numbers.insert((folder, p.number), &r.source) {
                    diags.push(at_key(
                        root,
                        &r.source,
                        "number",
                        format!("ลำดับที่ {} ซ้ำกับ {}", p.number, other.display()),
                        format!("number {} is also used by {}", p.number, other.display()),
                        "แต่ละโครงการในแผนต้องมีลำดับที่ไม่ซ้ำกัน / each project of a plan needs its own number".into(),
                    ));
                }
                match plan.dimensions.iter().find(|d| d.number == p.dimension) {
                    None => diags.push(at_key(
                        root,
                        &r.source,
                        "dimension",
                        format!("ไม่มีมิติที่ {} ในแผน", p.dimension),
                        format!("the plan has no dimension {}", p.dimension),
                        format!(
                            "มิติที่มี / dimensions: {}",
                            plan.dimensions
                                .iter()
                                .map(|d| d.number.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                    Some(d) if !d.missions.iter().any(|m| m.code == p.mission) => {
                        diags.push(at_key(
                            root,
                            &r.source,
                            "mission",
                            format!("ไม่มีภารกิจ `{}` ในมิติที่ {}", p.mission, p.dimension),
                            format!("dimension {} has no mission `{}`", p.dimension, p.mission),
                            format!(
                                "ภารกิจที่มี / missions: {}",
                                d.missions
                                    .iter()
                                    .map(|m| m.code.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ))
                    }
                    Some(_) => {}
                }
                let [first, last] = plan.years;
                if let Some(fy) = r.meta.fiscal_year
                    && !(first..=last).contains(&fy)
                {
                    diags.push(at_key(
                        root,
                        &r.source,
                        "fiscal_year",
                        format!("ปีงบประมาณ {fy} ไม่อยู่ในปีของแผน ({first}–{last})"),
                        format!("fiscal_year {fy} is not a year of the plan ({first}–{last})"),
                        "ลบ fiscal_year ออก (โครงการเป็นของปีของแผน) หรือใส่ปีที่อยู่ในแผน / remove fiscal_year (a project belongs to its plan's years) or write one of them".into(),
                    ));
                }
                for year in p.budget.keys() {
                    let ok = year
                        .parse::<i32>()
                        .is_ok_and(|y| (first..=last).contains(&y));
                    if !ok {
                        diags.push(at_key(
                            root,
                            &r.source,
                            "budget",
                            format!("ปี `{year}` ของงบประมาณไม่อยู่ในช่วงปีของแผน ({first}–{last})"),
                            format!("budget year `{year}` is not a year of the plan ({first}–{last})"),
                            "เขียนปี พ.ศ. เป็นตัวเลขอารบิก เช่น budget = { 2566 = 32580 } / write BE years, e.g. budget = { 2566 = 32580 }".into(),
                        ));
                    }
                }
            }
            Data::Report(rep) => {
                let Some(folder) = &rep.plan else { continue };
                let Some(_) = plans.get(folder.as_str()) else {
                    diags.push(at_key(
                        root,
                        &r.source,
                        "plan",
                        format!("ไม่พบแผน `{folder}`"),
                        format!("no plan `{folder}`"),
                        format!(
                            "ชื่อแผนคือชื่อโฟลเดอร์ใน content/plans/: {} / the plan is a folder name under content/plans/",
                            plans.keys().copied().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                    continue;
                };
                let mut seen = std::collections::HashSet::new();
                for row in &rep.progress {
                    if !seen.insert(row.project) {
                        diags.push(at_key(
                            root,
                            &r.source,
                            "progress",
                            format!("โครงการลำดับที่ {} มีผลการดำเนินงานมากกว่าหนึ่งแถว", row.project),
                            format!("project number {} has more than one progress row", row.project),
                            "รวมเป็นแถวเดียวต่อโครงการในรายงานหนึ่งฉบับ / keep one row per project in a report".into(),
                        ));
                    }
                    if !projects.contains(&(folder.as_str(), row.project)) {
                        diags.push(at_key(
                            root,
                            &r.source,
                            "progress",
                            format!("ไม่มีโครงการลำดับที่ {} ในแผน `{folder}`", row.project),
                            format!("plan `{folder}` has no project number {}", row.project),
                            "ตรวจลำดับที่ของโครงการในตารางส่วนที่ ๒ / check the project's number in the plan".into(),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}
