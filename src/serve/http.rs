//! The development web server: files of the output folder (never anything outside it), the theme's
//! 404 page, a small live-reload script injected into HTML responses only (never into the files on
//! disk), and a Server-Sent-Events channel that tells open pages to reload or show an error.
//!
//! It answers only requests addressed to it by name (`Host` is `localhost` or the address it
//! listens on): a page on another site could otherwise reach it through DNS rebinding and read
//! the whole output, drafts and build errors with their source lines included. For the same
//! reason the event stream allows no other origin.
//!
//! A small HTTP/1.1 server of its own: a thread per connection, one request per connection
//! (`Connection: close`), Nagle off. tiny_http was used before; its thread pool could leave a
//! new connection queued behind kept-alive ones, so the first page a browser opened sometimes
//! never finished loading.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::percent_decode;

/// The script pages load in serve mode.
const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__prongsai/live.js\"></script>";

/// Open event streams of the pages being viewed.
#[derive(Default, Clone)]
pub struct Hub {
    clients: Arc<Mutex<Vec<Box<dyn Write + Send>>>>,
    /// The last event, sent to pages that connect later (so a page opened during an error shows it).
    last: Arc<Mutex<Option<(String, String)>>>,
    /// Statistics for tests and the curious: JSON served at /__prongsai/stats.
    pub stats: Arc<Mutex<serde_json::Value>>,
}

impl Hub {
    /// Send `event` with `data` (one line of JSON or text) to every open page.
    pub fn broadcast(&self, event: &str, data: &str) {
        let msg = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut last) = self.last.lock() {
            *last = Some((event.to_string(), data.to_string()));
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain_mut(|w| w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_ok());
        }
    }

    fn subscribe(&self, mut w: Box<dyn Write + Send>) {
        // No Access-Control-Allow-Origin: only pages of this server may read the stream.
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
        let mut first = String::from(": connected\n\n");
        if let Ok(last) = self.last.lock()
            && let Some((ev, data)) = last.as_ref()
            && ev == "build-error"
        {
            first.push_str(&format!("event: {ev}\ndata: {data}\n\n"));
        }
        if w.write_all(head.as_bytes())
            .and_then(|_| w.write_all(first.as_bytes()))
            .and_then(|_| w.flush())
            .is_ok()
            && let Ok(mut clients) = self.clients.lock()
        {
            clients.push(w);
        }
    }
}

/// Content type of a file by its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The file of the output folder a URL path names, or `None` when the path would leave the folder
/// (`..`, encoded or not, backslashes, NUL, or a symlink pointing out).
pub fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut full = out.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    let real = full.canonicalize().ok()?;
    let base = out.canonicalize().ok()?;
    (real.starts_with(&base) && real.is_file()).then_some(real)
}

/// Put the live-reload script into an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVE_TAG}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVE_TAG}").into_bytes(),
    }
}

/// The request line of one request: method and target (`/path?query`), and its `Host` header.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// The host names the server answers to: `localhost`, the address it listens on (as given and
/// as bound), and any IP address when it listens on all of them. A DNS-rebinding page always
/// sends its own domain name, never one of these.
#[derive(Debug, Clone)]
pub struct Hosts {
    names: Vec<String>,
    any_ip: bool,
}

impl Hosts {
    /// For a server started with `--bind bind` and listening on `ip`.
    pub fn new(bind: &str, ip: std::net::IpAddr) -> Hosts {
        let mut names = vec!["localhost".to_string(), ip.to_string()];
        names.push(bind.trim_matches(['[', ']']).to_ascii_lowercase());
        Hosts {
            names,
            any_ip: ip.is_unspecified(),
        }
    }

    /// Whether a `Host` header value (`127.0.0.1:1111`, `[::1]:1111`, `localhost`) names this
    /// server. The port is not compared: a forwarded port reaches the same server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        let name = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
                _ => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
                Some(_) => return false,
                None => host,
            },
        };
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        if name.is_empty() {
            return false;
        }
        match name.parse::<std::net::IpAddr>() {
            Ok(ip) => self.any_ip || self.names.contains(&ip.to_string()),
            Err(_) => self.names.contains(&name),
        }
    }
}

/// Read the request head (request line and headers, at most 16 KiB); `None` when it is not HTTP.
fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if !version.starts_with("HTTP/") {
        return None;
    }
    // Of the headers only `Host` is needed; read them all so the client sees its request
    // consumed.
    let mut host = None;
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) => break,
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = h.split_once(':')
                    && name.eq_ignore_ascii_case("host")
                {
                    // Two Host headers are a malformed request: refuse rather than pick one.
                    let first = host.is_none();
                    host = Some(if first {
                        value.trim().to_string()
                    } else {
                        String::new()
                    });
                }
            }
            Err(_) => return None,
        }
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        _ => "Internal Server Error",
    }
}

/// Write a whole response and close the connection.
fn respond(
    mut stream: TcpStream,
    head_only: bool,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

fn handle(stream: TcpStream, out: &Path, hub: &Hub, hosts: &Hosts) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Some(req) = read_request(&stream) else {
        return respond(stream, false, 400, &[], b"bad request");
    };
    let text = "text/plain; charset=utf-8";
    match req.host.as_deref() {
        None => {
            return respond(
                stream,
                false,
                400,
                &[("Content-Type", text)],
                b"bad request: no Host header",
            );
        }
        Some(h) if !hosts.allows(h) => {
            return respond(
                stream,
                false,
                421,
                &[("Content-Type", text)],
                "prongsai serve ตอบเฉพาะคำขอถึง localhost หรือที่อยู่ที่เปิดไว้ / answers only requests to localhost or the address it listens on".as_bytes(),
            );
        }
        Some(_) => {}
    }
    let path = req.target.split('?').next().unwrap_or("");
    match path {
        "/__prongsai/events" => return hub.subscribe(Box::new(stream)),
        "/__prongsai/live.js" => {
            return respond(
                stream,
                false,
                200,
                &[("Content-Type", "text/javascript; charset=utf-8")],
                LIVE_JS.as_bytes(),
            );
        }
        "/__prongsai/stats" => {
            let body = hub.stats.lock().map(|s| s.to_string()).unwrap_or_default();
            return respond(
                stream,
                false,
                200,
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            );
        }
        _ => {}
    }
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        return respond(
            stream,
            false,
            405,
            &[("Content-Type", text)],
            b"method not allowed",
        );
    }
    // A folder asked for without its slash: redirect, so relative links inside it work. The
    // target is always a path: `//news` would be a link to the host `news`, so leading slashes
    // (and backslashes, which browsers read as slashes) collapse into one.
    if !path.ends_with('/')
        && let Some(d) = percent_decode(path)
        && !d.contains("..")
        && !d.contains(['\r', '\n'])
        && out.join(d.trim_start_matches('/')).is_dir()
    {
        return respond(
            stream,
            head_only,
            301,
            &[(
                "Location",
                &format!("/{}/", path.trim_start_matches(['/', '\\'])),
            )],
            b"",
        );
    }
    match resolve(out, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let ctype = content_type(&file);
                let body = if ctype.starts_with("text/html") {
                    inject(&bytes)
                } else {
                    bytes
                };
                respond(stream, head_only, 200, &[("Content-Type", ctype)], &body);
            }
            Err(_) => respond(
                stream,
                head_only,
                500,
                &[("Content-Type", text)],
                b"cannot read file",
            ),
        },
        None => {
            let body = std::fs::read(out.join("404.html"))
                .map(|b| inject(&b))
                .unwrap_or_else(|_| b"404".to_vec());
            respond(
                stream,
                head_only,
                404,
                &[("Content-Type", "text/html; charset=utf-8")],
                &body,
            );
        }
    }
}

/// Start the server on `addr`: a thread accepts connections, each answered by a thread of its own.
pub fn start(addr: &str, out: PathBuf, hub: Hub) -> Result<(), String> {
    let listener = TcpListener::bind(addr).map_err(|e| e.to_string())?;
    let ip = listener.local_addr().map_err(|e| e.to_string())?.ip();
    let bind = addr.rsplit_once(':').map_or(addr, |(host, _)| host);
    let hosts = Hosts::new(bind, ip);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (out, hub, hosts) = (out.clone(), hub.clone(), hosts.clone());
            std::thread::spawn(move || handle(stream, &out, &hub, &hosts));
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_leaves_the_folder() {
        let dir = std::env::temp_dir().join(format!("prongsai-http-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("a"));
        let _ = std::fs::write(dir.join("a/index.html"), "x");
        assert!(resolve(&dir, "/a/").is_some());
        assert!(resolve(&dir, "/a/index.html").is_some());
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/..%2f..%2fetc",
            "/a\\..\\x",
            "/%00",
            "/%zz",
            "/a/../../x",
        ] {
            assert!(resolve(&dir, bad).is_none(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn answers_only_its_own_names() {
        let local = Hosts::new("127.0.0.1", [127, 0, 0, 1].into());
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LocalHost",
            "localhost.:1111",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "10.0.0.1:1111",
            "",
            ":1111",
            "[::1]x",
            "localhost:x",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let v6 = Hosts::new("[::1]", "::1".parse().unwrap_or([0u16; 8].into()));
        assert!(v6.allows("[::1]:1111") && v6.allows("localhost"));
        assert!(!v6.allows("[::2]:1111"));
        // Listening on every address: any IP address, never a domain name.
        let all = Hosts::new("0.0.0.0", [0, 0, 0, 0].into());
        assert!(all.allows("192.168.1.20:1111") && all.allows("[fe80::1]:1111"));
        assert!(!all.allows("rebind.evil.example:1111"));
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            String::from_utf8_lossy(&inject(b"<p>x</p></body></html>")),
            format!("<p>x</p>{LIVE_TAG}</body></html>")
        );
    }
}
