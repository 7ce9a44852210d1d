//! One list of the site's files (`Site::output_files`, src/site/pages.rs): what a build writes
//! is that list, and the internal-link check accepts exactly it, so the two cannot drift.

use crate::common;

use std::collections::BTreeSet;

use common::*;

/// Build `root` into a new folder; the files written, and the list the model makes with the
/// names only their writers know (the theme's static files, the search index's hashed files)
/// and the output's marker added.
fn written_and_listed(root: &std::path::Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let out = tempfile::tempdir().expect("tempdir");
    let out = out.path().join("public");
    run(&["build", "--root", s(root), "--output", s(&out)]).expect(0);
    let written: BTreeSet<String> = files_under(&out)
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let opts = prongsai::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let site = prongsai::load_site(&opts).unwrap_or_else(|d| panic!("{d:?}"));
    let renderer = prongsai::render::Renderer::new(&site).unwrap_or_else(|d| panic!("{d:?}"));
    // The renderer's pages are the model's, with the years of the catalogues it read.
    let catalogue_years =
        prongsai::ita::catalogue_years(&site.config.root, &site.config.site.theme);
    assert_eq!(renderer.ita.years(), catalogue_years);
    assert_eq!(renderer.jobs(), site.jobs(&catalogue_years));
    let mut listed: BTreeSet<String> = site.output_files(&catalogue_years);
    listed.extend(
        renderer
            .theme
            .keys()
            .filter_map(|k| k.strip_prefix("static/"))
            .map(String::from),
    );
    let (_, search) = prongsai::search::files(&site);
    assert!(search.iter().all(|(p, _)| p.starts_with("search/")));
    listed.extend(search.into_iter().map(|(p, _)| p));
    listed.insert(prongsai::output::MARKER.to_string());
    (written, listed)
}

#[test]
fn the_demo_writes_exactly_the_listed_files() {
    let (written, listed) = written_and_listed(&repo());
    let unlisted: Vec<_> = written.difference(&listed).collect();
    let unwritten: Vec<_> = listed.difference(&written).collect();
    assert!(
        unlisted.is_empty() && unwritten.is_empty(),
        "written but not in Site::output_files: {unlisted:?}\nlisted but not written: {unwritten:?}"
    );
    for f in [
        "index.html",
        "404.html",
        "data/catalog.json",
        "atom.xml",
        "checksums.json",
    ] {
        assert!(written.contains(f), "{f}");
    }
}

#[test]
fn the_link_check_accepts_every_listed_file_and_nothing_else() {
    // Every file of the list that a record may name, and pages the build does not make: year
    // lists of a kind without them (the old second list accepted `/pages/2567/`), a page past
    // the last.
    let good = "[หน้าแรก](/) [ค้นหา](/search/) [ข้อมูล](/data/) [csv](/data/news.csv) \
                [แคตตาล็อก](/data/catalog.json) [ฟีด](/news/atom.xml) [ฟีดรวม](/atom.xml) \
                [ผัง](/sitemap.xml) [robots](/robots.txt) [checksums](/checksums.json) \
                [ปี](/news/2567/) [ITA](/ita/) [404](/404.html) [หน้า](/pages/history) \
                [css](/assets/style.css)";
    let page = "+++\ntitle = \"ประวัติ\"\ndate = 2024-01-01\n+++\nประวัติ\n";
    let news = format!("+++\ntitle = \"ลิงก์\"\ndate = 2024-01-01\n+++\n{good}\n");
    let site = site(&[
        ("content/pages/history.md", page),
        ("content/news/links.md", &news),
    ]);
    check(site.path()).expect(0);
    let bad = "+++\ntitle = \"ลิงก์เสีย\"\ndate = 2024-01-01\n+++\n[ก](/pages/2567/)\n\n[ข](/news/page/2/)\n\n[ค](/data/none.csv)\n";
    write(&site.path().join("content/news/bad.md"), bad);
    let r = check(site.path());
    r.expect(1);
    let err = r.all();
    for (line, url) in [
        (5, "/pages/2567/"),
        (7, "/news/page/2/"),
        (9, "/data/none.csv"),
    ] {
        assert!(
            err.contains(&format!("the link {url} points to no page")),
            "{err}"
        );
        assert!(
            names_location(&err, "bad.md", line),
            "{url} at line {line}: {err}"
        );
    }
    assert!(
        err.contains("ลิงก์ /pages/2567/ ไปยังหน้าที่ไม่มีในเว็บไซต์"),
        "{err}"
    );
}
