//! What a Windows PC does differently, tested on Linux by forcing the same code path: the output
//! swap with two renames (no `renameat2` there) and its recovery after a kill between them; the
//! browser `serve --open` starts (src/browser.rs). Paths and reserved names: tests/it/windows_names.rs.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// `prongsai build --root <root>` with `PRONGSAI_SWAP=<swap>` (src/output/swap.rs).
fn build_with(root: &Path, swap: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    c.args(["build", "--root", s(root)])
        .env("NO_COLOR", "1")
        .env("PRONGSAI_SWAP", swap);
    c
}

/// Wait until a `rename-pause` build has moved the output aside to `old` (its first rename).
/// Start a build that waits between its two renames (`rename-pause`), kill it right there, and
/// give the folder the previous output was moved to.
fn kill_between_the_renames(root: &Path) -> PathBuf {
    let mut child = build_with(root, "rename-pause")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let old = root.join(format!(".public.old-{}", child.id()));
    wait_between_the_renames(root, &old);
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    old
}

fn wait_between_the_renames(root: &Path, old: &Path) {
    let start = Instant::now();
    while !old.exists() || root.join("public").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the build never reached its first rename; beside the output: {:?}",
            common::faults::leftovers(root)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_two_rename_swap_replaces_the_output_and_leaves_nothing_beside_it() {
    let site = small_site();
    let root = site.path();
    let first = build_with(root, "rename").output().expect("run");
    assert!(first.status.success(), "{first:?}");
    write(
        &root.join("content/news/a.md"),
        "+++\ntitle = \"ข่าวแก้ไข\"\ndate = 2024-10-01\n+++\nก\n",
    );
    let second = build_with(root, "rename").output().expect("run");
    assert!(second.status.success(), "{second:?}");
    let expected = tempfile::tempdir().expect("tempdir");
    let out = expected.path().join("out");
    run(&["build", "--root", s(root), "--output", s(&out)]).expect(0);
    assert!(snapshot(&root.join("public")) == snapshot(&out));
    assert_eq!(common::faults::leftovers(root), Vec::<String>::new());
}

#[test]
fn a_build_killed_between_the_two_renames_is_put_back_by_the_next_build() {
    let site = small_site();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let previous = snapshot(&public);
    write(
        &root.join("content/news/a.md"),
        "+++\ntitle = \"ข่าวแก้ไข\"\ndate = 2024-10-01\n+++\nก\n",
    );

    // The build waits between its two renames (`rename-pause`); it is killed right there.
    let old = kill_between_the_renames(root);
    assert!(!public.exists(), "killed between the renames: no output");
    assert!(
        snapshot(&old) == previous,
        "the previous output, whole, beside it"
    );

    // The next build (any swap) puts the previous output back first, then replaces it whole.
    let next = build_with(root, "rename").output().expect("run");
    assert!(next.status.success(), "{next:?}");
    let expected = tempfile::tempdir().expect("tempdir");
    let out = expected.path().join("out");
    run(&["build", "--root", s(root), "--output", s(&out)]).expect(0);
    assert!(snapshot(&public) == snapshot(&out), "the new site, whole");
    assert_eq!(
        common::faults::leftovers(root),
        Vec::<String>::new(),
        "nothing left"
    );
}

#[test]
fn a_failed_build_after_a_kill_between_the_renames_leaves_the_previous_output_in_place() {
    let site = small_site();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let previous = snapshot(&public);
    kill_between_the_renames(root);
    // An attachment that cannot be read makes the next build fail while writing, after it has
    // taken its lock and tidied what the killed build left: the officer still has a site.
    let files = root.join("content/files");
    std::fs::create_dir_all(&files).expect("mkdir");
    std::os::unix::fs::symlink("/nonexistent/แผน.pdf", files.join("แผน.pdf")).expect("symlink");
    let failed = build_with(root, "rename").output().expect("run");
    assert!(!failed.status.success(), "{failed:?}");
    assert!(
        snapshot(&public) == previous,
        "the previous output is back: {:?}",
        files_under(&public)
    );
    assert_eq!(common::faults::leftovers(root), Vec::<String>::new());
}

/// `prongsai serve --open` on a free port with `envs`; the child and its port.
fn serve_open(root: &Path, envs: &[(&str, &str)]) -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut c = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    c.args([
        "serve",
        "--root",
        s(root),
        "--port",
        &port.to_string(),
        "--open",
    ])
    .env("NO_COLOR", "1")
    .env_remove("PRONGSAI_BROWSER")
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    for (k, v) in envs {
        c.env(k, v);
    }
    (c.spawn().expect("spawn serve"), port)
}

/// Kill a server and return what it wrote on stderr.
fn stop(mut child: std::process::Child) -> String {
    let _ = child.kill();
    let out = child.wait_with_output().expect("wait");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn serve_open_starts_the_browser_on_the_served_address() {
    let site = small_site();
    let dir = tempfile::tempdir().expect("tempdir");
    let opened = dir.path().join("opened.txt");
    let page = dir.path().join("page.html");
    let chromium = Path::new("/usr/bin/chromium");
    // The browser: a script that notes its URL and, where Chromium is installed, loads the page
    // in it (headless) the way the officer's browser would.
    let script = dir.path().join("browser.sh");
    write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > {opened:?}.part && mv {opened:?}.part {opened:?}\n\
             if [ -x {chromium:?} ]; then {chromium:?} --headless --no-sandbox --disable-gpu \
             --dump-dom \"$1\" > {page:?}.part 2>/dev/null && mv {page:?}.part {page:?}; fi\n"
        ),
    );
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let (child, port) = serve_open(site.path(), &[("PRONGSAI_BROWSER", s(&script))]);
    let start = Instant::now();
    while !opened.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let with_chromium = tools_present("serve --open in a real browser", &{
        let mut missing = Vec::new();
        if !chromium.is_file() {
            missing.push("chromium");
        }
        missing
    });
    if with_chromium {
        while !page.exists() && start.elapsed() < Duration::from_secs(90) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let err = stop(child);
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap_or_default(),
        format!("http://127.0.0.1:{port}/"),
        "the browser is given the served address: {err}"
    );
    if with_chromium {
        let dom = std::fs::read_to_string(&page).unwrap_or_default();
        assert!(
            dom.contains("เทศบาลตำบลทดสอบ"),
            "the site's home page: {dom:.300}"
        );
    }
}

#[test]
fn serve_open_without_any_browser_is_a_note_and_the_server_keeps_running() {
    let site = small_site();
    // No PRONGSAI_BROWSER and no launcher on PATH: the `open` crate's own path finds nothing.
    let (child, port) = serve_open(site.path(), &[("PATH", "/nonexistent")]);
    let mut served = false;
    let start = Instant::now();
    while !served && start.elapsed() < Duration::from_secs(60) {
        served = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let err = stop(child);
    assert!(served, "the server runs: {err}");
    assert!(err.contains("cannot open a browser"), "{err}");
    assert!(
        err.contains(&format!("open http://127.0.0.1:{port}/ yourself")),
        "{err}"
    );
    assert!(err.contains("เปิดเบราว์เซอร์ไม่ได้"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
