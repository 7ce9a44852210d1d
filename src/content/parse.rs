//! The record parser: bytes to a checked, typed `Record` (UTF-8, front matter, TOML, known
//! keys, the kind's own fields), then what is derived from it (slug, fiscal year, root links).

use std::path::Path;

use serde::de::DeserializeOwned;
use unicode_normalization::UnicodeNormalization;

use super::checks::{check_file_ref, check_kind, check_slug, root_links};
use super::split::{self, normalise, split_markdown};
use super::walk::{Place, place_for};
use super::*;
use crate::error::{Diagnostic, Diagnostics};
use crate::source::{TomlDoc, field_names};
use crate::thai::fiscal_year;

/// Parse a record from its bytes (the file at `rel` under `content/`, which decides its kind).
/// Touches the disk only to check that attachments exist under `root`. Never panics, whatever
/// the bytes: this is the fuzz target of the record parser.
pub fn parse_record_bytes(
    root: &Path,
    rel: &Path,
    bytes: &[u8],
    drafts: bool,
) -> (Option<Record>, Diagnostics) {
    match place_for(rel) {
        Some(place) => parse_record(root, &place, bytes, drafts),
        None => (None, Diagnostics::default()),
    }
}

pub(super) fn parse_record(
    root: &Path,
    place: &Place,
    bytes: &[u8],
    drafts: bool,
) -> (Option<Record>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let rel = place.rel.as_path();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            diags.push(Diagnostic::at(
                rel,
                valid,
                valid.len(),
                1,
                "ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 (อาจเป็นไฟล์ TIS-620 หรือไฟล์ไบนารี)",
                "the file is not UTF-8 text (perhaps TIS-620, or a binary file)",
                "เปิดไฟล์แล้วบันทึกใหม่เป็น UTF-8 / open the file and save it as UTF-8",
            ));
            return (None, diags);
        }
    };
    let text = normalise(text);
    // A placeholder of `prongsai new` left in: one message per unfilled field, nothing else.
    let unfilled = unfilled::check(rel, &text);
    if !unfilled.is_empty() {
        return (None, unfilled);
    }
    let is_md = rel.extension().is_some_and(|e| e == "md");
    let (toml_text, toml_line, body, body_line) = if is_md {
        match split_markdown(&text) {
            Ok(p) => (p.toml, p.toml_line, p.body, p.body_line),
            Err(split::SplitError::NoFrontMatter) => {
                diags.push(Diagnostic::at(
                    rel,
                    &text,
                    0,
                    1,
                    "ไฟล์ .md ต้องขึ้นต้นด้วยบรรทัด +++ และข้อมูลหัวเรื่อง",
                    "a .md record must start with a +++ line and its front matter",
                    "บรรทัดแรกเป็น +++ ตามด้วย title = \"…\" และ date = …, ปิดด้วย +++ / first line +++, then title and date, then a closing +++",
                ));
                return (None, diags);
            }
            Err(split::SplitError::Unclosed(line)) => {
                diags.push(Diagnostic::at(
                    rel,
                    &text,
                    line_offset(&text, line),
                    1,
                    "ไม่พบบรรทัด +++ ที่ปิดข้อมูลหัวเรื่อง",
                    "the front matter opened by +++ is never closed",
                    "เพิ่มบรรทัด +++ หลังข้อมูลหัวเรื่อง ก่อนเนื้อหา / add a +++ line after the front matter, before the body",
                ));
                return (None, diags);
            }
        }
    } else {
        (&text[..], 1, "", 1)
    };
    let Some(doc) = TomlDoc::parse(rel, toml_text, toml_line, &mut diags) else {
        return (None, diags);
    };
    doc.check_lengths(MAX_TITLE_CHARS, MAX_FIELD_CHARS, &mut diags);
    let mut known: Vec<&'static str> = field_names::<Meta>().to_vec();
    known.extend_from_slice(kind_fields(place.kind));
    if is_md {
        known.retain(|k| *k != "body");
        if doc.has("body") {
            diags.push(doc.error_at(
                "body",
                "ไฟล์ .md ให้เขียนเนื้อหาหลังบรรทัด +++ ไม่ใช่ในช่อง body",
                "in a .md file the body goes after the closing +++, not in `body`",
                "ย้ายข้อความไปไว้หลัง +++ / move the text below the closing +++",
            ));
        }
    }
    let name = place.kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    doc.check_keys(
        &known,
        &format!("ข้อมูลประเภท{}", place.kind.label()),
        &format!("{article} {name} record"),
        &mut diags,
    );
    let meta: Option<Meta> = doc.deserialize(&mut diags);
    let data = read_data(place.kind, &doc, &mut diags);
    let (Some(meta), Some(data)) = (meta, data) else {
        return (None, diags);
    };
    if meta.draft && !drafts {
        return (None, diags);
    }
    let record = finish(root, place, &doc, meta, data, body, body_line, &mut diags);
    if diags.is_empty() {
        (record, diags)
    } else {
        (None, diags)
    }
}

fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// The field names of a kind's own struct.
fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Page => field_names::<Page>(),
        Kind::News => field_names::<News>(),
        Kind::Announcement => field_names::<Announcement>(),
        Kind::Procurement => field_names::<Procurement>(),
        Kind::Plan => field_names::<Plan>(),
        Kind::Project => field_names::<Project>(),
        Kind::Report => field_names::<Report>(),
        Kind::Complaints => field_names::<Complaints>(),
        Kind::Person => field_names::<Person>(),
        Kind::Service => field_names::<Service>(),
    }
}

fn read_data(kind: Kind, doc: &TomlDoc<'_>, diags: &mut Diagnostics) -> Option<Data> {
    fn de<T: DeserializeOwned>(
        doc: &TomlDoc<'_>,
        diags: &mut Diagnostics,
        f: fn(T) -> Data,
    ) -> Option<Data> {
        doc.deserialize::<T>(diags).map(f)
    }
    match kind {
        Kind::Page => de(doc, diags, Data::Page),
        Kind::News => de(doc, diags, Data::News),
        Kind::Announcement => de(doc, diags, Data::Announcement),
        Kind::Procurement => de(doc, diags, Data::Procurement),
        Kind::Plan => de(doc, diags, Data::Plan),
        Kind::Project => de(doc, diags, Data::Project),
        Kind::Report => de(doc, diags, Data::Report),
        Kind::Complaints => de(doc, diags, Data::Complaints),
        Kind::Person => de(doc, diags, Data::Person),
        Kind::Service => de(doc, diags, Data::Service),
    }
}

/// Derive slug and fiscal year, and check what needs the whole record or the disk.
#[allow(clippy::too_many_arguments)]
fn finish(
    root: &Path,
    place: &Place,
    doc: &TomlDoc<'_>,
    mut meta: Meta,
    data: Data,
    md_body: &str,
    md_body_line: usize,
    diags: &mut Diagnostics,
) -> Option<Record> {
    let rel = place.rel.as_path();
    let default_slug = match place.kind {
        Kind::Plan => place.plan.clone().unwrap_or_default(),
        _ => rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    // NFC: one spelling for canonically equivalent text (ก+ู+่ and ก+่+ู, a macOS NFD file
    // name), so two identical-looking slugs are one URL and collide visibly (site::check_duplicates).
    let slug: String = meta.slug.clone().unwrap_or(default_slug).nfc().collect();
    if let Err((th, en)) = check_slug(&slug) {
        let hint = "ใช้ตัวอักษร ตัวเลข - และ _ เท่านั้น เช่น slug = \"no-gift-2568\" / use letters, digits, - and _ only, e.g. slug = \"no-gift-2568\"";
        if meta.slug.is_some() {
            diags.push(doc.error_at("slug", th, en, hint));
        } else {
            diags.push(Diagnostic::file(
                rel,
                format!("ชื่อไฟล์ใช้เป็นลิงก์ไม่ได้: {th}"),
                format!("the file name cannot be a URL: {en}"),
                format!("เปลี่ยนชื่อไฟล์ หรือใส่ slug / rename the file or set `slug`; {hint}"),
            ));
        }
    }
    if meta.title.trim().is_empty() {
        diags.push(doc.error_at(
            "title",
            "title ต้องไม่ว่าง",
            "title must not be empty",
            "ใส่ชื่อเรื่องตามเอกสาร / write the document's title",
        ));
    }
    let date_fy = fiscal_year(meta.date);
    let fy = match meta.fiscal_year {
        Some(fy) if !place.kind.fiscal_year_is_subject() && fy != date_fy => {
            diags.push(doc.error_at(
                "fiscal_year",
                format!("ปีงบประมาณ {fy} ไม่ตรงกับวันที่ (ซึ่งอยู่ในปีงบประมาณ {date_fy})"),
                format!("fiscal_year {fy} contradicts the date, which falls in fiscal year {date_fy}"),
                format!("ลบ fiscal_year ออก (คำนวณจากวันที่ให้เอง) หรือแก้เป็น {date_fy} / remove fiscal_year (it is derived from the date) or set it to {date_fy}"),
            ));
            fy
        }
        Some(fy) if !(2400..=2800).contains(&fy) => {
            diags.push(doc.error_at(
                "fiscal_year",
                format!("ปีงบประมาณ {fy} ไม่ใช่ปี พ.ศ. ที่เป็นไปได้"),
                format!("fiscal_year {fy} is not a plausible Buddhist-Era year"),
                "เขียนเป็นปี พ.ศ. เช่น 2568 / write a BE year such as 2568",
            ));
            fy
        }
        Some(fy) => fy,
        None if place.kind == Kind::Complaints => {
            diags.push(doc.error_at_offset(
                0,
                "สถิติเรื่องร้องเรียนต้องระบุ fiscal_year",
                "complaint statistics need `fiscal_year`",
                "เช่น fiscal_year = 2568 / e.g. fiscal_year = 2568",
            ));
            date_fy
        }
        None => date_fy,
    };
    // A plan belongs to the years of `years`, not to the day it was typed: its own fiscal year
    // (lists, search) is the first of them, and a `fiscal_year` written must be one of them.
    let fy = match &data {
        Data::Plan(p) => plan_fiscal_year(p, meta.fiscal_year, doc, diags),
        _ => fy,
    };
    for a in &meta.attachments {
        if let Err((th, en, hint)) = check_file_ref(root, &a.file) {
            // The caret points at the file name inside the list, not at its `[`.
            let start = doc.value_offset("attachments");
            let at = doc
                .text
                .get(start..)
                .and_then(|t| t.find(a.file.as_str()).filter(|_| !a.file.is_empty()))
                .map_or(start, |i| start + i);
            diags.push(doc.error_at_offset(at, th, en, hint));
        }
    }
    let image = match &data {
        Data::News(n) => n.image.as_ref().map(|i| ("image", i)),
        Data::Person(p) => p.photo.as_ref().map(|i| ("photo", i)),
        _ => None,
    };
    if let Some((key, img)) = image {
        if let Err((th, en, hint)) = check_file_ref(root, &img.file) {
            diags.push(doc.error_at(key, th, en, hint));
        }
        if img.alt.trim().is_empty() {
            diags.push(doc.error_at(
                key,
                "ภาพต้องมีคำอธิบาย (alt) สำหรับผู้พิการทางสายตา",
                "an image needs `alt` text for screen-reader users",
                "บรรยายสิ่งที่อยู่ในภาพสั้น ๆ / describe the picture briefly",
            ));
        }
    }
    check_kind(&data, doc, diags);
    let (body, body_line) = match meta.body.take() {
        Some(b) => (b, doc.first_line),
        None => (md_body.to_string(), md_body_line),
    };
    let links = root_links(&body);
    Some(Record {
        links,
        kind: place.kind,
        source: rel.to_path_buf(),
        slug,
        plan: place.plan.clone(),
        meta,
        fiscal_year: fy,
        body,
        body_line,
        data,
    })
}

/// The fiscal year of a plan: `fiscal_year` when given (and inside `years`), else its first year.
fn plan_fiscal_year(
    p: &Plan,
    given: Option<i32>,
    doc: &TomlDoc<'_>,
    diags: &mut Diagnostics,
) -> i32 {
    let [first, last] = p.years;
    match given {
        Some(fy) if !(first..=last).contains(&fy) => {
            diags.push(doc.error_at(
                "fiscal_year",
                format!("ปีงบประมาณ {fy} ไม่อยู่ในปีของแผน ({first}–{last})"),
                format!("fiscal_year {fy} is not a year of the plan ({first}–{last})"),
                "ลบ fiscal_year ออก (แผนเป็นของปีใน years) หรือใส่ปีที่อยู่ใน years / remove fiscal_year (a plan belongs to its `years`) or write one of them",
            ));
            fy
        }
        Some(fy) => fy,
        None => first,
    }
}
