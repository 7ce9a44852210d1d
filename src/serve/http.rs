//! The development web server: files of the output folder (never anything outside it), the theme's
//! 404 page, a small live-reload script injected into HTML responses only (never into the files on
//! disk), and a Server-Sent-Events channel that tells open pages to reload or show an error.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::percent_decode;
use tiny_http::{Header, Request, Response, Server, StatusCode};

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
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nAccess-Control-Allow-Origin: *\r\n\r\n";
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

/// A response with headers; a header that cannot be made (never for ours) is left out.
fn with_headers<R: std::io::Read>(mut resp: Response<R>, headers: &[(&str, &str)]) -> Response<R> {
    for (name, value) in headers {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            resp.add_header(h);
        }
    }
    resp
}

/// Put the live-reload script into an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVE_TAG}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVE_TAG}").into_bytes(),
    }
}

fn respond(req: Request, status: u16, body: Vec<u8>, ctype: &str) {
    let resp = with_headers(
        Response::from_data(body).with_status_code(StatusCode(status)),
        &[("Content-Type", ctype), ("Cache-Control", "no-store")],
    );
    let _ = req.respond(resp);
}

fn handle(req: Request, out: &Path, hub: &Hub) {
    let url = req.url().to_string();
    let path = url.split('?').next().unwrap_or("");
    match path {
        "/__prongsai/events" => {
            let w = req.into_writer();
            hub.subscribe(w);
            return;
        }
        "/__prongsai/live.js" => {
            return respond(
                req,
                200,
                LIVE_JS.as_bytes().to_vec(),
                "text/javascript; charset=utf-8",
            );
        }
        "/__prongsai/stats" => {
            let body = hub.stats.lock().map(|s| s.to_string()).unwrap_or_default();
            return respond(req, 200, body.into_bytes(), "application/json");
        }
        _ => {}
    }
    if !matches!(
        req.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return respond(
            req,
            405,
            b"method not allowed".to_vec(),
            "text/plain; charset=utf-8",
        );
    }
    // A folder asked for without its slash: redirect, so relative links inside it work.
    if !path.ends_with('/')
        && let Some(d) = percent_decode(path)
        && !d.contains("..")
        && out.join(d.trim_start_matches('/')).is_dir()
    {
        let resp = with_headers(
            Response::empty(StatusCode(301)),
            &[("Location", &format!("{path}/"))],
        );
        let _ = req.respond(resp);
        return;
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
                respond(req, 200, body, ctype);
            }
            Err(_) => respond(
                req,
                500,
                b"cannot read file".to_vec(),
                "text/plain; charset=utf-8",
            ),
        },
        None => {
            let body = std::fs::read(out.join("404.html"))
                .map(|b| inject(&b))
                .unwrap_or_else(|_| b"404".to_vec());
            respond(req, 404, body, "text/html; charset=utf-8");
        }
    }
}

/// Start the server on `addr`; requests are answered by a few threads.
pub fn start(addr: &str, out: PathBuf, hub: Hub) -> Result<Arc<Server>, String> {
    let server = Arc::new(Server::http(addr).map_err(|e| e.to_string())?);
    for _ in 0..4 {
        let (server, out, hub) = (Arc::clone(&server), out.clone(), hub.clone());
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                handle(req, &out, &hub);
            }
        });
    }
    Ok(server)
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
    fn injects_before_body_end() {
        assert_eq!(
            String::from_utf8_lossy(&inject(b"<p>x</p></body></html>")),
            format!("<p>x</p>{LIVE_TAG}</body></html>")
        );
    }
}
