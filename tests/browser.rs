//! Browser tests of the default theme. Builds the demo site of this repository into a temporary
//! folder with its base URL at a sub-path (`http://127.0.0.1:<port>/site/`), serves it with the
//! small static server below, and runs `tests/browser/run.mjs` (axe-core, html-validate,
//! keyboard, text size and contrast controls, print, screenshots) in Debian's chromium.
//!
//! Needs `node`, chromium (`/usr/bin/chromium`, or `CHROMIUM=path`) and the suite's packages
//! (`npm ci --prefix tests/browser`, which test.sh runs). Without them the test prints a note and
//! passes. `PRONGSAI_LIGHTHOUSE=1` also runs Lighthouse and prints its four scores.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const PREFIX: &str = "/site/";

fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    p.is_file().then_some(p)
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn default_theme_in_a_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = repo.join("tests").join("browser");
    let missing: Vec<&str> = [
        (!node_works()).then_some("node"),
        chromium()
            .is_none()
            .then_some("chromium (/usr/bin/chromium or CHROMIUM=path)"),
        (!suite.join("node_modules").is_dir())
            .then_some("tests/browser/node_modules (npm ci --prefix tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !common::tools_present("theme browser tests", &missing) {
        return;
    }

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().expect("local address").port();
    let base_url = format!("http://127.0.0.1:{port}{PREFIX}");
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .arg("build")
        .arg("--root")
        .arg(repo)
        .arg("--output")
        .arg(&out)
        .arg("--base-url")
        .arg(&base_url)
        .output()
        .expect("run prongsai build");
    assert!(
        build.status.success(),
        "prongsai build failed:\n{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );

    let root = out.clone();
    std::thread::spawn(move || serve(listener, root));

    let artifacts = repo.join("target").join("browser-artifacts");
    let status = Command::new("node")
        .arg(suite.join("run.mjs"))
        .arg(&base_url)
        .arg(&out)
        .arg("--artifacts")
        .arg(&artifacts)
        .current_dir(repo)
        .status()
        .expect("run node tests/browser/run.mjs");
    assert!(
        status.success(),
        "browser tests failed (see the lines marked `not ok` above)"
    );

    if std::env::var_os("PRONGSAI_LIGHTHOUSE").is_some() {
        let lh = Command::new("node")
            .arg(suite.join("lighthouse.mjs"))
            .arg(&base_url)
            .arg(&out)
            .arg("--artifacts")
            .arg(&artifacts)
            .current_dir(repo)
            .status();
        if !matches!(lh, Ok(s) if s.success()) {
            eprintln!("note: Lighthouse did not run: {lh:?}");
        }
    }
}

/// A static file server for the test: `PREFIX` maps to `root`, a folder serves its
/// `index.html`, anything else is the site's `404.html` with status 404. HTTP/1.1 keep-alive,
/// one thread per connection.
fn serve(listener: TcpListener, root: PathBuf) {
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
        });
    }
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut request = String::new();
        if reader.read_line(&mut request)? == 0 {
            return Ok(());
        }
        let mut close = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 {
                return Ok(());
            }
            let h = header.trim().to_ascii_lowercase();
            if h.is_empty() {
                break;
            }
            if h == "connection: close" {
                close = true;
            }
        }
        let mut parts = request.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        let (status, body, mime) = match (method, resolve(root, target)) {
            ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
                Ok(b) => ("200 OK", b, mime_type(&file)),
                Err(_) => not_found(root),
            },
            ("GET" | "HEAD", None) => not_found(root),
            _ => ("405 Method Not Allowed", Vec::new(), "text/plain"),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: max-age=600\r\n{}\r\n",
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        out.write_all(head.as_bytes())?;
        if method != "HEAD" {
            out.write_all(&body)?;
        }
        out.flush()?;
        if close {
            return Ok(());
        }
    }
}

fn not_found(root: &Path) -> (&'static str, Vec<u8>, &'static str) {
    (
        "404 Not Found",
        std::fs::read(root.join("404.html")).unwrap_or_default(),
        "text/html; charset=utf-8",
    )
}

/// The file for a request target under `PREFIX`, refusing anything outside `root`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix(PREFIX)?;
    let decoded = prongsai::config::percent_decode(rest)?;
    let rel = Path::new(&decoded);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}
