//! The hand-written page minifier (src/output/minify.rs, kept for its speed: docs/decisions.md,
//! "Minification") checked against a real HTML parser: every page of the demo site and of a
//! generated corpus parses (html5ever) to the same document minified and unminified: the same
//! elements in the same tree, the same attributes, and the same text once runs of white space
//! are taken as one space (what a browser renders), except inside `<pre>` and `<textarea>`, where
//! the text must be identical.

use crate::common;

use std::process::{Command, Stdio};

use common::*;
use scraper::{Html, Node};

/// The document as lines: one per element (name and sorted attributes, indented by depth) and
/// one per run of text between elements.
fn shape(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    walk(doc.tree.root(), 0, false, &mut out);
    out
}

/// Elements that start a new line box: white space just inside or beside them does not render.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "menu",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "script",
    "search",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

enum Item<'a> {
    Text(String),
    Element(ego_tree::NodeRef<'a, Node>, &'a str),
}

fn walk(node: ego_tree::NodeRef<'_, Node>, depth: usize, keep_space: bool, out: &mut Vec<String>) {
    // The children, with adjacent text joined.
    let mut items: Vec<Item<'_>> = Vec::new();
    collect(node, &mut items);
    let is_block = |item: Option<&Item<'_>>| match item {
        None => true,
        Some(Item::Element(_, name)) => BLOCKS.contains(name),
        Some(Item::Text(_)) => false,
    };
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Text(text) if keep_space => {
                out.push(format!("{}#text {text:?}", "  ".repeat(depth)));
            }
            Item::Text(text) => {
                let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                // Only whether there is white space at an edge matters, not how much, and
                // only beside inline content.
                let lead = text.starts_with(char::is_whitespace)
                    && !(i == 0 || is_block(items.get(i - 1)));
                let trail = text.ends_with(char::is_whitespace) && !is_block(items.get(i + 1));
                let t = if collapsed.is_empty() {
                    // Only white space: one space between two inline neighbours, else nothing.
                    if lead && trail {
                        " ".to_string()
                    } else {
                        String::new()
                    }
                } else {
                    format!(
                        "{}{collapsed}{}",
                        if lead { " " } else { "" },
                        if trail { " " } else { "" }
                    )
                };
                if !t.is_empty() {
                    out.push(format!("{}#text {t:?}", "  ".repeat(depth)));
                }
            }
            Item::Element(child, name) => {
                let Node::Element(e) = child.value() else {
                    continue;
                };
                let mut attrs: Vec<String> = e.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
                attrs.sort();
                out.push(format!(
                    "{}<{name} {}>",
                    "  ".repeat(depth),
                    attrs.join(" ")
                ));
                let keep = keep_space || matches!(*name, "pre" | "textarea");
                walk(*child, depth + 1, keep, out);
            }
        }
    }
}

/// The element and text children of `node` (through document and fragment nodes), adjacent
/// text joined; comments and the doctype are the minifier's to drop or keep.
fn collect<'a>(node: ego_tree::NodeRef<'a, Node>, items: &mut Vec<Item<'a>>) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => match items.last_mut() {
                Some(Item::Text(s)) => s.push_str(t),
                _ => items.push(Item::Text(t.to_string())),
            },
            Node::Element(e) => items.push(Item::Element(child, e.name())),
            Node::Document | Node::Fragment => collect(child, items),
            _ => {}
        }
    }
}

/// Render every page of the site at `root`, and compare each minified with its original.
fn every_page_parses_the_same(root: &std::path::Path) -> usize {
    let opts = prongsai::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let site = prongsai::load_site(&opts).unwrap_or_else(|d| panic!("{d:?}"));
    let renderer = prongsai::render::Renderer::new(&site).unwrap_or_else(|d| panic!("{d:?}"));
    prongsai::output::hand_over(&renderer);
    let jobs = renderer.jobs();
    let mut problems = Vec::new();
    for &job in &jobs {
        let html = renderer.render(job).unwrap_or_else(|d| panic!("{d:?}"));
        let min = prongsai::output::minify(&html);
        let min = String::from_utf8(min).expect("the minifier writes UTF-8");
        assert!(
            min.len() <= html.len(),
            "{}: minified is larger",
            renderer.output_path(job)
        );
        let (a, b) = (shape(&html), shape(&min));
        if a != b {
            let at = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            problems.push(format!(
                "{}: differs at node {at}:\n  original: {:?}\n  minified: {:?}",
                renderer.output_path(job),
                a.get(at),
                b.get(at)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    jobs.len()
}

#[test]
fn the_demo_site_minified_is_the_same_document() {
    let pages = every_page_parses_the_same(&repo());
    assert!(pages > 100, "{pages} pages");
}

#[test]
fn a_generated_corpus_minified_is_the_same_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .arg("300")
        .arg(dir.path())
        .stdout(Stdio::null())
        .status()
        .expect("python3 bench/gen_corpus.py");
    assert!(status.success());
    let pages = every_page_parses_the_same(dir.path());
    assert!(pages > 300, "{pages} pages");
}

#[test]
fn the_comparison_sees_a_change() {
    // The check itself must fail when the minifier changes the document.
    assert_ne!(shape("<p>a <b>b</b></p>"), shape("<p>a<b>b</b></p>"));
    assert_ne!(shape("<pre>a  b</pre>"), shape("<pre>a b</pre>"));
    assert_ne!(shape("<p class=x>a</p>"), shape("<p>a</p>"));
    assert_eq!(shape("<p>a   <b>b</b>\n</p>"), shape("<p>a <b>b</b> </p>"));
}
