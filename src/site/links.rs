//! The internal-link check: every link a record's Markdown writes from the site root
//! (`/news/a/`, `/files/x.pdf`) must reach a page or file of the site.

use std::collections::HashSet;

use crate::config::percent_decode;
use crate::content::Kind;
use crate::error::{Diagnostic, Diagnostics};

use super::Site;

/// Every site path the build writes (without the base path), as far as the model knows them.
pub fn known_paths(site: &Site) -> HashSet<String> {
    let mut known: HashSet<String> = site.paths.iter().cloned().collect();
    known.insert(String::new());
    // List pages: `/news/`, `/news/page/2/`, `/news/2568/`, `/news/2568/page/2/`.
    let pages = |first: String, len: usize, known: &mut HashSet<String>| {
        known.extend((2..=super::pages_of(len)).map(|n| format!("{first}page/{n}/")));
        known.insert(first);
    };
    for k in Kind::ALL {
        if k != Kind::Project {
            let len = site.lists.get(&k).map_or(0, Vec::len);
            pages(format!("{}/", k.folder()), len, &mut known);
        }
    }
    for (k, years) in &site.years {
        for (y, list) in years {
            pages(format!("{}/{y}/", k.folder()), list.len(), &mut known);
        }
    }
    for y in site.procurement.keys() {
        known.insert(format!("procurement/{y}/summary/"));
    }
    known.insert("ita/".to_string());
    known.insert(crate::search::PAGE.to_string());
    for y in crate::ita::catalogue_years(&site.config.root, &site.config.site.theme) {
        known.insert(format!("ita/{y}/"));
    }
    for f in &site.files {
        known.insert(format!("files/{f}"));
    }
    for f in ["sitemap.xml", "robots.txt", "404.html"] {
        known.insert(f.to_string());
    }
    known.extend(crate::data::paths());
    known.extend(super::derive::feed_paths());
    known
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
            let ok = known.contains(&path)
                || known.contains(&format!("{path}/"))
                || path
                    .strip_suffix("index.html")
                    .is_some_and(|p| known.contains(p))
                || path.starts_with("assets/");
            if !ok {
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
