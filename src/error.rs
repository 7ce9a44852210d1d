//! Problems found in a site, as data: where (file, line, column), what (Thai and English), and how to fix it.
//! They are collected through the whole build and printed together.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::untrusted::{visible, visible_line};

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

/// The text form is for a terminal: every part that may hold a value read from a file (the file
/// name, the messages quoting a slug or a title, the source line) shows control characters as
/// `\u{1b}`, so a file cannot send escape sequences or bidi overrides to the officer's terminal.
/// The JSON form (`check --format json`) keeps the values; serde escapes them there.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", visible_line(&self.location()))?;
        writeln!(f, "  {}", visible(&self.th))?;
        writeln!(f, "  {}", visible(&self.en))?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, "  {num} | {}", visible_line(src))?;
            // The caret goes under the column as shown (a control character before it is
            // shown as several characters). Thai vowels and tone marks take no width: leave
            // them out of the padding.
            let before: String = src.chars().take(self.column.saturating_sub(1)).collect();
            let marker: String = visible_line(&before)
                .chars()
                .filter(|c| !is_zero_width(*c))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "  {pad} | {marker}^")?;
        }
        if !self.hint.is_empty() {
            writeln!(f, "  hint: {}", visible(&self.hint))?;
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
    strsim::levenshtein(a, b)
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
    fn display_shows_control_characters() {
        let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
        let text = format!("slug = \"{esc}\u{202E}x\"\n");
        let off = text.find('x').unwrap_or(0);
        let d = Diagnostic::at(
            Path::new(&format!("content/news/{esc}.md")),
            &text,
            off,
            1,
            format!("slug `{esc}` ใช้ไม่ได้"),
            format!("slug `{esc}` is not usable"),
            format!("hint {esc}"),
        );
        let s = d.to_string();
        assert!(
            !s.chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202E}'),
            "{s:?}"
        );
        assert!(s.contains("content/news/\\u{1b}]0;pwned\\u{7}"), "{s}");
        assert_eq!(s.matches("\\u{1b}").count(), 2 * 5, "{s}");
        // The caret is under the `x`, after the shown escapes.
        let lines: Vec<&str> = s.lines().collect();
        let (src, caret) = (lines[3], lines[4]);
        assert_eq!(src.find("x\""), caret.find('^'), "{s}");
        // JSON keeps the value, escaped by serde, and parses.
        let json = serde_json::to_string(&d).unwrap_or_default();
        assert!(!json.contains('\u{1b}'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back["th"].as_str(), Some(d.th.as_str()));
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
