//! The accept loop of the development server: hyper's HTTP/1.1 connections (keep-alive on) on a
//! tokio runtime of its own thread, with a cap on open connections and a deadline for each
//! request head.
//!
//! `axum::serve` would do the accepting, but sets neither a connection limit nor hyper's header
//! timeout, and these are what keep slow or idle clients from taking the server down:
//! - at most [`MAX_CONNECTIONS`] connections are served at once; more wait in the kernel's
//!   listen queue (costing the process no descriptor) until one closes;
//! - a request head must arrive whole within [`HEAD_TIMEOUT`] of the connection being ready for
//!   it, which is also how long a kept-alive connection may sit idle: a client sending one byte
//!   every few seconds is closed, whatever it sends;
//! - an accept that fails (out of descriptors) pauses the loop instead of spinning on it, and
//!   nothing in the loop can panic.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Connections served at once. Event streams are capped lower (`events::MAX_STREAMS`), so pages
/// and files always have room; the process's 1,024 descriptors are never approached.
pub const MAX_CONNECTIONS: usize = 256;
/// Time for a whole request head, and the longest a kept-alive connection stays idle.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// Serve `app` on `listener` until the process ends.
pub async fn run(listener: TcpListener, app: axum::Router) {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return; // the semaphore is never closed
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // EMFILE and the like: give closing connections a moment rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .keep_alive(true)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            // A client that vanished or sent garbage is no concern of the server's.
            let _ = conn.await;
            drop(permit);
        });
    }
}
