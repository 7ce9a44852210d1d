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

/// The variables docs/templates.md lists: for each template (`None`: every template), the names
/// in the first cell of its table rows.
fn documented() -> std::collections::BTreeMap<Option<String>, std::collections::BTreeSet<String>> {
    let doc = read(repo().join("docs/templates.md"));
    let ticked =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(String::from).collect() };
    let mut out = std::collections::BTreeMap::new();
    for section in doc.split("\n### ").skip(1) {
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        let body = body.split("\n## ").next().unwrap_or("");
        let names: std::collections::BTreeSet<String> = body
            .lines()
            .filter(|l| l.starts_with("| `"))
            .flat_map(|l| ticked(l.split('|').nth(1).unwrap_or("")))
            .collect();
        if heading.starts_with("Every template") {
            out.insert(None, names);
            continue;
        }
        let templates: Vec<String> = ticked(heading)
            .into_iter()
            .filter(|t| t.ends_with(".html"))
            .collect();
        assert!(
            !templates.is_empty(),
            "a section without a template: {heading}"
        );
        for t in templates {
            out.insert(Some(t), names.clone());
        }
    }
    out
}

#[test]
fn docs_name_the_variables_of_every_template() {
    use std::collections::{BTreeMap, BTreeSet};
    let doc = documented();
    let common = doc.get(&None).cloned().expect("a section `Every template`");
    let opts = prongsai::BuildOptions {
        root: repo(),
        ..Default::default()
    };
    let site = prongsai::load_site(&opts).unwrap_or_else(|d| panic!("{d:?}"));
    let renderer = prongsai::render::Renderer::new(&site).unwrap_or_else(|d| panic!("{d:?}"));
    prongsai::output::hand_over(&renderer);
    // What the pages of each template receive, all of them together.
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for job in renderer.jobs() {
        let page = renderer.page(job).unwrap_or_else(|d| panic!("{d:?}"));
        let own: BTreeSet<String> = page
            .variables()
            .into_iter()
            .filter(|v| !common.contains(v))
            .collect();
        let listed = doc
            .get(&Some(page.template.clone()))
            .unwrap_or_else(|| panic!("docs/templates.md has no section for {}", page.template));
        let missing: Vec<_> = own.difference(listed).collect();
        assert!(
            missing.is_empty(),
            "{job:?} ({}) receives {missing:?}, which docs/templates.md does not list",
            page.template
        );
        // Every page receives the common variables.
        let vars: BTreeSet<String> = page.variables().into_iter().collect();
        assert!(common.is_subset(&vars), "{job:?}: {vars:?}");
        seen.entry(page.template).or_default().extend(own);
    }
    for (template, listed) in doc.iter().filter_map(|(t, v)| Some((t.as_ref()?, v))) {
        let got = seen
            .get(template)
            .unwrap_or_else(|| panic!("no page of the demo uses {template}"));
        let stale: Vec<_> = listed.difference(got).collect();
        assert!(
            stale.is_empty(),
            "docs/templates.md lists {stale:?} for {template}, which no page of it receives"
        );
    }
}
