//! prongsai: the public-information portal of a Thai local government, as a static site.
//!
//! One pipeline, one module a stage, data flowing one way:
//! `config` → `content` → `site` → `render` → `output`, with `thai` beside them.

// A `Diagnostic` (file, position, two messages, hint) is the error of every stage; it is large,
// but it travels only on the error path, where its size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod browser;
pub mod cli;
pub mod config;
pub mod content;
pub mod cputime;
pub mod data;
pub mod deploy;
pub mod digest;
pub mod error;
pub mod feeds;
pub mod guard;
pub mod import;
pub mod ita;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod thai;
pub mod untrusted;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use error::{Diagnostic, Diagnostics};

/// What `build` and `check` need to know.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub records: usize,
    pub pages: usize,
    /// Files other than pages: attachments, assets, open data, feeds, sitemap, search index.
    pub files: usize,
    /// Files carried over unchanged from the previous output / written anew (output/carry.rs).
    pub unchanged: usize,
    pub rewritten: usize,
    pub output: PathBuf,
    pub millis: u128,
}

/// The repository's demo site, loaded, for unit tests that compare two ways of making the same
/// files (73 records of every kind).
#[cfg(test)]
pub(crate) fn demo_site() -> site::Site {
    let opts = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: None,
        base_url: Some("http://127.0.0.1:1/".into()),
        drafts: false,
    };
    match load_site(&opts) {
        Ok(s) => s,
        Err(d) => panic!("the demo site does not load: {d}"),
    }
}

/// Read and check the whole site, without writing anything: stages config → content → site,
/// and the templates. Every problem is reported at once.
pub fn load_site(opts: &BuildOptions) -> Result<site::Site, Diagnostics> {
    load_site_timed(opts, &cputime::Laps::start())
}

fn load_site_timed(opts: &BuildOptions, laps: &cputime::Laps) -> Result<site::Site, Diagnostics> {
    let config = config::Config::load(&opts.root, opts.base_url.as_deref())?;
    let (content, mut diags) = content::load(&opts.root, opts.drafts);
    laps.lap("read and parse records");
    let site = site::Site::build(config, content);
    laps.lap("site model");
    match site {
        Ok(s) if diags.is_empty() => Ok(s),
        Ok(_) => Err(diags.sorted()),
        Err(d) => {
            diags.extend(d);
            Err(diags.sorted())
        }
    }
}

/// `prongsai check`: everything `build` checks, nothing written.
pub fn check(opts: &BuildOptions) -> Result<site::Site, Diagnostics> {
    let site = load_site(opts)?;
    let renderer = render::Renderer::new(&site)?;
    output::hand_over(&renderer);
    let mut diags = Diagnostics::default();
    for job in renderer.jobs() {
        if let Err(d) = renderer.render(job) {
            diags.push(d);
        }
    }
    drop(renderer);
    if diags.is_empty() {
        Ok(site)
    } else {
        Err(diags.sorted())
    }
}

/// `prongsai check --oit`: the ITA map of `year` (default: the year `/ita/` shows) from the
/// theme's and the site's OIT catalogues (docs/ita.md).
pub fn check_oit(
    site: &site::Site,
    year: Option<i32>,
) -> Result<ita::ItaMap, ita::report::OitError> {
    use ita::report::OitError;
    let theme = config::theme::load(&site.config.root, &site.config.site.theme)
        .map_err(OitError::Content)?;
    let cats = ita::Catalogues::load(&site.config.root, &theme).map_err(OitError::Content)?;
    let y = year
        .or_else(|| cats.current_year(site))
        .ok_or_else(|| OitError::NoYear(year, cats.years()))?;
    cats.map(site, y, &site::pages::NAV)
        .ok_or_else(|| OitError::NoYear(Some(y), cats.years()))
}

/// `prongsai build`: the whole pipeline; the output is replaced only when everything succeeded.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let laps = cputime::Laps::start();
    let out = output_dir(opts);
    output::recover_interrupted_swap(&out);
    let site = load_site_timed(opts, &laps)?;
    let renderer = render::Renderer::new(&site)?;
    laps.lap("templates");
    let written = output::write_site(&renderer, &out, &laps)?;
    Ok(BuildReport {
        records: site.records.len(),
        pages: written.pages,
        files: written.files,
        unchanged: written.carried.unchanged,
        rewritten: written.carried.written,
        output: out,
        millis: start.elapsed().as_millis(),
    })
}

/// The output folder: `--output`, else `<root>/public`.
pub fn output_dir(opts: &BuildOptions) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"))
}

/// Make `p` printable relative to the current folder when it is under it.
pub fn display_path(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.display().to_string()))
        .unwrap_or_else(|| p.display().to_string())
}
