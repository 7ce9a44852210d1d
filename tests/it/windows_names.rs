//! A site built on Linux may be copied to a Windows PC: names Windows cannot hold are refused
//! (slugs and attachment names), all at once, in Thai and English; and paths written the Windows
//! way (backslashes, a drive letter) reach `--root`, `--output` and the messages unchanged.

use crate::common;

use common::*;

const PDF: &str = "%PDF-1.7\n";

fn news(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2024-10-01\n+++\nก\n")
}

#[test]
fn windows_reserved_names_are_refused_as_slugs_and_attachment_names_all_at_once() {
    let slug_aux = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\nslug = \"AUX\"\n+++\nก\n";
    let site = site(&[
        ("content/news/con.md", &news("ข่าวหนึ่ง")),
        ("content/news/Com1.md", &news("ข่าวสอง")),
        ("content/news/x.md", slug_aux),
        ("content/news/console.md", &news("ข่าวที่ใช้ได้")),
        ("content/files/nul.pdf", PDF),
        ("content/files/lpt1/a.pdf", PDF),
        ("content/files/con .pdf", PDF),
        ("content/files/report.pdf.", PDF),
        ("content/files/a:b.pdf", PDF),
        ("content/files/ok.pdf", PDF),
    ]);
    let r = build(site.path());
    r.expect(1);
    let err = &r.stderr;
    for name in [
        "news/con.md",
        "news/Com1.md",
        "files/nul.pdf",
        "files/lpt1/a.pdf",
        "files/con .pdf",
        "files/report.pdf.",
        "files/a:b.pdf",
    ] {
        assert!(err.contains(name), "{name} is named: {err}");
    }
    assert!(
        names_location(err, "content/news/x.md", 4),
        "the slug line: {err}"
    );
    assert!(!err.contains("console.md"), "console is fine: {err}");
    assert!(!err.contains("ok.pdf"), "{err}");
    assert!(err.contains("Windows สงวนไว้"), "Thai: {err}");
    assert!(err.contains("a name Windows reserves"), "English: {err}");
    assert!(err.contains("ends with a dot or a space"), "{err}");
    assert!(err.contains("does not allow in a name"), "{err}");
    assert!(err.contains("hint"), "{err}");
    assert!(!site.path().join("public").exists(), "nothing published");
}

#[test]
fn new_never_makes_a_reserved_slug_from_a_title() {
    let site = site(&[("content/news/a.md", &news("ข่าว"))]);
    for title in ["con", "NUL", "com1"] {
        let r = run(&["new", "--root", s(site.path()), "news", title]);
        r.expect(0);
        let created: Vec<_> = files_under(&site.path().join("content/news"))
            .into_iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert!(
            !created
                .iter()
                .any(|p| prongsai::content::windows_reserved(p.rsplit('/').next().unwrap_or(p))),
            "{created:?}"
        );
    }
    // The new files are refused only for their placeholders, never for their names.
    let r = check(site.path());
    assert!(r.stderr.contains("placeholder"), "{}", r.all());
    assert!(!r.stderr.contains("Windows"), "{}", r.all());
}

/// On Linux a backslash and a colon are ordinary letters of a folder name: a folder named the
/// way a Windows path is written (`C:\Users\officer\เว็บไซต์`) is a site like any other, and
/// the messages show the path exactly as it was given.
#[test]
fn roots_and_outputs_written_the_windows_way_build_and_are_named_as_given() {
    let outer = tempfile::tempdir().expect("tempdir");
    let root = outer.path().join(r"C:\Users\officer\เว็บไซต์");
    std::fs::create_dir_all(root.join("content/news")).expect("mkdir");
    write(&root.join("site.toml"), SITE_TOML);
    write(&root.join("content/news/a.md"), news("ข่าว"));
    let out = outer.path().join(r"D:\www\public");
    run(&["build", "--root", s(&root), "--output", s(&out)]).expect(0);
    assert!(out.join("news/a/index.html").is_file());

    // Relative, from the folder that holds them, as an officer types them.
    write(&root.join("content/news/b.md"), "+++\ntitle = \"\"\n+++\n");
    let r = run_in(
        outer.path(),
        &[
            "build",
            "--root",
            r"C:\Users\officer\เว็บไซต์",
            "--output",
            r"D:\www\public",
        ],
    );
    r.expect(1);
    assert!(
        r.stderr
            .contains(r"C:\Users\officer\เว็บไซต์/content/news/b.md")
            || r.stderr.contains("content/news/b.md"),
        "{}",
        r.all()
    );
    assert!(
        out.join("news/a/index.html").is_file(),
        "the old output stays"
    );

    // A drive root as the output is refused, never emptied.
    let r = run_in(
        outer.path(),
        &["build", "--root", s(&root), "--output", "/"],
    );
    assert_ne!(r.code, Some(0), "{}", r.all());
}
