//! Helpers shared by the integration tests: run the real `prongsai` binary, make throw-away
//! site folders, read and pick apart the (minified) HTML it writes.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub mod faults;
pub mod servers;
pub mod static_host;

/// The folder of this crate, which is also the demo site.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The run of a finished command.
    pub fn from(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Both streams, for assertion messages.
    pub fn all(&self) -> String {
        format!(
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Asserts the exit status (and that nothing panicked).
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{}", self.all());
        self.no_panic()
    }

    #[track_caller]
    pub fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "the program panicked:\n{}",
            self.all()
        );
        self
    }
}

/// The raw output of `prongsai <args>`, run in `cwd`.
pub fn run_raw_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("cannot start the prongsai binary")
}

/// `prongsai <args>` run in the system temp folder (so relative paths never touch the repo).
pub fn run(args: &[&str]) -> Run {
    run_in(&std::env::temp_dir(), args)
}

/// `prongsai <args>` run in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    Run::from(run_raw_in(cwd, args))
}

/// `prongsai build --root <root>` (output: `<root>/public`).
pub fn build(root: &Path) -> Run {
    run(&["build", "--root", s(root)])
}

/// `prongsai check --root <root>`.
pub fn check(root: &Path) -> Run {
    run(&["check", "--root", s(root)])
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// The `site.toml` of sites made by [`site`] unless they bring their own.
pub const SITE_TOML: &str = "base_url = \"https://test.example.go.th/\"\n\
title = \"เทศบาลตำบลทดสอบ\"\n\
title_en = \"Test Subdistrict Municipality\"\n\
digits = \"thai\"\n";

/// A new site folder holding a minimal `site.toml`, an empty `content/`, and `files`
/// (paths relative to the site root; a `site.toml` among them replaces the default one).
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir content");
    write(&dir.path().join("site.toml"), SITE_TOML);
    for (rel, text) in files {
        write(&dir.path().join(rel), text);
    }
    dir
}

/// Write a file, creating its folders.
pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// A file as text (panics with the path when missing).
#[track_caller]
pub fn read(path: impl AsRef<Path>) -> String {
    let p = path.as_ref();
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A copy of a site folder of this repository (its `site.toml` and `content/`, and its
/// `templates/` and `themes/` when it has them). `rel` is "" for the demo site itself.
pub fn copy_site(rel: &str) -> TempDir {
    let src = repo().join(rel);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(src.join("site.toml"), dir.path().join("site.toml")).expect("copy site.toml");
    copy_dir(&src.join("content"), &dir.path().join("content"));
    for extra in ["templates", "themes"] {
        // The repository's own themes/default is the built-in theme; copying it changes nothing.
        if !rel.is_empty() && src.join(extra).is_dir() {
            copy_dir(&src.join(extra), &dir.path().join(extra));
        }
    }
    dir
}

/// A copy of the demo site (the repository's `site.toml` and `content/`).
pub fn demo() -> TempDir {
    copy_site("")
}

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).expect("under base").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every `.html` file under `dir`, relative to it.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Every file's bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).expect("read");
            (p, bytes)
        })
        .collect()
}

/// The text of an HTML page: tags replaced by spaces, a few entities decoded, runs of
/// whitespace collapsed to one space.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in html.chars() {
        match (in_tag, quote, c) {
            (false, _, '<') => {
                in_tag = true;
                out.push(' ');
            }
            (false, _, c) => out.push(c),
            (true, None, '"' | '\'') if prev == '=' => quote = Some(c),
            (true, Some(q), c) if c == q => quote = None,
            (true, None, '>') => in_tag = false,
            _ => {}
        }
        prev = c;
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The values of attribute `name` on every tag of `html` (quoted or not, as minifiers leave them).
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    tags(html).iter().filter_map(|t| attr(t, name)).collect()
}

/// The opening tags of `html` (from `<` to `>`, quotes respected), comments and text left out.
pub fn tags(html: &str) -> Vec<String> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic() {
            let start = i;
            let mut quote: Option<u8> = None;
            i += 1;
            while i < b.len() {
                match (quote, b[i]) {
                    // A quote opens a value only right after `=`.
                    (None, b'"' | b'\'') if b[i - 1] == b'=' => quote = Some(b[i]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                i += 1;
            }
            out.push(String::from_utf8_lossy(&b[start..i.min(b.len())]).into_owned());
        } else if b[i..].starts_with(b"<!--") {
            i = b[i..]
                .windows(3)
                .position(|w| w == b"-->")
                .map_or(b.len(), |j| i + j + 3);
            continue;
        }
        i += 1;
    }
    out
}

/// The name of a tag (`<a href=…` → `a`).
pub fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The value of attribute `name` in one opening tag.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let b = tag.as_bytes();
    let mut i = 0;
    while let Some(j) = tag[i..].find(name) {
        let at = i + j;
        let end = at + name.len();
        let before_ok = at > 0 && b[at - 1].is_ascii_whitespace();
        if before_ok && b.get(end) == Some(&b'=') {
            let rest = &tag[end + 1..];
            let value = match rest.as_bytes().first() {
                Some(q @ (b'"' | b'\'')) => {
                    let q = *q as char;
                    rest[1..].split(q).next().unwrap_or("").to_string()
                }
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or("")
                    .to_string(),
            };
            return Some(value.replace("&amp;", "&"));
        }
        i = end;
    }
    None
}

/// Decode `%XX` escapes of a URL path, as the program does (`prongsai::config::percent_decode`);
/// a malformed escape is kept as it is, so the link check of a test shows it.
pub fn percent_decode(s: &str) -> String {
    prongsai::config::percent_decode(s).unwrap_or_else(|| s.to_string())
}

/// The file a site path (`/news/a/`, `/files/x.pdf`, `/news/a/#x`) names in `out`, if it exists:
/// a folder means its `index.html`.
pub fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['#', '?']).next().unwrap_or("");
    let path = percent_decode(path);
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|seg| seg == "..") {
        return None;
    }
    let p = out.join(rel);
    let file = if p.is_dir() { p.join("index.html") } else { p };
    file.is_file().then_some(file)
}

/// Every `href`/`src` value of every HTML file under `out`, with the file it is in.
pub fn all_links(out: &Path) -> Vec<(PathBuf, String)> {
    let mut links = Vec::new();
    for f in html_files(out) {
        let html = read(out.join(&f));
        for t in tags(&html) {
            for a in ["href", "src"] {
                if let Some(v) = attr(&t, a) {
                    links.push((f.clone(), v));
                }
            }
        }
    }
    links
}

/// The `<td>`/`<th>` texts of the table row whose text contains `marker`.
pub fn row_cells(html: &str, marker: &str) -> Vec<String> {
    let Some(at) = html.find(marker) else {
        return Vec::new();
    };
    let start = html[..at].rfind("<tr").unwrap_or(0);
    let end = html[at..].find("</tr>").map_or(html.len(), |j| at + j);
    let row = &html[start..end];
    row.split("<t")
        .skip(1)
        .filter(|c| c.starts_with('d') || c.starts_with('h'))
        .map(|c| text(&format!("<t{c}")))
        .collect()
}

/// SHA-256 of `data` as lowercase hex (the `sha2` crate the program uses; `sha256sum` checks
/// both in tests/it/demo_site.rs).
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `stderr` names `file` at line `line` as `file:line:column`.
pub fn names_location(stderr: &str, file: &str, line: usize) -> bool {
    let needle = format!("{file}:{line}:");
    stderr.match_indices(&needle).any(|(i, _)| {
        stderr[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// One copy of the demo site, built once per test binary and shared by its tests (building the
/// demo is the slow part). It lives under Cargo's temp folder for tests, in a folder named after
/// this process; folders left by earlier runs (older than an hour) are removed.
pub fn shared_demo() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(rd) = std::fs::read_dir(&base) {
            for e in rd.flatten() {
                let stale = e.file_name().to_string_lossy().starts_with("demo-site-")
                    && e.metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age.as_secs() > 3600);
                if stale {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = base.join(format!("demo-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::copy(repo().join("site.toml"), dir.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo().join("content"), &dir.join("content"));
        build(&dir).expect(0);
        dir
    })
}

/// Whether a test that needs outside tools (a browser, node, an FTP or SSH server) may run.
/// `missing` names what is not installed. In CI (`PRONGSAI_CI=1`, set by `.ci/run`) a missing
/// tool fails the test, so CI can never be green without running it; on a developer's machine
/// the test is skipped with a loud note saying what to install.
pub fn tools_present(test: &str, missing: &[&str]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let what = missing.join(", ");
    if std::env::var_os("PRONGSAI_CI").is_some_and(|v| !v.is_empty() && v != "0") {
        panic!("{test}: required tools are missing in CI: {what}");
    }
    eprintln!(
        "\n!!! SKIPPED {test}: missing {what} (CI fails here; ./test.sh as root installs them)\n"
    );
    false
}

/// A small site of two news records in a fresh folder (the output-fault and Windows tests).
pub fn small_site() -> TempDir {
    site(&[
        (
            "content/news/a.md",
            "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\n+++\nก\n",
        ),
        (
            "content/news/b.md",
            "+++\ntitle = \"ข่าวสอง\"\ndate = 2024-11-01\n+++\nข\n",
        ),
    ])
}

/// Whether the tests run as root (permissions do not hold for root).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
