//! The output under faults: a build killed with `kill -9` at random moments leaves the previous
//! `public/` complete and unchanged (or, killed after its swap, the complete new one); two builds
//! at once do not corrupt each other (a lock with a clear message). A read-only output folder and
//! a full disk: tests/it/faults_disk.rs.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::faults::*;
use common::*;

/// Records of the generated site (bench/gen_corpus.py): large enough that a build takes seconds.
const RECORDS: usize = 2000;
/// How many times a build is killed.
const KILLS: usize = 12;

/// A generated site of `n` records in a fresh folder.
fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .arg(n.to_string())
        .arg(dir.path())
        .stdout(Stdio::null())
        .status()
        .expect("python3 bench/gen_corpus.py");
    assert!(status.success());
    dir
}

/// A small xorshift generator seeded from the clock (the seed is printed, to replay a failure).
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("FAULTS_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        eprintln!("faults: FAULTS_SEED={seed}");
        Rng(seed)
    }

    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn kill_9_at_random_moments_never_leaves_a_broken_output() {
    kill_9_at_random_moments("exchange");
}

/// The same with the swap of Windows (two renames, `PRONGSAI_SWAP=rename`): a kill between the
/// renames leaves no `public/` but its previous version beside it, which the next build puts
/// back (tests/it/windows.rs kills a build exactly there).
#[test]
fn kill_9_at_random_moments_with_the_two_rename_swap_of_windows() {
    kill_9_at_random_moments("rename");
}

/// `swap`: the value of `PRONGSAI_SWAP` for every build of the test (src/output/swap.rs).
fn kill_9_at_random_moments(swap: &str) {
    let build = |root: &Path| {
        Run::from(
            prongsai()
                .args(["build", "--root", s(root)])
                .env("PRONGSAI_SWAP", swap)
                .output()
                .expect("run prongsai"),
        )
    };
    let site = corpus(RECORDS);
    let root = site.path();
    let public = root.join("public");

    // The previous site, and how long a build takes.
    let t0 = Instant::now();
    let r = build(root);
    r.expect(0);
    let full = t0.elapsed();
    let old = digest(&public);
    assert!(old.len() > RECORDS, "{} files", old.len());

    // The other version of the site: one record edited, built elsewhere to compare with.
    let (path, original) = a_news_record(root);
    let edited = format!("{original}\n\nแก้ไขหลังการทดสอบ\n");
    write(&path, &edited);
    let expected_dir = tempfile::tempdir().expect("tempdir");
    let expected_out = expected_dir.path().join("out");
    run(&["build", "--root", s(root), "--output", s(&expected_out)]).expect(0);
    let new = digest(&expected_out);
    assert_ne!(old, new, "the edit changes the output");
    // Versions: (record text, output digest). `public/` holds `current`; the content is `target`.
    let versions = [(original, old), (edited, new)];
    let (mut current, mut target) = (0, 1);

    let mut rng = Rng::new();
    let (mut before_write, mut mid_write, mut swapped, mut between) = (0, 0, 0, 0);
    let mut points = Vec::new();
    for i in 0..KILLS {
        // Spread over the whole build, from reading the records to the swap and the removal of
        // the previous output (a little past the measured time, as builds vary).
        let frac = (i as f64 + rng.unit()) / KILLS as f64;
        let at = full.mul_f64(0.02 + 1.03 * frac);
        let mut child = prongsai()
            .args(["build", "--root", s(root)])
            .env("PRONGSAI_SWAP", swap)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let pid = child.id();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let writing = root.join(format!(".public.tmp-{pid}")).exists();
        let now = digest(&public);
        let phase = if swap == "rename" && !public.exists() {
            // Killed between the two renames (this build, or an earlier one whose output no
            // build has put back yet): the previous output is whole beside it, the only
            // `.public.old-…`, and the next build that gets as far as its lock puts it back.
            let olds: Vec<String> = leftovers(root)
                .into_iter()
                .filter(|n| n.starts_with(".public.old-"))
                .collect();
            assert_eq!(olds.len(), 1, "kill {i}: no public/, beside it {olds:?}");
            assert_eq!(
                digest(&root.join(&olds[0])),
                versions[current].1,
                "kill {i}: {} is the previous output, whole",
                olds[0]
            );
            between += 1;
            "between the renames"
        } else if now == versions[target].1 {
            swapped += 1;
            // The build got through; build the other version next.
            std::mem::swap(&mut current, &mut target);
            write(&path, &versions[target].0);
            "after the swap"
        } else {
            assert!(
                now == versions[current].1,
                "kill {i} at {at:?}: public/ is neither the previous site nor the new one \
                 ({} files, previous {}, new {}); beside it: {:?}",
                now.len(),
                versions[current].1.len(),
                versions[target].1.len(),
                leftovers(root)
            );
            if writing {
                mid_write += 1;
                "while writing"
            } else {
                before_write += 1;
                "before writing"
            }
        };
        points.push(format!("{:.2}s {phase}", at.as_secs_f64()));
    }
    eprintln!(
        "faults ({swap}): {KILLS} kill points (a build takes {:.2}s): {before_write} before \
         writing, {mid_write} while writing, {between} between the renames, {swapped} after the \
         swap: {points:?}",
        full.as_secs_f64()
    );
    assert!(
        mid_write > 0,
        "no kill landed while the output was being written"
    );

    // A build after all that recovers by itself: stale lock and temporary folders are cleared.
    build(root).expect(0);
    assert_eq!(
        digest(&public),
        versions[target].1,
        "the next build writes the site of the content"
    );
    assert_eq!(
        leftovers(root),
        Vec::<String>::new(),
        "nothing left beside the output"
    );
}

/// Wait until `path` exists (or give up after `limit`).
fn wait_for(path: &Path, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if path.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn a_second_build_during_a_build_is_refused_with_a_clear_message() {
    let site = corpus(RECORDS);
    let root = site.path();
    let public = root.join("public");
    let lock = root.join(".public.lock");

    let expected_dir = tempfile::tempdir().expect("tempdir");
    let expected_out = expected_dir.path().join("out");
    run(&["build", "--root", s(root), "--output", s(&expected_out)]).expect(0);
    let expected = digest(&expected_out);

    // A small site that writes into the same output reaches the lock while the big build holds it.
    let small = common::site(&[(
        "content/news/a.md",
        "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\n+++\nก\n",
    )]);
    let first = prongsai()
        .args(["build", "--root", s(root)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    assert!(
        wait_for(&lock, Duration::from_secs(120)),
        "the build takes its lock"
    );
    // The PID is written right after the lock is created.
    let mut pid = String::new();
    for _ in 0..200 {
        pid = std::fs::read_to_string(&lock).unwrap_or_default();
        if pid.ends_with('\n') {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        pid.trim(),
        first.id().to_string(),
        "the lock names its build"
    );
    let second = run(&["build", "--root", s(small.path()), "--output", s(&public)]);
    let first_out = first.wait_with_output().expect("wait");
    let first_err = String::from_utf8_lossy(&first_out.stderr);
    assert!(first_out.status.success(), "{first_err}");
    second.expect(1);
    assert!(
        second.stderr.contains("another build is running"),
        "{}",
        second.all()
    );
    assert!(
        second.stderr.contains(".public.lock"),
        "the message names the lock: {}",
        second.all()
    );
    assert_eq!(digest(&public), expected, "the first build's site, whole");
    assert!(!lock.exists(), "the lock is gone after the build");
    assert_eq!(leftovers(root), Vec::<String>::new());
}

#[test]
fn builds_started_together_never_corrupt_the_output() {
    let site = common::demo();
    let root = site.path();
    build(root).expect(0);
    let expected = digest(&root.join("public"));
    for round in 0..4 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                prongsai()
                    .args(["build", "--root", s(root)])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let mut ok = 0;
        for c in children {
            let out = c.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{err}");
            match out.status.code() {
                Some(0) => ok += 1,
                Some(1) => assert!(err.contains("another build is running"), "{err}"),
                other => panic!("round {round}: exit {other:?}: {err}"),
            }
        }
        assert!(ok >= 1, "round {round}: some build succeeds");
        assert_eq!(digest(&root.join("public")), expected, "round {round}");
        assert_eq!(leftovers(root), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn stale_and_live_locks() {
    let site = common::site(&[(
        "content/news/a.md",
        "+++\ntitle = \"ข่าว\"\ndate = 2024-10-01\n+++\nก\n",
    )]);
    let root = site.path();
    let lock = root.join(".public.lock");

    // The lock of a build that was killed (its PID is gone) is taken over.
    let mut dead = Command::new("true").spawn().expect("spawn true");
    let dead_pid = dead.id();
    dead.wait().expect("wait");
    write(&lock, format!("{dead_pid}\n"));
    build(root).expect(0);
    assert!(!lock.exists());

    // A garbled lock that has been there for a while is stale too.
    write(&lock, "garbage");
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock)
        .expect("open lock");
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(600))
        .expect("set mtime");
    drop(f);
    build(root).expect(0);
    assert!(!lock.exists());

    // The lock of a running process (this test) is respected, and left alone.
    let before = digest(&root.join("public"));
    write(&lock, format!("{}\n", std::process::id()));
    write(
        &root.join("content/news/a.md"),
        "+++\ntitle = \"ข่าวใหม่\"\ndate = 2024-10-01\n+++\nข\n",
    );
    let r = build(root);
    r.expect(1);
    assert!(r.stderr.contains("another build is running"), "{}", r.all());
    assert!(
        r.stderr.contains(&std::process::id().to_string()),
        "{}",
        r.all()
    );
    assert_eq!(digest(&root.join("public")), before);
    assert_eq!(read(&lock).trim(), std::process::id().to_string());
    std::fs::remove_file(&lock).expect("rm lock");
    build(root).expect(0);
}
