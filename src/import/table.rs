//! Cells of a contract row, whether from a CSV line or a JSON object, with the position of each
//! cell for messages; and the cell readers shared by the data.go.th and govspending shapes.

use std::path::Path;

use crate::error::Diagnostic;
use crate::thai::{Baht, Date, parse_date};

/// A row: a cell's text by column name, and where that cell sits in the source text.
pub trait Cells {
    fn get(&self, column: &str) -> Option<String>;
    fn offset(&self, column: &str) -> usize;
    /// "row 12" or "record 3", for messages: Thai, English.
    fn label(&self) -> (String, String);
}

/// Reads cells of one row and collects every problem of it.
pub struct RowReader<'a, C: Cells> {
    pub cells: &'a C,
    pub file: &'a Path,
    pub text: &'a str,
    pub problems: Vec<Diagnostic>,
}

impl<'a, C: Cells> RowReader<'a, C> {
    pub fn new(cells: &'a C, file: &'a Path, text: &'a str) -> Self {
        RowReader {
            cells,
            file,
            text,
            problems: Vec::new(),
        }
    }

    pub fn error(&mut self, column: &str, th: String, en: String, hint: &str) {
        let (lth, len) = self.cells.label();
        self.problems.push(Diagnostic::at(
            self.file,
            self.text,
            self.cells.offset(column),
            1,
            format!("{lth} ช่อง {column}: {th}"),
            format!("{len}, column {column}: {en}"),
            hint,
        ));
    }

    /// A cell's text, trimmed; blank and `-` are `None`.
    pub fn text(&self, column: &str) -> Option<String> {
        self.cells
            .get(column)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && s != "-")
    }

    /// The first of several names a column goes by.
    pub fn text_any(&self, columns: &[&str]) -> Option<String> {
        columns.iter().find_map(|c| self.text(c))
    }

    pub fn required(&mut self, column: &str) -> Option<String> {
        let v = self.text(column);
        if v.is_none() {
            self.error(
                column,
                "ว่าง แต่จำเป็นต้องมี".into(),
                "is empty but required".into(),
                "ไฟล์อาจไม่ครบหรือผิดแถว ดาวน์โหลดใหม่ / the data may be incomplete; download it again",
            );
        }
        v
    }

    pub fn amount(&mut self, column: &str) -> Option<Baht> {
        let v = self.text(column)?;
        match Baht::parse_str(&v) {
            Ok(b) => Some(b),
            Err(e) => {
                self.error(column, e.th, e.en, &e.hint);
                None
            }
        }
    }

    /// A date as the datasets write it (ISO CE or a Thai date with a full BE year).
    pub fn date(&mut self, column: &str) -> Option<Date> {
        let v = self.text(column)?;
        match parse_date(&v) {
            Ok(d) => Some(d),
            Err(e) => {
                let (th, en, hint) = date_error_parts(&e);
                self.error(column, th, en, &hint);
                None
            }
        }
    }
}

/// The messages of a date error.
pub fn date_error_parts(e: &crate::thai::DateError) -> (String, String, String) {
    (e.th.clone(), e.en.clone(), e.hint.clone())
}

/// Whether text looks like a date rather than a name (a data.go.th quirk puts dates in the
/// winner column).
pub fn looks_like_date(s: &str) -> bool {
    let t = crate::thai::to_arabic_digits(s.trim());
    parse_date(&t).is_ok()
        || (t.chars().any(|c| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_digit() || "/-. :".contains(c)))
}

/// Whether the row belongs to the agency `dept` (its code, or its name as written).
pub fn row_is_of(code: Option<&str>, name: Option<&str>, dept: &str) -> Option<bool> {
    match (code, name) {
        (Some(c), _) if c.trim() == dept => Some(true),
        (_, Some(n)) if n.trim() == dept => Some(true),
        (None, None) => None,
        _ => Some(false),
    }
}
