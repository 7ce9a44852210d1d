//! Stage 5: write the site. Everything goes into a fresh folder beside the output; only when the
//! whole site is written does it replace the output (two renames), so a failed or killed build
//! leaves the previous site exactly as it was.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics};
use crate::render::{Job, Renderer};

mod carry;
pub mod manifest;
mod minify;
#[cfg(test)]
#[path = "minify_tests.rs"]
mod minify_tests;

pub use self::carry::Carried;
pub use self::minify::minify;

/// Name of the file that marks a folder as prongsai's output (so it may be replaced).
pub const MARKER: &str = ".prongsai-output";

/// What a build wrote.
#[derive(Debug, Default, Clone)]
pub struct Written {
    pub pages: usize,
    pub files: usize,
    /// Files carried over unchanged from the previous output, and files written anew.
    pub carried: Carried,
}

fn io_error(path: &Path, e: &std::io::Error, th: &str, en: &str) -> Diagnostic {
    Diagnostic::file(
        path,
        format!("{th} ({e})"),
        format!("{en} ({e})"),
        "ตรวจพื้นที่ว่างของดิสก์และสิทธิ์การเขียนโฟลเดอร์ / check free disk space and write permission",
    )
}

/// Refuse output folders whose replacement would destroy the site or something else.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    // Resolved paths (links followed), not text: through a linked folder the output could
    // otherwise land inside content/ and be published again by every later build.
    let (root_abs, out_abs) = (resolved(root), resolved(out));
    let dangerous = root_abs.starts_with(&out_abs)
        || ["content", "themes", "templates", "src", ".git"]
            .iter()
            .any(|d| out_abs.starts_with(root_abs.join(d)));
    if dangerous || out_abs.parent().is_none() {
        return Err(Diagnostic::file(
            out,
            "โฟลเดอร์ผลลัพธ์นี้จะทับข้อมูลของเว็บไซต์",
            "this output folder would replace the site's own files",
            "ใช้โฟลเดอร์แยก เช่น public/ / use a separate folder such as public/",
        ));
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let foreign = std::fs::read_dir(out)
            .map(|it| it.flatten().any(|e| e.file_name() != ".gitkeep"))
            .unwrap_or(true);
        if foreign {
            return Err(Diagnostic::file(
                out,
                "โฟลเดอร์ผลลัพธ์มีไฟล์อื่นอยู่ ซึ่งไม่ได้สร้างโดย prongsai จึงไม่ลบทับ",
                "the output folder holds files prongsai did not write, so it will not replace them",
                "ย้ายไฟล์เหล่านั้นออก หรือใช้ --output ชี้ไปโฟลเดอร์ใหม่ / move them away or choose another folder with --output",
            ));
        }
    }
    Ok(())
}

/// `p` as the disk resolves it: the longest part that exists with its links followed, then the
/// rest with `.` and `..` applied.
fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p)
        .map(|a| normalise_path(&a))
        .unwrap_or_else(|_| p.to_path_buf());
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return abs,
        }
    }
}

/// The previous output can be replaced only if every folder in it can be written (its files
/// deleted): otherwise the swap would succeed, the old folder could not be removed, and a
/// `.public.tmp-…` would be left beside the site. Found before anything is written.
#[cfg(unix)]
fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    use std::os::unix::ffi::OsStrExt;
    if !out.is_dir() {
        return Ok(());
    }
    let dirs = walkdir::WalkDir::new(out)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir());
    for d in dirs {
        let Ok(c) = std::ffi::CString::new(d.path().as_os_str().as_bytes()) else {
            continue;
        };
        // SAFETY: `c` is a valid NUL-terminated path; access() only reads it.
        let writable = unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0;
        if !writable {
            return Err(Diagnostic::file(
                d.path(),
                "โฟลเดอร์นี้ในผลลัพธ์เดิมเป็นแบบอ่านอย่างเดียว จึงแทนที่ผลลัพธ์ไม่ได้",
                "this folder of the previous output is read-only, so the output cannot be replaced",
                format!(
                    "ให้สิทธิ์เขียน (เช่น chmod -R u+w {0}) หรือใช้ --output ชี้ไปโฟลเดอร์อื่น / make it writable (e.g. chmod -R u+w {0}) or choose another folder with --output",
                    out.display()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_replaceable(_out: &Path) -> Result<(), Diagnostic> {
    Ok(())
}

fn normalise_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Write the whole site to `out`, replacing it only on success.
pub fn write_site(
    renderer: &Renderer<'_>,
    out: &Path,
    laps: &crate::cputime::Laps,
) -> Result<Written, Diagnostics> {
    let root = &renderer.site.config.root;
    check_output_dir(root, out).map_err(|d| Diagnostics(vec![d]))?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    if let Err(e) = std::fs::create_dir_all(parent) {
        return Err(Diagnostics(vec![io_error(
            parent,
            &e,
            "สร้างโฟลเดอร์ไม่ได้",
            "cannot create the folder",
        )]));
    }
    let _lock = BuildLock::acquire(parent, &name).map_err(|d| Diagnostics(vec![d]))?;
    check_replaceable(out).map_err(|d| Diagnostics(vec![d]))?;
    clean_stale(parent, &name, out);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_into(renderer, &tmp, out, laps);
    match result {
        Ok(w) => match swap(&tmp, out, laps) {
            Ok(()) => Ok(w),
            Err(d) => {
                let _ = std::fs::remove_dir_all(&tmp);
                Err(Diagnostics(vec![d]))
            }
        },
        Err(d) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(d)
        }
    }
}

/// The lock that keeps two builds from writing the same output at once: `.<output>.lock` beside
/// the output, created with `create_new` and holding the builder's PID, removed when the build
/// ends (on success or error). A lock whose PID is no longer running (a killed build) is stale
/// and taken over.
struct BuildLock {
    path: PathBuf,
}

impl BuildLock {
    fn acquire(parent: &Path, name: &str) -> Result<BuildLock, Diagnostic> {
        use std::io::Write;
        let path = parent.join(format!(".{name}.lock"));
        for _ in 0..3 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let written = writeln!(f, "{}", std::process::id()).and_then(|()| f.sync_all());
                    let lock = BuildLock { path };
                    if let Err(e) = written {
                        return Err(io_error(
                            &lock.path,
                            &e,
                            "เขียนไฟล์ล็อกไม่ได้",
                            "cannot write the lock file",
                        ));
                    }
                    return Ok(lock);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let pid = text.trim().parse::<u32>().ok();
                    let stale = match pid {
                        Some(p) => p != std::process::id() && !pid_alive(p),
                        // Empty or garbled: a builder between creating and writing it, unless old.
                        None => std::fs::metadata(&path)
                            .and_then(|m| m.modified())
                            .ok()
                            .and_then(|t| t.elapsed().ok())
                            .is_some_and(|age| age.as_secs() > 10),
                    };
                    if !stale {
                        let who = pid.map_or_else(String::new, |p| format!(" (PID {p})"));
                        return Err(Diagnostic::file(
                            &path,
                            format!("มีการสร้างเว็บไซต์อื่นกำลังทำงานอยู่{who} จึงไม่เขียนทับ"),
                            format!("another build is running{who}; this one writes nothing"),
                            format!(
                                "รอให้คำสั่งนั้นเสร็จแล้วสั่งใหม่ ถ้าไม่มีคำสั่งใดทำงานอยู่ ให้ลบไฟล์ {0} / wait for it to finish and run again; if no build is running, delete {0}",
                                path.display()
                            ),
                        ));
                    }
                    // Take a stale lock over only if it still holds what was read.
                    if std::fs::read_to_string(&path).unwrap_or_default() == text {
                        let _ = std::fs::remove_file(&path);
                    }
                }
                Err(e) => {
                    return Err(io_error(
                        &path,
                        &e,
                        "สร้างไฟล์ล็อกไม่ได้",
                        "cannot create the lock file",
                    ));
                }
            }
        }
        Err(Diagnostic::file(
            &path,
            "ไฟล์ล็อกถูกสร้างซ้ำไปมา มีการสร้างเว็บไซต์อื่นกำลังทำงานอยู่",
            "another build is running (the lock file keeps coming back)",
            "รอให้คำสั่งนั้นเสร็จแล้วสั่งใหม่ / wait for it to finish and run again",
        ))
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether process `pid` is still running (so its lock or temporary folder is not stale).
fn pid_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    #[cfg(unix)]
    {
        std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(true)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Tidy what killed builds left beside the output (run while holding the lock): their
/// `.<output>.tmp-<pid>` and `.<output>.old-<pid>` folders. If a build was killed between the
/// two renames of the fallback swap, the output is missing and its previous version is the
/// `.old-` folder: put it back.
fn clean_stale(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let (is_old, pid) = match (
            file.strip_prefix(&tmp_prefix),
            file.strip_prefix(&old_prefix),
        ) {
            (Some(p), _) => (false, p.parse::<u32>().ok()),
            (_, Some(p)) => (true, p.parse::<u32>().ok()),
            _ => continue,
        };
        if !pid.is_some_and(|p| p != std::process::id() && !pid_alive(p)) {
            continue;
        }
        if is_old && !out.exists() && std::fs::rename(e.path(), out).is_ok() {
            continue;
        }
        let _ = std::fs::remove_dir_all(e.path());
    }
}

/// Write a file of a live output folder: into a temporary file beside it, then renamed over it,
/// so a reader (the dev server, a browser) never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    write_file(&tmp, bytes)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_error(path, &e, "เขียนไฟล์ไม่ได้", "cannot write the file")
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| io_error(dir, &e, "สร้างโฟลเดอร์ไม่ได้", "cannot create the folder"))?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| io_error(path, &e, "เขียนไฟล์ไม่ได้", "cannot write the file"))
}

fn write_into(
    renderer: &Renderer<'_>,
    tmp: &Path,
    out: &Path,
    laps: &crate::cputime::Laps,
) -> Result<Written, Diagnostics> {
    let site = renderer.site;
    let _ = std::fs::remove_dir_all(tmp);
    std::fs::create_dir_all(tmp).map_err(|e| {
        Diagnostics(vec![io_error(
            tmp,
            &e,
            "สร้างโฟลเดอร์ไม่ได้",
            "cannot create the folder",
        )])
    })?;
    let mut diags = Diagnostics::default();
    // Unchanged files are carried over from the previous output (carry.rs).
    let writer = carry::OutputWriter::new(tmp, Some(out));
    let mut static_files: Vec<(&str, &[u8])> = Vec::new();
    for (name, f) in &renderer.theme {
        if let Some(rel) = name.strip_prefix("static/") {
            static_files.push((rel, &f.bytes));
        }
    }
    let files_dir = Path::new("content").join("files");
    let copied: Vec<Result<(), Diagnostic>> = site
        .files
        .par_iter()
        .map(|f| {
            // Through the gate (src/guard.rs): a link swapped in since the walk is an error.
            let bytes = crate::guard::read(
                &site.config.root,
                &files_dir.join(f),
                crate::content::attachments::MAX_BYTES,
            )?;
            writer.put(&format!("files/{f}"), &bytes)
        })
        .collect();
    for r in copied {
        if let Err(d) = r {
            diags.push(d);
        }
    }
    for (rel, bytes) in &static_files {
        if let Err(d) = writer.put(rel, bytes) {
            diags.push(d);
        }
    }
    laps.lap("attachments and theme files");
    let jobs = renderer.jobs();
    let page = |&job: &Job| -> Result<(), Diagnostic> {
        let html = renderer.render(job)?;
        writer.put(&renderer.output_path(job), &minify(&html))
    };
    // The `/data/` and `/search/` pages show what the site-wide files are made of (the open
    // data's sizes, the index's manifest): they wait for them, so that no thread blocks on a
    // file another thread is still making.
    let (after, before): (Vec<Job>, Vec<Job>) = jobs
        .iter()
        .partition(|j| matches!(j, Job::DataIndex | Job::Search));
    // Pages and the site-wide files at once: each has steps that use one core (the search
    // index's postings, the last large pages), which the other fills.
    let (rendered, derived) = rayon::join(
        || {
            let rendered: Vec<Result<(), Diagnostic>> = before.par_iter().map(page).collect();
            laps.mark("pages");
            rendered
        },
        || {
            let files = derived_files(renderer, &jobs);
            let written: Vec<Result<(), Diagnostic>> = files
                .par_iter()
                .map(|(name, bytes)| writer.put(name, bytes))
                .collect();
            laps.mark("open data, feeds, sitemap, search");
            (files.len(), written)
        },
    );
    let (derived, written) = derived;
    let late: Vec<Result<(), Diagnostic>> = after.par_iter().map(page).collect();
    for r in rendered.into_iter().chain(written).chain(late) {
        if let Err(d) = r {
            diags.push(d);
        }
    }
    laps.lap("pages, open data, feeds, sitemap, search");
    if out.join(".gitkeep").exists()
        && let Err(d) = writer.put(".gitkeep", b"")
    {
        diags.push(d);
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    // The manifest last: its presence means a complete build.
    let carried = writer.finish().map_err(|d| Diagnostics(vec![d]))?;
    laps.lap("manifest");
    Ok(Written {
        pages: jobs.len(),
        files: site.files.len() + static_files.len() + derived,
        carried,
    })
}

/// Files derived from the whole site rather than one page (sitemap, robots.txt, the output
/// marker, and the site-wide data files). `build` and `serve` both write exactly these, so an
/// incremental rebuild gives the same bytes as a clean build.
pub fn derived_files<'r>(renderer: &'r Renderer<'_>, jobs: &[Job]) -> Vec<(String, Cow<'r, [u8]>)> {
    let site = renderer.site;
    let (((data, feeds), sitemap), search) = rayon::join(
        || {
            rayon::join(
                || rayon::join(|| renderer.open_data(), || crate::feeds::files(site)),
                || renderer.sitemap(jobs),
            )
        },
        || crate::search::files(site, renderer.search_manifest()),
    );
    let owned = |(p, b): (String, Vec<u8>)| (p, Cow::Owned(b));
    let mut out: Vec<(String, Cow<'r, [u8]>)> = vec![
        (
            "robots.txt".into(),
            Cow::Owned(renderer.robots().into_bytes()),
        ),
        (
            MARKER.into(),
            Cow::Borrowed(
                b"This folder is written by prongsai and replaced whole by each build.\n",
            ),
        ),
    ];
    out.extend(
        data.files
            .iter()
            .map(|(p, b)| (p.clone(), Cow::Borrowed(&b[..]))),
    );
    // sitemap.xml, or its index and parts on a site of more than 50,000 pages.
    out.extend(sitemap.into_iter().map(owned));
    out.extend(feeds.into_iter().map(owned));
    out.extend(search.into_iter().map(owned));
    out
}

/// Delete a previous output folder, its top-level entries in parallel (20,000 files at 10,000
/// records; one thread deleting them was 5 % of a build).
fn remove_tree(dir: &Path) {
    let entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(it) => it.flatten().collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|e| {
        // A symbolic link is removed itself, never followed.
        let _ = match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(e.path()),
            _ => std::fs::remove_file(e.path()),
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Put `tmp` in place of `out`: rename the old one away, rename the new one in, delete the old.
fn swap(tmp: &Path, out: &Path, laps: &crate::cputime::Laps) -> Result<(), Diagnostic> {
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    #[cfg(target_os = "linux")]
    if out.is_dir() && exchange(tmp, out).is_ok() {
        // One atomic step: there is no moment without a complete output. `tmp` now holds the
        // previous output.
        laps.lap("swap");
        remove_tree(tmp);
        laps.lap("delete the previous output");
        return Ok(());
    }
    // Elsewhere (or on a filesystem without RENAME_EXCHANGE): two renames.
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| {
            io_error(
                out,
                &e,
                "ย้ายผลลัพธ์เดิมไม่ได้",
                "cannot move the previous output aside",
            )
        })?;
    }
    if let Err(e) = std::fs::rename(tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(io_error(
            out,
            &e,
            "แทนที่ผลลัพธ์เดิมไม่ได้",
            "cannot put the new output in place",
        ));
    }
    if had_old {
        remove_tree(&old);
    }
    Ok(())
}

/// Swap two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call, which keeps no pointer.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let root = Path::new("/tmp/site");
        assert!(check_output_dir(root, Path::new("/tmp/site")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/content/x")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/public/../content")).is_err());
    }
}
