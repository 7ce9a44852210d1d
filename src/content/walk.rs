//! The folder walk: which files under `content/` are records, of which kind, and which are
//! attachments; each record file is read (size-capped) and handed to the parser.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::parse::parse_record;
use super::{Content, Kind, MAX_RECORD_BYTES, Record, attachments};
use crate::error::{Diagnostic, Diagnostics};
use crate::guard;

/// Where a record file sits: its kind and, for plans, its plan folder.
pub(super) struct Place {
    pub(super) rel: PathBuf,
    pub(super) kind: Kind,
    pub(super) plan: Option<String>,
}

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
pub(super) fn place_for(rel: &Path) -> Option<Place> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
