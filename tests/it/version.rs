//! `prongsai --version` names the release and the commit it was built from (build.rs), so an
//! officer's report of a problem says which program they ran.

use crate::common;

use std::process::Command;

#[test]
fn version_names_the_package_version_the_commit_and_its_date() {
    let r = common::run(&["--version"]);
    r.expect(0);
    let line = r.stdout.trim();
    let rest = line
        .strip_prefix(&format!("prongsai {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(common::repo())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short=7", "HEAD"]).zip(git(&["log", "-1", "--format=%cs"])) {
        // A git checkout (a developer's, CI's clone): exactly its commit.
        Some((commit, date)) => assert_eq!(rest, format!("{commit} {date}"), "{line}"),
        // A source archive or a machine without git: said plainly, never a made-up commit.
        None => assert_eq!(rest, "unknown", "{line}"),
    }
}
