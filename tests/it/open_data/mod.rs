//! The test site of tests/it/data.rs and helpers to read what it writes: JSON files, CSV as
//! Python's csv module reads it, TOML values as the JSON the data files should hold.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::common::*;

pub const BASE: &str = "https://host/site/";

pub const SITE: &str = "base_url = \"https://host/site/\"\ntitle = \"เทศบาลตำบลทดสอบ\"\n\
digits = \"arabic\"\n[contact]\nemail = \"info@test.example.go.th\"\n";

/// Records written with TOML dates only, so that every field can be compared as it is.
pub const RECORDS: [(&str, &str); 9] = [
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
pub fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let mut files: Vec<(&str, &str)> = RECORDS.to_vec();
    files.push(("site.toml", SITE));
    let dir = site(&files);
    build(dir.path()).expect(0);
    let out = dir.path().join("public");
    (dir, out)
}

pub fn json_file(out: &Path, name: &str) -> Value {
    serde_json::from_str(&read(out.join("data").join(name)))
        .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// Run a Python script (argv[1..] = `args`) and return its standard output.
pub fn python(script: &str, args: &[&str]) -> String {
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
pub fn csv_rows(path: &Path) -> Vec<Value> {
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
pub fn toml_to_json(v: &toml::Value) -> Value {
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

pub fn same_number_or_value(a: &Value, b: &Value) -> bool {
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

/// Python script: compare every CSV of a collection with its JSON, cell by cell, for every
/// column named like a JSON key. Prints each mismatch, then `checked <n>`.
pub const COMPARE: &str = r#"
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
