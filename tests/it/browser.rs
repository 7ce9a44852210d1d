//! Browser tests of the default theme. Builds the demo site of this repository into a temporary
//! folder with its base URL at a sub-path (`http://127.0.0.1:<port>/site/`), serves it as a
//! static host would (tests/it/common/static_host.rs), and runs `tests/browser/run.mjs` (axe-core,
//! html-validate, keyboard, text size and contrast controls, print, screenshots) in Debian's
//! chromium.
//!
//! Needs `node`, chromium (`/usr/bin/chromium`, or `CHROMIUM=path`) and the suite's packages
//! (`npm ci --prefix tests/browser`, which test.sh runs). Without them the test fails in CI and
//! is skipped with a loud note elsewhere (common::tools_present). `PRONGSAI_LIGHTHOUSE=1` also
//! runs Lighthouse and prints its four scores.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::static_host::StaticHost;

const PREFIX: &str = "/site/";

fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    p.is_file().then_some(p)
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn default_theme_in_a_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = repo.join("tests").join("browser");
    let missing: Vec<&str> = [
        (!node_works()).then_some("node"),
        chromium()
            .is_none()
            .then_some("chromium (/usr/bin/chromium or CHROMIUM=path)"),
        (!suite.join("node_modules").is_dir())
            .then_some("tests/browser/node_modules (npm ci --prefix tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !common::tools_present("theme browser tests", &missing) {
        return;
    }

    let host = StaticHost::bind(PREFIX);
    let base_url = host.base_url.clone();
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .arg("build")
        .arg("--root")
        .arg(repo)
        .arg("--output")
        .arg(&out)
        .arg("--base-url")
        .arg(&base_url)
        .output()
        .expect("run prongsai build");
    assert!(
        build.status.success(),
        "prongsai build failed:\n{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );

    host.serve(&out);

    let artifacts = repo.join("target").join("browser-artifacts");
    let status = Command::new("node")
        .arg(suite.join("run.mjs"))
        .arg(&base_url)
        .arg(&out)
        .arg("--artifacts")
        .arg(&artifacts)
        .current_dir(repo)
        .status()
        .expect("run node tests/browser/run.mjs");
    assert!(
        status.success(),
        "browser tests failed (see the lines marked `not ok` above)"
    );

    if std::env::var_os("PRONGSAI_LIGHTHOUSE").is_some() {
        let lh = Command::new("node")
            .arg(suite.join("lighthouse.mjs"))
            .arg(&base_url)
            .arg(&out)
            .arg("--artifacts")
            .arg(&artifacts)
            .current_dir(repo)
            .status();
        if !matches!(lh, Ok(s) if s.success()) {
            eprintln!("note: Lighthouse did not run: {lh:?}");
        }
    }
}
