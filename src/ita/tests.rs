//! Unit tests of the ITA module: the shipped catalogues, the catalogue parser and merge, the
//! matching rules and the map of a small site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::config::theme::ThemeFile;
use crate::content::read_record_file;

fn built_in() -> BTreeMap<String, ThemeFile> {
    crate::config::theme::DEFAULT_THEME
        .iter()
        .filter(|(n, _)| n.starts_with("oit/"))
        .map(|(n, b)| {
            let f = ThemeFile {
                origin: PathBuf::from(format!("themes/default/{n}")),
                bytes: b.to_vec(),
            };
            (n.to_string(), f)
        })
        .collect()
}

fn theme_of(files: &[(&str, &str)]) -> BTreeMap<String, ThemeFile> {
    files
        .iter()
        .map(|(n, t)| {
            let f = ThemeFile {
                origin: PathBuf::from(format!("themes/default/{n}")),
                bytes: t.as_bytes().to_vec(),
            };
            (n.to_string(), f)
        })
        .collect()
}

const SMALL: &str = r#"
title = "ITA ทดสอบ"
[groups]
"9" = "ตัวชี้วัดที่ 9"
"9.1" = "ข้อมูลพื้นฐาน"
"10" = "ตัวชี้วัดที่ 10"
"10.1" = "ป้องกันการทุจริต"

[[items]]
code = "O1"
name = "โครงสร้าง"
group = "9"
subgroup = "9.1"
verified = true
evidence_year = "standing"
rule = [{ pages = ["structure"] }]

[[items]]
code = "O2"
name = "ประกาศ No Gift"
group = "10"
subgroup = "10.1"
rule = [{ categories = ["no-gift"] }]
"#;

#[test]
fn shipped_catalogues_load() {
    let cats = Catalogues::load(Path::new("/nonexistent"), &built_in()).unwrap();
    assert_eq!(cats.years(), vec![2567, 2568, 2569]);
    let c67 = &cats.0[&2567];
    let codes: Vec<String> = c67.items.iter().map(|i| i.code.clone()).collect();
    let want: Vec<String> = (1..=43).map(|n| format!("O{n}")).collect();
    assert_eq!(codes, want);
    let subs: Vec<&str> = c67.items.iter().map(|i| i.subgroup.as_str()).collect();
    assert_eq!(subs[9], "9.1");
    assert_eq!(subs[10], "9.2");
    assert_eq!(subs[42], "10.2");
    let c68 = &cats.0[&2568];
    assert_eq!(c68.items.len(), 26);
    let unverified: Vec<&str> = c68
        .items
        .iter()
        .filter(|i| !i.verified)
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(unverified, ["O2", "O5", "O6", "O7", "O25", "O26"]);
    assert_eq!(
        c68.item("o13").unwrap().evidence_year,
        EvidenceYear::Previous
    );
    for c in cats.0.values() {
        for it in &c.items {
            assert!(!it.rule.is_empty() || !it.derived.is_empty(), "{}", it.code);
            assert!(!it.name.is_empty() && !it.requires.is_empty() && !it.source.is_empty());
        }
    }
}

/// ITA 2569 (../shared/notes/oit-items.md, sections 2569 and the December update): 26 items,
/// every one resting on one agency's pages (so unconfirmed, with its source), the changes
/// from 2568 and the evidence years of the notes.
#[test]
fn catalogue_2569_follows_the_notes() {
    let cats = Catalogues::load(Path::new("/nonexistent"), &built_in()).unwrap();
    let c = &cats.0[&2569];
    let codes: Vec<&str> = c.items.iter().map(|i| i.code.as_str()).collect();
    let want: Vec<String> = (1..=26).map(|n| format!("O{n}")).collect();
    assert_eq!(codes, want);
    for it in &c.items {
        assert!(!it.verified, "{} rests on one source", it.code);
        assert!(
            it.source.contains("S1")
                || it.source.contains("หน่วยงานเดียว")
                || it.source.starts_with("M:"),
            "{}: {}",
            it.code,
            it.source
        );
    }
    // Items not seen for 2569 at all say so.
    for code in ["O2", "O6", "O7"] {
        assert!(c.item(code).unwrap().source.starts_with("M:"), "{code}");
    }
    let name = |code: &str| c.item(code).unwrap().name.clone();
    assert_eq!(name("O1"), "โครงสร้าง หน้าที่และอำนาจ");
    assert_eq!(name("O3"), "ข้อมูลการติดต่อและช่องทางการสอบถาม");
    assert_eq!(name("O10"), "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-SERVICE)");
    assert_eq!(name("O11"), "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน");
    assert_eq!(name("O25"), "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร");
    assert_eq!(
        name("O26"),
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    );
    // The monthly summary (สขร.๑) is its own item again, of the assessed year, served by the
    // generated summary page.
    let o11 = c.item("O11").unwrap();
    assert_eq!(o11.evidence_year, EvidenceYear::Assessed);
    assert!(o11.derived.contains(&Derived::ProcurementSummary));
    // The No Gift items merged into O20: the announcement, its activities and the gift rules.
    let o20 = c.item("O20").unwrap();
    assert!(
        o20.rule
            .iter()
            .any(|m| m.categories == [crate::content::Category::NoGift])
    );
    assert!(
        o20.rule
            .iter()
            .any(|m| m.title.iter().any(|t| t == "ธรรมจรรยา"))
    );
    assert!(
        !c.items
            .iter()
            .any(|i| i.code != "O20" && i.name.contains("No Gift"))
    );
    // The risk assessment is about corruption in general, not bribery only.
    assert!(!name("O21").contains("สินบน"));
    assert!(c.groups["10.1"].contains("ป้องกันการทุจริต") && !c.groups["10.1"].contains("สินบน"));
    // Evidence years: plans, announcements, risk assessments, news and monthly summaries of
    // the assessed year; annual reports and complaint statistics of the year before.
    let ev = |code: &str| c.item(code).unwrap().evidence_year;
    for code in [
        "O4", "O5", "O6", "O11", "O13", "O15", "O19", "O20", "O21", "O23", "O25",
    ] {
        assert_eq!(ev(code), EvidenceYear::Assessed, "{code}");
    }
    for code in ["O7", "O12", "O14", "O18", "O22", "O24", "O26"] {
        assert_eq!(ev(code), EvidenceYear::Previous, "{code}");
    }
    for code in ["O1", "O2", "O3", "O8", "O9", "O10", "O16", "O17"] {
        assert_eq!(ev(code), EvidenceYear::Standing, "{code}");
    }
    // Requirements that name a year name the right one.
    assert!(c.item("O18").unwrap().requires.contains("2568"));
    assert!(c.item("O11").unwrap().requires.contains("2569"));
}

#[test]
fn file_names() {
    assert_eq!(year_of_name("ita-2568.toml"), Some(2568));
    assert_eq!(year_of_name("ita-68.toml"), None);
    assert_eq!(year_of_name("README.md"), None);
}

#[test]
fn unknown_field_in_item_has_position_and_hint() {
    let text = SMALL.replace("verified = true", "verifed = true");
    let err =
        Catalogues::load(Path::new("/x"), &theme_of(&[("oit/ita-2570.toml", &text)])).unwrap_err();
    assert_eq!(err.len(), 1, "{err}");
    let d = &err.0[0];
    assert_eq!(d.line, 14, "{err}");
    assert!(d.hint.contains("`verified`"), "{err}");
    assert!(d.file.display().to_string().ends_with("ita-2570.toml"));
}

#[test]
fn bad_values_are_reported() {
    let text = SMALL
        .replace("subgroup = \"9.1\"", "subgroup = \"9.9\"")
        .replace("[{ categories = [\"no-gift\"] }]", "[{ }]");
    let err =
        Catalogues::load(Path::new("/x"), &theme_of(&[("oit/ita-2570.toml", &text)])).unwrap_err();
    assert_eq!(err.len(), 2, "{err}");
    assert!(
        err.0
            .iter()
            .any(|d| d.en.contains("no group `9.9`") && d.line == 13)
    );
    assert!(err.0.iter().any(|d| d.en.contains("has no condition")));
    let text = SMALL.replace("stage", "x").replace("no-gift", "nogift");
    let err =
        Catalogues::load(Path::new("/x"), &theme_of(&[("oit/ita-2570.toml", &text)])).unwrap_err();
    assert!(err.0[0].hint.contains("no-gift"), "{err}");
    let text = format!("year = 2569\n{SMALL}");
    let err =
        Catalogues::load(Path::new("/x"), &theme_of(&[("oit/ita-2570.toml", &text)])).unwrap_err();
    assert!(
        err.0[0].en.contains("does not match the file name"),
        "{err}"
    );
}

#[test]
fn site_file_overrides_and_adds_items() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("oit")).unwrap();
    let site = r#"
[[items]]
code = "O2"
verified = true
rule = [{ tags = ["no-gift"] }]

[[items]]
code = "O3"
name = "ข้อเพิ่มของหน่วยงาน"
group = "9"
subgroup = "9.1"
"#;
    std::fs::write(dir.path().join("oit/ita-2570.toml"), site).unwrap();
    let theme = theme_of(&[("oit/ita-2570.toml", SMALL)]);
    let cats = Catalogues::load(dir.path(), &theme).unwrap();
    let c = &cats.0[&2570];
    assert_eq!(c.files.len(), 2);
    let o2 = c.item("O2").unwrap();
    assert!(o2.verified && o2.site);
    assert_eq!(o2.name, "ประกาศ No Gift");
    assert_eq!(o2.rule[0].tags, ["no-gift"]);
    assert_eq!(o2.origin, "oit/ita-2570.toml");
    assert!(c.item("O3").unwrap().site);
    // A new item needs its name and groups.
    std::fs::write(
        dir.path().join("oit/ita-2570.toml"),
        "[[items]]\ncode = \"O9\"\n",
    )
    .unwrap();
    let err = Catalogues::load(dir.path(), &theme).unwrap_err();
    assert!(err.0[0].en.contains("new item"), "{err}");
    assert_eq!(err.0[0].line, 2);
    // Files in oit/ must be named for their year.
    std::fs::write(dir.path().join("oit/2570.toml"), "").unwrap();
    let err = Catalogues::load(dir.path(), &theme).unwrap_err();
    assert!(
        err.0.iter().any(|d| d.en.contains("must be named")),
        "{err}"
    );
}

#[test]
fn normalised_titles() {
    assert_eq!(normalise("รอบ ๖ เดือน"), "รอบ6เดือน");
    assert_eq!(normalise("E–Service"), "e-service");
    assert_eq!(normalise("No  Gift"), "nogift");
}

#[test]
fn evidence_years() {
    use EvidenceYear::*;
    assert!(in_year(Assessed, 2568, (2568, 2568)));
    assert!(!in_year(Assessed, 2568, (2567, 2567)));
    assert!(in_year(Assessed, 2568, (2566, 2570)));
    assert!(in_year(Previous, 2568, (2567, 2567)));
    assert!(!in_year(Previous, 2568, (2568, 2568)));
    assert!(in_year(Standing, 2568, (2560, 2560)));
    assert!(!in_year(Standing, 2568, (2569, 2569)));
}

fn record(dir: &Path, rel: &str, text: &str) -> crate::content::Record {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let (r, d) = read_record_file(dir, Path::new(rel), false);
    r.unwrap_or_else(|| panic!("{d}"))
}

#[test]
fn rules_match_records() {
    let dir = tempfile::tempdir().unwrap();
    let a = record(
        dir.path(),
        "content/announcements/ng.toml",
        "title = \"ประกาศ เรื่อง นโยบาย No Gift\"\ndate = 2024-10-01\ncategory = \"no-gift\"\noit = [\"O7\", \"2569:O3\"]\n",
    );
    let rep = record(
        dir.path(),
        "content/reports/r.toml",
        "title = \"รายงานผลการใช้จ่ายงบประมาณ รอบ ๖ เดือน\"\ndate = 2025-04-01\nreport_type = \"budget\"\n",
    );
    let by = |t: &str| -> Match { toml::from_str(t).unwrap() };
    assert!(matches(&by("categories = [\"no-gift\"]"), &a));
    assert!(!matches(&by("categories = [\"hr\"]"), &a));
    assert!(!matches(&by("categories = [\"no-gift\"]"), &rep));
    assert!(matches(
        &by("kinds = [\"announcement\"]\ntitle = [\"nogift\"]"),
        &a
    ));
    assert!(!matches(
        &by("kinds = [\"report\"]\ntitle = [\"No Gift\"]"),
        &a
    ));
    assert!(matches(
        &by("report_types = [\"budget\"]\ntitle = [\"6 เดือน\"]"),
        &rep
    ));
    assert!(!matches(&Match::default(), &rep));
    assert_eq!(years_of(&rep), (2568, 2568));
    assert_eq!(bind_code(&a, "O7"), (2568, "O7".to_string()));
    assert_eq!(bind_code(&a, " ๒๕๖๙:O3 "), (2569, "O3".to_string()));
    assert_eq!(bind_code(&a, "ITA2567:O1"), (2567, "O1".to_string()));
}

#[test]
fn map_of_a_small_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "base_url = \"https://example.go.th/sub/\"\ntitle = \"เทศบาลทดสอบ\"\n",
    )
    .unwrap();
    record(
        root,
        "content/pages/structure.md",
        "+++\ntitle = \"โครงสร้าง\"\ndate = 2020-01-01\n+++\n",
    );
    record(
        root,
        "content/announcements/ng-2569.toml",
        "title = \"No Gift 2569\"\ndate = 2025-10-02\ncategory = \"no-gift\"\n",
    );
    record(
        root,
        "content/news/a.toml",
        "title = \"ข่าว\"\ndate = 2025-03-02\noit = [\"O2\", \"O99\"]\n",
    );
    let opts = crate::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let site = crate::load_site(&opts).unwrap();
    let cats = Catalogues::load(root, &theme_of(&[("oit/ita-2568.toml", SMALL)])).unwrap();
    // The newest record is of fiscal year 2569: the latest catalogue before it is shown.
    assert_eq!(cats.current_year(&site), Some(2568));
    let nav: Nav<'_> = &[("", "หน้าแรก"), ("pages/", "ข้อมูลพื้นฐาน")];
    let map = cats.map(&site, 2568, nav).unwrap();
    assert!(map.current);
    // ITA 2569 has no catalogue here: the map of 2568 stands in for it, and says so.
    assert_eq!(map.awaited_year, Some(2569));
    assert_eq!(awaited_year(&site, &cats.years()), Some(2569));
    let with_69 = Catalogues::load(
        root,
        &theme_of(&[("oit/ita-2568.toml", SMALL), ("oit/ita-2569.toml", SMALL)]),
    )
    .unwrap();
    assert_eq!(awaited_year(&site, &with_69.years()), None);
    assert_eq!(with_69.map(&site, 2569, nav).unwrap().awaited_year, None);
    let items: Vec<&ItemMap> = map.items().collect();
    assert_eq!(items[0].status, Status::Served);
    let e = &items[0].served[0];
    assert_eq!(e.permalink, "https://example.go.th/sub/pages/structure/");
    assert_eq!(e.url, "/sub/pages/structure/");
    assert_eq!(e.click_path, ["หน้าแรก", "ข้อมูลพื้นฐาน", "โครงสร้าง"]);
    // O2: the news item names it (served), the 2569 announcement is outside the year.
    assert_eq!(items[1].status, Status::Served);
    assert_eq!(items[1].served[0].via, Via::Oit);
    assert_eq!(items[1].outside.len(), 1);
    assert_eq!(map.unknown_codes.len(), 1);
    assert_eq!(map.unknown_codes[0].code, "O99");
    assert!(!map.ok());
    assert_eq!(map.groups.len(), 2);
    assert_eq!((map.counts.served, map.counts.unverified), (2, 1));
    let text = report::text(&map);
    assert!(
        text.contains("https://example.go.th/sub/pages/structure/"),
        "{text}"
    );
    assert!(text.contains("O99"), "{text}");
    assert!(
        text.contains("ป.ป.ช. ยังไม่ประกาศรายการข้อ OIT ของปี 2569: แสดงตามรายการปี 2568"),
        "{text}"
    );
    assert!(text.contains("has not yet published"), "{text}");
}

/// The model of `site`'s settings over `records`, as `serve` makes it after a save.
fn model_of(
    site: &crate::site::Site,
    records: Vec<std::sync::Arc<crate::content::Record>>,
) -> crate::site::Site {
    let (model, d) = crate::site::Site::build_shared(site.config.clone(), records, Vec::new());
    assert!(d.is_empty(), "{d}");
    model
}

/// The rule matches kept between maps (`Matched`, for `serve`): an unchanged record (the same
/// `Arc`) keeps its match, a changed one (a new `Arc`) is matched again, a record gone is let
/// go, and every map equals one made from nothing.
#[test]
fn kept_matches_follow_changed_records() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "base_url = \"https://example.go.th/\"\ntitle = \"เทศบาลทดสอบ\"\n",
    )
    .unwrap();
    record(
        root,
        "content/news/a.toml",
        "title = \"กิจกรรม No Gift\"\ndate = 2025-03-02\n",
    );
    record(
        root,
        "content/news/b.toml",
        "title = \"ข่าวทั่วไป\"\ndate = 2025-03-03\n",
    );
    let opts = crate::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let site = crate::load_site(&opts).unwrap();
    let cats = Catalogues::load(root, &built_in()).unwrap();
    let cat = &cats.0[&2568];
    let o21 = cat.items.iter().position(|i| i.code == "O21").unwrap();
    let slug_of = |site: &crate::site::Site, m: &[Vec<(usize, usize)>]| -> Vec<String> {
        m[o21]
            .iter()
            .map(|&(_, i)| site.records[i].slug.clone())
            .collect()
    };
    let kept = Matched::default();
    assert_eq!(slug_of(&site, &kept.by_item(&site, cat)), ["a"]);
    // `a` no longer matches, `b` now does: both are new records (new `Arc`s).
    let a = record(
        root,
        "content/news/a.toml",
        "title = \"ข่าวอื่น\"\ndate = 2025-03-02\n",
    );
    let b = record(
        root,
        "content/news/b.toml",
        "title = \"ไม่รับของขวัญ\"\ndate = 2025-03-03\n",
    );
    let old_a = site.records.iter().find(|r| r.slug == "a").unwrap().clone();
    let edited = model_of(&site, vec![std::sync::Arc::new(a), std::sync::Arc::new(b)]);
    drop(site);
    let again = kept.by_item(&edited, cat);
    assert_eq!(slug_of(&edited, &again), ["b"]);
    assert_eq!(again, Matched::default().by_item(&edited, cat));
    // The old `a` is no longer held by the kept matches.
    assert_eq!(std::sync::Arc::strong_count(&old_a), 1);
    // Unchanged records: what was kept, equal to a fresh match.
    assert_eq!(kept.by_item(&edited, cat), again);
}

/// The maps kept between saves (`Kept`, for `serve`): a map is given again while what it is made
/// from is the same (the same records, by `Arc`, at the same paths), made again when a record it
/// shows changed, and always equal to a map made from nothing.
#[test]
fn kept_maps_are_given_again_only_while_their_sources_are_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        "base_url = \"https://example.go.th/\"\ntitle = \"เทศบาลทดสอบ\"\n",
    )
    .unwrap();
    record(
        root,
        "content/news/a.toml",
        "title = \"กิจกรรม No Gift\"\ndate = 2025-03-02\n",
    );
    let opts = crate::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let site = crate::load_site(&opts).unwrap();
    let cats = Catalogues::load(root, &built_in()).unwrap();
    let nav = &crate::site::pages::NAV;
    let json = |m: &ItaMap| serde_json::to_string(m).unwrap();
    let kept = Kept::default();
    let first = cats.map_kept(&site, 2568, nav, &kept).unwrap();
    assert_eq!(json(&first), json(&cats.map(&site, 2568, nav).unwrap()));
    // The same records in a model made again: the same map, not made again.
    let same = model_of(&site, site.records.clone());
    let again = cats.map_kept(&same, 2568, nav, &kept).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    // A change of the record the map shows that the map does not show (`updated`): made again,
    // found to show the same, and given again with its number.
    let a = record(
        root,
        "content/news/a.toml",
        "title = \"กิจกรรม No Gift\"\ndate = 2025-03-02\nupdated = 2025-03-05\n",
    );
    let touched = model_of(&site, vec![std::sync::Arc::new(a)]);
    let again = cats.map_kept(&touched, 2568, nav, &kept).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    // A new title of the record the map shows: a new map, equal to one made from nothing.
    let a = record(
        root,
        "content/news/a.toml",
        "title = \"กิจกรรม No Gift ของเทศบาล\"\ndate = 2025-03-02\n",
    );
    let edited = model_of(&site, vec![std::sync::Arc::new(a)]);
    let new = cats.map_kept(&edited, 2568, nav, &kept).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &new));
    assert_ne!(first.made, new.made);
    assert!(json(&new).contains("ของเทศบาล"));
    assert_eq!(json(&new), json(&cats.map(&edited, 2568, nav).unwrap()));
}
