//! The sitemap `serve` keeps between saves: made again only when what it shows changed (the
//! pages, the records' paths, and each record's kind, fiscal year and last change, from which
//! the `lastmod` of record, list and site pages come: `render::sitemap`). A text edit changes
//! none of them; the sitemap of 20,000 pages was a tenth of such a save's CPU at 10,000 records.

use crate::content::Kind;
use crate::render::{Job, Renderer};
use crate::thai::Date;

/// What a sitemap was made from.
#[derive(PartialEq)]
struct Made {
    jobs: Vec<Job>,
    paths: Vec<String>,
    records: Vec<(Kind, i32, Date)>,
}

/// Files as `Renderer::sitemap` makes them: (path in the output, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The last sitemap's files and what they were made from; forgotten with site.toml (its URLs
/// are absolute).
#[derive(Default)]
pub struct KeptSitemap(Option<(Made, Files)>);

impl KeptSitemap {
    /// The sitemap's files for `jobs` of the renderer's site: the kept ones when they show the
    /// same, else made again (and kept).
    pub fn files(&mut self, renderer: &Renderer<'_>, jobs: &[Job]) -> Files {
        let site = renderer.site;
        let records: Vec<(Kind, i32, Date)> = (0..site.records.len())
            .map(|i| {
                (
                    site.records[i].kind,
                    site.records[i].fiscal_year,
                    site.changed(i),
                )
            })
            .collect();
        if let Some((made, files)) = &self.0
            && made.jobs == jobs
            && made.paths == site.paths
            && made.records == records
        {
            return files.clone();
        }
        let files = renderer.sitemap(jobs);
        let made = Made {
            jobs: jobs.to_vec(),
            paths: site.paths.clone(),
            records,
        };
        self.0 = Some((made, files.clone()));
        files
    }
}
