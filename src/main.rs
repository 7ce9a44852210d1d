// mimalloc instead of the system allocator: see Cargo.toml and bench/RESULTS.md for the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(prongsai::cli::run());
}
