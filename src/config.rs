//! `site.toml`: the organisation, its address and the site's options.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics};
use crate::source::{TomlDoc, field_names};
use crate::thai::Digits;

/// The organisation's contact block (footer, contact page, announcements).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub facebook: String,
}

/// `site.toml` as written by the officer.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SiteConfig {
    /// Full URL of the site's home, e.g. `https://angthong.go.th/` or `https://host/site/`.
    pub base_url: String,
    /// The organisation's name, e.g. เทศบาลเมืองอ่างทอง.
    pub title: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub digits: Digits,
    /// A sentence shown on every page when (part of) the content is sample data.
    #[serde(default)]
    pub sample_notice: String,
    /// The emblem, a path under `content/files/` (or the theme's default emblem when empty).
    #[serde(default)]
    pub logo: String,
    #[serde(default)]
    pub contact: Contact,
    /// Where `prongsai deploy` publishes the site (docs/deploy.md).
    #[serde(default, skip_serializing)]
    pub deploy: Option<DeployConfig>,
}

/// `[deploy]` of `site.toml`: the host that `prongsai deploy` publishes to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    /// `sftp://user@host:22/public_html`, `ftps://…`, `ftp://…` or `file:///mnt/share/site`.
    #[serde(default)]
    pub url: String,
    /// An SSH private key for `sftp://` (outside the site folder); default: ~/.ssh/id_ed25519,
    /// id_ecdsa, id_rsa.
    #[serde(default)]
    pub key: Option<PathBuf>,
    /// Never used: a password here is refused with the reason (deploy/target.rs), so it is
    /// read only to say so.
    #[serde(default)]
    pub password: Option<toml::Value>,
}

fn default_theme() -> String {
    "default".to_string()
}

/// The configuration plus what is derived from it.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    #[serde(flatten)]
    pub site: SiteConfig,
    /// The path part of `base_url`, always starting and ending with `/` (e.g. `/site/`).
    pub base_path: String,
    #[serde(skip)]
    pub root: PathBuf,
}

impl Config {
    /// Read `<root>/site.toml`; `base_url` overrides the file's value.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
        let file = Path::new("site.toml");
        let mut diags = Diagnostics::default();
        let text = match std::fs::read(root.join(file)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(Diagnostic::file(
                        file,
                        "ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8",
                        "the file is not UTF-8 text",
                        "บันทึกไฟล์ใหม่เป็น UTF-8 / save the file as UTF-8",
                    ));
                    return Err(diags);
                }
            },
            Err(e) => {
                diags.push(Diagnostic::file(
                    file,
                    format!("อ่าน site.toml ไม่ได้ ({e})"),
                    format!("cannot read site.toml in {} ({e})", root.display()),
                    "ใช้ --root ชี้ไปที่โฟลเดอร์ของเว็บไซต์ หรือสร้างเว็บใหม่ด้วย `prongsai init <dir>` / point --root at the site folder, or start one with `prongsai init <dir>`",
                ));
                return Err(diags);
            }
        };
        Config::parse(root, &text, base_url)
    }

    /// Read the text of a `site.toml` (of the site folder `root`); `base_url` overrides the
    /// file's value. Touches no file: this is the fuzz target of the site.toml parser.
    pub fn parse(root: &Path, text: &str, base_url: Option<&str>) -> Result<Config, Diagnostics> {
        let file = Path::new("site.toml");
        let mut diags = Diagnostics::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc = TomlDoc::parse(file, text, 1, &mut diags).ok_or_else(|| diags.clone())?;
        doc.check_keys(field_names::<SiteConfig>(), "site.toml", &mut diags);
        let site: Option<SiteConfig> = doc.deserialize(&mut diags);
        let Some(mut site) = site else {
            return Err(diags);
        };
        if let Some(url) = base_url {
            site.base_url = url.to_string();
        }
        let base_path = match parse_base_url(&site.base_url) {
            Some(p) => p,
            None => {
                diags.push(doc.error_at(
                    "base_url",
                    format!("base_url `{}` ไม่ใช่ URL ที่ใช้ได้", site.base_url),
                    format!("base_url `{}` is not a usable URL", site.base_url),
                    "เขียนแบบ https://www.example.go.th/ หรือ https://host/site/ / write it as https://www.example.go.th/ or https://host/site/",
                ));
                String::from("/")
            }
        };
        if !site.base_url.ends_with('/') {
            site.base_url.push('/');
        }
        if site.title.trim().is_empty() {
            diags.push(doc.error_at(
                "title",
                "ต้องใส่ชื่อหน่วยงานใน title",
                "title (the organisation's name) must not be empty",
                "เช่น title = \"เทศบาลเมืองอ่างทอง\" / e.g. title = \"เทศบาลเมืองอ่างทอง\"",
            ));
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(Config {
            site,
            base_path,
            root: root.to_path_buf(),
        })
    }

    /// Absolute URL of a site path such as `/news/a/`.
    pub fn permalink(&self, path: &str) -> String {
        let origin = self.site.base_url.trim_end_matches('/');
        let origin = origin
            .strip_suffix(self.base_path.trim_end_matches('/'))
            .unwrap_or(origin);
        format!("{origin}{}", self.url(path))
    }

    /// Path-absolute URL of a site path under the base path: `/news/a/` → `/site/news/a/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }
}

/// The path part of an http(s) URL, normalised to start and end with `/`; `None` if not a URL.
pub fn parse_base_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let bad =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '?' | '#' | '`');
    if host.is_empty()
        || host.contains(bad)
        || path.contains(bad)
        || path.contains("/../")
        || path.ends_with("/..")
    {
        return None;
    }
    let mut p = path.to_string();
    if !p.ends_with('/') {
        p.push('/');
    }
    Some(p)
}

/// Decode `%XX`; `None` for malformed escapes or text that is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(parse_base_url("https://a.go.th").as_deref(), Some("/"));
        assert_eq!(parse_base_url("https://a.go.th/").as_deref(), Some("/"));
        assert_eq!(
            parse_base_url("https://host/site").as_deref(),
            Some("/site/")
        );
        assert_eq!(
            parse_base_url("http://127.0.0.1:1111/x/y/").as_deref(),
            Some("/x/y/")
        );
        assert_eq!(parse_base_url("ftp://a"), None);
        assert_eq!(parse_base_url("https://a/\"><script>"), None);
        assert_eq!(parse_base_url("https:///x"), None);
    }
}
