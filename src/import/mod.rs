//! `prongsai import egp`: procurement records from e-GP's public data (the announcement feed,
//! the data.go.th contract datasets, govspending's `cgdcontract`), so officers never retype
//! them. All or nothing: every source is read and every record checked before one file is
//! written. docs/import.md is the officers' guide; docs/decisions.md says why.
//!
//! Files: `source` (files, URLs, encodings, format), `rss`, `contracts` + `table` (data.go.th),
//! `cgd` (govspending), `model` (what they say), `merge` (one project's facts → its records),
//! `records` (record files: writing, finding, telling an officer's edit).

mod cgd;
mod contracts;
mod merge;
mod model;
mod records;
mod rss;
pub mod source;
mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Diagnostic, Diagnostics};
pub use source::Format;

/// What `import egp` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub sources: Vec<String>,
    pub dept: Option<String>,
    pub dry_run: bool,
    pub format: Option<Format>,
    pub timeout: Duration,
}

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
    /// Edited by the officer (or written by hand): left alone; the differences e-GP shows.
    Kept(Vec<(String, String, String)>),
}

/// The result of an import (also of a dry run).
#[derive(Debug, Default)]
pub struct Report {
    pub records: Vec<(PathBuf, Outcome, String)>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn count(&self, f: fn(&Outcome) -> bool) -> usize {
        self.records.iter().filter(|(_, o, _)| f(o)).count()
    }
}

/// Run an import; `Err` with every problem when anything is wrong (nothing is written then).
pub fn run(opts: &ImportOptions) -> Result<Report, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut report = Report::default();
    let dept = opts
        .dept
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let mut notices = Vec::new();
    let mut contracts = Vec::new();
    let mut urls: Vec<Option<String>> = Vec::new();
    for (i, arg) in opts.sources.iter().enumerate() {
        let src = match source::load(arg, opts.format, dept, opts.timeout) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                urls.push(None);
                continue;
            }
        };
        urls.push(src.url.clone());
        let parsed = match src.format {
            Format::Rss => {
                if dept.is_some() && src.url.is_none() {
                    report.notes.push(format!("{}: ฟีดเป็นของหน่วยงานเดียวตาม deptId ที่ดาวน์โหลด จึงนำเข้าทั้งไฟล์ / a feed is one agency's (the deptId it was fetched with): imported whole", src.name));
                }
                rss::read(i, &src.name, &src.text, &mut diags)
            }
            Format::Csv => contracts::read_csv(i, &src.name, &src.text, dept, &mut diags),
            Format::Json => contracts::read_json(i, &src.name, &src.text, dept, &mut diags),
        };
        if parsed.notices.is_empty() && parsed.contracts.is_empty() && src.format != Format::Rss {
            report
                .notes
                .push(format!("{}: ไม่มีรายการที่นำเข้า / nothing to import", src.name));
        }
        if src.format == Format::Rss && parsed.notices.is_empty() && !src.text.trim().is_empty() {
            report.notes.push(format!(
                "{}: ฟีดไม่มีประกาศ (ถ้าดึงในช่วง ๐๙.๐๐–๑๒.๐๐ หรือ ๑๓.๐๐–๑๗.๐๐ น. ระบบอาจปิดอยู่) / the feed holds no announcement (if fetched 09–12 or 13–17 Bangkok time, it may be closed)",
                src.name
            ));
        }
        report.notes.extend(parsed.notes);
        notices.extend(parsed.notices);
        contracts.extend(parsed.contracts);
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    let existing = records::scan(&opts.root, &mut report.notes);
    let mut facts: BTreeMap<String, merge::Facts> = BTreeMap::new();
    let touched: BTreeSet<String> = notices
        .iter()
        .map(|n| n.project.clone())
        .chain(contracts.iter().map(|c| c.project.clone()))
        .collect();
    for e in existing
        .iter()
        .filter(|e| e.unedited() && touched.contains(&e.project))
    {
        facts.entry(e.project.clone()).or_default().add_existing(e);
    }
    for c in &contracts {
        let url = urls.get(c.pos.source).cloned().flatten();
        facts
            .entry(c.project.clone())
            .or_default()
            .add_contract(c, url.as_deref());
    }
    let mut sorted: Vec<&model::Notice> = notices.iter().collect();
    sorted.sort_by_key(|n| (n.date, n.kind.is_change()));
    for n in sorted {
        facts.entry(n.project.clone()).or_default().add_notice(n);
    }
    let mut planned: BTreeSet<PathBuf> = BTreeSet::new();
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    for (project, f) in &facts {
        if f.contracts_seen > 1 {
            report.notes.push(format!("โครงการ {project} มี {} สัญญา บันทึกสัญญาล่าสุดในรายการ ที่เหลือดูใน e-GP / project {project} has {} contracts: the record holds the last one", f.contracts_seen, f.contracts_seen));
        }
        let Ok(wanted) = merge::desired(project, f) else {
            diags.push(position_error(
                opts,
                f.pos.as_ref(),
                format!("โครงการ {project}: ไม่มีแหล่งใดระบุวิธีจัดซื้อจัดจ้าง"),
                format!("project {project}: no source names its procurement method"),
                "นำเข้าฟีดหรือชุดข้อมูลที่มีวิธี (e-bidding, เฉพาะเจาะจง …) ด้วย / import a source that names the method too",
            ));
            continue;
        };
        for want in wanted {
            let same: Vec<&records::Existing> = existing
                .iter()
                .filter(|e| e.project == *project && e.stage == want.stage)
                .collect();
            let text = records::with_marker(&want.kind, &records::body(&want.view, want.draft));
            if let Some(kept) = same.iter().find(|e| !e.unedited()) {
                let diffs = merge::differences(&kept.view, &want.view);
                report
                    .records
                    .push((kept.rel.clone(), Outcome::Kept(diffs), text));
                continue;
            }
            match same.first() {
                Some(e) if e.bytes == text.as_bytes() => {
                    report
                        .records
                        .push((e.rel.clone(), Outcome::Unchanged, text));
                }
                Some(e) => {
                    writes.push((e.rel.clone(), text.clone()));
                    report.records.push((e.rel.clone(), Outcome::Updated, text));
                }
                None => {
                    let rel = new_name(&opts.root, project, &want, &planned);
                    planned.insert(rel.clone());
                    writes.push((rel.clone(), text.clone()));
                    report.records.push((rel, Outcome::New, text));
                }
            }
        }
    }
    // Every record must pass the same checks as `check` before anything is written.
    for (rel, text) in &writes {
        let (_, d) = crate::content::parse_record_bytes(&opts.root, rel, text.as_bytes(), false);
        diags.extend(d);
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    if !opts.dry_run {
        write_all(&opts.root, &writes)?;
    }
    Ok(report)
}

fn position_error(
    opts: &ImportOptions,
    pos: Option<&model::Pos>,
    th: String,
    en: String,
    hint: &str,
) -> Diagnostic {
    let name = pos
        .and_then(|p| opts.sources.get(p.source))
        .map(|s| source::redact(s))
        .unwrap_or_default();
    let label = pos.map(|p| p.label.clone()).unwrap_or_default();
    Diagnostic::file(
        Path::new(&name),
        format!("{label}: {th}"),
        format!("{label}: {en}"),
        hint,
    )
}

/// `content/procurement/<fiscal year>-<slug of the item>-<stage>.toml`; with the project id
/// before the stage when that name is taken (two procurements of one name in a year).
fn new_name(
    root: &Path,
    project: &str,
    want: &merge::Desired,
    planned: &BTreeSet<PathBuf>,
) -> PathBuf {
    let fy = want.view.date.map(crate::thai::fiscal_year).unwrap_or(0);
    let slug = crate::scaffold::slugify(want.view.item.as_deref().unwrap_or(project));
    let slug = if slug.is_empty() {
        project.to_string()
    } else {
        slug
    };
    let stage = records::kebab(&want.stage);
    let dir = PathBuf::from("content").join("procurement");
    let free = |p: &PathBuf| !planned.contains(p) && !root.join(p).exists();
    let first = dir.join(format!("{fy}-{slug}-{stage}.toml"));
    if free(&first) {
        return first;
    }
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            project.to_string()
        } else {
            format!("{project}-{n}")
        };
        let p = dir.join(format!("{fy}-{slug}-{suffix}-{stage}.toml"));
        if free(&p) {
            return p;
        }
        n += 1;
    }
}

/// Write every file to a hidden temporary beside it first, then rename them all: a failure
/// before the renames leaves the site as it was.
fn write_all(root: &Path, writes: &[(PathBuf, String)]) -> Result<(), Diagnostics> {
    let mut temps = Vec::new();
    let fail = |rel: &Path, e: std::io::Error, temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
        let mut d = Diagnostics::default();
        d.push(Diagnostic::file(
            rel,
            format!("เขียนไฟล์ไม่ได้ ({e}) ไม่มีไฟล์ใดถูกเปลี่ยน"),
            format!("cannot write the file ({e}); nothing was changed"),
            "ตรวจพื้นที่ดิสก์และสิทธิ์การเขียน / check disk space and write permission",
        ));
        d
    };
    for (rel, text) in writes {
        let full = root.join(rel);
        let dir = full.parent().unwrap_or(root);
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Err(fail(rel, e, &temps));
        }
        let name = full
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.import.tmp"));
        if let Err(e) = std::fs::write(&tmp, text) {
            temps.push((tmp, full));
            return Err(fail(rel, e, &temps));
        }
        temps.push((tmp, full));
    }
    for (tmp, full) in &temps {
        if let Err(e) = std::fs::rename(tmp, full) {
            return Err(fail(full, e, &temps));
        }
    }
    Ok(())
}

/// The officer's summary of a report (stdout).
pub fn describe(report: &Report, dry_run: bool) -> String {
    let mut out = String::new();
    for (rel, outcome, text) in &report.records {
        let p = rel.display();
        match outcome {
            Outcome::New if dry_run => {
                out.push_str(&format!("จะสร้าง / would create {p}\n{text}\n"))
            }
            Outcome::New => out.push_str(&format!("สร้าง / created {p}\n")),
            Outcome::Updated if dry_run => {
                out.push_str(&format!("จะปรับตาม e-GP / would update {p}\n{text}\n"))
            }
            Outcome::Updated => out.push_str(&format!("ปรับตาม e-GP / updated {p}\n")),
            Outcome::Unchanged => out.push_str(&format!("ไม่เปลี่ยน / unchanged {p}\n")),
            Outcome::Kept(diffs) if diffs.is_empty() => out.push_str(&format!(
                "ไฟล์ที่แก้ไขแล้ว ไม่แตะ (ตรงกับ e-GP) / edited, left alone (agrees with e-GP) {p}\n"
            )),
            Outcome::Kept(diffs) => {
                out.push_str(&format!(
                    "ไฟล์ที่แก้ไขแล้ว ไม่แตะ แต่ e-GP ระบุต่างออกไป / edited, left alone; e-GP differs: {p}\n"
                ));
                for (field, file, egp) in diffs {
                    out.push_str(&format!(
                        "  {field}: ในไฟล์ / file = {file}\n  {:w$}  e-GP          = {egp}\n",
                        "",
                        w = field.chars().count()
                    ));
                }
            }
        }
    }
    for n in &report.notes {
        out.push_str(&format!("หมายเหตุ / note: {n}\n"));
    }
    let c = |f: fn(&Outcome) -> bool| report.count(f);
    out.push_str(&format!(
        "{}: ใหม่ / new {}, ปรับ / updated {}, ไม่เปลี่ยน / unchanged {}, ไม่แตะ / left alone {}{}",
        if dry_run {
            "ทดลอง ไม่ได้เขียนไฟล์ / dry run, nothing written"
        } else {
            "นำเข้าเสร็จ / imported"
        },
        c(|o| *o == Outcome::New),
        c(|o| *o == Outcome::Updated),
        c(|o| *o == Outcome::Unchanged),
        c(|o| matches!(o, Outcome::Kept(_))),
        "\n"
    ));
    out
}

#[cfg(test)]
mod garbage_tests {
    use proptest::prelude::*;

    use super::*;

    /// Text made of the pieces the readers look for, in any order, cut anywhere.
    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<item>".to_string()),
            Just("</item>".to_string()),
            Just("<rss><channel>".to_string()),
            Just("<description>".to_string()),
            Just("68119000001, เฉพาะเจาะจง, ประกาศเชิญชวน".to_string()),
            Just("<pubDate>2024-11-01</pubDate>".to_string()),
            Just("รหัสโครงการ,ชื่อโครงการ,งบประมาณ(บาท)\n".to_string()),
            Just("\"1,0".to_string()),
            Just("{\"result\":{\"records\":[".to_string()),
            Just("{\"project_id\":\"1\",\"contract\":[{\"contract_date\":\"1 ม.ค. 6".to_string()),
            Just(",".to_string()),
            Just("\n".to_string()),
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn readers_never_panic(text in pieces(), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let decoded = source::decode(&bytes);
            for t in [text.as_str(), decoded.as_str()] {
                let mut d = Diagnostics::default();
                let _ = rss::read(0, "x", t, &mut d);
                let _ = contracts::read_csv(0, "x", t, Some("ก"), &mut d);
                let _ = contracts::read_csv(0, "x", t, None, &mut d);
                let _ = contracts::read_json(0, "x", t, None, &mut d);
                let _ = cgd::cgd_date(t);
                let _ = rss::feed_date(t);
                let _ = model::item_from_title(t);
                for diag in &d.0 {
                    let _ = diag.to_string();
                }
            }
        }
    }
}
