//! Feeds and crawl files: Atom feeds for the site and each collection (well-formed XML, the
//! newest 50 entries, escaped Thai titles, absolute links), `sitemap.xml` with `lastmod` whose
//! every URL exists, `robots.txt`, and a `404.html` whose links work from any depth.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

const BASE: &str = "https://host/site/";

const SITE: &str = "base_url = \"https://host/site/\"\ntitle = \"เทศบาลตำบล <ทดสอบ> & \\\"คำพูด\\\"\"\n\
description = \"คำอธิบาย\"\n";

/// Parse an XML file with Python's xml.etree (fails the test when it is not well-formed) and
/// return, as JSON, each element's local tag, attributes and text, in document order.
fn xml(path: &Path) -> Vec<Value> {
    let script = r#"
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
out = []
for e in root.iter():
    out.append({'tag': e.tag.split('}')[-1], 'ns': e.tag[1:].split('}')[0] if e.tag.startswith('{') else '', 'attrs': e.attrib, 'text': e.text or ''})
print(json.dumps(out, ensure_ascii=False))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{} is not well-formed XML: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    match serde_json::from_slice(&out.stdout) {
        Ok(Value::Array(a)) => a,
        other => panic!("unexpected python output {other:?}"),
    }
}

fn texts<'a>(els: &'a [Value], tag: &str) -> Vec<&'a str> {
    els.iter()
        .filter(|e| e["tag"] == tag)
        .map(|e| e["text"].as_str().unwrap_or(""))
        .collect()
}

fn news(n: usize) -> Vec<(String, String)> {
    (1..=n)
        .map(|i| {
            let day = 1 + (i - 1) % 28;
            let month = 1 + (i - 1) / 28;
            (
                format!("content/news/n{i:02}.toml"),
                format!(
                    "title = \"ข่าวที่ {i}\"\ndate = 2024-{month:02}-{day:02}\nsummary = \"สรุปข่าว {i}\"\n"
                ),
            )
        })
        .collect()
}

fn test_site(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let news = news(55);
    let mut files: Vec<(&str, &str)> = news.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    files.push(("site.toml", SITE));
    files.extend_from_slice(extra);
    let dir = site(&files);
    build(dir.path()).expect(0);
    dir
}

const NASTY: (&str, &str) = (
    "content/announcements/nasty.toml",
    "title = \"ประกาศ <script>alert('x')</script> & \\\"ราคา\\\" ]]> \\u0001จบ\"\n\
date = 2024-03-01\nupdated = 2024-12-31\ncategory = \"general\"\n\
summary = \"<b>สรุป</b> & ต่อ\"\n",
);

#[test]
fn site_feed_is_atom_with_the_newest_fifty_entries() {
    let dir = test_site(&[NASTY]);
    let out = dir.path().join("public");
    let els = xml(&out.join("atom.xml"));
    assert_eq!(els[0]["tag"], "feed");
    assert_eq!(els[0]["ns"], "http://www.w3.org/2005/Atom");
    let entries = els.iter().filter(|e| e["tag"] == "entry").count();
    assert_eq!(entries, 50, "newest 50 of 56 records");
    let titles = texts(&els, "title");
    assert_eq!(titles[0], "เทศบาลตำบล <ทดสอบ> & \"คำพูด\"");
    // The announcement was updated last, so it comes first; \u{1} is not allowed in XML.
    assert_eq!(
        titles[1],
        "ประกาศ <script>alert('x')</script> & \"ราคา\" ]]> จบ"
    );
    assert_eq!(titles[2], "ข่าวที่ 55");
    assert!(!titles.contains(&"ข่าวที่ 6"), "older entries are left out");
    assert!(texts(&els, "summary").contains(&"<b>สรุป</b> & ต่อ"));
    let updated = texts(&els, "updated");
    assert_eq!(updated[0], "2024-12-31T00:00:00+07:00");
    assert_eq!(updated[1], "2024-12-31T00:00:00+07:00");
    let published = texts(&els, "published");
    assert_eq!(published[0], "2024-03-01T00:00:00+07:00");
    for e in els.iter().filter(|e| e["tag"] == "link") {
        let href = e["attrs"]["href"].as_str().unwrap_or("");
        assert!(href.starts_with(BASE), "absolute link: {href}");
        let rel = href.strip_prefix(BASE).unwrap_or("");
        assert!(resolve(&out, rel).is_some(), "{href} exists");
    }
    let raw = read(out.join("atom.xml"));
    assert!(raw.contains("&lt;script&gt;"), "escaped, not raw markup");
}

#[test]
fn every_collection_has_its_own_feed() {
    let dir = test_site(&[NASTY]);
    let out = dir.path().join("public");
    for folder in [
        "pages",
        "news",
        "announcements",
        "procurement",
        "plans",
        "reports",
        "complaints",
        "people",
        "services",
    ] {
        let els = xml(&out.join(folder).join("atom.xml"));
        assert_eq!(els[0]["tag"], "feed", "{folder}");
        let links: Vec<&str> = els
            .iter()
            .filter(|e| e["tag"] == "link" && e["attrs"]["rel"] == "self")
            .filter_map(|e| e["attrs"]["href"].as_str())
            .collect();
        assert_eq!(links, [format!("{BASE}{folder}/atom.xml")], "{folder}");
        let ids = texts(&els, "id");
        assert!(
            ids.iter()
                .skip(1)
                .all(|id| id.starts_with(&format!("{BASE}{folder}/"))),
            "{folder}: only its own records: {ids:?}"
        );
    }
    let news = xml(&out.join("news/atom.xml"));
    assert_eq!(news.iter().filter(|e| e["tag"] == "entry").count(), 50);
    let titles = texts(&news, "title");
    assert_eq!(titles[0], "ข่าวประชาสัมพันธ์ — เทศบาลตำบล <ทดสอบ> & \"คำพูด\"");
    assert_eq!(titles[1], "ข่าวที่ 55");
    let ann = xml(&out.join("announcements/atom.xml"));
    assert_eq!(ann.iter().filter(|e| e["tag"] == "entry").count(), 1);
    let empty = xml(&out.join("services/atom.xml"));
    assert_eq!(empty.iter().filter(|e| e["tag"] == "entry").count(), 0);
    assert_eq!(
        texts(&empty, "updated").len(),
        1,
        "an empty feed still says when"
    );
}

#[test]
fn sitemap_parses_lists_every_page_with_lastmod_and_every_url_exists() {
    let dir = test_site(&[NASTY]);
    let out = dir.path().join("public");
    let els = xml(&out.join("sitemap.xml"));
    assert_eq!(els[0]["tag"], "urlset");
    let locs = texts(&els, "loc");
    assert_eq!(locs.len(), els.iter().filter(|e| e["tag"] == "url").count());
    for loc in &locs {
        let rel = loc
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("absolute URL under the base: {loc}"));
        assert!(resolve(&out, rel).is_some(), "{loc} is in the output");
    }
    for page in [
        "",
        "news/",
        "news/n01/",
        "announcements/nasty/",
        "data/",
        "news/2567/",
    ] {
        assert!(locs.contains(&format!("{BASE}{page}").as_str()), "{page}");
    }
    assert!(!locs.iter().any(|l| l.ends_with("404.html")));
    // Every HTML page but the 404 is in the sitemap.
    for f in html_files(&out) {
        let p = f.to_string_lossy().replace('\\', "/");
        if p == "404.html" {
            continue;
        }
        let url = format!("{BASE}{}", p.strip_suffix("index.html").unwrap_or(&p));
        assert!(
            locs.contains(&url.as_str()),
            "{url} missing from the sitemap"
        );
    }
    let urls = sitemap_lastmods(&els);
    let lastmod = |page: &str| lastmod_of(&urls, page);
    assert_eq!(
        lastmod("announcements/nasty/"),
        "2024-12-31",
        "`updated` of a record"
    );
    assert_eq!(lastmod("news/n01/"), "2024-01-01", "`date` of a record");
    assert_eq!(lastmod("news/"), "2024-02-27", "a list: its newest record");
    assert_eq!(lastmod(""), "2024-12-31", "home: the newest record");
    assert_eq!(lastmod("news/2567/"), "2024-02-27");
    assert_eq!(
        lastmod("services/"),
        "",
        "an empty list has no date to give"
    );
    let robots = read(out.join("robots.txt"));
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn not_found_page_links_work_from_any_depth() {
    let dir = test_site(&[]);
    let out = dir.path().join("public");
    let html = read(out.join("404.html"));
    let mut n = 0;
    for t in tags(&html) {
        for a in ["href", "src"] {
            let Some(v) = attr(&t, a) else { continue };
            n += 1;
            let ok = v.starts_with("/site/")
                || v.starts_with(BASE)
                || v.starts_with('#')
                || v.starts_with("mailto:")
                || v.starts_with("tel:");
            assert!(ok, "404.html: `{v}` would break below the top folder");
            if let Some(rel) = v.strip_prefix("/site/") {
                assert!(resolve(&out, rel).is_some(), "404.html: {v} exists");
            }
        }
    }
    assert!(n > 5, "the 404 page has the site's menu and assets");
}

/// A small site keeps one `<urlset>` (no index, no parts), and a record page takes `lastmod` the
/// way its list does: an `updated` written before `date` (a slip) counts as `date` for both.
#[test]
fn small_sitemap_is_one_urlset_and_record_and_list_lastmod_agree() {
    let slip = (
        "content/news/slip.toml",
        "title = \"ข่าวพิมพ์วันที่ผิด\"\ndate = 2024-05-01\nupdated = 2024-03-01\n",
    );
    let dir = test_site(&[slip]);
    let out = dir.path().join("public");
    let els = xml(&out.join("sitemap.xml"));
    assert_eq!(els[0]["tag"], "urlset");
    assert!(!out.join("sitemap-1.xml").exists());
    let urls = sitemap_lastmods(&els);
    let lastmod = |page: &str| lastmod_of(&urls, page);
    assert_eq!(lastmod("news/slip/"), "2024-05-01");
    assert_eq!(lastmod("news/"), lastmod("news/slip/"));
    let robots = read(out.join("robots.txt"));
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

/// (loc, lastmod) of each `<url>` of a sitemap's elements, in order.
fn sitemap_lastmods(els: &[Value]) -> Vec<(String, String)> {
    let mut urls: Vec<(String, String)> = Vec::new();
    for e in els {
        let text = e["text"].as_str().unwrap_or("").to_string();
        match e["tag"].as_str() {
            Some("url") => urls.push(Default::default()),
            Some("loc") => urls.last_mut().expect("url").0 = text,
            Some("lastmod") => urls.last_mut().expect("url").1 = text,
            _ => {}
        }
    }
    urls
}

/// The lastmod of `page` (a path under [`BASE`]) in `urls`.
fn lastmod_of(urls: &[(String, String)], page: &str) -> String {
    urls.iter()
        .find(|(l, _)| *l == format!("{BASE}{page}"))
        .map(|(_, m)| m.clone())
        .unwrap_or_else(|| panic!("{page} not in the sitemap"))
}
