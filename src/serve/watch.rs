//! Watching the site folder. Editors save in many ways (write in place, write a temp file and
//! rename it, delete and create, several writes in a row); every save pattern must give exactly one
//! rebuild of the final state. So events are collected until the folder has been quiet for a short
//! moment, and only then is one rebuild started with the set of paths that changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};

/// How long the folder must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);
/// The shorter quiet when the batch is one existing file, known to be whole: closed after writing
/// or renamed into place (the last step of an editor's save). A deletion, a new file, a folder, a
/// file still open for writing or several files keep the full [`QUIET`], since more of the same
/// save or copy may follow.
pub const SETTLED: Duration = Duration::from_millis(8);
/// The quiet while a file of the batch was removed and is still missing: editors that save by
/// deleting and creating again (and a busy machine between the two steps) would otherwise give
/// a rebuild without the record and another with it. A deletion meant as one waits this long.
pub const GONE: Duration = Duration::from_millis(150);

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
            // Printed to the terminal: a file name's control characters are shown, not obeyed.
            .map(|p| crate::untrusted::visible_line(&p.display().to_string()).into_owned())
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
    /// Whether each file of the current batch is whole (see [`SETTLED`]).
    whole: std::cell::RefCell<BTreeMap<PathBuf, bool>>,
    /// Whether a file or folder of the current batch was created.
    created: std::cell::Cell<bool>,
    /// Files of the current batch that were removed (see [`GONE`]).
    removed: std::cell::RefCell<BTreeSet<PathBuf>>,
    /// Set by the watcher's thread as soon as a change to a file the site reads arrives after
    /// the batch [`Watch::next`] returned: a rebuild's worker threads read it and leave the
    /// site-wide work to the next rebuild (see [`Watch::arrived`]).
    arrived: Arc<AtomicBool>,
}

/// Whether an event changes a file the site reads (reads and closes change nothing).
fn changes_site(root: &Path, ev: &notify::Result<notify::Event>) -> bool {
    let Ok(ev) = ev else { return false };
    !matches!(ev.kind, EventKind::Access(_))
        && ev
            .paths
            .iter()
            .any(|p| classify(root, p, &mut Changes::default()))
}

/// Whether path number `i` of an event of `kind` is left whole by it; `None` when the event says
/// nothing about that.
fn leaves_whole(kind: &EventKind, i: usize) -> Option<bool> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => None,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(true),
        // A rename with both names: the first is gone, the second is in place.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Some(i == 1),
        _ => Some(false),
    }
}

impl Watch {
    /// Watch `root` recursively (the folder, not single files, so rename-saves are seen).
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let arrived = Arc::new(AtomicBool::new(false));
        let (flag, watched) = (arrived.clone(), root.clone());
        let mut watcher = notify::recommended_watcher(move |ev| {
            let relevant = changes_site(&watched, &ev);
            // Sent before the flag is set: `next` clears the flag and then looks in the channel.
            let _ = tx.send(ev);
            if relevant {
                flag.store(true, Ordering::Release);
            }
        })?;
        watcher.watch(&root, RecursiveMode::Recursive)?;
        Ok(Watch {
            arrived,
            _watcher: watcher,
            rx,
            root,
            early: Default::default(),
            whole: Default::default(),
            created: Default::default(),
            removed: Default::default(),
        })
    }

    /// Set while a change the last [`Watch::next`] did not return has arrived: shared with a
    /// rebuild's worker threads, which check it between small pieces of the site-wide work.
    pub fn arrived(&self) -> Arc<AtomicBool> {
        self.arrived.clone()
    }

    /// The batch is returned: changes from now on are new ones. Those already in the channel
    /// are taken into the next batch and keep the flag set.
    fn returned(&self) {
        self.arrived.store(false, Ordering::Release);
        if self.pending() {
            self.arrived.store(true, Ordering::Release);
        }
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
                let quiet = if self.still_gone() {
                    GONE
                } else if self.settled() {
                    SETTLED
                } else {
                    QUIET
                };
                let left = quiet.saturating_sub(last.elapsed());
                if left.is_zero() {
                    self.whole.borrow_mut().clear();
                    self.removed.borrow_mut().clear();
                    self.created.set(false);
                    self.returned();
                    return Some(changes);
                }
                match self.rx.recv_timeout(left) {
                    Ok(ev) => {
                        if self.absorb(ev, &mut changes) {
                            last = Instant::now();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        }
    }

    /// Whether a file removed in this batch has had no event since (then wait [`GONE`]).
    fn still_gone(&self) -> bool {
        !self.removed.borrow().is_empty()
    }

    /// Whether the batch is one existing file, whole (then [`SETTLED`] is quiet enough).
    fn settled(&self) -> bool {
        let whole = self.whole.borrow();
        whole.len() == 1 && whole.values().all(|&w| w) && !self.created.get()
    }

    /// Add an event's paths to `changes`; whether any of them is a file the site reads.
    fn absorb(&self, ev: notify::Result<notify::Event>, changes: &mut Changes) -> bool {
        let Ok(ev) = ev else { return false };
        let mut whole = self.whole.borrow_mut();
        let mut relevant = false;
        for (i, p) in ev.paths.iter().enumerate() {
            if let EventKind::Access(a) = ev.kind {
                // Reads are not changes; a close after writing finishes a file of the batch.
                if a == AccessKind::Close(AccessMode::Write)
                    && let Some(w) = whole.get_mut(p)
                {
                    *w = true;
                    relevant = true;
                }
                continue;
            }
            if classify(&self.root, p, changes) {
                relevant = true;
                if matches!(ev.kind, EventKind::Create(_)) {
                    self.created.set(true);
                }
                // A removed file is missing until an event says it is there again.
                if matches!(ev.kind, EventKind::Remove(_)) {
                    self.removed.borrow_mut().insert(p.clone());
                } else {
                    self.removed.borrow_mut().remove(p);
                }
                let state = leaves_whole(&ev.kind, i).map(|w| w && !p.is_dir());
                match state {
                    Some(w) => {
                        whole.insert(p.clone(), w);
                    }
                    None => {
                        whole.entry(p.clone()).or_insert(true);
                    }
                }
            }
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

    #[test]
    fn rename_and_close_leave_files_whole() {
        let modify = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        assert_eq!(leaves_whole(&modify, 0), Some(false));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(leaves_whole(&close, 0), Some(true));
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(leaves_whole(&both, 0), Some(false));
        assert_eq!(leaves_whole(&both, 1), Some(true));
        let remove = EventKind::Remove(notify::event::RemoveKind::File);
        assert_eq!(leaves_whole(&remove, 0), Some(false));
    }

    /// Absorb events until `done` holds (a wait for inotify, not a timing assertion).
    fn absorb_until(w: &Watch, done: impl Fn(&Watch) -> bool) -> bool {
        for _ in 0..500 {
            w.pending();
            if done(w) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn a_removed_file_holds_the_batch_until_it_is_back_or_gone_for_good() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        let file = root.join("content/news/a.md");
        std::fs::write(&file, "+++\ntitle = \"x\"\n+++\n").unwrap();
        let w = Watch::start(&root).unwrap();
        assert!(!w.still_gone());
        std::fs::remove_file(&file).unwrap();
        assert!(
            absorb_until(&w, |w| w.still_gone()),
            "a deletion waits GONE"
        );
        std::fs::write(&file, "+++\ntitle = \"y\"\n+++\n").unwrap();
        assert!(
            absorb_until(&w, |w| !w.still_gone()),
            "created again: the normal quiet"
        );
        // One batch is returned for the deletion and the new file together.
        let changes = w.next().unwrap();
        assert_eq!(
            changes.records.into_iter().collect::<Vec<_>>(),
            vec![PathBuf::from("content/news/a.md")]
        );
        assert!(w.removed.borrow().is_empty(), "cleared with the batch");
    }

    #[test]
    fn a_file_open_for_writing_is_not_whole_until_closed() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        let w = Watch::start(&root).unwrap();
        let file = root.join("content/news/a.md");
        let whole_of = |w: &Watch| w.whole.borrow().get(&file).copied();
        let mut f = std::fs::File::create(&file).unwrap();
        f.write_all(b"+++\ntitle = ").unwrap();
        f.flush().unwrap();
        assert!(absorb_until(&w, |w| whole_of(w).is_some()));
        assert_eq!(whole_of(&w), Some(false), "written, still open");
        f.write_all(b"\"x\"\n+++\n").unwrap();
        drop(f);
        assert!(absorb_until(&w, |w| whole_of(w) == Some(true)), "closed");
        assert!(!w.settled(), "a new file may be one of many copied in");
        w.whole.borrow_mut().clear();
        w.created.set(false);
        std::fs::write(&file, "+++\ntitle = \"y\"\n+++\n").unwrap();
        assert!(absorb_until(&w, |w| whole_of(w) == Some(true)));
        assert!(w.settled(), "one existing file, written and closed");
        // A rename into place (sed -i, vim, JetBrains) leaves the file whole at once.
        let b = root.join("content/news/b.md");
        std::fs::write(root.join("content/news/tmp123"), "x").unwrap();
        std::fs::rename(root.join("content/news/tmp123"), &b).unwrap();
        assert!(absorb_until(&w, |w| w.whole.borrow().get(&b) == Some(&true)));
        // A deletion may be followed by the file again: not whole.
        std::fs::remove_file(&b).unwrap();
        assert!(absorb_until(&w, |w| w.whole.borrow().get(&b) == Some(&false)));
    }
}
