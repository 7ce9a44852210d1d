//! Getting a source's text: a file or a URL (fetched with a timeout), decoded from UTF-8 or
//! Windows-874, and its format told from the content when `--format` does not say.

use std::path::Path;
use std::time::Duration;

use crate::error::Diagnostic;

/// The environment variable that holds the govspending API key (never a file of the site).
pub const KEY_VAR: &str = "PRONGSAI_GOVSPENDING_KEY";

/// How long a URL may take, connect to last byte.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The shapes `import egp` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Csv,
    Json,
}

/// One source, read and decoded.
#[derive(Debug)]
pub struct Source {
    /// The name used in messages: the path as given, or the URL without its API key.
    pub name: String,
    /// The URL the data came from (key removed), for `source_url` of contract records.
    pub url: Option<String>,
    pub text: String,
    pub format: Format,
}

/// A URL with any `api-key` value replaced, for messages and records.
pub fn redact(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("api-key") => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{base}?{}", parts.join("&"))
}

pub fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// The URL to fetch: with `deptId` for an e-GP feed when `--dept` is given, and with the key
/// from [`KEY_VAR`] for govspending when the URL has none.
pub fn prepare_url(url: &str, dept: Option<&str>) -> Result<String, (String, String)> {
    let mut u = url.to_string();
    let has = |u: &str, key: &str| {
        u.split_once('?')
            .is_some_and(|(_, q)| q.split('&').any(|kv| kv.split('=').next() == Some(key)))
    };
    let sep = |u: &str| if u.contains('?') { '&' } else { '?' };
    if let Some(d) = dept
        && u.contains("gprocurement.go.th")
        && !has(&u, "deptId")
    {
        u = format!("{u}{}deptId={d}", sep(&u));
    }
    if u.contains("govspending.data.go.th") && !has(&u, "api-key") {
        match std::env::var(KEY_VAR) {
            Ok(k) if !k.trim().is_empty() => u = format!("{u}{}api-key={}", sep(&u), k.trim()),
            _ => {
                return Err((
                    format!(
                        "govspending ต้องใช้ API key: ตั้งค่าในตัวแปรสภาพแวดล้อม {KEY_VAR} (อย่าเขียนไว้ในไฟล์ของเว็บไซต์)"
                    ),
                    format!(
                        "govspending needs an API key: set it in the environment variable {KEY_VAR} (never in a file of the site)"
                    ),
                ));
            }
        }
    }
    Ok(u)
}

/// Fetch a URL with a timeout; `Err((th, en))` says why not (unreachable, timeout, HTTP status).
pub fn fetch(url: &str, timeout: Duration) -> Result<Vec<u8>, (String, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent("prongsai-import")
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| {
        let en = match &e {
            ureq::Error::Timeout(_) => format!("no complete answer within {} s", timeout.as_secs()),
            ureq::Error::Io(io) => format!("cannot connect ({io})"),
            ureq::Error::HostNotFound => "the host name was not found".to_string(),
            other => other.to_string(),
        };
        let th = if matches!(e, ureq::Error::Timeout(_)) {
            format!("เซิร์ฟเวอร์ไม่ตอบภายใน {} วินาที", timeout.as_secs())
        } else {
            "ติดต่อเซิร์ฟเวอร์ไม่ได้".to_string()
        };
        (th, en)
    })?;
    let status = resp.status().as_u16();
    if status != 200 {
        return Err((
            format!("เซิร์ฟเวอร์ตอบรหัส HTTP {status}"),
            format!("the server answered HTTP {status}"),
        ));
    }
    resp.body_mut()
        .with_config()
        .limit(512 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| {
            (
                format!("ดาวน์โหลดไม่ครบ ({e})"),
                format!("the download broke off ({e})"),
            )
        })
}

/// Text from bytes: a UTF-8 BOM is dropped; valid UTF-8 is taken as it is; anything else is
/// read as Windows-874 (TIS-620 and its superset), which is what the feed and Thai Excel write.
/// Thai in Windows-874 is practically never valid UTF-8, so the test is safe.
///
/// A BOM, or UTF-8 cut in the middle of its last character (a broken download), stays UTF-8:
/// the readers then report the cut where it is, instead of reading mojibake.
pub fn decode(bytes: &[u8]) -> String {
    let (bom, b) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(e) if bom || e.error_len().is_none() => String::from_utf8_lossy(b).into_owned(),
        Err(_) => encoding_rs::WINDOWS_874
            .decode_without_bom_handling(b)
            .0
            .into_owned(),
    }
}

/// The format from the content: XML is the feed, `{`/`[` is JSON, anything else CSV.
pub fn detect(text: &str) -> Format {
    match text.trim_start().chars().next() {
        Some('<') => Format::Rss,
        Some('{') | Some('[') => Format::Json,
        _ => Format::Csv,
    }
}

/// Read one `FILE|URL` argument.
pub fn load(
    arg: &str,
    format: Option<Format>,
    dept: Option<&str>,
    timeout: Duration,
) -> Result<Source, Diagnostic> {
    let (name, url, bytes) = if is_url(arg) {
        let shown = redact(arg);
        let full = prepare_url(arg, dept).map_err(|(th, en)| {
            Diagnostic::file(
                Path::new(&shown),
                th,
                en,
                format!("เช่น export {KEY_VAR}=… แล้วสั่งใหม่ / e.g. export {KEY_VAR}=… and run again"),
            )
        })?;
        let bytes = fetch(&full, timeout).map_err(|(th, en)| {
            Diagnostic::file(
                Path::new(&shown),
                format!("ดึงข้อมูลไม่ได้: {th} ไม่มีไฟล์ใดถูกเขียน"),
                format!("cannot fetch: {en}; nothing was written"),
                "ตรวจอินเทอร์เน็ตและ URL แล้วลองใหม่ หรือดาวน์โหลดไฟล์เองแล้วนำเข้าจากไฟล์ / check the connection and the URL and retry, or download the file and import it from disk",
            )
        })?;
        let shown_url = redact(&full);
        (shown.clone(), Some(shown_url), bytes)
    } else {
        let bytes = std::fs::read(arg).map_err(|e| {
            Diagnostic::file(
                Path::new(arg),
                format!("อ่านไฟล์ไม่ได้ ({e})"),
                format!("cannot read the file ({e})"),
                "ตรวจชื่อไฟล์และสิทธิ์การอ่าน / check the file name and that it is readable",
            )
        })?;
        (arg.to_string(), None, bytes)
    };
    let text = decode(&bytes);
    let format = format.unwrap_or_else(|| detect(&text));
    Ok(Source {
        name,
        url,
        text,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_874_and_bom() {
        // "ประกาศ" in TIS-620.
        let tis = [0xBB, 0xC3, 0xD0, 0xA1, 0xD2, 0xC8];
        assert_eq!(decode(&tis), "ประกาศ");
        assert_eq!(decode("\u{FEFF}a,b".as_bytes()), "a,b");
        assert_eq!(decode("ก".as_bytes()), "ก");
        // UTF-8 cut inside its last character is still UTF-8.
        assert_eq!(decode(&"กข".as_bytes()[..4]), "ก\u{FFFD}");
    }

    #[test]
    fn formats_from_content() {
        assert_eq!(detect("  <?xml version=\"1.0\"?><rss/>"), Format::Rss);
        assert_eq!(detect("{\"result\":[]}"), Format::Json);
        assert_eq!(detect("รหัสโครงการ,ชื่อโครงการ"), Format::Csv);
    }

    #[test]
    fn keys_never_shown() {
        assert_eq!(
            redact(
                "https://govspending.data.go.th/api/service/cgdcontract?api-key=SECRET&year=2568"
            ),
            "https://govspending.data.go.th/api/service/cgdcontract?api-key=***&year=2568"
        );
        assert_eq!(
            prepare_url("https://process3.gprocurement.go.th/x.xml", Some("5450503")).ok(),
            Some("https://process3.gprocurement.go.th/x.xml?deptId=5450503".to_string())
        );
        assert_eq!(
            prepare_url(
                "https://process3.gprocurement.go.th/x.xml?deptId=1",
                Some("2")
            )
            .ok(),
            Some("https://process3.gprocurement.go.th/x.xml?deptId=1".to_string())
        );
    }
}
