//! `prongsai init` and `prongsai new`.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;

/// The file `new` says it created (last word of its stdout), made absolute.
fn created(r: &Run, root: &Path) -> PathBuf {
    let word = r
        .stdout
        .split_whitespace()
        .last()
        .unwrap_or_else(|| panic!("new printed nothing: {}", r.all()));
    let p = PathBuf::from(word);
    let p = if p.is_absolute() {
        p
    } else {
        std::env::temp_dir().join(p)
    };
    assert!(p.is_file(), "{} does not exist: {}", p.display(), r.all());
    assert!(p.starts_with(root.join("content")), "{}", p.display());
    p
}

/// A value for each placeholder `new` leaves, by field (as an officer would fill them in).
fn value_for(field: Option<&str>) -> &'static str {
    match field {
        Some("stage") => "\"invitation\"",
        Some("method") => "\"specific\"",
        Some("budget") => "500000",
        Some("category") => "\"general\"",
        Some("name") => "\"นายทดสอบ ระบบ\"",
        Some("position") => "\"ปลัดเทศบาล\"",
        Some("report_type") => "\"other\"",
        Some("fiscal_year") => "2568",
        Some("months") => "[{ month = 10, received = 1, resolved = 1, in_progress = 0 }]",
        Some("department") => "\"สำนักปลัด\"",
        Some("steps") => "[{ name = \"ยื่นคำขอ\", minutes = 10 }]",
        Some("years") => "[2566, 2570]",
        Some("number") | Some("dimension") => "1",
        Some("type") => "\"โครงการ\"",
        Some("mission") => "\"1.1\"",
        Some(other) => panic!("no test value for `{other}`"),
        None => "ข้อความของเอกสาร",
    }
}

/// Replace every `"<กรอก: …>"` of a file made by `new`, as the officer does; returns how many.
fn fill(path: &Path) -> usize {
    let text = read(path);
    let mut n = 0;
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_string();
        while let Some(at) = line.find("<กรอก") {
            n += 1;
            let quoted = line[..at].ends_with('"');
            let start = if quoted { at - 1 } else { at };
            let end_rel = if quoted {
                line[at..].find(">\"").map(|i| i + 2)
            } else {
                line[at..].find('>').map(|i| i + 1)
            };
            let end = at + end_rel.expect("placeholder closes");
            let field = line[..start].rfind('=').map(|eq| {
                line[..eq]
                    .trim_end()
                    .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
                    .to_string()
            });
            let value = value_for(if quoted { field.as_deref() } else { None });
            line.replace_range(start..end, value);
        }
        out.push_str(&line);
        out.push('\n');
    }
    write(path, out);
    n
}

/// `check` fails on a new record until its placeholders are filled, naming each field.
fn fails_until_filled(root: &Path, files: &[PathBuf]) {
    let r = check(root);
    r.expect(1);
    assert!(
        r.stderr.contains("not filled in yet") || r.stderr.contains("not written yet"),
        "{}",
        r.all()
    );
    for f in files {
        fill(f);
    }
    check(root).expect(0);
}

fn new(root: &Path, kind: &str, title: &str) -> Run {
    run(&["new", kind, title, "--root", s(root)])
}

#[test]
fn init_then_build() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("new");
    run(&["init", s(&dir)]).expect(0);
    assert!(dir.join("site.toml").is_file());
    assert!(dir.join("content").is_dir());
    check(&dir).expect(0);
    build(&dir).expect(0);
    let out = dir.join("public");
    assert!(out.join("index.html").is_file());
    assert!(out.join("404.html").is_file());
    assert!(out.join("sitemap.xml").is_file());
    let home = text(&read(out.join("index.html")));
    assert!(
        home.contains("เปิดเว็บไซต์ใหม่"),
        "the welcome news is on the home page: {home}"
    );
}

#[test]
fn init_into_an_empty_existing_folder_works() {
    let tmp = tempfile::tempdir().expect("tempdir");
    run(&["init", s(tmp.path())]).expect(0);
    build(tmp.path()).expect(0);
}

#[test]
fn init_into_a_non_empty_folder_fails() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(&tmp.path().join("notes.txt"), "ของเดิม");
    let r = run(&["init", s(tmp.path())]);
    assert!(matches!(r.code, Some(1 | 2)), "{}", r.all());
    r.no_panic();
    assert!(!r.stderr.is_empty());
    assert!(!tmp.path().join("site.toml").exists(), "nothing is written");
    assert_eq!(read(tmp.path().join("notes.txt")), "ของเดิม");
}

#[test]
fn new_news_then_build() {
    let site = site(&[]);
    let r = new(site.path(), "news", "ข่าวทดสอบ");
    r.expect(0);
    let file = created(&r, site.path());
    assert!(
        file.starts_with(site.path().join("content/news")),
        "{}",
        file.display()
    );
    assert!(read(&file).contains("ข่าวทดสอบ"));
    build(site.path()).expect(1);
    fails_until_filled(site.path(), std::slice::from_ref(&file));
    build(site.path()).expect(0);
    let stem = file
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let page = site
        .path()
        .join("public/news")
        .join(&stem)
        .join("index.html");
    assert!(text(&read(&page)).contains("ข่าวทดสอบ"));
}

#[test]
fn new_twice_with_one_title_makes_two_records() {
    let site = site(&[]);
    let a = created(new(site.path(), "news", "ข่าวซ้ำ").expect(0), site.path());
    let b = created(new(site.path(), "news", "ข่าวซ้ำ").expect(0), site.path());
    assert_ne!(a, b);
    fails_until_filled(site.path(), &[a, b]);
}

#[test]
fn new_with_an_unknown_kind_exits_2() {
    let site = site(&[]);
    let r = new(site.path(), "blogpost", "ทดสอบ");
    r.expect(2);
    assert!(r.stderr.contains("blogpost"), "{}", r.all());
    assert!(
        r.stderr.contains("news"),
        "the known kinds are listed: {}",
        r.all()
    );
    assert!(
        files_under(&site.path().join("content")).is_empty(),
        "nothing is written"
    );
}

#[test]
fn new_with_an_empty_title_exits_2() {
    let site = site(&[]);
    new(site.path(), "news", "  ").expect(2);
}

#[test]
fn new_procurement_and_announcement_pass_check_once_filled() {
    let site = site(&[]);
    let p = created(
        new(site.path(), "procurement", "ประกาศเชิญชวน ซื้อวัสดุสำนักงาน").expect(0),
        site.path(),
    );
    assert!(p.starts_with(site.path().join("content/procurement")));
    let a = created(
        new(site.path(), "announcement", "ประกาศ เรื่อง นโยบายไม่รับของขวัญ").expect(0),
        site.path(),
    );
    assert!(a.starts_with(site.path().join("content/announcements")));
    // stage, method, budget; category, signer name and position, the text.
    let r = check(site.path());
    r.expect(1);
    assert_eq!(r.stderr.matches("error: ").count(), 7, "{}", r.all());
    assert_eq!((fill(&p), fill(&a)), (3, 4));
    check(site.path()).expect(0);
    build(site.path()).expect(0);
}

#[test]
fn new_of_every_other_kind_passes_check_once_filled() {
    let site = site(&[]);
    let files: Vec<PathBuf> = ["page", "report", "complaints", "person", "service"]
        .into_iter()
        .map(|kind| {
            created(
                new(site.path(), kind, &format!("ทดสอบ {kind}")).expect(0),
                site.path(),
            )
        })
        .collect();
    fails_until_filled(site.path(), &files);
}

#[test]
fn new_project_needs_a_plan_folder() {
    let site = site(&[]);
    new(site.path(), "project", "โครงการทดสอบ").expect(2);
    let r = run(&[
        "new",
        "plan",
        "แผนทดสอบ",
        "--plan",
        "test-plan",
        "--root",
        s(site.path()),
    ]);
    r.expect(0);
    let r = run(&[
        "new",
        "project",
        "โครงการทดสอบ",
        "--plan",
        "test-plan",
        "--root",
        s(site.path()),
    ]);
    r.expect(0);
    let p = created(&r, site.path());
    assert!(p.starts_with(site.path().join("content/plans/test-plan/projects")));
    let plan = site.path().join("content/plans/test-plan/plan.toml");
    fails_until_filled(site.path(), &[plan, p]);
}

#[test]
fn drafts_are_built_only_with_the_flag() {
    let draft = "+++\ntitle = \"ร่างข่าว\"\ndate = 2024-10-01\ndraft = true\n+++\nก\n";
    let site = site(&[("content/news/draft.md", draft)]);
    build(site.path()).expect(0);
    let out = site.path().join("public");
    assert!(!out.join("news/draft").exists());
    assert!(!read(out.join("sitemap.xml")).contains("draft"));
    run(&["build", "--root", s(site.path()), "--drafts"]).expect(0);
    assert!(out.join("news/draft/index.html").is_file());
}

#[test]
fn build_refuses_an_output_folder_it_did_not_write() {
    let site = site(&[]);
    let tmp = tempfile::tempdir().expect("tempdir");
    write(&tmp.path().join("thesis.docx"), "งานของคนอื่น");
    let r = run(&["build", "--root", s(site.path()), "--output", s(tmp.path())]);
    r.expect(1);
    assert_eq!(read(tmp.path().join("thesis.docx")), "งานของคนอื่น");
    assert_eq!(files_under(tmp.path()).len(), 1);
    for inside in ["content", "content/x", "."] {
        let out = site.path().join(inside);
        let r = run(&["build", "--root", s(site.path()), "--output", s(&out)]);
        r.expect(1);
        assert!(site.path().join("site.toml").is_file());
    }
}

#[test]
fn rebuilding_replaces_the_output_and_is_reproducible() {
    let site = copy_site("examples/kok-tum");
    build(site.path()).expect(0);
    let first = snapshot(&site.path().join("public"));
    let other = tempfile::tempdir().expect("tempdir");
    let out = other.path().join("out");
    run(&["build", "--root", s(site.path()), "--output", s(&out)]).expect(0);
    assert!(snapshot(&out) == first, "two builds of one site differ");
    // A record removed from content/ disappears from the output on the next build.
    let pages = site.path().join("content/pages");
    let removed = files_under(&pages)[0].clone();
    std::fs::remove_file(pages.join(&removed)).expect("remove");
    build(site.path()).expect(0);
    let stem = removed
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    assert!(!site.path().join("public/pages").join(stem).exists());
}
