//! Checks of a record's values that need more than their type: per-kind rules, slugs (URL
//! segments, Windows' reserved names), attachment paths; and the root links of a body.

use std::path::{Component, Path};

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::{Data, Stage, is_source_url};
use crate::error::Diagnostics;
use crate::guard;
use crate::source::TomlDoc;

/// Checks that need only the record itself.
pub(super) fn check_kind(data: &Data, doc: &TomlDoc<'_>, diags: &mut Diagnostics) {
    match data {
        Data::Procurement(p) => {
            if p.stage == Stage::Winner && p.winner.is_none() {
                diags.push(doc.error_at(
                    "stage",
                    "ประกาศผู้ชนะต้องมี winner",
                    "a winner notice needs `winner`",
                    "เช่น winner = { name = \"หจก. ตัวอย่าง\", price = 495000 } / e.g. winner = { name = \"…\", price = 495000 }",
                ));
            }
            if p.stage == Stage::Contract && p.contract.is_none() {
                diags.push(doc.error_at(
                    "stage",
                    "ประกาศขั้นสัญญาต้องมี contract",
                    "a contract notice needs `contract`",
                    "เช่น contract = { number = \"๑๒/๒๕๖๘\", date = \"๓๐ ม.ค. ๒๕๖๘\", amount = 495000 }",
                ));
            }
            if let Some(n) = &p.egp_number
                && !n
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c))
            {
                diags.push(doc.error_at(
                    "egp_number",
                    "เลขที่โครงการ e-GP ต้องเป็นตัวเลขเท่านั้น",
                    "the e-GP project number must be digits only",
                    "คัดลอกเลขจากระบบ e-GP เช่น \"68019123456\" / copy it from e-GP, e.g. \"68019123456\"",
                ));
            }
            if let Some(u) = &p.source_url
                && !is_source_url(u)
            {
                diags.push(doc.error_at(
                    "source_url",
                    "source_url ต้องเป็นลิงก์ที่ขึ้นต้นด้วย https:// หรือ http://",
                    "source_url must be a link starting with https:// or http://",
                    "คัดลอกลิงก์ประกาศจากระบบ e-GP เช่น \"https://process3.gprocurement.go.th/…\" / copy the announcement's link from e-GP",
                ));
            }
        }
        Data::Plan(p) => {
            let [a, b] = p.years;
            if !(2400..=2800).contains(&a) || b < a || b - a > 20 {
                diags.push(doc.error_at(
                    "years",
                    "ปีของแผนต้องเป็น [ปีแรก, ปีสุดท้าย] แบบ พ.ศ.",
                    "`years` must be [first, last] in Buddhist-Era years",
                    "เช่น years = [2566, 2570] / e.g. years = [2566, 2570]",
                ));
            }
            // A name left empty shows as "มิติ ๑." with nothing after it.
            for d in &p.dimensions {
                if d.name.trim().is_empty() {
                    diags.push(doc.error_at(
                        "dimensions",
                        format!("มิติที่ {} ไม่มีชื่อ", d.number),
                        format!("dimension {} has no name", d.number),
                        "ใส่ชื่อมิติตามเอกสารแผน เช่น name = \"การสร้างสังคมที่ไม่ทนต่อการทุจริต\" / write the dimension's name as the plan prints it",
                    ));
                }
                for m in &d.missions {
                    if m.name.trim().is_empty() {
                        diags.push(doc.error_at(
                            "dimensions",
                            format!("ภารกิจ {} ของมิติที่ {} ไม่มีชื่อ", m.code, d.number),
                            format!("mission {} of dimension {} has no name", m.code, d.number),
                            "ใส่ชื่อภารกิจตามเอกสารแผน / write the mission's name as the plan prints it",
                        ));
                    }
                }
            }
        }
        Data::Complaints(c) => {
            let mut seen = [false; 13];
            for m in &c.months {
                let slot = seen.get_mut(usize::from(m.month)).filter(|_| m.month >= 1);
                match slot {
                    None => diags.push(doc.error_at(
                        "months",
                        format!("เดือน {} ไม่มีอยู่จริง", m.month),
                        format!("month {} does not exist", m.month),
                        "month ต้องเป็น 1–12 / month must be 1–12",
                    )),
                    Some(s) if *s => diags.push(doc.error_at(
                        "months",
                        format!("เดือน {} ซ้ำกัน", m.month),
                        format!("month {} appears twice", m.month),
                        "รวมเป็นแถวเดียว / merge the two rows",
                    )),
                    Some(s) => *s = true,
                }
            }
        }
        _ => {}
    }
}

/// Links and images of a Markdown text written from the site root (`/news/a/`), with their byte
/// offsets, for the internal-link check.
pub fn root_links(md: &str) -> Vec<(String, usize)> {
    // A link from the root has a `/` in it: a body without one (most notices) is not parsed.
    if !md.contains('/') {
        return Vec::new();
    }
    Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
            {
                Some((dest_url.into_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// Text as words for a URL or an anchor: letters (Thai too) and digits kept, lowercased, every
/// run of anything else one `-`, none at either end. `new`'s file names and the body's heading
/// anchors are made by it.
pub fn slug_words(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let len = s.trim_end_matches('-').len();
    s.truncate(len);
    s
}

/// Longest slug in bytes (UTF-8): a folder name is at most 255 bytes on most disks, and the
/// output adds to it.
pub const MAX_SLUG_BYTES: usize = 200;

/// A slug must make a clean URL segment and must not look like a fiscal year.
pub fn check_slug(slug: &str) -> Result<(), (String, String)> {
    if slug.is_empty() {
        return Err(("slug ว่าง".into(), "the slug is empty".into()));
    }
    if slug.chars().all(|c| c.is_ascii_digit()) {
        return Err((
            format!("slug `{slug}` เป็นตัวเลขล้วน ซึ่งชนกับหน้ารายการตามปีงบประมาณ"),
            format!("slug `{slug}` is all digits, which clashes with the fiscal-year lists"),
        ));
    }
    if slug == "page" {
        return Err((
            "slug `page` ใช้ไม่ได้ เพราะเป็นชื่อโฟลเดอร์ของหน้าถัดไปของรายการ (เช่น /news/page/2/) ให้ตั้งชื่อไฟล์ใหม่".into(),
            "slug `page` is taken by the list pages (e.g. /news/page/2/); rename the file".into(),
        ));
    }
    // Thai and ASCII only: a Cyrillic `е` or an invisible letter (U+3164) would make a URL
    // that looks like another one (docs/decisions.md, "Slugs").
    let ok = |c: char| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_' || ('\u{0E01}'..='\u{0E5B}').contains(&c)
    };
    if let Some(bad) = slug.chars().find(|&c| !ok(c)) {
        // Invisible letters are named by code point: the message shows the slug as it is.
        let shown = if bad.is_control() || bad.is_whitespace() || bad == '\u{3164}' {
            format!("U+{:04X}", bad as u32)
        } else {
            bad.to_string()
        };
        return Err((
            format!(
                "slug `{}` มีอักขระ `{shown}` (U+{:04X}) ซึ่งใช้ในลิงก์ไม่ได้: ใช้ได้เฉพาะอักษรไทย a-z 0-9 - และ _ (อักษรที่หน้าตาเหมือนกันแต่ต่างภาษา หรืออักษรที่มองไม่เห็น ทำให้ลิงก์สองลิงก์ดูเหมือนกัน)",
                slug, bad as u32
            ),
            format!(
                "slug `{}` has `{shown}` (U+{:04X}), which a URL here cannot hold: only Thai letters, a-z, 0-9, - and _ (look-alike letters of other scripts and invisible letters make two URLs look the same)",
                slug, bad as u32
            ),
        ));
    }
    if slug.starts_with(['.', '-']) {
        return Err((
            format!("slug `{slug}` ขึ้นต้นด้วย . หรือ - ซึ่งใช้ไม่ได้"),
            format!("slug `{slug}` starts with . or -, which is not allowed"),
        ));
    }
    if windows_reserved(slug) {
        return Err((
            format!(
                "slug `{slug}` เป็นชื่อที่ Windows สงวนไว้ (con, prn, aux, nul, com1–com9, lpt1–lpt9) เว็บไซต์ที่คัดลอกไปเครื่อง Windows จะสร้างหรือเปิดโฟลเดอร์นี้ไม่ได้"
            ),
            format!(
                "slug `{slug}` is a name Windows reserves (con, prn, aux, nul, com1–com9, lpt1–lpt9): a copy of the site on a Windows PC could not make or open this folder"
            ),
        ));
    }
    if slug.len() > MAX_SLUG_BYTES {
        return Err((
            format!(
                "slug ยาวเกินไป ({} ไบต์ เกิน {MAX_SLUG_BYTES} ไบต์ หรือราว ๖๖ อักษรไทย) ชื่อโฟลเดอร์ยาวขนาดนี้สร้างบนดิสก์ไม่ได้",
                slug.len()
            ),
            format!(
                "the slug is too long ({} bytes; the limit is {MAX_SLUG_BYTES} bytes, about 66 Thai letters): a disk cannot hold a folder name that long",
                slug.len()
            ),
        ));
    }
    Ok(())
}

/// Names Windows keeps for devices, in any case and with or without an extension (`con`,
/// `CON.md`, `nul.pdf`, `com1`, `lpt¹.txt`): a site built on Linux may be copied to a Windows
/// PC, where a file or folder of such a name cannot be made or opened. Windows drops trailing
/// spaces before it compares (`con .pdf` is `con`).
pub fn windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.trim_end_matches(' ').to_lowercase();
    if matches!(
        stem.as_str(),
        "con" | "prn" | "aux" | "nul" | "conin$" | "conout$"
    ) {
        return true;
    }
    let Some(rest) = stem
        .strip_prefix("com")
        .or_else(|| stem.strip_prefix("lpt"))
    else {
        return false;
    };
    let mut chars = rest.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('0'..='9' | '¹' | '²' | '³'), None)
    )
}

/// A path under `content/files/` named by a record: relative, inside, existing.
pub fn check_file_ref(root: &Path, file: &str) -> Result<(), (String, String, String)> {
    let p = Path::new(file);
    let outside = file.is_empty()
        || file.contains('\\')
        || file.contains(':')
        || p.components().any(|c| !matches!(c, Component::Normal(_)));
    if outside {
        return Err((
            format!("ไฟล์แนบ `{file}` ต้องเป็นชื่อไฟล์ในโฟลเดอร์ content/files/"),
            format!("attachment `{file}` must be a path inside content/files/ (no `..`, no absolute path)"),
            "เขียนเทียบกับ content/files/ เช่น file = \"no-gift-2568.pdf\" / write it relative to content/files/, e.g. file = \"no-gift-2568.pdf\"".into(),
        ));
    }
    // A link (or anything but a regular file) is not found: guard.rs, and the folder walk reports it.
    let inside = matches!(
        guard::inspect(root, &Path::new("content").join("files").join(p)),
        Ok(Some(guard::Entry::File))
    );
    if !inside {
        return Err((
            format!("ไม่พบไฟล์แนบ content/files/{file}"),
            format!("attachment content/files/{file} not found (or it points outside the site)"),
            "คัดลอกไฟล์ไปไว้ใน content/files/ หรือแก้ชื่อให้ตรง / copy the file into content/files/ or fix the name".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_root_links() {
        assert_eq!(root_links("[a](/x/) [b](https://y) ![c](/f.png)").len(), 2);
    }

    #[test]
    fn slugs() {
        assert!(check_slug("no-gift-2568").is_ok());
        assert!(check_slug("ประกาศ-ไม่รับของขวัญ").is_ok());
        assert!(check_slug("2568").is_err());
        assert!(check_slug("../x").is_err());
        for reserved in [
            "con", "CON", "Aux", "nul", "prn", "com1", "COM9", "lpt1", "lpt0",
        ] {
            let (th, en) = check_slug(reserved).expect_err(reserved);
            assert!(th.contains("Windows") && en.contains("reserves"), "{en}");
        }
        for fine in [
            "cons",
            "console",
            "com10",
            "lpt",
            "com",
            "nuls",
            "ข่าว-con",
            "con-2568",
        ] {
            assert!(check_slug(fine).is_ok(), "{fine}");
        }
        assert!(check_slug("a b").is_err());
        assert!(check_slug("").is_err());
    }
}
