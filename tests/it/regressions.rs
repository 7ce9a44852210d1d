//! Crash cases, kept as tests: every input under tests/regressions/<target>/ goes through the same
//! steps as the fuzz target of that name (fuzz/fuzz_targets/<target>.rs), on a thread with the
//! stack of a build's worker threads, and must not panic or overflow.
//!
//! To add a case found by `fuzz/run.sh`: copy `fuzz/artifacts/<target>/crash-…` to
//! `tests/regressions/<target>/<what-it-is>`, fix the bug, and run this test.

use std::path::{Path, PathBuf};

use prongsai::config::Config;
use prongsai::content::{Content, parse_record_bytes, root_links};
use prongsai::output::minify;
use prongsai::render::markdown::to_html;
use prongsai::site::Site;
use prongsai::thai::{Date, Digits, fiscal_year, format_date_long, parse_date};

/// The stack of rayon's worker threads (where pages are rendered and minified).
const WORKER_STACK: usize = 2 * 1024 * 1024;

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

/// The record target: first byte picks the file, the rest is its bytes.
fn record(root: &Path, data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let place = PLACES[usize::from(sel) % PLACES.len()];
    let ext = if sel & 0x10 == 0 { "md" } else { "toml" };
    let rel = PathBuf::from(format!("{place}.{ext}"));
    let (rec, diags) = parse_record_bytes(root, &rel, bytes, sel & 0x20 != 0);
    for d in &diags.0 {
        let _ = d.to_string();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = minify(&to_html(text, "/site/"));
        let _ = root_links(text);
    }
    let Some(rec) = rec else {
        return;
    };
    let _ = minify(&to_html(&rec.body, "/site/"));
    let _ = serde_json::to_string(&rec);
    let config = Config::parse(root, SITE_TOML, None).expect("config");
    let _ = Site::build(
        config,
        Content {
            records: vec![rec],
            files: vec!["a.pdf".into()],
        },
    );
}

fn thai_date(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = parse_date(s) {
        assert!(Date::new(d.year, d.month, d.day).is_some());
        let _ = fiscal_year(d);
        if !(2400..=2700).contains(&d.be_year()) {
            return;
        }
        for digits in [Digits::Thai, Digits::Arabic] {
            assert_eq!(parse_date(&format_date_long(d, digits)).ok(), Some(d));
        }
    }
}

fn site_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = Config::parse(Path::new("/nonexistent"), text, None) {
        let _ = c.permalink("/news/a/");
    }
}

fn cases(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).expect("read case"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Run `f` on a thread with a worker's stack, so a stack overflow fails the test here rather
/// than only in a build.
fn on_worker_stack(name: &str, f: impl FnOnce() + Send + 'static) {
    let r = std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(WORKER_STACK)
        .spawn(f)
        .expect("spawn")
        .join();
    assert!(r.is_ok(), "{name} panicked");
}

#[test]
fn record_crash_cases() {
    let root = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(root.path().join("content/files")).expect("mkdir");
    std::fs::write(root.path().join("content/files/a.pdf"), b"%PDF-1.4").expect("write");
    let cases = cases("record");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        let root = root.path().to_path_buf();
        on_worker_stack(&name, move || record(&root, &data));
    }
}

#[test]
fn thai_date_crash_cases() {
    for (name, data) in cases("thai_date") {
        on_worker_stack(&name, move || thai_date(&data));
    }
}

#[test]
fn site_toml_crash_cases() {
    for (name, data) in cases("site_toml") {
        on_worker_stack(&name, move || site_toml(&data));
    }
}

/// The first crash found: Markdown nested 10,000 deep made the HTML minifier recurse once per
/// element and overflow a worker's stack (killing `build` with no message). Nesting is now
/// bounded in `render::markdown`.
#[test]
fn deep_markdown_nesting_does_not_overflow_the_stack() {
    for depth in [100, 1_000, 10_000, 50_000] {
        for unit in ["> ", "- ", "1. ", "* > "] {
            let md = format!("{}x\n", unit.repeat(depth));
            on_worker_stack(&format!("{unit:?} × {depth}"), move || {
                let html = minify(&to_html(&md, "/"));
                assert!(String::from_utf8_lossy(&html).contains('x'));
            });
        }
    }
}
