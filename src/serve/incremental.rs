//! The site kept in memory between saves. A change to one record re-reads that file only and
//! re-renders only the pages that show it; a change to site.toml or the theme rebuilds all.
//! Files on disk are rewritten only when their bytes change, so the output folder always equals
//! what a clean `prongsai build` would write.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

use crate::BuildOptions;
use crate::config::Config;
use std::sync::Arc;

use crate::config::theme::{self, ThemeFile};
use crate::content::{self, Record};
use crate::data::live::LiveData;
use crate::error::Diagnostics;
use crate::output;
use crate::render::{FileCache, Job, Prepared, Renderer, WrittenFiles};
use crate::search::live::Live;
use crate::site::Site;

use super::disk::OutputFolder;
use super::patch;
use super::sitemap::KeptSitemap;
use super::tracker::Tracker;
use super::watch::Changes;
use write_pages::{Pass, Same};

/// What one rebuild did.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    pub pages_rendered: usize,
    pub files_written: usize,
    pub files_removed: usize,
    pub full: bool,
    /// Pages about the whole site written after the first reload (home, ITA, summaries…).
    pub later: Vec<String>,
    /// Left before the site-wide files because another change was waiting.
    pub stopped: bool,
    /// Pages about the whole site not rendered again: their template would have received what
    /// it received when they were written (site paths).
    pub kept: Vec<String>,
}

pub struct State {
    opts: BuildOptions,
    config: Option<Config>,
    theme: BTreeMap<String, ThemeFile>,
    /// The templates of `theme`, parsed; made again only after `theme` or site.toml changed.
    prepared: Option<Prepared>,
    /// The model of the last successful rebuild, patched by text-only edits (`super::patch`).
    site: Option<Site>,
    files_cache: FileCache,
    /// Records read and checked, by file.
    records: BTreeMap<PathBuf, Arc<Record>>,
    /// Problems of single files (a broken file has no record until it is fixed).
    broken: BTreeMap<PathBuf, Diagnostics>,
    files: Vec<String>,
    /// What changed since the last render, and what the pages showed then.
    track: Tracker,
    /// The output folder, with a hash of each file in it.
    disk: OutputFolder,
    /// The search index, brought up to date after each save rather than made again, and the
    /// rows of the open data: both kept until site.toml or the theme changes.
    search: Option<Live>,
    data: LiveData,
    /// A hash of what each page's template received when the page was last written
    /// ([`crate::render::Page::hash`]); forgotten when the templates or site.toml change.
    received: HashMap<Job, u64>,
    /// The last sitemap, with what it was made from.
    sitemap: KeptSitemap,
}

/// Whether another save has arrived (checked by the worker threads of the site-wide work).
pub type Stop<'a> = dyn Fn() -> bool + Sync + 'a;

/// Pages written by one pass, as site paths (`news/x/`); `None` when everything may have changed.
pub type Written = Option<Vec<String>>;

impl State {
    pub fn new(opts: BuildOptions) -> State {
        let disk = OutputFolder::new(crate::output_dir(&opts));
        State {
            opts,
            config: None,
            theme: BTreeMap::new(),
            prepared: None,
            site: None,
            files_cache: FileCache::default(),
            records: BTreeMap::new(),
            broken: BTreeMap::new(),
            files: Vec::new(),
            track: Tracker::new(),
            disk,
            search: None,
            data: LiveData::default(),
            received: HashMap::new(),
            sitemap: KeptSitemap::default(),
        }
    }

    pub fn output(&self) -> &Path {
        self.disk.path()
    }

    /// Read everything again (start, site.toml, theme).
    fn reload_all(&mut self) -> Diagnostics {
        let mut diags = Diagnostics::default();
        self.prepared = None;
        self.received.clear();
        self.sitemap = KeptSitemap::default();
        // What the index and the open data hold may depend on any setting.
        self.search = None;
        self.data = LiveData::default();
        match Config::load(&self.opts.root, self.opts.base_url.as_deref()) {
            Ok(c) => {
                match theme::load(&c.root, &c.site.theme) {
                    Ok(t) => self.theme = t,
                    Err(d) => diags.extend(d),
                }
                self.config = Some(c);
            }
            Err(d) => {
                diags.extend(d);
                self.config = None;
            }
        }
        let (content, d) = content::load(&self.opts.root, self.opts.drafts);
        self.records = content
            .records
            .into_iter()
            .map(|r| (r.source.clone(), Arc::new(r)))
            .collect();
        self.files = content.files;
        self.broken.clear();
        for e in d.0 {
            self.broken.entry(e.file.clone()).or_default().push(e);
        }
        self.track.full_pending = true;
        diags
    }

    /// Re-read the record files that changed.
    fn reload_records(&mut self, paths: &BTreeSet<PathBuf>) {
        for rel in paths {
            self.records.remove(rel);
            self.broken.remove(rel);
            self.track.pending.insert(rel.clone());
            // What is there now, through the gate (src/guard.rs): a link or a pipe is an error of
            // its own file, exactly as a full build reports it, never skipped.
            let entry = match crate::guard::inspect(&self.opts.root, rel) {
                Ok(e) => e,
                Err(refusal) => {
                    self.broken
                        .insert(rel.clone(), Diagnostics(vec![refusal.diagnostic(rel)]));
                    continue;
                }
            };
            if entry == Some(crate::guard::Entry::Folder) {
                // A folder came or went: its files are found again by a full content reload.
                let (content, d) = content::load(&self.opts.root, self.opts.drafts);
                self.track.pending.extend(self.records.keys().cloned());
                self.records = content
                    .records
                    .into_iter()
                    .map(|r| (r.source.clone(), Arc::new(r)))
                    .collect();
                self.track.pending.extend(self.records.keys().cloned());
                self.broken.clear();
                for e in d.0 {
                    self.broken.entry(e.file.clone()).or_default().push(e);
                }
                return;
            }
            if entry.is_none() {
                continue;
            }
            let (rec, d) = content::read_record_file(&self.opts.root, rel, self.opts.drafts);
            if !d.is_empty() {
                self.broken.insert(rel.clone(), d);
            }
            if let Some(r) = rec {
                self.records.insert(rel.clone(), Arc::new(r));
            }
        }
    }

    /// Apply a batch of changes (or, with `None`, build everything) and update the output folder.
    /// `pages_ready` is called once the pages are written, before the site-wide files (search
    /// index, open data, feeds, sitemap) are brought up to date, so the browser can reload first.
    pub fn rebuild(
        &mut self,
        changes: Option<&Changes>,
        pages_ready: &dyn Fn(&Written),
        stop: &Stop<'_>,
    ) -> Result<Outcome, Diagnostics> {
        let mut diags = Diagnostics::default();
        // The model of the last rebuild, kept only while nothing but records changed.
        let mut last_site = self.site.take();
        let mut edits: Option<Vec<(PathBuf, Option<Arc<Record>>)>> = None;
        match changes {
            None => diags.extend(self.reload_all()),
            Some(c) if c.everything || self.config.is_none() => diags.extend(self.reload_all()),
            Some(c) => {
                if c.files.is_empty() {
                    let old = |p: &PathBuf| (p.clone(), self.records.get(p).cloned());
                    edits = Some(c.records.iter().map(old).collect());
                }
                self.reload_records(&c.records);
                if !c.files.is_empty() {
                    let (content, d) = content::load_files(&self.opts.root);
                    self.files = content;
                    // Refused attachments (links, pipes, types not published) are errors of
                    // their own files, until they are fixed.
                    self.broken.retain(|p, _| !p.starts_with("content/files"));
                    for e in d.0 {
                        self.broken.entry(e.file.clone()).or_default().push(e);
                    }
                    for f in &c.files {
                        let rel = f.strip_prefix("content/files").unwrap_or(f);
                        self.track
                            .attachments_changed
                            .insert(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
        for d in self.broken.values() {
            diags.extend(d.clone());
        }
        let Some(config) = self.config.clone() else {
            return Err(diags.sorted());
        };
        if !diags.is_empty() {
            return Err(diags.sorted());
        }
        // With PRONGSAI_TRACE set, the time of each step (the same laps as `build`).
        let laps = crate::cputime::Laps::start();
        let lap = |what: &str| laps.lap(what);
        let edits: Option<Vec<(Arc<Record>, Arc<Record>)>> = edits.and_then(|e| {
            e.into_iter()
                .map(|(p, old)| Some((old?, self.records.get(&p)?.clone())))
                .collect()
        });
        let patched = match (last_site.take(), edits) {
            (Some(mut site), Some(edits)) => match patch::apply(&mut site, &edits) {
                Some(d) if d.is_empty() => Some(site),
                _ => None,
            },
            _ => None,
        };
        let rebuilt = patched.is_none();
        let (site, d) = match patched {
            Some(site) => (site, Diagnostics::default()),
            None => {
                let records: Vec<Arc<Record>> = self.records.values().cloned().collect();
                Site::build_shared(config, records, self.files.clone())
            }
        };
        lap("site model");
        let result = if d.is_empty() {
            self.render_site(&site, pages_ready, stop, &lap)
        } else {
            Err(d.sorted())
        };
        if let Ok(o) = &result {
            self.track.rendered(&site, rebuilt, o.stopped);
            self.site = Some(site);
        }
        result
    }

    fn render_site(
        &mut self,
        site: &Site,
        pages_ready: &dyn Fn(&Written),
        stop: &Stop<'_>,
        lap: &dyn Fn(&str),
    ) -> Result<Outcome, Diagnostics> {
        let prepared = match self.prepared.take() {
            Some(p) => p,
            None => Prepared::new(&site.config, self.theme.clone())?,
        };
        let renderer = Renderer::with_prepared(site, prepared, &mut self.files_cache);
        lap("templates");
        let outcome = self.render(
            &renderer,
            &|w: &Written| {
                lap("pages written");
                pages_ready(w)
            },
            stop,
            lap,
        );
        self.prepared = Some(renderer.into_prepared());
        let outcome = outcome?;
        lap("done");
        Ok(outcome)
    }

    fn render(
        &mut self,
        renderer: &Renderer<'_>,
        pages_ready: &dyn Fn(&Written),
        stop: &Stop<'_>,
        lap: &dyn Fn(&str),
    ) -> Result<Outcome, Diagnostics> {
        let site = renderer.site;
        output::check_output_dir(&site.config.root, self.disk.path())
            .map_err(|d| Diagnostics(vec![d]))?;
        self.disk.scan_once();
        let all_jobs = renderer.jobs();
        let affected = self.track.affected(site, renderer, &all_jobs);
        let full = affected.is_none();
        let jobs: Vec<Job> = match &affected {
            None => all_jobs.clone(),
            Some(set) => all_jobs
                .iter()
                .copied()
                .filter(|j| set.contains(j))
                .collect(),
        };
        // First the pages of the changed records and the lists that show them: the browser may
        // reload those while the pages about the whole site and the site-wide files (search
        // index, data, feeds) are brought up to date.
        let (first, rest): (Vec<Job>, Vec<Job>) = jobs
            .iter()
            .partition(|j| matches!(j, Job::Record(_) | Job::List(..) | Job::Year(..)));
        let changed = self
            .write_pages(renderer, &first, Same::Render, &|| false)?
            .unwrap_or_default()
            .written;
        let mut written = changed.len();
        if !full {
            pages_ready(&Some(changed));
        }
        self.track.remember_lists(site, renderer, &all_jobs);
        // Another save already waits: leave the pages about the whole site and the site-wide
        // files to its rebuild (which always makes them again), so it starts at once.
        let stopped = |written: usize, later: Vec<String>| Outcome {
            files_written: written,
            pages_rendered: first.len(),
            later,
            stopped: true,
            ..Default::default()
        };
        // Another save may stop the rest only when this pass is not a full one (a full pass
        // must finish: the next, incremental, one would not make every page again).
        let stop = || !full && stop();
        if stop() {
            return Ok(stopped(written, Vec::new()));
        }
        // The search index first: the search page names its manifest.
        let live = match self.search.take() {
            Some(mut live) => {
                live.update(site);
                live
            }
            None => Live::new(site),
        };
        let search_manifest = live.manifest_path().to_string();
        let search = live.files(&|p| !self.disk.has(p));
        self.search = Some(live);
        lap("search index");
        // Files of the index already in the folder are left: every path names its content (the
        // manifest's, a hash of the manifest). Written before the search page that names the
        // new manifest.
        let mut search_paths = Vec::with_capacity(search.len());
        for (path, bytes) in search {
            if let Some(bytes) = bytes {
                written += usize::from(self.disk.put(&path, &bytes)?);
            }
            search_paths.push(path);
        }
        // The open data next: the /data/ page shows the sizes of its files.
        let Some(data) = self.data.build(site, &stop) else {
            return Ok(stopped(written, Vec::new()));
        };
        // What the /data/ and /search/ pages show, handed over as `build` does
        // (`output::derived_files`), so that `rest` may hold those pages.
        lap("search files, open data");
        let crate::data::Built {
            files: data_files,
            index: open_data,
        } = data;
        renderer.hand_over(WrittenFiles {
            open_data,
            search_manifest,
        });
        // Pages about the whole site whose template would receive what it received when they
        // were last written are left as they are (the templates and site.toml being the same:
        // not after a full pass, which may follow a change of those).
        let same = if full { Same::Remember } else { Same::Skip };
        let Some(Pass {
            written: later,
            kept,
        }) = self.write_pages(renderer, &rest, same, &stop)?
        else {
            return Ok(stopped(written, Vec::new()));
        };
        written += later.len();
        lap("pages about the site");
        if stop() {
            return Ok(stopped(written, later));
        }
        // Site-wide files and, after a full pass or when missing, the theme's static files.
        let sitemap = &mut self.sitemap;
        let mut files =
            output::site_wide_files_with(renderer, || sitemap.files(renderer, &all_jobs));
        // Everything a clean build would write; anything else in the folder goes.
        let mut expected: FxHashSet<String> =
            all_jobs.iter().map(|&j| renderer.output_path(j)).collect();
        expected.extend(files.iter().map(|(p, _)| p.clone()));
        expected.extend(data_files.iter().map(|(p, _)| p.clone()));
        expected.extend(search_paths);
        for (name, f) in &renderer.theme {
            if let Some(rel) = name.strip_prefix("static/") {
                expected.insert(rel.to_string());
                if full || !self.disk.has(rel) {
                    files.push((rel.to_string(), std::borrow::Cow::Borrowed(&f.bytes[..])));
                }
            }
        }
        lap("site-wide files made");
        // Another save is looked for between files (a collection of the open data is tens of
        // megabytes at 50,000 records): what is left is written by its rebuild.
        for (path, bytes) in &files {
            if stop() {
                return Ok(stopped(written, later));
            }
            written += usize::from(self.disk.put(path, bytes)?);
        }
        // The open data: a dataset not made again is the same bytes as last time, not hashed.
        for (path, bytes) in &data_files {
            match self.disk.put_shared(path, bytes, &stop)? {
                Some(w) => written += usize::from(w),
                None => return Ok(stopped(written, later)),
            }
        }
        lap("site-wide files written");
        // Attachments: copy what is new or changed.
        for f in &site.files {
            let rel = format!("files/{f}");
            expected.insert(rel.clone());
            if full || self.track.attachments_changed.contains(f) || !self.disk.has(&rel) {
                // Through the gate (src/guard.rs), as `build` copies them: a file that cannot
                // be read, or became a link, fails the rebuild and is not published.
                let src = Path::new("content").join("files").join(f);
                let bytes = crate::guard::read(
                    &site.config.root,
                    &src,
                    crate::content::attachments::MAX_BYTES,
                )
                .map_err(|d| Diagnostics(vec![d]))?;
                written += usize::from(self.disk.put(&rel, &bytes)?);
            }
        }
        let mut outcome = Outcome {
            files_written: written,
            pages_rendered: jobs.len() - kept.len(),
            full,
            later,
            kept,
            ..Default::default()
        };
        lap("attachments");
        outcome.files_removed = self.disk.remove_all_but(&expected);
        lap("removed");
        Ok(outcome)
    }
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;

#[path = "write_pages.rs"]
mod write_pages;
