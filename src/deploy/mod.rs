//! `prongsai deploy`: publish the last complete build to `[deploy] url` of `site.toml`, sending
//! only new and changed files, in an order that never breaks the public site, deleting removed
//! files last, and resuming an interrupted deploy (docs/deploy.md).
//!
//! Steps: the target and the password (target.rs), a fresh complete build (built first when the
//! content is newer), what the host holds (its `checksums.json`, else a listing), the plan
//! (plan.rs), then uploads, the manifest and deletions, each recorded in the journal
//! (journal.rs) so that a second run continues where the first stopped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::error::{Diagnostic, Diagnostics};
use crate::output::manifest::{MANIFEST, Manifest, sha256_hex};

pub mod journal;
pub mod order;
pub mod plan;
pub mod progress;
pub mod secret;
pub mod target;
pub mod transport;

use journal::Journal;
use plan::{Plan, Remote};
use progress::{Progress, host_error, human};
use secret::{password_from_env_or_prompt, refuse_password_files};
use target::{Scheme, Target};
use transport::{Host, HostError};

/// What `prongsai deploy` was asked.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    pub root: PathBuf,
    pub dry_run: bool,
    pub yes: bool,
}

/// Run `prongsai deploy`; returns the exit status (0 done, 1 failed, 2 usage).
pub fn run(opts: &DeployOptions) -> i32 {
    match deploy(opts) {
        Ok(()) => 0,
        Err((code, diags)) => {
            eprintln!("{diags}");
            code
        }
    }
}

type Failed = (i32, Diagnostics);

fn one(code: i32, d: Diagnostic) -> Failed {
    (code, Diagnostics(vec![d]))
}

fn deploy(opts: &DeployOptions) -> Result<(), Failed> {
    let start = Instant::now();
    let root = &opts.root;
    let config = crate::config::Config::load(root, None).map_err(|d| (1, d))?;
    let target = Target::from_config(root, config.site.deploy.as_ref()).map_err(|d| one(2, d))?;
    refuse_password_files(root).map_err(|d| one(2, d))?;
    if target.scheme == Scheme::Ftp {
        eprintln!(
            "คำเตือน: ftp:// ส่งรหัสผ่านและไฟล์โดยไม่เข้ารหัส ใครก็ดักอ่านได้ ใช้ ftps:// หรือ sftp:// ถ้าโฮสต์รองรับ\nwarning: ftp:// sends the password and the files in clear; use ftps:// or sftp:// if the host has it"
        );
    }

    // The last complete build, built first when the content is newer than it.
    let out = root.join("public");
    if needs_build(root, &out) {
        println!(
            "สร้างเว็บไซต์ก่อน เพราะเนื้อหาใหม่กว่าผลลัพธ์ / building first: the content is newer than the output"
        );
        let build = crate::BuildOptions {
            root: root.clone(),
            ..Default::default()
        };
        crate::build(&build).map_err(|d| (1, d))?;
    }
    let local = Manifest::read(&out).ok_or_else(|| {
        one(
            1,
            Diagnostic::file(
                &out.join(MANIFEST),
                "ไม่พบรายการไฟล์ของการสร้างครั้งล่าสุด",
                "the output has no manifest of a complete build",
                "สั่ง prongsai build แล้ว deploy ใหม่ / run prongsai build, then deploy again",
            ),
        )
    })?;

    let shown = target.display();
    let mut asked: Option<String> = None;
    let yes = opts.yes;
    let mut password = move || -> Result<String, HostError> {
        if let Some(p) = &asked {
            return Ok(p.clone());
        }
        let p = password_from_env_or_prompt(yes)?;
        asked = Some(p.clone());
        Ok(p)
    };
    println!("ปลายทาง / target: {shown}");
    let mut host = connect(&target, &mut password)
        .map_err(|e| one(1, host_error(&shown, "เชื่อมต่อไม่ได้", "cannot connect", &e)))?;

    let resumed = journal::Journal::read(root, &shown);
    let (remote, remote_bytes) = remote_state(host.as_mut(), &local).map_err(|e| {
        one(
            1,
            host_error(
                &shown,
                "อ่านรายการไฟล์บนโฮสต์ไม่ได้",
                "cannot read the host's files",
                &e,
            ),
        )
    })?;
    let had_manifest = matches!(remote, Remote::Manifest(_));
    let mut plan = Plan::new(&local, &remote, &resumed.put);
    let ours: BTreeSet<&str> = local.files.iter().map(|e| e.path.as_str()).collect();
    for d in &resumed.delete {
        if !ours.contains(d.as_str()) && !plan.deletions.contains(d) {
            plan.deletions.push(d.clone());
        }
    }
    // Files of equal size on a host without our manifest: compared by content.
    for e in std::mem::take(&mut plan.to_verify) {
        let same = host
            .read(&e.path)
            .map_err(|err| {
                one(
                    1,
                    host_error(
                        &e.path,
                        "อ่านไฟล์บนโฮสต์ไม่ได้",
                        "cannot read the file on the host",
                        &err,
                    ),
                )
            })?
            .is_some_and(|b| sha256_hex(&b) == e.sha256);
        if !same {
            plan.uploads.push(e);
        }
    }
    plan.order();
    if !resumed.put.is_empty() {
        println!(
            "ทำต่อจากครั้งก่อนที่ค้างไว้: อัปโหลดแล้ว {} ไฟล์ / resuming an interrupted deploy: {} files already uploaded",
            resumed.put.len(),
            resumed.put.len()
        );
    }
    if plan.foreign > 0 {
        println!(
            "บนโฮสต์มี {0} ไฟล์ที่ไม่ได้มาจาก prongsai: ไม่ลบ / {0} files on the host are not prongsai's: left alone",
            plan.foreign
        );
    }
    let emptied = plan.emptied_folders(&local);
    if opts.dry_run {
        for e in &plan.uploads {
            println!("upload {} ({})", e.path, human(e.size));
        }
        for d in &plan.deletions {
            println!("delete {d}");
        }
        let (n, bytes, del) = plan.counts();
        println!(
            "ทดลองเท่านั้น ไม่ได้ส่งอะไร: จะอัปโหลด {n} ไฟล์ ({bytes}) และลบ {del} ไฟล์ / dry run, nothing sent: would upload {n} files ({bytes}) and delete {del}"
        );
        return Ok(());
    }
    if plan.uploads.is_empty() && plan.deletions.is_empty() && had_manifest {
        let local_bytes = std::fs::read(out.join(MANIFEST)).unwrap_or_default();
        if remote_bytes.as_deref() == Some(&local_bytes[..]) {
            let _ = std::fs::remove_file(Journal::path(root));
            println!("โฮสต์มีเว็บไซต์ล่าสุดแล้ว / the host is up to date");
            return Ok(());
        }
    }
    if !opts.yes {
        confirm(&plan)?;
    }

    let mut journal = Journal::open(root, &shown, &resumed).map_err(|e| {
        one(
            1,
            crate::Diagnostic::file(
                &Journal::path(root),
                format!("เขียนบันทึกการส่งไม่ได้ ({e})"),
                format!("cannot write the deploy journal ({e})"),
                "ตรวจสิทธิ์การเขียนโฟลเดอร์เว็บไซต์ / check write permission of the site folder",
            ),
        )
    })?;
    let mut dirs = known_dirs(&remote);
    let mut bar = Progress::new(plan.uploads.len() + 1, plan.upload_bytes());
    let upload_one = |host: &mut dyn Host,
                      dirs: &mut BTreeSet<String>,
                      rel: &str,
                      expect: Option<(&str, u64)>|
     -> Result<(), Diagnostic> {
        let local_path = out.join(rel);
        let bytes = std::fs::read(&local_path).map_err(|e| {
            Diagnostic::file(
                &local_path,
                format!("อ่านไฟล์ไม่ได้ ({e})"),
                format!("cannot read the file ({e})"),
                "สั่ง prongsai build ใหม่ / run prongsai build again",
            )
        })?;
        if let Some((sha, size)) = expect
            && (bytes.len() as u64 != size || sha256_hex(&bytes) != sha)
        {
            return Err(Diagnostic::file(
                &local_path,
                "ไฟล์ถูกแก้หลังการสร้าง จึงไม่ตรงกับรายการไฟล์ (checksums.json)",
                "the file changed after the build, so it does not match the manifest",
                "สั่ง prongsai build แล้ว deploy ใหม่ (อย่าแก้ไฟล์ใน public/ เอง) / run prongsai build, then deploy again (never edit public/ by hand)",
            ));
        }
        for d in plan::parents(rel) {
            if dirs.insert(d.clone()) {
                host.mkdir(&d).map_err(|e| {
                    host_error(
                        &d,
                        "สร้างโฟลเดอร์บนโฮสต์ไม่ได้",
                        "cannot create the folder on the host",
                        &e,
                    )
                })?;
            }
        }
        host.put(rel, &bytes)
            .map_err(|e| host_error(rel, "อัปโหลดไม่ได้", "cannot upload", &e))
    };
    let fail = |bar: Progress, d: Diagnostic| {
        bar.finish();
        one(1, d)
    };
    for e in &plan.uploads {
        if let Err(d) = upload_one(host.as_mut(), &mut dirs, &e.path, Some((&e.sha256, e.size))) {
            return Err(fail(bar, d));
        }
        if let Err(e) = journal.put(&e.path, &e.sha256) {
            bar.note(&format!("warning: deploy journal: {e}"));
        }
        bar.uploaded(e.size);
    }
    // Record the deletions before the new manifest replaces the one that names them.
    for d in &plan.deletions {
        if !resumed.delete.contains(d) {
            let _ = journal.delete(d);
        }
    }
    if let Err(d) = upload_one(host.as_mut(), &mut dirs, MANIFEST, None) {
        return Err(fail(bar, d));
    }
    bar.uploaded(0);
    bar.finish();
    let mut deleted = 0;
    for d in &plan.deletions {
        host.delete(d).map_err(|e| {
            one(
                1,
                host_error(
                    d,
                    "ลบไฟล์บนโฮสต์ไม่ได้",
                    "cannot delete the file on the host",
                    &e,
                ),
            )
        })?;
        deleted += 1;
    }
    for d in &emptied {
        // A folder that still holds the host's own files stays.
        let _ = host.rmdir(d);
    }
    drop(host);
    if let Err(e) = journal.finish() {
        eprintln!("warning: {}: {e}", Journal::path(root).display());
    }
    let (sent, bytes, secs) = (
        plan.uploads.len() + 1,
        human(plan.upload_bytes()),
        start.elapsed().as_secs_f64(),
    );
    println!(
        "ส่งเว็บไซต์เสร็จ: อัปโหลด {sent} ไฟล์ ({bytes}) ลบ {deleted} ไฟล์ ใน {secs:.1} วินาที / deployed: uploaded {sent} files ({bytes}), deleted {deleted} in {secs:.1} s"
    );
    Ok(())
}

/// Whether the output is missing, incomplete, or older than anything the build reads.
fn needs_build(root: &Path, out: &Path) -> bool {
    if Manifest::read(out).is_none() {
        return true;
    }
    // The output folder's own time is when its last entry (the manifest) was put in: the
    // end of the build. (Unchanged files keep older times: they are carried over.)
    let Ok(built) = std::fs::metadata(out).and_then(|m| m.modified()) else {
        return true;
    };
    newest_input(root).is_some_and(|t| t > built)
}

/// The newest modification time of `site.toml`, `content/`, `themes/` and `templates/`.
fn newest_input(root: &Path) -> Option<SystemTime> {
    let mut newest = std::fs::metadata(root.join("site.toml"))
        .and_then(|m| m.modified())
        .ok();
    for dir in ["content", "themes", "templates"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if let Ok(t) = std::fs::symlink_metadata(e.path()).and_then(|m| m.modified()) {
                newest = newest.max(Some(t));
            }
        }
    }
    newest
}

fn connect(
    t: &Target,
    password: &mut dyn FnMut() -> Result<String, HostError>,
) -> Result<Box<dyn Host>, HostError> {
    Ok(match t.scheme {
        Scheme::File => Box::new(transport::FileHost::open(&t.path)?),
        Scheme::Ftp | Scheme::Ftps => {
            let pass = password()?;
            Box::new(transport::FtpHost::open(
                &t.host,
                t.port,
                t.scheme == Scheme::Ftps,
                &t.user,
                &pass,
                &t.path,
            )?)
        }
        Scheme::Sftp => Box::new(transport::SftpHost::open(
            &t.host,
            t.port,
            &t.user,
            t.key.as_deref(),
            password,
            &t.path,
        )?),
    })
}

/// The host's manifest (and its bytes), else a listing of the folders our files go to (sizes
/// only).
fn remote_state(
    host: &mut dyn Host,
    local: &Manifest,
) -> Result<(Remote, Option<Vec<u8>>), HostError> {
    if let Some(bytes) = host.read(MANIFEST)?
        && let Some(m) = Manifest::parse(&bytes)
    {
        return Ok((Remote::Manifest(m), Some(bytes)));
    }
    let mut dirs: BTreeSet<String> = BTreeSet::from([String::new()]);
    for e in &local.files {
        dirs.extend(plan::parents(&e.path));
    }
    let mut found = BTreeMap::new();
    for d in &dirs {
        let Some(entries) = host.list(d)? else {
            continue;
        };
        for f in entries.into_iter().filter(|f| !f.is_dir) {
            let path = if d.is_empty() {
                f.name
            } else {
                format!("{d}/{}", f.name)
            };
            found.insert(path, f.size);
        }
    }
    Ok((Remote::Listing(found), None))
}

/// Folders the host already has (so no MKD is sent for them).
fn known_dirs(remote: &Remote) -> BTreeSet<String> {
    match remote {
        Remote::Manifest(m) => m
            .files
            .iter()
            .flat_map(|e| plan::parents(&e.path))
            .collect(),
        Remote::Listing(found) => found.keys().flat_map(|p| plan::parents(p)).collect(),
    }
}

fn confirm(plan: &Plan) -> Result<(), Failed> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    let refuse = |why: &str| {
        one(
            2,
            Diagnostic::file(
                Path::new("deploy"),
                format!("ไม่ได้ส่ง: {why}"),
                format!("nothing sent: {why}"),
                "ตอบ y เพื่อส่ง หรือใช้ --yes ในสคริปต์ / answer y to send, or pass --yes in scripts",
            ),
        )
    };
    if !stdin.is_terminal() {
        return Err(refuse("no terminal to ask (use --yes)"));
    }
    let (n, bytes, del) = plan.counts();
    print!(
        "อัปโหลด {n} ไฟล์ ({bytes}) และลบ {del} ไฟล์ ต่อไหม / upload {n} files ({bytes}) and delete {del}? [y/N] "
    );
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = stdin.lock().read_line(&mut line);
    if matches!(line.trim(), "y" | "Y" | "yes" | "ใช่") {
        Ok(())
    } else {
        Err(refuse("not confirmed"))
    }
}
