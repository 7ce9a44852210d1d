//! Embeds the default theme (themes/default) into the binary, so any site folder builds
//! without copying the theme; a site's own themes/<name>/ or templates/ override it. Also sets
//! PRONGSAI_VERSION (`0.1.0 (abc1234 2026-12-06)`) for `prongsai --version`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

fn main() {
    version();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes")
        .join("default");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Files of the default theme: (path inside the theme, contents).\npub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let _ = writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("default_theme.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(base, &p, files);
        } else if let Ok(rel) = p.strip_prefix(base) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push((rel, p.to_string_lossy().into_owned()));
        }
    }
}

/// `<package version> (<commit> <commit date>)` from git when the source is a git checkout with
/// git installed; `(unknown)` otherwise (a source archive, a machine without git): the build
/// never fails for want of git.
fn version() {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    let commit = git(&["rev-parse", "--short=7", "HEAD"])
        .zip(git(&["log", "-1", "--format=%cs"]))
        .map_or_else(|| "unknown".to_string(), |(c, d)| format!("{c} {d}"));
    println!(
        "cargo:rustc-env=PRONGSAI_VERSION={} ({commit})",
        env!("CARGO_PKG_VERSION")
    );
    // Built again when the commit changes: the files git moves on a commit or checkout (only
    // those that exist; a missing one would make every build run this again).
    let dirs = [
        git(&["rev-parse", "--git-dir"]),
        git(&["rev-parse", "--git-common-dir"]),
    ];
    let head_ref = git(&["symbolic-ref", "-q", "HEAD"]);
    for dir in dirs.into_iter().flatten() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut watched = vec![dir.join("HEAD"), dir.join("packed-refs")];
        if let Some(r) = &head_ref {
            watched.push(dir.join(r));
        }
        for p in watched.into_iter().filter(|p| p.exists()) {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    }
}
