//! Stage 2: walk `content/`, read every record file, check it, and turn it into a typed `Record`.
//! Every problem of every file is collected; nothing here panics on what a file contains.

pub mod attachments;
mod checks;
mod kinds;
mod parse;
mod split;
pub mod unfilled;
mod values;
mod walk;

use std::path::PathBuf;

use serde::Serialize;

pub use checks::{
    MAX_SLUG_BYTES, check_file_ref, check_slug, root_links, slug_words, windows_reserved,
};
pub use kinds::*;
pub use parse::parse_record_bytes;
pub use split::{normalise, split_markdown};
pub use walk::{is_ignored_name, load, load_files, read_record_file};

/// One record, checked and typed.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub kind: Kind,
    /// The file, relative to the site root (`content/news/a.md`).
    pub source: PathBuf,
    pub slug: String,
    /// The plan folder, for a plan and its projects.
    pub plan: Option<String>,
    #[serde(flatten)]
    pub meta: Meta,
    /// The fiscal year (BE): `fiscal_year` when given, else that of `date`.
    pub fiscal_year: i32,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
    /// Line of the file where the body starts (for messages about the body).
    #[serde(skip)]
    pub body_line: usize,
    /// Links of the body written from the site root, with their byte offsets (read once here, so
    /// the internal-link check needs no second Markdown pass).
    #[serde(skip)]
    pub links: Vec<(String, usize)>,
    #[serde(flatten)]
    pub data: Data,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub records: Vec<Record>,
    /// Files under `content/files/`, relative to that folder, with `/` separators.
    pub files: Vec<String>,
}

/// A record file larger than this is refused (a real notice is a few kilobytes; a long
/// project sheet some tens): a pasted document belongs in `content/files/` as a PDF.
pub const MAX_RECORD_BYTES: u64 = 2 * 1024 * 1024;

/// Longest title, in characters (the longest real one is under 200).
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Longest text of any other field, in characters (the longest real one, a project sheet's
/// method, is under 2,000).
pub const MAX_FIELD_CHARS: usize = 20_000;
