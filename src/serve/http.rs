//! The development web server: files of the output folder (never anything outside it), the theme's
//! 404 page, a small live-reload script injected into HTML responses only (never into the files on
//! disk), and a Server-Sent-Events channel that tells open pages to reload or show an error.
//!
//! It answers only requests addressed to it by name (`Host` is `localhost` or the address it
//! listens on): a page on another site could otherwise reach it through DNS rebinding and read
//! the whole output, drafts and build errors with their source lines included. For the same
//! reason the event stream allows no other origin.
//!
//! axum on tokio (docs/decisions.md, "serve on axum"): the routes and the checks every request
//! passes are here, the accept loop with its limits in `listen.rs`, the event streams in
//! `events.rs`. Files other than pages go through tower-http's `ServeFile` (Range, HEAD,
//! If-Modified-Since); pages are read whole, since the reload script goes into them.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::events::Hub;
use super::listen;
use crate::config::percent_decode;

/// The script pages load in serve mode.
const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__prongsai/live.js\"></script>";

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

/// What the server knows about itself, shared by every request.
#[derive(Clone)]
struct App {
    out: Arc<PathBuf>,
    hub: Hub,
    hosts: Arc<Hosts>,
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Every request first: addressed to this server by name (one `Host`, and the target's own
/// authority if it has one), `GET` or `HEAD`; every answer `Cache-Control: no-store` unless it
/// says otherwise (the event stream: `no-cache`).
async fn guard(State(app): State<App>, req: Request, next: Next) -> Response {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (None, _) => return text(StatusCode::BAD_REQUEST, "bad request: no Host header"),
        (Some(h), None) => h.to_str().ok(),
        // Two Host headers are a malformed request: refuse rather than believe one.
        (Some(_), Some(_)) => None,
    };
    let target_ok = req
        .uri()
        .authority()
        .is_none_or(|a| app.hosts.allows(a.as_str()));
    if !target_ok || !host.is_some_and(|h| app.hosts.allows(h)) {
        return text(
            StatusCode::MISDIRECTED_REQUEST,
            "prongsai serve ตอบเฉพาะคำขอถึง localhost หรือที่อยู่ที่เปิดไว้ / answers only requests to localhost or the address it listens on",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

async fn events(State(app): State<App>) -> Response {
    app.hub.subscribe().into_response()
}

async fn live_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

async fn stats(State(app): State<App>) -> Response {
    let mut body = app.hub.stats.lock().map(|s| s.clone()).unwrap_or_default();
    if let Some(o) = body.as_object_mut() {
        o.insert("streams".into(), app.hub.open_streams().into());
    }
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// What a URL path names in the output folder.
enum Found {
    /// A folder asked for without its slash: where it is, with the slash.
    Redirect(String),
    /// A page, read (the reload script goes into it).
    Page(Vec<u8>),
    /// Another file, by its real path inside the folder.
    File(PathBuf),
    /// Nothing: the site's 404 page if it has one.
    Missing(Option<Vec<u8>>),
    Unreadable,
}

fn locate(out: &Path, path: &str) -> Found {
    // A folder without its slash: redirect, so relative links inside it work. The target is
    // always a path: `//news` would be a link to the host `news`, so leading slashes (and
    // backslashes, which browsers read as slashes) collapse into one.
    if !path.ends_with('/')
        && let Some(d) = percent_decode(path)
        && !d.contains("..")
        && !d.contains(['\r', '\n'])
        && out.join(d.trim_start_matches('/')).is_dir()
    {
        return Found::Redirect(format!("/{}/", path.trim_start_matches(['/', '\\'])));
    }
    match resolve(out, path) {
        Some(file) if content_type(&file).starts_with("text/html") => match std::fs::read(&file) {
            Ok(bytes) => Found::Page(bytes),
            Err(_) => Found::Unreadable,
        },
        Some(file) => Found::File(file),
        None => Found::Missing(std::fs::read(out.join("404.html")).ok()),
    }
}

/// Files of the output folder, pages with the reload script, the 404 page.
async fn files(State(app): State<App>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let out = Arc::clone(&app.out);
    let found = tokio::task::spawn_blocking(move || locate(&out, &path))
        .await
        .unwrap_or(Found::Unreadable);
    let html = "text/html; charset=utf-8";
    match found {
        Found::Redirect(to) => match HeaderValue::try_from(to) {
            Ok(to) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response(),
            Err(_) => text(StatusCode::BAD_REQUEST, "bad request"),
        },
        Found::Page(bytes) => ([(header::CONTENT_TYPE, html)], inject(&bytes)).into_response(),
        Found::File(real) => {
            let ctype = content_type(&real);
            // Range, HEAD and If-Modified-Since as a static host answers them.
            match tower_http::services::ServeFile::new(&real)
                .try_call(req)
                .await
            {
                Ok(res) => {
                    let mut res = res.map(Body::new);
                    if res.status().is_success() {
                        res.headers_mut()
                            .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
                    }
                    res
                }
                Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "cannot read file"),
            }
        }
        Found::Missing(page) => {
            let body = page.map_or_else(|| b"404".to_vec(), |b| inject(&b));
            (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, html)], body).into_response()
        }
        Found::Unreadable => text(StatusCode::INTERNAL_SERVER_ERROR, "cannot read file"),
    }
}

fn router(app: App) -> axum::Router {
    axum::Router::new()
        .route("/__prongsai/events", get(events))
        .route("/__prongsai/live.js", get(live_js))
        .route("/__prongsai/stats", get(stats))
        .fallback(files)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// A listening socket on `sockaddr` (inside the runtime).
fn listen_on(sockaddr: std::net::SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if sockaddr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()
    } else {
        tokio::net::TcpSocket::new_v6()
    }?;
    // As tokio's own bind: on Unix a port in TIME_WAIT may be bound again (never one with a
    // listener); on Windows the flag would let two servers share a port, so not there.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(sockaddr)?;
    // A deep queue: connections over the limit wait here, not in the process.
    socket.listen(1024)
}

/// Start the server on `addr` (bound before this returns, so a port in use is an error here);
/// it runs on a thread of its own until the process ends.
pub fn start(addr: &str, out: PathBuf, hub: Hub) -> Result<(), String> {
    use std::net::ToSocketAddrs;
    let addrs: Vec<std::net::SocketAddr> =
        addr.to_socket_addrs().map_err(|e| e.to_string())?.collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("serve-http")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    // Each address the name resolves to, in turn, as std's bind does: `localhost` may list
    // `::1` first on a machine without IPv6.
    let mut listener = Err(std::io::Error::other(format!("{addr}: no address")));
    for sockaddr in addrs {
        listener = runtime.block_on(async { listen_on(sockaddr) });
        if listener.is_ok() {
            break;
        }
    }
    let listener = listener.map_err(|e| e.to_string())?;
    let ip = listener.local_addr().map_err(|e| e.to_string())?.ip();
    let bind = addr.rsplit_once(':').map_or(addr, |(host, _)| host);
    let app = App {
        out: Arc::new(out),
        hub,
        hosts: Arc::new(Hosts::new(bind, ip)),
    };
    std::thread::Builder::new()
        .name("serve-http".into())
        .spawn(move || runtime.block_on(listen::run(listener, router(app))))
        .map_err(|e| e.to_string())?;
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
