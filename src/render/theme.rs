//! Finding the theme's files: the default theme is built into the program; a site's own
//! `themes/<name>/` replaces it file by file, and a site's `templates/` overrides single templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where a theme file came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

/// The theme's files by their path inside the theme (`templates/base.html`, `static/…`).
pub fn load(root: &Path, theme: &str) -> Result<BTreeMap<String, ThemeFile>, Diagnostics> {
    let mut files = BTreeMap::new();
    if theme == "default" {
        for (rel, bytes) in DEFAULT_THEME {
            files.insert(
                (*rel).to_string(),
                ThemeFile {
                    origin: PathBuf::from(format!("themes/default/{rel} (built in)")),
                    bytes: bytes.to_vec(),
                },
            );
        }
    }
    let theme_dir = root.join("themes").join(theme);
    let mut diags = Diagnostics::default();
    if theme_dir.is_dir() {
        overlay(root, &theme_dir, "", &mut files, &mut diags);
    } else if theme != "default" {
        diags.push(Diagnostic::file(
            Path::new("site.toml"),
            format!("ไม่พบธีม `{theme}` (โฟลเดอร์ themes/{theme}/)"),
            format!("theme `{theme}` not found (no themes/{theme}/ folder)"),
            "ใช้ theme = \"default\" หรือสร้างโฟลเดอร์ของธีม / use theme = \"default\" or create the theme folder",
        ));
    }
    let site_templates = root.join("templates");
    if site_templates.is_dir() {
        overlay(root, &site_templates, "templates/", &mut files, &mut diags);
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

fn overlay(
    root: &Path,
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, ThemeFile>,
    diags: &mut Diagnostics,
) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        let origin = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(format!("{prefix}{rel}"), ThemeFile { origin, bytes });
            }
            Err(e) => diags.push(Diagnostic::file(
                &origin,
                format!("อ่านไฟล์ธีมไม่ได้ ({e})"),
                format!("cannot read this theme file ({e})"),
                "ตรวจสิทธิ์การเข้าถึงไฟล์ / check the file permissions",
            )),
        }
    }
}
