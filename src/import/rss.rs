//! The e-GP announcement feed (RSS 2.0, Windows-874): one `Notice` per `channel/item`.
//! Strict about what is used (`title`, `description`'s three values, `pubDate`), tolerant of
//! everything else.

use std::path::Path;

use super::model::{AnnounceType, Notice, Parsed, Pos, method_from_text, project_id};
use crate::error::{Diagnostic, Diagnostics};
use crate::thai::date::{civil_from_days, days_from_civil};
use crate::thai::{Date, parse_date};

/// The XML declaration's encoding is that of the bytes, which are decoded already: roxmltree
/// reads only UTF-8, so the declaration is blanked (same length: positions stay right).
fn blank_declaration(text: &str) -> String {
    let start = text.len() - text.trim_start().len();
    if text[start..].starts_with("<?xml")
        && let Some(end) = text[start..].find("?>")
    {
        let end = start + end + 2;
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..start]);
        out.push_str(&" ".repeat(end - start));
        out.push_str(&text[end..]);
        return out;
    }
    text.to_string()
}

/// Read the feed of source number `source` (its name `name` for messages).
pub fn read(source: usize, name: &str, text: &str, diags: &mut Diagnostics) -> Parsed {
    let file = Path::new(name);
    let mut parsed = Parsed::default();
    if text.trim().is_empty() {
        diags.push(Diagnostic::file(
            file,
            "ฟีด e-GP ตอบกลับมาว่างเปล่า: ระบบปิดฟีดช่วง ๐๙.๐๐–๑๒.๐๐ และ ๑๓.๐๐–๑๗.๐๐ น. จึงไม่ได้แปลว่าไม่มีประกาศ ไม่มีไฟล์ใดถูกเขียน",
            "the e-GP feed answered with nothing: it is closed 09:00–12:00 and 13:00–17:00 Bangkok time, so this does not mean \"no announcements\"; nothing was written",
            "ลองใหม่นอกเวลาดังกล่าว (เช่น หลัง ๑๗.๐๐ น.) / try again outside those hours (e.g. after 17:00)",
        ));
        return parsed;
    }
    let xml = blank_declaration(text);
    let doc = match roxmltree::Document::parse(&xml) {
        Ok(d) => d,
        Err(e) => {
            let p = e.pos();
            diags.push(Diagnostic {
                file: file.to_path_buf(),
                line: p.row as usize,
                column: p.col as usize,
                th: format!("อ่าน XML ของฟีดไม่ได้ (ไฟล์อาจดาวน์โหลดไม่ครบ): {e}"),
                en: format!("the feed is not well-formed XML (perhaps a broken download): {e}"),
                hint: "ดาวน์โหลดฟีดใหม่ทั้งไฟล์ / download the whole feed again".into(),
                source_line: None,
            });
            return parsed;
        }
    };
    let at = |offset: usize, th: String, en: String, hint: &str| {
        Diagnostic::at(file, text, offset, 1, th, en, hint)
    };
    let root = doc.root_element();
    let channel = root
        .children()
        .find(|n| n.has_tag_name("channel"))
        .filter(|_| root.has_tag_name("rss"));
    let Some(channel) = channel else {
        diags.push(at(
            root.range().start,
            "ไฟล์นี้ไม่ใช่ฟีด RSS ของ e-GP (ไม่มี rss/channel)".into(),
            "this is not an e-GP RSS feed (no rss/channel)".into(),
            "ใช้ไฟล์ egpannouncerss.xml หรือระบุ --format / use the egpannouncerss.xml feed, or give --format",
        ));
        return parsed;
    };
    let mut plans = 0;
    let mut drafts = 0;
    for (i, item) in channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .enumerate()
    {
        let n = i + 1;
        let off = item.range().start;
        let child = |tag: &str| {
            item.children()
                .find(|c| c.has_tag_name(tag))
                .map(|c| (c.text().unwrap_or("").trim().to_string(), c.range().start))
        };
        let label = format!("item {n}");
        let mut missing = |tag: &str| {
            diags.push(at(
                off,
                format!("ประกาศลำดับที่ {n} ของฟีดไม่มี <{tag}>"),
                format!("item {n} of the feed has no <{tag}>"),
                "ฟีดอาจไม่ครบ ดาวน์โหลดใหม่ / the feed may be incomplete; download it again",
            ));
        };
        let (Some((title, _)), Some((desc, desc_off)), Some((date_text, date_off))) =
            (child("title"), child("description"), child("pubDate"))
        else {
            for tag in ["title", "description", "pubDate"] {
                if child(tag).is_none() {
                    missing(tag);
                }
            }
            continue;
        };
        // Type names hold slashes but no commas: split on the first two commas only.
        let mut parts = desc.splitn(3, ',');
        let (id, method, type_name) = (
            parts.next().unwrap_or("").trim(),
            parts.next().unwrap_or("").trim(),
            parts.next().unwrap_or("").trim(),
        );
        let Some(kind) = AnnounceType::from_name(type_name) else {
            diags.push(at(
                desc_off,
                format!("ประกาศลำดับที่ {n}: ไม่รู้จักประเภทประกาศ \"{type_name}\""),
                format!("item {n}: unknown announcement type \"{type_name}\""),
                "description ต้องเป็น \"เลขโครงการ, วิธี, ประเภทประกาศ\" ประเภทที่รู้จัก: P0 15 B0 D0 W0 D1 W1 D2 W2 (docs/import.md) / description must be \"project id, method, type\" with a known type",
            ));
            continue;
        };
        if kind == AnnounceType::P0 {
            plans += 1;
            continue;
        }
        if kind == AnnounceType::B0 {
            drafts += 1;
            continue;
        }
        let Some(project) = project_id(id) else {
            diags.push(at(
                desc_off,
                format!("ประกาศลำดับที่ {n}: ไม่มีเลขที่โครงการ e-GP ๑๑ หลัก (พบ \"{id}\")"),
                format!("item {n}: no 11-digit e-GP project id (found \"{id}\")"),
                "description ต้องขึ้นต้นด้วยเลขโครงการ เช่น 69099615682, … / description must start with the project id",
            ));
            continue;
        };
        let method = match method_from_text(method) {
            Ok(m) => m,
            Err(()) => {
                diags.push(at(
                    desc_off,
                    format!("ประกาศลำดับที่ {n}: ไม่รู้จักวิธีจัดซื้อจัดจ้าง \"{method}\""),
                    format!("item {n}: unknown procurement method \"{method}\""),
                    "วิธีที่ใช้ได้: e-bidding, e-market, คัดเลือก, เฉพาะเจาะจง / known methods: e-bidding, e-market, selection, specific",
                ));
                continue;
            }
        };
        let date = match feed_date(&date_text) {
            Some(d) => d,
            None => {
                diags.push(at(
                    date_off,
                    format!("ประกาศลำดับที่ {n}: อ่านวันที่ \"{date_text}\" ไม่ได้"),
                    format!("item {n}: cannot read the date \"{date_text}\""),
                    "รูปแบบที่อ่านได้: 2026-10-07 หรือ Tue, 07 Oct 2025 10:00:00 +0700 / accepted: 2026-10-07 or RFC 822",
                ));
                continue;
            }
        };
        if title.is_empty() {
            missing("title");
            continue;
        }
        let link = child("link")
            .map(|(l, _)| l)
            .filter(|l| l.starts_with("https://") || l.starts_with("http://"));
        parsed.notices.push(Notice {
            project,
            kind,
            method,
            title,
            link,
            date,
            pos: Pos {
                source,
                offset: off,
                label,
            },
        });
    }
    if plans > 0 {
        parsed.notes.push(format!(
            "{name}: ข้ามแผนการจัดซื้อจัดจ้าง (P0) {plans} รายการ: เลขแผน P… ไม่ใช่เลขโครงการ (docs/import.md) / skipped {plans} plan line(s) (P0): a plan id is not a project id"
        ));
    }
    if drafts > 0 {
        parsed.notes.push(format!(
            "{name}: ข้ามร่างเอกสารประกวดราคา (B0) {drafts} รายการ / skipped {drafts} draft document(s) (B0)"
        ));
    }
    parsed
}

const MONTHS_EN: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `pubDate`: a plain date (`2026-10-07`, or a Thai date) or RFC 822 (`Tue, 07 Oct 2025
/// 10:00:00 +0700`), whose day is taken in Bangkok time.
pub fn feed_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = parse_date(s) {
        return Some(d);
    }
    let body = s.split_once(',').map_or(s, |(_, b)| b).trim();
    let w: Vec<&str> = body.split_whitespace().collect();
    let day: u8 = w.first()?.parse().ok()?;
    let mon = w.get(1)?.to_ascii_lowercase();
    let month = MONTHS_EN.iter().position(|m| mon.starts_with(m))? as u8 + 1;
    let year: i32 = w.get(2)?.parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let date = Date::new(year, month, day)?;
    let Some(time) = w.get(3) else {
        return Some(date);
    };
    let mut hm = time.split(':').map(|x| x.parse::<i64>());
    let (h, m) = (hm.next()?.ok()?, hm.next()?.ok()?);
    let zone = w.get(4).copied().unwrap_or("+0700");
    let offset_min = match zone {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        z if z.len() == 5 && (z.starts_with('+') || z.starts_with('-')) => {
            let v: i64 = z[1..].parse().ok()?;
            let mins = (v / 100) * 60 + v % 100;
            if z.starts_with('-') { -mins } else { mins }
        }
        _ => return None,
    };
    // Minutes from the day's start in Bangkok (UTC+7).
    let local = h * 60 + m - offset_min + 7 * 60;
    let shift = local.div_euclid(24 * 60);
    shift_days(date, shift)
}

/// `d` moved by `n` days (n is -1, 0 or 1 here).
fn shift_days(d: Date, n: i64) -> Option<Date> {
    let days = days_from_civil(i64::from(d.year), d.month, d.day) + n;
    civil_from_days(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(items: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"windows-874\"?>\n<rss version=\"2.0\"><channel><title>e-GP</title>\n{items}</channel></rss>"
        )
    }

    #[test]
    fn reads_items_and_skips_plans() {
        let text = feed(
            "<item><title>ประกาศเชิญชวน จ้างก่อสร้างถนน</title><link>https://process3.gprocurement.go.th/egp-template-service/dwnt/view-pdf-file?templateId=1</link><description>69099615682, ประกวดราคาอิเล็กทรอนิกส์ (e-bidding), ประกาศเชิญชวน</description><pubDate>2026-10-07</pubDate><guid></guid><extra>x</extra></item>\n<item><title>แผน</title><description>P69100030274, ' ', แผนการจัดซื้อจัดจ้าง</description><pubDate>2026-10-01</pubDate></item>",
        );
        let mut d = Diagnostics::default();
        let p = read(0, "feed.xml", &text, &mut d);
        assert!(d.is_empty(), "{d}");
        assert_eq!(p.notices.len(), 1);
        assert_eq!(p.notices[0].kind, AnnounceType::D0);
        assert_eq!(p.notices[0].project, "69099615682");
        assert_eq!(p.notes.len(), 1);
    }

    #[test]
    fn errors_have_positions() {
        let text = feed(
            "<item><title>a</title><description>69099615682, เฉพาะเจาะจง, ประกาศแปลก</description><pubDate>2026-10-07</pubDate></item>\n<item><title>b</title><description>123, เฉพาะเจาะจง, ประกาศเชิญชวน</description><pubDate>2026-10-07</pubDate></item>",
        );
        let mut d = Diagnostics::default();
        read(0, "feed.xml", &text, &mut d);
        assert_eq!(d.len(), 2, "{d}");
        assert_eq!(d.0[0].line, 3);
        assert!(d.0[0].en.contains("unknown announcement type"));
        assert_eq!(d.0[1].line, 4);
        let mut d = Diagnostics::default();
        read(0, "feed.xml", &text[..text.len() - 30], &mut d);
        assert_eq!(d.len(), 1);
        assert!(d.0[0].line > 0);
        let mut d = Diagnostics::default();
        read(0, "feed.xml", "  \n", &mut d);
        assert!(d.0[0].en.contains("closed"));
    }

    #[test]
    fn dates_of_the_feed() {
        assert_eq!(feed_date("2026-10-07"), Date::new(2026, 10, 7));
        assert_eq!(
            feed_date("Tue, 07 Oct 2025 10:00:00 +0700"),
            Date::new(2025, 10, 7)
        );
        // 20:00 UTC is 03:00 the next day in Bangkok.
        assert_eq!(
            feed_date("Mon, 06 Oct 2025 20:00:00 GMT"),
            Date::new(2025, 10, 7)
        );
        assert_eq!(
            feed_date("Wed, 31 Dec 2025 23:30:00 +0000"),
            Date::new(2026, 1, 1)
        );
        assert_eq!(feed_date("07/10/2025"), None);
        assert_eq!(feed_date("2568-10-07"), None);
    }
}
