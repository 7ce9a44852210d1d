//! `prongsai serve`: build, serve on 127.0.0.1, watch the site folder, rebuild what a save
//! affects, and reload the browser. On an error the last good site stays served and the error is
//! shown in the terminal and over the page; the next good save clears it.

mod contributes;
mod disk;
mod events;
mod http;
mod incremental;
mod listen;
mod patch;
mod sitemap;
mod tracker;
mod watch;

pub use http::{content_type, inject, resolve};
pub use incremental::{Outcome, State};
pub use watch::{Changes, classify};

use std::path::PathBuf;
use std::time::Instant;

use crate::{BuildOptions, Diagnostics};

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub drafts: bool,
}

/// The time of day for the terminal log, in the system's time zone; said to be UTC when the
/// zone cannot be read (rather than UTC passed off as local time).
fn now() -> String {
    static ZONE: std::sync::OnceLock<Option<jiff::tz::TimeZone>> = std::sync::OnceLock::new();
    let zone = ZONE.get_or_init(|| jiff::tz::TimeZone::try_system().ok());
    let ts = jiff::Timestamp::now();
    match zone {
        Some(tz) => ts.to_zoned(tz.clone()).strftime("%H:%M:%S").to_string(),
        None => format!("{} UTC", ts.strftime("%H:%M:%S")),
    }
}

fn errors_json(d: &Diagnostics) -> String {
    serde_json::to_string(&d.0).unwrap_or_else(|_| "[]".into())
}

/// Run the server until interrupted; returns the exit status.
pub fn serve(opts: ServeOptions) -> i32 {
    let addr = format!("{}:{}", opts.bind, opts.port);
    let host = if opts.bind.contains(':') {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.clone()
    };
    let url = format!("http://{host}:{}/", opts.port);
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        output: opts.output.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
    };
    let mut state = State::new(build_opts);
    let hub = events::Hub::default();
    // Watching starts before the first build: a save made while it runs (5 s at 10,000
    // records) or just after the first page answers waits in the watcher's channel and is the
    // first change of the loop below, rather than lost until the next save.
    let watch = match watch::Watch::start(&opts.root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "เฝ้าดูโฟลเดอร์ไม่ได้ / cannot watch {}: {e}",
                opts.root.display()
            );
            return 1;
        }
    };
    let started = Instant::now();
    let mut rebuilds: u64 = 0;
    match state.rebuild(None, &|_| {}, &|| false) {
        Ok(o) => println!(
            "[{}] สร้างเว็บไซต์ / built: {} pages, {} files written in {} ms",
            now(),
            o.pages_rendered,
            o.files_written,
            started.elapsed().as_millis()
        ),
        Err(d) => {
            eprintln!("{d}");
            hub.broadcast("build-error", &errors_json(&d));
        }
    }
    match http::start(&addr, state.output().to_path_buf(), hub.clone()) {
        Ok(()) => {}
        Err(e) => {
            eprintln!(
                "เปิดพอร์ต {} ไม่ได้ ({e}) / cannot listen on {addr} ({e})\nhint: พอร์ตนี้อาจถูกใช้อยู่ ใช้ --port เพื่อเลือกพอร์ตอื่น เช่น --port {} / the port may be in use: choose another with --port, e.g. --port {}",
                opts.port,
                opts.port.saturating_add(1),
                opts.port.saturating_add(1)
            );
            return 2;
        }
    };
    println!("กำลังให้บริการที่ / serving at {url}  (Ctrl-C เพื่อหยุด / to stop)");
    if opts.open
        && let Err(note) = crate::browser::open(&url)
    {
        eprintln!("{note}");
    }
    set_stats(&hub, rebuilds, None, "", 0);
    let arrived = watch.arrived();
    // Rebuilds that left the site-wide work to the next one (shown in the stats).
    let mut stopped: u64 = 0;
    while let Some(changes) = watch.next() {
        let t = Instant::now();
        let event = if changes.css_only { "css" } else { "reload" };
        let sent = std::cell::Cell::new(false);
        let result = state.rebuild(
            Some(&changes),
            &|w| {
                // The changed pages are on disk: the pages showing them may reload while the
                // rest (pages about the whole site, search index, data, feeds) is brought up
                // to date.
                hub.broadcast(event, &paths_json(w));
                sent.set(true);
            },
            &|| arrived.load(std::sync::atomic::Ordering::Acquire),
        );
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        rebuilds += 1;
        match result {
            Ok(o) => {
                println!(
                    "[{}] {} → {} pages rendered, {} files written{} in {:.1} ms{}",
                    now(),
                    changes.describe(),
                    o.pages_rendered,
                    o.files_written,
                    if o.files_removed > 0 {
                        format!(", {} removed", o.files_removed)
                    } else {
                        String::new()
                    },
                    ms,
                    if o.stopped {
                        " (ส่วนที่เหลือทำต่อในรอบถัดไป / the rest follows with the next change)"
                    } else {
                        ""
                    }
                );
                stopped += u64::from(o.stopped);
                set_stats(&hub, rebuilds, None, &changes.describe(), o.pages_rendered);
                if let Ok(mut st) = hub.stats.lock() {
                    st["stopped"] = stopped.into();
                }
                if !sent.get() {
                    hub.broadcast(event, &paths_json(&None));
                } else if !o.later.is_empty() {
                    // Open pages among those written after the reload event reload now.
                    hub.broadcast("update", &paths_json(&Some(o.later)));
                }
            }
            Err(d) => {
                eprintln!("[{}] {} → error\n{d}", now(), changes.describe());
                set_stats(&hub, rebuilds, Some(&d), &changes.describe(), 0);
                hub.broadcast("build-error", &errors_json(&d));
            }
        }
    }
    0
}

/// The data of a reload event: the URL paths of the pages that changed, or every page.
fn paths_json(w: &incremental::Written) -> String {
    match w {
        Some(paths) => {
            let urls: Vec<String> = paths.iter().map(|p| format!("/{p}")).collect();
            serde_json::json!({ "paths": urls }).to_string()
        }
        None => serde_json::json!({ "all": true }).to_string(),
    }
}

fn set_stats(
    hub: &events::Hub,
    rebuilds: u64,
    error: Option<&Diagnostics>,
    changed: &str,
    pages: usize,
) {
    if let Ok(mut s) = hub.stats.lock() {
        *s = serde_json::json!({
            "rebuilds": rebuilds,
            "changed": changed,
            "pages": pages,
            "errors": error.map(|d| d.0.clone()).unwrap_or_default(),
        });
    }
}
