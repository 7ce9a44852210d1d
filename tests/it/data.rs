//! Open data under `/data/`: JSON that round-trips the records, CSV that Python's csv module
//! reads back with the same values, formula injection neutralised, derived reports, the
//! `/data/` page with file sizes, and the DCAT catalogue.

use crate::common;
use crate::open_data;

use std::path::Path;

use common::*;
use open_data::*;
use serde_json::{Value, json};

#[test]
fn json_round_trips_every_field_of_every_record() {
    let (_dir, out) = built();
    let collections = [
        "procurement",
        "news",
        "announcements",
        "complaints",
        "plans",
        "projects",
        "reports",
    ];
    let mut all = Vec::new();
    for c in collections {
        match json_file(&out, &format!("{c}.json")) {
            Value::Array(a) => all.extend(a),
            other => panic!("{c}.json is not an array: {other}"),
        }
    }
    for (path, text) in RECORDS.iter().filter(|(p, _)| p.ends_with(".toml")) {
        let rec = all
            .iter()
            .find(|r| r["source"] == json!(path))
            .unwrap_or_else(|| panic!("{path} is in no JSON file"));
        let table: toml::Table = toml::from_str(text).expect("fixture TOML");
        for (key, value) in &table {
            let expected = toml_to_json(value);
            assert!(
                same_number_or_value(&expected, &rec[key]),
                "{path}: `{key}` is {} in JSON, {expected} in the record",
                rec[key]
            );
        }
        // A plan is published under its folder's name.
        let slug = match path.strip_suffix("/plan.toml") {
            Some(folder) => folder.rsplit('/').next(),
            None => Path::new(path).file_stem().and_then(|s| s.to_str()),
        };
        assert_eq!(rec["slug"].as_str(), slug, "{path}");
        assert!(
            rec["url"].as_str().is_some_and(|u| u.starts_with(BASE)),
            "{path}: {}",
            rec["url"]
        );
    }
    let road = all
        .iter()
        .find(|r| r["slug"] == "road-winner")
        .expect("road");
    // Amounts are plain numbers: whole baht without a decimal point.
    let text = read(out.join("data/procurement.json"));
    assert!(text.contains("\"budget\":500000,"), "{text}");
    assert!(text.contains("\"median_price\":498000.5"), "{text}");
    assert_eq!(road["fiscal_year"], json!(2568));
    assert_eq!(road["stage_label"], json!("ประกาศผู้ชนะการเสนอราคา"));
    assert_eq!(
        road["url"],
        json!("https://host/site/procurement/road-winner/")
    );
}

#[test]
fn csv_read_back_by_python_gives_the_json_values() {
    let (_dir, out) = built();
    let data = out.join("data");
    let report = python(COMPARE, &[s(&data)]);
    assert!(!report.contains("MISMATCH"), "{report}");
    assert!(report.contains("checked "), "{report}");
    let bytes = std::fs::read(data.join("procurement.csv")).expect("csv");
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 BOM first");
    assert!(
        String::from_utf8_lossy(&bytes).contains("\r\n"),
        "CRLF lines"
    );

    let rows = csv_rows(&data.join("procurement.csv"));
    let road = rows
        .iter()
        .find(|r| r["slug"] == "road-winner")
        .expect("row");
    assert_eq!(road["date"], "2024-10-01");
    assert_eq!(road["date_be"], "1 ตุลาคม 2567");
    assert_eq!(road["budget"], "500000");
    assert_eq!(road["median_price"], "498000.5");
    assert_eq!(road["winner_name"], "หจก. ตัวอย่าง, ก่อสร้าง");
    assert_eq!(road["winner_price"], "495000");
    assert_eq!(road["contract_date"], "2024-10-20");
    assert_eq!(road["contract_date_be"], "20 ตุลาคม 2567");
    assert_eq!(road["contract_amount"], "495000");
    assert_eq!(road["tags"], "ถนน\nหมู่ ๓");
    assert_eq!(road["body"], "เนื้อหา\n\nบรรทัดที่สอง");
    let bidders: Value =
        serde_json::from_str(road["bidders"].as_str().unwrap_or("")).expect("json");
    assert_eq!(bidders[1]["name"], "บริษัท \"สาธิต\" จำกัด");
    assert_eq!(bidders[1]["price"], json!(497500.25));
    let pump = rows
        .iter()
        .find(|r| r["slug"] == "pump-winner")
        .expect("row");
    assert_eq!(pump["budget"], "1250000.5");
    let ann = &csv_rows(&data.join("announcements.csv"))[0];
    assert_eq!(ann["signer_position"], "นายกเทศมนตรี\nตำบลทดสอบ");
    assert_eq!(ann["announced_be"], "9 ตุลาคม 2567");
    assert_eq!(ann["category_label"], "นโยบายไม่รับของขวัญ (No Gift Policy)");
}

#[test]
fn csv_neutralises_formulas_and_json_keeps_the_text() {
    let (_dir, out) = built();
    let row = &csv_rows(&out.join("data/news.csv"))[0];
    let title = "=HYPERLINK(\"http://evil.example\",\"คลิก\")";
    assert_eq!(row["title"], format!("'{title}").as_str());
    assert_eq!(row["summary"], "'+1+2");
    assert_eq!(row["tags"], "'@cmd\n-x\nปกติ");
    assert_eq!(row["updated"], "2024-11-05");
    let news = json_file(&out, "news.json");
    assert_eq!(news[0]["title"], json!(title));
    for name in std::fs::read_dir(out.join("data")).expect("data").flatten() {
        let p = name.path();
        if p.extension().is_some_and(|e| e == "csv") {
            for r in csv_rows(&p) {
                for (k, v) in r.as_object().into_iter().flatten() {
                    let v = v.as_str().unwrap_or("");
                    let number = v.parse::<f64>().is_ok();
                    assert!(
                        number || !v.starts_with(['=', '+', '-', '@']),
                        "{}: {k} = {v}",
                        p.display()
                    );
                }
            }
        }
    }
}

#[test]
fn derived_reports_are_published() {
    let (_dir, out) = built();
    let monthly = json_file(&out, "procurement-monthly.json");
    let by_item = |item: &str| {
        monthly
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["item"] == item)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {item}: {monthly}"))
    };
    let pump = by_item("ซื้อเครื่องสูบน้ำ");
    assert_eq!(pump["fiscal_year"], json!(2567));
    assert_eq!(pump["month"], json!("2024-09"));
    let road = by_item("จ้างก่อสร้างถนน หมู่ที่ ๓");
    assert_eq!(road["fiscal_year"], json!(2568));
    assert_eq!(road["month"], json!("2024-10"));
    assert_eq!(road["contract_number"], json!("๑๒/๒๕๖๘"));
    assert_eq!(road["bidder_count"], json!(2));
    assert_eq!(
        road["notices"],
        json!(["https://host/site/procurement/road-winner/"])
    );

    let annual = csv_rows(&out.join("data/procurement-annual.csv"));
    let row = |fy: &str, m: &str| {
        annual
            .iter()
            .find(|r| r["fiscal_year"] == fy && r["method"] == m)
            .cloned()
            .unwrap_or_else(|| panic!("no {fy} {m}"))
    };
    assert_eq!(row("2568", "e-bidding")["count"], "1");
    assert_eq!(row("2568", "e-bidding")["amount"], "495000");
    assert_eq!(row("2567", "specific")["amount"], "1250000.5");
    assert_eq!(row("2567", "e-bidding")["count"], "0");

    let totals = json_file(&out, "complaint-totals.json");
    assert_eq!(totals[0]["received"], json!(7));
    assert_eq!(totals[0]["in_progress"], json!(1));
    assert_eq!(totals[0]["channels_total"], json!(7));
    let months = csv_rows(&out.join("data/complaint-months.csv"));
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["month"], "2024-10");
    assert_eq!(months[0]["month_label"], "ตุลาคม 2567");
    assert_eq!(months[11]["month"], "2025-09");
    assert_eq!(months[11]["received"], "4");

    let summary = csv_rows(&out.join("data/plan-summary.csv"));
    let budgets: Vec<(&str, &str)> = summary
        .iter()
        .map(|r| {
            (
                r["fiscal_year"].as_str().unwrap_or(""),
                r["budget"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(budgets, [("2567", "0"), ("2568", "32580.5"), ("2569", "0")]);
    let progress = json_file(&out, "plan-progress.json");
    assert_eq!(progress[0]["budget"], json!(32580.5));
    assert_eq!(progress[0]["spent"], json!(30000));
    assert_eq!(progress[0]["status"], json!("done"));
    assert_eq!(progress[0]["status_label"], json!("ดำเนินการแล้ว"));
    assert_eq!(progress[0]["latest"], json!(true));
    let by_dim = csv_rows(&out.join("data/plan-progress-summary.csv"));
    let sums: Vec<(&str, &str, &str, &str)> = by_dim
        .iter()
        .map(|r| {
            let f = |k: &str| r[k].as_str().unwrap_or("");
            (f("fiscal_year"), f("done"), f("planned"), f("spent"))
        })
        .collect();
    assert_eq!(sums, [("2568", "1", "32580.5", "30000")]);
}

#[test]
fn data_page_lists_every_file_with_its_size() {
    let (_dir, out) = built();
    let html = read(out.join("data/index.html"));
    assert_eq!(html.matches("<h1").count(), 1, "one h1");
    assert!(html.contains("<caption"), "tables have captions");
    let links = attr_values(&html, "href");
    let values = attr_values(&html, "value");
    let mut n = 0;
    for entry in std::fs::read_dir(out.join("data")).expect("data").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "index.html" {
            continue;
        }
        let size = entry.metadata().expect("meta").len().to_string();
        assert!(
            links.contains(&format!("/site/data/{name}")),
            "{name} not linked"
        );
        assert!(values.contains(&size), "size {size} of {name} not shown");
        n += 1;
    }
    assert_eq!(
        n,
        2 * 18 + 1,
        "18 datasets as JSON and CSV, and the catalogue"
    );
}

#[test]
fn catalog_describes_every_file_for_harvesters() {
    let (_dir, out) = built();
    let cat = json_file(&out, "catalog.json");
    assert_eq!(cat["@type"], json!("dcat:Catalog"));
    let sets = cat["dataset"].as_array().expect("datasets");
    assert_eq!(sets.len(), 18);
    let mut ids = Vec::new();
    for d in sets {
        assert_eq!(d["@type"], json!("dcat:Dataset"));
        let title = d["title"].as_str().unwrap_or("");
        assert!(
            title
                .chars()
                .any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c)),
            "{title}"
        );
        assert!(title.contains("เทศบาลตำบลทดสอบ"), "{title}");
        ids.push(d["identifier"].as_str().unwrap_or("").to_string());
        let dists = d["distribution"].as_array().expect("distributions");
        assert_eq!(dists.len(), 2);
        for f in dists {
            let url = f["downloadURL"].as_str().unwrap_or("");
            let rel = url.strip_prefix(BASE).unwrap_or_else(|| panic!("{url}"));
            let size = std::fs::metadata(out.join(rel)).expect("file exists").len();
            assert_eq!(f["byteSize"], json!(size), "{url}");
            assert!(
                ["application/json", "text/csv"].contains(&f["mediaType"].as_str().unwrap_or(""))
            );
        }
        assert_eq!(
            d["contactPoint"]["hasEmail"],
            json!("mailto:info@test.example.go.th")
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 18, "identifiers are unique");
}

#[test]
fn markdown_may_link_to_data_files_and_feeds() {
    let mut files: Vec<(&str, &str)> = RECORDS.to_vec();
    files.push(("site.toml", SITE));
    files.push((
        "content/pages/open.md",
        "+++\ntitle = \"ข้อมูลเปิด\"\ndate = 2024-10-01\n+++\n[ข้อมูล](/data/) [CSV](/data/news.csv) [ฟีด](/news/atom.xml) [catalog](/data/catalog.json)\n",
    ));
    let dir = site(&files);
    check(dir.path()).expect(0);
}
