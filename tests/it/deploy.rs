//! `prongsai deploy` against real servers started here on 127.0.0.1 (pure-ftpd for FTP and
//! FTPS, OpenSSH's sshd for SFTP) and a local folder (file://): a first deploy, a one-record
//! edit that uploads only the files it changed, a deletion, a deploy killed half-way and
//! resumed, a wrong password, a read-only host folder, and passwords refused from the site
//! folder. In CI a missing server fails the test (common::tools_present).

use crate::common;
use crate::common::servers;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use servers::{PASSWORD, Server};

/// Where and how a test deploys.
struct Case {
    url: String,
    www: PathBuf,
    env: Vec<(&'static str, String)>,
}

fn deploy_cmd(root: &Path, case: &Case, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    c.arg("deploy")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("PRONGSAI_DEPLOY_PASSWORD")
        .env_remove("PRONGSAI_DEPLOY_CA_FILE")
        .stdin(Stdio::null());
    for (k, v) in &case.env {
        c.env(k, v);
    }
    c
}

fn deploy(root: &Path, case: &Case, args: &[&str]) -> Run {
    Run::from(
        deploy_cmd(root, case, args)
            .output()
            .expect("run prongsai deploy"),
    )
}

/// The demo site with `[deploy] url`, built.
fn site_for(url: &str) -> tempfile::TempDir {
    let site = demo();
    let toml = site.path().join("site.toml");
    write(
        &toml,
        format!("{}\n[deploy]\nurl = \"{url}\"\n", read(&toml)),
    );
    build(site.path()).expect(0);
    site
}

/// Every file of a folder, without upload leftovers (`.*.prongsai-part`).
fn files_of(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().ends_with(".prongsai-part"))
        .collect()
}

/// (inode, mtime) of every file of the host's folder: a rewritten file gets a new inode
/// (every upload is a new file renamed into place).
fn stamps(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(dir.join(&p)).expect("metadata");
            (p, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// "uploaded N files" of the summary line.
fn uploaded(r: &Run) -> usize {
    r.stdout
        .split("uploaded ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary line:\n{}", r.all()))
}

#[track_caller]
fn assert_host_has_the_build(case: &Case, root: &Path) {
    let host = files_of(&case.www);
    let local = files_of(&root.join("public"));
    let host_names: Vec<_> = host.keys().collect();
    let local_names: Vec<_> = local.keys().collect();
    assert_eq!(
        host_names, local_names,
        "the host holds exactly the build's files"
    );
    assert!(host == local, "the host's files have the build's bytes");
}

/// First deploy, nothing to do, a one-record edit, a deletion.
fn first_edit_delete(case: &Case) {
    let site = site_for(&case.url);
    let root = site.path();
    let r = deploy(root, case, &["--yes"]);
    r.expect(0);
    assert_host_has_the_build(case, root);
    let total = files_of(&root.join("public")).len();
    assert_eq!(uploaded(&r), total, "{}", r.all());

    let r = deploy(root, case, &["--yes"]);
    r.expect(0);
    assert!(r.stdout.contains("up to date"), "{}", r.all());

    // One record edited: only the files the build changed are sent.
    let before = stamps(&case.www);
    let (record, _) = common::faults::a_news_record(root);
    write(&record, format!("{}\n\nแก้ไขหนึ่งบรรทัด\n", read(&record)));
    let r = deploy(root, case, &["--yes"]);
    r.expect(0);
    assert!(r.stdout.contains("building first"), "{}", r.all());
    let after = stamps(&case.www);
    let rewritten = after
        .iter()
        .filter(|(p, s)| before.get(*p) != Some(s))
        .count();
    let n = uploaded(&r);
    assert_eq!(
        rewritten,
        n,
        "the host's files rewritten are those reported\n{}",
        r.all()
    );
    assert!(
        n > 1 && n * 4 < total,
        "a one-record edit sends few files: {n} of {total}"
    );
    assert_host_has_the_build(case, root);

    // A record deleted: its page goes from the host, after the rest is uploaded.
    let page_dir = {
        std::fs::remove_file(&record).expect("rm record");
        build(root).expect(0);
        let local = files_of(&root.join("public"));
        before
            .keys()
            .find(|p| !local.contains_key(*p) && p.to_string_lossy().starts_with("news/"))
            .cloned()
            .expect("a page of the deleted record")
    };
    let r = deploy(root, case, &["--yes"]);
    r.expect(0);
    assert!(r.stdout.contains("deleted 1"), "{}", r.all());
    assert!(
        !case.www.join(&page_dir).exists(),
        "{} deleted",
        page_dir.display()
    );
    assert_host_has_the_build(case, root);
}

/// A deploy killed with SIGKILL half-way: each file on the host is whole (old or new bytes)
/// and the host's manifest is still the old one; the next deploy resumes and completes.
fn killed_and_resumed(case: &Case) {
    let site = site_for(&case.url);
    let root = site.path();
    deploy(root, case, &["--yes"]).expect(0);
    let old = files_of(&case.www);
    // A new site title: every page changes.
    let toml = root.join("site.toml");
    write(
        &toml,
        read(&toml).replacen("title = \"", "title = \"(ใหม่) ", 1),
    );
    build(root).expect(0);
    let new = files_of(&root.join("public"));
    let changed = new.iter().filter(|(p, b)| old.get(*p) != Some(b)).count();
    assert!(changed > 100, "{changed} files change");

    let journal = root.join(".public.deploy-journal");
    let mut child = deploy_cmd(root, case, &["--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn deploy");
    let start = Instant::now();
    loop {
        let lines = std::fs::read_to_string(&journal).map_or(0, |t| t.lines().count());
        if lines > 30 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the deploy makes no progress"
        );
        assert!(
            child.try_wait().ok().flatten().is_none(),
            "the deploy ended before the kill"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    let mid = files_of(&case.www);
    for (p, bytes) in &mid {
        assert!(
            old.get(p) == Some(bytes) || new.get(p) == Some(bytes),
            "{} is neither the old nor the new file",
            p.display()
        );
    }
    assert_eq!(
        mid.get(Path::new("checksums.json")),
        old.get(Path::new("checksums.json")),
        "the manifest is uploaded last"
    );
    let sent_before = mid.iter().filter(|(p, b)| old.get(*p) != Some(b)).count();
    assert!(
        sent_before > 0 && sent_before < changed,
        "killed half-way: {sent_before} of {changed}"
    );

    let r = deploy(root, case, &["--yes"]);
    r.expect(0);
    assert!(r.stdout.contains("resuming"), "{}", r.all());
    assert!(
        uploaded(&r) <= changed + 1 - sent_before + 1,
        "{} sent again\n{}",
        uploaded(&r),
        r.all()
    );
    assert_host_has_the_build(case, root);
    assert!(!journal.exists(), "a complete deploy removes its journal");
}

/// A host folder that cannot be written: a clear error naming the file, nothing half-done.
fn read_only_host(
    case: &Case,
    make_read_only: impl FnOnce(&Path) -> Option<Box<dyn std::any::Any>>,
) {
    let site = site_for(&case.url);
    let root = site.path();
    let Some(_guard) = make_read_only(&case.www) else {
        eprintln!(
            "deploy: cannot make {} read-only here; skipped",
            case.www.display()
        );
        return;
    };
    let r = deploy(root, case, &["--yes"]);
    r.expect(1);
    assert!(r.stderr.contains("permission denied"), "{}", r.all());
    assert!(r.stderr.contains("สิทธิ์"), "{}", r.all());
    assert!(
        r.stderr.contains("check the folder in [deploy] url"),
        "the hint of a permission problem: {}",
        r.all()
    );
    // The message names what could not be written: a file of the build or one of its folders.
    let named = files_of(&root.join("public")).into_keys().any(|p| {
        p.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| r.stderr.contains(&*a.to_string_lossy()))
    });
    assert!(named, "names the file: {}", r.all());
}

fn ftp_case(server: &Server, scheme: &str) -> Case {
    Case {
        url: format!(
            "{scheme}://{}@127.0.0.1:{}/",
            servers::FTP_USER,
            server.port
        ),
        www: server.www.clone(),
        env: vec![
            ("PRONGSAI_DEPLOY_PASSWORD", PASSWORD.to_string()),
            (
                "PRONGSAI_DEPLOY_CA_FILE",
                servers::ftps_ca(server).display().to_string(),
            ),
        ],
    }
}

fn sftp_case(server: &Server) -> Case {
    Case {
        url: format!(
            "sftp://{}@127.0.0.1:{}{}",
            servers::user_name(),
            server.port,
            server.www.display()
        ),
        www: server.www.clone(),
        env: vec![
            ("PRONGSAI_DEPLOY_PASSWORD", PASSWORD.to_string()),
            ("HOME", server.home.display().to_string()),
        ],
    }
}

fn ftp_ready(test: &str) -> bool {
    let missing = servers::missing(&["pure-ftpd", "pure-pw", "openssl"]);
    if !tools_present(test, &missing) {
        return false;
    }
    // pure-ftpd switches to its virtual user's uid: only root can start it so.
    tools_present(
        test,
        if servers::is_root() {
            &[]
        } else {
            &["root (for pure-ftpd)"]
        },
    )
}

fn sftp_ready(test: &str) -> bool {
    tools_present(test, &servers::missing(&["sshd", "ssh-keygen"]))
}

#[test]
fn ftp_first_deploy_one_record_edit_and_deletion() {
    if !ftp_ready("ftp_first_deploy_one_record_edit_and_deletion") {
        return;
    }
    let server = servers::pure_ftpd();
    first_edit_delete(&ftp_case(&server, "ftp"));
}

#[test]
fn ftps_first_deploy_one_record_edit_and_deletion() {
    if !ftp_ready("ftps_first_deploy_one_record_edit_and_deletion") {
        return;
    }
    let server = servers::pure_ftpd();
    // A certificate this machine does not trust is refused before the password is sent.
    let mut untrusted = ftp_case(&server, "ftps");
    untrusted
        .env
        .retain(|(k, _)| *k != "PRONGSAI_DEPLOY_CA_FILE");
    let site = site_for(&untrusted.url);
    let r = deploy(site.path(), &untrusted, &["--yes"]);
    r.expect(1);
    assert!(r.stderr.contains("identity"), "{}", r.all());
    assert!(r.stderr.contains("PRONGSAI_DEPLOY_CA_FILE"), "{}", r.all());
    drop(site);
    first_edit_delete(&ftp_case(&server, "ftps"));
}

#[test]
fn ftp_deploy_killed_half_way_resumes() {
    if !ftp_ready("ftp_deploy_killed_half_way_resumes") {
        return;
    }
    let server = servers::pure_ftpd();
    killed_and_resumed(&ftp_case(&server, "ftp"));
}

#[test]
fn ftp_wrong_password_and_read_only_folder() {
    if !ftp_ready("ftp_wrong_password_and_read_only_folder") {
        return;
    }
    let server = servers::pure_ftpd();
    let mut case = ftp_case(&server, "ftp");
    case.env[0].1 = "ผิด".into();
    let site = site_for(&case.url);
    let r = deploy(site.path(), &case, &["--yes"]);
    r.expect(1);
    assert!(r.stderr.contains("login refused"), "{}", r.all());
    assert!(r.stderr.contains("โฮสต์ไม่ยอมให้เข้าสู่ระบบ"), "{}", r.all());
    assert!(r.stderr.contains("PRONGSAI_DEPLOY_PASSWORD"), "{}", r.all());
    assert!(files_of(&server.www).is_empty(), "nothing sent");
    drop(site);

    // The FTP user is `nobody`, whom a folder's permissions stop.
    let case = ftp_case(&server, "ftp");
    read_only_host(&case, |www| {
        servers::chmod(www, 0o555);
        Some(Box::new(()))
    });
    assert!(files_of(&server.www).is_empty());
}

#[test]
fn sftp_first_deploy_one_record_edit_and_deletion() {
    if !sftp_ready("sftp_first_deploy_one_record_edit_and_deletion") {
        return;
    }
    let server = servers::sshd();
    first_edit_delete(&sftp_case(&server));
}

#[test]
fn sftp_deploy_killed_half_way_resumes() {
    if !sftp_ready("sftp_deploy_killed_half_way_resumes") {
        return;
    }
    let server = servers::sshd();
    killed_and_resumed(&sftp_case(&server));
}

#[test]
fn sftp_wrong_passphrase_unknown_host_and_read_only_folder() {
    if !sftp_ready("sftp_wrong_passphrase_unknown_host_and_read_only_folder") {
        return;
    }
    let server = servers::sshd();
    let mut case = sftp_case(&server);
    case.env[0].1 = "ผิด".into();
    let site = site_for(&case.url);
    let r = deploy(site.path(), &case, &["--yes"]);
    r.expect(1);
    assert!(r.stderr.contains("login refused"), "{}", r.all());
    assert!(files_of(&server.www).is_empty(), "nothing sent");

    // A host whose key is not in known_hosts is refused, with its fingerprint.
    let case = sftp_case(&server);
    let known = server.home.join(".ssh/known_hosts");
    let kept = read(&known);
    write(&known, "");
    let r = deploy(site.path(), &case, &["--yes"]);
    r.expect(1);
    assert!(r.stderr.contains("identity"), "{}", r.all());
    assert!(r.stderr.contains("SHA256:"), "{}", r.all());
    write(&known, kept);

    read_only_host(&case, |www| {
        servers::Immutable::new(www).map(|g| Box::new(g) as Box<dyn std::any::Any>)
    });
}

fn file_case(dir: &Path) -> Case {
    Case {
        url: format!("file://{}", dir.display()),
        www: dir.to_path_buf(),
        env: Vec::new(),
    }
}

#[test]
fn file_first_deploy_one_record_edit_and_deletion() {
    let host = tempfile::tempdir().expect("tempdir");
    first_edit_delete(&file_case(host.path()));
}

#[test]
fn file_dry_run_sends_nothing_and_read_only_folder_is_an_error() {
    let host = tempfile::tempdir().expect("tempdir");
    let case = file_case(host.path());
    let site = site_for(&case.url);
    let r = deploy(site.path(), &case, &["--dry-run"]);
    r.expect(0);
    assert!(r.stdout.contains("upload index.html"), "{}", r.all());
    assert!(r.stdout.contains("dry run, nothing sent"), "{}", r.all());
    assert!(files_of(host.path()).is_empty());
    // Without --yes and without a terminal to ask, nothing is sent.
    let r = deploy(site.path(), &case, &[]);
    r.expect(2);
    assert!(r.stderr.contains("--yes"), "{}", r.all());
    assert!(files_of(host.path()).is_empty());
    drop(site);
    read_only_host(&case, |www| {
        if servers::is_root() {
            servers::Immutable::new(www).map(|g| Box::new(g) as Box<dyn std::any::Any>)
        } else {
            servers::chmod(www, 0o555);
            Some(Box::new(()))
        }
    });
}

#[test]
fn a_password_stored_in_the_site_folder_is_refused() {
    let host = tempfile::tempdir().expect("tempdir");
    // In the url of site.toml.
    let site = site_for("ftp://officer:secret@127.0.0.1:21/");
    let case = file_case(host.path());
    let r = deploy(site.path(), &case, &["--yes"]);
    r.expect(2);
    assert!(
        r.stderr.contains("password must not be written in the url"),
        "{}",
        r.all()
    );
    assert!(r.stderr.contains("site.toml"), "{}", r.all());
    // In [deploy] of site.toml.
    let toml = site.path().join("site.toml");
    write(
        &toml,
        read(&toml).replace("officer:secret@", "officer@") + "password = \"secret\"\n",
    );
    let r = deploy(site.path(), &case, &["--yes"]);
    r.expect(2);
    assert!(
        r.stderr.contains("must not be stored in site.toml"),
        "{}",
        r.all()
    );
    // In a file of the site folder.
    let site = site_for(&case.url);
    write(
        &site.path().join(".env"),
        "PRONGSAI_DEPLOY_PASSWORD=secret\n",
    );
    let r = deploy(site.path(), &case, &["--yes"]);
    r.expect(2);
    assert!(r.stderr.contains(".env"), "{}", r.all());
    assert!(r.stderr.contains("inside the site folder"), "{}", r.all());
    assert!(files_of(host.path()).is_empty());
}
