//! What a Windows PC does differently, tested on Linux by forcing the same code path: the output
//! swap with two renames (no `renameat2` there) and its recovery after a kill between them.
//! Paths and reserved names: tests/windows_names.rs.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn small_site() -> tempfile::TempDir {
    common::site(&[
        (
            "content/news/a.md",
            "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\n+++\nก\n",
        ),
        (
            "content/news/b.md",
            "+++\ntitle = \"ข่าวสอง\"\ndate = 2024-11-01\n+++\nข\n",
        ),
    ])
}

/// `prongsai build --root <root>` with `PRONGSAI_SWAP=<swap>` (src/output/swap.rs).
fn build_with(root: &Path, swap: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    c.args(["build", "--root", s(root)])
        .env("NO_COLOR", "1")
        .env("PRONGSAI_SWAP", swap);
    c
}

fn names_beside(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root)
        .expect("read root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    v.sort();
    v
}

#[test]
fn the_two_rename_swap_replaces_the_output_and_leaves_nothing_beside_it() {
    let site = small_site();
    let root = site.path();
    let first = build_with(root, "rename").output().expect("run");
    assert!(first.status.success(), "{first:?}");
    write(
        &root.join("content/news/a.md"),
        "+++\ntitle = \"ข่าวแก้ไข\"\ndate = 2024-10-01\n+++\nก\n",
    );
    let second = build_with(root, "rename").output().expect("run");
    assert!(second.status.success(), "{second:?}");
    let expected = tempfile::tempdir().expect("tempdir");
    let out = expected.path().join("out");
    run(&["build", "--root", s(root), "--output", s(&out)]).expect(0);
    assert!(snapshot(&root.join("public")) == snapshot(&out));
    assert_eq!(names_beside(root), Vec::<String>::new());
}

#[test]
fn a_build_killed_between_the_two_renames_is_put_back_by_the_next_build() {
    let site = small_site();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let previous = snapshot(&public);
    write(
        &root.join("content/news/a.md"),
        "+++\ntitle = \"ข่าวแก้ไข\"\ndate = 2024-10-01\n+++\nก\n",
    );

    // The build waits between its two renames (`rename-pause`); it is killed right there.
    let mut child = build_with(root, "rename-pause")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let old = root.join(format!(".public.old-{}", child.id()));
    let start = Instant::now();
    while !(old.exists() && !public.exists()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the build never reached its first rename; beside the output: {:?}",
            names_beside(root)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert!(!public.exists(), "killed between the renames: no output");
    assert!(
        snapshot(&old) == previous,
        "the previous output, whole, beside it"
    );

    // The next build (any swap) puts the previous output back first, then replaces it whole.
    let next = build_with(root, "rename").output().expect("run");
    assert!(next.status.success(), "{next:?}");
    let expected = tempfile::tempdir().expect("tempdir");
    let out = expected.path().join("out");
    run(&["build", "--root", s(root), "--output", s(&out)]).expect(0);
    assert!(snapshot(&public) == snapshot(&out), "the new site, whole");
    assert_eq!(names_beside(root), Vec::<String>::new(), "nothing left");
}

#[test]
fn a_failed_build_after_a_kill_between_the_renames_leaves_the_previous_output_in_place() {
    let site = small_site();
    let root = site.path();
    let public = root.join("public");
    build(root).expect(0);
    let previous = snapshot(&public);
    let mut child = build_with(root, "rename-pause")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let old = root.join(format!(".public.old-{}", child.id()));
    let start = Instant::now();
    while !(old.exists() && !public.exists()) {
        assert!(start.elapsed() < Duration::from_secs(60), "no first rename");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    // An attachment that cannot be read makes the next build fail while writing, after it has
    // taken its lock and tidied what the killed build left: the officer still has a site.
    let files = root.join("content/files");
    std::fs::create_dir_all(&files).expect("mkdir");
    std::os::unix::fs::symlink("/nonexistent/แผน.pdf", files.join("แผน.pdf")).expect("symlink");
    let failed = build_with(root, "rename").output().expect("run");
    assert!(!failed.status.success(), "{failed:?}");
    assert!(
        snapshot(&public) == previous,
        "the previous output is back: {:?}",
        files_under(&public)
    );
    assert_eq!(names_beside(root), Vec::<String>::new());
}
