//! Compare the page minifier with minify-html, which it replaced (docs/decisions.md,
//! "Minification"): CPU over every page of a site, bytes, and the written pages for gzip sizes.
//!
//! ```sh
//! PRONGSAI_COMPARE_ROOT=/dev/shm/prongsai-bench/corpus-10000 PRONGSAI_COMPARE_OUT=/dev/shm/wm/cmp \
//!   cargo test --release --features compare-minify-html --test it minify_compare:: -- --ignored --nocapture
//! ```
//! Without `PRONGSAI_COMPARE_ROOT` it compares on the demo site (this repository).
#![cfg(feature = "compare-minify-html")]

use std::path::PathBuf;
use std::time::Instant;

/// minify-html with the settings prongsai used until November 2026.
fn old(html: &str) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_doctype = false;
    cfg.minify_css = false;
    cfg.minify_js = false;
    minify_html::minify(html.as_bytes(), &cfg)
}

#[test]
#[ignore = "a measurement: run by hand"]
fn compare_with_minify_html() {
    let root = std::env::var_os("PRONGSAI_COMPARE_ROOT")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let opts = prongsai::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let site = match prongsai::load_site(&opts) {
        Ok(s) => s,
        Err(d) => panic!("{d:?}"),
    };
    let renderer = match prongsai::render::Renderer::new(&site) {
        Ok(r) => r,
        Err(d) => panic!("{d:?}"),
    };
    prongsai::output::hand_over(&renderer);
    let jobs = renderer.jobs();
    let pages: Vec<(String, String)> = jobs
        .iter()
        .map(|&j| match renderer.render(j) {
            Ok(h) => (renderer.output_path(j), h),
            Err(d) => panic!("{d:?}"),
        })
        .collect();
    let raw: usize = pages.iter().map(|(_, h)| h.len()).sum();
    // One thread, each minifier over all pages, best of three runs.
    let time = |f: &dyn Fn(&str) -> Vec<u8>| {
        let mut best = f64::MAX;
        let mut bytes = 0;
        for _ in 0..3 {
            let t = Instant::now();
            bytes = pages.iter().map(|(_, h)| f(h).len()).sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        (best, bytes)
    };
    let (t_old, b_old) = time(&old);
    let (t_new, b_new) = time(&prongsai::output::minify);
    println!(
        "{} pages of {}: rendered {raw} bytes\n  minify-html: {:.3} s ({:.1} µs/page), {b_old} bytes\n  prongsai:    {:.3} s ({:.1} µs/page), {b_new} bytes\n  speed-up {:.1}x",
        pages.len(),
        root.display(),
        t_old,
        t_old * 1e6 / pages.len() as f64,
        t_new,
        t_new * 1e6 / pages.len() as f64,
        t_old / t_new
    );
    if let Some(out) = std::env::var_os("PRONGSAI_COMPARE_OUT") {
        let out = PathBuf::from(out);
        for (dir, f) in [
            ("old", &old as &dyn Fn(&str) -> Vec<u8>),
            ("new", &prongsai::output::minify),
        ] {
            for (path, html) in &pages {
                let p = out.join(dir).join(path);
                if let Some(d) = p.parent() {
                    std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
                }
                std::fs::write(&p, f(html)).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}
