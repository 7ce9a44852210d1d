//! Splitting a record file into its TOML part and its Markdown body.

/// The parts of a record file.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The TOML text (front matter, or the whole `.toml` file).
    pub toml: &'a str,
    /// Line of the file on which the TOML text starts (1-based).
    pub toml_line: usize,
    /// The Markdown body of a `.md` file (empty for `.toml`).
    pub body: &'a str,
    /// Line on which the body starts.
    pub body_line: usize,
}

/// Why a Markdown file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `+++` line.
    NoFrontMatter,
    /// The opening `+++` has no closing `+++`; carries the opening line.
    Unclosed(usize),
}

/// Split a `.md` record: `+++` line, TOML, `+++` line, Markdown. `text` has no BOM and `\n` line ends.
pub fn split_markdown(text: &str) -> Result<Parts<'_>, SplitError> {
    // Blank lines before the opening fence are allowed (editors add them).
    let mut offset = 0;
    let mut line = 1;
    for l in text.split_inclusive('\n') {
        if l.trim().is_empty() {
            offset += l.len();
            line += 1;
        } else {
            break;
        }
    }
    let rest = &text[offset..];
    let first = rest.split_inclusive('\n').next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(SplitError::NoFrontMatter);
    }
    let open_line = line;
    let toml_start = offset + first.len();
    let mut pos = toml_start;
    for (cur_line, l) in (line + 1..).zip(text[toml_start..].split_inclusive('\n')) {
        if l.trim_end() == "+++" {
            return Ok(Parts {
                toml: &text[toml_start..pos],
                toml_line: open_line + 1,
                body: &text[pos + l.len()..],
                body_line: cur_line + 1,
            });
        }
        pos += l.len();
    }
    Err(SplitError::Unclosed(open_line))
}

/// Normalise line ends (CRLF and lone CR become LF) and drop a UTF-8 byte-order mark,
/// so positions count lines the way editors show them.
pub fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let p = split_markdown("+++\ntitle = \"a\"\n+++\nbody\n").unwrap();
        assert_eq!(p.toml, "title = \"a\"\n");
        assert_eq!(p.toml_line, 2);
        assert_eq!(p.body, "body\n");
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn leading_blank_lines_shift_lines() {
        let p = split_markdown("\n\n+++\nx = 1\n+++\n").unwrap();
        assert_eq!(p.toml_line, 4);
        assert_eq!(p.body, "");
    }

    #[test]
    fn errors() {
        assert_eq!(split_markdown("# hi"), Err(SplitError::NoFrontMatter));
        assert_eq!(split_markdown(""), Err(SplitError::NoFrontMatter));
        assert_eq!(split_markdown("+++\nx = 1\n"), Err(SplitError::Unclosed(1)));
        assert_eq!(split_markdown("+++"), Err(SplitError::Unclosed(1)));
    }

    #[test]
    fn normalises_line_ends_and_bom() {
        assert_eq!(normalise("\u{feff}a\r\nb\rc"), "a\nb\nc");
    }
}
