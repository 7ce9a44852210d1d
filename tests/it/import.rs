//! `prongsai import egp`: the real binary on fixtures built from the shapes in
//! notes/egp-formats.md (tests/fixtures/egp/), from files and from a local HTTP server.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::{Run, read, run, s, site, snapshot, text};

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/egp").join(name)
}

fn fx(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

fn import(root: &Path, args: &[&str]) -> Run {
    let mut all = vec!["import", "egp", "--root", s(root)];
    all.extend_from_slice(args);
    run(&all)
}

fn procurement(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("content/procurement"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn one(root: &Path, ends: &str) -> PathBuf {
    let found: Vec<PathBuf> = procurement(root)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(ends))
        .collect();
    assert_eq!(found.len(), 1, "one file ending {ends}: {found:?}");
    found[0].clone()
}

const DEPT: &str = "--dept=เทศบาลตำบลทดสอบ";

#[test]
fn feed_and_contract_row_feed_the_summaries_and_ita() {
    let site = site(&[]);
    let root = site.path();
    import(root, &[&fx("feed.xml"), &fx("contracts.csv"), DEPT]).expect(0);
    let files = procurement(root);
    assert_eq!(files.len(), 4, "15, D0, W0 and the contract: {files:?}");
    let winner = read(one(root, "-winner.toml"));
    assert!(
        winner.contains("winner = { name = \"หจก. ตัวอย่างก่อสร้าง\", price = 495000.50 }"),
        "{winner}"
    );
    assert!(winner.contains("item = \"จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓\""));
    assert!(!winner.contains("draft"));
    let name = one(root, "-winner.toml");
    assert!(
        name.ends_with("2568-จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก-หมู่ที่-๓-winner.toml"),
        "{name:?}"
    );
    assert!(
        !procurement(root)
            .iter()
            .any(|p| read(p).contains("ซื้อวัสดุสำนักงาน")),
        "--dept keeps other agencies out"
    );
    common::check(root).expect(0);
    common::build(root).expect(0);
    let summary = read(root.join("public/procurement/2568/summary/index.html"));
    let t = text(&summary);
    assert!(t.contains("จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓"), "{t}");
    assert!(t.contains("หจก. ตัวอย่างก่อสร้าง"), "{t}");
    assert!(t.contains("๔๙๕,๐๐๐.๕๐"), "the contract amount, exact: {t}");
    assert!(t.contains("๕๐๐,๐๐๐"), "the budget: {t}");
    assert!(
        t.contains("พฤศจิกายน ๒๕๖๗"),
        "the month of the winner notice: {t}"
    );
    assert!(
        t.contains("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"),
        "the per-method table: {t}"
    );
    let page = std::fs::read_dir(root.join("public/procurement"))
        .expect("procurement pages")
        .flatten()
        .map(|e| e.path().join("index.html"))
        .find(|p| p.to_string_lossy().contains("-winner"))
        .expect("the winner page");
    let html = read(&page);
    assert!(html.contains("href=\"http://process3.gprocurement.go.th/EPROCWeb/jsp/procsearch.sch?pid=68119000001\""), "{html}");
    for tag in common::tags(&html) {
        let loads = tag.starts_with("<img")
            || tag.starts_with("<script")
            || tag.starts_with("<iframe")
            || tag.starts_with("<link");
        assert!(
            !(loads && tag.contains("gprocurement")),
            "the page loads from e-GP: {tag}"
        );
    }
    let ita = text(&read(root.join("public/ita/index.html")));
    assert!(
        ita.contains("จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก") || ita.contains("procurement/2568/summary"),
        "{ita}"
    );
    let ita_html = read(root.join("public/ita/index.html"));
    assert!(
        ita_html.contains("/procurement/2568/summary/"),
        "O12/O21 point at the summary: {ita_html}"
    );
}

#[test]
fn reimport_is_byte_identical_and_order_does_not_matter() {
    let a = site(&[]);
    import(a.path(), &[&fx("feed.xml"), &fx("contracts.csv"), DEPT]).expect(0);
    let first = snapshot(&a.path().join("content"));
    let again = import(a.path(), &[&fx("contracts.csv"), &fx("feed.xml"), DEPT]);
    again.expect(0);
    assert!(
        again.stdout.contains("ไม่เปลี่ยน / unchanged"),
        "{}",
        again.all()
    );
    assert_eq!(first, snapshot(&a.path().join("content")));
    // Contract first, feed a day later: the same files.
    let b = site(&[]);
    import(b.path(), &[&fx("contracts.csv"), DEPT]).expect(0);
    import(b.path(), &[&fx("feed.xml")]).expect(0);
    assert_eq!(first, snapshot(&b.path().join("content")));
    // Feed first: the winner is a draft until the contract data names it.
    let c = site(&[]);
    import(c.path(), &[&fx("feed.xml")]).expect(0);
    assert!(read(one(c.path(), "-winner.toml")).contains("draft = true"));
    common::check(c.path()).expect(0);
    import(c.path(), &[&fx("contracts.csv"), DEPT]).expect(0);
    assert_eq!(first, snapshot(&c.path().join("content")));
}

#[test]
fn officer_edits_are_kept_and_differences_shown() {
    let site = site(&[]);
    let root = site.path();
    import(root, &[&fx("feed.xml"), &fx("contracts.csv"), DEPT]).expect(0);
    let winner = one(root, "-winner.toml");
    let edited =
        read(&winner).replace("budget = 500000", "budget = 510000") + "reason = \"ราคาต่ำสุด\"\n";
    common::write(&winner, &edited);
    let r = import(root, &[&fx("feed.xml"), &fx("contracts.csv"), DEPT]);
    r.expect(0);
    assert_eq!(read(&winner), edited, "the officer's file is untouched");
    assert!(
        r.stdout.contains("budget: ในไฟล์ / file = 510000"),
        "{}",
        r.all()
    );
    assert!(r.stdout.contains("e-GP          = 500000"), "{}", r.all());
    // A record the officer wrote by hand for the same project and stage is left alone too.
    let hand = root.join("content/procurement/mine.toml");
    common::write(
        &hand,
        "title = \"ประกาศราคากลาง (พิมพ์เอง)\"\ndate = 2024-11-04\nstage = \"median-price\"\nmethod = \"e-bidding\"\nitem = \"จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓\"\negp_number = \"68119000001\"\n",
    );
    let before = snapshot(&root.join("content"));
    let r = import(root, &[&fx("feed.xml"), &fx("contracts.csv"), DEPT]);
    r.expect(0);
    assert_eq!(before, snapshot(&root.join("content")));
}

#[test]
fn a_new_stage_adds_a_record_and_nothing_is_deleted() {
    let site = site(&[]);
    let root = site.path();
    let full = std::fs::read(fixture("feed.xml")).expect("fixture");
    // The first poll saw only the median price and the invitation (W0 is the third item).
    let cut = find(&full, b"<item>", 3).expect("a third item");
    let mut early = full[..cut].to_vec();
    early.extend_from_slice(b"</channel></rss>\n");
    let early_path = root.join("early.xml");
    common::write(&early_path, &early);
    import(root, &[s(&early_path)]).expect(0);
    assert_eq!(procurement(root).len(), 2);
    let before = snapshot(&root.join("content"));
    import(root, &[&fx("feed.xml")]).expect(0);
    let after = snapshot(&root.join("content"));
    assert_eq!(after.len(), 3);
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{k:?} changed");
    }
    // A later feed without the project deletes nothing.
    let empty = root.join("empty.xml");
    common::write(&empty, "<rss><channel><title>x</title></channel></rss>");
    let r = import(root, &[s(&empty)]);
    r.expect(0);
    assert!(r.stdout.contains("ฟีดไม่มีประกาศ"), "{}", r.all());
    assert_eq!(after, snapshot(&root.join("content")));
}

fn find(hay: &[u8], needle: &[u8], nth: usize) -> Option<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .nth(nth - 1)
        .map(|(i, _)| i)
}

#[test]
fn all_or_nothing_with_positions() {
    let site = site(&[]);
    let root = site.path();
    let bad = root.join("bad.xml");
    common::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<rss><channel>\n<item><title>ก</title><description>68119000009, เฉพาะเจาะจง, ประกาศอะไรก็ไม่รู้</description><pubDate>2024-11-01</pubDate></item>\n<item><title>ข</title><description>, เฉพาะเจาะจง, ประกาศเชิญชวน</description><pubDate>2024-11-01</pubDate></item>\n</channel></rss>",
    );
    let r = import(root, &[&fx("contracts.csv"), s(&bad)]);
    r.expect(1);
    assert!(r.stderr.contains("bad.xml:3:"), "{}", r.all());
    assert!(
        r.stderr.contains("bad.xml:4:"),
        "every problem at once: {}",
        r.all()
    );
    assert!(
        r.stderr.contains("unknown announcement type"),
        "{}",
        r.all()
    );
    assert!(r.stderr.contains("nothing was written"), "{}", r.all());
    assert!(procurement(root).is_empty());
    // Half a download.
    let csv = std::fs::read(fixture("contracts.csv")).expect("fixture");
    let half = root.join("half.csv");
    common::write(&half, &csv[..csv.len() - 120]);
    let r = import(root, &[s(&half)]);
    r.expect(1);
    assert!(r.stderr.contains("half.csv:3:"), "{}", r.all());
    assert!(procurement(root).is_empty());
    let truncated = root.join("t.xml");
    let feed = std::fs::read(fixture("feed.xml")).expect("fixture");
    common::write(&truncated, &feed[..feed.len() / 2]);
    import(root, &[s(&truncated)]).expect(1);
    assert!(procurement(root).is_empty());
}

#[test]
fn dry_run_writes_nothing() {
    let site = site(&[]);
    let r = import(site.path(), &[&fx("feed.xml"), "--dry-run"]);
    r.expect(0);
    assert!(r.stdout.contains("จะสร้าง / would create"), "{}", r.all());
    assert!(r.stdout.contains("stage = \"winner\""), "{}", r.all());
    assert!(procurement(site.path()).is_empty());
}

#[test]
fn json_sources_ckan_and_govspending() {
    let site = site(&[]);
    let root = site.path();
    import(root, &[&fx("contracts.json"), &fx("cgdcontract.json")]).expect(0);
    let cgd = read(one(root, "จ้างซ่อมแซมถนนลูกรัง-หมู่ที่-๕-contract.toml"));
    assert!(
        cgd.contains("contract = { number = \"๑๒/๒๕๖๗\", date = 2024-01-15, amount = 1490000 }"),
        "{cgd}"
    );
    assert!(cgd.starts_with("# นำเข้าจากระบบ e-GP"));
    assert!(cgd.contains("method = \"specific\""));
    let ckan = read(one(root, "2568-ซื้อวัสดุสำนักงาน-contract.toml"));
    assert!(ckan.contains("date = 2024-11-14"), "{ckan}");
    assert!(ckan.contains("budget = 12000"), "{ckan}");
    common::check(root).expect(0);
    // The two-digit year is only read so in this source: ambiguous forms are refused.
    let bad = root.join("bad.json");
    let text = read(fixture("cgdcontract.json")).replace("15 ม.ค. 67", "15/01/67");
    common::write(&bad, text);
    let r = import(root, &[s(&bad)]);
    r.expect(1);
    assert!(r.stderr.contains("contract_date"), "{}", r.all());
}

/// A one-connection-at-a-time HTTP server on 127.0.0.1: `answer` gives the body for a request
/// line, `None` to accept and never answer.
fn serve(
    answer: impl Fn(&str) -> Option<Vec<u8>> + Send + 'static,
) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]).to_string();
            let line = req.lines().next().unwrap_or("").to_string();
            match answer(&line) {
                Some(body) => {
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(&body);
                }
                None => held.push(stream),
            }
        }
    });
    (format!("http://{addr}"), handle)
}

#[test]
fn urls_from_a_local_server() {
    let feed = std::fs::read(fixture("feed.xml")).expect("fixture");
    let csv = std::fs::read(fixture("contracts.csv")).expect("fixture");
    let (base, _h) = serve(move |line| {
        if line.contains("/feed.xml") {
            Some(feed.clone())
        } else if line.contains("/contracts.csv") {
            Some(csv.clone())
        } else if line.contains("/closed") {
            Some(Vec::new())
        } else {
            None
        }
    });
    let site = site(&[]);
    let root = site.path();
    let r = import(
        root,
        &[
            &format!("{base}/feed.xml"),
            &format!("{base}/contracts.csv"),
            DEPT,
        ],
    );
    r.expect(0);
    assert_eq!(procurement(root).len(), 4, "{}", r.all());
    let contract = read(one(root, "-contract.toml"));
    assert!(
        contract.contains(&format!("source_url = \"{base}/contracts.csv\"")),
        "{contract}"
    );
    // The feed's closed hours: an empty answer is said to be one, and nothing changes.
    let before = snapshot(&root.join("content"));
    let r = import(root, &[&format!("{base}/closed.xml"), "--format", "rss"]);
    r.expect(1);
    assert!(r.stderr.contains("closed 09:00–12:00"), "{}", r.all());
    assert_eq!(before, snapshot(&root.join("content")));
    // A server that accepts and never answers: the timeout.
    let r = import(root, &[&format!("{base}/hang.xml"), "--timeout", "1"]);
    r.expect(1);
    assert!(r.stderr.contains("within 1 s"), "{}", r.all());
}

#[test]
fn unreachable_url_and_keys() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let site = site(&[]);
    let r = import(
        site.path(),
        &[&format!("http://127.0.0.1:{port}/egpannouncerss.xml")],
    );
    r.expect(1);
    assert!(r.stderr.contains("cannot fetch"), "{}", r.all());
    assert!(
        r.stderr.contains(&format!("127.0.0.1:{port}")),
        "{}",
        r.all()
    );
    // govspending without a key in the environment: refused before any request is made.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["import", "egp", "--root", s(site.path())])
        .arg("https://govspending.data.go.th/api/service/cgdcontract?dept_code=5450503&year=2568")
        .env_remove("PRONGSAI_GOVSPENDING_KEY")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("PRONGSAI_GOVSPENDING_KEY"), "{err}");
    assert!(procurement(site.path()).is_empty());
}

#[test]
fn source_url_must_be_http() {
    let site = site(&[(
        "content/procurement/a.toml",
        "title = \"ก\"\ndate = 2024-11-01\nstage = \"invitation\"\nmethod = \"specific\"\nitem = \"ก\"\nsource_url = \"javascript:alert(1)\"\n",
    )]);
    let r = common::check(site.path());
    r.expect(1);
    assert!(r.stderr.contains("source_url"), "{}", r.all());
}
