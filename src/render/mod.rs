//! Stage 4: pages from the site model, through the theme's Tera templates. The model lists the
//! pages (`Site::jobs`, src/site/pages.rs); `Renderer::page` makes what one page's template
//! receives (a typed context a job, page.rs) and `Renderer::render` the page. Pages are
//! independent, so the output stage renders them in parallel and writes each as soon as it is
//! made.

pub mod context;
pub mod filters;
pub mod list_page;
mod lookups;
pub mod markdown;
pub mod page;
pub mod prepared;
pub mod sitemap;
mod template_error;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Value, json};
use tera::Tera;

use crate::config::theme::ThemeFile;
use crate::content::{Data, Kind};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::Site;

use lookups::build_lookups;
pub use lookups::{FileCache, FileInfo, Lookups};
pub use page::Page;
pub use prepared::Prepared;
pub use template_error::template_error;

pub use crate::site::pages::Job;
pub use crate::site::{PER_PAGE, pages_of};

/// What the `/data/` and `/search/` pages show about files that other writers make: plain
/// values, so that render never calls those writers. The output stage, which runs them, makes
/// the files first and hands this over ([`Renderer::hand_over`]).
#[derive(Debug, Clone, Default)]
pub struct WrittenFiles {
    /// What `data.html` receives as `open_data`: the open-data files with their sizes.
    pub open_data: Value,
    /// The site path of the search index's manifest (its name is a hash of the index).
    pub search_manifest: String,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: Tera,
    pub theme: BTreeMap<String, ThemeFile>,
    pub lookups: Lookups,
    /// The OIT catalogues (theme's `oit/`, site's `oit/`), for the ITA pages.
    pub ita: crate::ita::Catalogues,
    /// The ITA map of each catalogue year, made once.
    ita_maps: crate::ita::Maps,
    /// Handed over by the output stage before the pages that show it are rendered.
    written: OnceLock<WrittenFiles>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site) -> Result<Self, Diagnostics> {
        let theme = crate::config::theme::load(&site.config.root, &site.config.site.theme)?;
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
            ita_kept,
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
        let ita_maps = crate::ita::Maps::new(&ita, ita_kept);
        Renderer {
            site,
            tera,
            theme,
            lookups,
            ita,
            ita_maps,
            written: OnceLock::new(),
        }
    }

    /// Give the renderer what the `/data/` and `/search/` pages show about the files of other
    /// writers (once; a second hand-over is ignored).
    pub fn hand_over(&self, written: WrittenFiles) {
        let _ = self.written.set(written);
    }

    /// Give the parsed templates back, for the next rebuild of `serve`.
    pub fn into_prepared(self) -> Prepared {
        Prepared {
            tera: self.tera,
            theme: self.theme,
            ita: self.ita,
            ita_kept: self.ita_maps.into_kept(),
        }
    }

    /// Every page of the site ([`Site::jobs`] with the catalogues' ITA years).
    pub fn jobs(&self) -> Vec<Job> {
        self.site.jobs(&self.ita.years())
    }

    /// The output path (relative to the output folder) of a page.
    pub fn output_path(&self, job: Job) -> String {
        self.site.output_path(job)
    }

    /// Site path of a page (what `url` takes): the output path without `index.html`.
    pub fn site_path(&self, job: Job) -> String {
        self.site.site_path(job)
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
        self.render_page(job, self.page(job)?)
    }

    /// Render `page`, made by [`Renderer::page`] for `job`, to HTML (not yet minified).
    pub fn render_page(&self, job: Job, page: Page<'_>) -> Result<String, Diagnostic> {
        let template = page.template.clone();
        let ctx = page.into_context(self.site, &self.site_path(job))?;
        self.tera
            .render(&template, &ctx)
            .map_err(|e| template_error(&self.theme, &e))
    }
}
