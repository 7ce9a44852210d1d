//! Stage 5: write the site. Everything goes into a fresh folder beside the output; only when the
//! whole site is written does it replace the output (two renames), so a failed or killed build
//! leaves the previous site exactly as it was.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics};
use crate::render::{Job, Renderer, WrittenFiles};
use crate::site::pages::ROBOTS;

mod carry;
pub mod manifest;
mod minify;
#[cfg(test)]
#[path = "minify_tests.rs"]
mod minify_tests;
mod swap;

pub use self::carry::Carried;
pub use self::minify::minify;
use self::swap::{BuildLock, clean_stale, swap};

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

/// The folder that holds `out` (where the lock and temporary folders go) and `out`'s name.
fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent.to_path_buf(), name)
}

/// Put back the output that a build killed between the two renames of the fallback swap (on
/// Windows) left beside it, first thing in a build: a content error would otherwise leave the
/// officer without a site until it is fixed. Nothing happens while another build holds the lock.
pub fn recover_interrupted_swap(out: &Path) {
    let (parent, name) = parent_and_name(out);
    if out.exists() || !parent.is_dir() {
        return;
    }
    // The lock only when there is something to put back: taken and dropped at every build, it
    // would let a second build slip in between this and `write_site`'s lock, and the first
    // build would then be refused.
    let old_prefix = format!(".{name}.old-");
    let interrupted = std::fs::read_dir(&parent).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(&old_prefix))
    });
    if !interrupted {
        return;
    }
    if let Ok(_lock) = BuildLock::acquire(&parent, &name) {
        clean_stale(&parent, &name, out);
    }
}

/// Write the whole site to `out`, replacing it only on success.
pub fn write_site(
    renderer: &Renderer<'_>,
    out: &Path,
    laps: &crate::cputime::Laps,
) -> Result<Written, Diagnostics> {
    let root = &renderer.site.config.root;
    check_output_dir(root, out).map_err(|d| Diagnostics(vec![d]))?;
    let (parent, name) = parent_and_name(out);
    let parent = parent.as_path();
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

/// Write a file of a live output folder: into a temporary file beside it, then renamed over it,
/// so a reader (the dev server, a browser) never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_atomic_unless(path, bytes, &|| false).map(|_| ())
}

/// [`write_atomic`] in pieces of 4 MiB, giving up between two when `stop` says so (the file is
/// then left as it was, and false returned): `serve` writes collections of the open data of
/// tens of megabytes, and a save made meanwhile should not wait for them.
pub fn write_atomic_unless(
    path: &Path,
    bytes: &[u8],
    stop: &dyn Fn() -> bool,
) -> Result<bool, Diagnostic> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    create_parent(&tmp)?;
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        for piece in bytes.chunks(4 << 20) {
            if stop() {
                return Ok(false);
            }
            f.write_all(piece)?;
        }
        Ok(true)
    });
    let finished = matches!(written, Ok(true));
    let done = match written {
        Ok(true) => std::fs::rename(&tmp, path),
        Ok(false) => Ok(()),
        Err(e) => Err(e),
    };
    if !finished || done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done.map_err(|e| io_error(path, &e, "เขียนไฟล์ไม่ได้", "cannot write the file"))?;
    Ok(finished)
}

/// Make the folder `path` goes in, with its parents.
fn create_parent(path: &Path) -> Result<(), Diagnostic> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| io_error(dir, &e, "สร้างโฟลเดอร์ไม่ได้", "cannot create the folder"))?;
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    create_parent(path)?;
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
    // data's sizes, the index's manifest): they are rendered after `derived_files` made those
    // and handed them over.
    let (after, before): (Vec<Job>, Vec<Job>) = jobs.iter().partition(|j| j.shows_written_files());
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
/// marker, the open data and the search index). `build` and `serve` both write exactly these
/// (`serve` keeps the open data and the index up to date its own way, byte for byte, and takes
/// the rest from [`site_wide_files`]), so an incremental rebuild gives the same bytes as a clean
/// build. What the `/data/` and `/search/` pages show about them is handed to the renderer here:
/// render those pages after this.
pub fn derived_files<'r>(renderer: &'r Renderer<'_>, jobs: &[Job]) -> Vec<(String, Cow<'r, [u8]>)> {
    let site = renderer.site;
    let ((mut out, data), (search_manifest, search)) = rayon::join(
        || {
            rayon::join(
                || site_wide_files(renderer, jobs),
                || crate::data::build(site),
            )
        },
        || crate::search::files(site),
    );
    let crate::data::Built {
        files: data,
        index: open_data,
    } = data;
    renderer.hand_over(WrittenFiles {
        open_data,
        search_manifest,
    });
    // The open data's bytes are no one else's here: taken, not copied.
    out.extend(
        data.into_iter()
            .map(|(p, b)| (p, Cow::Owned(std::sync::Arc::unwrap_or_clone(b)))),
    );
    out.extend(search.into_iter().map(|(p, b)| (p, Cow::Owned(b))));
    out
}

/// The site-wide files but the open data and the search index: robots.txt, the output marker,
/// the sitemap and the feeds.
pub fn site_wide_files<'r>(
    renderer: &'r Renderer<'_>,
    jobs: &[Job],
) -> Vec<(String, Cow<'r, [u8]>)> {
    site_wide_files_with(renderer, || renderer.sitemap(jobs))
}

/// [`site_wide_files`] with the sitemap's files made by `sitemap` (`serve` gives the last ones
/// again when nothing they show changed).
pub fn site_wide_files_with<'r>(
    renderer: &'r Renderer<'_>,
    sitemap: impl FnOnce() -> Vec<(String, Vec<u8>)> + Send,
) -> Vec<(String, Cow<'r, [u8]>)> {
    let (feeds, sitemap) = rayon::join(|| crate::feeds::files(renderer.site), sitemap);
    let owned = |(p, b): (String, Vec<u8>)| (p, Cow::Owned(b));
    let mut out: Vec<(String, Cow<'r, [u8]>)> = vec![
        (ROBOTS.into(), Cow::Owned(renderer.robots().into_bytes())),
        (
            MARKER.into(),
            Cow::Borrowed(
                b"This folder is written by prongsai and replaced whole by each build.\n",
            ),
        ),
    ];
    // sitemap.xml, or its index and parts on a site of more than 50,000 pages.
    out.extend(sitemap.into_iter().map(owned));
    out.extend(feeds.into_iter().map(owned));
    out
}

/// Hand the renderer what the `/data/` and `/search/` pages show, without writing anything
/// (`check` renders every page). The search page gets a placeholder for the manifest's name,
/// which is a hash of the index: `check` builds no index (docs/decisions.md).
pub fn hand_over(renderer: &Renderer<'_>) {
    renderer.hand_over(WrittenFiles {
        open_data: crate::data::build(renderer.site).index,
        search_manifest: crate::search::unbuilt_manifest_path(),
    });
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
