//! Text that could deceive a reader, end to end: URLs of site.toml under the link rule of
//! Markdown, bidi controls isolated in HTML and gone from CSV and Atom, and control characters
//! shown (not obeyed) in the terminal while the JSON report stays valid.

mod common;

use common::*;

const SITE: &str = "base_url = \"https://t.example.go.th/\"\ntitle = \"เทศบาลตำบลทดสอบ\"\n";

const NEWS: &str = "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\n+++\nเนื้อหา\n";

#[test]
fn a_site_toml_url_with_a_script_scheme_is_an_error_at_its_line() {
    let toml = format!(
        "{SITE}logo = \"emblem.png\"\n\n[contact]\nphone = \"0 3561 0000\"\nfacebook = \"javascript:alert(document.domain)\"\n"
    );
    let dir = site(&[
        ("site.toml", &toml),
        ("content/news/a.md", NEWS),
        ("content/files/emblem.png", "x"),
    ]);
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
