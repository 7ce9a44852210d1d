//! Tables as CSV (RFC 4180) for spreadsheets: UTF-8 with a byte-order mark so Excel reads Thai,
//! CRLF line ends, quotes only where needed, and text cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`.

use serde_json::Value;

use crate::thai::{Date, Digits, format_date_long};

/// How a column's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Text as it is (numbers are printed as numbers).
    Text,
    /// A whole number.
    Int,
    /// Baht as a plain number: `339160`, `1250000.5`.
    Amount,
    /// An ISO 8601 date (CE); the CSV adds a `<name>_be` column with the Thai date (BE).
    Date,
    /// `true` or `false`.
    Bool,
    /// A list of text, one item a line within the cell.
    List,
    /// Anything nested, as compact JSON text (an empty list or table: an empty cell).
    Json,
}

/// One column: its name in the header (and the JSON key of derived tables), where its value is
/// in a row (a JSON pointer; empty means the key `name`), and its type.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub ptr: &'static str,
    pub ty: Ty,
}

/// A column whose value is under the key `name`.
pub const fn col(name: &'static str, ty: Ty) -> Col {
    Col { name, ptr: "", ty }
}

/// A column whose value is at the JSON pointer `ptr` (`/winner/name`).
pub const fn at(name: &'static str, ptr: &'static str, ty: Ty) -> Col {
    Col { name, ptr, ty }
}

impl Col {
    /// The value of this column in `row` (`Null` when absent).
    pub fn get<'v>(&self, row: &'v Value) -> &'v Value {
        let found = if self.ptr.is_empty() {
            row.get(self.name)
        } else {
            row.pointer(self.ptr)
        };
        found.unwrap_or(&Value::Null)
    }
}

/// The header names of `cols` (a date column brings its `_be` companion).
pub fn header(cols: &[Col]) -> Vec<String> {
    let mut out = Vec::with_capacity(cols.len() + 4);
    for c in cols {
        out.push(c.name.to_string());
        if c.ty == Ty::Date {
            out.push(format!("{}_be", c.name));
        }
    }
    out
}

/// An amount as a plain number: no separators, no trailing zeros, `.` as decimal point.
pub fn amount_text(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if let Some(f) = n.as_f64() {
                let s = format!("{f:.2}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                s.to_string()
            } else {
                n.to_string()
            }
        }
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// A date in Thai with the BE year and Arabic digits: `1 ตุลาคม 2567`.
pub fn date_be(iso: &str) -> String {
    Date::from_iso(iso)
        .map(|d| format_date_long(d, Digits::Arabic))
        .unwrap_or_default()
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Prefix text that a spreadsheet would evaluate as a formula.
pub fn defuse(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

/// The cells of `row` under `cols`.
pub fn cells(cols: &[Col], row: &Value) -> Vec<String> {
    let mut out = Vec::with_capacity(cols.len() + 4);
    for c in cols {
        let v = c.get(row);
        match c.ty {
            Ty::Text => out.push(defuse(plain(v))),
            Ty::Int | Ty::Bool => out.push(plain(v)),
            Ty::Amount => out.push(amount_text(v)),
            Ty::Date => {
                let iso = v.as_str().unwrap_or("");
                out.push(iso.to_string());
                out.push(date_be(iso));
            }
            Ty::List => {
                let items: Vec<String> = match v {
                    Value::Array(a) => a.iter().map(plain).collect(),
                    Value::Null => Vec::new(),
                    other => vec![plain(other)],
                };
                out.push(defuse(items.join("\n")));
            }
            Ty::Json => out.push(match v {
                Value::Null => String::new(),
                Value::Array(a) if a.is_empty() => String::new(),
                Value::Object(m) if m.is_empty() => String::new(),
                other => defuse(other.to_string()),
            }),
        }
    }
    out
}

/// One field, quoted when it holds a comma, a quote or a line break (RFC 4180). Bidi controls
/// are dropped: a spreadsheet cell cannot isolate an override (U+202E) that makes a name read
/// as something else.
fn field(out: &mut String, s: &str) {
    let s = &*crate::untrusted::strip_bidi(s);
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The whole CSV file: BOM, header, one line per row, CRLF after each.
pub fn write(cols: &[Col], rows: &[Value]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    line(&mut out, &header(cols));
    for row in rows {
        line(&mut out, &cells(cols, row));
    }
    out.into_bytes()
}

/// One line of `cells`, CRLF included.
pub fn line(out: &mut String, cells: &[String]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_are_plain_numbers() {
        assert_eq!(amount_text(&json!(339160)), "339160");
        assert_eq!(amount_text(&json!(1250000.5)), "1250000.5");
        assert_eq!(amount_text(&json!(0.05)), "0.05");
        assert_eq!(amount_text(&json!(12.0)), "12");
        assert_eq!(amount_text(&Value::Null), "");
    }

    #[test]
    fn quoting_and_formulas() {
        let cols = [col("a", Ty::Text), col("d", Ty::Date), col("n", Ty::Int)];
        let rows = [json!({ "a": "=1+1, \"x\"", "d": "2024-10-01", "n": -3 })];
        let text = String::from_utf8(write(&cols, &rows)).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}a,d,d_be,n\r\n\"'=1+1, \"\"x\"\"\",2024-10-01,1 ตุลาคม 2567,-3\r\n"
        );
        assert_eq!(defuse("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(defuse("ก-ข".into()), "ก-ข");
        let rows = [json!({ "a": "ใบแจ้ง\u{202E}fdp.exe", "d": "", "n": 1 })];
        let text = String::from_utf8(write(&cols, &rows)).unwrap_or_default();
        assert!(text.contains("ใบแจ้งfdp.exe,"), "{text}");
    }
}
