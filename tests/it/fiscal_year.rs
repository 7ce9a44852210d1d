//! Fiscal years (ปีงบประมาณ, 1 Oct – 30 Sep, named by the BE year in which they end).

use crate::common;

use common::*;

fn news(date: &str) -> String {
    format!("+++\ntitle = \"ข่าวทดสอบ\"\ndate = {date}\n+++\nเนื้อหา\n")
}

/// Whether the list page `public/<list>/index.html` links to `/<target>/`.
fn lists(site: &std::path::Path, list: &str, target: &str) -> bool {
    let page = site.join("public").join(list).join("index.html");
    let Ok(html) = std::fs::read_to_string(&page) else {
        return false;
    };
    attr_values(&html, "href")
        .iter()
        .any(|h| h == &format!("/{target}/"))
}

/// Build a site with two news items and check each lands in its own fiscal year only.
fn assert_split(last_day: &str, first_day: &str) {
    let site = site(&[
        ("content/news/last-day.md", &news(last_day)),
        ("content/news/first-day.md", &news(first_day)),
    ]);
    build(site.path()).expect(0);
    let root = site.path();
    assert!(
        lists(root, "news/2567", "news/last-day"),
        "{last_day} is in 2567"
    );
    assert!(
        !lists(root, "news/2568", "news/last-day"),
        "{last_day} is not in 2568"
    );
    assert!(
        lists(root, "news/2568", "news/first-day"),
        "{first_day} is in 2568"
    );
    assert!(
        !lists(root, "news/2567", "news/first-day"),
        "{first_day} is not in 2567"
    );
    assert!(lists(root, "news", "news/last-day") && lists(root, "news", "news/first-day"));
    let t = text(&read(root.join("public/news/2567/index.html")));
    assert!(
        t.contains("ปีงบประมาณ พ.ศ. ๒๕๖๗"),
        "the list names its year: {t}"
    );
    let t = text(&read(root.join("public/news/last-day/index.html")));
    assert!(t.contains("ปีงบประมาณ พ.ศ. ๒๕๖๗"), "{t}");
    let t = text(&read(root.join("public/news/first-day/index.html")));
    assert!(t.contains("ปีงบประมาณ พ.ศ. ๒๕๖๘"), "{t}");
}

#[test]
fn toml_dates_split_on_1_october() {
    assert_split("2024-09-30", "2024-10-01");
}

#[test]
fn thai_dates_split_on_1_october() {
    assert_split("\"30 ก.ย. 2567\"", "\"๑ ตุลาคม ๒๕๖๗\"");
}

#[test]
fn procurement_years_follow_the_notice_date() {
    let notice = |date: &str| {
        format!(
            "title = \"ประกาศเชิญชวน\"\ndate = {date}\nstage = \"invitation\"\nmethod = \"e-bidding\"\nitem = \"จ้างซ่อมถนน\"\n"
        )
    };
    let site = site(&[
        ("content/procurement/a.toml", &notice("2024-09-30")),
        ("content/procurement/b.toml", &notice("\"1 ต.ค. 2567\"")),
    ]);
    build(site.path()).expect(0);
    let root = site.path();
    assert!(lists(root, "procurement/2567", "procurement/a"));
    assert!(!lists(root, "procurement/2567", "procurement/b"));
    assert!(lists(root, "procurement/2568", "procurement/b"));
    assert!(!lists(root, "procurement/2568", "procurement/a"));
}

#[test]
fn matching_fiscal_year_is_accepted() {
    let text = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\nfiscal_year = 2568\n+++\nก\n";
    let site = site(&[("content/news/a.md", text)]);
    build(site.path()).expect(0);
    assert!(lists(site.path(), "news/2568", "news/a"));
}

#[test]
fn contradicting_fiscal_year_is_an_error() {
    let text = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\nfiscal_year = 2566\n+++\nก\n";
    let site = site(&[("content/news/a.md", text)]);
    let r = build(site.path());
    r.expect(1);
    assert!(
        names_location(&r.stderr, "content/news/a.md", 4),
        "{}",
        r.all()
    );
    assert!(
        r.stderr.contains("2566") && r.stderr.contains("2568"),
        "{}",
        r.all()
    );
    assert!(!site.path().join("public").exists(), "nothing is written");
    check(site.path()).expect(1);
}

#[test]
fn reports_may_name_the_year_they_are_about() {
    // A report published in fiscal year 2569 about fiscal year 2568 is listed under 2568.
    let report = "title = \"รายงานผลการดำเนินงาน ปีงบประมาณ ๒๕๖๘\"\ndate = 2025-10-15\nfiscal_year = 2568\nreport_type = \"other\"\n";
    let site = site(&[("content/reports/annual-2568.toml", report)]);
    build(site.path()).expect(0);
    assert!(lists(site.path(), "reports/2568", "reports/annual-2568"));
    assert!(!lists(site.path(), "reports/2569", "reports/annual-2568"));
}

#[test]
fn complaint_statistics_follow_the_fiscal_year() {
    let stats = "title = \"สถิติเรื่องร้องเรียน ปีงบประมาณ ๒๕๖๗\"\ndate = 2024-10-05\nfiscal_year = 2567\nmonths = [\n  { month = 9, received = 3, resolved = 2, in_progress = 1 },\n  { month = 10, received = 1200, resolved = 1000, in_progress = 200 },\n]\nchannels = [{ name = \"เว็บไซต์\", count = 1203 }]\n";
    let site = site(&[("content/complaints/c-2567.toml", stats)]);
    build(site.path()).expect(0);
    assert!(lists(site.path(), "complaints/2567", "complaints/c-2567"));
    let html = read(site.path().join("public/complaints/c-2567/index.html"));
    // Months run from ตุลาคม to กันยายน; the totals are derived.
    let t = text(&html);
    let oct = t.find("ต.ค.").expect("October row");
    let sep = t.find("ก.ย.").expect("September row");
    assert!(oct < sep, "October comes first in a fiscal year: {t}");
    assert!(t.contains("รวม ๑,๒๐๓ ๑,๐๐๒ ๒๐๑"), "{t}");
    assert!(html.contains("<svg"), "the chart is an inline SVG");

    let dup = stats.replace("month = 9,", "month = 10,");
    write(&site.path().join("content/complaints/c-2567.toml"), dup);
    check(site.path()).expect(1);
}
