//! A static web host for the browser tests: a built output folder served under a path prefix
//! (`/site/`), a folder's `index.html` for the folder, the site's `404.html` with status 404 for
//! anything missing, `Cache-Control: max-age=600` as a host would send. It is tower-http's file
//! service on axum, the stack of `prongsai serve`, not HTTP code of our own.
//!
//! `prongsai serve` itself is not used: it rebuilds the site for its own root URL (so a sub-path,
//! which the browser tests exist to check, cannot be served) and puts the live-reload script
//! into every page, which a published page does not have.

use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, header};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

/// The address of a host started by [`StaticHost::bind`], before anything is served.
pub struct StaticHost {
    listener: std::net::TcpListener,
    /// `http://127.0.0.1:<port><prefix>`, with a trailing `/`.
    pub base_url: String,
    prefix: String,
}

impl StaticHost {
    /// Take a free port on 127.0.0.1 for a site at `prefix` (`/site/`); the base URL is known
    /// before the site is built with it.
    pub fn bind(prefix: &str) -> StaticHost {
        assert!(prefix.starts_with('/') && prefix.ends_with('/'), "{prefix}");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("local address").port();
        StaticHost {
            listener,
            base_url: format!("http://127.0.0.1:{port}{prefix}"),
            prefix: prefix.to_string(),
        }
    }

    /// Serve `out` at the prefix, on a thread of its own, until the test process ends.
    pub fn serve(self, out: &Path) {
        let out: PathBuf = out.to_path_buf();
        let files = ServeDir::new(&out).not_found_service(ServeFile::new(out.join("404.html")));
        let prefix = self.prefix.trim_end_matches('/').to_string();
        let app = axum::Router::new()
            .nest_service(&prefix, files)
            .layer(axum::middleware::map_response(cache_for_ten_minutes));
        self.listener.set_nonblocking(true).expect("non-blocking");
        let listener = self.listener;
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                axum::serve(listener, app).await.expect("the static host");
            });
        });
    }
}

async fn cache_for_ten_minutes(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=600"),
    );
    r
}
