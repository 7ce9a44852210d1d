//! The output under disk faults: a read-only output folder (for root and for an ordinary user)
//! and a full disk are clear errors that leave the old output as it was; an output reached
//! through a link into `content/` is refused. Kills and concurrent builds: tests/it/faults.rs.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::faults::*;
use common::*;

/// Makes a folder unwritable for this test (chmod for a normal user; `chattr +i` for root,
/// whom permissions do not stop), and writable again when dropped.
struct ReadOnly {
    path: PathBuf,
    immutable: bool,
}

impl ReadOnly {
    /// `None` when this machine cannot make a folder read-only for this user.
    fn new(path: &Path) -> Option<ReadOnly> {
        if is_root() {
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            ok.then(|| ReadOnly {
                path: path.to_path_buf(),
                immutable: true,
            })
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).ok()?;
            Some(ReadOnly {
                path: path.to_path_buf(),
                immutable: false,
            })
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_output_is_a_clear_error_and_stays_as_it_was() {
    // The output folder itself cannot be replaced.
    let site = small_site();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let before = digest(&public);
    edit_a_record(root, "ro");
    {
        let Some(_ro) = ReadOnly::new(&public) else {
            eprintln!("faults: cannot make a folder read-only here; skipped");
            return;
        };
        let r = build(root);
        r.expect(1);
        assert!(r.stderr.contains("public"), "{}", r.all());
        assert!(r.stderr.contains("hint"), "{}", r.all());
        assert_eq!(digest(&public), before);
    }
    assert_eq!(
        leftovers(root),
        Vec::<String>::new(),
        "no half-written site left"
    );
    build(root).expect(0);
    assert_ne!(
        digest(&public),
        before,
        "writable again: the build goes through"
    );

    // The folder that holds the output cannot be written (no lock, no temporary folder).
    let outer = tempfile::tempdir().expect("tempdir");
    let parent = outer.path().join("www");
    let out = parent.join("public");
    run(&["build", "--root", s(root), "--output", s(&out)]).expect(0);
    let before = digest(&out);
    edit_a_record(root, "ro-parent");
    {
        let Some(_ro) = ReadOnly::new(&parent) else {
            return;
        };
        let r = run(&["build", "--root", s(root), "--output", s(&out)]);
        r.expect(1);
        assert!(r.stderr.contains("www"), "{}", r.all());
        assert_eq!(digest(&out), before);
    }
    let names: Vec<_> = std::fs::read_dir(&parent)
        .expect("read")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["public"], "nothing else in the folder");
}

/// A full disk, simulated safely: the build runs with a file-size limit (`ulimit -f`, with
/// SIGXFSZ ignored), so its writes fail part-way the way they fail on a full disk (EFBIG instead
/// of ENOSPC). A real full disk needs a small filesystem of its own, which needs root to mount.
#[test]
fn a_full_disk_is_a_clear_error_and_leaves_the_old_output() {
    let site = common::demo();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let before = digest(&public);
    edit_a_record(root, "full");
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" build --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_prongsai"))
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("File too large") || err.contains("os error 27"),
        "the write error is reported: {err}"
    );
    assert!(err.contains("disk"), "the hint names the disk: {err}");
    assert_eq!(digest(&public), before, "the old output is untouched");
    assert_eq!(
        leftovers(root),
        Vec::<String>::new(),
        "no half-written site left"
    );
}

/// Run the binary as an ordinary user: as root (CI), as `nobody` through `setpriv`, since
/// permissions do not hold for root.
fn as_user(args: &[&str]) -> Run {
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_prongsai"));
        c
    } else {
        prongsai()
    };
    Run::from(
        c.args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run prongsai"),
    )
}

#[cfg(unix)]
#[test]
fn a_read_only_output_for_an_ordinary_user_fails_and_leaves_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    let present = !is_root()
        || Command::new("setpriv")
            .arg("--help")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !tools_present(
        "read-only output",
        if present {
            &[]
        } else {
            &["setpriv (util-linux)"]
        },
    ) {
        return;
    }
    let site = small_site();
    let root = site.path();
    let everyone = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    if is_root() {
        // The ordinary user owns the site (and the temporary folder lets it in).
        everyone(root, 0o777);
        for e in walkdir::WalkDir::new(root).into_iter().flatten() {
            std::os::unix::fs::chown(e.path(), Some(65534), Some(65534)).expect("chown");
        }
    }
    as_user(&["build", "--root", s(root)]).expect(0);
    let public = root.join("public");
    let before = digest(&public);
    edit_a_record(root, "read-only");
    for ro in [public.clone(), public.join("news")] {
        everyone(&ro, 0o555);
        let r = as_user(&["build", "--root", s(root)]);
        everyone(&ro, 0o755);
        assert_eq!(r.code, Some(1), "{}", r.all());
        assert!(r.stderr.contains("read-only"), "{}", r.all());
        assert!(
            r.stderr.contains("chmod"),
            "the hint says how to fix it: {}",
            r.all()
        );
        assert_eq!(digest(&public), before, "the previous output stays");
        assert_eq!(leftovers(root), Vec::<String>::new(), "nothing left behind");
    }
    as_user(&["build", "--root", s(root)]).expect(0);
    assert_ne!(
        digest(&public),
        before,
        "writable again: the build goes through"
    );
}

#[cfg(unix)]
#[test]
fn an_output_reached_through_a_link_into_content_is_refused() {
    let site = small_site();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/files")).expect("mkdir");
    let outer = tempfile::tempdir().expect("tempdir");
    let link = outer.path().join("link");
    std::os::unix::fs::symlink(root.join("content/files"), &link).expect("symlink");
    let out = link.join("out");
    let r = run(&["build", "--root", s(root), "--output", s(&out)]);
    assert_ne!(r.code, Some(0), "{}", r.all());
    assert!(
        r.stderr.contains("replace the site's own files"),
        "{}",
        r.all()
    );
    assert!(
        !root.join("content/files/out").exists(),
        "nothing written into content/"
    );
}
