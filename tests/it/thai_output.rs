//! Thai presentation: dates, the official announcement layout, amounts in words, digits.

use crate::common;

use common::*;

const ANNOUNCEMENT: &str = "public/announcements/participation-policy/index.html";

/// A copy of examples/tha-kasem, built.
fn tha_kasem(digits: Option<&str>) -> tempfile::TempDir {
    let site = copy_site("examples/tha-kasem");
    if let Some(d) = digits {
        let toml = read(site.path().join("site.toml"));
        assert!(toml.contains("digits = \"thai\""), "{toml}");
        let toml = toml.replace("digits = \"thai\"", &format!("digits = \"{d}\""));
        write(&site.path().join("site.toml"), toml);
    }
    build(site.path()).expect(0);
    site
}

#[test]
fn announcement_date_in_thai() {
    let site = tha_kasem(None);
    let t = text(&read(site.path().join(ANNOUNCEMENT)));
    assert!(t.contains("๑ ตุลาคม ๒๕๖๓"), "{t}");
    assert!(t.contains("ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๓"), "{t}");
    assert!(
        t.contains("ปีงบประมาณ พ.ศ. ๒๕๖๔"),
        "1 Oct 2020 is in fiscal year 2564: {t}"
    );
    assert!(!t.contains("2020-10-01"), "no ISO dates in the text");
}

#[test]
fn announcement_has_the_official_layout_in_order() {
    let site = tha_kasem(None);
    let t = text(&read(site.path().join(ANNOUNCEMENT)));
    // Past the page header and breadcrumbs: the announcement starts at its own heading.
    let main = &t[t.find("ประกาศเทศบาลตำบลท่าเกษม").expect("issuer")..];
    let parts = [
        "ประกาศเทศบาลตำบลท่าเกษม",
        "เรื่อง กำหนดนโยบายและมาตรการให้ผู้มีส่วนได้เสียมีส่วนร่วมในการดำเนินงาน",
        "ด้วยสำนักคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",
        "จึงประกาศให้ทราบโดยทั่วกัน",
        "ประกาศ ณ วันที่",
        "นายวิเชียร สุคนธ์ประทีป",
        "นายกเทศมนตรีตำบลท่าเกษม",
    ];
    let mut at = 0;
    for p in parts {
        let i = main[at..]
            .find(p)
            .unwrap_or_else(|| panic!("`{p}` missing or out of order in:\n{main}"));
        at += i + p.len();
    }
    let html = read(site.path().join(ANNOUNCEMENT));
    let h1: Vec<String> = tags(&html)
        .into_iter()
        .filter(|t| tag_name(t) == "h1")
        .collect();
    assert_eq!(h1.len(), 1, "one h1 per page");
}

const NOTICE: &str = r#"title = "ประกาศผู้ชนะการเสนอราคา จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓"
date = "๑๕ ม.ค. ๒๕๖๘"
stage = "winner"
method = "e-bidding"
item = "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓"
egp_number = "68019123456"
budget = 500000
median_price = 498000
bidders = [{ name = "หจก. ตัวอย่างก่อสร้าง", price = 495000 }, { name = "บริษัท สาธิต จำกัด", price = 497500 }]
winner = { name = "หจก. ตัวอย่างก่อสร้าง", price = 495000 }
reason = "ราคาต่ำสุด คุณสมบัติถูกต้องตามเงื่อนไข"
"#;

fn notice_site(site_toml: &str) -> tempfile::TempDir {
    let site = site(&[
        ("site.toml", site_toml),
        ("content/procurement/road-3-winner.toml", NOTICE),
    ]);
    build(site.path()).expect(0);
    site
}

#[test]
fn procurement_amounts_in_words() {
    let site = notice_site(SITE_TOML);
    let t = text(&read(
        site.path()
            .join("public/procurement/road-3-winner/index.html"),
    ));
    assert!(
        t.contains("สี่แสนเก้าหมื่นห้าพันบาทถ้วน"),
        "winner price in words: {t}"
    );
    assert!(
        t.contains("สี่แสนเก้าหมื่นแปดพันบาทถ้วน"),
        "median price in words: {t}"
    );
    assert!(t.contains("๔๙๕,๐๐๐"), "winner price with separators: {t}");
    assert!(t.contains("๔๙๘,๐๐๐"), "median price with separators: {t}");
    assert!(t.contains("๑๕ มกราคม ๒๕๖๘"), "the date: {t}");
    assert!(t.contains("ปีงบประมาณ พ.ศ. ๒๕๖๘"), "{t}");
}

#[test]
fn procurement_summary_derived_from_the_notice() {
    let site = notice_site(SITE_TOML);
    let t = text(&read(
        site.path()
            .join("public/procurement/2568/summary/index.html"),
    ));
    assert!(t.contains("จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓"), "{t}");
    assert!(t.contains("หจก. ตัวอย่างก่อสร้าง"), "{t}");
    assert!(t.contains("บริษัท สาธิต จำกัด"), "bidders are listed: {t}");
    assert!(
        t.contains("มกราคม ๒๕๖๘"),
        "the month of the winner notice: {t}"
    );
}

#[test]
fn arabic_digits_by_site_toml() {
    let site = tha_kasem(Some("arabic"));
    let t = text(&read(site.path().join(ANNOUNCEMENT)));
    assert!(t.contains("1 ตุลาคม 2563"), "{t}");
    assert!(t.contains("ปีงบประมาณ พ.ศ. 2564"), "{t}");
    assert!(!t.contains("๑ ตุลาคม ๒๕๖๓"), "{t}");
}

#[test]
fn arabic_digits_for_amounts_keep_words() {
    let toml = SITE_TOML.replace("digits = \"thai\"", "digits = \"arabic\"");
    let site = notice_site(&toml);
    let t = text(&read(
        site.path()
            .join("public/procurement/road-3-winner/index.html"),
    ));
    assert!(t.contains("495,000"), "{t}");
    assert!(t.contains("15 มกราคม 2568"), "{t}");
    assert!(t.contains("สี่แสนเก้าหมื่นห้าพันบาทถ้วน"), "{t}");
    assert!(!t.contains("๔๙๕,๐๐๐"), "{t}");
}

#[test]
fn thai_and_iso_dates_are_the_same_day() {
    let news = |date: &str| format!("+++\ntitle = \"ข่าว\"\ndate = {date}\n+++\nเนื้อหา\n");
    let site = site(&[
        ("content/news/iso.md", &news("2024-10-01")),
        ("content/news/iso-string.md", &news("\"2024-10-01\"")),
        ("content/news/short.md", &news("\"1 ต.ค. 2567\"")),
        ("content/news/long.md", &news("\"๑ ตุลาคม ๒๕๖๗\"")),
        ("content/news/with-be.md", &news("\"1 ตุลาคม พ.ศ. 2567\"")),
    ]);
    build(site.path()).expect(0);
    for slug in ["iso", "iso-string", "short", "long", "with-be"] {
        let html = read(site.path().join(format!("public/news/{slug}/index.html")));
        let t = text(&html);
        assert!(t.contains("๑ ตุลาคม ๒๕๖๗"), "{slug}: {t}");
        let datetimes = attr_values(&html, "datetime");
        assert!(
            datetimes.iter().any(|d| d == "2024-10-01"),
            "{slug}: {datetimes:?}"
        );
    }
}

#[test]
fn amounts_in_words_follow_bahttext() {
    let cases = [
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("11", "สิบเอ็ดบาทถ้วน"),
        ("11000000", "สิบเอ็ดล้านบาทถ้วน"),
        ("1250000.50", "หนึ่งล้านสองแสนห้าหมื่นบาทห้าสิบสตางค์"),
        ("339160", "สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบบาทถ้วน"),
        ("0.25", "ยี่สิบห้าสตางค์"),
        ("\"๓๒,๕๘๐.๐๐\"", "สามหมื่นสองพันห้าร้อยแปดสิบบาทถ้วน"),
    ];
    let files: Vec<(String, String)> = cases
        .iter()
        .enumerate()
        .map(|(i, (amount, _))| {
            (
                format!("content/procurement/n{i}.toml"),
                format!("title = \"ราคากลาง {i}\"\ndate = 2024-10-01\nstage = \"median-price\"\nmethod = \"specific\"\nitem = \"รายการ {i}\"\nmedian_price = {amount}\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = site(&refs);
    build(site.path()).expect(0);
    for (i, (amount, words)) in cases.iter().enumerate() {
        let t = text(&read(
            site.path()
                .join(format!("public/procurement/n{i}/index.html")),
        ));
        assert!(t.contains(words), "{amount} → {words}: {t}");
    }
}
