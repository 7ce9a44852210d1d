//! Content errors: exit 1, every problem at once with file:line:column, nothing written;
//! usage errors: exit 2; and no panic on any input.

use crate::common;

use common::*;

fn news(date: &str) -> String {
    format!("+++\ntitle = \"ข่าวทดสอบ\"\ndate = {date}\n+++\nเนื้อหาข่าว\n")
}

/// The `error: <location>` lines of a report.
fn locations(stderr: &str) -> Vec<String> {
    let mut v: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(String::from)
        .collect();
    v.sort();
    v
}

#[test]
fn bad_date_fails_and_leaves_public_untouched() {
    let site = site(&[
        ("content/news/songkran.md", &news("\"13 เม.ย. 2567\"")),
        ("content/news/other.md", &news("2024-05-01")),
        ("content/files/doc.pdf", "%PDF-1.4 test"),
    ]);
    build(site.path()).expect(0);
    let public = site.path().join("public");
    let before = snapshot(&public);
    assert!(before.len() > 10, "{:?}", before.keys());

    write(
        &site.path().join("content/news/songkran.md"),
        news("\"31 ก.พ. 2567\""),
    );
    let r = build(site.path());
    r.expect(1);
    assert!(
        names_location(&r.stderr, "content/news/songkran.md", 3),
        "{}",
        r.all()
    );
    assert!(
        r.stderr.contains("31 ก.พ. 2567"),
        "the offending line is quoted: {}",
        r.all()
    );
    assert!(
        snapshot(&public) == before,
        "public/ changed after a failed build"
    );
    assert!(
        common::faults::leftovers(site.path()).is_empty(),
        "{:?}",
        common::faults::leftovers(site.path())
    );
}

const TITEL: &str = "+++\ntitel = \"ข่าว\"\ndate = 2024-10-01\n+++\nก\n";
const SYNTAX: &str = "title = \"ประกาศ\ndate = 2024-10-01\ncategory = \"general\"\n";
const UNCLOSED: &str = "+++\ntitle = \"หน้า\"\ndate = 2024-10-01\n\nเนื้อหาที่ลืมปิด\n";

fn four_broken_files() -> tempfile::TempDir {
    site(&[
        ("content/news/bad-date.md", &news("\"31 ก.พ. 2567\"")),
        ("content/news/typo.md", TITEL),
        ("content/announcements/syntax.toml", SYNTAX),
        ("content/pages/unclosed.md", UNCLOSED),
        ("content/news/fine.md", &news("2024-10-01")),
    ])
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let site = four_broken_files();
    let r = build(site.path());
    r.expect(1);
    let e = &r.stderr;
    assert!(
        names_location(e, "content/news/bad-date.md", 3),
        "{}",
        r.all()
    );
    assert!(names_location(e, "content/news/typo.md", 2), "{}", r.all());
    assert!(
        e.contains("did you mean") || e.contains("หมายถึง"),
        "{}",
        r.all()
    );
    assert!(e.contains("`title`"), "the hint names `title`: {}", r.all());
    assert!(
        e.contains("content/announcements/syntax.toml:1"),
        "{}",
        r.all()
    );
    assert!(e.contains("content/pages/unclosed.md"), "{}", r.all());
    assert!(!e.contains("content/news/fine.md"), "{}", r.all());
    assert!(!site.path().join("public").exists());
}

#[test]
fn check_reports_the_same_and_writes_nothing() {
    let site = four_broken_files();
    let b = build(site.path());
    b.expect(1);
    let c = check(site.path());
    c.expect(1);
    assert_eq!(
        locations(&b.stderr),
        locations(&c.stderr),
        "{}\n{}",
        b.all(),
        c.all()
    );
    assert!(locations(&c.stderr).len() >= 4, "{}", c.all());
    let names: Vec<String> = std::fs::read_dir(site.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n == "site.toml" || n == "content"),
        "{names:?}"
    );
}

#[test]
fn check_json_lists_problems() {
    let site = four_broken_files();
    let r = run(&["check", "--root", s(site.path()), "--format", "json"]);
    r.expect(1);
    let out = r.stdout.trim();
    assert!(out.starts_with('{') && out.ends_with('}'), "{}", r.all());
    let compact: String = out.split_whitespace().collect();
    assert!(compact.contains("\"ok\":false"), "{}", r.all());
    assert!(compact.contains("\"problems\":[{"), "{}", r.all());
    assert!(
        compact.contains("\"file\":\"content/news/bad-date.md\""),
        "{}",
        r.all()
    );
    assert!(compact.contains("\"line\":3"), "{}", r.all());
    assert!(
        compact.contains("\"file\":\"content/pages/unclosed.md\""),
        "{}",
        r.all()
    );

    let good = common::site(&[("content/news/a.md", &news("2024-10-01"))]);
    let r = run(&["check", "--root", s(good.path()), "--format", "json"]);
    r.expect(0);
    let compact: String = r.stdout.split_whitespace().collect();
    assert!(compact.contains("\"ok\":true"), "{}", r.all());
    assert!(compact.contains("\"problems\":[]"), "{}", r.all());
}

#[test]
fn missing_attachment_is_reported() {
    let text = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\nattachments = [{ file = \"nowhere.pdf\", title = \"เอกสาร\" }]\n+++\nก\n";
    let site = site(&[("content/news/with-file.md", text)]);
    let r = build(site.path());
    r.expect(1);
    assert!(
        r.stderr.contains("content/news/with-file.md"),
        "{}",
        r.all()
    );
    assert!(r.stderr.contains("nowhere.pdf"), "{}", r.all());
}

#[test]
fn attachment_outside_files_is_reported() {
    let text = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\nattachments = [{ file = \"../../site.toml\", title = \"x\" }]\n+++\nก\n";
    let site = site(&[("content/news/escape.md", text)]);
    let r = build(site.path());
    r.expect(1);
    assert!(r.stderr.contains("content/news/escape.md"), "{}", r.all());
}

#[test]
fn duplicate_slug_is_reported() {
    let a = "+++\ntitle = \"ก\"\ndate = 2024-10-01\nslug = \"same\"\n+++\nก\n";
    let b = "+++\ntitle = \"ข\"\ndate = 2024-10-02\nslug = \"same\"\n+++\nข\n";
    let site = site(&[("content/news/a.md", a), ("content/news/b.md", b)]);
    let r = build(site.path());
    r.expect(1);
    assert!(r.stderr.contains("content/news/a.md"), "{}", r.all());
    assert!(r.stderr.contains("content/news/b.md"), "{}", r.all());
    assert!(r.stderr.contains("same"), "{}", r.all());
}

const PLAN: &str = "title = \"แผนทดสอบ\"\ndate = 2024-10-01\nyears = [2568, 2570]\ndimensions = [\n  { number = 1, name = \"มิติหนึ่ง\", missions = [{ code = \"1.1\", name = \"ภารกิจ\" }] },\n]\n";

#[test]
fn project_mission_must_exist_in_its_plan() {
    let project = "title = \"โครงการ\"\ndate = 2024-10-01\nnumber = 1\ntype = \"โครงการ\"\ndimension = 1\nmission = \"1.9\"\nbudget = { 2568 = 1000 }\n";
    let site = site(&[
        ("content/plans/p/plan.toml", PLAN),
        ("content/plans/p/projects/one.toml", project),
    ]);
    let r = build(site.path());
    r.expect(1);
    assert!(
        names_location(&r.stderr, "content/plans/p/projects/one.toml", 6),
        "{}",
        r.all()
    );
    assert!(r.stderr.contains("1.9"), "{}", r.all());

    let fixed = project.replace("1.9", "1.1");
    write(
        &site.path().join("content/plans/p/projects/one.toml"),
        fixed,
    );
    build(site.path()).expect(0);
}

#[test]
fn amount_with_three_decimals_is_an_error() {
    let notice = "title = \"ประกาศ\"\ndate = 2024-10-01\nstage = \"invitation\"\nmethod = \"specific\"\nitem = \"ซื้อวัสดุ\"\nbudget = 1.005\n";
    let site = site(&[("content/procurement/a.toml", notice)]);
    let r = build(site.path());
    r.expect(1);
    assert!(
        names_location(&r.stderr, "content/procurement/a.toml", 6),
        "{}",
        r.all()
    );

    let ok = notice.replace("1.005", "1250000.50");
    write(&site.path().join("content/procurement/a.toml"), ok);
    build(site.path()).expect(0);
}

#[test]
fn impossible_and_ambiguous_dates_are_errors() {
    for (date, ok) in [
        ("\"29 ก.พ. 2567\"", true),
        ("\"29 ก.พ. 2566\"", false),
        ("\"1/10/67\"", false),
        ("\"1 ต.ค. 67\"", false),
        ("\"1 ต.ค. 2024\"", false),
        ("2024-02-30", false),
        ("\"\"", false),
    ] {
        let site = site(&[("content/news/a.md", &news(date))]);
        let r = check(site.path());
        r.expect(if ok { 0 } else { 1 });
        if !ok {
            assert!(
                names_location(&r.stderr, "content/news/a.md", 3),
                "{date}: {}",
                r.all()
            );
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["build", "--nope"][..],
        &[],
        &["frobnicate"],
        &["check", "--format", "xml"],
        &["new"],
    ] {
        let r = run(args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.all());
        r.no_panic();
    }
    run(&["--help"]).expect(0);
}

#[test]
fn missing_site_is_a_content_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = build(dir.path());
    r.expect(1);
    assert!(r.stderr.contains("site.toml"), "{}", r.all());
    let only_toml = common::site(&[]);
    std::fs::remove_dir(only_toml.path().join("content")).expect("rmdir");
    build(only_toml.path()).expect(1);
}

#[test]
fn garbage_files_never_panic() {
    let mut binary: Vec<u8> = (0..=255u8).collect();
    binary.extend_from_slice(b"\x00\xff\xfe+++\n");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("content/news/empty.md", Vec::new()),
        ("content/news/binary.md", binary.clone()),
        ("content/pages/binary.toml", binary),
        (
            "content/news/latin1.md",
            b"+++\ntitle = \"caf\xe9\"\n+++\n".to_vec(),
        ),
        (
            "content/news/cut-thai.md",
            b"+++\ntitle = \"\xe0\xb8\"\n+++\n".to_vec(),
        ),
        ("content/news/only-fence.md", b"+++".to_vec()),
        ("content/news/only-fence-nl.md", b"+++\n".to_vec()),
        ("content/news/two-fences.md", b"+++\n+++\n".to_vec()),
        (
            "content/news/bom-crlf.md",
            b"\xef\xbb\xbf+++\r\ntitle = 1\r\n+++\r\n".to_vec(),
        ),
        ("content/announcements/empty.toml", Vec::new()),
        (
            "content/announcements/array.toml",
            b"title = [[[[[]]]]]\n".to_vec(),
        ),
        (
            "content/complaints/c.toml",
            b"fiscal_year = -99999999999999999999\n".to_vec(),
        ),
        (
            "content/plans/x/plan.toml",
            b"years = [99999, -1]\ndimensions = 3\n".to_vec(),
        ),
        (
            "content/plans/x/projects/p.toml",
            b"number = -1\nbudget = { a = 1e400 }\n".to_vec(),
        ),
        (
            "content/people/nul.md",
            b"+++\ntitle = \"\x00\"\n+++\n".to_vec(),
        ),
        ("content/stray.md", b"hello".to_vec()),
    ];
    // Each file alone, then all together.
    for (rel, bytes) in &cases {
        let site = site(&[]);
        write(&site.path().join(rel), bytes);
        for r in [build(site.path()), check(site.path())] {
            assert_eq!(r.code, Some(1), "{rel}: {}", r.all());
            r.no_panic();
            assert!(r.stderr.contains(rel), "{rel} is named: {}", r.all());
        }
    }
    let site = site(&[]);
    for (rel, bytes) in &cases {
        write(&site.path().join(rel), bytes);
    }
    let r = build(site.path());
    r.expect(1);
    for (rel, _) in &cases {
        assert!(r.stderr.contains(rel), "{rel} is named: {}", r.all());
    }
}

#[test]
fn garbage_site_toml_never_panics() {
    for bytes in [
        &b""[..],
        b"\xff\xfe\x00garbage",
        b"+++",
        b"base_url = 5\ntitle = []\n",
        b"base_url = \"https://a/\"\ntitle = \"\"\n",
        b"base_url = \"https://a/\"\ntitle = \"x\"\ndigits = \"roman\"\n",
        b"base_url = \"https://a/\"\ntitle = \"x\"\ntheme = \"nope\"\n",
    ] {
        let site = site(&[]);
        write(&site.path().join("site.toml"), bytes);
        let r = build(site.path());
        assert_eq!(
            r.code,
            Some(1),
            "{:?}: {}",
            String::from_utf8_lossy(bytes),
            r.all()
        );
        r.no_panic();
        assert!(r.stderr.contains("site.toml"), "{}", r.all());
    }
}

#[test]
fn deeply_nested_toml_never_crashes() {
    let depth = 100_000;
    let text = format!("title = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let site = site(&[("content/announcements/deep.toml", &text)]);
    let r = build(site.path());
    assert_eq!(r.code, Some(1), "{}", &r.all()[..r.all().len().min(2000)]);
    r.no_panic();
}

#[test]
fn positions_survive_bom_crlf_and_thai_text() {
    let crlf = "\u{feff}+++\r\ntitle = \"ข่าว\"\r\ndate = \"31 ก.พ. 2567\"\r\n+++\r\nก\r\n";
    // The stray ข is the 16th character of its line (Thai vowels and tone marks count as one each).
    let thai = "+++\ntitle = \"ข่าว\" ข\ndate = 2024-10-01\n+++\n";
    let site = site(&[
        ("content/news/crlf.md", crlf),
        ("content/news/thai.md", thai),
    ]);
    let r = check(site.path());
    r.expect(1);
    assert!(
        names_location(&r.stderr, "content/news/crlf.md", 3),
        "{}",
        r.all()
    );
    assert!(
        r.stderr.contains("content/news/thai.md:2:16"),
        "{}",
        r.all()
    );
}
