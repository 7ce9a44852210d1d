//! Live reload in headless Chromium (Debian's): runs tests/browser/live-reload.mjs against
//! `prongsai serve` on a temp site. Skipped with a note when chromium or the node modules are
//! missing (test.sh installs them).

use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn ready(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = write!(
        s,
        "GET /__prongsai/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.contains("rebuilds")
}

#[test]
fn live_reload_and_error_overlay_in_a_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = repo.join("tests/browser");
    let node = Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!Path::new("/usr/bin/chromium").is_file()).then_some("/usr/bin/chromium"),
        (!suite.join("node_modules").is_dir()).then_some("tests/browser/node_modules"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !common::tools_present("live-reload browser test", &missing) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content/news")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "base_url = \"https://t.example.go.th/\"\ntitle = \"เทศบาลทดสอบ\"\n",
    )
    .unwrap();
    let record = root.join("content/news/live.md");
    std::fs::write(
        &record,
        "+++\ntitle = \"ข่าวเดิม\"\ndate = 2025-01-15\n+++\nเนื้อหา\n",
    )
    .unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("out"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready(port) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = Command::new("node")
        .arg(suite.join("live-reload.mjs"))
        .arg(format!("http://127.0.0.1:{port}/news/live/"))
        .arg(&record)
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "{text}");
}
