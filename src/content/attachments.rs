//! What may be published from `content/files/` (docs/decisions.md, "Attachments").
//!
//! Attachments are served from the portal's own address, so a file that a browser would run
//! (an HTML page, an SVG with a script) would run as the portal. Files are often made by
//! contractors, so the rule holds for every file under `content/files/`, named by a record or
//! not: documents, archives and images only, each checked by its extension AND by its first
//! bytes (a page renamed `.pdf` is refused), and SVG only when it can run nothing and load
//! nothing.

use std::path::Path;

use crate::error::Diagnostic;
use crate::guard;

/// An attachment larger than this is refused: no notice needs it, and a host would not take it.
pub const MAX_BYTES: u64 = 200 * 1024 * 1024;
/// An attachment larger than this is published with a warning (slow for a citizen on a phone).
pub const WARN_BYTES: u64 = 20 * 1024 * 1024;
/// An SVG is read whole to be checked; a larger one is refused.
const MAX_SVG_BYTES: u64 = 5 * 1024 * 1024;

/// The kinds of file allowed, by extension, with how their first bytes must look.
const ALLOWED: &[(&[&str], Sniff)] = &[
    (&["pdf"], Sniff::Pdf),
    (
        &["doc", "xls", "ppt"],
        Sniff::Magic(&[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
    ),
    (
        &["docx", "xlsx", "pptx", "odt", "ods", "odp", "odg", "zip"],
        Sniff::Magic(&[b"PK\x03\x04", b"PK\x05\x06"]),
    ),
    (&["rar"], Sniff::Magic(&[b"Rar!\x1A\x07"])),
    (&["7z"], Sniff::Magic(&[b"7z\xBC\xAF\x27\x1C"])),
    (&["csv", "txt"], Sniff::Text),
    (&["jpg", "jpeg"], Sniff::Magic(&[b"\xFF\xD8\xFF"])),
    (&["png"], Sniff::Magic(&[b"\x89PNG\r\n\x1A\n"])),
    (&["gif"], Sniff::Magic(&[b"GIF87a", b"GIF89a"])),
    (&["webp"], Sniff::Webp),
    (&["svg"], Sniff::Svg),
];

#[derive(Clone, Copy)]
enum Sniff {
    Pdf,
    Magic(&'static [&'static [u8]]),
    Text,
    Webp,
    Svg,
}

/// The extensions allowed, for messages.
pub fn allowed_list() -> String {
    ALLOWED
        .iter()
        .flat_map(|(exts, _)| exts.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Check the file `rel` (relative to the site root, under `content/files/`) against the rule.
/// Reads its first bytes (an SVG whole). `Ok(size)` when it may be published.
pub fn check(root: &Path, rel: &Path) -> Result<u64, Diagnostic> {
    windows_name(rel)?;
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some(&(_, sniff)) = ALLOWED
        .iter()
        .find(|(exts, _)| exts.contains(&ext.as_str()))
    else {
        return Err(Diagnostic::file(
            rel,
            format!(
                "ไฟล์ชนิดนี้ (.{ext}) เผยแพร่ไม่ได้: ไฟล์แนบต้องเป็นเอกสารหรือรูปภาพ เพราะไฟล์อย่าง .html หรือ .js จะทำงานในชื่อของเว็บไซต์ได้"
            ),
            format!(
                "files of this type (.{ext}) are not published: attachments must be documents or images, since a file such as .html or .js would run as the portal itself"
            ),
            format!(
                "บันทึกเป็น PDF หรือชนิดที่อนุญาต แล้วลบไฟล์นี้ออกจาก content/files/ / save it as a PDF or an allowed type and remove this file from content/files/ (allowed: {})",
                allowed_list()
            ),
        ));
    };
    // An SVG is checked whole: read once, not its head and then all of it.
    if matches!(sniff, Sniff::Svg) {
        let bytes = guard::read(root, rel, MAX_SVG_BYTES)?;
        return match svg_problem(&bytes) {
            None => Ok(bytes.len() as u64),
            Some(what) => Err(Diagnostic::file(
                rel,
                format!("ไฟล์ SVG นี้มี {what} ซึ่งอาจทำงานหรือโหลดสิ่งอื่นในชื่อของเว็บไซต์ได้ จึงเผยแพร่ไม่ได้"),
                format!(
                    "this SVG has {what}, which could run or load something as the portal itself, so it is not published"
                ),
                "ส่งออกรูปใหม่เป็น PNG หรือ SVG แบบธรรมดา (ไม่มีสคริปต์ ไม่มีลิงก์ภายนอก) / export the picture again as PNG, or as a plain SVG (no script, no event handler, no external reference)",
            )),
        };
    }
    let (head, size) = guard::head(root, rel, 8192)?;
    if size > MAX_BYTES {
        return Err(guard::Refusal::TooLarge {
            size,
            limit: MAX_BYTES,
        }
        .diagnostic(rel));
    }
    let looks_right = match sniff {
        Sniff::Pdf => memchr::memmem::find(&head[..head.len().min(1024)], b"%PDF-").is_some(),
        Sniff::Magic(magics) => magics.iter().any(|m| head.starts_with(m)),
        Sniff::Text => {
            head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || !head.contains(&0)
        }
        Sniff::Webp => head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP",
        Sniff::Svg => true,
    };
    if !looks_right {
        return Err(Diagnostic::file(
            rel,
            format!("เนื้อไฟล์ไม่ใช่ไฟล์ .{ext} ตามนามสกุล (ไฟล์อาจถูกเปลี่ยนชื่อ หรือเสียหาย)"),
            format!(
                "the content is not a .{ext} file as its name says (renamed from another type, or damaged)"
            ),
            "เปิดไฟล์ต้นฉบับแล้วบันทึกเป็นชนิดนั้นใหม่ (เช่น Save as PDF) / open the original and save it again as that type (e.g. Save as PDF)",
        ));
    }
    if size > WARN_BYTES {
        eprintln!(
            "warning: {}: {} MB; ไฟล์ใหญ่ โหลดช้าบนโทรศัพท์ ลองลดขนาด / a large file, slow on a phone: consider making it smaller",
            rel.display(),
            size / (1024 * 1024)
        );
    }
    Ok(size)
}

/// A file or folder name under `content/files/` that a Windows PC cannot hold: a copy of the
/// site made there (or its output, where the file is published under the same name) would lose
/// it. Reserved device names (`con.pdf`, `aux/`), a trailing dot or space, and the characters
/// Windows forbids in names.
fn windows_name(rel: &Path) -> Result<(), Diagnostic> {
    let files = Path::new("content").join("files");
    let inside = rel.strip_prefix(&files).unwrap_or(rel);
    for part in inside.components() {
        let part = part.as_os_str().to_string_lossy();
        let problem = if super::windows_reserved(&part) {
            Some((
                "เป็นชื่อที่ Windows สงวนไว้ (con, prn, aux, nul, com1–com9, lpt1–lpt9 ไม่ว่าจะมีนามสกุลหรือไม่)",
                "is a name Windows reserves (con, prn, aux, nul, com1–com9, lpt1–lpt9, with or without an extension)",
            ))
        } else if part.ends_with(['.', ' ']) {
            Some((
                "ลงท้ายด้วยจุดหรือช่องว่าง ซึ่ง Windows ตัดทิ้ง",
                "ends with a dot or a space, which Windows drops",
            ))
        } else if part
            .chars()
            .any(|c| c.is_control() || "<>:\"|?*\\".contains(c))
        {
            Some((
                "มีอักขระที่ Windows ใช้ในชื่อไฟล์ไม่ได้ (< > : \" | ? * \\ หรืออักขระควบคุม)",
                "has a character Windows does not allow in a name (< > : \" | ? * \\ or a control character)",
            ))
        } else {
            None
        };
        if let Some((th, en)) = problem {
            return Err(Diagnostic::file(
                rel,
                format!("ชื่อ `{part}` {th} เว็บไซต์ที่คัดลอกไปเครื่อง Windows จะสร้างหรือเปิดไฟล์นี้ไม่ได้"),
                format!(
                    "the name `{part}` {en}: a copy of the site on a Windows PC could not make or open this file"
                ),
                "เปลี่ยนชื่อไฟล์หรือโฟลเดอร์ (เช่น con.pdf เป็น con-2568.pdf) แล้วแก้ชื่อใน attachments ให้ตรง / rename the file or folder (e.g. con.pdf to con-2568.pdf) and the name in `attachments` to match",
            ));
        }
    }
    Ok(())
}

/// What in an SVG could run script or load something from elsewhere, if anything.
fn svg_problem(bytes: &[u8]) -> Option<&'static str> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some("text that is not UTF-8 / non-UTF-8 text");
    };
    let lower = text.to_ascii_lowercase();
    const FORBIDDEN: &[(&str, &str)] = &[
        ("<script", "<script>"),
        ("<foreignobject", "<foreignObject>"),
        ("<iframe", "<iframe>"),
        ("<embed", "<embed>"),
        ("<object", "<object>"),
        ("<!entity", "<!ENTITY>"),
        ("<!doctype", "<!DOCTYPE>"),
        ("<?xml-stylesheet", "xml-stylesheet"),
        ("@import", "@import"),
        ("javascript:", "javascript:"),
        ("vbscript:", "vbscript:"),
        ("<set", "<set>"),
        ("<animate", "<animate>"),
        ("<handler", "<handler>"),
        ("<listener", "<listener>"),
    ];
    for (needle, what) in FORBIDDEN {
        if lower.contains(needle) {
            return Some(what);
        }
    }
    let b = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        // An attribute `on…=` (an event handler): after a space, a quote or `/`.
        let before = i.checked_sub(1).map(|j| b[j]);
        if !matches!(
            before,
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'')
        ) {
            continue;
        }
        let mut j = i + 2;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b'_') {
            j += 1;
        }
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j > i + 2 && b.get(j) == Some(&b'=') && inside_tag(b, i) {
            return Some("an event handler (on…=)");
        }
    }
    // References: only to the same file (`#id`).
    for attr in ["href", "src"] {
        for (i, _) in lower.match_indices(attr) {
            let mut j = i + attr.len();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if b.get(j) != Some(&b'=') || !inside_tag(b, i) {
                continue;
            }
            j += 1;
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'"' || b[j] == b'\'') {
                j += 1;
            }
            if b.get(j) != Some(&b'#') {
                return Some("a reference to another file or site (href/src)");
            }
        }
    }
    for (i, _) in lower.match_indices("url(") {
        let mut j = i + 4;
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'"' || b[j] == b'\'') {
            j += 1;
        }
        if b.get(j) != Some(&b'#') {
            return Some("a reference to another file or site (url())");
        }
    }
    None
}

/// Whether byte `i` is inside a tag (after a `<` with no `>` between).
fn inside_tag(b: &[u8], i: usize) -> bool {
    let lt = b[..i].iter().rposition(|&c| c == b'<');
    let gt = b[..i].iter().rposition(|&c| c == b'>');
    match (lt, gt) {
        (Some(l), Some(g)) => l > g,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_bytes(name: &str, bytes: &[u8]) -> Result<u64, Diagnostic> {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content/files")).unwrap();
        std::fs::write(d.path().join("content/files").join(name), bytes).unwrap();
        check(d.path(), &Path::new("content/files").join(name))
    }

    #[test]
    fn documents_and_images_by_extension_and_content() {
        assert!(check_bytes("a.pdf", b"%PDF-1.7\n...").is_ok());
        assert!(check_bytes("A.PDF", b"%PDF-1.4").is_ok());
        assert!(check_bytes("a.docx", b"PK\x03\x04rest").is_ok());
        assert!(check_bytes("a.png", b"\x89PNG\r\n\x1A\nrest").is_ok());
        assert!(check_bytes("a.csv", "ลำดับ,รายการ\n1,ถนน\n".as_bytes()).is_ok());
        assert!(check_bytes("a.webp", b"RIFF\0\0\0\0WEBPVP8 ").is_ok());
        // Renamed or unknown types.
        let e = check_bytes("a.pdf", b"<html><script>alert(1)</script>").unwrap_err();
        assert!(e.en.contains("not a .pdf file"), "{e:?}");
        let e = check_bytes("evil.html", b"<script>alert(1)</script>").unwrap_err();
        assert!(e.en.contains("(.html) are not published"), "{e:?}");
        assert!(check_bytes("noext", b"%PDF-").is_err());
        assert!(check_bytes("a.js", b"alert(1)").is_err());
    }

    #[test]
    fn svg_only_when_it_runs_and_loads_nothing() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/><text>information</text></svg>"##;
        assert!(check_bytes("ok.svg", ok).is_ok());
        for bad in [
            &br#"<svg><script>alert(1)</script></svg>"#[..],
            br#"<svg onload="alert(1)"></svg>"#,
            br#"<svg><rect ONCLICK = "x()"/></svg>"#,
            br#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            br#"<svg><image href="https://evil.example/p.png"/></svg>"#,
            br#"<svg><image xlink:href="//evil.example/p.png"/></svg>"#,
            br#"<svg><rect style="fill:url(https://evil.example/x)"/></svg>"#,
            br#"<svg><foreignObject><div>x</div></foreignObject></svg>"#,
            br#"<svg><set attributeName="href" to="javascript:x"/></svg>"#,
        ] {
            assert!(
                check_bytes("bad.svg", bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
