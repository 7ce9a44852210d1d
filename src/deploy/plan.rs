//! What a deploy must do: the files to upload (new or changed on the host), in the order of
//! order.rs, and the files to delete.

use std::collections::{BTreeMap, BTreeSet};

use super::order::phase;
use crate::output::manifest::{Entry, MANIFEST, Manifest};

/// What the host holds, as far as we know.
#[derive(Debug, Clone)]
pub enum Remote {
    /// The manifest uploaded by the last complete deploy.
    Manifest(Manifest),
    /// No manifest: the files found by listing the host's folders (path → size). Files of equal
    /// size are compared by content ([`Plan::to_verify`]).
    Listing(BTreeMap<String, u64>),
}

/// The work of one deploy.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Files to upload, in upload order.
    pub uploads: Vec<Entry>,
    /// Files whose size on the host equals ours (no manifest there): compared by content before
    /// deciding; those that differ are uploaded.
    pub to_verify: Vec<Entry>,
    /// Files to delete from the host, deepest first.
    pub deletions: Vec<String>,
    /// Files on the host that no manifest of ours names: left alone (they may be the host's own,
    /// such as `.htaccess` or another application).
    pub foreign: usize,
}

impl Plan {
    /// Compare the local manifest with what the host holds. `done` are files that an
    /// interrupted deploy to this host already uploaded (path → SHA-256): not sent again.
    pub fn new(local: &Manifest, remote: &Remote, done: &BTreeMap<String, String>) -> Plan {
        let mut plan = Plan::default();
        let ours: BTreeSet<&str> = local.files.iter().map(|e| e.path.as_str()).collect();
        let already = |e: &Entry| done.get(&e.path) == Some(&e.sha256);
        match remote {
            Remote::Manifest(m) => {
                let theirs = m.by_path();
                for e in &local.files {
                    // An interrupted deploy may have replaced the file with another version
                    // than the host's manifest names: then the manifest no longer tells.
                    let replaced = done.get(&e.path).is_some_and(|sha| *sha != e.sha256);
                    let same = !replaced
                        && theirs
                            .get(e.path.as_str())
                            .is_some_and(|r| r.sha256 == e.sha256 && r.size == e.size);
                    if !same && !already(e) {
                        plan.uploads.push(e.clone());
                    }
                }
                plan.deletions = m
                    .files
                    .iter()
                    .map(|e| e.path.clone())
                    .filter(|p| !ours.contains(p.as_str()) && p != MANIFEST)
                    .collect();
            }
            Remote::Listing(found) => {
                for e in &local.files {
                    if already(e) {
                        continue;
                    }
                    match found.get(&e.path) {
                        Some(&size) if size == e.size => plan.to_verify.push(e.clone()),
                        _ => plan.uploads.push(e.clone()),
                    }
                }
                plan.foreign = found
                    .keys()
                    .filter(|p| !ours.contains(p.as_str()) && *p != MANIFEST)
                    .count();
            }
        }
        plan.order();
        plan
    }

    /// Sort uploads by phase (then path, for a stable order), deletions deepest first.
    pub fn order(&mut self) {
        self.uploads
            .sort_by(|a, b| (phase(&a.path), &a.path).cmp(&(phase(&b.path), &b.path)));
        self.deletions.sort_by(|a, b| {
            let depth = |p: &str| p.matches('/').count();
            depth(b).cmp(&depth(a)).then_with(|| a.cmp(b))
        });
    }

    /// Bytes to upload.
    /// Files to upload, their size for people, files to delete: what the messages say.
    pub fn counts(&self) -> (usize, String, usize) {
        (
            self.uploads.len(),
            super::progress::human(self.upload_bytes()),
            self.deletions.len(),
        )
    }

    pub fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|e| e.size).sum()
    }

    /// The folders that the deletions may leave empty (folders of deleted files that no file of
    /// the new site is in), deepest first.
    pub fn emptied_folders(&self, local: &Manifest) -> Vec<String> {
        let mut keep = BTreeSet::new();
        for e in &local.files {
            keep.extend(parents(&e.path));
        }
        let mut dirs: BTreeSet<String> = BTreeSet::new();
        for d in &self.deletions {
            dirs.extend(parents(d).into_iter().filter(|p| !keep.contains(p)));
        }
        let mut v: Vec<String> = dirs.into_iter().collect();
        v.sort_by(|a, b| {
            b.matches('/')
                .count()
                .cmp(&a.matches('/').count())
                .then_with(|| a.cmp(b))
        });
        v
    }
}

/// The folders that hold `path`: `a/b/c.html` → `a`, `a/b`.
pub fn parents(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = path[at..].find('/') {
        out.push(path[..at + i].to_string());
        at += i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::sha256_hex;

    fn entry(path: &str, text: &str) -> Entry {
        Entry {
            path: path.into(),
            size: text.len() as u64,
            sha256: sha256_hex(text.as_bytes()),
        }
    }

    #[test]
    fn uploads_what_changed_in_a_safe_order_and_deletes_last() {
        let old = Manifest::new(vec![
            entry("index.html", "home"),
            entry("news/a/index.html", "a"),
            entry("news/gone/index.html", "gone"),
            entry("files/x.pdf", "pdf"),
        ]);
        let new = Manifest::new(vec![
            entry("index.html", "home 2"),
            entry("news/a/index.html", "a"),
            entry("news/b/index.html", "b"),
            entry("files/y.pdf", "pdf2"),
            entry("sitemap.xml", "map"),
            entry("files/x.pdf", "pdf"),
        ]);
        let plan = Plan::new(&new, &Remote::Manifest(old), &BTreeMap::new());
        let up: Vec<&str> = plan.uploads.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            up,
            [
                "files/y.pdf",
                "news/b/index.html",
                "index.html",
                "sitemap.xml"
            ]
        );
        assert_eq!(plan.deletions, ["news/gone/index.html"]);
        assert_eq!(plan.emptied_folders(&new), ["news/gone"]);
    }

    #[test]
    fn an_interrupted_deploy_resumes() {
        let new = Manifest::new(vec![entry("a.html", "a"), entry("b.html", "b")]);
        let done = BTreeMap::from([("a.html".to_string(), sha256_hex(b"a"))]);
        let plan = Plan::new(&new, &Remote::Manifest(Manifest::default()), &done);
        let up: Vec<&str> = plan.uploads.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(up, ["b.html"]);
        // Uploaded, but with other bytes than the build now has: sent again.
        let done = BTreeMap::from([("a.html".to_string(), sha256_hex(b"old"))]);
        let plan = Plan::new(&new, &Remote::Manifest(Manifest::default()), &done);
        assert_eq!(plan.uploads.len(), 2);
        // The content went back to what the host's manifest names, but the interrupted deploy
        // had already replaced the file: sent again.
        let host = Manifest::new(vec![entry("a.html", "a"), entry("b.html", "b")]);
        let done = BTreeMap::from([("a.html".to_string(), sha256_hex(b"newer"))]);
        let plan = Plan::new(&new, &Remote::Manifest(host), &done);
        let up: Vec<&str> = plan.uploads.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(up, ["a.html"]);
    }

    #[test]
    fn without_a_manifest_sizes_then_contents_and_nothing_foreign_is_deleted() {
        let new = Manifest::new(vec![entry("a.html", "a"), entry("b.html", "bb")]);
        let found = BTreeMap::from([
            ("a.html".to_string(), 1),
            ("b.html".to_string(), 1),
            (".htaccess".to_string(), 10),
        ]);
        let plan = Plan::new(&new, &Remote::Listing(found), &BTreeMap::new());
        assert_eq!(plan.uploads.len(), 1);
        assert_eq!(plan.to_verify.len(), 1);
        assert!(plan.deletions.is_empty());
        assert_eq!(plan.foreign, 1);
    }

    #[test]
    fn parents_of_a_path() {
        assert_eq!(parents("a/b/c.html"), ["a", "a/b"]);
        assert!(parents("c.html").is_empty());
    }
}
