//! What pages look up instead of scanning every record: attachment sizes and checksums (cached
//! across `serve`'s rebuilds by modification time and size), the notices of one procurement, and
//! the summary year that lists a notice.

use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::{Data, Method};
use crate::site::Site;

/// Size and SHA-256 of an attachment, shown beside its link.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub size: u64,
    pub sha256: String,
}

/// Indexes built once so that no page needs a scan of all records. The indexes of procurement
/// are made on first use: most saves of `serve` render no procurement notice, and making them
/// took a tenth of the time before the browser reloads at 50,000 records.
#[derive(Debug, Default)]
pub struct Lookups {
    pub files: HashMap<String, FileInfo>,
    /// Notices of one procurement (same item and method).
    related: OnceLock<FxHashMap<(String, Method), Vec<usize>>>,
    /// Fiscal year of the summary row that lists a notice.
    notice_year: OnceLock<FxHashMap<usize, i32>>,
}

impl Lookups {
    /// The notices of the procurement of `item` by `method`, in `site` (the site these lookups
    /// were made for).
    pub fn related(&self, site: &Site, item: &str, method: Method) -> &[usize] {
        let related = self.related.get_or_init(|| {
            let mut related: FxHashMap<(String, Method), Vec<usize>> = FxHashMap::default();
            for (i, r) in site.records.iter().enumerate() {
                if let Data::Procurement(p) = &r.data {
                    related
                        .entry((p.item.trim().to_string(), p.method))
                        .or_default()
                        .push(i);
                }
            }
            related
        });
        related
            .get(&(item.trim().to_string(), method))
            .map_or(&[], Vec::as_slice)
    }

    /// The fiscal year of the summary row that lists notice `i` of `site`.
    pub fn notice_year(&self, site: &Site, i: usize) -> Option<i32> {
        let years = self.notice_year.get_or_init(|| {
            let mut years = FxHashMap::default();
            for (fy, y) in &site.procurement {
                for row in y.months.iter().flat_map(|m| &m.rows) {
                    for n in &row.notices {
                        years.insert(n.record, *fy);
                    }
                }
            }
            years
        });
        years.get(&i).copied()
    }
}

/// Attachment checksums by file, with the modification time and size they were computed for.
#[derive(Debug, Default, Clone)]
pub struct FileCache(HashMap<String, CachedFile>);

/// Modification time and size of a file, and what was computed from it.
type CachedFile = (Option<std::time::SystemTime>, u64, FileInfo);

impl FileCache {
    /// Size and SHA-256 of `content/files/<f>`, read again only when its time or size changed.
    fn info(&self, root: &std::path::Path, f: &str) -> Option<(String, CachedFile)> {
        let rel = std::path::Path::new("content").join("files").join(f);
        // Not a link: only what the gate lets through is described (src/guard.rs).
        let meta = std::fs::symlink_metadata(root.join(&rel))
            .ok()
            .filter(|m| m.is_file())?;
        let (mtime, len) = (meta.modified().ok(), meta.len());
        if let Some(hit) = self.0.get(f)
            && hit.0 == mtime
            && hit.1 == len
            && mtime.is_some()
        {
            return Some((f.to_string(), hit.clone()));
        }
        let bytes = crate::guard::read(root, &rel, crate::content::attachments::MAX_BYTES).ok()?;
        let sha256 = crate::digest::sha256_hex(&bytes);
        Some((
            f.to_string(),
            (
                mtime,
                len,
                FileInfo {
                    size: bytes.len() as u64,
                    sha256,
                },
            ),
        ))
    }
}

pub(super) fn build_lookups(site: &Site, cache: &mut FileCache) -> Lookups {
    let mut referenced: Vec<&str> = site
        .records
        .iter()
        .flat_map(|r| r.meta.attachments.iter().map(|a| a.file.as_str()))
        .collect();
    referenced.sort_unstable();
    referenced.dedup();
    let root = &site.config.root;
    let fresh: Vec<_> = referenced
        .par_iter()
        .filter_map(|f| cache.info(root, f))
        .collect();
    cache.0.extend(fresh.iter().cloned());
    let files = fresh
        .into_iter()
        .map(|(f, (_, _, info))| (f, info))
        .collect();
    Lookups {
        files,
        ..Lookups::default()
    }
}
