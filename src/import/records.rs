//! Procurement record files as `import egp` writes and finds them. An imported file starts with
//! a comment block whose last line is `# egp-import: type=<code> sha256=<hex>`: the hash of every
//! line after it, as written. A file whose hash still matches was not edited since the import and
//! may be rewritten; any other file with the same project id and stage (edited, or written by the
//! officer) is never touched (docs/import.md).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::{Bid, Contract, Method, Stage, split_markdown};
use crate::thai::{Baht, Date};

pub const MARKER: &str = "# egp-import:";

const HEADER: &str = "# นำเข้าจากระบบ e-GP ด้วย `prongsai import egp` แก้ไขได้: เมื่อแก้แล้ว การนำเข้าครั้งต่อไปจะไม่เขียนทับไฟล์นี้ (docs/import.md)\n# Imported from e-GP by `prongsai import egp`. You may edit it: once edited, later imports leave it alone.\n";

/// The fields of a procurement record that import writes, typed, for merging and comparing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct View {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egp_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Baht>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub winner: Option<Bid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<Contract>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// A procurement record already in the site that names an e-GP project.
#[derive(Debug)]
pub struct Existing {
    /// Relative to the site root.
    pub rel: PathBuf,
    pub bytes: Vec<u8>,
    pub project: String,
    pub stage: Stage,
    pub view: View,
    /// The announcement type of the import that wrote it, when it is an unedited import.
    pub imported: Option<String>,
}

impl Existing {
    pub fn unedited(&self) -> bool {
        self.imported.is_some()
    }
}

fn sha256_hex(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
}

/// The announcement type of an unedited import: the marker line is present and the hash of the
/// text after it matches.
fn unedited_type(text: &str) -> Option<String> {
    let start = text.find(MARKER)?;
    let line_end = text[start..].find('\n').map(|i| start + i + 1)?;
    let marker = text[start..line_end].trim();
    let mut kind = None;
    let mut hash = None;
    for word in marker.trim_start_matches(MARKER).split_whitespace() {
        if let Some(v) = word.strip_prefix("type=") {
            kind = Some(v.to_string());
        }
        if let Some(v) = word.strip_prefix("sha256=") {
            hash = Some(v.to_string());
        }
    }
    (hash? == sha256_hex(&text[line_end..])).then_some(kind?)
}

/// The full text of a record: header, marker with the hash, body.
pub fn with_marker(kind: &str, body: &str) -> String {
    format!(
        "{HEADER}{MARKER} type={kind} sha256={}\n{body}",
        sha256_hex(body)
    )
}

fn toml_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => toml::Value::String(s.clone()).to_string(),
        other => other.to_string(),
    }
}

fn amount(b: Baht) -> String {
    let s = b.satang();
    if s % 100 == 0 {
        (s / 100).to_string()
    } else {
        format!("{}.{:02}", s / 100, s % 100)
    }
}

fn string(s: &str) -> String {
    toml_value(&toml::Value::String(s.to_string()))
}

/// The body of a record (TOML, fields in a fixed order, one per line).
pub fn body(v: &View, draft: bool) -> String {
    let mut out = String::new();
    let mut line = |k: &str, val: String| {
        out.push_str(k);
        out.push_str(" = ");
        out.push_str(&val);
        out.push('\n');
    };
    if let Some(t) = &v.title {
        line("title", string(t));
    }
    if let Some(d) = v.date {
        line("date", d.iso());
    }
    if draft {
        line("draft", "true".into());
    }
    if let Some(s) = v.stage {
        line("stage", string(&kebab(&s)));
    }
    if let Some(m) = v.method {
        line("method", string(&kebab(&m)));
    }
    if let Some(i) = &v.item {
        line("item", string(i));
    }
    if let Some(n) = &v.egp_number {
        line("egp_number", string(n));
    }
    if let Some(u) = &v.source_url {
        line("source_url", string(u));
    }
    if let Some(b) = v.budget {
        line("budget", amount(b));
    }
    if let Some(w) = &v.winner {
        let price = w
            .price
            .map(|p| format!(", price = {}", amount(p)))
            .unwrap_or_default();
        line("winner", format!("{{ name = {}{price} }}", string(&w.name)));
    }
    if let Some(c) = &v.contract {
        let mut parts = Vec::new();
        if let Some(n) = &c.number {
            parts.push(format!("number = {}", string(n)));
        }
        if let Some(d) = c.date {
            parts.push(format!("date = {}", d.iso()));
        }
        if let Some(a) = c.amount {
            parts.push(format!("amount = {}", amount(a)));
        }
        line("contract", format!("{{ {} }}", parts.join(", ")));
    }
    if let Some(d) = &v.department {
        line("department", string(d));
    }
    out
}

/// A stage or method as the records spell it (`median-price`, `e-bidding`).
pub fn kebab<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Every record under `content/procurement/` that names an e-GP project and a stage. Files
/// that do not parse are left out (`check` reports them), with a note.
pub fn scan(root: &Path, notes: &mut Vec<String>) -> Vec<Existing> {
    let dir = root.join("content").join("procurement");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| {
                !crate::content::is_ignored_name(&n) && (n.ends_with(".toml") || n.ends_with(".md"))
            })
        })
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let toml_text = if path.extension().is_some_and(|e| e == "md") {
            match split_markdown(text) {
                Ok(p) => p.toml.to_string(),
                Err(_) => continue,
            }
        } else {
            text.to_string()
        };
        let table: toml::Table = match toml_text.parse() {
            Ok(t) => t,
            Err(_) => {
                if toml_text.contains("egp_number") {
                    notes.push(format!(
                        "{}: อ่านไม่ได้ จึงไม่ได้เทียบกับ e-GP (ดู prongsai check) / cannot be read, so it was not compared with e-GP (see prongsai check)",
                        rel.display()
                    ));
                }
                continue;
            }
        };
        let Some(project) = table.get("egp_number").and_then(|v| v.as_str()) else {
            continue;
        };
        let project = crate::thai::to_arabic_digits(project);
        let Some(stage) = table
            .get("stage")
            .and_then(|s| s.clone().try_into::<Stage>().ok())
        else {
            continue;
        };
        let view: View = toml::Value::Table(table).try_into().unwrap_or_default();
        out.push(Existing {
            imported: unedited_type(text),
            rel,
            bytes: bytes.clone(),
            project,
            stage,
            view,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_detects_edits() {
        let v = View {
            title: Some("ประกาศ \"ก\"".into()),
            date: Date::new(2025, 1, 15),
            budget: Some(Baht(125_000_050)),
            ..View::default()
        };
        let text = with_marker("W0", &body(&v, false));
        assert!(text.contains("budget = 1250000.50\n"), "{text}");
        assert_eq!(unedited_type(&text).as_deref(), Some("W0"));
        let edited = text.replace("1250000.50", "1250000.00");
        assert_eq!(unedited_type(&edited), None);
        let back: View = toml::from_str(&text).unwrap_or_default();
        assert_eq!(back.budget, Some(Baht(125_000_050)));
        assert_eq!(back.title.as_deref(), Some("ประกาศ \"ก\""));
    }
}
