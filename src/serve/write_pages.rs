//! How `serve` renders a set of pages and writes those whose bytes changed, leaving the pages
//! about the whole site whose template would receive what it received when last written.

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics};
use crate::output;
use crate::render::{Job, Renderer};

use super::{State, Stop};

/// A page made by a pass: its job, output path, bytes (`None`: not rendered again, the same as
/// on disk) and the hash of what its template received.
type Rendered = (Job, String, Option<Vec<u8>>, Option<u64>);

/// What one call of [`State::write_pages`] did: pages written (their bytes changed) and pages
/// not rendered again, as site paths.
#[derive(Default)]
pub(super) struct Pass {
    pub written: Vec<String>,
    pub kept: Vec<String>,
}

/// What [`State::write_pages`] does with the hash of what a page's template receives
/// ([`crate::render::Page::hash`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Same {
    /// Render every page; keep no hash (the pages of records and lists, known to be affected).
    Render,
    /// Render every page and keep its hash.
    Remember,
    /// Leave a page whose hash is the one kept when it was last written.
    Skip,
}

impl State {
    /// Render `jobs` and write those whose bytes changed; their site paths. `None`, with nothing
    /// written, when `stop` said so before all were rendered (each worker checks it before each
    /// page: a page about the whole site takes some milliseconds, an ITA page more).
    pub(super) fn write_pages(
        &mut self,
        renderer: &Renderer<'_>,
        jobs: &[Job],
        same: Same,
        stop: &Stop<'_>,
    ) -> Result<Option<Pass>, Diagnostics> {
        let received = &self.received;
        let disk = &self.disk;
        let rendered: Option<Vec<Result<Rendered, Diagnostic>>> = jobs
            .par_iter()
            .map(|&job| {
                if stop() {
                    return None;
                }
                let path = renderer.output_path(job);
                let made = renderer.page(job).and_then(|page| {
                    let hash = match same {
                        Same::Render => None,
                        _ => page.hash(&renderer.site_path(job)),
                    };
                    let unchanged = hash.is_some() && received.get(&job) == hash.as_ref();
                    if same == Same::Skip && unchanged && disk.has(&path) {
                        return Ok((None, hash));
                    }
                    let html = renderer.render_page(job, page)?;
                    Ok((Some(output::minify(&html)), hash))
                });
                Some(made.map(|(bytes, hash)| (job, path, bytes, hash)))
            })
            .collect();
        let Some(rendered) = rendered else {
            return Ok(None);
        };
        let mut diags = Diagnostics::default();
        let mut files: Vec<Rendered> = Vec::with_capacity(rendered.len());
        for r in rendered {
            match r {
                Ok(f) => files.push(f),
                Err(d) => diags.push(d),
            }
        }
        if !diags.is_empty() {
            return Err(diags.sorted());
        }
        let mut pass = Pass::default();
        for (job, path, bytes, hash) in &files {
            let site_path = path.strip_suffix("index.html").unwrap_or(path);
            let Some(bytes) = bytes else {
                pass.kept.push(site_path.to_string());
                continue;
            };
            // Forgotten first: if the write fails, the page is made again next time.
            self.received.remove(job);
            if self.disk.put(path, bytes)? {
                pass.written.push(site_path.to_string());
            }
            if let Some(h) = hash {
                self.received.insert(*job, *h);
            }
        }
        Ok(Some(pass))
    }
}
