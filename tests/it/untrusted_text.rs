//! Text that could deceive a reader, end to end: URLs of site.toml under the link rule of
//! Markdown, bidi controls isolated in HTML and gone from CSV and Atom, and control characters
//! shown (not obeyed) in the terminal while the JSON report stays valid.

use crate::common;

use common::*;

const SITE: &str = "base_url = \"https://t.example.go.th/\"\ntitle = \"เทศบาลตำบลทดสอบ\"\n";

const NEWS: &str = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\n+++\nเนื้อหา\n";

#[test]
fn a_site_toml_url_with_a_script_scheme_is_an_error_at_its_line() {
    let toml = format!(
        "{SITE}logo = \"emblem.png\"\n\n[contact]\nphone = \"0 3561 0000\"\nfacebook = \"javascript:alert(document.domain)\"\n"
    );
    let dir = site(&[("site.toml", &toml), ("content/news/a.md", NEWS)]);
    // A real PNG signature: attachments are checked by their first bytes.
    write(
        &dir.path().join("content/files/emblem.png"),
        b"\x89PNG\r\n\x1a\n",
    );
    for cmd in ["check", "build"] {
        let r = run(&[cmd, "--root", s(dir.path())]);
        r.expect(1).no_panic();
        assert!(
            names_location(&r.stderr, "site.toml", 7),
            "{cmd}: {}",
            r.all()
        );
        assert!(r.stderr.contains("contact.facebook"), "{}", r.all());
        assert!(
            r.stderr.contains("ไม่ได้")
                && r.stderr.contains("not allowed")
                && r.stderr.contains("hint:"),
            "{}",
            r.all()
        );
    }
    assert!(!dir.path().join("public").exists(), "nothing is published");
    // The same value, allowed scheme: built, and the footer links to it.
    let toml = toml.replace(
        "javascript:alert(document.domain)",
        "https://www.facebook.com/t",
    );
    write(&dir.path().join("site.toml"), toml);
    build(dir.path()).expect(0);
    let home = read(dir.path().join("public/index.html"));
    assert!(home.contains("href=\"https://www.facebook.com/t\""));
}

/// The spoof of the issue: a title that reads `exe.pdf` while it is `fdp.exe`, an override
/// left open so it would reverse the text after it too.
const RLO: char = '\u{202E}';

fn spoofing_site() -> tempfile::TempDir {
    let news = format!(
        "+++\ntitle = \"ใบแจ้งหนี้{RLO}fdp.exe\"\ndate = 2024-10-01\nsummary = \"สรุป{RLO}ลับ\"\n\
attachments = [{{ file = \"bill.pdf\", title = \"ไฟล์{RLO}fdp.exe\" }}]\n+++\nเนื้อหา\n"
    );
    let person = format!(
        "title = \"นาย{RLO}ก ข\"\ndate = 2024-10-01\nposition = \"ปลัด{RLO}เทศบาล\"\ngroup = \"executive\"\norder = 1\n"
    );
    let dir = site(&[
        ("site.toml", SITE),
        ("content/news/bill.md", &news),
        ("content/people/p.toml", &person),
        ("content/files/bill.pdf", "%PDF-1.4\n%%EOF\n"),
    ]);
    build(dir.path()).expect(0);
    dir
}

#[test]
fn bidi_controls_are_isolated_in_html() {
    let dir = spoofing_site();
    let out = dir.path().join("public");
    let mut isolated = 0;
    for f in html_files(&out) {
        let html = read(out.join(&f));
        for (i, _) in html.match_indices(RLO) {
            let before = &html[..i];
            let tag_start = before.rfind('<').unwrap_or(0);
            let tag = &before[tag_start..];
            if !tag.contains('>') {
                continue; // inside an attribute value: not laid out as text
            }
            let tag = &tag[..=tag.find('>').unwrap_or(0)];
            assert_eq!(
                tag,
                "<bdi>",
                "{}: not isolated: …{}",
                f.display(),
                &html[tag_start..(i + 40).min(html.len())]
            );
            isolated += 1;
        }
        // The browser tab's title cannot hold markup: no control there.
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next());
        assert!(!title.unwrap_or("").contains(RLO), "{}", f.display());
    }
    // News page (title, summary, attachment, crumb), news list, home, person page, people list.
    assert!(isolated >= 10, "only {isolated} occurrences seen");
    let page = read(out.join("news/bill/index.html"));
    assert!(
        page.contains(&format!("<bdi>ไฟล์{RLO}fdp.exe</bdi></a>")),
        "{page}"
    );
}

#[test]
fn bidi_controls_are_stripped_from_csv_and_atom() {
    let dir = spoofing_site();
    let out = dir.path().join("public");
    let mut seen = 0;
    for f in files_under(&out) {
        let name = f.to_string_lossy().to_string();
        if !(name.ends_with(".csv") || name.ends_with("atom.xml")) {
            continue;
        }
        let text = read(out.join(&f));
        assert!(!text.contains(RLO), "{name} holds a raw U+202E");
        if text.contains("ใบแจ้งหนี้fdp.exe") || text.contains("นายก ข")
        {
            seen += 1;
        }
    }
    // news.csv, people.csv, the site feed and the news feed.
    assert!(seen >= 4, "the texts are kept, without the control: {seen}");
}

#[test]
fn control_characters_in_messages_are_shown_not_sent_to_the_terminal() {
    let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
    // A raw escape in a title (TOML refuses it: the error quotes the line) and one in a file
    // name (the slug, named in the error about its wrong date).
    let dir = site(&[
        ("site.toml", SITE),
        (
            "content/news/a.md",
            &format!("+++\ntitle = \"ข่าว{esc}\"\ndate = 2024-10-01\n+++\nก\n"),
        ),
        (
            &format!("content/news/b{esc}.md"),
            "+++\ntitle = \"ข่าว\"\ndate = 2024-13-45\n+++\nก\n",
        ),
    ]);
    for cmd in ["check", "build"] {
        let r = run(&[cmd, "--root", s(dir.path())]);
        r.expect(1).no_panic();
        assert!(
            !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
            "{cmd}: raw control characters reached the terminal: {:?}",
            r.stderr
        );
        assert!(r.stderr.contains("\\u{1b}]0;pwned\\u{7}"), "{}", r.all());
        assert!(
            names_location(&r.stderr, "content/news/a.md", 2),
            "{}",
            r.all()
        );
        assert!(r.stderr.contains("content/news/b\\u{1b}"), "{}", r.all());
    }
    // The JSON report keeps the real values, escaped as JSON does, and parses.
    let r = run(&["check", "--root", s(dir.path()), "--format", "json"]);
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let files: Vec<&str> = v["problems"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["file"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        files.iter().any(|f| f.contains(&format!("b{esc}.md"))),
        "{files:?}"
    );
}
