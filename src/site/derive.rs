//! Facts derived from the records that more than one writer shows: when a record last changed
//! (the sitemap's `lastmod`, the feeds' `updated`, the open data's `modified`) and which Atom
//! feeds the site has with their entries (written by `feeds`, listed on the `/data/` page).
//! Computed here, in the model, so that no writer asks another.

use crate::content::Kind;
use crate::thai::Date;

use super::Site;

/// How many entries a feed holds.
pub const FEED_ENTRIES: usize = 50;

impl Site {
    /// The date record `i` last changed: `updated` when given (and not before `date`), else
    /// `date`.
    pub fn changed(&self, i: usize) -> Date {
        let r = &self.records[i];
        r.meta.updated.unwrap_or(r.meta.date).max(r.meta.date)
    }
}

/// One Atom feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Output path: `atom.xml` or `news/atom.xml`.
    pub path: String,
    /// Site path of the HTML page it follows: `` (home) or `news/`.
    pub alternate: String,
    pub title: String,
    /// Record indexes, newest first, at most [`FEED_ENTRIES`].
    pub entries: Vec<usize>,
}

fn newest(site: &Site, mut idx: Vec<usize>) -> Vec<usize> {
    let order = |&a: &usize, &b: &usize| {
        let key = |i: usize| (site.changed(i), site.records[i].meta.date);
        key(b)
            .cmp(&key(a))
            .then_with(|| site.paths[a].cmp(&site.paths[b]))
    };
    // The first entries only (the order is total: paths differ), not a sort of every record
    // for each of the ten feeds.
    if idx.len() > FEED_ENTRIES {
        idx.select_nth_unstable_by(FEED_ENTRIES, order);
        idx.truncate(FEED_ENTRIES);
    }
    idx.sort_by(order);
    idx
}

/// The folders that have a list page (plans and their projects share `plans/`).
pub fn feed_folders() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for k in Kind::ALL {
        if !out.contains(&k.folder()) {
            out.push(k.folder());
        }
    }
    out
}

/// Output path of the whole site's feed.
pub const SITE_FEED: &str = "atom.xml";

/// Output path of the feed of a folder.
pub fn feed_path(folder: &str) -> String {
    format!("{folder}/{SITE_FEED}")
}

/// Output paths of every feed, in the order of [`feeds`] (what the link check needs, without
/// sorting any entries).
pub fn feed_paths() -> Vec<String> {
    std::iter::once(SITE_FEED.to_string())
        .chain(feed_folders().into_iter().map(feed_path))
        .collect()
}

/// Every feed of the site: the whole site first, then one per folder (even when empty, so
/// that a reader's subscription keeps working).
pub fn feeds(site: &Site) -> Vec<Feed> {
    feeds_with(site, |idx| newest(site, idx))
}

/// [`feeds`] without their entries (what the `/data/` page lists of them): no record ordered.
pub fn feed_heads(site: &Site) -> Vec<Feed> {
    feeds_with(site, |_| Vec::new())
}

/// Every feed, its entries `entries` of the indexes of the records it may show.
fn feeds_with(site: &Site, entries: impl Fn(Vec<usize>) -> Vec<usize>) -> Vec<Feed> {
    let org = &site.config.site.title;
    let mut feeds = vec![Feed {
        path: SITE_FEED.into(),
        alternate: String::new(),
        title: org.clone(),
        entries: entries((0..site.records.len()).collect()),
    }];
    for folder in feed_folders() {
        let kinds: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| k.folder() == folder)
            .collect();
        let label = if kinds.len() > 1 {
            "แผนและโครงการ"
        } else {
            kinds.first().map_or("", |k| k.label())
        };
        let idx = (0..site.records.len())
            .filter(|&i| kinds.contains(&site.records[i].kind))
            .collect();
        feeds.push(Feed {
            path: feed_path(folder),
            alternate: format!("{folder}/"),
            title: format!("{label} — {org}"),
            entries: entries(idx),
        });
    }
    feeds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_unique() {
        let f = feed_folders();
        assert_eq!(f.len(), 9);
        assert!(f.contains(&"plans"));
        assert_eq!(feed_paths().len(), 10);
        assert_eq!(feed_paths()[1], "pages/atom.xml");
    }
}
