//! The record parser, for every kind folder and both file types: front matter splitting, TOML,
//! each kind's schema, Thai dates and amounts, attachment checks, then the Markdown body and the
//! site model built from the record. Any bytes give a record or diagnostics; never a panic.
//!
//! Input layout: the first byte picks the file (kind folder, `.md` or `.toml`, drafts on/off);
//! the rest is the file's bytes.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use prongsai::config::Config;
use prongsai::content::{Content, parse_record_bytes, root_links};
use prongsai::output::minify;
use prongsai::render::markdown::to_html;
use prongsai::site::Site;

/// Record paths under the site root, one per kind folder, each as `.md` and `.toml`.
const PLACES: [&str; 10] = [
    "content/pages/p",
    "content/news/n",
    "content/announcements/a",
    "content/procurement/x",
    "content/plans/plan/plan",
    "content/plans/plan/projects/j",
    "content/reports/r",
    "content/complaints/c",
    "content/people/h",
    "content/services/s",
];

const SITE_TOML: &str =
    "base_url = \"https://fuzz.example.go.th/site/\"\ntitle = \"เทศบาลทดสอบ\"\n";

/// A throw-away site folder with a few attachments (and a link pointing out of the site), so
/// that attachment references are checked against a real disk.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("prongsai-fuzz-{}", std::process::id()));
        let files = dir.join("content/files/sub");
        std::fs::create_dir_all(&files).expect("mkdir");
        std::fs::write(dir.join("site.toml"), SITE_TOML).expect("write");
        std::fs::write(dir.join("content/files/a.pdf"), b"%PDF-1.4").expect("write");
        std::fs::write(dir.join("content/files/photo.jpg"), b"\xff\xd8\xff").expect("write");
        std::fs::write(files.join("b.pdf"), b"%PDF-1.4").expect("write");
        #[cfg(unix)]
        let _ = std::os::unix::fs::symlink("/etc/passwd", dir.join("content/files/out.pdf"));
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let place = PLACES[usize::from(sel) % PLACES.len()];
    let ext = if sel & 0x10 == 0 { "md" } else { "toml" };
    let drafts = sel & 0x20 != 0;
    let rel = PathBuf::from(format!("{place}.{ext}"));
    let root = root();
    let (record, diags) = parse_record_bytes(root, &rel, bytes, drafts);
    for d in &diags.0 {
        let _ = d.to_string();
    }
    // The body alone, as Markdown, whatever the front matter did.
    if let Ok(text) = std::str::from_utf8(bytes) {
        let html = to_html(text, "/site/");
        // The page writer minifies every page; it parses the HTML the body made.
        let _ = minify(&html);
        let _ = root_links(text);
    }
    let Some(record) = record else {
        return;
    };
    let _ = to_html(&record.body, "/site/");
    let _ = serde_json::to_string(&record);
    let Ok(config) = Config::parse(root, SITE_TOML, None) else {
        return;
    };
    let content = Content {
        records: vec![record],
        files: vec!["a.pdf".into(), "photo.jpg".into(), "sub/b.pdf".into()],
    };
    let _ = Site::build(config, content);
});
