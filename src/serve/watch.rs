//! Watching the site folder. Editors save in many ways (write in place, write a temp file and
//! rename it, delete and create, several writes in a row); every save pattern must give exactly one
//! rebuild of the final state. So events are collected until the folder has been quiet for a short
//! moment, and only then is one rebuild started with the set of paths that changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// How long the folder must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);

/// What a batch of changes touches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Record files (relative to the root) that changed, appeared or disappeared.
    pub records: BTreeSet<PathBuf>,
    /// Attachments under content/files/ (relative to the root).
    pub files: BTreeSet<PathBuf>,
    /// site.toml, a theme file, a site template or a catalogue: everything must be rebuilt.
    pub everything: bool,
    /// Only stylesheets changed (the browser may swap them without a reload).
    pub css_only: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.files.is_empty() && !self.everything
    }

    /// A short description for the terminal line.
    pub fn describe(&self) -> String {
        let mut names: Vec<String> = self
            .records
            .iter()
            .chain(&self.files)
            .map(|p| p.display().to_string())
            .collect();
        if self.everything {
            names.insert(0, "site.toml/theme".into());
        }
        match names.len() {
            0 => "nothing".into(),
            1..=3 => names.join(", "),
            n => format!("{}, … ({n} files)", names[..2].join(", ")),
        }
    }
}

/// Sort one changed path (absolute) into `changes`; paths outside what the site reads are ignored.
/// Whether the path is one the site reads.
pub fn classify(root: &Path, path: &Path, changes: &mut Changes) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if crate::content::is_ignored_name(&name) {
        return false;
    }
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next().unwrap_or_default();
    let relevant = match first.as_str() {
        "site.toml" => {
            changes.everything = true;
            true
        }
        "themes" | "templates" | "oit" => {
            changes.everything = true;
            changes.css_only =
                name.ends_with(".css") && (changes.css_only || changes.records.is_empty());
            true
        }
        "content" => {
            if parts.next().as_deref() == Some("files") {
                changes.files.insert(rel.to_path_buf());
                true
            } else if name.ends_with(".md") || name.ends_with(".toml") || path.is_dir() {
                // A folder that appeared or vanished (e.g. `rm -r`, or a folder copied in) has its
                // records found by walking it again.
                changes.records.insert(rel.to_path_buf());
                true
            } else {
                false
            }
        }
        _ => false,
    };
    if !changes.records.is_empty() || !changes.files.is_empty() {
        changes.css_only = false;
    }
    relevant
}

/// A running watcher and the channel its events arrive on.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// Relevant changes seen by [`Watch::pending`] and not yet returned by [`Watch::next`].
    early: std::cell::RefCell<Changes>,
}

impl Watch {
    /// Watch `root` recursively (the folder, not single files, so rename-saves are seen).
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |ev| {
            let _ = tx.send(ev);
        })?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Ok(Watch {
            _watcher: watcher,
            rx,
            root,
            early: Default::default(),
        })
    }

    /// Whether a relevant change has arrived since the last [`Watch::next`] (without waiting):
    /// a rebuild stops bringing the site-wide files up to date and lets the next one do it.
    pub fn pending(&self) -> bool {
        let mut early = self.early.borrow_mut();
        while let Ok(ev) = self.rx.try_recv() {
            self.absorb(ev, &mut early);
        }
        !early.is_empty()
    }

    /// Block until something relevant changed and the folder has been quiet for `QUIET`.
    /// `None` when the watcher has stopped.
    pub fn next(&self) -> Option<Changes> {
        let mut changes = self.early.take();
        loop {
            if changes.is_empty() {
                let first = self.rx.recv().ok()?;
                self.absorb(first, &mut changes);
                continue;
            }
            // Quiet means no event about a file the site reads: reads of the output folder
            // (the server answering requests) and writes to it must not hold a rebuild back.
            let mut last = Instant::now();
            loop {
                let left = QUIET.saturating_sub(last.elapsed());
                if left.is_zero() {
                    return Some(changes);
                }
                match self.rx.recv_timeout(left) {
                    Ok(ev) => {
                        if self.absorb(ev, &mut changes) {
                            last = Instant::now();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => return Some(changes),
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        }
    }

    /// Add an event's paths to `changes`; whether any of them is a file the site reads.
    fn absorb(&self, ev: notify::Result<notify::Event>, changes: &mut Changes) -> bool {
        let Ok(ev) = ev else { return false };
        if matches!(ev.kind, EventKind::Access(_)) {
            return false;
        }
        let mut relevant = false;
        for p in &ev.paths {
            relevant |= classify(&self.root, p, changes);
        }
        relevant
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(paths: &[&str]) -> Changes {
        let mut ch = Changes::default();
        for p in paths {
            classify(Path::new("/s"), &Path::new("/s").join(p), &mut ch);
        }
        ch
    }

    #[test]
    fn sorts_paths() {
        let ch = c(&[
            "content/news/a.md",
            "content/news/.a.md.swp",
            "content/news/4913",
            "content/files/x.pdf",
        ]);
        assert_eq!(ch.records.len(), 1);
        assert_eq!(ch.files.len(), 1);
        assert!(!ch.everything);
        assert!(c(&["site.toml"]).everything);
        assert!(c(&["themes/default/static/assets/style.css"]).css_only);
        assert!(!c(&["themes/default/templates/base.html"]).css_only);
        assert!(c(&["public/index.html", "target/x"]).is_empty());
    }
}
