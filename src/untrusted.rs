//! Text from the officer's files (often made by someone else) where it could deceive a reader:
//! link targets that run script, bidi controls that reorder what is shown around them, and
//! control characters that a terminal obeys. One rule each, used by every place that publishes
//! or prints such text, so the places cannot drift apart.

use std::borrow::Cow;

/// Whether a link target is safe to publish: relative, fragment, http(s), mailto or tel. The
/// rule of Markdown links and of every URL in site.toml.
pub fn safe_url(url: &str) -> bool {
    // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // A colon after a '/', '?' or '#' is part of a relative path, not a scheme.
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}

/// The Unicode bidi controls: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069) and the marks LRM, RLM and ALM. Thai text never needs them; in a title they
/// can make a list row read as something else (`fdp.exe` shown as `exe.pdf`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// `s` without bidi controls, for places where text cannot be isolated (CSV cells, feed titles,
/// the page title in the browser's tab).
pub fn strip_bidi(s: &str) -> Cow<'_, str> {
    if s.contains(is_bidi_control) {
        Cow::Owned(s.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Characters a terminal would act on or that reorder a line: C0 controls but tab and line
/// feed, DEL, C1 controls (U+009B is a one-character escape sequence), bidi controls, and the
/// Unicode line and paragraph separators.
fn needs_showing(c: char, keep_newline: bool) -> bool {
    match c {
        '\t' => false,
        '\n' => !keep_newline,
        c if c.is_control() => true,
        '\u{2028}' | '\u{2029}' => true,
        c => is_bidi_control(c),
    }
}

fn show(s: &str, keep_newline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_showing(c, keep_newline)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if needs_showing(c, keep_newline) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for the terminal: control characters written visibly as `\u{1b}`, so that a value read
/// from a file (a slug, a title) cannot set the window title, clear the screen or reorder the
/// line. Line feeds and tabs stay (messages are laid out with them).
pub fn visible(s: &str) -> Cow<'_, str> {
    show(s, true)
}

/// [`visible`] for what must stay on one line (a file name, a quoted source line): line feeds
/// are shown as `\u{a}` too.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    show(s, false)
}

/// Text for XML content or attributes: `& < > " '` escaped, characters XML 1.0 forbids dropped,
/// and bidi controls dropped: a feed reader shows a title as plain text, where nothing can
/// isolate an override (U+202E) from the text around it.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    xml_escape_into(&mut out, s);
    out
}

/// [`xml_escape`] appended to `out` (the sitemap writes thousands of URLs into one string).
pub fn xml_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            c if is_bidi_control(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        for ok in [
            "/news/a/",
            "a/b",
            "#top",
            "https://x.go.th",
            "HTTP://x",
            "mailto:a@b",
            "tel:035",
            "a/b:c",
            "?q=a:b",
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn bidi_controls_are_stripped() {
        assert_eq!(strip_bidi("ใบแจ้ง\u{202E}fdp.exe"), "ใบแจ้งfdp.exe");
        assert_eq!(
            strip_bidi("\u{2066}a\u{2069}\u{200E}\u{200F}\u{061C}b\u{202A}"),
            "ab"
        );
        assert!(matches!(strip_bidi("ก ข"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_shown() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{9b}2J\u{7f}"), "\\u{9b}2J\\u{7f}");
        assert_eq!(visible("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(visible("line\n\tnext"), "line\n\tnext");
        assert_eq!(visible_line("a\nb\rc"), "a\\u{a}b\\u{d}c");
        assert!(matches!(visible("ประกาศ"), Cow::Borrowed(_)));
    }
}
