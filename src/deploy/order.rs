//! The order of a deploy, so that the public site is never broken while it runs: attachments,
//! theme files, open data and the search index first (nothing links to a new one until a page
//! does), then the pages, then the home page, feeds, sitemap and robots.txt, then the manifest
//! (which says "this deploy is complete"), and the deletions last (no page links to a deleted
//! file any more by then).

use crate::output::manifest::MANIFEST;

/// The steps of a deploy, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Attachments, CSS, fonts, images, open data, search index.
    Files,
    /// Every HTML page but the home page.
    Pages,
    /// The home page, feeds, sitemap, robots.txt.
    Home,
    /// `checksums.json`.
    Manifest,
}

/// The phase a file is uploaded in.
pub fn phase(path: &str) -> Phase {
    if path == MANIFEST {
        Phase::Manifest
    } else if path == "index.html"
        || path == "robots.txt"
        || path.ends_with(".xml")
        || path.ends_with(".atom")
    {
        // sitemap.xml and the Atom feeds name pages: they follow the pages.
        Phase::Home
    } else if path.ends_with(".html") {
        Phase::Pages
    } else {
        Phase::Files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases() {
        assert_eq!(phase("files/ประกาศ.pdf"), Phase::Files);
        assert_eq!(phase("search/s/ab.txt"), Phase::Files);
        assert_eq!(phase("news/a/index.html"), Phase::Pages);
        assert_eq!(phase("index.html"), Phase::Home);
        assert_eq!(phase("sitemap.xml"), Phase::Home);
        assert_eq!(phase(MANIFEST), Phase::Manifest);
    }
}
