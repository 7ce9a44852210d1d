//! `sitemap.xml` and `robots.txt`. The sitemap protocol allows at most 50,000 URLs and 50 MB
//! (uncompressed) in one file; a site with more (the 50,000-record benchmark makes about
//! 100,000 pages) gets `sitemap.xml` as a sitemap index that names `sitemap-1.xml`,
//! `sitemap-2.xml`, … . `robots.txt` and the footer name `sitemap.xml` either way.

use std::collections::HashMap;

use super::{Job, Renderer};
use crate::content::Kind;
use crate::site::pages::SITEMAP;
use crate::thai::Date;
use rayon::prelude::*;

use crate::untrusted::{xml_escape, xml_escape_into};

/// How much one sitemap file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub urls: usize,
    pub bytes: usize,
}

impl Limits {
    /// The protocol's limits (sitemaps.org): 50,000 URLs and 52,428,800 bytes.
    pub const PROTOCOL: Limits = Limits {
        urls: 50_000,
        bytes: 50 * 1024 * 1024,
    };
}

/// One page of the sitemap: its `<url>` element and its last change.
#[derive(Debug, Clone)]
pub struct Entry {
    pub xml: String,
    pub lastmod: Option<Date>,
}

const URLSET_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_TAIL: &str = "</urlset>\n";
const INDEX_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const INDEX_TAIL: &str = "</sitemapindex>\n";

impl Renderer<'_> {
    /// The sitemap files of every page but the 404: (path under the output folder, bytes).
    pub fn sitemap(&self, jobs: &[Job]) -> Vec<(String, Vec<u8>)> {
        let config = &self.site.config;
        files(&self.sitemap_entries(jobs), Limits::PROTOCOL, |p| {
            config.permalink(p)
        })
    }

    /// One entry a page. A record page changes when its record does (`updated`, not before
    /// `date`: [`Site::changed`](crate::site::Site::changed)); a list page when the newest of its records does; a
    /// page about the whole site when any record does.
    fn sitemap_entries(&self, jobs: &[Job]) -> Vec<Entry> {
        // The newest change of each folder, kind and fiscal year, and of the site, found in one
        // pass (not one pass over all records for each of thousands of list pages).
        let mut by_folder: HashMap<&str, Date> = HashMap::new();
        let mut by_year: HashMap<(Kind, i32), Date> = HashMap::new();
        let mut newest: Option<Date> = None;
        for (i, r) in self.site.records.iter().enumerate() {
            let d = self.site.changed(i);
            by_folder
                .entry(r.kind.folder())
                .and_modify(|x| *x = (*x).max(d))
                .or_insert(d);
            by_year
                .entry((r.kind, r.fiscal_year))
                .and_modify(|x| *x = (*x).max(d))
                .or_insert(d);
            newest = newest.max(Some(d));
        }
        // In parallel, each URL written into its own string once (a sitemap of 20,000 pages is
        // made again on each save of `serve`).
        let config = &self.site.config;
        jobs.par_iter()
            .filter(|&&job| job != Job::NotFound)
            .map(|&job| {
                let loc = config.permalink(&self.site_path(job));
                let lastmod = match job {
                    Job::Record(i) => (i < self.site.records.len()).then(|| self.site.changed(i)),
                    Job::List(k, _) => by_folder.get(k.folder()).copied(),
                    Job::Year(k, y, _) => by_year.get(&(k, y)).copied(),
                    _ => newest,
                };
                Entry {
                    xml: url_element(&loc, lastmod),
                    lastmod,
                }
            })
            .collect()
    }

    /// `robots.txt`: everything may be indexed; points at the sitemap (the index when the
    /// sitemap is split).
    pub fn robots(&self) -> String {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            self.site.config.permalink(SITEMAP)
        )
    }
}

/// The `<url>` element of the page at absolute URL `loc` (escaped here).
fn url_element(loc: &str, lastmod: Option<Date>) -> String {
    use std::fmt::Write;
    let mut xml = String::with_capacity(loc.len() + 64);
    xml.push_str("<url><loc>");
    xml_escape_into(&mut xml, loc);
    xml.push_str("</loc>");
    if let Some(d) = lastmod {
        let _ = write!(
            xml,
            "<lastmod>{:04}-{:02}-{:02}</lastmod>",
            d.year, d.month, d.day
        );
    }
    xml.push_str("</url>\n");
    xml
}

/// The sitemap files of `entries`: one `sitemap.xml` urlset when they fit in `limits`; else
/// parts `sitemap-1.xml`, … that each fit, and `sitemap.xml` as their index. `permalink` makes
/// the absolute URL of a part from its site path.
pub fn files(
    entries: &[Entry],
    limits: Limits,
    permalink: impl Fn(&str) -> String,
) -> Vec<(String, Vec<u8>)> {
    let fixed = URLSET_HEAD.len() + URLSET_TAIL.len();
    // Parts as ranges of `entries`, filled in order; each holds at least one entry, so an
    // entry larger than the limit (no real URL is) cannot stop the split.
    let mut parts: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut start, mut bytes) = (0, fixed);
    for (i, e) in entries.iter().enumerate() {
        let full = i - start >= limits.urls || bytes + e.xml.len() > limits.bytes;
        if full && i > start {
            parts.push(start..i);
            (start, bytes) = (i, fixed);
        }
        bytes += e.xml.len();
    }
    if start < entries.len() || parts.is_empty() {
        parts.push(start..entries.len());
    }
    let urlset = |range: std::ops::Range<usize>| {
        let mut out = String::with_capacity(range.len() * 96 + fixed);
        out.push_str(URLSET_HEAD);
        for e in &entries[range] {
            out.push_str(&e.xml);
        }
        out.push_str(URLSET_TAIL);
        out.into_bytes()
    };
    if parts.len() == 1 {
        return vec![(SITEMAP.to_string(), urlset(0..entries.len()))];
    }
    let mut index = String::from(INDEX_HEAD);
    let mut out = Vec::with_capacity(parts.len() + 1);
    for (n, range) in parts.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let loc = xml_escape(&permalink(&name));
        match entries[range.clone()]
            .iter()
            .filter_map(|e| e.lastmod)
            .max()
        {
            Some(d) => index.push_str(&format!(
                "<sitemap><loc>{loc}</loc><lastmod>{}</lastmod></sitemap>\n",
                d.iso()
            )),
            None => index.push_str(&format!("<sitemap><loc>{loc}</loc></sitemap>\n")),
        }
        out.push((name, urlset(range)));
    }
    index.push_str(INDEX_TAIL);
    out.insert(0, (SITEMAP.to_string(), index.into_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| {
                let lastmod = Date::from_iso(&format!("2024-10-{:02}", i % 28 + 1));
                Entry {
                    xml: url_element(&format!("https://a.go.th/news/n{i}/"), lastmod),
                    lastmod,
                }
            })
            .collect()
    }

    fn split(n: usize, limits: Limits) -> Vec<(String, String)> {
        files(&entries(n), limits, |p| format!("https://a.go.th/{p}"))
            .into_iter()
            .map(|(p, b)| (p, String::from_utf8(b).unwrap_or_default()))
            .collect()
    }

    fn urls(xml: &str) -> usize {
        xml.matches("<url>").count()
    }

    #[test]
    fn small_sitemap_is_one_urlset() {
        let f = split(
            3,
            Limits {
                urls: 3,
                bytes: 1 << 20,
            },
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "sitemap.xml");
        assert!(f[0].1.contains("<urlset") && urls(&f[0].1) == 3);
        // No record at all: still a valid, empty urlset.
        let f = split(0, Limits::PROTOCOL);
        assert_eq!(f.len(), 1);
        assert!(f[0].1.ends_with(
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n</urlset>\n"
        ));
    }

    #[test]
    fn over_the_url_limit_an_index_names_the_parts() {
        let f = split(
            7,
            Limits {
                urls: 3,
                bytes: 1 << 20,
            },
        );
        let names: Vec<&str> = f.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = &f[0].1;
        assert!(
            index.contains("<sitemapindex") && urls(index) == 0,
            "{index}"
        );
        for n in 1..=3 {
            assert!(
                index.contains(&format!("<loc>https://a.go.th/sitemap-{n}.xml</loc>")),
                "{index}"
            );
        }
        // Every page once, in order, no part over the limit.
        let counts: Vec<usize> = f[1..].iter().map(|(_, x)| urls(x)).collect();
        assert_eq!(counts, [3, 3, 1]);
        let all: String = f[1..].iter().map(|(_, x)| x.as_str()).collect();
        for i in 0..7 {
            assert_eq!(all.matches(&format!("/news/n{i}/<")).count(), 1);
        }
        // A part's lastmod in the index is its newest page's.
        assert!(index.contains("<lastmod>2024-10-03</lastmod>"), "{index}");
        assert!(index.contains("<lastmod>2024-10-07</lastmod>"), "{index}");
    }

    #[test]
    fn over_the_byte_limit_parts_stay_under_it() {
        let one = entries(1)[0].xml.len();
        let limit = URLSET_HEAD.len() + URLSET_TAIL.len() + 2 * one + one / 2;
        let f = split(
            5,
            Limits {
                urls: 1000,
                bytes: limit,
            },
        );
        assert_eq!(f.len(), 1 + 3, "{f:?}");
        for (name, xml) in &f[1..] {
            assert!(xml.len() <= limit, "{name}: {} > {limit}", xml.len());
        }
        // Exactly at the limit still fits in one file.
        let exact = URLSET_HEAD.len()
            + URLSET_TAIL.len()
            + entries(2).iter().map(|e| e.xml.len()).sum::<usize>();
        assert_eq!(
            split(
                2,
                Limits {
                    urls: 1000,
                    bytes: exact
                }
            )
            .len(),
            1
        );
    }
}
