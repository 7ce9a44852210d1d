//! Markdown to HTML: tables, footnotes, strikethrough and heading anchors. Record content is
//! untrusted: raw HTML is shown as text, and links or images to `javascript:`/`data:`/… are
//! dropped, so a record can never put script on a citizen's page.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::untrusted::safe_url;

/// Render Markdown to HTML. Headings in the body start at h2 (the page's h1 is the title), so a
/// `#` heading becomes h2, and every heading gets an `id` for links. Links and images written
/// from the site root (`/news/a/`) are put under `base_path`; an image on another host becomes a
/// link to it, since the site must make no request to another host.
pub fn to_html(md: &str, base_path: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut heading_start: Option<usize> = None;
    let mut skip_link_depth = 0usize;
    let mut image_as_link: Vec<Option<TagEnd>> = Vec::new();
    // The body's top heading level becomes h2 (the page title is the only h1), so headings go in
    // order whether the officer starts with `#` or `##`.
    let shift = top_heading_level(md).map_or(1, |top| 2 - top as i32);
    let demote = |level: HeadingLevel| shift_heading(level, shift);
    let rebase = |url: CowStr<'_>| -> CowStr<'static> {
        if url.starts_with('/') && !url.starts_with("//") {
            CowStr::from(format!("{base_path}{}", url.trim_start_matches('/')))
        } else {
            CowStr::from(url.into_string())
        }
    };
    for ev in limit_depth(Parser::new_ext(md, opts)) {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let text: String = events[start..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(&mut ids, &text);
                    if let Some(Event::Start(Tag::Heading { id: slot, .. })) = events.get_mut(start)
                    {
                        *slot = Some(CowStr::from(id));
                    }
                }
                events.push(Event::End(TagEnd::Heading(demote(level))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if safe_url(&dest_url) {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: rebase(dest_url),
                        title,
                        id,
                    }));
                } else {
                    skip_link_depth += 1;
                }
            }
            Event::End(TagEnd::Link) => {
                if skip_link_depth > 0 {
                    skip_link_depth -= 1;
                } else {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let external = dest_url.contains("//") || dest_url.contains(':');
                if external && safe_url(&dest_url) {
                    image_as_link.push(Some(TagEnd::Link));
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else if external {
                    image_as_link.push(Some(TagEnd::Emphasis));
                    events.push(Event::Start(Tag::Emphasis));
                } else {
                    image_as_link.push(None);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: rebase(dest_url),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) => match image_as_link.pop().flatten() {
                Some(end) => events.push(Event::End(end)),
                None => events.push(Event::End(TagEnd::Image)),
            },
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Deepest nesting of lists and quotes kept as such; deeper ones are flattened to their text.
const MAX_BLOCK_DEPTH: usize = 32;
/// Deepest nesting of elements kept; deeper inline markup (emphasis, links…) keeps only its text.
const MAX_DEPTH: usize = 64;

/// Bound the nesting of the HTML that Markdown makes. A record of 10,000 nested lists or quotes
/// (`> > > …`) is legal Markdown, but the HTML minifier (and browsers) recurse per element and
/// would overflow the stack; nothing readable needs more than a few levels. Lists and quotes
/// deeper than `MAX_BLOCK_DEPTH` become the plain text of their contents (inside the deepest
/// kept item or quote, where text is allowed), and inline markup deeper than `MAX_DEPTH` is
/// dropped around its text. Start and end tags are dropped in pairs, so the HTML stays balanced.
fn limit_depth<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // For each open tag: kept, or dropped (and whether it started flattening).
    let mut stack: Vec<Option<bool>> = Vec::new();
    let mut kept = 0usize;
    let mut blocks = 0usize;
    let mut flatten = 0usize;
    // Each event gives at most one (no allocation per event).
    events.filter_map(move |ev| -> Option<Event<'a>> {
        match ev {
            Event::Start(tag) => {
                let block = matches!(tag, Tag::List(_) | Tag::BlockQuote(_));
                let separates = !matches!(
                    tag,
                    Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::Superscript
                        | Tag::Subscript
                );
                if flatten > 0 {
                    stack.push(Some(false));
                    return if separates {
                        Some(Event::Text(" ".into()))
                    } else {
                        None
                    };
                }
                if block && blocks >= MAX_BLOCK_DEPTH {
                    flatten += 1;
                    stack.push(Some(true));
                    return Some(Event::Text(" ".into()));
                }
                if !separates && kept >= MAX_DEPTH {
                    stack.push(Some(false));
                    return None;
                }
                stack.push(None);
                kept += 1;
                if block {
                    blocks += 1;
                }
                Some(Event::Start(tag))
            }
            Event::End(end) => match stack.pop() {
                Some(None) => {
                    kept = kept.saturating_sub(1);
                    if matches!(end, TagEnd::List(_) | TagEnd::BlockQuote(_)) {
                        blocks = blocks.saturating_sub(1);
                    }
                    Some(Event::End(end))
                }
                Some(Some(started)) => {
                    if started {
                        flatten = flatten.saturating_sub(1);
                    }
                    None
                }
                None => Some(Event::End(end)),
            },
            // Void elements and text are allowed wherever text is.
            Event::Rule if flatten > 0 => Some(Event::Text(" ".into())),
            other => Some(other),
        }
    })
}

/// The smallest ATX heading level (`#` = 1) written in a Markdown text, if any.
fn top_heading_level(md: &str) -> Option<usize> {
    md.lines()
        .filter_map(|line| {
            let t = line
                .strip_prefix("   ")
                .or_else(|| line.strip_prefix("  "))
                .or_else(|| line.strip_prefix(' '))
                .unwrap_or(line);
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            let rest = &t[hashes..];
            ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
                .then_some(hashes)
        })
        .min()
}

/// A heading level moved by `shift`, kept within h2–h6.
fn shift_heading(level: HeadingLevel, shift: i32) -> HeadingLevel {
    match (level as i32 + shift).clamp(2, 6) {
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// An anchor id from heading text: letters (Thai included) and digits kept, the rest `-`.
pub fn anchor(text: &str) -> String {
    let id = crate::content::slug_words(text);
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

fn unique_id(ids: &mut Vec<String>, text: &str) -> String {
    let base = anchor(text);
    let mut id = base.clone();
    let mut n = 1;
    while ids.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    ids.push(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_html_t(md: &str) -> String {
        to_html(md, "/")
    }

    #[test]
    fn rebases_root_links_and_unhosts_images() {
        let html = to_html(
            "[a](/news/x/) ![p](/files/a.png) ![e](https://cdn.example.com/x.png) [f](#top)",
            "/site/",
        );
        assert!(html.contains("href=\"/site/news/x/\""), "{html}");
        assert!(html.contains("src=\"/site/files/a.png\""), "{html}");
        assert!(!html.contains("src=\"https://cdn"), "{html}");
        assert!(
            html.contains("href=\"https://cdn.example.com/x.png\""),
            "{html}"
        );
    }

    #[test]
    fn top_heading_becomes_h2() {
        assert!(to_html_t("## a\n\n### b\n").contains("<h2 id=\"a\">"));
        assert!(to_html_t("## a\n\n### b\n").contains("<h3 id=\"b\">"));
        assert!(to_html_t("# a\n\n## b\n").contains("<h3 id=\"b\">"));
        assert!(to_html_t("#### a\n").contains("<h2"));
        assert_eq!(top_heading_level("text\n#nospace\n```\n"), None);
    }

    #[test]
    fn tables_footnotes_strike_anchors() {
        let html = to_html_t(
            "# หัวข้อ หนึ่ง\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: note\n",
        );
        assert!(html.contains("<h2 id=\"หัวข้อ-หนึ่ง\">"), "{html}");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>x</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn raw_html_is_text() {
        let html = to_html_t("<script>alert(1)</script>\n\nhi <b onclick=x>b</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn dangerous_links_are_dropped() {
        let html = to_html_t(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](data:text/html,x) [d](/ok) [e](https://x.go.th) ![i](javascript:x)",
        );
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"/ok\"") && html.contains("https://x.go.th"));
    }

    #[test]
    fn deep_nesting_is_bounded_and_balanced() {
        for md in [
            format!("{}x\n", "> ".repeat(10_000)),
            format!("{}x\n", "- ".repeat(10_000)),
            format!("{}x\n", "1. ".repeat(5_000)),
            format!("{}x{}\n", "*a _b ".repeat(3_000), " b_ a*".repeat(3_000)),
            format!("{}x{}\n", "[".repeat(5_000), "](/a)".repeat(5_000)),
        ] {
            let html = to_html_t(&md);
            assert!(html.contains('x'), "the text stays");
            let opens = html.matches("<blockquote").count() + html.matches("<ul").count();
            assert!(opens <= MAX_BLOCK_DEPTH + 1, "{opens}");
            assert_eq!(
                html.matches("<li").count(),
                html.matches("</li>").count(),
                "balanced"
            );
            assert_eq!(html.matches("<em").count(), html.matches("</em>").count());
        }
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let html = to_html_t("## ก\n\n## ก\n");
        assert!(
            html.contains("id=\"ก\"") && html.contains("id=\"ก-2\""),
            "{html}"
        );
    }
}
