//! Problems found in a site, as data: where (file, line, column), what (Thai and English), and how to fix it.
//! They are collected through the whole build and printed together.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root (or as given when outside it).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters (not bytes), so it is right for Thai text.
    pub column: usize,
    pub th: String,
    pub en: String,
    pub hint: String,
    /// The offending source line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem about a whole file (no position).
    pub fn file(
        file: &Path,
        th: impl Into<String>,
        en: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            th: th.into(),
            en: en.into(),
            hint: hint.into(),
            source_line: None,
        }
    }

    /// A problem at byte offset `offset` of `text`, which starts at line `first_line` (1-based) of the file.
    pub fn at(
        file: &Path,
        text: &str,
        offset: usize,
        first_line: usize,
        th: impl Into<String>,
        en: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let pos = Position::of(text, offset);
        // A line of megabytes (a pasted document, a binary file) is not quoted whole: its start
        // is, and not at all when the column is far beyond what a terminal shows.
        let source_line = (pos.column <= MAX_QUOTED / 2).then(|| {
            match pos.line_text.char_indices().nth(MAX_QUOTED) {
                Some((cut, _)) => format!("{}…", &pos.line_text[..cut]),
                None => pos.line_text,
            }
        });
        Diagnostic {
            file: file.to_path_buf(),
            line: pos.line + first_line.saturating_sub(1),
            column: pos.column,
            th: th.into(),
            en: en.into(),
            hint: hint.into(),
            source_line,
        }
    }

    /// `file:line:column` as editors understand it.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.display().to_string()
        } else {
            format!("{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

/// Longest source line (in characters) quoted in a report.
const MAX_QUOTED: usize = 400;

/// Line and column (1-based, characters) of a byte offset, with the text of that line.
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

impl Position {
    pub fn of(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line_text = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        Position {
            line,
            column,
            line_text,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.location())?;
        writeln!(f, "  {}", self.th)?;
        writeln!(f, "  {}", self.en)?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, "  {num} | {src}")?;
            // Thai vowels and tone marks take no width: leave them out of the padding.
            let marker: String = src
                .chars()
                .take(self.column.saturating_sub(1))
                .filter(|c| !is_zero_width(*c))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "  {pad} | {marker}^")?;
        }
        if !self.hint.is_empty() {
            writeln!(f, "  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Thai vowels above/below and tone marks, which render on top of the previous letter.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
        || ('\u{0300}'..='\u{036F}').contains(&c)
        || c == '\u{200B}'
        || c == '\u{FEFF}'
}

/// All problems of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Sorted by file, then line, so reports are stable whatever the order of parallel work.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "พบปัญหา {n} รายการ / {n} problem(s) found")
    }
}

/// Levenshtein distance in characters, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_chars_not_bytes() {
        let text = "title = \"ประกาศ\"\ndate = \"๓๑ ก.พ.\"";
        let off = text.find("๓๑").unwrap_or(0);
        let p = Position::of(text, off);
        assert_eq!((p.line, p.column), (2, 9));
        assert_eq!(p.line_text, "date = \"๓๑ ก.พ.\"");
    }

    #[test]
    fn offset_inside_a_char_is_safe() {
        let p = Position::of("ก", 1);
        assert_eq!((p.line, p.column), (1, 1));
        let p = Position::of("abc", 99);
        assert_eq!(p.column, 4);
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("titel", ["title", "date", "summary"]),
            Some("title")
        );
        assert_eq!(
            did_you_mean("budjet", ["budget", "bidders"]),
            Some("budget")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "date"]), None);
    }

    #[test]
    fn display_has_location_and_both_languages() {
        let d = Diagnostic::at(
            Path::new("content/news/a.md"),
            "title = 1\n",
            8,
            2,
            "ชนิดข้อมูลผิด",
            "wrong type",
            "ใส่เครื่องหมายคำพูด / quote it",
        );
        let s = d.to_string();
        assert!(s.contains("content/news/a.md:2:9"), "{s}");
        assert!(s.contains("ชนิดข้อมูลผิด") && s.contains("wrong type") && s.contains("hint:"));
    }
}

/// `s` with control characters shown as `\u{1b}`, so that a value quoted in a message can
/// neither drive the terminal (an escape sequence) nor hide itself (a bidi override, an
/// invisible letter).
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{3164}' | '\u{FEFF}' | '\u{115F}' | '\u{1160}' | '\u{FFA0}');
        if hidden {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
