//! A site served at a sub-path (`https://host/site/`): every link carries the base path.

use crate::common;

use std::path::Path;

use common::*;

const BASE: &str = "https://host/site/";

/// Every internal link of every page starts with `/site/` and names an existing file once
/// `/site/` is stripped; every canonical link is the page's own full URL.
fn assert_under_sub_path(out: &Path) {
    let links = all_links(out);
    assert!(!links.is_empty());
    let mut wrong = Vec::new();
    let mut broken = Vec::new();
    for (file, link) in &links {
        if !link.starts_with('/') || link.starts_with("//") {
            continue;
        }
        match link.strip_prefix("/site/") {
            Some(rest) if resolve(out, rest).is_some() => {}
            Some(_) => broken.push(format!("{} → {link}", file.display())),
            None => wrong.push(format!("{} → {link}", file.display())),
        }
    }
    assert!(
        wrong.is_empty(),
        "links outside /site/:\n{}",
        wrong.join("\n")
    );
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    for file in html_files(out) {
        let html = read(out.join(&file));
        let canonical: Vec<String> = tags(&html)
            .into_iter()
            .filter(|t| tag_name(t) == "link" && attr(t, "rel").as_deref() == Some("canonical"))
            .filter_map(|t| attr(&t, "href"))
            .collect();
        if file == Path::new("404.html") {
            continue;
        }
        let dir = file
            .to_string_lossy()
            .strip_suffix("index.html")
            .map(String::from)
            .unwrap_or_else(|| panic!("pretty URLs only: {}", file.display()));
        let expected = format!("{BASE}{dir}");
        assert_eq!(canonical.len(), 1, "{}: one canonical link", file.display());
        assert_eq!(
            percent_decode(&canonical[0]),
            expected,
            "canonical of {}",
            file.display()
        );
    }

    let sitemap = read(out.join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert!(!locs.is_empty());
    for loc in locs {
        assert!(loc.starts_with(BASE), "sitemap entry {loc}");
    }
    let robots = read(out.join("robots.txt"));
    assert!(robots.contains("https://host/site/sitemap.xml"), "{robots}");
}

#[test]
fn base_url_flag_puts_every_link_under_the_sub_path() {
    let site = demo();
    let out = tempfile::tempdir().expect("tempdir");
    let out = out.path().join("out");
    run(&[
        "build",
        "--root",
        s(site.path()),
        "--output",
        s(&out),
        "--base-url",
        BASE,
    ])
    .expect(0);
    assert!(!site.path().join("public").exists(), "--output is honoured");
    assert_under_sub_path(&out);
}

#[test]
fn base_url_in_site_toml_puts_every_link_under_the_sub_path() {
    let site = copy_site("examples/kok-tum");
    let toml = read(site.path().join("site.toml"));
    let toml: String = toml
        .lines()
        .map(|l| {
            if l.starts_with("base_url") {
                format!("base_url = \"{BASE}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    write(&site.path().join("site.toml"), toml);
    build(site.path()).expect(0);
    assert_under_sub_path(&site.path().join("public"));
}

#[test]
fn base_url_without_trailing_slash_works_the_same() {
    let site = copy_site("examples/tha-kasem");
    let out = tempfile::tempdir().expect("tempdir");
    let out = out.path().join("out");
    run(&[
        "build",
        "--root",
        s(site.path()),
        "--output",
        s(&out),
        "--base-url",
        "https://host/site",
    ])
    .expect(0);
    assert_under_sub_path(&out);
}

#[test]
fn markdown_links_from_the_site_root_get_the_base_path() {
    let site = site(&[
        (
            "content/pages/about.md",
            "+++\ntitle = \"เกี่ยวกับ\"\ndate = 2024-10-01\n+++\nอ่าน[ข่าว](/news/hello/)และ[ข่าวทั้งหมด](/news/)\n",
        ),
        (
            "content/news/hello.md",
            "+++\ntitle = \"สวัสดี\"\ndate = 2024-10-01\n+++\nก\n",
        ),
    ]);
    run(&["build", "--root", s(site.path()), "--base-url", BASE]).expect(0);
    let html = read(site.path().join("public/pages/about/index.html"));
    let hrefs = attr_values(&html, "href");
    assert!(hrefs.iter().any(|h| h == "/site/news/hello/"), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h == "/site/news/"), "{hrefs:?}");
    assert_under_sub_path(&site.path().join("public"));
}

#[test]
fn bad_base_url_is_an_error() {
    let site = site(&[]);
    let r = run(&["build", "--root", s(site.path()), "--base-url", "not a url"]);
    assert_ne!(r.code, Some(0), "{}", r.all());
    r.no_panic();
    assert!(r.stderr.contains("base_url"), "{}", r.all());
}

#[test]
fn markdown_link_to_a_missing_page_is_an_error() {
    let site = site(&[(
        "content/pages/about.md",
        "+++\ntitle = \"เกี่ยวกับ\"\ndate = 2024-10-01\n+++\n\nอ่าน[ข่าว](/news/nowhere/)\n",
    )]);
    let r = run(&["build", "--root", s(site.path()), "--base-url", BASE]);
    r.expect(1);
    assert!(
        names_location(&r.stderr, "content/pages/about.md", 6),
        "{}",
        r.all()
    );
    assert!(r.stderr.contains("/news/nowhere/"), "{}", r.all());
}
