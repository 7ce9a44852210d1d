//! `[deploy] url` of `site.toml`: which host, which protocol, which folder, and where the
//! password may come from (the environment or a prompt, never a file of the site folder).

use std::path::{Path, PathBuf};

use crate::config::{DeployConfig, percent_decode};
use crate::error::Diagnostic;

/// The protocol of a deploy target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Sftp,
    Ftps,
    Ftp,
    File,
}

/// A parsed `[deploy] url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: Scheme,
    pub user: String,
    pub host: String,
    pub port: u16,
    /// The site's folder on the host (for `file://`, a local path); no trailing `/`, may be empty
    /// (the login folder).
    pub path: String,
    /// SSH private key for `sftp://`.
    pub key: Option<PathBuf>,
}

/// The environment variable that holds the password (or the SSH key's passphrase).
pub const PASSWORD_VAR: &str = "PRONGSAI_DEPLOY_PASSWORD";

fn site_toml_error(th: String, en: String, hint: &str) -> Diagnostic {
    Diagnostic::file(Path::new("site.toml"), th, en, hint)
}

impl Target {
    /// The target of `[deploy]`, or why it cannot be used. `root` is the site folder: a key or
    /// password stored inside it is refused.
    pub fn from_config(root: &Path, deploy: Option<&DeployConfig>) -> Result<Target, Diagnostic> {
        let Some(d) = deploy.filter(|d| !d.url.trim().is_empty()) else {
            return Err(site_toml_error(
                "ยังไม่ได้กำหนดปลายทาง [deploy] url ใน site.toml".into(),
                "site.toml has no [deploy] url".into(),
                "เพิ่ม [deploy] แล้ว url = \"sftp://ผู้ใช้@โฮสต์/public_html\" (ดู docs/deploy.md) / add [deploy] with url = \"sftp://user@host/public_html\" (see docs/deploy.md)",
            ));
        };
        if d.password.is_some() {
            return Err(site_toml_error(
                "ห้ามเก็บรหัสผ่านไว้ใน site.toml: ไฟล์นี้อยู่ในโฟลเดอร์เว็บไซต์ ซึ่งมักถูกคัดลอก ส่งต่อ หรือเก็บใน git".into(),
                "a password must not be stored in site.toml: the site folder is copied, shared and kept in git".into(),
                "ลบ password ออกจาก [deploy] แล้วตั้งตัวแปร PRONGSAI_DEPLOY_PASSWORD หรือพิมพ์เมื่อโปรแกรมถาม / remove password from [deploy]; set PRONGSAI_DEPLOY_PASSWORD or type it when asked",
            ));
        }
        let mut t = parse_url(d.url.trim()).map_err(|(th, en)| {
            site_toml_error(
                format!("[deploy] url `{}` ใช้ไม่ได้: {th}", d.url),
                format!("[deploy] url `{}` is not usable: {en}", d.url),
                "เช่น sftp://user@host:22/public_html, ftps://user@host/public_html, file:///mnt/share/site / e.g. sftp://user@host:22/public_html, ftps://user@host/public_html, file:///mnt/share/site",
            )
        })?;
        if let Some(key) = &d.key {
            let key = if key.is_absolute() {
                key.clone()
            } else {
                root.join(key)
            };
            if inside(root, &key) {
                return Err(site_toml_error(
                    format!(
                        "กุญแจ SSH {} อยู่ในโฟลเดอร์เว็บไซต์ ซึ่งมักถูกคัดลอก ส่งต่อ หรือเก็บใน git",
                        key.display()
                    ),
                    format!(
                        "the SSH key {} is inside the site folder, which is copied, shared and kept in git",
                        key.display()
                    ),
                    "ย้ายกุญแจไปไว้ที่ ~/.ssh/ แล้วแก้ key ใน [deploy] / move the key to ~/.ssh/ and change key in [deploy]",
                ));
            }
            t.key = Some(key);
        }
        Ok(t)
    }

    /// The URL without password, for messages and the resume journal.
    pub fn display(&self) -> String {
        match self.scheme {
            Scheme::File => format!("file://{}", self.path),
            s => {
                let name = match s {
                    Scheme::Sftp => "sftp",
                    Scheme::Ftps => "ftps",
                    _ => "ftp",
                };
                format!(
                    "{name}://{}@{}:{}/{}",
                    self.user,
                    self.host,
                    self.port,
                    self.path.trim_start_matches('/')
                )
            }
        }
    }

    /// Whether this protocol logs in with a password (or a key's passphrase).
    pub fn needs_login(&self) -> bool {
        self.scheme != Scheme::File
    }
}

/// Whether `path` is `root` or under it (both made absolute; symbolic links resolved where
/// the files exist).
fn inside(root: &Path, path: &Path) -> bool {
    let abs = |p: &Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    abs(path).starts_with(abs(root))
}

/// Parse `scheme://user@host:port/path`; the error in Thai and English.
pub fn parse_url(url: &str) -> Result<Target, (String, String)> {
    let err = |th: &str, en: &str| (th.to_string(), en.to_string());
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        err(
            "ไม่มี sftp:// ftps:// ftp:// หรือ file://",
            "no sftp://, ftps://, ftp:// or file://",
        )
    })?;
    let (scheme, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "sftp" => (Scheme::Sftp, 22),
        "ftps" => (Scheme::Ftps, 21),
        "ftp" => (Scheme::Ftp, 21),
        "file" => (Scheme::File, 0),
        _ => {
            return Err(err(
                "รองรับเฉพาะ sftp ftps ftp และ file",
                "only sftp, ftps, ftp and file are supported",
            ));
        }
    };
    if scheme == Scheme::File {
        let path =
            percent_decode(rest).ok_or_else(|| err("มีรหัส % ที่ไม่ถูกต้อง", "a malformed % escape"))?;
        if !path.starts_with('/') {
            return Err(err(
                "file:// ต้องตามด้วยเส้นทางเต็ม เช่น file:///mnt/share/site",
                "file:// needs an absolute path, e.g. file:///mnt/share/site",
            ));
        }
        return Ok(Target {
            scheme,
            user: String::new(),
            host: String::new(),
            port: 0,
            path: trim_path(&path),
            key: None,
        });
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (userinfo, hostport) = authority
        .rsplit_once('@')
        .ok_or_else(|| err("ไม่มีชื่อผู้ใช้ (ผู้ใช้@โฮสต์)", "no user name (user@host)"))?;
    if userinfo.contains(':') {
        return Err(err(
            "ห้ามใส่รหัสผ่านไว้ใน url: site.toml อยู่ในโฟลเดอร์เว็บไซต์ ซึ่งมักถูกคัดลอก ส่งต่อ หรือเก็บใน git ให้ใช้ตัวแปร PRONGSAI_DEPLOY_PASSWORD หรือพิมพ์เมื่อโปรแกรมถาม",
            "a password must not be written in the url: site.toml is in the site folder, which is copied, shared and kept in git; use PRONGSAI_DEPLOY_PASSWORD or type it when asked",
        ));
    }
    let user = percent_decode(userinfo).ok_or_else(|| {
        err(
            "ชื่อผู้ใช้มีรหัส % ที่ไม่ถูกต้อง",
            "a malformed % escape in the user name",
        )
    })?;
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => {
            let port = p.parse::<u16>().ok().filter(|&p| p > 0).ok_or_else(|| {
                err(
                    "หมายเลขพอร์ตไม่ถูกต้อง",
                    "the port is not a number from 1 to 65535",
                )
            })?;
            (h, port)
        }
        _ => (hostport, default_port),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if user.is_empty() || host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/')
    {
        return Err(err("ไม่มีชื่อผู้ใช้หรือชื่อโฮสต์", "the user or the host is missing"));
    }
    let path = percent_decode(path)
        .ok_or_else(|| err("เส้นทางมีรหัส % ที่ไม่ถูกต้อง", "a malformed % escape in the path"))?;
    if path.split('/').any(|p| p == "..") {
        return Err(err("เส้นทางห้ามมี ..", "the path must not contain .."));
    }
    Ok(Target {
        scheme,
        user,
        host: host.to_string(),
        port,
        path: trim_path(&path),
        key: None,
    })
}

fn trim_path(p: &str) -> String {
    let t = p.trim_end_matches('/');
    if t.is_empty() && p.starts_with('/') {
        "/".into()
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = parse_url("sftp://officer@host.go.th:2222/public_html/").expect("sftp");
        assert_eq!(
            (
                t.scheme,
                t.user.as_str(),
                t.host.as_str(),
                t.port,
                t.path.as_str()
            ),
            (Scheme::Sftp, "officer", "host.go.th", 2222, "/public_html")
        );
        let t = parse_url("ftps://a%40b@host").expect("ftps");
        assert_eq!((t.user.as_str(), t.port, t.path.as_str()), ("a@b", 21, ""));
        let t = parse_url("file:///mnt/share/site").expect("file");
        assert_eq!(
            (t.scheme, t.path.as_str()),
            (Scheme::File, "/mnt/share/site")
        );
        assert_eq!(t.display(), "file:///mnt/share/site");
        assert!(parse_url("ftp://user:secret@host/x").is_err_and(|e| e.1.contains("password")));
        for bad in [
            "http://a@b/",
            "sftp://host/x",
            "ftp://u@h:0/",
            "ftp://u@h:x/",
            "file://rel",
            "ftp://u@h/../x",
            "nothing",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_inside_the_site_folder_are_refused() {
        let root = Path::new("/tmp/site");
        let with = |password: Option<toml::Value>, key: Option<&str>| DeployConfig {
            url: "sftp://u@h/x".into(),
            key: key.map(PathBuf::from),
            password,
        };
        let e = Target::from_config(root, Some(&with(Some(toml::Value::from("x")), None)));
        assert!(e.is_err_and(|d| d.en.contains("password must not be stored")));
        let e = Target::from_config(root, Some(&with(None, Some("keys/id_ed25519"))));
        assert!(e.is_err_and(|d| d.en.contains("inside the site folder")));
        let ok = Target::from_config(root, Some(&with(None, Some("/root/.ssh/id_ed25519"))));
        assert!(ok.is_ok());
        assert!(Target::from_config(root, None).is_err());
    }
}
