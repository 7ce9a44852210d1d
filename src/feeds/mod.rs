//! Atom feeds (RFC 4287): `/atom.xml` for the whole site and `/<kind-folder>/atom.xml` for each
//! collection, with the newest 50 records, Thai titles and absolute links. Every text comes from
//! records written by hand, so all of it is escaped and stripped of characters XML forbids.

use rayon::prelude::*;

use crate::site::Site;
use crate::site::derive::{self, Feed};
use crate::thai::Date;
use crate::untrusted::xml_escape as escape;

/// A date as an Atom timestamp: midnight in Thailand.
pub fn timestamp(d: Date) -> String {
    format!("{}T00:00:00+07:00", d.iso())
}

/// The feed as Atom XML.
pub fn render(site: &Site, feed: &Feed) -> String {
    let cfg = &site.config;
    let updated = feed
        .entries
        .iter()
        .map(|&i| site.changed(i))
        .max()
        .or_else(|| (0..site.records.len()).map(|i| site.changed(i)).max())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    let mut out = String::with_capacity(1024 + feed.entries.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"th\">\n");
    out.push_str(&format!(
        "<title type=\"text\">{}</title>\n",
        escape(&feed.title)
    ));
    if !cfg.site.description.trim().is_empty() {
        out.push_str(&format!(
            "<subtitle type=\"text\">{}</subtitle>\n",
            escape(&cfg.site.description)
        ));
    }
    let self_url = escape(&cfg.permalink(&feed.path));
    out.push_str(&format!(
        "<id>{self_url}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n"
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&cfg.permalink(&feed.alternate))
    ));
    out.push_str(&format!("<updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "<author><name>{}</name></author>\n",
        escape(&cfg.site.title)
    ));
    out.push_str("<generator>prongsai</generator>\n");
    for &i in &feed.entries {
        let r = &site.records[i];
        let link = escape(&cfg.permalink(&site.paths[i]));
        out.push_str("<entry>\n");
        out.push_str(&format!(
            "<title type=\"text\">{}</title>\n",
            escape(&r.meta.title)
        ));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n<id>{link}</id>\n"
        ));
        out.push_str(&format!(
            "<published>{}</published>\n<updated>{}</updated>\n",
            timestamp(r.meta.date),
            timestamp(site.changed(i))
        ));
        out.push_str(&format!(
            "<category term=\"{}\" label=\"{}\"/>\n",
            r.kind.name(),
            escape(r.kind.label())
        ));
        if let Some(s) = r.meta.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            out.push_str(&format!("<summary type=\"text\">{}</summary>\n", escape(s)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Every feed file: (path under the output folder, bytes).
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    derive::feeds(site)
        .par_iter()
        .map(|f| (f.path.clone(), render(site, f).into_bytes()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\u{ffff}\tก"),
            "a&lt;b&gt;&amp;&quot;c&apos;\tก"
        );
        assert_eq!(escape("ใบแจ้ง\u{202E}fdp.exe\u{2066}"), "ใบแจ้งfdp.exe");
    }
}
