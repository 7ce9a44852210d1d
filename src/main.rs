// mimalloc instead of the system allocator: see Cargo.toml and bench/RESULTS.md for the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's option API (linked by the mimalloc crate; its Rust bindings do not name this option).
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` (index 15 of `mi_option_t` in mimalloc v2 and v3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() {
    // Freed memory is not given back to the system while the process runs. A build frees and
    // reuses hundreds of MB (pages, index files, open data); each purge made the kernel zero
    // the same memory again on reuse (2 MB at a time with transparent huge pages): 12 % of a
    // 10,000-record build's samples were `clear_page`, 5 % without purging; system time
    // 1.38 s → 1.03 s (bench/ab.sh, same binary, MIMALLOC_PURGE_DELAY=-1). The peak is the
    // same; `serve` keeps it between rebuilds, which reuse it. MIMALLOC_PURGE_DELAY, when set,
    // still decides (for comparisons).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option before any thread starts; mimalloc reads it at
        // each purge decision.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
    std::process::exit(prongsai::cli::run());
}
