//! The internal-link check: every link a record's Markdown writes from the site root
//! (`/news/a/`, `/files/x.pdf`) must reach a page or file of the site.

use std::collections::HashSet;

use crate::config::percent_decode;
use crate::error::{Diagnostic, Diagnostics};

use super::Site;

/// Every file the build writes whose name the model knows ([`Site::output_files`]), with the
/// ITA years read from the catalogues' file names (the renderer reads the same files).
pub fn known_paths(site: &Site) -> HashSet<String> {
    let ita_years = crate::ita::catalogue_years(&site.config.root, &site.config.site.theme);
    site.output_files(&ita_years)
}

/// Whether a link's site path (no leading `/`, decoded) names a file in `known`: a file
/// (`files/a.pdf`), a page's folder with or without its closing `/` (`news/a/`, `news/a`) or
/// its `index.html`, or the theme's `assets/`.
pub fn reaches(known: &HashSet<String>, path: &str) -> bool {
    let page = |dir: &str| known.contains(&format!("{dir}index.html"));
    known.contains(path)
        || ((path.is_empty() || path.ends_with('/')) && page(path))
        || page(&format!("{path}/"))
        || path.starts_with("assets/")
}

/// Report links to pages that the build does not make.
pub fn check(site: &Site, diags: &mut Diagnostics) {
    check_records(site, 0..site.records.len(), diags);
}

/// [`check`] for the records at positions `which` only (`serve` after a text edit).
pub fn check_records(site: &Site, which: impl Iterator<Item = usize>, diags: &mut Diagnostics) {
    let which: Vec<usize> = which
        .filter(|&i| site.records.get(i).is_some_and(|r| !r.links.is_empty()))
        .collect();
    if which.is_empty() {
        return; // no list of the site's paths to make (it reads the catalogue folders)
    }
    let known = known_paths(site);
    for r in which.iter().map(|&i| &site.records[i]) {
        for (url, offset) in &r.links {
            let offset = *offset;
            let path = url
                .split(['#', '?'])
                .next()
                .unwrap_or("")
                .trim_start_matches('/');
            // Thai slugs are often pasted percent-encoded from a browser.
            let path = percent_decode(path).unwrap_or_else(|| path.to_string());
            if !reaches(&known, &path) {
                diags.push(Diagnostic::at(
                    &r.source,
                    &r.body,
                    offset,
                    r.body_line,
                    format!("ลิงก์ {url} ไปยังหน้าที่ไม่มีในเว็บไซต์"),
                    format!("the link {url} points to no page of the site"),
                    "ตรวจ slug ของหน้าปลายทาง หรือชื่อไฟล์ใน content/files/ / check the target's slug, or the file name under content/files/",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaches_pages_and_files() {
        let known: HashSet<String> = ["index.html", "news/a/index.html", "files/a.pdf", "404.html"]
            .map(String::from)
            .into();
        for ok in [
            "",
            "news/a/",
            "news/a",
            "news/a/index.html",
            "files/a.pdf",
            "404.html",
            "assets/x.css",
        ] {
            assert!(reaches(&known, ok), "{ok}");
        }
        for bad in [
            "news/",
            "news/b/",
            "files/b.pdf",
            "files/a.pdf/",
            "index.htm",
        ] {
            assert!(!reaches(&known, bad), "{bad}");
        }
    }

    #[test]
    fn decodes_thai() {
        assert_eq!(
            percent_decode("news/%E0%B8%81/").as_deref(),
            Some("news/ก/")
        );
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("a%+1"), None, "a sign is not a hex digit");
        assert_eq!(percent_decode("a%zz/"), None);
    }
}
