//! Replacing the output: the lock that keeps two builds apart, the swap of the finished folder
//! for the previous one, and the tidying of what a killed build left beside the output.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::io_error;
use crate::error::Diagnostic;

/// The lock that keeps two builds from writing the same output at once: `.<output>.lock` beside
/// the output, created with `create_new` and holding the builder's PID, removed when the build
/// ends (on success or error). A lock whose PID is no longer running (a killed build) is stale
/// and taken over.
pub(super) struct BuildLock {
    path: PathBuf,
}

impl BuildLock {
    pub(super) fn acquire(parent: &Path, name: &str) -> Result<BuildLock, Diagnostic> {
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
    #[cfg(windows)]
    {
        windows_pid_alive(pid)
    }
    #[cfg(not(any(unix, windows)))]
    {
        true
    }
}

/// Windows: a process that can be opened and has not exited. Without this a killed build's lock
/// and `.old-` folder would never be taken over there (the officer would be told another build
/// is running, for ever).
#[cfg(windows)]
fn windows_pid_alive(pid: u32) -> bool {
    use windows_sys::Win32::Foundation::{
        CloseHandle, ERROR_ACCESS_DENIED, GetLastError, STILL_ACTIVE,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    // SAFETY: plain Win32 calls on a handle this function opens and closes; `code` outlives
    // the call that writes it.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle.is_null() {
            // A process of another user that exists; otherwise there is no such process.
            return GetLastError() == ERROR_ACCESS_DENIED;
        }
        let mut code: u32 = 0;
        let ok = GetExitCodeProcess(handle, &mut code);
        CloseHandle(handle);
        ok == 0 || code == STILL_ACTIVE as u32
    }
}

/// Tidy what killed builds left beside the output (run while holding the lock): their
/// `.<output>.tmp-<pid>` and `.<output>.old-<pid>` folders. If a build was killed between the
/// two renames of the fallback swap, the output is missing and its previous version is the
/// `.old-` folder: put it back.
pub(super) fn clean_stale(parent: &Path, name: &str, out: &Path) {
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

/// How the new output takes the place of the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SwapMode {
    /// Linux: one atomic `renameat2(RENAME_EXCHANGE)`, falling back to two renames where the
    /// filesystem refuses it.
    Exchange,
    /// Windows and other systems: rename the old output aside, rename the new one in. A kill
    /// between the two leaves no output, only `.<output>.old-<pid>`, which the next build puts
    /// back (`clean_stale`).
    TwoRenames {
        /// Test seam only: wait (at most a minute) between the two renames, so that a test can
        /// kill the build exactly there.
        pause: bool,
    },
}

/// The swap this system uses. `PRONGSAI_SWAP=rename` (or `rename-pause`) forces the two-rename
/// path on Linux, so tests/it/faults.rs runs the Windows code path here.
fn swap_mode() -> SwapMode {
    match std::env::var("PRONGSAI_SWAP").as_deref() {
        Ok("rename") => SwapMode::TwoRenames { pause: false },
        Ok("rename-pause") => SwapMode::TwoRenames { pause: true },
        _ if cfg!(target_os = "linux") => SwapMode::Exchange,
        _ => SwapMode::TwoRenames { pause: false },
    }
}

/// Put `tmp` in place of `out`: rename the old one away, rename the new one in, delete the old.
pub(super) fn swap(tmp: &Path, out: &Path, laps: &crate::cputime::Laps) -> Result<(), Diagnostic> {
    let mode = swap_mode();
    #[cfg(target_os = "linux")]
    if mode == SwapMode::Exchange && out.is_dir() && exchange(tmp, out).is_ok() {
        // One atomic step: there is no moment without a complete output. `tmp` now holds the
        // previous output.
        laps.lap("swap");
        remove_tree(tmp);
        laps.lap("delete the previous output");
        return Ok(());
    }
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
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
    if mode == (SwapMode::TwoRenames { pause: true }) {
        std::thread::sleep(std::time::Duration::from_secs(60));
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
    laps.lap("swap");
    if had_old {
        remove_tree(&old);
        laps.lap("delete the previous output");
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

    /// A PID that is not running: a child that has exited.
    fn dead_pid() -> u32 {
        let mut c = std::process::Command::new("true")
            .spawn()
            .expect("spawn true");
        let pid = c.id();
        c.wait().expect("wait");
        pid
    }

    #[test]
    fn a_previous_output_left_between_the_two_renames_is_put_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (parent, out) = (dir.path(), dir.path().join("public"));
        let pid = dead_pid();
        let old = parent.join(format!(".public.old-{pid}"));
        let tmp = parent.join(format!(".public.tmp-{pid}"));
        std::fs::create_dir_all(old.join("news")).expect("mkdir");
        std::fs::write(old.join("news/index.html"), "previous").expect("write");
        std::fs::create_dir_all(&tmp).expect("mkdir");
        clean_stale(parent, "public", &out);
        assert_eq!(
            std::fs::read_to_string(out.join("news/index.html")).expect("put back"),
            "previous"
        );
        assert!(!old.exists() && !tmp.exists());
    }

    #[test]
    fn with_an_output_in_place_a_stale_old_folder_is_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (parent, out) = (dir.path(), dir.path().join("public"));
        std::fs::create_dir_all(&out).expect("mkdir");
        std::fs::write(out.join("index.html"), "current").expect("write");
        let old = parent.join(format!(".public.old-{}", dead_pid()));
        std::fs::create_dir_all(&old).expect("mkdir");
        clean_stale(parent, "public", &out);
        assert!(!old.exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("read"),
            "current"
        );
    }
}
