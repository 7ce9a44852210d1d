//! Hostile and broken records: each case of tests/hostile/cases/ (the site files it adds and its
//! `expect.toml`), plus the cases too big or too odd to keep as files (a 20 MB record, 10,000-deep
//! nesting, symlinks out of the site, random binary). Each is built with the real binary in a
//! throw-away site, and must give the expected exit status, never a panic, a file:line:column
//! where the case names one, and nothing written outside the output folder.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde::Deserialize;

/// The expected outcome of a case (`tests/hostile/cases/<case>/expect.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// What the case is.
    about: String,
    /// Exit status of `build`; absent: 0 or 1, whichever, as long as nothing panics.
    exit: Option<i32>,
    /// `file:line` that the error report must name as `file:line:column`.
    #[serde(default)]
    locations: Vec<String>,
    /// Text that the error report must contain.
    #[serde(default)]
    mentions: Vec<String>,
    /// Pages (under the output) that a clean build must write.
    #[serde(default)]
    pages: Vec<String>,
    /// Symbolic links to make before the build (what git cannot keep portably).
    #[serde(default)]
    links: Vec<Link>,
    /// Named pipes to make before the build, by path under the site.
    #[serde(default)]
    fifos: Vec<String>,
    /// Files to write outside the site (path under `outside/` → text).
    #[serde(default)]
    outside: BTreeMap<String, String>,
}

/// A link at `path` (under the site) to `target` (under the box: `outside/…` or `site/…`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    path: String,
    target: String,
}

/// A site inside a folder of its own (`<box>/site`), with a file outside the site that nothing may
/// touch (`<box>/outside/secret.txt`), so that "nothing written outside the output" can be checked
/// over the whole box.
struct Boxed {
    dir: tempfile::TempDir,
}

const SECRET: &str = "SECRET-OUTSIDE-THE-SITE-7f3a";

impl Boxed {
    fn new() -> Boxed {
        let dir = tempfile::tempdir().expect("tempdir");
        write(&dir.path().join("outside/secret.txt"), SECRET);
        write(&dir.path().join("site/site.toml"), SITE_TOML);
        std::fs::create_dir_all(dir.path().join("site/content")).expect("mkdir");
        Boxed { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    /// Every file of the box except the output, with its bytes (links are not followed).
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let public = self.site().join("public");
        walkdir::WalkDir::new(self.dir.path())
            .into_iter()
            .filter_entry(|e| e.path() != public)
            .flatten()
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let bytes = if e.path_is_symlink() {
                    std::fs::read_link(e.path())
                        .map(|t| t.to_string_lossy().into_owned().into_bytes())
                        .unwrap_or_default()
                } else if !e.file_type().is_file() {
                    // A named pipe: reading it would wait forever.
                    b"(special file)".to_vec()
                } else {
                    std::fs::read(e.path()).unwrap_or_default()
                };
                let rel = e.path().strip_prefix(self.dir.path()).expect("in box");
                (rel.to_path_buf(), bytes)
            })
            .collect()
    }

    /// Build, and check what every case must hold; returns the run.
    /// Make the links, pipes and outside files a case asks for.
    fn set_up(&self, expect: &Expect) {
        for (path, text) in &expect.outside {
            write(&self.outside().join(path), text);
        }
        for link in &expect.links {
            let at = self.site().join(&link.path);
            if let Some(dir) = at.parent() {
                std::fs::create_dir_all(dir).expect("mkdir");
            }
            // A link that replaces a folder (`content`) takes the place of the empty one.
            let _ = std::fs::remove_dir(&at);
            #[cfg(unix)]
            std::os::unix::fs::symlink(self.dir.path().join(&link.target), &at).expect("symlink");
        }
        for fifo in &expect.fifos {
            let at = self.site().join(fifo);
            if let Some(dir) = at.parent() {
                std::fs::create_dir_all(dir).expect("mkdir");
            }
            let status = std::process::Command::new("mkfifo")
                .arg(&at)
                .status()
                .expect("mkfifo");
            assert!(status.success(), "mkfifo {}", at.display());
        }
    }

    fn build_and_check(&self, name: &str, expect: &Expect) -> Run {
        let before = self.snapshot();
        let r = build(&self.site());
        let what = format!("case {name} ({})", expect.about);
        r.no_panic();
        match expect.exit {
            Some(code) => assert_eq!(r.code, Some(code), "{what}: {}", short(&r)),
            None => assert!(matches!(r.code, Some(0 | 1)), "{what}: {}", short(&r)),
        }
        for loc in &expect.locations {
            let (file, line) = loc.rsplit_once(':').expect("file:line");
            let line: usize = line.parse().expect("line number");
            assert!(
                names_location(&r.stderr, file, line),
                "{what}: the report must name {file}:{line}:<column>\n{}",
                short(&r)
            );
        }
        for m in &expect.mentions {
            assert!(
                r.stderr.contains(m.as_str()),
                "{what}: must mention {m:?}\n{}",
                short(&r)
            );
        }
        let public = self.site().join("public");
        for p in &expect.pages {
            assert!(public.join(p).is_file(), "{what}: {p} was not written");
        }
        if r.code == Some(1) {
            assert!(
                !public.exists(),
                "{what}: a failed build must not write an output"
            );
            assert!(r.stderr.contains("error"), "{what}: {}", short(&r));
        }
        // Nothing outside the output changed, appeared or vanished.
        let after = self.snapshot();
        assert!(
            before == after,
            "{what}: files outside the output changed: {:?}",
            diff(&before, &after)
        );
        // Nothing from outside the site was published.
        for f in files_under(&public) {
            let bytes = std::fs::read(public.join(&f)).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{what}: {} publishes a file from outside the site",
                f.display()
            );
        }
        r
    }
}

fn diff(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    out
}

/// The run, cut short enough for an assertion message.
fn short(r: &Run) -> String {
    let all = r.all();
    match all.char_indices().nth(4000) {
        Some((i, _)) => format!("{}…", &all[..i]),
        None => all,
    }
}

fn cases_dir() -> PathBuf {
    repo().join("tests/hostile/cases")
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/hostile/cases")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn expect_of(name: &str) -> Expect {
    let text = read(cases_dir().join(name).join("expect.toml"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"))
}

/// Build the stored case `name` in a box of its own and check its expected outcome.
fn run_case(name: &str) {
    let expect = expect_of(name);
    let b = Boxed::new();
    let content = cases_dir().join(name).join("content");
    if content.is_dir() {
        copy_dir(&content, &b.site().join("content"));
    }
    b.set_up(&expect);
    b.build_and_check(name, &expect);
}

/// One test per folder of tests/hostile/cases/ (`-` in the folder name is `_` here), so that a
/// case can run alone: `cargo test --test it hostile::symlink_record`.
macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                run_case(&stringify!($case).replace('_', "-"));
            }
        )*
        const LISTED: &[&str] = &[$(stringify!($case)),*];
    };
}

cases! {
    attachment_absolute, attachment_backslash, attachment_dotdot, attachment_drive,
    attachment_html, attachment_missing, attachment_pdf_that_is_html, attachment_svg_clean,
    attachment_svg_script, attachment_unreferenced_js,
    binary_pdf_toml, binary_png, bom_error_line, bom_md, bom_toml, complaint_month_13,
    cr_only, cr_only_error_line, crlf, crlf_error_line, crlf_toml, date_29_feb_not_leap,
    date_31_feb, date_datetime, date_toml_31_feb, date_toml_year_9999, date_year_0,
    date_year_25670, deep_toml_table, duplicate_slug_across_kinds, duplicate_slug_in_kind,
    empty_md, empty_toml, fence_with_spaces, fifo_attachment, fifo_record, fiscal_year_absurd,
    fiscal_year_contradicts_date, huge_amount, image_dotdot, inf_amount, invalid_utf8_body,
    invalid_utf8_latin1, invalid_utf8_tis620, mixed_line_ends, nan_amount, negative_amount,
    negative_amount_text, negative_bidder_price, no_front_matter, nul_in_text, photo_absolute,
    slug_absolute, slug_canonically_equivalent, slug_cyrillic, slug_dot, slug_dotdot,
    slug_hangul_filler, slug_nfd_file_name, slug_scheme, slug_slash, slug_too_long,
    summary_too_long, symlink_attachment, symlink_content_folder, symlink_dangling,
    symlink_folder, symlink_inside_site, symlink_record, title_too_long, toml_duplicate_key,
    toml_huge_integer, toml_syntax, toml_type_bidders, toml_type_budget, toml_type_date,
    toml_type_draft, toml_type_title, unclosed_fence, unclosed_fence_after_blank_lines,
    unknown_kind_folder, whitespace_only,
}

#[test]
fn every_case_folder_has_its_test() {
    let listed: Vec<String> = LISTED.iter().map(|c| c.replace('_', "-")).collect();
    assert_eq!(
        case_names(),
        listed,
        "add the new case folder to `cases!` in tests/it/hostile.rs (with `_` for `-`)"
    );
}

/// All broken cases at once in one site: every one is still reported, each at its place.
#[test]
fn all_broken_cases_together_are_all_reported() {
    let names: Vec<String> = case_names()
        .into_iter()
        .filter(|n| expect_of(n).exit == Some(1))
        .collect();
    let b = Boxed::new();
    let mut expected = Vec::new();
    for name in &names {
        let expect = expect_of(name);
        // Give each case's files a name of their own, so no two collide.
        let src = cases_dir().join(name).join("content");
        for f in files_under(&src) {
            let mut comps: Vec<String> =
                f.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            let last = comps.pop().expect("file name");
            let renamed = format!("{name}-{last}");
            let mut dest = b.site().join("content");
            for c in &comps {
                dest.push(c);
            }
            dest.push(&renamed);
            write(&dest, std::fs::read(src.join(&f)).expect("read case file"));
            let old = format!("content/{}", f.display());
            let new = format!(
                "content/{}{renamed}",
                comps.iter().map(|c| format!("{c}/")).collect::<String>()
            );
            for loc in &expect.locations {
                if let Some(line) = loc.strip_prefix(&format!("{old}:")) {
                    expected.push((new.clone(), line.parse::<usize>().expect("line")));
                }
            }
        }
    }
    let r = build(&b.site());
    r.expect(1);
    for (file, line) in &expected {
        assert!(
            names_location(&r.stderr, file, *line),
            "{file}:{line} is not reported\n{}",
            short(&r)
        );
    }
}

fn news(date: &str, body: &str) -> String {
    format!("+++\ntitle = \"ข่าวทดสอบ\"\ndate = {date}\n+++\n{body}")
}

#[test]
fn a_record_over_the_size_limit_is_an_error_naming_it() {
    let b = Boxed::new();
    let para = "เทศบาลตำบลทดสอบประกาศรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานจ้าง ตำแหน่งผู้ช่วยเจ้าหน้าที่ธุรการ จำนวน ๑ อัตรา\n\n";
    let body = para.repeat(20 * 1024 * 1024 / para.len() + 1);
    assert!(body.len() >= 20 * 1024 * 1024);
    write(
        &b.site().join("content/news/big.md"),
        news("2024-10-01", &body),
    );
    let expect = Expect {
        about: "a 20 MB record".into(),
        exit: Some(1),
        mentions: vec!["content/news/big.md".into(), "too large".into()],
        ..Default::default()
    };
    b.build_and_check("20mb", &expect);
}

#[test]
fn a_2_mb_line_of_front_matter_is_an_error_with_its_place() {
    let b = Boxed::new();
    let text = format!(
        "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\nsummary = \"{}\nx\n+++\n",
        "ก".repeat(600 * 1024)
    );
    write(&b.site().join("content/news/long.md"), text);
    let expect = Expect {
        about: "an unterminated 20 MB string".into(),
        exit: Some(1),
        locations: vec!["content/news/long.md:4".into()],
        mentions: vec![],
        pages: vec![],
        ..Default::default()
    };
    let r = b.build_and_check("20mb-line", &expect);
    assert!(
        r.stderr.len() < 64 * 1024,
        "the report quotes the line, not 20 MB of it ({} bytes)",
        r.stderr.len()
    );
}

#[test]
fn ten_thousand_deep_lists_and_quotes_build() {
    let depth = 10_000;
    let b = Boxed::new();
    let cases = [
        ("quote", format!("{}ลึก\n", "> ".repeat(depth))),
        ("list", format!("{}ลึก\n", "- ".repeat(depth))),
        ("ordered", format!("{}ลึก\n", "1. ".repeat(depth))),
        (
            "indented",
            // Indented lists grow as depth² bytes: 1,000 levels are 1 MB.
            (0..1_000)
                .map(|i| format!("{}- ลึก {i}\n", "  ".repeat(i)))
                .collect::<String>(),
        ),
        (
            "emphasis",
            format!(
                "{}ลึก{}\n",
                "*ก _ข ".repeat(depth / 2),
                " ข_ ก*".repeat(depth / 2)
            ),
        ),
        (
            "links",
            format!("{}ลึก{}\n", "[".repeat(depth), "](/news/)".repeat(depth)),
        ),
    ];
    for (name, body) in &cases {
        write(
            &b.site().join(format!("content/news/{name}.md")),
            news("2024-10-01", body),
        );
    }
    let expect = Expect {
        about: "10,000-deep Markdown nesting".into(),
        exit: Some(0),
        locations: vec![],
        mentions: vec![],
        pages: cases
            .iter()
            .map(|(n, _)| format!("news/{n}/index.html"))
            .collect(),
        ..Default::default()
    };
    b.build_and_check("deep-markdown", &expect);
    for (name, _) in &cases {
        let html = read(b.site().join(format!("public/news/{name}/index.html")));
        assert!(html.contains("ลึก"), "{name}: the text survives");
        assert!(
            html.matches("<blockquote").count() <= 64 && html.matches("<ul").count() <= 64,
            "{name}: nesting is bounded"
        );
    }
}

#[test]
fn ten_thousand_deep_toml_is_an_error() {
    let depth = 10_000;
    let b = Boxed::new();
    write(
        &b.site().join("content/pages/arr.toml"),
        format!(
            "title = \"ก\"\ndate = 2024-10-01\ntags = {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    write(
        &b.site().join("content/pages/tab.toml"),
        format!(
            "title = \"ก\"\ndate = 2024-10-01\nsigner = {}1{}\n",
            "{ name = ".repeat(depth),
            " }".repeat(depth)
        ),
    );
    let expect = Expect {
        about: "10,000-deep TOML arrays and tables".into(),
        exit: Some(1),
        locations: vec![],
        mentions: vec![
            "content/pages/arr.toml".into(),
            "content/pages/tab.toml".into(),
        ],
        pages: vec![],
        ..Default::default()
    };
    b.build_and_check("deep-toml", &expect);
}

/// Random binary files of every kind, from a fixed seed (xorshift), never crash the build.
#[test]
fn random_binary_records_never_panic() {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let b = Boxed::new();
    let folders = [
        "pages",
        "news",
        "announcements",
        "procurement",
        "reports",
        "complaints",
        "people",
        "services",
        "plans/p/projects",
    ];
    for (i, folder) in folders.iter().enumerate() {
        for ext in ["md", "toml"] {
            let len = 1 + (next() % 65_536) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if i % 2 == 0 {
                // Half start like a record, to get past the first checks.
                let mut head = b"+++\ntitle = \"x\"\n".to_vec();
                head.append(&mut bytes);
                bytes = head;
            }
            write(
                &b.site().join(format!("content/{folder}/bin{i}.{ext}")),
                bytes,
            );
        }
    }
    write(&b.site().join("content/plans/p/plan.toml"), {
        let mut v = b"years = [".to_vec();
        v.extend((0..4096).map(|_| next() as u8));
        v
    });
    let expect = Expect {
        about: "random binary in every kind".into(),
        exit: Some(1),
        locations: vec![],
        mentions: vec!["content/news/bin1.md".into()],
        pages: vec![],
        ..Default::default()
    };
    b.build_and_check("random-binary", &expect);
}

/// The kinds of output a case may not create: the slug cases must not write anything beside
/// or above the output either, which `build_and_check` already asserts for the whole box; here
/// the good sibling of a bad slug builds into its own folder only.
#[test]
fn a_clean_build_writes_only_into_its_output() {
    let b = Boxed::new();
    write(
        &b.site().join("content/news/a.md"),
        news("2024-10-01", "ข่าว\n"),
    );
    let expect = Expect {
        about: "a clean build".into(),
        exit: Some(0),
        locations: vec![],
        mentions: vec![],
        pages: vec!["news/a/index.html".into()],
        ..Default::default()
    };
    b.build_and_check("clean", &expect);
    let names: Vec<String> = std::fs::read_dir(b.site())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        ["content", "public", "site.toml"],
        "no leftovers beside the output"
    );
    assert!(Path::new(&b.site().join("public/.prongsai-output")).exists());
}
