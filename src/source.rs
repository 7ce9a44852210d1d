//! TOML text with positions: parse it once, report every syntax error, check field names
//! against a struct's fields ("did you mean"), and deserialize with errors at file:line:column.
//! Used by `config` (site.toml) and `content` (records).

use std::path::Path;

use serde::de::{self, DeserializeOwned, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Diagnostics, did_you_mean};

/// A parsed TOML document that remembers where each key is.
pub struct TomlDoc<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// Line of the file where `text` starts (front matter starts after `+++`).
    pub first_line: usize,
    table: Spanned<DeTable<'a>>,
}

impl<'a> TomlDoc<'a> {
    /// Parse; every syntax error goes to `diags` and `None` is returned when there was any.
    pub fn parse(
        file: &'a Path,
        text: &'a str,
        first_line: usize,
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(TomlDoc {
                file,
                text,
                first_line,
                table,
            });
        }
        for e in errors {
            let offset = e.span().map_or(0, |s| s.start);
            diags.push(Diagnostic::at(
                file,
                text,
                offset,
                first_line,
                format!("เขียน TOML ไม่ถูกต้อง: {}", e.message().trim()),
                format!("invalid TOML: {}", e.message().trim()),
                "ตรวจเครื่องหมายคำพูด \" และวงเล็บ [ ] { } ให้ครบคู่ / check that quotes and brackets are closed; text values need quotes",
            ));
        }
        None
    }

    /// The top-level keys with their byte spans.
    pub fn keys(&self) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
        self.table
            .get_ref()
            .iter()
            .map(|(k, _)| (k.get_ref().as_ref(), k.span()))
    }

    fn entry(
        &self,
        key: &str,
    ) -> Option<(&Spanned<toml::de::DeString<'a>>, &Spanned<DeValue<'a>>)> {
        self.table
            .get_ref()
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
    }

    /// Whether the document has this top-level key.
    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// Byte offset of the value of a top-level key (or of the document start).
    pub fn value_offset(&self, key: &str) -> usize {
        self.entry(key).map_or(0, |(_, v)| v.span().start)
    }

    /// Byte offset of the value at a path of keys into nested tables, such as
    /// `["contact", "facebook"]` (or of the last table found on the way, or the document start).
    pub fn value_offset_at(&self, path: &[&str]) -> usize {
        let mut table = self.table.get_ref();
        let mut offset = 0;
        for key in path {
            let Some((_, v)) = table.iter().find(|(k, _)| k.get_ref().as_ref() == *key) else {
                break;
            };
            offset = v.span().start;
            match v.get_ref() {
                DeValue::Table(t) => table = t,
                _ => break,
            }
        }
        offset
    }

    /// A diagnostic pointing at the value of `key`.
    pub fn error_at(
        &self,
        key: &str,
        th: impl Into<String>,
        en: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(
            self.file,
            self.text,
            self.value_offset(key),
            self.first_line,
            th,
            en,
            hint,
        )
    }

    /// A diagnostic at a byte offset of this document.
    pub fn error_at_offset(
        &self,
        offset: usize,
        th: impl Into<String>,
        en: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(self.file, self.text, offset, self.first_line, th, en, hint)
    }

    /// Report every text value longer than its limit (`title`: `title_chars`, any other:
    /// `other_chars`, in characters), at the value: a real portal never comes near them, and a
    /// pasted document would make every page that lists the record megabytes long.
    pub fn check_lengths(&self, title_chars: usize, other_chars: usize, diags: &mut Diagnostics) {
        fn visit(
            doc: &TomlDoc<'_>,
            key: &str,
            v: &Spanned<DeValue<'_>>,
            limit: usize,
            diags: &mut Diagnostics,
        ) {
            match v.get_ref() {
                // Bytes first: a string of `limit` characters is at least `limit` bytes.
                DeValue::String(s) if s.len() > limit && s.chars().count() > limit => {
                    let n = s.chars().count();
                    diags.push(doc.error_at_offset(
                        v.span().start,
                        format!("ข้อความของ `{key}` ยาวเกินไป ({n} ตัวอักษร เกิน {limit})"),
                        format!("the text of `{key}` is too long ({n} characters; the limit is {limit})"),
                        "ย่อให้สั้นลง แล้วใส่ข้อความยาวในเนื้อหา (ใต้บรรทัด +++) หรือแนบเป็น PDF / shorten it; long text goes in the body (below +++) or in an attached PDF",
                    ));
                }
                DeValue::Array(items) => {
                    for item in items {
                        visit(doc, key, item, limit, diags);
                    }
                }
                DeValue::Table(t) => {
                    for (k, item) in t {
                        visit(doc, k.get_ref().as_ref(), item, limit, diags);
                    }
                }
                _ => {}
            }
        }
        for (k, v) in self.table.get_ref() {
            let key = k.get_ref().as_ref();
            // `body` of a .toml record is the record's Markdown: held by the file limit only.
            if key == "body" {
                continue;
            }
            let limit = if key == "title" {
                title_chars
            } else {
                other_chars
            };
            visit(self, key, v, limit, diags);
        }
    }

    /// Report every top-level key that is not in `known`, with the closest known name.
    /// `what_th` and `what_en` name the file's kind in each language (the English line holds no
    /// Thai word).
    pub fn check_keys(
        &self,
        known: &[&'static str],
        what_th: &str,
        what_en: &str,
        diags: &mut Diagnostics,
    ) {
        for (key, span) in self.keys() {
            if known.contains(&key) {
                continue;
            }
            let (th_hint, en_hint) = match did_you_mean(key, known.iter().copied()) {
                Some(s) => (
                    format!("หมายถึง `{s}` หรือไม่"),
                    format!("did you mean `{s}`?"),
                ),
                None => (
                    format!("ชื่อที่ใช้ได้: {}", known.join(", ")),
                    "see docs/records.md for the fields of each kind".to_string(),
                ),
            };
            diags.push(Diagnostic::at(
                self.file,
                self.text,
                span.start,
                self.first_line,
                format!("ไม่รู้จักช่องข้อมูล `{key}` ใน{what_th}"),
                format!("unknown field `{key}` in {what_en}"),
                format!("{th_hint} / {en_hint}"),
            ));
        }
    }

    /// Deserialize the whole document into `T` (which should ignore unknown top-level keys:
    /// those are reported by `check_keys`). A type error is reported at its position.
    pub fn deserialize<T: DeserializeOwned>(&self, diags: &mut Diagnostics) -> Option<T> {
        let de = toml::de::Deserializer::from(self.table.clone());
        match T::deserialize(de) {
            Ok(v) => Some(v),
            Err(e) => {
                diags.push(self.serde_error(&e));
                None
            }
        }
    }

    fn serde_error(&self, e: &toml::de::Error) -> Diagnostic {
        let msg = e.message().trim().to_string();
        let offset = e.span().map_or(0, |s| s.start);
        // Our own value types (dates, amounts) pack "Thai \x1f English \x1f hint" into the message.
        let parts: Vec<&str> = msg.split('\u{1f}').collect();
        if let [th, en, hint] = parts[..] {
            return self.error_at_offset(offset, th, en, hint);
        }
        let hint = unknown_field_hint(&msg).unwrap_or_else(|| {
            "ดูชนิดข้อมูลของแต่ละช่องใน docs/records.md: ข้อความต้องมีเครื่องหมายคำพูด ตัวเลขไม่ต้องมี / see docs/records.md for each field's type: text needs quotes, numbers do not".to_string()
        });
        self.error_at_offset(
            offset,
            format!("ข้อมูลไม่ถูกต้อง: {}", thai_serde_message(&msg)),
            format!("invalid value: {msg}"),
            hint,
        )
    }
}

/// A Thai gloss for the common serde messages; the English text follows it anyway.
fn thai_serde_message(msg: &str) -> String {
    if msg.starts_with("missing field") {
        format!("ขาดช่องข้อมูลที่จำเป็น ({msg})")
    } else if msg.starts_with("unknown field") {
        format!("ไม่รู้จักช่องข้อมูล ({msg})")
    } else if msg.starts_with("invalid type") {
        format!("ชนิดข้อมูลผิด ({msg})")
    } else if msg.starts_with("unknown variant") {
        format!("ค่าที่ใช้ไม่ได้ ({msg})")
    } else {
        msg.to_string()
    }
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" build a "did you mean" hint.
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg
        .strip_prefix("unknown field `")
        .or_else(|| msg.strip_prefix("unknown variant `"))?;
    let (word, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, names.iter().copied()) {
        Some(s) => Some(format!("หมายถึง `{s}` หรือไม่ / did you mean `{s}`?")),
        None => Some(format!("ใช้ได้ / allowed: {}", names.join(", "))),
    }
}

/// The field names of a struct, read from its `Deserialize` impl (so the list of known
/// keys can never drift from the struct).
pub fn field_names<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Probe {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut probe = Probe(None);
    let _ = T::deserialize(&mut probe);
    probe.0.unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Demo {
        title: String,
        #[serde(default)]
        count: i64,
    }

    #[test]
    fn reads_field_names() {
        assert_eq!(field_names::<Demo>(), &["title", "count"]);
    }

    #[test]
    fn reports_every_syntax_error() {
        let mut d = Diagnostics::default();
        let text = "title = \"a\nx = = 1\ny = [1,\n";
        assert!(TomlDoc::parse(Path::new("a.toml"), text, 1, &mut d).is_none());
        assert!(d.len() >= 2, "{d}");
        assert!(d.0.iter().all(|e| e.line >= 1));
    }

    #[test]
    fn unknown_key_gets_did_you_mean() {
        let mut d = Diagnostics::default();
        let text = "titel = \"a\"\ncount = 2\n";
        let doc = TomlDoc::parse(Path::new("a.toml"), text, 3, &mut d).unwrap();
        doc.check_keys(field_names::<Demo>(), "test", "test", &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!((d.0[0].line, d.0[0].column), (3, 1));
        assert!(d.0[0].hint.contains("`title`"));
    }

    #[test]
    fn type_error_has_position() {
        let mut d = Diagnostics::default();
        let text = "title = \"a\"\ncount = \"two\"\n";
        let doc = TomlDoc::parse(Path::new("a.toml"), text, 1, &mut d).unwrap();
        assert!(doc.deserialize::<Demo>(&mut d).is_none());
        assert_eq!(d.0[0].line, 2, "{}", d);
    }
}
