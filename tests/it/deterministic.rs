//! The build's output does not depend on how many threads made it: the demo site and a paged
//! 300-record site built on one thread (`RAYON_NUM_THREADS=1`) and on all give the same bytes.

use crate::common;

use common::*;
use std::path::Path;
use std::process::Command;

fn build_with_threads(root: &Path, out: &Path, threads: Option<&str>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    cmd.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out);
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let run = cmd.output().expect("run prongsai build");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn same_on_one_and_all_threads(root: &Path) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (one, all) = (tmp.path().join("one"), tmp.path().join("all"));
    build_with_threads(root, &one, Some("1"));
    build_with_threads(root, &all, None);
    let (a, b) = (snapshot(&one), snapshot(&all));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &a {
        assert!(
            b.get(path) == Some(bytes),
            "{} differs between 1 thread and all",
            path.display()
        );
    }
}

#[test]
fn demo_site_is_the_same_on_one_thread_and_all() {
    let demo = demo();
    same_on_one_and_all_threads(demo.path());
}

#[test]
fn a_paged_site_is_the_same_on_one_thread_and_all() {
    let dir = site(&[]);
    for i in 0..300u32 {
        let kind = ["news", "announcements", "reports"][(i % 3) as usize];
        let extra = match kind {
            "announcements" => "category = \"general\"\n",
            "reports" => "report_type = \"other\"\n",
            _ => "",
        };
        write(
            &dir.path().join(format!("content/{kind}/r{i:03}.md")),
            format!(
                "+++\ntitle = \"เรื่องที่ {i} การจัดซื้อจัดจ้าง\"\ndate = 2024-{:02}-{:02}\n{extra}+++\nเนื้อหาภาษาไทย {i}\n",
                1 + i % 12,
                1 + i % 28
            ),
        );
    }
    same_on_one_and_all_threads(dir.path());
}
