//! The one gate between the site folder and everything prongsai reads from it.
//!
//! Every reader of the site (config, content records, attachments, theme files, OIT catalogues;
//! `build`, `check`, and `serve`'s full and incremental rebuilds) goes through this module, so
//! one rule decides what may be read and published:
//! - only regular files and folders: a symbolic link is refused wherever it is (even one that
//!   points inside the site: `.env` or `.git/config` would otherwise be published through it),
//!   and so is anything else (a named pipe, a socket, a device), found without opening it;
//! - every folder on the way from the site root to the file is checked too, so a linked
//!   `content/news/` cannot lead outside;
//! - the file is opened without following a link (`O_NOFOLLOW`) and without blocking
//!   (`O_NONBLOCK`), and checked again on the open handle, so a link or a pipe swapped in
//!   between the check and the read is refused as well.
//!
//! What is refused is an error naming the file and the reason; nothing is skipped silently.

use std::fs::{File, FileType};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// What a path under the site is, when it may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File,
    Folder,
}

/// Why a path may not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A symbolic link (at the path itself or at one of its folders, `at`).
    Link { at: PathBuf },
    /// Not a regular file or folder (a named pipe, a socket, a device).
    Special { what: &'static str },
    /// A path that climbs out of the site (`..`, an absolute path).
    Outside,
    /// Larger than the limit of its kind of file.
    TooLarge { size: u64, limit: u64 },
}

impl Refusal {
    /// The error for `rel` (relative to the site root).
    pub fn diagnostic(&self, rel: &Path) -> Diagnostic {
        match self {
            Refusal::Link { at } if at == rel => Diagnostic::file(
                rel,
                "นี่เป็นลิงก์ (symbolic link) ซึ่ง prongsai ไม่อ่านและไม่เผยแพร่ เพื่อไม่ให้ไฟล์นอกเว็บไซต์หรือไฟล์ลับ (เช่น .env) หลุดออกไป",
                "this is a symbolic link; prongsai never reads or publishes links, so that no file from outside the site (or a private one such as .env) is published",
                "ลบลิงก์แล้วคัดลอกไฟล์หรือโฟลเดอร์จริงมาไว้ที่นี่ / delete the link and copy the real file or folder here",
            ),
            Refusal::Link { at } => Diagnostic::file(
                rel,
                format!(
                    "โฟลเดอร์ {} เป็นลิงก์ (symbolic link) ซึ่ง prongsai ไม่อ่าน",
                    at.display()
                ),
                format!(
                    "the folder {} is a symbolic link, which prongsai never follows",
                    at.display()
                ),
                "ย้ายโฟลเดอร์จริงมาไว้ในโฟลเดอร์ของเว็บไซต์แทนการลิงก์ / move the real folder into the site folder instead of linking to it",
            ),
            Refusal::Outside => Diagnostic::file(
                rel,
                "ที่อยู่นี้ชี้ออกไปนอกโฟลเดอร์ของเว็บไซต์",
                "this path leads outside the site folder",
                "ใช้ชื่อไฟล์หรือโฟลเดอร์ภายในโฟลเดอร์ของเว็บไซต์ (ไม่มี .. และไม่ขึ้นต้นด้วย /) / name a file or folder inside the site folder (no `..`, no leading /)",
            ),
            Refusal::Special { what } => Diagnostic::file(
                rel,
                format!("นี่ไม่ใช่ไฟล์ธรรมดาหรือโฟลเดอร์ ({what}) จึงอ่านไม่ได้"),
                format!("this is not a regular file or folder ({what}), so it is not read"),
                "ลบออกจากโฟลเดอร์ของเว็บไซต์ / remove it from the site folder",
            ),
            Refusal::TooLarge { size, limit } => Diagnostic::file(
                rel,
                format!("ไฟล์ใหญ่เกินไป ({} ไบต์ เกินขีดจำกัด {} ไบต์)", size, limit),
                format!("the file is too large ({size} bytes; the limit is {limit} bytes)"),
                "แบ่งเนื้อหาเป็นหลายไฟล์ หรือแนบเอกสารยาวเป็นไฟล์ PDF ใน content/files/ / split it into several records, or attach a long document as a PDF in content/files/",
            ),
        }
    }
}

/// The name of a file type that is neither a regular file, a folder nor a link.
fn special_name(ft: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "named pipe / FIFO";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "device";
        }
    }
    let _ = ft;
    "special file"
}

/// What a file type allows: `Ok` for a regular file or a folder.
pub fn classify(ft: &FileType) -> Result<Entry, &'static str> {
    if ft.is_symlink() {
        Err("symbolic link")
    } else if ft.is_dir() {
        Ok(Entry::Folder)
    } else if ft.is_file() {
        Ok(Entry::File)
    } else {
        Err(special_name(ft))
    }
}

/// Whether `root/rel` may be read: `Ok(None)` when nothing is there, `Ok(Some(_))` for a
/// regular file or folder reached through real folders only. `rel` is relative to the root and
/// must not climb out of it.
pub fn inspect(root: &Path, rel: &Path) -> Result<Option<Entry>, Refusal> {
    let mut at = PathBuf::new();
    let mut found = Some(Entry::Folder);
    for c in rel.components() {
        match c {
            Component::Normal(part) => at.push(part),
            Component::CurDir => continue,
            // `..`, `/` or a drive: not a path under the site.
            _ => return Err(Refusal::Outside),
        }
        let meta = match std::fs::symlink_metadata(root.join(&at)) {
            Ok(m) => m,
            Err(_) => {
                found = None;
                break;
            }
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            return Err(Refusal::Link { at });
        }
        match classify(&ft) {
            Ok(e) => found = Some(e),
            Err(what) => return Err(Refusal::Special { what }),
        }
    }
    Ok(found)
}

/// Open `root/rel` for reading: a regular file reached through real folders only.
fn open(root: &Path, rel: &Path) -> std::io::Result<Result<File, Refusal>> {
    match inspect(root, rel) {
        Err(r) => return Ok(Err(r)),
        Ok(None) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not found",
            ));
        }
        Ok(Some(Entry::Folder)) => {
            return Ok(Err(Refusal::Special { what: "folder" }));
        }
        Ok(Some(Entry::File)) => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Refuse a link swapped in since `inspect`, and never wait on a pipe.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(root.join(rel)) {
        Ok(f) => f,
        // ELOOP: the last part became a link after `inspect`.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Ok(Err(Refusal::Link {
                at: rel.to_path_buf(),
            }));
        }
        Err(e) => return Err(e),
    };
    let ft = file.metadata()?.file_type();
    if !ft.is_file() {
        return Ok(Err(Refusal::Special {
            what: special_name(&ft),
        }));
    }
    Ok(Ok(file))
}

fn read_error(rel: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::file(
        rel,
        format!("อ่านไฟล์ไม่ได้ ({e})"),
        format!("cannot read the file ({e})"),
        "ตรวจว่าไฟล์ยังอยู่และอ่านได้ / check that the file exists and is readable",
    )
}

/// `root/rel` opened through the gate, with its size; a refusal or an I/O error as a diagnostic.
fn opened(root: &Path, rel: &Path) -> Result<(File, u64), Diagnostic> {
    let file = match open(root, rel) {
        Ok(Ok(f)) => f,
        Ok(Err(refusal)) => return Err(refusal.diagnostic(rel)),
        Err(e) => return Err(read_error(rel, e)),
    };
    let size = file.metadata().map_err(|e| read_error(rel, e))?.len();
    Ok((file, size))
}

/// The bytes of `root/rel`, at most `limit` of them (a larger file is refused).
pub fn read(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let (file, size) = opened(root, rel)?;
    let too_large = |size| Refusal::TooLarge { size, limit }.diagnostic(rel);
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take`: a file that grows while read is still held to the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(rel, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Up to `n` first bytes of `root/rel` and the file's size (for sniffing a type without reading
/// a large file whole).
pub fn head(root: &Path, rel: &Path, n: usize) -> Result<(Vec<u8>, u64), Diagnostic> {
    let (file, size) = opened(root, rel)?;
    let mut bytes = Vec::with_capacity(n.min(size as usize));
    file.take(n as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(rel, e))?;
    Ok((bytes, size))
}

/// Copy `root/rel` to `dest` (outside the site, in the output) as it is read, without holding
/// it in memory; the bytes copied.
pub fn copy_to(root: &Path, rel: &Path, dest: &Path) -> Result<u64, Diagnostic> {
    let (mut file, _) = opened(root, rel)?;
    let write_error = |e: std::io::Error| {
        Diagnostic::file(
            dest,
            format!("เขียนไฟล์ไม่ได้ ({e})"),
            format!("cannot write the file ({e})"),
            "ตรวจพื้นที่ว่างของดิสก์และสิทธิ์การเขียนโฟลเดอร์ / check free disk space and write permission",
        )
    };
    let mut out = File::create(dest).map_err(write_error)?;
    std::io::copy(&mut file, &mut out).map_err(|e| read_error(rel, e))
}

/// Every regular file under `root/dir` (relative to the root, sorted), skipping names for
/// which `ignored` is true (hidden files, editors' scratch files) and the folders so named.
/// A link or a special file anywhere is an error, and is not listed; so is a linked `dir`.
/// A missing `dir` is an empty list.
pub fn walk(
    root: &Path,
    dir: &Path,
    ignored: &dyn Fn(&str) -> bool,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    match inspect(root, dir) {
        Ok(Some(Entry::Folder)) => {}
        Ok(None) => return (files, diags),
        Ok(Some(Entry::File)) => {
            diags.push(Refusal::Special { what: "file" }.diagnostic(dir));
            return (files, diags);
        }
        Err(r) => {
            diags.push(r.diagnostic(dir));
            return (files, diags);
        }
    }
    let walker = walkdir::WalkDir::new(root.join(dir))
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                diags.push(Diagnostic::file(
                    &path,
                    format!("อ่านโฟลเดอร์ไม่ได้ ({e})"),
                    format!("cannot read this folder ({e})"),
                    "ตรวจสิทธิ์การเข้าถึงไฟล์ / check the file permissions",
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match classify(&entry.file_type()) {
            Ok(Entry::Folder) => {}
            Ok(Entry::File) => files.push(rel),
            Err(_) if entry.file_type().is_symlink() => {
                diags.push(Refusal::Link { at: rel.clone() }.diagnostic(&rel));
            }
            Err(what) => diags.push(Refusal::Special { what }.diagnostic(&rel)),
        }
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content/news")).unwrap();
        std::fs::write(d.path().join("content/news/a.md"), "a").unwrap();
        d
    }

    #[test]
    fn reads_regular_files_only() {
        let d = site();
        let r = d.path();
        assert_eq!(read(r, Path::new("content/news/a.md"), 10).unwrap(), b"a");
        assert!(read(r, Path::new("content/news/b.md"), 10).is_err());
        assert!(read(r, Path::new("content/news"), 10).is_err());
        assert!(read(r, Path::new("../x"), 10).is_err());
        let big = read(r, Path::new("content/news/a.md"), 0).unwrap_err();
        assert!(big.en.contains("too large"), "{big:?}");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_and_pipes_anywhere_on_the_way() {
        let d = site();
        let r = d.path();
        std::fs::write(r.join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(r.join("secret"), r.join("content/news/l.md")).unwrap();
        std::os::unix::fs::symlink(r.join("content/news"), r.join("content/pages")).unwrap();
        let e = read(r, Path::new("content/news/l.md"), 10).unwrap_err();
        assert!(e.en.contains("symbolic link"), "{e:?}");
        let e = read(r, Path::new("content/pages/a.md"), 10).unwrap_err();
        assert!(e.en.contains("folder content/pages"), "{e:?}");
        let fifo = r.join("content/news/p.md");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = read(r, Path::new("content/news/p.md"), 10).unwrap_err();
        assert!(e.en.contains("named pipe"), "{e:?}");
        let (files, diags) = walk(r, Path::new("content"), &|n| n.starts_with('.'));
        assert_eq!(files, vec![PathBuf::from("content/news/a.md")]);
        assert_eq!(diags.len(), 3, "{diags:?}");
    }
}
