//! The site's structure: its navigation, the pages it has with their paths and titles, and
//! the list of every file a build writes. `render` makes these pages, `output` writes them and
//! the link check accepts these paths: one list for all three.

use crate::content::Kind;
use crate::thai::{apply_digits, format_fiscal_year};

use super::datasets::DATA_DIR;
use super::{Site, pages_of};

/// The navigation, in the order citizens and assessors look for things: (site path, label).
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

/// One page of the site: what `render` makes and `output` writes.
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
    /// `/search/`: the search page (its index is written by the search writer).
    Search,
}

impl Job {
    /// Whether the page shows what other writers make (the open data's sizes, the search
    /// index's name): the output stage makes those files first and hands their facts over.
    pub fn shows_written_files(self) -> bool {
        matches!(self, Job::DataIndex | Job::Search)
    }
}

/// Site path of the search page (the search index's files are under it).
pub const SEARCH_PAGE: &str = "search/";

/// The files about the whole site that are not pages.
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The output's manifest, public (`/checksums.json`, docs/deploy.md).
pub const CHECKSUMS: &str = "checksums.json";

/// The folder of page `n` of a list, relative to the list's first page.
pub fn page_dir(n: u32) -> String {
    if n <= 1 {
        String::new()
    } else {
        format!("page/{n}/")
    }
}

impl Site {
    /// Every page of the site; `ita_years` are the years of the OIT catalogues (one map page
    /// each).
    pub fn jobs(&self, ita_years: &[i32]) -> Vec<Job> {
        let mut jobs = vec![Job::Home, Job::NotFound, Job::DataIndex, Job::Search];
        for kind in Kind::ALL {
            if kind != Kind::Project {
                let len = self.lists.get(&kind).map_or(0, Vec::len);
                jobs.extend((1..=pages_of(len)).map(|n| Job::List(kind, n)));
            }
            if kind.has_years() {
                for (y, list) in self.years.get(&kind).into_iter().flatten() {
                    jobs.extend((1..=pages_of(list.len())).map(|n| Job::Year(kind, *y, n)));
                }
            }
        }
        jobs.extend(self.procurement.keys().map(|y| Job::ProcurementSummary(*y)));
        jobs.push(Job::ItaIndex);
        jobs.extend(ita_years.iter().map(|&y| Job::Ita(y)));
        jobs.extend((0..self.records.len()).map(Job::Record));
        jobs
    }

    /// Site path of a page (what `url` takes): `news/2568/page/2/`, `` for the home page.
    pub fn site_path(&self, job: Job) -> String {
        match job {
            Job::Home => String::new(),
            Job::NotFound => "404.html".into(),
            Job::DataIndex => DATA_DIR.into(),
            Job::Search => SEARCH_PAGE.into(),
            Job::Record(i) => self.paths.get(i).cloned().unwrap_or_default(),
            Job::List(k, n) => format!("{}/{}", k.folder(), page_dir(n)),
            Job::Year(k, y, n) => format!("{}/{y}/{}", k.folder(), page_dir(n)),
            Job::ProcurementSummary(y) => format!("procurement/{y}/summary/"),
            Job::ItaIndex => "ita/".into(),
            Job::Ita(y) => format!("ita/{y}/"),
        }
    }

    /// The output path (relative to the output folder) of a page: its site path, with
    /// `index.html` for a folder.
    pub fn output_path(&self, job: Job) -> String {
        let p = self.site_path(job);
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p
        }
    }

    /// The title of a page, as its `<title>`, its heading and the ITA map name it; `None` for
    /// the ITA pages, whose title names the year the map shows (`ita::page`).
    pub fn title(&self, job: Job) -> Option<String> {
        let digits = self.config.site.digits;
        Some(match job {
            Job::Home => self.config.site.title.clone(),
            Job::NotFound => "ไม่พบหน้านี้ (404)".into(),
            Job::DataIndex => "ข้อมูลเปิด (Open Data)".into(),
            Job::Search => "ค้นหา".into(),
            Job::Record(i) => self.records.get(i)?.meta.title.clone(),
            Job::List(kind, n) | Job::Year(kind, _, n) => {
                let mut title = match job {
                    Job::Year(_, y, _) => {
                        format!("{} {}", kind.label(), format_fiscal_year(y, digits))
                    }
                    _ => kind.label().to_string(),
                };
                if n > 1 {
                    title.push_str(&format!(" (หน้า {})", apply_digits(&n.to_string(), digits)));
                }
                title
            }
            Job::ProcurementSummary(y) => {
                format!("สรุปผลการจัดซื้อจัดจ้าง {}", format_fiscal_year(y, digits))
            }
            Job::ItaIndex | Job::Ita(_) => return None,
        })
    }

    /// Every file a build writes whose name the model knows (paths under the output folder):
    /// the pages of [`Site::jobs`], the open data, the feeds, the sitemap, `robots.txt`, the
    /// public manifest and the attachments. The internal-link check accepts exactly these (and
    /// the theme's `assets/`); tests/it/url_list.rs builds a site and checks that they are what
    /// the writers wrote. Not here, because their names come from what they hold: the search
    /// index's files (under [`SEARCH_PAGE`], named by hashes of their content), the parts of a
    /// sitemap of more than 50,000 pages (`sitemap-1.xml`, …, named by `sitemap.xml`), and the
    /// theme's static files (read after the model).
    /// Collected into any set: the link check wants a `HashSet`, a test a sorted one.
    pub fn output_files<C: Default + Extend<String>>(&self, ita_years: &[i32]) -> C {
        let mut out = C::default();
        out.extend(
            self.jobs(ita_years)
                .into_iter()
                .map(|j| self.output_path(j)),
        );
        out.extend(super::datasets::files());
        out.extend(super::derive::feed_paths());
        out.extend([SITEMAP, ROBOTS, CHECKSUMS].map(String::from));
        out.extend(self.files.iter().map(|f| format!("files/{f}")));
        out
    }
}
