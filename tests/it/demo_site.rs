//! The repository's own demo site (เทศบาลเมืองอ่างทอง), built from a copy in a temp folder.

use crate::common;

use std::path::Path;

use common::*;

const PLAN: &str = "plans/anti-corruption-2566-2570";

/// The built copy of the demo, shared by the tests of this file (read only).
fn built_demo() -> &'static Path {
    shared_demo()
}

/// Thai digits for an ASCII number string.
fn thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0E50 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// `32824` → `๓๒,๘๒๔`.
fn thai_grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    thai_digits(&out)
}

#[test]
fn helpers_work() {
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        sha256_hex(&[b'a'; 1000]),
        "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
    );
    let html = r#"<p>a</p><a href=/x/ class=y>b</a><img alt="a > b" src="/i.png"><link rel=canonical href='https://h/'>"#;
    assert_eq!(attr_values(html, "href"), vec!["/x/", "https://h/"]);
    assert_eq!(attr_values(html, "src"), vec!["/i.png"]);
    assert_eq!(text(html), "a b");
    assert_eq!(percent_decode("/%E0%B8%81/"), "/ก/");
    assert!(names_location(
        "error: content/news/a.md:3:8\n",
        "content/news/a.md",
        3
    ));
    assert!(!names_location(
        "error: content/news/a.md:13:8\n",
        "content/news/a.md",
        3
    ));
    assert_eq!(
        row_cells(
            "<table><tr><th>รวม</th><td class=num>๑</td></tr></table>",
            "รวม"
        ),
        vec!["รวม", "๑"]
    );
    assert_eq!(thai_grouped(32824), "๓๒,๘๒๔");
    assert_eq!(thai_grouped(339160), "๓๓๙,๑๖๐");
}

#[test]
fn demo_builds_with_sitemap_robots_and_404() {
    let root = built_demo();
    let out = root.join("public");
    assert!(out.join("index.html").is_file());
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("<urlset"), "{sitemap}");
    assert!(
        sitemap.contains("https://angthong.example.go.th/plans/anti-corruption-2566-2570/"),
        "the sitemap lists the plan with the full URL"
    );
    assert!(
        !sitemap.contains("404.html"),
        "the 404 page is not in the sitemap"
    );
    let robots = read(out.join("robots.txt"));
    assert!(
        robots.contains("Sitemap: https://angthong.example.go.th/sitemap.xml"),
        "{robots}"
    );
    let not_found = read(out.join("404.html"));
    assert!(text(&not_found).contains("404"));
}

#[test]
fn plan_page_shows_27_projects_and_derived_totals() {
    let root = built_demo();
    let html = read(root.join("public").join(PLAN).join("index.html"));
    let start = html
        .find("plan-summary")
        .expect("the plan has its summary table");
    let end = html[start..]
        .find("</table>")
        .map_or(html.len(), |i| start + i);
    let table = &html[start..end];

    let mut projects: Vec<String> = attr_values(table, "href")
        .into_iter()
        .filter(|h| h.contains("/projects/"))
        .collect();
    projects.sort();
    projects.dedup();
    assert_eq!(projects.len(), 27, "{projects:#?}");

    let per_year = |marker: &str| -> Vec<String> {
        let cells = row_cells(table, marker);
        assert!(cells.len() >= 6, "row {marker}: {cells:?}");
        cells[cells.len() - 5..].to_vec()
    };
    for (dim, total) in [(1, "๗๕,๑๖๐"), (2, "๐"), (3, "๒๖๔,๐๐๐"), (4, "๐")]
    {
        let marker = format!("รวมมิติที่ {}", thai_digits(&dim.to_string()));
        assert_eq!(per_year(&marker), vec![total; 5], "dimension {dim}");
    }
    let grand = row_cells(table, "รวมทั้งสิ้น");
    assert!(
        grand[0].contains("๒๗"),
        "the grand total row counts 27 projects: {grand:?}"
    );
    assert_eq!(per_year("รวมทั้งสิ้น"), vec!["๓๓๙,๑๖๐"; 5]);
}

#[test]
fn plan_page_shows_progress_from_the_reports() {
    let root = built_demo();
    let html = read(root.join("public").join(PLAN).join("index.html"));
    let start = html
        .find("progress-cap-2568")
        .expect("the 2568 reports give the plan a progress table");
    let end = html[start..]
        .find("</table>")
        .map_or(html.len(), |i| start + i);
    let table = &html[start..end];
    // the annual report supersedes the 6-month one: 5 projects done, spending as the annual
    // report's own summary states it (๓๒๔,๘๗๐ of ๓๓๙,๑๖๐ planned)
    let grand = row_cells(table, "รวมทั้งสิ้น");
    assert_eq!(
        grand.get(..10).map(<[String]>::to_vec),
        Some(
            [
                "รวมทั้งสิ้น",
                "๒๗",
                "๕",
                "๐",
                "๐",
                "๐",
                "๒๒",
                "๓๓๙,๑๖๐",
                "๓๓๙,๑๖๐",
                "๓๒๔,๘๗๐"
            ]
            .map(String::from)
            .to_vec()
        ),
        "{grand:?}"
    );
    assert!(
        !html.contains("progress-cap-2567"),
        "the 2567 report has no rows"
    );
    let project = read(
        root.join("public")
            .join(PLAN)
            .join("projects/02-law-knowledge/index.html"),
    );
    assert!(
        text(&project).contains("๒๕๖๘ ๓๒,๕๘๐ ๓๒,๑๐๐ ดำเนินการแล้ว"),
        "project 2: planned, spent and status of 2568"
    );
}

#[test]
fn every_project_has_its_page() {
    let root = built_demo();
    let dir = root.join("content").join(PLAN).join("projects");
    let stems: Vec<String> = std::fs::read_dir(&dir)
        .expect("projects folder")
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            matches!(p.extension()?.to_str()?, "toml" | "md").then_some(stem)
        })
        .collect();
    assert_eq!(stems.len(), 27);
    for stem in stems {
        let page = root
            .join("public")
            .join(PLAN)
            .join("projects")
            .join(&stem)
            .join("index.html");
        assert!(page.is_file(), "no page for project {stem}");
        let t = text(&read(&page));
        assert!(
            t.contains("งบประมาณ"),
            "project page {stem} has its budget section"
        );
    }
}

#[test]
fn check_passes_on_demo() {
    let site = demo();
    let r = check(site.path());
    r.expect(0);
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn procurement_summary_2568_has_skr1_columns() {
    let root = built_demo();
    let page = root.join("public/procurement/2568/summary/index.html");
    let t = text(&read(&page));
    for heading in [
        "งานที่จัดซื้อหรือจัดจ้าง",
        "วิธีซื้อหรือจ้าง",
        "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
        "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
        "เหตุผลที่คัดเลือกโดยสังเขป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
    ] {
        assert!(t.contains(heading), "missing column {heading}");
    }
    assert!(t.contains("๒๕๖๘"), "the page names its fiscal year");
    // The garbage-truck procurement (winner notice of ๑๗ ก.พ. ๒๕๖๘) is in that year's summary.
    assert!(t.contains("บริษัท สาธิตยานยนต์ จำกัด"));
    assert!(t.contains("๒,๓๘๙,๐๐๐"));
}

#[test]
fn every_internal_link_resolves() {
    let root = built_demo();
    let out = root.join("public");
    let links = all_links(&out);
    assert!(links.len() > 1000, "only {} links", links.len());
    let broken: Vec<String> = links
        .iter()
        .filter(|(_, l)| l.starts_with('/') && !l.starts_with("//"))
        .filter(|(_, l)| resolve(&out, l).is_none())
        .map(|(f, l)| format!("{} → {l}", f.display()))
        .collect();
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

fn is_external(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
}

#[test]
fn no_request_to_another_host() {
    let root = built_demo();
    let out = root.join("public");
    let mut bad = Vec::new();
    for f in html_files(&out) {
        for t in tags(&read(out.join(&f))) {
            let name = tag_name(&t);
            for a in ["src", "srcset", "poster", "data"] {
                if let Some(v) = attr(&t, a)
                    && is_external(&v)
                {
                    bad.push(format!("{}: {t}", f.display()));
                }
            }
            if name == "link" {
                let rel = attr(&t, "rel").unwrap_or_default();
                let href = attr(&t, "href").unwrap_or_default();
                let own = href.starts_with("https://angthong.example.go.th/");
                let fetched = !matches!(rel.as_str(), "canonical" | "alternate");
                if is_external(&href) && (fetched || !own) {
                    bad.push(format!("{}: {t}", f.display()));
                }
            }
        }
    }
    for f in files_under(&out) {
        if f.extension().is_some_and(|e| e == "css") {
            let css = read(out.join(&f));
            for part in css
                .split("url(")
                .skip(1)
                .chain(css.split("@import").skip(1))
            {
                let v = part.trim_start().trim_start_matches(['"', '\'']);
                if is_external(v) {
                    bad.push(format!("{}: url({})", f.display(), &v[..v.len().min(60)]));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "requests to other hosts:\n{}",
        bad.join("\n")
    );
}

fn attachments_under(files: &Path) -> Vec<std::path::PathBuf> {
    files_under(files)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

#[test]
fn attachments_are_copied_and_show_size_and_sha256() {
    let root = built_demo();
    let out = root.join("public");
    let src = root.join("content/files");
    let pdfs = attachments_under(&src);
    assert_eq!(pdfs.len(), 4, "{pdfs:?}");
    let pages: Vec<(std::path::PathBuf, String)> = html_files(&out)
        .into_iter()
        .map(|f| {
            let html = read(out.join(&f));
            (f, html)
        })
        .collect();
    for pdf in pdfs {
        let bytes = std::fs::read(src.join(&pdf)).expect("read attachment");
        let copied = std::fs::read(out.join("files").join(&pdf)).expect("attachment copied");
        assert!(bytes == copied, "{} is copied byte for byte", pdf.display());
        let hash = sha256_hex(&bytes);
        let url = format!("/files/{}", pdf.display());
        let (page, html) = pages
            .iter()
            .find(|(_, h)| h.contains(&hash))
            .unwrap_or_else(|| panic!("no page shows the SHA-256 of {}", pdf.display()));
        assert!(
            attr_values(html, "href").contains(&url),
            "{} shows the hash of {} but does not link to it",
            page.display(),
            pdf.display()
        );
        let size = thai_grouped(bytes.len() as u64);
        assert!(
            text(html).contains(&size),
            "{} shows the size {size}",
            page.display()
        );
    }
}

#[test]
fn sha256_shown_matches_sha256sum() {
    let root = built_demo();
    let file = "procurement/2568-garbage-truck-winner.pdf";
    let path = root.join("content/files").join(file);
    let Ok(out) = std::process::Command::new("sha256sum").arg(&path).output() else {
        tools_present("sha256_shown_matches_sha256sum", &["sha256sum"]);
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected = stdout.split_whitespace().next().expect("sha256sum output");
    assert_eq!(expected.len(), 64);
    assert_eq!(expected, sha256_hex(&std::fs::read(&path).expect("read")));
    let html = read(root.join("public/procurement/2568-garbage-truck-04-winner/index.html"));
    let t = text(&html);
    let shown = t
        .split("SHA-256:")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("the page shows a SHA-256");
    assert_eq!(shown, expected);
}

/// The demo is in December 2569 BE: its newest record is of fiscal year 2570, which has no OIT
/// catalogue yet, so `/ita/` shows ITA 2569, says so, and every item is served by the sample
/// records of fiscal years 2569 and 2568 (each marked as sample data).
#[test]
fn ita_page_demonstrates_ita_2569() {
    let index = read(built_demo().join("public/ita/index.html"));
    assert!(index.contains("ITA ปี พ.ศ. ๒๕๖๙"), "{index}");
    assert!(index.contains("ป.ป.ช. ยังไม่ประกาศรายการข้อ OIT ของปี ๒๕๗๐: แสดงตามรายการปี ๒๕๖๙"));
    assert!(!index.contains("✗ ยังไม่มีข้อมูล"));
    assert!(!index.contains("! มีเฉพาะข้อมูลนอกปี</td>"));
    let r = run(&["check", "--oit", "--root", s(&repo()), "--format", "json"]);
    r.expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["ita"]["year"], 2569);
    assert_eq!(v["ita"]["awaited_year"], 2570);
    assert_eq!(v["ita"]["counts"]["served"], 26);
    // The records added for ITA 2569 are marked as sample data.
    for f in [
        "content/news/ita-2570-preparation.md",
        "content/announcements/no-gift-policy-2569.md",
        "content/reports/corruption-risk-assessment-2569.md",
        "content/reports/integrity-measures-2568.md",
    ] {
        assert!(read(repo().join(f)).contains("ข้อมูลตัวอย่าง"), "{f}");
    }
}
