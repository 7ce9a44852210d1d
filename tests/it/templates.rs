//! A site's own templates override the built-in theme's, one file at a time.

use crate::common;

use common::*;

const PAGE: &str = "+++\ntitle = \"ประวัติความเป็นมา\"\ndate = 2024-10-01\n+++\nเนื้อหาหน้าประวัติ\n";
const NEWS: &str = "+++\ntitle = \"ข่าวหนึ่ง\"\ndate = 2024-10-01\n+++\nเนื้อหาข่าว\n";

const OVERRIDE: &str = "{% extends \"base.html\" %}\n{% block content %}\n<article class=\"custom-page\"><h1>{{ record.title }}</h1><p>แม่แบบของเว็บไซต์เอง</p>{{ record.body_html | safe }}</article>\n{% endblock content %}\n";

#[test]
fn site_template_overrides_the_theme() {
    let site = site(&[
        ("content/pages/history.md", PAGE),
        ("content/news/one.md", NEWS),
        ("templates/page.html", OVERRIDE),
    ]);
    build(site.path()).expect(0);
    let page = read(site.path().join("public/pages/history/index.html"));
    assert!(page.contains("custom-page"), "{page}");
    let t = text(&page);
    assert!(
        t.contains("แม่แบบของเว็บไซต์เอง") && t.contains("เนื้อหาหน้าประวัติ"),
        "{t}"
    );
    assert!(
        t.contains("เทศบาลตำบลทดสอบ"),
        "base.html still wraps it: {t}"
    );
    let news = read(site.path().join("public/news/one/index.html"));
    assert!(
        !news.contains("custom-page"),
        "other kinds keep the theme's template"
    );
    assert!(text(&news).contains("เนื้อหาข่าว"));
}

#[test]
fn site_theme_folder_overrides_the_theme() {
    let site = site(&[
        ("content/pages/history.md", PAGE),
        ("themes/default/templates/page.html", OVERRIDE),
    ]);
    build(site.path()).expect(0);
    let page = read(site.path().join("public/pages/history/index.html"));
    assert!(page.contains("custom-page"), "{page}");
}

#[test]
fn partial_override_is_used() {
    let site = site(&[
        (
            "content/announcements/a.md",
            "+++\ntitle = \"ประกาศ\"\ndate = 2024-10-01\ncategory = \"general\"\nsigner = { name = \"นายทดสอบ ระบบดี\", position = \"นายกเทศมนตรี\" }\n+++\nข้อความ\n",
        ),
        (
            "templates/partials/signer.html",
            "<div class=\"my-signer\">ลงชื่อ {{ record.signer.name }}</div>",
        ),
    ]);
    build(site.path()).expect(0);
    let html = read(site.path().join("public/announcements/a/index.html"));
    assert!(html.contains("my-signer"), "{html}");
    assert!(text(&html).contains("ลงชื่อ นายทดสอบ ระบบดี"));
}

#[test]
fn template_syntax_error_names_the_template() {
    let broken = "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ record.title }</h1>\n{% endblock content %}\n";
    let site = site(&[
        ("content/pages/history.md", PAGE),
        ("templates/page.html", OVERRIDE),
    ]);
    build(site.path()).expect(0);
    let before = snapshot(&site.path().join("public"));

    write(&site.path().join("templates/page.html"), broken);
    let r = build(site.path());
    r.expect(1);
    assert!(r.stderr.contains("templates/page.html"), "{}", r.all());
    assert!(
        names_location(&r.stderr, "templates/page.html", 3),
        "the line of the error: {}",
        r.all()
    );
    assert!(
        snapshot(&site.path().join("public")) == before,
        "public/ unchanged"
    );
    let r = check(site.path());
    r.expect(1);
    assert!(r.stderr.contains("templates/page.html"), "{}", r.all());
}

#[test]
fn template_rendering_error_names_the_template() {
    let bad = "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ record.no_such_field.deeper }}</p>\n{% endblock content %}\n";
    let site = site(&[
        ("content/pages/history.md", PAGE),
        ("templates/page.html", bad),
    ]);
    let r = build(site.path());
    r.expect(1);
    assert!(
        names_location(&r.stderr, "templates/page.html", 3),
        "{}",
        r.all()
    );
    assert!(!site.path().join("public").exists());
}

/// A template whose error Tera finds when loading the templates (not a syntax error).
fn load_error(template: &str) -> Run {
    let site = site(&[
        ("content/pages/history.md", PAGE),
        ("templates/page.html", template),
    ]);
    build(site.path())
}

#[test]

fn unknown_filter_names_the_template() {
    let r = load_error(
        "{% extends \"base.html\" %}\n{% block content %}\n{{ record.title | no_such_filter }}\n{% endblock content %}\n",
    );
    r.expect(1);
    assert!(
        names_location(&r.stderr, "templates/page.html", 3),
        "{}",
        r.all()
    );
}

#[test]

fn missing_parent_template_names_the_template() {
    let r = load_error(
        "{% extends \"no-such-base.html\" %}\n{% block content %}x{% endblock content %}\n",
    );
    r.expect(1);
    assert!(
        r.stderr.contains("error: templates/page.html"),
        "{}",
        r.all()
    );
}

#[test]
fn unclosed_block_names_the_template() {
    let bad = "{% extends \"base.html\" %}\n{% block content %}\n{% if record.title %}\n<p>x</p>\n{% endblock content %}\n";
    let site = site(&[
        ("content/pages/history.md", PAGE),
        ("templates/page.html", bad),
    ]);
    let r = build(site.path());
    r.expect(1);
    assert!(r.stderr.contains("templates/page.html"), "{}", r.all());
}
