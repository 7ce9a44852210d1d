//! `serve --open`: show the site in the officer's browser, whatever the system (Windows `start`,
//! macOS `open`, Linux `xdg-open` and the like, through the `open` crate). A browser that cannot
//! be started is a note, never an error: the server runs and its address is printed.

/// Test seam: a program to open the URL with instead of the system's browser (it gets the URL
/// as its only argument); tests/it/windows.rs points it at a script.
pub const BROWSER_ENV: &str = "PRONGSAI_BROWSER";

/// Open `url` in a browser without waiting for it; `Err` holds the note to print.
pub fn open(url: &str) -> Result<(), String> {
    let result = match std::env::var_os(BROWSER_ENV) {
        Some(program) => std::process::Command::new(program)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .spawn()
            .map(drop),
        None => open::that_detached(url),
    };
    result.map_err(|e| {
        format!(
            "เปิดเบราว์เซอร์ไม่ได้ ({e}) ให้เปิด {url} ในเบราว์เซอร์เอง / cannot open a browser ({e}): open {url} yourself"
        )
    })
}
