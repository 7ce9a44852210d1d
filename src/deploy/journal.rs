//! The resume journal: what a deploy has done so far, so an interrupted one (a cut connection,
//! a closed laptop, kill -9) resumes where it stopped. It lives beside the output,
//! `<root>/.public.deploy-journal`, never in it (it is not uploaded), and holds no secret.
//!
//! Format, one line each, appended and flushed as the deploy goes:
//! `target <url without password>` (first line), `put <sha256> <path>` after each upload,
//! `delete <path>` for each deletion decided (written before the manifest is uploaded: once the
//! host has the new manifest, the old one no longer tells which files were removed).
//! A complete deploy removes the journal.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::output::manifest::safe_relative;

pub struct Journal {
    path: PathBuf,
    file: Option<std::fs::File>,
}

/// What the journal of an unfinished deploy to the same target says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unfinished {
    /// Uploaded files: path → SHA-256.
    pub put: BTreeMap<String, String>,
    pub delete: Vec<String>,
}

impl Journal {
    pub fn path(root: &Path) -> PathBuf {
        root.join(".public.deploy-journal")
    }

    /// The unfinished deploy to `target`, if the journal is of that target.
    pub fn read(root: &Path, target: &str) -> Unfinished {
        let text = std::fs::read_to_string(Journal::path(root)).unwrap_or_default();
        let mut lines = text.lines();
        let mut out = Unfinished::default();
        if lines.next().and_then(|l| l.strip_prefix("target ")) != Some(target) {
            return out;
        }
        for line in lines {
            if let Some(rest) = line.strip_prefix("put ")
                && let Some((sha, path)) = rest.split_once(' ')
            {
                out.put.insert(path.to_string(), sha.to_string());
            } else if let Some(path) = line.strip_prefix("delete ")
                && safe_relative(path)
            {
                out.delete.push(path.to_string());
            }
            // A line cut by a kill is ignored.
        }
        out
    }

    /// Start (or continue) the journal of a deploy to `target`.
    pub fn open(root: &Path, target: &str, resumed: &Unfinished) -> std::io::Result<Journal> {
        let path = Journal::path(root);
        let mut text = format!("target {target}\n");
        for (p, sha) in &resumed.put {
            text.push_str(&format!("put {sha} {p}\n"));
        }
        for p in &resumed.delete {
            text.push_str(&format!("delete {p}\n"));
        }
        std::fs::write(&path, text)?;
        let file = std::fs::OpenOptions::new().append(true).open(&path)?;
        Ok(Journal {
            path,
            file: Some(file),
        })
    }

    fn line(&mut self, line: &str) -> std::io::Result<()> {
        if let Some(f) = &mut self.file {
            f.write_all(line.as_bytes())?;
            f.flush()?;
        }
        Ok(())
    }

    pub fn put(&mut self, path: &str, sha256: &str) -> std::io::Result<()> {
        self.line(&format!("put {sha256} {path}\n"))
    }

    pub fn delete(&mut self, path: &str) -> std::io::Result<()> {
        self.line(&format!("delete {path}\n"))
    }

    /// The deploy is complete: the journal goes.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.file = None;
        std::fs::remove_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_other_targets() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut j =
            Journal::open(dir.path(), "ftp://u@h:21/x", &Unfinished::default()).expect("open");
        j.put("a b/index.html", "ab12").expect("put");
        j.delete("old.html").expect("delete");
        drop(j);
        let u = Journal::read(dir.path(), "ftp://u@h:21/x");
        assert_eq!(
            u.put.get("a b/index.html").map(String::as_str),
            Some("ab12")
        );
        assert_eq!(u.delete, ["old.html"]);
        assert_eq!(
            Journal::read(dir.path(), "ftp://u@h:21/y"),
            Unfinished::default()
        );
        let j = Journal::open(dir.path(), "ftp://u@h:21/x", &u).expect("reopen");
        assert_eq!(Journal::read(dir.path(), "ftp://u@h:21/x"), u);
        j.finish().expect("finish");
        assert!(!Journal::path(dir.path()).exists());
    }
}
