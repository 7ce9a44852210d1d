//! Open data under `/data/`: JSON that round-trips the records, CSV that Python's csv module
//! reads back with the same values, formula injection neutralised, derived reports, the
//! `/data/` page with file sizes, and the DCAT catalogue.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::{Value, json};

const BASE: &str = "https://host/site/";

const SITE: &str = "base_url = \"https://host/site/\"\ntitle = \"เทศบาลตำบลทดสอบ\"\n\
digits = \"arabic\"\n[contact]\nemail = \"info@test.example.go.th\"\n";

/// Records written with TOML dates only, so that every field can be compared as it is.
const RECORDS: [(&str, &str); 9] = [
    (
        "content/procurement/road-winner.toml",
        r#"title = "ประกาศผู้ชนะการเสนอราคา จ้างก่อสร้างถนน หมู่ที่ ๓"
date = 2024-10-01
stage = "winner"
method = "e-bidding"
item = "จ้างก่อสร้างถนน หมู่ที่ ๓"
egp_number = "68019123456"
budget = 500000
median_price = 498000.50
bidders = [{ name = "หจก. ตัวอย่าง, ก่อสร้าง", price = 495000 }, { name = "บริษัท \"สาธิต\" จำกัด", price = 497500.25 }]
winner = { name = "หจก. ตัวอย่าง, ก่อสร้าง", price = 495000 }
reason = "ราคาต่ำสุด"
contract = { number = "๑๒/๒๕๖๘", date = 2024-10-20, amount = 495000 }
department = "กองช่าง"
tags = ["ถนน", "หมู่ ๓"]
summary = "ผู้ชนะ: หจก. ตัวอย่าง"
body = "เนื้อหา\n\nบรรทัดที่สอง"
"#,
    ),
    (
        "content/procurement/pump-winner.toml",
        r#"title = "ประกาศผู้ชนะ ซื้อเครื่องสูบน้ำ"
date = 2024-09-30
stage = "winner"
method = "specific"
item = "ซื้อเครื่องสูบน้ำ"
budget = 1250000.50
winner = { name = "ร้านสาธิต", price = 1250000.50 }
"#,
    ),
    (
        "content/news/formula.toml",
        r#"title = "=HYPERLINK(\"http://evil.example\",\"คลิก\")"
date = 2024-11-02
updated = 2024-11-05
summary = "+1+2"
tags = ["@cmd", "-x", "ปกติ"]
"#,
    ),
    (
        "content/announcements/no-gift.toml",
        r#"title = "ประกาศนโยบายไม่รับของขวัญ"
date = 2024-10-10
category = "no-gift"
number = "๑/๒๕๖๘"
announced = 2024-10-09
signer = { name = "นายทดสอบ ใจดี", position = "นายกเทศมนตรี\nตำบลทดสอบ" }
oit = ["O30"]
attachments = [{ file = "a.pdf", title = "ประกาศ (PDF)" }]
"#,
    ),
    ("content/files/a.pdf", "%PDF-1.4 test"),
    (
        "content/complaints/c2568.toml",
        r#"title = "สถิติเรื่องร้องเรียน ๒๕๖๘"
date = 2025-10-05
fiscal_year = 2568
months = [{ month = 10, received = 3, resolved = 2, in_progress = 1 }, { month = 9, received = 4, resolved = 4 }]
channels = [{ name = "โทรศัพท์", count = 5 }, { name = "เว็บไซต์", count = 2 }]
categories = [{ name = "ร้องทุกข์", count = 7 }]
"#,
    ),
    (
        "content/plans/p/plan.toml",
        r#"title = "แผนทดสอบ"
date = 2023-09-30
years = [2567, 2569]
dimensions = [{ number = 1, name = "มิติที่หนึ่ง", missions = [{ code = "1.1", name = "ภารกิจแรก" }] }]
"#,
    ),
    (
        "content/plans/p/projects/one.toml",
        r#"title = "โครงการหนึ่ง"
date = 2023-09-30
number = 1
type = "โครงการ"
dimension = 1
mission = "1.1"
budget = { 2568 = 32580.5 }
objectives = ["ข้อหนึ่ง", "ข้อสอง"]
"#,
    ),
    (
        "content/reports/annual.toml",
        r#"title = "รายงานผลประจำปี ๒๕๖๘"
date = 2025-10-20
report_type = "plan-annual"
plan = "p"
fiscal_year = 2568
period_from = 2024-10-01
period_to = 2025-09-30
progress = [{ project = 1, status = "done", spent = 30000, result = "เสร็จ" }]
"#,
    ),
];

/// A built test site; returns (site folder, output folder).
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let mut files: Vec<(&str, &str)> = RECORDS.to_vec();
    files.push(("site.toml", SITE));
    let dir = site(&files);
    build(dir.path()).expect(0);
    let out = dir.path().join("public");
    (dir, out)
}

fn json_file(out: &Path, name: &str) -> Value {
    serde_json::from_str(&read(out.join("data").join(name)))
        .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// Run a Python script (argv[1..] = `args`) and return its standard output.
fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "python failed:\n{o}\n{e}");
    o
}

/// A CSV file as Python's csv module reads it: a list of {column: text}.
fn csv_rows(path: &Path) -> Vec<Value> {
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    \
            print(json.dumps(list(csv.DictReader(f)), ensure_ascii=False))";
    let text = python(script, &[s(path)]);
    match serde_json::from_str(&text) {
        Ok(Value::Array(a)) => a,
        other => panic!("unexpected python output {other:?}"),
    }
}

/// A TOML value as the JSON the data files should hold (dates as ISO text).
fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn same_number_or_value(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => match (a, b) {
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_number_or_value(p, q))
            }
            (Value::Object(x), Value::Object(y)) => x
                .iter()
                .all(|(k, v)| y.get(k).is_some_and(|w| same_number_or_value(v, w))),
            _ => a == b,
        },
    }
}

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

/// Python script: compare every CSV of a collection with its JSON, cell by cell, for every
/// column named like a JSON key. Prints each mismatch, then `checked <n>`.
const COMPARE: &str = r#"
import csv, json, os, sys
d = sys.argv[1]
bad, n = [], 0
def expect(v):
    if v is None: return ''
    if isinstance(v, bool): return 'true' if v else 'false'
    if isinstance(v, (int, float)): return v
    if isinstance(v, str): return "'" + v if v[:1] in ('=', '+', '-', '@', '\t', '\r') else v
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return expect('\n'.join(v))
    if v == [] or v == {}: return ''
    return v
for name in ['pages','news','announcements','procurement','plans','projects','reports','complaints','people','services']:
    rows = json.load(open(os.path.join(d, name + '.json'), encoding='utf-8'))
    with open(os.path.join(d, name + '.csv'), encoding='utf-8-sig', newline='') as f:
        table = list(csv.DictReader(f))
    if len(rows) != len(table): bad.append((name, 'rows', len(rows), len(table)))
    for rec, row in zip(rows, table):
        for col, cell in row.items():
            if col not in rec: continue
            e = expect(rec[col]); n += 1
            if isinstance(e, (int, float)):
                ok = cell != '' and float(cell) == e
            elif isinstance(e, (list, dict)):
                ok = json.loads(cell) == e
            else:
                ok = cell == e
            if not ok: bad.append((name, rec['slug'], col, cell, rec[col]))
for b in bad: print('MISMATCH', b)
print('checked', n)
"#;

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
        2 * 17 + 1,
        "17 datasets as JSON and CSV, and the catalogue"
    );
}

#[test]
fn catalog_describes_every_file_for_harvesters() {
    let (_dir, out) = built();
    let cat = json_file(&out, "catalog.json");
    assert_eq!(cat["@type"], json!("dcat:Catalog"));
    let sets = cat["dataset"].as_array().expect("datasets");
    assert_eq!(sets.len(), 17);
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
    assert_eq!(ids.len(), 17, "identifiers are unique");
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
