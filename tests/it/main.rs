//! The integration tests, one binary (as mdBook's test suite): each file of this folder is a
//! module, so CI compiles and links one test program instead of one a file. Run one file's tests
//! with `cargo test --release --test it <module>::`, e.g. `cargo test --release --test it serve::`.
//!
//! The modules share one process and run in parallel threads: a test must not change the
//! process's environment variables or current folder, nor rely on being alone. Helpers shared by
//! the modules are in `common` (`use crate::common;`).

mod common;
mod open_data;

mod architecture;
mod base_url;
mod browser;
mod commands;
mod data;
mod demo_site;
mod deploy;
mod deterministic;
mod errors;
mod faults;
mod faults_disk;
mod feeds;
mod fiscal_year;
mod hostile;
mod import;
mod ita;
mod minify_compare;
mod minify_dom;
mod officer;
mod page_snapshots;
mod paging;
mod plan_progress;
mod regressions;
mod search;
mod search_layout;
mod serve;
mod serve_browser;
mod sync_output;
mod templates;
mod thai_output;
mod thai_props;
mod untrusted_text;
mod url_list;
mod version;
mod windows;
mod windows_names;
mod xss;
