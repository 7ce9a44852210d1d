//! Lists longer than a page (50 records): the pages, their links, the sitemap, the link check, the
//! refused slug `page`, and valid HTML of a pager page (html-validate, when the node suite is
//! installed).

use crate::common;

use common::*;
use std::path::Path;
use std::process::Command;

/// 120 news over fiscal years 2567 (70) and 2568 (50), one day apart, newest = n119.
fn hundred_twenty() -> tempfile::TempDir {
    let dir = site(&[]);
    for i in 0..120u32 {
        // 70 dates in FY 2567 (from 2024-01-01), 50 in FY 2568 (from 2024-10-01).
        let date = if i < 70 {
            format!("2024-{:02}-{:02}", 1 + i / 28, 1 + i % 28)
        } else {
            let j = i - 70;
            format!("2024-{:02}-{:02}", 10 + j / 28, 1 + j % 28)
        };
        write(
            &dir.path().join(format!("content/news/n{i:03}.md")),
            format!("+++\ntitle = \"ข่าวที่ {i}\"\ndate = {date}\n+++\nเนื้อหา\n"),
        );
    }
    dir
}

fn items(html: &str) -> usize {
    html.matches("<span class=\"item-meta\">").count()
}

#[test]
fn long_lists_are_paged() {
    let dir = hundred_twenty();
    let r = build(dir.path());
    assert_eq!(r.code, Some(0), "{r:?}");
    let out = dir.path().join("public");
    let p1 = read(out.join("news/index.html"));
    let p2 = read(out.join("news/page/2/index.html"));
    let p3 = read(out.join("news/page/3/index.html"));
    assert!(!out.join("news/page/4").exists());
    assert!(
        !out.join("news/page/1").exists(),
        "page 1 is the list itself"
    );
    assert_eq!((items(&p1), items(&p2), items(&p3)), (50, 50, 20));
    // Newest first, continuing across pages.
    assert!(p1.contains("ข่าวที่ 119") && !p1.contains("ข่าวที่ 69<"));
    assert!(p3.contains("ข่าวที่ 0<") || p3.contains("ข่าวที่ 0 "));
    // The pager: range, current page, previous/next.
    assert!(
        text(&p2).contains("รายการที่ ๕๑–๑๐๐ จาก ๑๒๐ รายการ"),
        "{}",
        text(&p2)
    );
    assert!(p2.contains("rel=\"prev\"") && p2.contains("rel=\"next\""));
    assert!(!p1.contains("rel=\"prev\"") && !p3.contains("rel=\"next\""));
    let current: Vec<String> = tags(&p2)
        .into_iter()
        .filter(|t| tag_name(t) == "a" && attr(t, "aria-current").is_some())
        .filter_map(|t| attr(&t, "href"))
        .collect();
    assert!(
        current.contains(&"/news/page/2/".to_string()),
        "{current:?}"
    );
    assert!(text(&p2).contains("(หน้า ๒)"), "the title names the page");
    // Fiscal-year lists are paged too: 70 in 2567.
    let y1 = read(out.join("news/2567/index.html"));
    let y2 = read(out.join("news/2567/page/2/index.html"));
    assert_eq!((items(&y1), items(&y2)), (50, 20));
    assert!(!out.join("news/2568/page/2").exists(), "50 fit on one page");
    // Every page is in the sitemap, and a link to a later page passes the link check.
    let sitemap = read(out.join("sitemap.xml"));
    for p in ["news/page/3/", "news/2567/page/2/"] {
        assert!(sitemap.contains(p), "{p} missing from the sitemap");
    }
    write(
        &dir.path().join("content/news/link.md"),
        "+++\ntitle = \"ลิงก์\"\ndate = 2024-01-01\n+++\n[ก่อนหน้า](/news/page/2/) [ปี](/news/2567/page/2/)\n",
    );
    let r = check(dir.path());
    assert_eq!(r.code, Some(0), "{r:?}");
    // No link of the output is broken.
    for (file, href) in all_links(&out) {
        if href.starts_with('/') {
            assert!(resolve(&out, &href).is_some(), "{}: {href}", file.display());
        }
    }
}

#[test]
fn the_slug_page_is_refused() {
    let dir = site(&[(
        "content/news/page.md",
        "+++\ntitle = \"หน้า\"\ndate = 2024-01-01\n+++\n",
    )]);
    let r = build(dir.path());
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.contains("slug `page`"), "{}", r.stderr);
}

#[test]
fn pager_pages_are_valid_html() {
    let bin =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/.bin/html-validate");
    if !tools_present(
        "pager_pages_are_valid_html",
        if bin.is_file() {
            &[]
        } else {
            &["tests/browser/node_modules (html-validate)"]
        },
    ) {
        return;
    }
    let dir = hundred_twenty();
    let r = build(dir.path());
    assert_eq!(r.code, Some(0), "{r:?}");
    let out = dir.path().join("public");
    let config =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/htmlvalidate.config.mjs");
    let run = Command::new(&bin)
        .arg("--config")
        .arg(&config)
        .arg(out.join("news/index.html"))
        .arg(out.join("news/page/2/index.html"))
        .arg(out.join("news/2567/page/2/index.html"))
        .output()
        .expect("run html-validate");
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
