//! `prongsai serve` end to end: real editor save patterns on a temp site, observed over HTTP.
//! Each save must give exactly one rebuild, the new text, and a reload event; after a series of
//! edits the output folder must equal a clean build byte for byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    reloads: Arc<AtomicUsize>,
    errors: Arc<AtomicUsize>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(41111)
}

fn get(port: u16, path: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn rebuilds(port: u16) -> u64 {
    let (_, body) = get(port, "/__prongsai/stats");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    v["rebuilds"].as_u64().unwrap_or(u64::MAX)
}

fn write_site(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("content/news")).unwrap();
    std::fs::create_dir_all(dir.join("content/files")).unwrap();
    std::fs::write(
        dir.join("site.toml"),
        "base_url = \"https://t.example.go.th/\"\ntitle = \"เทศบาลทดสอบ\"\n",
    )
    .unwrap();
    for i in 0..n {
        news(dir, &format!("n{i}"), &format!("ข่าวที่ {i}"));
    }
}

fn news(dir: &Path, slug: &str, title: &str) {
    let text = format!("+++\ntitle = \"{title}\"\ndate = 2025-01-15\n+++\nเนื้อหา {title}\n");
    std::fs::write(dir.join(format!("content/news/{slug}.md")), text).unwrap();
}

fn start(root: &Path, out: &Path) -> Server {
    start_in(Command::new(env!("CARGO_BIN_EXE_prongsai")), root, out)
}

/// [`start`] with `serve` run by `cmd` (a wrapper that execs it, or the binary itself).
fn start_in(mut cmd: Command, root: &Path, out: &Path) -> Server {
    let port = free_port();
    let child = cmd
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while rebuilds(port) == u64::MAX {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let reloads = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let (r, e) = (Arc::clone(&reloads), Arc::clone(&errors));
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut w = stream.try_clone().unwrap();
    let _ = write!(
        w,
        "GET /__prongsai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    );
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if line == "event: reload" {
                r.fetch_add(1, Ordering::SeqCst);
            } else if line == "event: build-error" {
                e.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    Server {
        child,
        port,
        reloads,
        errors,
    }
}

/// Perform a save, then wait for exactly one rebuild and no more.
fn one_rebuild(s: &Server, save: impl FnOnce()) {
    let before = rebuilds(s.port);
    let reloads = s.reloads.load(Ordering::SeqCst) + s.errors.load(Ordering::SeqCst);
    save();
    let deadline = Instant::now() + Duration::from_secs(10);
    while rebuilds(s.port) == before {
        assert!(Instant::now() < deadline, "no rebuild after the save");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        rebuilds(s.port),
        before + 1,
        "a save must give exactly one rebuild"
    );
    assert_eq!(
        s.reloads.load(Ordering::SeqCst) + s.errors.load(Ordering::SeqCst),
        reloads + 1,
        "one event per rebuild"
    );
}

fn page(s: &Server, path: &str) -> String {
    get(s.port, path).1
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn save_patterns_each_rebuild_once_and_output_equals_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 3);
    let s = start(&root, &out);
    let f = root.join("content/news/n0.md");
    assert!(page(&s, "/news/n0/").contains("ข่าวที่ 0"));
    assert!(
        page(&s, "/news/n0/").contains("/__prongsai/live.js"),
        "serve injects the reload script"
    );
    assert!(
        !std::fs::read_to_string(out.join("news/n0/index.html"))
            .unwrap()
            .contains("__prongsai"),
        "never on disk"
    );

    // 1. write in place
    one_rebuild(&s, || news(&root, "n0", "แก้ในที่เดิม"));
    assert!(page(&s, "/news/n0/").contains("แก้ในที่เดิม"));
    // 2. write a temp file, then rename it over (vim, VS Code, JetBrains, gedit)
    one_rebuild(&s, || {
        let tmpf = root.join("content/news/.n0.md.tmp");
        std::fs::write(
            &tmpf,
            "+++\ntitle = \"บันทึกแบบเปลี่ยนชื่อ\"\ndate = 2025-01-15\n+++\n",
        )
        .unwrap();
        std::fs::rename(&tmpf, &f).unwrap();
    });
    assert!(page(&s, "/news/n0/").contains("บันทึกแบบเปลี่ยนชื่อ"));
    // 3. sed -i
    one_rebuild(&s, || {
        let ok = Command::new("sed")
            .args(["-i", "s/บันทึกแบบเปลี่ยนชื่อ/แก้ด้วยsed/"])
            .arg(&f)
            .status()
            .unwrap();
        assert!(ok.success());
    });
    assert!(page(&s, "/news/n0/").contains("แก้ด้วยsed"));
    // 4. deleted and created again
    one_rebuild(&s, || {
        std::fs::remove_file(&f).unwrap();
        news(&root, "n0", "ลบแล้วสร้างใหม่");
    });
    assert!(page(&s, "/news/n0/").contains("ลบแล้วสร้างใหม่"));
    // 5. a folder of 50 files copied in at once
    let batch = tmp.path().join("batch");
    std::fs::create_dir_all(&batch).unwrap();
    for i in 0..50 {
        std::fs::write(
            batch.join(format!("b{i}.md")),
            format!("+++\ntitle = \"ชุดที่ {i}\"\ndate = 2025-02-01\n+++\n"),
        )
        .unwrap();
    }
    one_rebuild(&s, || {
        let ok = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "cp {}/*.md {}",
                batch.display(),
                root.join("content/news").display()
            ))
            .status()
            .unwrap();
        assert!(ok.success());
    });
    assert!(page(&s, "/news/b49/").contains("ชุดที่ 49"));
    // An error keeps the last good site and is reported; the next good save recovers.
    let errors = s.errors.load(Ordering::SeqCst);
    one_rebuild(&s, || news(&root, "n1", "วันที่ผิด\"\ndate = \"31 ก.พ. 2567"));
    assert_eq!(s.errors.load(Ordering::SeqCst), errors + 1);
    assert!(
        page(&s, "/news/n1/").contains("ข่าวที่ 1"),
        "the last good page is still served"
    );
    one_rebuild(&s, || news(&root, "n1", "แก้แล้ว"));
    assert!(page(&s, "/news/n1/").contains("แก้แล้ว"));
    // A record removed: its page goes.
    one_rebuild(&s, || {
        std::fs::remove_file(root.join("content/news/n2.md")).unwrap()
    });
    assert_eq!(get(s.port, "/news/n2/").0, 404);

    same_as_clean_build(tmp.path(), &root, &out, s.port);
}

/// The output folder of `serve` equals a clean build with the same base URL, byte for byte.
fn same_as_clean_build(tmp: &Path, root: &Path, out: &Path, port: u16) {
    let clean = tmp.join("clean");
    let st = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args([
            "build",
            "--base-url",
            &format!("http://127.0.0.1:{port}/"),
            "--root",
        ])
        .arg(root)
        .arg("--output")
        .arg(&clean)
        .status()
        .unwrap();
    assert!(st.success());
    // The manifest of a complete build (checksums.json) is the one file `serve` does not
    // write: its folder is a working copy, not a build to deploy (docs/decisions.md).
    assert!(clean.join("checksums.json").is_file());
    assert!(!out.join("checksums.json").exists());
    let (a, mut b) = (tree(out), tree(&clean));
    b.retain(|(p, _)| p != Path::new("checksums.json"));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "same files");
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs from a clean build", p.display());
    }
}

/// Lists longer than a page: an edit re-renders only the list pages whose records changed, a
/// record that moves (new date), appears or goes shifts the pages after it, and the folder still
/// equals a clean build.
#[test]
fn paged_lists_follow_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 0);
    let dated = |slug: &str, title: &str, day: u32| {
        let text = format!(
            "+++\ntitle = \"{title}\"\ndate = 2025-03-{:02}\n+++\nเนื้อหา\n",
            1 + day % 28
        );
        std::fs::write(root.join(format!("content/news/{slug}.md")), text).unwrap();
    };
    // 120 records over 28 days: pages /news/, /news/page/2/, /news/page/3/.
    for i in 0..120 {
        dated(&format!("p{i:03}"), &format!("ข่าวลำดับ {i}"), i);
    }
    let s = start(&root, &out);
    assert!(page(&s, "/news/page/3/").contains("ข่าวลำดับ"));
    assert_eq!(get(s.port, "/news/page/4/").0, 404);
    // Which page shows p060 depends on the order; find it, edit its title, see it there.
    let at = ["/news/", "/news/page/2/", "/news/page/3/"]
        .into_iter()
        .find(|p| page(&s, p).contains("/news/p060/"))
        .unwrap();
    one_rebuild(&s, || dated("p060", "หัวข้อใหม่ของข่าว 60", 60));
    assert!(page(&s, at).contains("หัวข้อใหม่ของข่าว 60"));
    // Moved to the newest date: now on the first page.
    one_rebuild(&s, || {
        std::fs::write(
            root.join("content/news/p061.md"),
            "+++\ntitle = \"ข่าวย้ายขึ้นบนสุด\"\ndate = 2025-04-30\n+++\n",
        )
        .unwrap()
    });
    assert!(page(&s, "/news/").contains("ข่าวย้ายขึ้นบนสุด"));
    // One more record: a fourth page? No (121 ≤ 150); one fewer after two deletions.
    one_rebuild(&s, || dated("p999", "ข่าวเพิ่ม", 3));
    one_rebuild(&s, || {
        std::fs::remove_file(root.join("content/news/p000.md")).unwrap();
        std::fs::remove_file(root.join("content/news/p001.md")).unwrap();
    });
    same_as_clean_build(tmp.path(), &root, &out, s.port);
    // 32 more (151): a fourth page appears.
    one_rebuild(&s, || {
        for i in 0..32 {
            dated(&format!("q{i:03}"), &format!("ข่าวชุดใหม่ {i}"), i);
        }
    });
    assert_eq!(get(s.port, "/news/page/4/").0, 200);
    same_as_clean_build(tmp.path(), &root, &out, s.port);
}

/// Text-only edits patch the model of the last rebuild (serve/patch.rs): their links are still
/// checked, and other edits after them still see a complete model.
#[test]
fn text_edits_are_checked_and_equal_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 3);
    let body = |slug: &str, title: &str, text: &str| {
        let t = format!("+++\ntitle = \"{title}\"\ndate = 2025-01-15\n+++\n{text}\n");
        std::fs::write(root.join(format!("content/news/{slug}.md")), t).unwrap();
    };
    let s = start(&root, &out);
    one_rebuild(&s, || body("n0", "ข่าวมีลิงก์", "ดู [ข่าวที่ 1](/news/n1/)"));
    assert!(page(&s, "/news/n0/").contains("href=\"/news/n1/\""));
    let errors = s.errors.load(Ordering::SeqCst);
    one_rebuild(&s, || body("n0", "ข่าวลิงก์เสีย", "ดู [ไม่มี](/news/none/)"));
    assert_eq!(
        s.errors.load(Ordering::SeqCst),
        errors + 1,
        "broken link reported"
    );
    assert!(
        page(&s, "/news/n0/").contains("ข่าวมีลิงก์"),
        "last good page kept"
    );
    one_rebuild(&s, || body("n0", "แก้ลิงก์แล้ว", "ดู [ข่าวที่ 2](/news/n2/)"));
    assert!(page(&s, "/news/n0/").contains("แก้ลิงก์แล้ว"));
    // A new date is not a text edit: the list order changes.
    one_rebuild(&s, || {
        let t = "+++\ntitle = \"ข่าวใหม่กว่า\"\ndate = 2025-06-01\n+++\n";
        std::fs::write(root.join("content/news/n2.md"), t).unwrap();
    });
    let list = page(&s, "/news/");
    let (a, b) = (list.find("ข่าวใหม่กว่า"), list.find("แก้ลิงก์แล้ว"));
    assert!(a.is_some() && a < b, "newest first");
    one_rebuild(&s, || body("n1", "ข้อความใหม่", "เนื้อหาใหม่"));
    same_as_clean_build(tmp.path(), &root, &out, s.port);
}

#[test]
fn serves_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 1);
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    let s = start(&root, &out);
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/news/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%2e%2e%2fsecret.txt",
    ] {
        let (status, body) = get(s.port, bad);
        assert!(!body.contains("secret"), "{bad} leaked");
        assert!(status == 404 || status == 400, "{bad}: {status}");
    }
    let (status, body) = get(s.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("404"));
    let (status, _) = get(s.port, "/news");
    assert_eq!(status, 301);
    // A port in use is a clear error naming the port and the flag.
    let o = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--port", &s.port.to_string(), "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("out2"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&s.port.to_string()) && err.contains("--port"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(2));
}

/// Pages requested without a pause (the output folder inside the watched site folder) must not
/// hold a rebuild back: reading the output is not a change of the site.
#[test]
fn saves_rebuild_while_pages_are_requested() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root, 3);
    let s = start(&root, &root.join("public"));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (stop, port) = (Arc::clone(&stop), s.port);
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let _ = get(port, "/news/n1/");
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let before = rebuilds(s.port);
    news(&root, "n0", "แก้ระหว่างมีผู้เปิดหน้า");
    let deadline = Instant::now() + Duration::from_secs(10);
    while rebuilds(s.port) == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::SeqCst);
    for r in readers {
        let _ = r.join();
    }
    assert!(
        rebuilds(s.port) > before,
        "no rebuild while pages were requested"
    );
    assert!(page(&s, "/news/n0/").contains("แก้ระหว่างมีผู้เปิดหน้า"));
}

/// No file of the output, and nothing served, holds `secret`.
fn assert_nothing_leaks(s: Option<&Server>, out: &Path, secret: &str, when: &str) {
    for (path, bytes) in tree(out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{when}: {} in the output holds a file from outside the site",
            path.display()
        );
    }
    if let Some(s) = s {
        for path in ["/files/p.txt", "/files/env.txt", "/news/n/", "/reports/r/"] {
            let (status, body) = get(s.port, path);
            assert!(
                !body.contains(secret),
                "{when}: GET {path} ({status}) serves a file from outside the site"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn links_added_while_serving_are_refused_and_never_published() {
    use std::os::unix::fs::symlink;
    const SECRET: &str = "SECRET-OUTSIDE-7f3a";
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 2);
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("reports")).unwrap();
    std::fs::write(outside.join("passwd.txt"), SECRET).unwrap();
    std::fs::write(
        outside.join("n.md"),
        format!("+++\ntitle = \"{SECRET}\"\ndate = 2025-01-15\n+++\n{SECRET}\n"),
    )
    .unwrap();
    std::fs::write(
        outside.join("reports/r.md"),
        format!("+++\ntitle = \"{SECRET}\"\ndate = 2025-01-15\n+++\n"),
    )
    .unwrap();
    std::fs::write(root.join(".env"), format!("PASSWORD={SECRET}\n")).unwrap();
    let s = start(&root, &out);
    let links: [(&Path, PathBuf); 4] = [
        (
            &outside.join("passwd.txt"),
            root.join("content/files/p.txt"),
        ),
        (&outside.join("n.md"), root.join("content/news/n.md")),
        (&root.join(".env"), root.join("content/files/env.txt")),
        (&outside.join("reports"), root.join("content/reports")),
    ];
    for (target, link) in &links {
        let before = s.errors.load(Ordering::SeqCst);
        symlink(target, link).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while s.errors.load(Ordering::SeqCst) == before {
            assert!(
                Instant::now() < deadline,
                "{}: a link must be reported as an error",
                link.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_nothing_leaks(Some(&s), &out, SECRET, &link.display().to_string());
    }
    drop(s);
    assert_nothing_leaks(None, &out, SECRET, "after serve exits");

    // At start-up too, and `build` refuses the same links with an error, not a silent skip.
    let s = start(&root, &out);
    assert_nothing_leaks(
        Some(&s),
        &out,
        SECRET,
        "serve started with the links in place",
    );
    drop(s);
    let build = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(1), "{stderr}");
    for (_, link) in &links {
        let rel = link
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(stderr.contains(&rel), "build names {rel}: {stderr}");
    }
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_nothing_leaks(None, &out, SECRET, "after build");
}

/// One raw request (any bytes); the whole answer as text.
fn raw(port: u16, request: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = s.write_all(request.as_bytes());
    let mut buf = Vec::new();
    // The event stream stays open: what arrives before the timeout is enough.
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next().unwrap_or("");
    head.lines().skip(1).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// DNS rebinding and other sites: the server answers only its own names, its event stream
/// allows no other origin, and a folder's redirect never names another host.
#[test]
fn answers_only_its_own_host_and_origin() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 1);
    let s = start(&root, &out);
    let port = s.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".to_string(),
    ] {
        let a = raw(
            port,
            &format!("GET /news/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status_of(&a), 200, "{host}: {a}");
        assert!(a.contains("ข่าวที่ 0"), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "rebind.attacker.example".to_string(),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        for path in ["/news/", "/__prongsai/events", "/__prongsai/stats", "/news"] {
            let a = raw(
                port,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            );
            assert_eq!(status_of(&a), 421, "{host}{path}: {a}");
            assert!(
                !a.contains("ข่าวที่ 0") && !a.contains("event:"),
                "{host}{path}"
            );
        }
    }
    // No Host at all (HTTP/1.0 style) is refused too.
    assert_eq!(status_of(&raw(port, "GET /news/ HTTP/1.0\r\n\r\n")), 400);
    // Two Host headers: refused rather than one of them believed.
    let two =
        format!("GET /news/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status_of(&raw(port, &two)), 421);
    // The event stream: no wildcard (nor any) origin allowed.
    let ev = raw(
        port,
        &format!(
            "GET /__prongsai/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n\r\n"
        ),
    );
    assert_eq!(status_of(&ev), 200, "{ev}");
    assert!(header(&ev, "Content-Type").is_some_and(|v| v.starts_with("text/event-stream")));
    assert_eq!(header(&ev, "Access-Control-Allow-Origin"), None, "{ev}");
    // A folder without its slash redirects to a path, never to a host (`//news/`).
    for (path, location) in [
        ("/news", "/news/"),
        ("//news", "/news/"),
        ("///news", "/news/"),
        ("/\\news", "/news/"),
    ] {
        let a = raw(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        );
        if status_of(&a) == 301 {
            assert_eq!(header(&a, "Location"), Some(location), "{path}: {a}");
        } else {
            assert_eq!(status_of(&a), 404, "{path}: {a}");
        }
    }
    let a = raw(
        port,
        &format!("GET //news HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(
        (status_of(&a), header(&a, "Location")),
        (301, Some("/news/"))
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_added_while_serving_is_an_error_and_later_saves_still_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 2);
    let s = start(&root, &out);
    for fifo in ["content/news/pipe.md", "content/files/pipe.pdf"] {
        let before = s.errors.load(Ordering::SeqCst);
        let made = Command::new("mkfifo")
            .arg(root.join(fifo))
            .status()
            .unwrap();
        assert!(made.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while s.errors.load(Ordering::SeqCst) == before {
            assert!(Instant::now() < deadline, "{fifo}: a pipe must be reported");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Never opened: the server still answers, and the next save still rebuilds.
        assert!(page(&s, "/news/n0/").contains("ข่าวที่ 0"));
        std::fs::remove_file(root.join(fifo)).unwrap();
        let title = format!("หลังลบ {}", fifo.replace('/', "-"));
        let deadline = Instant::now() + Duration::from_secs(10);
        news(&root, "n1", &title);
        while !page(&s, "/news/n1/").contains(&title) {
            assert!(
                Instant::now() < deadline,
                "{fifo}: a save after the pipe must rebuild"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Open descriptors of process `pid`.
#[cfg(target_os = "linux")]
fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

/// Hundreds of clients that send a request one byte every 2 s, and hundreds of event-stream
/// clients, at once: the server closes the slow ones itself (header timeout), lets no event
/// stream outlive its page, answers a normal request within a second afterwards, and its open
/// descriptors come back to where they were.
#[cfg(target_os = "linux")]
#[test]
fn slow_clients_and_event_streams_cannot_starve_the_server() {
    use std::sync::atomic::AtomicBool;
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 3);
    // With the descriptors most systems give a process (the hand-written server ran out).
    let mut limited = Command::new("sh");
    limited.args([
        "-c",
        "ulimit -n 1024 && exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_prongsai"),
    ]);
    let mut s = start_in(limited, &root, &out);
    let (port, pid) = (s.port, s.child.id());
    for _ in 0..5 {
        assert_eq!(get(port, "/news/").0, 200);
    }
    let streams = |port: u16| {
        let (_, body) = get(port, "/__prongsai/stats");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        v["streams"].as_u64()
    };
    assert_eq!(streams(port), Some(1), "the test's own event stream");
    let before = open_fds(pid);

    // 300 slow clients, each sending one byte of a request every 2 s for 14 s.
    let head = format!("GET /news/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let slow: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    assert_eq!(
        slow.len(),
        300,
        "the kernel queues what the server does not take yet"
    );
    let stop = Arc::new(AtomicBool::new(false));
    let trickle = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut slow = slow;
            for &b in head.as_bytes().iter().take(8) {
                for c in &mut slow {
                    let _ = c.set_nonblocking(true);
                    let _ = c.write(&[b]);
                }
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_secs(2));
            }
            slow // still open on this side: the server must close them itself
        })
    };
    // 300 event-stream clients at once.
    let events: Vec<TcpStream> = (0..300)
        .filter_map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", port)).ok()?;
            write!(
                c,
                "GET /__prongsai/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            )
            .ok()?;
            Some(c)
        })
        .collect();
    assert_eq!(events.len(), 300);
    let slow = trickle.join().unwrap();
    stop.store(true, Ordering::SeqCst);
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "serve is still running"
    );
    // The pages go away.
    drop(events);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (fds, open) = (open_fds(pid), streams(port));
        // The test's own stream was the oldest: it gave its place to newer ones.
        if fds <= before + 4 && open.is_some_and(|n| n <= 1) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "descriptors {fds} (before: {before}), event streams {open:?} (at most 1)"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let t = Instant::now();
    let (status, body) = get(port, "/news/n0/");
    assert!(status == 200 && body.contains("ข่าวที่ 0"), "{status}");
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "a normal request after the load took {:?}",
        t.elapsed()
    );
    // Saves still rebuild.
    news(&root, "n0", "หลังการทดสอบภาระ");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !page(&s, "/news/n0/").contains("หลังการทดสอบภาระ") {
        assert!(
            Instant::now() < deadline,
            "a save after the load is not shown"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(slow);
}

/// The server speaks HTTP as static hosts do: keep-alive, HEAD, Range on files.
#[test]
fn keep_alive_head_and_range() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 1);
    std::fs::write(root.join("content/files/a.txt"), "0123456789abcdef").unwrap();
    std::fs::write(
        root.join("content/news/n0.md"),
        "+++\ntitle = \"มีไฟล์\"\ndate = 2025-01-15\n[[attachments]]\nfile = \"a.txt\"\ntitle = \"ไฟล์\"\n+++\n",
    )
    .unwrap();
    let s = start(&root, &out);
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(s.port, "/files/a.txt").0 != 200 {
        assert!(Instant::now() < deadline, "attachment not served");
        std::thread::sleep(Duration::from_millis(50));
    }
    let port = s.port;
    // Two requests on one connection.
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut reader = BufReader::new(c.try_clone().unwrap());
    for path in ["/news/", "/files/a.txt"] {
        write!(c, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{path}: {status}");
        let mut len = 0;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            if h == "\r\n" {
                break;
            }
            if let Some((n, v)) = h.split_once(':')
                && n.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        assert!(len > 0, "{path}");
    }
    let range = raw(
        port,
        &format!(
            "GET /files/a.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nRange: bytes=4-7\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status_of(&range), 206, "{range}");
    assert_eq!(header(&range, "Content-Range"), Some("bytes 4-7/16"));
    assert!(range.ends_with("\r\n\r\n4567"), "{range}");
    for path in ["/files/a.txt", "/news/n0/", "/no/such/"] {
        let head = raw(
            port,
            &format!("HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        );
        let body = head.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        assert!(body.is_empty(), "HEAD {path} has no body: {head}");
        assert!(
            header(&head, "Content-Length").is_some_and(|l| l != "0"),
            "{head}"
        );
    }
    // The reload script goes into pages only.
    let file = raw(
        port,
        &format!(
            "GET /files/a.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(file.ends_with("\r\n\r\n0123456789abcdef"), "{file}");
    assert_eq!(header(&file, "Cache-Control"), Some("no-store"));
    assert!(get(port, "/news/n0/").1.contains("/__prongsai/live.js"));
}

/// Saves made while `serve` starts are not lost: one during the first build, one just after
/// the first page answers; both appear without another save.
#[test]
fn saves_at_start_up_are_not_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 400);
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let s = Server {
        child,
        port,
        reloads: Arc::default(),
        errors: Arc::default(),
    };
    // While the first build runs (it has not answered yet).
    std::thread::sleep(Duration::from_millis(150));
    let building = get(port, "/__prongsai/stats").0 != 200;
    news(&root, "during", "บันทึกระหว่างสร้างครั้งแรก");
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(port, "/news/n0/").0 != 200 {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(5));
    }
    news(&root, "after", "บันทึกทันทีหลังหน้าแรก");
    let deadline = Instant::now() + Duration::from_secs(10);
    for (slug, text) in [
        ("after", "บันทึกทันทีหลังหน้าแรก"),
        ("during", "บันทึกระหว่างสร้างครั้งแรก"),
    ] {
        while !page(&s, &format!("/news/{slug}/")).contains(text) {
            assert!(
                Instant::now() < deadline,
                "{slug}: the save is lost (written while building: {building})"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// News `slug` with a body of its own (numbers and codes make terms no other record has, so the
/// index has many shards).
fn long_news(dir: &Path, slug: &str, title: &str, extra: &str) {
    let n: usize = slug.trim_start_matches('n').parse().unwrap_or(0);
    let text = format!(
        "+++\ntitle = \"{title}\"\ndate = 2025-01-{:02}\n+++\nเนื้อหา {title} โครงการที่ {n} รหัส ABC{n}X{} \
         ถนนสาย {} หมู่ที่ {} เลขที่ {} สัญญา {} ฎีกา {} {extra}\n",
        n % 28 + 1,
        n * 7,
        n * 13,
        n % 17,
        n * 31 + 5,
        n * 101 + 7,
        n * 977 + 3
    );
    std::fs::write(dir.join(format!("content/news/{slug}.md")), text).unwrap();
}

/// The index shards in the output: name → text.
fn shards(out: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_dir(out.join("search/s"))
        .unwrap()
        .flatten()
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Whether a term of the index is `term` (a line starts with it).
fn indexed(out: &Path, term: &str) -> bool {
    let line = format!("{term}\t");
    shards(out)
        .values()
        .any(|t| t.starts_with(&line) || t.contains(&format!("\n{line}")))
}

/// `serve` keeps the search index up to date rather than building it again (search/live.rs):
/// after each edit of the searchable text the index holds the new terms and not the old, only
/// few shards are rewritten, and the folder equals a clean build byte for byte.
#[test]
fn search_index_follows_edits_and_equals_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 0);
    for i in 0..600 {
        long_news(&root, &format!("n{i}"), &format!("ข่าวที่ {i}"), "");
    }
    let s = start(&root, &out);
    let before = shards(&out);
    assert!(before.len() > 6, "{} shards: too few to tell", before.len());
    // A new word in one body.
    one_rebuild(&s, || long_news(&root, "n150", "ข่าวที่ 150", "zyxwvutqrs"));
    assert!(indexed(&out, "zyxwvutqrs"));
    let after = shards(&out);
    let new = after.keys().filter(|k| !before.contains_key(*k)).count();
    // The shard the word falls in (two when a boundary moves), of ten or more.
    assert!(
        (1..=2).contains(&new),
        "{new} of {} shards rewritten for one new word",
        after.len()
    );
    same_as_clean_build(tmp.path(), &root, &out, s.port);
    // The word removed again.
    one_rebuild(&s, || long_news(&root, "n150", "ข่าวที่ 150", ""));
    assert!(!indexed(&out, "zyxwvutqrs"));
    same_as_clean_build(tmp.path(), &root, &out, s.port);
    // A title edit.
    one_rebuild(&s, || long_news(&root, "n20", "ประกาศรับสมัครพนักงานจ้าง", ""));
    assert!(indexed(&out, "พนักงาน"));
    same_as_clean_build(tmp.path(), &root, &out, s.port);
    // A new record (the document numbers after it shift)…
    one_rebuild(&s, || long_news(&root, "n999", "ข่าวใหม่ qwertyzz", ""));
    assert!(indexed(&out, "qwertyzz"));
    same_as_clean_build(tmp.path(), &root, &out, s.port);
    // …and records deleted.
    one_rebuild(&s, || {
        std::fs::remove_file(root.join("content/news/n999.md")).unwrap();
    });
    assert!(!indexed(&out, "qwertyzz"));
    one_rebuild(&s, || {
        std::fs::remove_file(root.join("content/news/n0.md")).unwrap();
    });
    same_as_clean_build(tmp.path(), &root, &out, s.port);
}

/// Saves faster than the site-wide work: a rebuild leaves it to the next as soon as a save
/// arrives (its worker threads check between pages and files), and once the saves stop the
/// folder equals a clean build.
#[test]
fn saves_while_site_wide_work_runs_end_equal_to_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
    write_site(&root, 0);
    for i in 0..1500 {
        long_news(&root, &format!("n{i}"), &format!("ข่าวที่ {i}"), "");
    }
    let s = start(&root, &out);
    for k in 0..25 {
        let i = k * 37 % 1500;
        long_news(&root, &format!("n{i}"), &format!("แก้ครั้งที่ {k}"), "ถ้อยคำใหม่");
        std::thread::sleep(Duration::from_millis(15 + (k as u64 % 4) * 10));
    }
    // Until the rebuilds stop.
    let mut last = rebuilds(s.port);
    loop {
        std::thread::sleep(Duration::from_millis(1500));
        let now = rebuilds(s.port);
        if now == last {
            break;
        }
        last = now;
    }
    let (_, stats) = get(s.port, "/__prongsai/stats");
    eprintln!("after the burst: {stats}");
    // The last save (k = 24, record 24 × 37) shows.
    assert!(page(&s, "/news/n888/").contains("แก้ครั้งที่ 24"));
    same_as_clean_build(tmp.path(), &root, &out, s.port);
}

mod ita;
