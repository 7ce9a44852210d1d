fn main() {
    std::process::exit(prongsai::cli::run());
}
