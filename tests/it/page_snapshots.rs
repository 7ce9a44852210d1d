//! Snapshots of representative pages (insta, as Zola does): the demo site's home, one record page
//! of each kind, a list, a fiscal-year list, the ITA page, the procurement summary, the plan, the
//! search page, the 404 page and the start of the feed; and an example site's home and plan. A
//! change to a template or a context shows in review as a diff of `tests/snapshots/*.snap`.
//!
//! The build always minifies (there is no option not to, and what is served is what counts), so
//! a page is snapshotted in a pretty form of its DOM (html5ever, through scraper): one block
//! element a line, indented; an element with only inline content (a paragraph, a list item, a
//! link) stays on one line, as written. Attributes come in name order (scraper sorts them).
//!
//! Accept a change on purpose with `INSTA_UPDATE=always cargo test --release --test
//! page_snapshots` (or `cargo insta review`), and commit the `.snap` files. In CI (`CI` set, and
//! `INSTA_UPDATE=no` from test.sh) a mismatch or a missing snapshot fails; nothing is written.

use crate::common;

use std::path::Path;

use common::*;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

/// Elements kept on the line of their parent's text (HTML's phrasing content, and form controls).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "button", "cite", "code", "data", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "meter", "output", "progress", "q", "s",
    "samp", "select", "small", "span", "strong", "sub", "sup", "svg", "time", "u", "var", "wbr",
];

/// Elements printed whole on one line: their content is text, not a tree to indent.
const LEAF: &[&str] = &["pre", "script", "style", "svg", "textarea", "title"];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn is_inline(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Text(_) | Node::Comment(_) => true,
        Node::Element(e) => INLINE.contains(&e.name()),
        _ => false,
    }
}

/// Whether an element is printed on one line: it holds no block element, or its text is its point.
fn is_compact(node: NodeRef<'_, Node>) -> bool {
    let Node::Element(e) = node.value() else {
        return true;
    };
    LEAF.contains(&e.name()) || node.descendants().skip(1).all(is_inline)
}

fn escape_text(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// A node as HTML on one line (an element through html5ever's serializer).
fn outer(node: NodeRef<'_, Node>) -> String {
    match node.value() {
        Node::Text(t) => escape_text(t),
        Node::Comment(c) => format!("<!--{}-->", &**c),
        Node::Element(_) => ElementRef::wrap(node).map_or_else(String::new, |e| e.html()),
        _ => String::new(),
    }
}

fn open_tag(node: NodeRef<'_, Node>) -> String {
    let Some(e) = ElementRef::wrap(node) else {
        return String::new();
    };
    let html = e.html();
    // The serializer's first tag is the start tag (attribute values have `>` escaped as `&gt;`).
    html.find('>')
        .map_or(html.clone(), |i| html[..=i].to_string())
}

/// `text` at `depth`, a line for each of its own lines (the minifier keeps some newlines of
/// the templates, which are whitespace here), blank ones dropped.
fn line(out: &mut String, depth: usize, text: &str) {
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(&"  ".repeat(depth));
        out.push_str(l);
        out.push('\n');
    }
}

fn pretty_children(node: NodeRef<'_, Node>, depth: usize, out: &mut String) {
    let mut run = String::new();
    for child in node.children() {
        if is_inline(child) {
            run.push_str(&outer(child));
            continue;
        }
        line(out, depth, &std::mem::take(&mut run));
        match child.value() {
            Node::Doctype(d) => line(out, depth, &format!("<!DOCTYPE {}>", d.name())),
            Node::Element(_) if is_compact(child) => line(out, depth, &outer(child)),
            Node::Element(e) => {
                line(out, depth, &open_tag(child));
                pretty_children(child, depth + 1, out);
                if !VOID.contains(&e.name()) {
                    line(out, depth, &format!("</{}>", e.name()));
                }
            }
            _ => {}
        }
    }
    line(out, depth, &run);
}

/// A page's DOM, one block a line, indented (see the top of this file).
fn pretty(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    pretty_children(doc.tree.root(), 0, &mut out);
    out
}

/// The feed up to the end of its second entry: the head and the shape of an entry.
fn feed_excerpt(xml: &str) -> String {
    let mut end = 0;
    for _ in 0..2 {
        match xml[end..].find("</entry>") {
            Some(i) => end += i + "</entry>".len(),
            None => break,
        }
    }
    assert!(end > 0, "the feed has no entry:\n{xml}");
    format!("{}\n…\n", &xml[..end])
}

/// Snapshot the page `rel` (its output path) of the site built in `out` as `name`. Snapshots are
/// kept in tests/snapshots/ under their own names, wherever this file is.
fn snapshot_page(out: &Path, name: &str, rel: &str) {
    let path = out.join(rel);
    assert!(path.is_file(), "{rel} was not built");
    let raw = read(&path);
    // Nothing of the machine may be in a page: a temporary folder would change every run.
    assert!(!raw.contains(s(out)), "{rel} names the output folder");
    let shown = if rel.ends_with(".xml") {
        feed_excerpt(&raw)
    } else {
        pretty(&raw)
    };
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    // The page's output path in the snapshot's header, for the reviewer.
    settings.set_description(rel);
    settings.bind(|| insta::assert_snapshot!(name, shown));
}

/// One test a page of the demo site (built once, shared by the tests of this binary), so that
/// every changed page shows at once.
macro_rules! demo_pages {
    ($($test:ident: $name:literal => $rel:literal,)*) => {$(
        #[test]
        fn $test() {
            snapshot_page(&shared_demo().join("public"), concat!("demo-", $name), $rel);
        }
    )*};
}

demo_pages! {
    demo_home: "home" => "index.html",
    demo_404: "404" => "404.html",
    demo_search: "search" => "search/index.html",
    demo_list: "list-news" => "news/index.html",
    demo_fiscal_year_list: "list-news-fiscal-year" => "news/2568/index.html",
    demo_ita: "ita" => "ita/2568/index.html",
    demo_procurement_summary: "procurement-summary" => "procurement/2568/summary/index.html",
    demo_page: "page" => "pages/about/index.html",
    demo_news: "news" => "news/no-gift-pledge-2568/index.html",
    demo_announcement: "announcement" => "announcements/no-gift-policy/index.html",
    demo_procurement: "procurement" => "procurement/2568-child-centre-repair-04-winner/index.html",
    demo_plan: "plan" => "plans/anti-corruption-2566-2570/index.html",
    demo_project: "project" => "plans/anti-corruption-2566-2570/projects/02-law-knowledge/index.html",
    demo_report: "report" => "reports/anti-corruption-plan-progress-2568-6-months/index.html",
    demo_complaints: "complaints" => "complaints/complaints-2568/index.html",
    demo_person: "person" => "people/mayor/index.html",
    demo_service: "service" => "services/building-permit/index.html",
    demo_feed: "feed" => "atom.xml",
}

/// An example site of another shape (a plan of 2562–2564, pages only, a sample notice).
#[test]
fn example_site_pages() {
    let site = copy_site("examples/kok-tum");
    build(site.path()).expect(0);
    let out = site.path().join("public");
    snapshot_page(&out, "kok-tum-home", "index.html");
    snapshot_page(
        &out,
        "kok-tum-plan",
        "plans/anti-corruption-2562-2564/index.html",
    );
}

#[test]
fn the_pretty_form_keeps_inline_content_on_its_line() {
    let html = "<!DOCTYPE html><html><head><title>t</title></head><body><ul><li><a href=\"/x/\">ข่าว &amp; <b>ใหม่</b></a></li></ul><p>ก<br>ข</p><div><p>a</p>b</div></body></html>";
    assert_eq!(
        pretty(html),
        "<!DOCTYPE html>\n<html>\n  <head>\n    <title>t</title>\n  </head>\n  <body>\n    <ul>\n      <li><a href=\"/x/\">ข่าว &amp; <b>ใหม่</b></a></li>\n    </ul>\n    <p>ก<br>ข</p>\n    <div>\n      <p>a</p>\n      b\n    </div>\n  </body>\n</html>\n"
    );
}
