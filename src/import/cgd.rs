//! govspending.data.go.th `cgdcontract`: `result[]` of projects, each with `contract[]`. Its
//! contract dates carry two-digit BE years ("15 ม.ค. 67"), which prongsai refuses in records:
//! they are converted here, for this source only, to full dates; anything else ambiguous is an
//! error.

use std::path::Path;

use super::contracts::JsonRow;
use super::model::{ContractRow, Pos, Winner, method_from_text, project_id};
use super::table::{RowReader, date_error_parts, row_is_of};
use crate::error::Diagnostics;
use crate::thai::{Date, DateError, parse_date, to_arabic_digits};

/// A govspending date: a Thai short date whose year has two digits is a BE year of the 2500s
/// (this source's convention: "15 ม.ค. 67" is 15 January 2567 BE = 2024 CE); full dates are
/// read as officers' dates are. Slash and all-numeric forms stay errors.
pub fn cgd_date(s: &str) -> Result<Date, DateError> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if let [day, month, year] = words.as_slice() {
        let y = to_arabic_digits(year);
        let has_thai_month = month
            .chars()
            .any(|c| ('\u{0E01}'..='\u{0E2E}').contains(&c));
        if has_thai_month && y.len() == 2 && y.bytes().all(|b| b.is_ascii_digit()) {
            return parse_date(&format!("{day} {month} 25{y}"));
        }
    }
    parse_date(s)
}

/// The contract rows of one project (one per `contract[]` entry; one without a contract when
/// the list is empty).
pub fn rows(
    cells: &JsonRow<'_>,
    pos: Pos,
    file: &Path,
    text: &str,
    dept: Option<&str>,
    diags: &mut Diagnostics,
) -> Vec<ContractRow> {
    let mut r = RowReader::new(cells, file, text);
    let code = r.text_any(&["dept_code", "dept_id", "deptId"]);
    let department = r.text("dept_name");
    if let Some(d) = dept {
        match row_is_of(code.as_deref(), department.as_deref(), d) {
            Some(true) => {}
            Some(false) => return Vec::new(),
            None => r.error(
                "dept_name",
                "ไม่มีรหัสหรือชื่อหน่วยงาน จึงกรองด้วย --dept ไม่ได้".into(),
                "has no agency code or name, so --dept cannot filter it".into(),
                "นำเข้าโดยไม่ใช้ --dept / import without --dept",
            ),
        }
    }
    let id = r.required("project_id");
    let project = id.as_deref().and_then(|i| {
        let p = project_id(i);
        if p.is_none() {
            r.error(
                "project_id",
                format!("\"{i}\" ไม่ใช่เลขที่โครงการ e-GP ๑๑ หลัก"),
                format!("\"{i}\" is not an 11-digit e-GP project id"),
                "ตรวจข้อมูลที่ได้จาก API / check the API's answer",
            );
        }
        p
    });
    let item = r.required("project_name");
    let budget = r.amount("project_money");
    let method_text = r.text("project_type_name");
    let method = match method_text.as_deref().map(method_from_text) {
        Some(Ok(m)) => m,
        Some(Err(())) => {
            r.error(
                "project_type_name",
                format!("ไม่รู้จักวิธี \"{}\"", method_text.unwrap_or_default()),
                "is not a method prongsai knows (e-bidding, e-market, selection, specific)".into(),
                "วิธีที่ใช้ได้: e-bidding, e-market, คัดเลือก, เฉพาะเจาะจง / known methods",
            );
            None
        }
        None => None,
    };
    let contracts: Vec<serde_json::Map<String, serde_json::Value>> = match cells.map.get("contract")
    {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(a)) => {
            a.iter().filter_map(|v| v.as_object().cloned()).collect()
        }
        Some(_) => {
            r.error(
                "contract",
                "ไม่ใช่รายการสัญญา".into(),
                "is not a list of contracts".into(),
                "ตรวจข้อมูลที่ได้จาก API / check the API's answer",
            );
            Vec::new()
        }
    };
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for c in &contracts {
        let s = |k: &str| {
            c.get(k)
                .and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.trim().to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|v| !v.is_empty() && v != "-")
        };
        let price = s("price_agree").and_then(|p| match crate::thai::Baht::parse_str(&p) {
            Ok(b) => Some(b),
            Err(e) => {
                r.error("price_agree", e.th, e.en, &e.hint);
                None
            }
        });
        let date = s("contract_date").and_then(|d| match cgd_date(&d) {
            Ok(d) => Some(d),
            Err(e) => {
                let (th, en, hint) = date_error_parts(&e);
                r.error("contract_date", th, en, &hint);
                None
            }
        });
        pending.push((
            s("winner").map(|name| Winner { name, price }),
            s("contract_no"),
            date,
            price,
        ));
    }
    let bad = !r.problems.is_empty();
    for p in std::mem::take(&mut r.problems) {
        diags.push(p);
    }
    let (Some(project), Some(item), false) = (project, item, bad) else {
        return Vec::new();
    };
    if pending.is_empty() {
        pending.push((None, None, None, None));
    }
    for (winner, number, date, amount) in pending {
        out.push(ContractRow {
            project: project.clone(),
            item: item.clone(),
            method,
            budget,
            winner,
            number,
            date,
            amount,
            department: department.clone(),
            pos: pos.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_be_years_of_this_source() {
        assert_eq!(cgd_date("15 ม.ค. 67").ok(), Date::new(2024, 1, 15));
        assert_eq!(cgd_date("๑ ต.ค. ๖๘").ok(), Date::new(2025, 10, 1));
        assert_eq!(cgd_date("15 ม.ค. 2567").ok(), Date::new(2024, 1, 15));
        assert!(cgd_date("15/01/67").is_err());
        assert!(cgd_date("15 01 67").is_err());
        assert!(cgd_date("31 ก.พ. 67").is_err());
        assert!(cgd_date("15 ม.ค. 7").is_err());
    }

    #[test]
    fn projects_with_contracts() {
        let text = r#"{"result": [{"project_id": "67019123456", "project_name": "จ้างซ่อมถนน", "project_money": "1,500,000.00", "project_type_name": "เฉพาะเจาะจง", "dept_name": "เทศบาล", "province": "อ่างทอง", "contract": [{"winner": "หจก. ก", "winner_tin": "0103", "price_agree": "1,490,000.00", "contract_no": "12/2567", "contract_date": "15 ม.ค. 67", "contract_finish_date": "15 มี.ค. 67"}]},
{"project_id": "67019123457", "project_name": "x", "contract": [{"winner": "y", "contract_date": "15/1/67"}]}]}"#;
        let mut d = Diagnostics::default();
        let p = super::super::contracts::read_json(0, "g.json", text, None, &mut d);
        assert_eq!(p.contracts.len(), 1);
        let c = &p.contracts[0];
        assert_eq!(c.date, Date::new(2024, 1, 15));
        assert_eq!(c.number.as_deref(), Some("12/2567"));
        assert_eq!(c.amount, Some(crate::thai::Baht(149_000_000)));
        assert_eq!(d.len(), 1, "{d}");
        assert_eq!(d.0[0].line, 2);
        assert!(d.0[0].en.contains("contract_date"));
    }
}
