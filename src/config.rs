//! Stage 1, the input: `site.toml` (the organisation, its address and the site's options) and,
//! in [`theme`], the theme's files.

pub mod theme;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics};
use crate::source::{TomlDoc, field_names};
use crate::thai::Digits;
use crate::untrusted::safe_url;

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
        // Through the gate (src/guard.rs): a linked site.toml or a pipe is refused, not read.
        if let Err(refusal) = crate::guard::inspect(root, file) {
            return Err(Diagnostics(vec![refusal.diagnostic(file)]));
        }
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
        Config::parse_checked(root, &text, base_url, true)
    }

    /// Read the text of a `site.toml` (of the site folder `root`); `base_url` overrides the
    /// file's value. Touches no file: this is the fuzz target of the site.toml parser.
    pub fn parse(root: &Path, text: &str, base_url: Option<&str>) -> Result<Config, Diagnostics> {
        Config::parse_checked(root, text, base_url, false)
    }

    /// [`Config::parse`]; with `look_at_files`, the files site.toml names (the emblem) must be
    /// there too, so a missing emblem is an error with the other problems, not a broken image
    /// on every page.
    fn parse_checked(
        root: &Path,
        text: &str,
        base_url: Option<&str>,
        look_at_files: bool,
    ) -> Result<Config, Diagnostics> {
        let file = Path::new("site.toml");
        let mut diags = Diagnostics::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc = TomlDoc::parse(file, text, 1, &mut diags).ok_or_else(|| diags.clone())?;
        doc.check_keys(
            field_names::<SiteConfig>(),
            "site.toml",
            "site.toml",
            &mut diags,
        );
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
        let logo_ok = check_urls(&doc, &site, &mut diags);
        if look_at_files && logo_ok {
            check_logo_exists(root, &doc, &site, &mut diags);
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

/// Every URL of site.toml follows the rule of Markdown links ([`safe_url`]): a `javascript:`
/// link in `contact.facebook` would be a live link in the footer of every page. (`base_url` has
/// its own stricter rule; `contact.email` and `contact.phone` are put after `mailto:` and `tel:`
/// by the theme, so their scheme is fixed.)
/// Whether `logo` is a well-formed path (then [`check_logo_exists`] may look for it).
fn check_urls(doc: &TomlDoc, site: &SiteConfig, diags: &mut Diagnostics) -> bool {
    let links: [(&[&str], &str); 1] = [(&["contact", "facebook"], &site.contact.facebook)];
    for (path, value) in links {
        if value.trim().is_empty() {
            continue;
        }
        if safe_url(value) {
            if !is_web_address(value) {
                // `facebook.com/page` would be a link inside the portal: a 404 on every page.
                let name = path.join(".");
                diags.push(doc.error_at_offset(
                    doc.value_offset_at(path),
                    format!("{name} `{}` ไม่ใช่ที่อยู่เว็บที่สมบูรณ์", value.trim()),
                    format!("{name} `{}` is not a full web address", value.trim()),
                    "เขียนให้ขึ้นต้นด้วย https:// เช่น https://www.facebook.com/ชื่อเพจ / start it with https://, e.g. https://www.facebook.com/your-page",
                ));
            }
            continue;
        }
        let name = path.join(".");
        diags.push(doc.error_at_offset(
            doc.value_offset_at(path),
            format!("{name} ใช้ลิงก์แบบ `{}` ไม่ได้", scheme_of(value)),
            format!(
                "{name}: the link scheme `{}` is not allowed",
                scheme_of(value)
            ),
            "ใช้ลิงก์ที่ขึ้นต้นด้วย https:// (หรือ http://, mailto:, tel:) เช่น https://www.facebook.com/ชื่อเพจ / use a link starting with https:// (or http://, mailto:, tel:), e.g. https://www.facebook.com/your-page",
        ));
    }
    // The emblem is a file of the site: a path under content/files/, never a URL or a way out.
    let logo = site.logo.trim();
    let logo_ok = logo.is_empty()
        || (safe_url(logo)
            && !logo.contains(':')
            && !logo.starts_with('/')
            && !logo.contains('\\')
            && !logo.split('/').any(|seg| seg == ".."));
    if !logo_ok {
        diags.push(doc.error_at(
            "logo",
            format!("logo `{logo}` ต้องเป็นชื่อไฟล์ในโฟลเดอร์ content/files/"),
            format!("logo `{logo}` must be the path of a file under content/files/"),
            "วางไฟล์ตราสัญลักษณ์ไว้ใน content/files/ แล้วเขียน logo = \"emblem.png\" / put the emblem in content/files/ and write logo = \"emblem.png\"",
        ));
    }
    logo_ok
}

/// An absolute http(s) address with a host (`https://www.facebook.com/x`).
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
}

/// The emblem named by `logo` is a regular file under content/files/, reached through real
/// folders (the read gate's rule, src/guard.rs), so a missing emblem is an error here.
fn check_logo_exists(root: &Path, doc: &TomlDoc, site: &SiteConfig, diags: &mut Diagnostics) {
    let logo = site.logo.trim();
    if logo.is_empty() {
        return;
    }
    let rel = Path::new("content").join("files").join(logo);
    if !matches!(
        crate::guard::inspect(root, &rel),
        Ok(Some(crate::guard::Entry::File))
    ) {
        diags.push(doc.error_at(
            "logo",
            format!("ไม่พบไฟล์ตราสัญลักษณ์ content/files/{logo}"),
            format!("the emblem content/files/{logo} is not there (or is not a plain file)"),
            "วางไฟล์ไว้ใน content/files/ หรือแก้ชื่อใน logo ให้ตรงกับไฟล์ (ตัวพิมพ์เล็กใหญ่ต้องตรงกัน) / put the file in content/files/ or correct the name in logo (case matters)",
        ));
    }
}

/// The scheme part of a URL for a message (`javascript`), as written.
fn scheme_of(url: &str) -> &str {
    url.trim().split(':').next().unwrap_or(url)
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

/// Decode `%XX`; `None` for malformed escapes (`%2`, `%+1`, `%zz`) or text that is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    // percent-encoding passes a malformed escape through as it is; a path with one is refused.
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(toml: &str) -> Vec<crate::Diagnostic> {
        match Config::parse(Path::new("/site"), toml, None) {
            Ok(_) => Vec::new(),
            Err(d) => d.0,
        }
    }

    #[test]
    fn site_toml_urls_follow_the_link_rule() {
        let head = "base_url = \"https://a.go.th/\"\ntitle = \"เทศบาล\"\n";
        let bad = format!(
            "{head}logo = \"javascript:alert(1)\"\n[contact]\nphone = \"035\"\nfacebook = \"javascript:alert(1)\"\n"
        );
        let p = problems(&bad);
        assert_eq!(p.len(), 2, "{p:?}");
        let fb = p.iter().find(|d| d.en.contains("contact.facebook"));
        let fb = fb.map(|d| (d.line, d.column, d.th.is_empty(), d.hint.is_empty()));
        assert_eq!(fb, Some((6, 12, false, false)), "{p:?}");
        assert!(
            p.iter().any(|d| d.en.contains("logo") && d.line == 3),
            "{p:?}"
        );
        // Dotted keys and inline tables are found too; other schemes are refused alike.
        for (text, line) in [
            (
                format!("{head}contact.facebook = \"data:text/html,x\"\n"),
                3,
            ),
            (
                format!("{head}contact = {{ facebook = \" JaVa\tScript:x\" }}\n"),
                3,
            ),
        ] {
            let p = problems(&text);
            assert_eq!(
                p.iter().map(|d| d.line).collect::<Vec<_>>(),
                vec![line],
                "{p:?}"
            );
        }
        for logo in [
            "/etc/passwd",
            "../site.toml",
            "https://cdn.example.com/x.png",
            "a\\b",
        ] {
            assert_eq!(
                problems(&format!("{head}logo = '{logo}'\n")).len(),
                1,
                "{logo}"
            );
        }
        let good = format!(
            "{head}logo = \"emblem.png\"\n[contact]\nfacebook = \"https://www.facebook.com/x\"\nemail = \"a@b.go.th\"\n"
        );
        assert!(problems(&good).is_empty());
        // A Facebook page without its scheme would be a link inside the portal.
        for fb in ["www.facebook.com/x", "facebook.com", "/x", "https://"] {
            let p = problems(&format!("{head}[contact]\nfacebook = \"{fb}\"\n"));
            assert!(
                p.len() == 1 && p[0].en.contains("not a full web address") && p[0].line == 4,
                "{fb}: {p:?}"
            );
        }
    }

    #[test]
    fn a_missing_emblem_is_an_error_of_site_toml() {
        let dir = std::env::temp_dir().join(format!("prongsai-logo-{}", std::process::id()));
        let files = dir.join("content").join("files");
        std::fs::create_dir_all(&files).expect("temp folder");
        let text = "base_url = \"https://a.go.th/\"\ntitle = \"เทศบาล\"\nlogo = \"emblem.png\"\n";
        std::fs::write(dir.join("site.toml"), text).expect("site.toml");
        let missing = Config::load(&dir, None)
            .err()
            .map(|d| d.0)
            .unwrap_or_default();
        assert!(
            missing.len() == 1 && missing[0].line == 3 && missing[0].en.contains("emblem.png"),
            "{missing:?}"
        );
        std::fs::write(files.join("emblem.png"), b"\x89PNG\r\n\x1a\n").expect("emblem");
        assert!(Config::load(&dir, None).is_ok());
        // parse touches no file (the fuzz target): the same text passes there.
        assert!(Config::parse(&dir, text, None).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// docs/site.md documents every field of `site.toml`, and its two examples are valid.
    #[test]
    fn docs_site_md_covers_every_field() {
        let docs = include_str!("../docs/site.md");
        for f in field_names::<SiteConfig>() {
            assert!(
                docs.contains(&format!("| `{f}`")),
                "docs/site.md lacks `{f}`"
            );
        }
        for f in field_names::<Contact>() {
            assert!(
                docs.contains(&format!("| `contact.{f}`")),
                "docs/site.md lacks `contact.{f}`"
            );
        }
        for f in field_names::<DeployConfig>() {
            assert!(
                docs.contains(&format!("| `deploy.{f}`")),
                "docs/site.md lacks `deploy.{f}`"
            );
        }
        let mut n = 0;
        for part in docs.split("<!-- example: site.toml").skip(1) {
            let toml = part
                .split("```toml\n")
                .nth(1)
                .unwrap()
                .split("```")
                .next()
                .unwrap();
            let c = Config::parse(Path::new("/x"), toml, None).unwrap_or_else(|d| panic!("{d}"));
            assert!(!c.site.contact.address.is_empty());
            n += 1;
        }
        assert_eq!(n, 2, "an example for a เทศบาล and one for an อบต.");
        // README's officer section links it.
        let readme = include_str!("../README.md");
        let officer = readme.split("## For the web officer").nth(1).unwrap();
        let officer = officer.split("\n## ").next().unwrap();
        assert!(officer.contains("(docs/site.md)"));
    }

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
