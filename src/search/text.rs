//! What the index reads of each record: its title, the fields that matter for its kind (stage,
//! method, winner, e-GP number, fiscal year, category, …), its body as plain text, and a short
//! excerpt the search page shows as the snippet.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use crate::content::{Data, ProjectType, Record};
use crate::site::Site;
use crate::thai::{Baht, Digits, apply_digits, format_baht, format_date_long, format_fiscal_year};

/// Longest excerpt, in characters (the snippet is cut from it in the browser).
pub const EXCERPT_CHARS: usize = 700;

/// The searchable text of one record.
#[derive(Debug, Default, Clone)]
pub struct DocText {
    pub title: String,
    /// The record's own fields, one per line.
    pub fields: String,
    /// The body (Markdown as plain text) and the long text fields.
    pub body: String,
    /// Summary, labelled fields and body start, as the citizen reads them.
    pub excerpt: String,
}

/// The text of record `i`.
pub fn doc_text(site: &Site, i: usize) -> DocText {
    match site.records.get(i) {
        Some(r) => record_text(r, site.config.site.digits),
        None => DocText::default(),
    }
}

/// The text of record `r`, on a site that prints numbers with `digits`: nothing else of the site
/// goes into it, so `serve` makes it again only for a record that changed (`live`).
pub fn record_text(r: &Record, digits: Digits) -> DocText {
    let mut facts: Vec<(&str, String)> = Vec::new();
    let mut long: Vec<String> = Vec::new();
    kind_facts(r, digits, &mut facts, &mut long);
    let mut fields: Vec<String> = facts.iter().map(|(_, v)| v.clone()).collect();
    fields.push(r.kind.label().to_string());
    fields.push(format_fiscal_year(r.fiscal_year, digits));
    fields.push(format_date_long(r.meta.date, digits));
    fields.extend(r.meta.tags.iter().cloned());
    if let Some(s) = &r.meta.summary {
        fields.push(s.clone());
    }
    if let Some(s) = &r.meta.signer {
        fields.push(format!("{} {}", s.name, s.position));
    }
    fields.extend(r.meta.attachments.iter().map(|a| a.title.clone()));
    let body_text = markdown_text(&r.body);
    let mut excerpt = String::new();
    if let Some(s) = &r.meta.summary {
        excerpt.push_str(s);
        excerpt.push(' ');
    }
    let labelled: Vec<String> = facts
        .iter()
        .filter(|(l, _)| !l.is_empty())
        .map(|(l, v)| format!("{l} {v}"))
        .collect();
    if !labelled.is_empty() {
        excerpt.push_str(&labelled.join(" · "));
        excerpt.push(' ');
    }
    excerpt.push_str(&body_text);
    long.push(body_text);
    DocText {
        title: r.meta.title.clone(),
        fields: fields.join("\n"),
        body: long.join("\n"),
        excerpt: cut(&collapse(&excerpt), EXCERPT_CHARS),
    }
}

fn money(b: Option<Baht>, digits: Digits) -> Option<String> {
    b.map(|b| format!("{} บาท", format_baht(b, digits)))
}

/// The facts of a record's kind: labelled ones (shown in the excerpt) and long texts (body).
fn kind_facts(r: &Record, digits: Digits, facts: &mut Vec<(&str, String)>, long: &mut Vec<String>) {
    let mut put = |label: &'static str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            facts.push((label, v));
        }
    };
    match &r.data {
        Data::Procurement(p) => {
            put("", Some(p.stage.label().to_string()));
            put("วิธี", Some(p.method.label().to_string()));
            put("", Some(p.item.clone()));
            put("ผู้ชนะ", p.winner.as_ref().map(|w| w.name.clone()));
            put(
                "ราคาที่ตกลง",
                money(p.winner.as_ref().and_then(|w| w.price), digits),
            );
            put("วงเงินงบประมาณ", money(p.budget, digits));
            put("ราคากลาง", money(p.median_price, digits));
            put("เลขที่โครงการ e-GP", p.egp_number.clone());
            let bidders: Vec<String> = p.bidders.iter().map(|b| b.name.clone()).collect();
            put("ผู้เสนอราคา", Some(bidders.join(", ")));
            put("เหตุผล", p.reason.clone());
            if let Some(c) = &p.contract {
                put(
                    "สัญญาเลขที่",
                    c.number.as_ref().map(|n| apply_digits(n, digits)),
                );
                put("วันที่สัญญา", c.date.map(|d| format_date_long(d, digits)));
                put("มูลค่าสัญญา", money(c.amount, digits));
            }
            put("หน่วยงาน", p.department.clone());
        }
        Data::Announcement(a) => {
            put("หมวด", Some(a.category.label().to_string()));
            put("เลขที่", a.number.clone());
            put("", a.subject.clone());
            put("", a.issuer.clone());
        }
        Data::Plan(p) => {
            put("", p.organisation.clone());
            for d in &p.dimensions {
                long.push(d.name.clone());
                long.extend(d.missions.iter().map(|m| m.name.clone()));
            }
            for risk in &p.risks {
                long.push(risk.step.clone());
                long.extend(risk.risks.iter().cloned());
                long.extend(risk.controls.iter().cloned());
            }
        }
        Data::Project(p) => {
            let t = match p.project_type {
                ProjectType::Project => "โครงการ",
                ProjectType::Activity => "กิจกรรม",
                ProjectType::Measure => "มาตรการ",
            };
            put("", Some(t.to_string()));
            put("ผู้รับผิดชอบ", p.owner.clone());
            put("กลุ่มเป้าหมาย", p.target.clone());
            put("ระยะเวลา", p.period.clone());
            for s in &p.signatures {
                long.push(format!("{} {} {}", s.role, s.name, s.position));
            }
            long.extend(p.rationale.iter().cloned());
            for list in [&p.objectives, &p.method, &p.outputs, &p.outcomes] {
                long.extend(list.iter().cloned());
            }
            long.extend(p.note.iter().cloned());
        }
        Data::Report(rep) => {
            put("", Some(rep.report_type.label().to_string()));
            long.extend(rep.progress.iter().filter_map(|p| p.result.clone()));
        }
        Data::Complaints(c) => {
            let names = |l: &[crate::content::Count]| {
                l.iter()
                    .map(|x| x.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            put("ช่องทาง", Some(names(&c.channels)));
            put("ประเภท", Some(names(&c.categories)));
        }
        Data::Person(p) => {
            put("", Some(p.position.clone()));
            put("โทรศัพท์", p.phone.clone());
            put("อีเมล", p.email.clone());
        }
        Data::Service(s) => {
            put("หน่วยงาน", s.department.clone());
            long.extend(s.steps.iter().map(|x| x.name.clone()));
            long.extend(s.fees.iter().map(|x| x.name.clone()));
            long.extend(s.documents.iter().map(|x| x.name.clone()));
            long.extend(s.channels.iter().cloned());
        }
        Data::News(n) => {
            put("", n.image.as_ref().map(|i| i.alt.clone()));
        }
        Data::Page(_) => {}
    }
}

/// Markdown as plain text: the words of text and code, blocks separated by new lines.
pub fn markdown_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// White space runs as one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `n` characters, cut at a space when one is near the end.
fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        None => s.to_string(),
        Some((end, _)) => {
            let head = &s[..end];
            let at = head.rfind(' ').filter(|&p| p * 4 >= end * 3).unwrap_or(end);
            format!("{}…", &head[..at])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_as_text() {
        let t = markdown_text("# หัวข้อ\n\nย่อหน้า **หนา** [ลิงก์](/a/)\n\n- หนึ่ง\n- สอง\n");
        assert_eq!(collapse(&t), "หัวข้อ ย่อหน้า หนา ลิงก์ หนึ่ง สอง");
    }

    #[test]
    fn cut_keeps_whole_words() {
        assert_eq!(cut("กข คง", 10), "กข คง");
        assert_eq!(cut("aaaa bbbb cccc", 12), "aaaa bbbb…");
        assert_eq!(cut("ก".repeat(20).as_str(), 5), "กกกกก…");
    }
}
