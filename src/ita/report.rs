//! `prongsai check --oit`: the ITA map as a terminal report (or JSON), and its exit status.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::error::Diagnostics;
use crate::thai::{Digits, format_date_short};

use super::entries::Entry;
use super::map::{ItaMap, Status};

/// Why `check --oit` could not make a map.
#[derive(Debug)]
pub enum OitError {
    /// A catalogue file (or the theme) has problems: exit 1.
    Content(Diagnostics),
    /// `--year` names a year without a catalogue, or there is none at all: exit 2.
    NoYear(Option<i32>, Vec<i32>),
}

impl OitError {
    pub fn exit_code(&self) -> i32 {
        match self {
            OitError::Content(_) => 1,
            OitError::NoYear(..) => 2,
        }
    }

    pub fn message(&self) -> String {
        match self {
            OitError::Content(d) => d.to_string(),
            OitError::NoYear(y, years) => {
                let list: Vec<String> = years.iter().map(i32::to_string).collect();
                let what = y.map_or_else(String::new, |y| format!(" {y}"));
                format!(
                    "error: ไม่มีแคตตาล็อก OIT ของ ITA{what} / no OIT catalogue for ITA{what}\n  ปีที่มี / years available: {}\n  เพิ่มไฟล์ oit/ita-<ปี>.toml ในโฟลเดอร์เว็บไซต์ (ดู docs/ita.md) / add oit/ita-<year>.toml to the site (see docs/ita.md)",
                    if list.is_empty() {
                        "-".into()
                    } else {
                        list.join(", ")
                    }
                )
            }
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            OitError::Content(d) => json!({ "ok": false, "problems": d.0 }),
            OitError::NoYear(y, years) => {
                json!({ "ok": false, "error": "no-catalogue", "year": y, "years": years })
            }
        }
    }
}

/// The map as JSON for `check --oit --format json`, with `ok` on top.
pub fn to_json(map: &ItaMap) -> Value {
    let mut v = serde_json::to_value(map).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("ok".into(), json!(map.ok()));
    }
    v
}

fn mark(s: Status) -> &'static str {
    match s {
        Status::Served => "✓ มี",
        Status::Outside => "! นอกปี",
        Status::Missing => "✗ ขาด",
    }
}

fn entry_lines(out: &mut String, e: &Entry) {
    let _ = writeln!(out, "        {}", e.permalink);
    let mut about = e.title.clone();
    if let Some(d) = e.date {
        let _ = write!(about, " · {}", format_date_short(d, Digits::Arabic));
    }
    let (lo, hi) = e.years;
    if lo == hi {
        let _ = write!(about, " · ปีงบ {lo}");
    } else {
        let _ = write!(about, " · ปีงบ {lo}–{hi}");
    }
    let _ = writeln!(out, "          {about}");
    let _ = writeln!(out, "          {}", e.click_path.join(" › "));
}

/// The terminal report: every item in order with the URLs that serve it, then a summary.
pub fn text(map: &ItaMap) -> String {
    let mut out = String::new();
    let y = map.year;
    let _ = writeln!(
        out,
        "ITA {y}: {} / OIT map, fiscal year {y} (and {} for annual reports and statistics)",
        map.title,
        y - 1
    );
    if let Some(awaited) = map.awaited_year {
        let (th, en) = super::awaited_notice(awaited, y);
        let _ = writeln!(out, "! {th}\n  {en}");
    }
    let _ = writeln!(out, "แคตตาล็อก / catalogue: {}", map.files.join(", "));
    for g in &map.groups {
        let _ = writeln!(out, "\n{}", g.label);
        for s in &g.subgroups {
            let _ = writeln!(out, "  {}", s.label);
            for im in &s.items {
                let it = &im.item;
                let gloss = if it.gloss.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", it.gloss)
                };
                let _ = writeln!(
                    out,
                    "    [{}] {} {}{gloss}",
                    mark(im.status),
                    it.code,
                    it.name
                );
                if !it.verified {
                    let _ = writeln!(
                        out,
                        "        ยังไม่ยืนยัน — ตรวจกับคู่มือ ITA ของ ป.ป.ช. ปี {y} / unconfirmed: check the NACC manual"
                    );
                }
                let fy = im
                    .evidence_fy
                    .map_or_else(|| format!("≤ {y}"), |f| f.to_string());
                match im.status {
                    Status::Served => {
                        for e in &im.served {
                            entry_lines(&mut out, e);
                        }
                        if !im.outside.is_empty() {
                            let _ = writeln!(
                                out,
                                "        (+{} รายการนอกปีงบ {fy} / outside the year)",
                                im.outside.len()
                            );
                        }
                    }
                    Status::Outside => {
                        let _ = writeln!(
                            out,
                            "        มีเฉพาะข้อมูลนอกปีงบประมาณ {fy} / served only outside fiscal year {fy}:"
                        );
                        for e in &im.outside {
                            entry_lines(&mut out, e);
                        }
                    }
                    Status::Missing => {
                        let _ = writeln!(
                            out,
                            "        ยังไม่มีข้อมูล (ปีงบ {fy}) / nothing serves this item — ต้องแสดง / must show: {}",
                            it.requires
                        );
                    }
                }
            }
        }
    }
    if !map.unknown_codes.is_empty() {
        let _ = writeln!(out, "\nรหัส OIT ที่ไม่มีในแคตตาล็อก ITA {y} / unknown codes:");
        for p in &map.unknown_codes {
            let _ = writeln!(
                out,
                "  {}: oit = \"{}\" — ไม่มีข้อนี้ใน ITA {y}: ตรวจรหัส หรือระบุปีของแคตตาล็อก เช่น \"2569:O12\" / ITA {y} has no such item: check the code, or name the catalogue year, e.g. \"2569:O12\"",
                p.file, p.code
            );
        }
    }
    let c = &map.counts;
    let _ = writeln!(
        out,
        "\nสรุป ITA {y} / summary: {} ข้อ / items — มี / served {}, มีเฉพาะนอกปี / only outside the year {}, ขาด / missing {}; ยังไม่ยืนยัน / unconfirmed {}",
        c.items, c.served, c.outside, c.missing, c.unverified
    );
    if map.ok() {
        let _ = writeln!(out, "ครบทุกข้อ / every item is served");
    }
    out
}
