//! Stage 2: walk `content/`, read every record file, check it, and turn it into a typed `Record`.
//! Every problem of every file is collected; nothing here panics on what a file contains.

pub mod attachments;
mod kinds;
mod split;
pub mod unfilled;
mod values;

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use kinds::*;
pub use split::{normalise, split_markdown};

use crate::error::{Diagnostic, Diagnostics};
use crate::guard;
use crate::source::{TomlDoc, field_names};
use crate::thai::fiscal_year;
use unicode_normalization::UnicodeNormalization;

/// One record, checked and typed.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub kind: Kind,
    /// The file, relative to the site root (`content/news/a.md`).
    pub source: PathBuf,
    pub slug: String,
    /// The plan folder, for a plan and its projects.
    pub plan: Option<String>,
    #[serde(flatten)]
    pub meta: Meta,
    /// The fiscal year (BE): `fiscal_year` when given, else that of `date`.
    pub fiscal_year: i32,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
    /// Line of the file where the body starts (for messages about the body).
    #[serde(skip)]
    pub body_line: usize,
    /// Links of the body written from the site root, with their byte offsets (read once here, so
    /// the internal-link check needs no second Markdown pass).
    #[serde(skip)]
    pub links: Vec<(String, usize)>,
    #[serde(flatten)]
    pub data: Data,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub records: Vec<Record>,
    /// Files under `content/files/`, relative to that folder, with `/` separators.
    pub files: Vec<String>,
}

/// Where a record file sits: its kind and, for plans, its plan folder.
struct Place {
    rel: PathBuf,
    kind: Kind,
    plan: Option<String>,
}

/// A record file larger than this is refused (a real notice is a few kilobytes; a long
/// project sheet some tens): a pasted document belongs in `content/files/` as a PDF.
pub const MAX_RECORD_BYTES: u64 = 2 * 1024 * 1024;

/// Longest title, in characters (the longest real one is under 200).
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Longest text of any other field, in characters (the longest real one, a project sheet's
/// method, is under 2,000).
pub const MAX_FIELD_CHARS: usize = 20_000;

/// Read and check every record under `<root>/content`. Drafts are skipped unless `drafts`.
pub fn load(root: &Path, drafts: bool) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut places = Vec::new();
    let mut files = Vec::new();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(Diagnostic::file(
            Path::new("content"),
            "ไม่พบโฟลเดอร์ content",
            "no content/ folder in the site",
            "สร้างโฟลเดอร์ content/ หรือเริ่มเว็บใหม่ด้วย `prongsai init <dir>` / create content/ or start with `prongsai init <dir>`",
        ));
        return (Content::default(), diags);
    }
    let (paths, refused) = guard::walk(root, Path::new("content"), &is_ignored_name);
    diags.0.extend(refused);
    for rel in paths {
        let parts: Vec<String> = rel
            .components()
            .skip(1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = parts.last().cloned().unwrap_or_default();
        if parts.first().map(String::as_str) == Some("files") {
            match attachments::check(root, &rel) {
                Ok(_) => files.push(parts[1..].join("/")),
                Err(d) => diags.push(d),
            }
            continue;
        }
        match place_of(&parts) {
            Some((kind, plan)) if is_record_file(&name) => places.push(Place { rel, kind, plan }),
            Some(_) => diags.push(Diagnostic::file(
                &rel,
                "ไฟล์นี้ไม่ใช่ข้อมูล (ต้องลงท้าย .md หรือ .toml)",
                "this file is not a record (records end in .md or .toml)",
                "ไฟล์แนบ (PDF, รูปภาพ) ให้เก็บใน content/files/ แล้วอ้างถึงใน attachments / keep attachments in content/files/ and name them in `attachments`",
            )),
            None => diags.push(Diagnostic::file(
                &rel,
                "ไฟล์อยู่ผิดโฟลเดอร์ จึงไม่รู้ว่าเป็นข้อมูลประเภทใด",
                "this file is in no known folder, so its kind is unknown",
                "โฟลเดอร์ที่ใช้ได้: pages, news, announcements, procurement, plans/<แผน>/plan.toml, plans/<แผน>/projects/, reports, complaints, people, services, files / see docs/records.md",
            )),
        }
    }
    let results: Vec<(Option<Record>, Diagnostics)> = places
        .par_iter()
        .map(|p| read_record(root, p, drafts))
        .collect();
    let mut records = Vec::with_capacity(results.len());
    for (rec, d) in results {
        diags.extend(d);
        if let Some(r) = rec {
            records.push(r);
        }
    }
    files.sort();
    (Content { records, files }, diags)
}

/// The files under `content/files/` (relative to it, `/`-separated) that may be published,
/// for `serve` when only attachments changed; what is refused is in the diagnostics.
pub fn load_files(root: &Path) -> (Vec<String>, Diagnostics) {
    let dir = Path::new("content").join("files");
    let (paths, refused) = guard::walk(root, &dir, &is_ignored_name);
    let mut diags = Diagnostics(refused);
    let mut files = Vec::new();
    for rel in paths {
        match attachments::check(root, &rel) {
            Ok(_) => {
                if let Ok(f) = rel.strip_prefix(&dir) {
                    files.push(f.to_string_lossy().replace('\\', "/"));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    files.sort();
    (files, diags)
}

fn is_record_file(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".toml")
}

/// The kind (and plan) of a file from its path under `content/`.
fn place_of(parts: &[String]) -> Option<(Kind, Option<String>)> {
    match parts {
        [folder, _] if folder != "plans" => Kind::from_folder(folder).map(|k| (k, None)),
        [plans, plan, file] if plans == "plans" && (file == "plan.toml" || file == "plan.md") => {
            Some((Kind::Plan, Some(plan.clone())))
        }
        [plans, plan, projects, _] if plans == "plans" && projects == "projects" => {
            Some((Kind::Project, Some(plan.clone())))
        }
        _ => None,
    }
}

/// Hidden files and editors' scratch files (`.x.swp`, `x~`, `4913`, JetBrains' temp files),
/// which are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name.ends_with(".___jb_tmp___")
        || name.ends_with(".___jb_old___")
}

/// The place of a record file given by its path relative to the site root (`content/…`).
fn place_for(rel: &Path) -> Option<Place> {
    let parts: Vec<String> = rel
        .components()
        .skip(1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    place_of(&parts).map(|(kind, plan)| Place {
        rel: rel.to_path_buf(),
        kind,
        plan,
    })
}

/// Read one record file; `None` when it is broken (the reasons are in the diagnostics) or a skipped draft.
pub fn read_record_file(root: &Path, rel: &Path, drafts: bool) -> (Option<Record>, Diagnostics) {
    match place_for(rel) {
        Some(place) => read_record(root, &place, drafts),
        None => (None, Diagnostics::default()),
    }
}

fn read_record(root: &Path, place: &Place, drafts: bool) -> (Option<Record>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let rel = place.rel.as_path();
    let bytes = match guard::read(root, rel, MAX_RECORD_BYTES) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    parse_record(root, place, &bytes, drafts)
}

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

fn parse_record(
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

/// Checks that need only the record itself.
fn check_kind(data: &Data, doc: &TomlDoc<'_>, diags: &mut Diagnostics) {
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

    #[test]
    fn places() {
        let p = |s: &str| place_of(&s.split('/').map(String::from).collect::<Vec<_>>());
        assert_eq!(p("news/a.md").map(|x| x.0), Some(Kind::News));
        assert_eq!(p("plans/x/plan.toml").map(|x| x.0), Some(Kind::Plan));
        assert_eq!(
            p("plans/x/projects/1.toml").map(|x| x.0),
            Some(Kind::Project)
        );
        assert_eq!(p("plans/x/other.toml"), None);
        assert_eq!(p("a.md"), None);
        assert_eq!(p("unknown/a.md"), None);
    }
}
