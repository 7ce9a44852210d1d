//! The data.go.th e-GP contract datasets: CSV with Thai headers, or CKAN `datastore_search`
//! JSON (`result.records[]`, same keys). A JSON source in the govspending shape (`result[]` of
//! projects with `project_id`) is handed to `cgd`.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::cgd;
use super::model::{ContractRow, Parsed, Pos, Winner, method_from_text, project_id};
use super::table::{Cells, RowReader, looks_like_date, row_is_of};
use crate::error::{Diagnostic, Diagnostics};

pub const ID: &str = "รหัสโครงการ";
pub const NAME: &str = "ชื่อโครงการ";
const BUDGET: &str = "งบประมาณ(บาท)";
const AGREED: &str = "ราคาตกลงซื้อ/จ้าง";
const CONTRACT_AMOUNT: &str = "งบสัญญา(บาท)";
const WINNER: &str = "ชื่อผู้ชนะ";
const METHOD: &str = "วิธีจัดซื้อฯ";
const METHOD_GROUP: &str = "กลุ่มวิธีจัดซื้อฯ";
const AGENCY: &str = "ชื่อหน่วยงาน";
const SIGNED: &str = "วันที่ลงนามสัญญา";
const ANNOUNCED: &str = "วันที่ประกาศ";
/// Columns that may hold the agency's e-GP code (not in the published list, but seen in exports).
const CODE_COLUMNS: [&str; 4] = ["รหัสหน่วยงาน", "dept_code", "deptId", "dept_id"];

/// One data.go.th row into a contract row; `None` when it is another agency's (with `--dept`)
/// or has problems (pushed to `diags`).
fn row<C: Cells>(
    cells: &C,
    pos: Pos,
    file: &Path,
    text: &str,
    dept: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<ContractRow> {
    let mut r = RowReader::new(cells, file, text);
    let code = r.text_any(&CODE_COLUMNS);
    let department = r.text(AGENCY);
    if let Some(d) = dept {
        match row_is_of(code.as_deref(), department.as_deref(), d) {
            Some(true) => {}
            Some(false) => return None,
            None => r.error(
                AGENCY,
                "ไม่มีรหัสหรือชื่อหน่วยงาน จึงกรองด้วย --dept ไม่ได้".into(),
                "has no agency code or name, so --dept cannot filter it".into(),
                "นำเข้าโดยไม่ใช้ --dept หรือใช้ไฟล์ที่มีคอลัมน์ชื่อหน่วยงาน / import without --dept, or use data with the agency column",
            ),
        }
    }
    let id = r.required(ID);
    let project = id.as_deref().and_then(|i| {
        let p = project_id(i);
        if p.is_none() {
            r.error(
                ID,
                format!("\"{i}\" ไม่ใช่เลขที่โครงการ e-GP ๑๑ หลัก"),
                format!("\"{i}\" is not an 11-digit e-GP project id"),
                "คัดลอกเลขโครงการจากระบบ e-GP / copy the project id from e-GP",
            );
        }
        p
    });
    let item = r.required(NAME);
    let method_text = r.text(METHOD).or_else(|| r.text(METHOD_GROUP));
    let method = match method_text.as_deref().map(method_from_text) {
        Some(Ok(m)) => m,
        Some(Err(())) => {
            r.error(
                METHOD,
                format!("ไม่รู้จักวิธี \"{}\"", method_text.unwrap_or_default()),
                "is not a method prongsai knows (e-bidding, e-market, selection, specific)".into(),
                "วิธีที่ใช้ได้: e-bidding, e-market, คัดเลือก, เฉพาะเจาะจง / known methods: e-bidding, e-market, selection, specific",
            );
            None
        }
        None => None,
    };
    let budget = r.amount(BUDGET);
    let agreed = r.amount(AGREED);
    let amount = r.amount(CONTRACT_AMOUNT).or(agreed);
    let winner_name = r.text(WINNER);
    if let Some(w) = &winner_name
        && looks_like_date(w)
    {
        r.error(
            WINNER,
            format!("มีวันที่ \"{w}\" แทนชื่อผู้ชนะ"),
            format!("holds a date (\"{w}\") instead of the winner's name"),
            "แก้แถวนี้ในไฟล์ให้ชื่อผู้ชนะอยู่ในช่องที่ถูกต้อง / fix this row so the winner's name is in its column",
        );
    }
    let date = r.date(SIGNED);
    let announced = r.date(ANNOUNCED);
    let problems = std::mem::take(&mut r.problems);
    let bad = !problems.is_empty();
    for p in problems {
        diags.push(p);
    }
    if bad {
        return None;
    }
    Some(ContractRow {
        project: project?,
        item: item?,
        method,
        budget,
        winner: winner_name.map(|name| Winner {
            name,
            price: agreed.or(amount),
        }),
        number: None,
        date: date.or(announced),
        amount,
        department,
        pos,
    })
}

/// A CSV line: header index and the record, with the row's start in the text.
struct CsvRow<'a> {
    header: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
    text: &'a str,
    start: usize,
    line: u64,
}

impl Cells for CsvRow<'_> {
    fn get(&self, column: &str) -> Option<String> {
        self.header
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map(str::to_string)
    }
    fn offset(&self, column: &str) -> usize {
        let Some(&index) = self.header.get(column) else {
            return self.start;
        };
        // Walk the row's text to the start of field `index` (commas inside quotes do not count).
        let mut field = 0;
        let mut quoted = false;
        for (i, c) in self.text[self.start.min(self.text.len())..].char_indices() {
            if field == index {
                return self.start + i;
            }
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => field += 1,
                '\n' if !quoted => break,
                _ => {}
            }
        }
        self.start
    }
    fn label(&self) -> (String, String) {
        (format!("แถวที่ {}", self.line), format!("row {}", self.line))
    }
}

/// Read a data.go.th CSV.
pub fn read_csv(
    source: usize,
    name: &str,
    text: &str,
    dept: Option<&str>,
    diags: &mut Diagnostics,
) -> Parsed {
    let file = Path::new(name);
    let mut parsed = Parsed::default();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: HashMap<String, usize> = match rdr.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, c)| (c.trim().trim_start_matches('\u{feff}').to_string(), i))
            .collect(),
        Err(e) => {
            diags.push(csv_error(file, text, &e));
            return parsed;
        }
    };
    for needed in [ID, NAME] {
        if !header.contains_key(needed) {
            diags.push(Diagnostic::at(
                file,
                text,
                0,
                1,
                format!("ไม่พบคอลัมน์ {needed} ในบรรทัดหัวตาราง"),
                format!("the header line has no column {needed}"),
                "ใช้ไฟล์ CSV ชุดข้อมูลสัญญา e-GP จาก data.go.th (หัวตารางภาษาไทย) / use the e-GP contract CSV of data.go.th (Thai headers)",
            ));
        }
    }
    if !diags.is_empty() {
        return parsed;
    }
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let (start, line) = record
                    .position()
                    .map_or((0, 0), |p| (p.byte() as usize, p.line()));
                let cells = CsvRow {
                    header: &header,
                    record: &record,
                    text,
                    start,
                    line,
                };
                let pos = Pos {
                    source,
                    offset: start,
                    label: format!("row {line}"),
                };
                if let Some(r) = row(&cells, pos, file, text, dept, diags) {
                    parsed.contracts.push(r);
                }
            }
            Err(e) => {
                diags.push(csv_error(file, text, &e));
                break;
            }
        }
    }
    parsed
}

fn csv_error(file: &Path, text: &str, e: &csv::Error) -> Diagnostic {
    let offset = e.position().map_or(0, |p| p.byte() as usize);
    Diagnostic::at(
        file,
        text,
        offset,
        1,
        format!("อ่าน CSV ไม่ได้ (ไฟล์อาจดาวน์โหลดไม่ครบ หรือจำนวนช่องไม่เท่ากัน): {e}"),
        format!("cannot read the CSV (perhaps a broken download, or rows of unequal length): {e}"),
        "ดาวน์โหลดไฟล์ใหม่ทั้งไฟล์ / download the whole file again",
    )
}

/// A JSON object with the offset of its text in the source.
pub struct JsonRow<'a> {
    pub map: serde_json::Map<String, serde_json::Value>,
    pub raw: &'a str,
    pub start: usize,
    pub number: usize,
}

impl Cells for JsonRow<'_> {
    fn get(&self, column: &str) -> Option<String> {
        match self.map.get(column)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }
    fn offset(&self, column: &str) -> usize {
        let key = serde_json::to_string(column).unwrap_or_default();
        self.start + self.raw.find(&key).unwrap_or(0)
    }
    fn label(&self) -> (String, String) {
        (
            format!("รายการที่ {}", self.number),
            format!("record {}", self.number),
        )
    }
}

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    result: &'a RawValue,
}

#[derive(Deserialize)]
struct Ckan<'a> {
    #[serde(borrow)]
    records: Vec<&'a RawValue>,
    #[serde(default)]
    total: Option<u64>,
}

/// Byte offset of a slice of `text` in it.
pub fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Read a JSON source: CKAN `result.records[]`, govspending `result[]`, or a bare array.
pub fn read_json(
    source: usize,
    name: &str,
    text: &str,
    dept: Option<&str>,
    diags: &mut Diagnostics,
) -> Parsed {
    let file = Path::new(name);
    let json_err = |e: serde_json::Error, what: &str| Diagnostic {
        file: file.to_path_buf(),
        line: e.line(),
        column: e.column(),
        th: format!("อ่าน JSON ไม่ได้ (ข้อมูลอาจดาวน์โหลดไม่ครบ): {e}"),
        en: format!("cannot read the JSON ({what}; perhaps a broken download): {e}"),
        hint: "ดาวน์โหลดใหม่ทั้งไฟล์ / download the whole answer again".into(),
        source_line: None,
    };
    let mut parsed = Parsed::default();
    let trimmed = text.trim_start();
    let (items, total): (Vec<&RawValue>, Option<u64>) = if trimmed.starts_with('[') {
        match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(v) => (v, None),
            Err(e) => {
                diags.push(json_err(e, "an array of records"));
                return parsed;
            }
        }
    } else {
        let top = match serde_json::from_str::<Top>(text) {
            Ok(t) => t,
            Err(e) => {
                diags.push(json_err(e, "an object with `result`"));
                return parsed;
            }
        };
        if top.result.get().trim_start().starts_with('[') {
            match serde_json::from_str::<Vec<&RawValue>>(top.result.get()) {
                Ok(v) => (v, None),
                Err(e) => {
                    diags.push(json_err(e, "`result` as a list"));
                    return parsed;
                }
            }
        } else {
            match serde_json::from_str::<Ckan>(top.result.get()) {
                Ok(c) => (c.records, c.total),
                Err(e) => {
                    diags.push(json_err(e, "`result.records`"));
                    return parsed;
                }
            }
        }
    };
    if let Some(t) = total
        && t as usize > items.len()
    {
        parsed.notes.push(format!(
            "{name}: หน้านี้มี {} จาก {t} รายการ นำเข้าหน้าที่เหลือด้วย (offset=…) / this page holds {} of {t} records; import the other pages too (offset=…)",
            items.len(),
            items.len()
        ));
    }
    for (i, raw) in items.into_iter().enumerate() {
        let start = offset_in(text, raw.get());
        let map = match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(
            raw.get(),
        ) {
            Ok(m) => m,
            Err(_) => {
                diags.push(Diagnostic::at(
                    file,
                    text,
                    start,
                    1,
                    format!("รายการที่ {} ไม่ใช่ออบเจกต์ JSON", i + 1),
                    format!("record {} is not a JSON object", i + 1),
                    "ใช้ผลลัพธ์ของ datastore_search หรือ cgdcontract ตามที่ได้มา / use the API's answer as it came",
                ));
                continue;
            }
        };
        let cells = JsonRow {
            map,
            raw: raw.get(),
            start,
            number: i + 1,
        };
        let pos = Pos {
            source,
            offset: start,
            label: format!("record {}", i + 1),
        };
        if cells.map.contains_key("project_id") {
            parsed
                .contracts
                .extend(cgd::rows(&cells, pos, file, text, dept, diags));
        } else if let Some(r) = row(&cells, pos, file, text, dept, diags) {
            parsed.contracts.push(r);
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "รหัสโครงการ,ชื่อโครงการ,งบประมาณ(บาท),ราคาตกลงซื้อ/จ้าง,งบสัญญา(บาท),ชื่อผู้ชนะ,เลขนิติบุคคล,วิธีจัดซื้อฯ,กลุ่มวิธีจัดซื้อฯ,ชื่อหน่วยงาน,จังหวัด,ปีงบประมาณ,วันที่ลงนามสัญญา,วันที่ประกาศ,คอลัมน์ใหม่\n";

    #[test]
    fn reads_rows_exactly() {
        let text = format!(
            "\u{feff}{HEAD}69099615682,จ้างก่อสร้างถนน หมู่ที่ ๓,\"500,000.00\",\"๔๙๕,๐๐๐.๕๐\",,หจก. ตัวอย่างก่อสร้าง,0103500000001,ประกวดราคาอิเล็กทรอนิกส์ (e-bidding),e-bidding,เทศบาลตำบลตัวอย่าง,อ่างทอง,2569,2025-11-20,2025-11-10,x\n"
        );
        let text = super::super::source::decode(text.as_bytes());
        let mut d = Diagnostics::default();
        let p = read_csv(0, "c.csv", &text, None, &mut d);
        assert!(d.is_empty(), "{d}");
        let r = &p.contracts[0];
        assert_eq!(r.budget, Some(crate::thai::Baht(50_000_000)));
        assert_eq!(r.amount, Some(crate::thai::Baht(49_500_050)));
        assert_eq!(
            r.winner.as_ref().map(|w| w.name.as_str()),
            Some("หจก. ตัวอย่างก่อสร้าง")
        );
    }

    #[test]
    fn bad_cells_are_all_reported_with_columns() {
        let text = format!(
            "{HEAD}123,ก,abc,1,1,2567-01-02,x,ตกลงราคา,,เทศบาล,จ,2569,1/2/67,,x\n69099615682,ข,1,1,1,ก,x,เฉพาะเจาะจง,,เทศบาล,จ,2569\n"
        );
        let mut d = Diagnostics::default();
        read_csv(0, "c.csv", &text, None, &mut d);
        let all = d.to_string();
        assert!(all.contains("c.csv:2:1"), "{all}");
        assert!(all.contains("ชื่อผู้ชนะ") && all.contains("วิธีจัดซื้อฯ"), "{all}");
        assert!(
            all.contains("งบประมาณ(บาท)") && all.contains("วันที่ลงนามสัญญา"),
            "{all}"
        );
        assert!(all.contains("c.csv:3:"), "a short row is an error: {all}");
    }

    #[test]
    fn dept_filter_before_checks() {
        let text = format!(
            "{HEAD}bad,ก,abc,1,1,x,x,x,,อื่น,จ,2569,,,x\n69099615682,ข,1,1,1,ก,x,เฉพาะเจาะจง,,เทศบาลเรา,จ,2569,2025-11-20,,x\n"
        );
        let mut d = Diagnostics::default();
        let p = read_csv(0, "c.csv", &text, Some("เทศบาลเรา"), &mut d);
        assert!(d.is_empty(), "{d}");
        assert_eq!(p.contracts.len(), 1);
    }

    #[test]
    fn ckan_json_with_positions() {
        let text = "{\"success\": true, \"result\": {\"total\": 5, \"records\": [\n{\"รหัสโครงการ\": \"69099615682\", \"ชื่อโครงการ\": \"ก\", \"งบประมาณ(บาท)\": 1250000.5, \"วิธีจัดซื้อฯ\": \"เฉพาะเจาะจง\"},\n{\"รหัสโครงการ\": \"x\", \"ชื่อโครงการ\": \"ข\"}]}}";
        let mut d = Diagnostics::default();
        let p = read_json(0, "c.json", text, None, &mut d);
        assert_eq!(p.contracts.len(), 1);
        assert_eq!(p.contracts[0].budget, Some(crate::thai::Baht(125_000_050)));
        assert_eq!(d.len(), 1, "{d}");
        assert_eq!(d.0[0].line, 3);
        assert_eq!(p.notes.len(), 1);
        let mut d = Diagnostics::default();
        read_json(0, "c.json", &text[..text.len() - 10], None, &mut d);
        assert_eq!(d.len(), 1);
    }
}
