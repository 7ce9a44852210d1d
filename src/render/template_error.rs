//! A Tera error as a diagnostic: the template file, line and column when Tera knows them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::theme::ThemeFile;
use crate::error::Diagnostic;

/// A Tera error as a diagnostic: the template file, line and column when Tera knows them.
pub fn template_error(theme: &BTreeMap<String, ThemeFile>, e: &tera::Error) -> Diagnostic {
    use std::error::Error as _;
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    // The located report may be this error or one it wraps.
    let mut report = None;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(te) = err.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = te.kind()
        {
            report = Some(r);
            break;
        }
        cur = err.source();
    }
    // Otherwise name the template the message is about: `--> page.html:3:19`, or the child of a
    // missing parent.
    let named = match e.kind() {
        tera::ErrorKind::MissingParent { current, .. } => Some((current.clone(), 0, 0)),
        _ => msg.split("--> ").nth(1).and_then(|rest| {
            let loc = rest.split_whitespace().next()?;
            let mut it = loc.rsplitn(3, ':');
            let col = it.next()?.parse::<usize>().ok()?;
            let line = it.next()?.parse::<usize>().ok()?;
            Some((it.next()?.to_string(), line, col))
        }),
    };
    let hint = "ตรวจแม่แบบตามข้อความข้างต้น หรือลบไฟล์ที่แก้ไขเพื่อกลับไปใช้แม่แบบของธีม / fix the template as the message says, or delete your override to use the theme's";
    match report {
        Some(r) => {
            let name = format!("templates/{}", r.filename());
            let origin = theme
                .get(&name)
                .map(|f| f.origin.clone())
                .unwrap_or_else(|| PathBuf::from(&name));
            let span = r.span();
            let source = theme
                .get(&name)
                .and_then(|f| std::str::from_utf8(&f.bytes).ok())
                .unwrap_or("");
            let line_text = source
                .lines()
                .nth(span.start_line.saturating_sub(1))
                .map(String::from);
            Diagnostic {
                file: origin,
                line: span.start_line,
                column: span.start_col + 1,
                th: format!("แม่แบบผิดพลาด: {}", r.message()),
                en: format!("template error: {}", r.message()),
                hint: hint.into(),
                source_line: line_text,
            }
        }
        None => {
            let (file, line, column, source_line) = match named {
                Some((tpl, line, col)) => {
                    let name = format!("templates/{tpl}");
                    let f = theme.get(&name);
                    let text = f
                        .and_then(|f| std::str::from_utf8(&f.bytes).ok())
                        .unwrap_or("");
                    let src = (line > 0)
                        .then(|| text.lines().nth(line - 1).map(String::from))
                        .flatten();
                    (
                        f.map(|f| f.origin.clone())
                            .unwrap_or_else(|| PathBuf::from(name)),
                        line,
                        col,
                        src,
                    )
                }
                None => (PathBuf::from("templates"), 0, 0, None),
            };
            Diagnostic {
                file,
                line,
                column,
                th: format!("แม่แบบผิดพลาด: {msg}"),
                en: format!("template error: {msg}"),
                hint: hint.into(),
                source_line,
            }
        }
    }
}
