//! Placeholders that `prongsai new` writes for the values only the officer knows (a budget, a
//! procurement's stage, a plan's years). They are visibly unfilled (`"<กรอก: …>"`) and `check`
//! refuses them, one message per field naming it, so no plausible default is ever published.

use std::path::Path;

use crate::error::{Diagnostic, Diagnostics};

/// The start of every placeholder; what follows up to `>` says what to write.
pub const UNFILLED: &str = "<กรอก";

/// A placeholder value for TOML: `"<กรอก: what>"`.
/// (Double quotes inside `what` become single ones, so the file stays valid TOML.)
pub fn placeholder(what: &str) -> String {
    format!("\"{UNFILLED}: {}>\"", what.replace('"', "'"))
}

/// One problem for each placeholder left in `text` (the whole file, normalised), at its position.
pub fn check(file: &Path, text: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (at, _) in text.match_indices(UNFILLED) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let field = field_before(&text[line_start..at]);
        let rest = &text[at + UNFILLED.len()..];
        let what = rest
            .split(['>', '\n'])
            .next()
            .unwrap_or("")
            .trim_start_matches(':')
            .trim();
        let (th, en) = match field {
            Some(f) => (
                format!("ยังไม่ได้กรอก `{f}`"),
                format!("`{f}` is not filled in yet"),
            ),
            None => (
                "ยังไม่ได้เขียนเนื้อหา (ข้อความตั้งต้นของ prongsai new ยังอยู่)".to_string(),
                "the text is not written yet (the placeholder of `prongsai new` is still there)"
                    .to_string(),
            ),
        };
        let hint = if what.is_empty() {
            "แทนที่ \"<กรอก…>\" ด้วยค่าจริง / replace \"<กรอก…>\" with the real value".to_string()
        } else {
            format!(
                "{what} — แทนที่ \"<กรอก…>\" ด้วยค่าจริง / replace \"<กรอก…>\" with the real value (docs/records.md)"
            )
        };
        diags.push(Diagnostic::at(file, text, at, 1, th, en, hint));
    }
    diags
}

/// The key a placeholder is the value of: the last `key =` before it on its line (`budget = `,
/// `signer = { name = `).
fn field_before(line: &str) -> Option<String> {
    let eq = line.rfind('=')?;
    let key: String = line[..eq]
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_names_its_field() {
        let text = format!(
            "title = \"x\"\nbudget = {}\nsigner = {{ name = {}, position = \"ปลัด\" }}\n+++\n{}\n",
            placeholder("วงเงิน เช่น 495000"),
            placeholder("ชื่อผู้ลงนาม"),
            placeholder("เนื้อหา")
        );
        let d = check(Path::new("content/a.md"), &text);
        assert_eq!(d.len(), 3, "{d}");
        assert_eq!(d.0[0].en, "`budget` is not filled in yet");
        assert_eq!((d.0[0].line, d.0[0].column), (2, 11));
        assert!(d.0[0].hint.contains("วงเงิน เช่น 495000"));
        assert_eq!(d.0[1].en, "`name` is not filled in yet");
        assert!(d.0[2].en.starts_with("the text"));
        assert!(check(Path::new("a.md"), "title = \"<b>\"\n").is_empty());
    }
}
