//! Reading the catalogue files: the theme's `oit/ita-<year>.toml`, then the site's
//! `<root>/oit/ita-<year>.toml`, whose items add to or change the theme's by code.
//! Errors carry file:line:column, unknown fields get a "did you mean".

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::theme::ThemeFile;
use crate::error::{Diagnostic, Diagnostics};
use crate::source::{TomlDoc, field_names};

use super::catalogue::{Catalogue, CatalogueFile, Item, ItemFile};

/// The ITA year of a catalogue file name: `ita-2568.toml` → 2568.
pub fn year_of_name(name: &str) -> Option<i32> {
    let y = name.strip_prefix("ita-")?.strip_suffix(".toml")?;
    if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
        y.parse().ok()
    } else {
        None
    }
}

/// Every catalogue: the theme's files, then the site's folder `oit/` over them.
pub fn load(
    root: &Path,
    theme: &BTreeMap<String, ThemeFile>,
) -> Result<BTreeMap<i32, Catalogue>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut cats = BTreeMap::new();
    for (name, file) in theme {
        let Some(year) = name.strip_prefix("oit/").and_then(year_of_name) else {
            continue;
        };
        if let Some(text) = utf8(&file.origin, &file.bytes, &mut diags) {
            apply(&mut cats, year, &file.origin, &text, false, &mut diags);
        }
    }
    for path in site_files(root, &mut diags) {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(year) = name.as_deref().and_then(year_of_name) else {
            diags.push(Diagnostic::file(
                &rel,
                "ชื่อไฟล์ในโฟลเดอร์ oit/ ต้องเป็น ita-<ปี พ.ศ.>.toml",
                "files in oit/ must be named ita-<BE year>.toml",
                "เช่น oit/ita-2568.toml / e.g. oit/ita-2568.toml",
            ));
            continue;
        };
        // Through the gate (src/guard.rs): a linked catalogue or a pipe is refused, not read.
        match crate::guard::read(root, &rel, 4 * 1024 * 1024) {
            Ok(bytes) => {
                if let Some(text) = utf8(&rel, &bytes, &mut diags) {
                    apply(&mut cats, year, &rel, &text, true, &mut diags);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        Ok(cats)
    } else {
        Err(diags)
    }
}

/// The years of the catalogues a site has, from file names only (no parsing).
pub fn years(root: &Path, theme: &str, built_in: &[(&str, &[u8])]) -> Vec<i32> {
    let mut years: Vec<i32> = Vec::new();
    if theme == "default" {
        years.extend(
            built_in
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("oit/").and_then(year_of_name)),
        );
    }
    for dir in [
        root.join("themes").join(theme).join("oit"),
        root.join("oit"),
    ] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        years.extend(
            entries
                .flatten()
                .filter_map(|e| year_of_name(&e.file_name().to_string_lossy())),
        );
    }
    years.sort_unstable();
    years.dedup();
    years
}

fn site_files(root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let dir = root.join("oit");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for e in entries {
        match e {
            Ok(e) => {
                let name = e.file_name().to_string_lossy().into_owned();
                let skip = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
                if !skip && e.path().is_file() {
                    files.push(e.path());
                }
            }
            Err(err) => diags.push(Diagnostic::file(
                Path::new("oit"),
                format!("อ่านโฟลเดอร์ไม่ได้ ({err})"),
                format!("cannot read this folder ({err})"),
                "ตรวจสิทธิ์การเข้าถึงไฟล์ / check the file permissions",
            )),
        }
    }
    files.sort();
    files
}

fn utf8(origin: &Path, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Some(
            t.strip_prefix('\u{feff}')
                .unwrap_or(t)
                .replace("\r\n", "\n"),
        ),
        Err(_) => {
            diags.push(Diagnostic::file(
                origin,
                "ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8",
                "the file is not UTF-8 text",
                "บันทึกไฟล์ใหม่เป็น UTF-8 / save the file as UTF-8",
            ));
            None
        }
    }
}

/// Parse one file and add it to the catalogue of `year`.
fn apply(
    cats: &mut BTreeMap<i32, Catalogue>,
    year: i32,
    origin: &Path,
    text: &str,
    site: bool,
    diags: &mut Diagnostics,
) {
    let Some(doc) = TomlDoc::parse(origin, text, 1, diags) else {
        return;
    };
    doc.check_keys(
        field_names::<CatalogueFile>(),
        "แคตตาล็อก OIT",
        "the OIT catalogue",
        diags,
    );
    let Some(file) = doc.deserialize::<CatalogueFile>(diags) else {
        return;
    };
    let at = |offset: usize, th: String, en: String, hint: &str| {
        Diagnostic::at(origin, text, offset, 1, th, en, hint)
    };
    if !(2500..=2700).contains(&year) {
        diags.push(Diagnostic::file(
            origin,
            format!("ปี {year} ในชื่อไฟล์ไม่ใช่ปี พ.ศ."),
            format!("{year} in the file name is not a Buddhist Era year"),
            "ใช้ปี พ.ศ. เช่น ita-2568.toml / use the BE year, e.g. ita-2568.toml",
        ));
        return;
    }
    if let Some(y) = &file.year
        && *y.get_ref() != year
    {
        diags.push(at(
            y.span().start,
            format!("year = {} ไม่ตรงกับชื่อไฟล์ (ปี {year})", y.get_ref()),
            format!(
                "year = {} does not match the file name ({year})",
                y.get_ref()
            ),
            "แก้ year หรือเปลี่ยนชื่อไฟล์ให้ตรงกัน / make `year` and the file name agree",
        ));
        return;
    }
    let origin_text = origin.display().to_string();
    let cat = cats.entry(year).or_insert_with(|| Catalogue {
        year,
        title: format!("ITA {year}"),
        note: String::new(),
        groups: BTreeMap::new(),
        items: Vec::new(),
        files: Vec::new(),
    });
    cat.files.push(origin_text.clone());
    if let Some(t) = file.title {
        cat.title = t;
    }
    if let Some(n) = file.note {
        cat.note = n;
    }
    cat.groups.extend(file.groups);
    let mut seen = HashSet::new();
    for it in file.items {
        let code = it.code.get_ref().trim().to_string();
        let code_at = it.code.span().start;
        if code.is_empty() || code.contains(char::is_whitespace) || code.contains(':') {
            diags.push(at(
                code_at,
                format!("รหัสข้อ `{code}` ใช้ไม่ได้"),
                format!("item code `{code}` is not usable"),
                "เขียนรหัสติดกันไม่มีช่องว่าง เช่น code = \"O12\" / write it without spaces, e.g. code = \"O12\"",
            ));
            continue;
        }
        if !seen.insert(code.to_ascii_uppercase()) {
            diags.push(at(
                code_at,
                format!("รหัสข้อ {code} ซ้ำในไฟล์นี้"),
                format!("item {code} appears twice in this file"),
                "รวมเป็นรายการเดียว / keep one entry per code",
            ));
            continue;
        }
        check_item(&it, &cat.groups, &at, diags);
        match cat
            .items
            .iter_mut()
            .find(|x| x.code.eq_ignore_ascii_case(&code))
        {
            Some(existing) => merge(existing, it, &origin_text, site),
            None => {
                if it.name.is_none() || it.group.is_none() || it.subgroup.is_none() {
                    diags.push(at(
                        code_at,
                        format!("ข้อ {code} เป็นข้อใหม่ ต้องมี name, group และ subgroup"),
                        format!("{code} is a new item: it needs `name`, `group` and `subgroup`"),
                        "ถ้าตั้งใจแก้ข้อเดิม ตรวจรหัสข้อกับแคตตาล็อกของปีนั้น / to change an existing item, check its code against that year's catalogue",
                    ));
                    continue;
                }
                let mut item = Item {
                    code,
                    name: String::new(),
                    gloss: String::new(),
                    group: String::new(),
                    subgroup: String::new(),
                    requires: String::new(),
                    verified: false,
                    source: String::new(),
                    evidence_year: Default::default(),
                    rule: Vec::new(),
                    derived: Vec::new(),
                    origin: String::new(),
                    site,
                };
                merge(&mut item, it, &origin_text, site);
                cat.items.push(item);
            }
        }
    }
}

/// The checks of one item that need its file: groups that exist, rule lines that say something.
fn check_item(
    it: &ItemFile,
    groups: &BTreeMap<String, String>,
    at: &dyn Fn(usize, String, String, &str) -> Diagnostic,
    diags: &mut Diagnostics,
) {
    for g in [&it.group, &it.subgroup].into_iter().flatten() {
        if !groups.contains_key(g.get_ref()) {
            let known: Vec<&str> = groups.keys().map(String::as_str).collect();
            diags.push(at(
                g.span().start,
                format!("ไม่มีกลุ่ม `{}` ในตาราง [groups]", g.get_ref()),
                format!("no group `{}` in the [groups] table", g.get_ref()),
                &format!(
                    "กลุ่มที่มี / groups: {} (เพิ่มใน [groups] ได้ / or add it under [groups])",
                    known.join(", ")
                ),
            ));
        }
    }
    if let Some(rule) = &it.rule
        && rule.get_ref().iter().any(|m| m.is_empty())
    {
        diags.push(at(
            rule.span().start,
            format!("rule ของข้อ {} มีบรรทัดที่ไม่มีเงื่อนไข", it.code.get_ref()),
            format!("a line of the rule of {} has no condition", it.code.get_ref()),
            "แต่ละบรรทัดต้องมีอย่างน้อยหนึ่งเงื่อนไข เช่น { kinds = [\"news\"] } / each line needs a condition, e.g. { kinds = [\"news\"] }",
        ));
    }
}

fn merge(item: &mut Item, it: ItemFile, origin: &str, site: bool) {
    if let Some(v) = it.name {
        item.name = v;
    }
    if let Some(v) = it.gloss {
        item.gloss = v;
    }
    if let Some(v) = it.group {
        item.group = v.into_inner();
    }
    if let Some(v) = it.subgroup {
        item.subgroup = v.into_inner();
    }
    if let Some(v) = it.requires {
        item.requires = v;
    }
    if let Some(v) = it.verified {
        item.verified = v;
    }
    if let Some(v) = it.source {
        item.source = v;
    }
    if let Some(v) = it.evidence_year {
        item.evidence_year = v;
    }
    if let Some(v) = it.rule {
        item.rule = v.into_inner();
    }
    if let Some(v) = it.derived {
        item.derived = v;
    }
    item.origin = origin.to_string();
    item.site |= site;
}
