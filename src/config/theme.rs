//! The theme's files, input like `site.toml` (read before the model is built, below every
//! writer): the default theme is built into the program; a site's own `themes/<name>/` replaces
//! it file by file, and a site's `templates/` overrides single templates. Its `oit/` catalogues
//! are read from these files by the ITA module (`ita::Catalogues`).

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
    let theme_dir = Path::new("themes").join(theme);
    let mut diags = Diagnostics::default();
    if root.join(&theme_dir).is_dir() {
        overlay(root, &theme_dir, "", &mut files, &mut diags);
    } else if theme != "default" {
        diags.push(Diagnostic::file(
            Path::new("site.toml"),
            format!("ไม่พบธีม `{theme}` (โฟลเดอร์ themes/{theme}/)"),
            format!("theme `{theme}` not found (no themes/{theme}/ folder)"),
            "ใช้ theme = \"default\" หรือสร้างโฟลเดอร์ของธีม / use theme = \"default\" or create the theme folder",
        ));
    }
    let site_templates = Path::new("templates");
    if root.join(site_templates).is_dir() {
        overlay(root, site_templates, "templates/", &mut files, &mut diags);
    }
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

/// A theme file larger than this is refused (the largest font is a few hundred kilobytes).
const MAX_THEME_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Add the files under `root/dir` (a folder of the site) to `files`, through the gate
/// (src/guard.rs): a link or a special file in a theme is an error, never read.
fn overlay(
    root: &Path,
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, ThemeFile>,
    diags: &mut Diagnostics,
) {
    let (paths, refused) = crate::guard::walk(root, dir, &|n| n.starts_with('.'));
    diags.0.extend(refused);
    for origin in paths {
        let Ok(rel) = origin.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match crate::guard::read(root, &origin, MAX_THEME_FILE_BYTES) {
            Ok(bytes) => {
                files.insert(format!("{prefix}{rel}"), ThemeFile { origin, bytes });
            }
            Err(d) => diags.push(d),
        }
    }
}
