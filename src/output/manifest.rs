//! The output's manifest: every file of a build with its size and SHA-256, written last into the
//! new output (just before the swap), so that its presence means "a complete build".
//!
//! It is public (`/checksums.json` on the site): a citizen can check that a page or a document
//! they downloaded is the one the office built (docs/deploy.md), and `prongsai deploy` compares
//! it with the copy it uploaded last time to send only what changed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// File name of the manifest at the root of the output (and of the deployed site).
pub const MANIFEST: &str = crate::site::pages::CHECKSUMS;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Path relative to the output folder, `/`-separated (e.g. `news/a/index.html`).
    pub path: String,
    pub size: u64,
    /// Lower-case hexadecimal SHA-256 of the file's bytes.
    pub sha256: String,
}

/// Every file of a build but the manifest itself, sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// What wrote it, e.g. `prongsai 0.1.0` (no date: the same site gives the same bytes).
    pub generator: String,
    pub files: Vec<Entry>,
}

pub use crate::digest::sha256_hex;

impl Manifest {
    /// A manifest of `entries` (in any order; sorted here, so the file is deterministic).
    pub fn new(mut entries: Vec<Entry>) -> Manifest {
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        Manifest {
            generator: format!("prongsai {}", env!("CARGO_PKG_VERSION")),
            files: entries,
        }
    }

    /// The manifest's bytes: JSON, one file a line (readable, and diffs well).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        out.push_str("{\"generator\":");
        out.push_str(&serde_json::to_string(&self.generator).unwrap_or_default());
        out.push_str(",\"files\":[\n");
        for (i, e) in self.files.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str(&serde_json::to_string(e).unwrap_or_default());
        }
        out.push_str("\n]}\n");
        out.into_bytes()
    }

    /// Read a manifest's bytes; `None` when they are not one (a foreign or damaged file).
    pub fn parse(bytes: &[u8]) -> Option<Manifest> {
        let m: Manifest = serde_json::from_slice(bytes).ok()?;
        let valid = m.files.iter().all(|e| {
            safe_relative(&e.path)
                && e.sha256.len() == 64
                && e.sha256.bytes().all(|c| c.is_ascii_hexdigit())
        });
        valid.then_some(m)
    }

    /// Read `<dir>/checksums.json`; `None` when missing or not a manifest.
    pub fn read(dir: &Path) -> Option<Manifest> {
        Manifest::parse(&std::fs::read(dir.join(MANIFEST)).ok()?)
    }

    /// The entries by path.
    pub fn by_path(&self) -> BTreeMap<&str, &Entry> {
        self.files.iter().map(|e| (e.path.as_str(), e)).collect()
    }
}

/// Whether `path` is a plain relative path inside a folder: no `..`, no leading `/`, no empty
/// or `.` parts, no backslash or control character. A manifest read from a remote host is
/// untrusted: a path like `../../etc` must never reach a delete.
pub fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn round_trip_sorted() {
        let e = |p: &str| Entry {
            path: p.into(),
            size: 3,
            sha256: sha256_hex(b"abc"),
        };
        let m = Manifest::new(vec![e("b/index.html"), e("a.css"), e("a.css")]);
        assert_eq!(m.files.len(), 2);
        assert_eq!(m.files[0].path, "a.css");
        let bytes = m.to_bytes();
        assert_eq!(Manifest::parse(&bytes), Some(m));
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a//b",
            "",
            "a\\b",
            "./a",
        ] {
            assert!(!safe_relative(bad), "{bad}");
            let m = format!(
                "{{\"generator\":\"x\",\"files\":[{{\"path\":{},\"size\":1,\"sha256\":\"{}\"}}]}}",
                serde_json::to_string(bad).unwrap_or_default(),
                "0".repeat(64)
            );
            assert_eq!(Manifest::parse(m.as_bytes()), None, "{bad}");
        }
        assert!(safe_relative("news/ข่าว/index.html"));
        assert_eq!(Manifest::parse(b"not json"), None);
    }
}
