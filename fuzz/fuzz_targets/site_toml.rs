//! The site.toml parser: any bytes give a configuration or diagnostics; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prongsai::config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = std::path::Path::new("/nonexistent-prongsai-fuzz-site");
    match Config::parse(root, text, None) {
        Ok(c) => {
            let _ = c.permalink("/news/a/");
            let _ = c.url("/news/a/");
        }
        Err(d) => {
            let _ = d.to_string();
        }
    }
});
