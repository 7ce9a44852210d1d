//! What the officer sees: the progress bar (files and bytes), the summary, and errors that name
//! the file and the cause in Thai and English with a hint.

use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::transport::{Failure, HostError};
use crate::error::Diagnostic;

/// A progress bar over the bytes to upload, with the file count in its message. Drawn on
/// stderr only when it is a terminal (tests and scripts see the summary lines only).
pub struct Progress {
    bar: ProgressBar,
    files: usize,
    done: usize,
}

impl Progress {
    pub fn new(files: usize, bytes: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{wide_bar} {bytes}/{total_bytes} {msg} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        let p = Progress {
            bar,
            files,
            done: 0,
        };
        p.bar.set_message(p.message());
        p
    }

    fn message(&self) -> String {
        format!("ไฟล์ / files {}/{}", self.done, self.files)
    }

    pub fn uploaded(&mut self, bytes: u64) {
        self.done += 1;
        self.bar.inc(bytes);
        self.bar.set_message(self.message());
    }

    pub fn note(&self, line: &str) {
        self.bar.println(line);
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// A host error about `what` (a path on the host, or the host itself) as a diagnostic.
pub fn host_error(what: &str, doing_th: &str, doing_en: &str, e: &HostError) -> Diagnostic {
    let (th, en, hint) = match e.failure {
        Failure::Login => (
            "โฮสต์ไม่ยอมให้เข้าสู่ระบบ (ชื่อผู้ใช้ รหัสผ่าน หรือกุญแจไม่ถูกต้อง)",
            "login refused (wrong user, password or key)",
            "ตรวจชื่อผู้ใช้ใน [deploy] url และรหัสผ่านใน PRONGSAI_DEPLOY_PASSWORD / check the user in [deploy] url and the password in PRONGSAI_DEPLOY_PASSWORD",
        ),
        Failure::Permission => (
            "โฮสต์ไม่อนุญาตให้เขียนหรือลบ (สิทธิ์ไม่พอ หรือโฟลเดอร์อ่านได้อย่างเดียว)",
            "permission denied (no write right, or a read-only folder)",
            "ตรวจโฟลเดอร์ใน [deploy] url และสิทธิ์ของบัญชีนี้กับผู้ให้บริการโฮสต์ แล้วสั่งใหม่ จะทำต่อจากที่ค้างไว้ / check the folder in [deploy] url and this account's rights with the host, then run again: it resumes",
        ),
        Failure::Full => (
            "พื้นที่บนโฮสต์เต็ม (ดิสก์หรือโควตา)",
            "the host is full (disk or quota)",
            "ลบไฟล์เก่าบนโฮสต์หรือขอเพิ่มพื้นที่ แล้วสั่งใหม่ จะทำต่อจากที่ค้างไว้ / free space or ask the host for more, then run again: it resumes",
        ),
        Failure::Network => (
            "ติดต่อโฮสต์ไม่ได้ หรือการเชื่อมต่อขาด",
            "cannot reach the host, or the connection broke",
            "ตรวจชื่อโฮสต์ พอร์ต และอินเทอร์เน็ต แล้วสั่งใหม่ จะทำต่อจากที่ค้างไว้ / check the host, the port and the network, then run again: it resumes",
        ),
        Failure::Identity => (
            "ยืนยันตัวตนของโฮสต์ไม่ได้ (กุญแจโฮสต์หรือใบรับรองไม่ตรงกับที่รู้จัก)",
            "the host's identity cannot be verified (host key or certificate)",
            "SFTP: เข้า ssh ผู้ใช้@โฮสต์ หนึ่งครั้งเพื่อยืนยันกุญแจโฮสต์ (ถ้ากุญแจเปลี่ยน ให้ถามผู้ดูแลโฮสต์ก่อน) FTPS: ใบรับรองขององค์กรเองให้ตั้ง PRONGSAI_DEPLOY_CA_FILE / SFTP: run ssh user@host once to accept its key (if it changed, ask the host's admin first); FTPS with the organisation's own CA: set PRONGSAI_DEPLOY_CA_FILE",
        ),
        Failure::Other => (
            "โฮสต์ตอบว่าทำไม่ได้",
            "the host refused",
            "อ่านข้อความของโฮสต์ในวงเล็บ แก้ แล้วสั่งใหม่ จะทำต่อจากที่ค้างไว้ / read the host's words in brackets, fix, and run again: it resumes",
        ),
    };
    Diagnostic::file(
        Path::new(what),
        format!("{doing_th}: {th} ({})", e.detail),
        format!("{doing_en}: {en} ({})", e.detail),
        hint,
    )
}

/// Bytes in a human unit (kB, MB), for the summary.
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.1} kB", b / 1e3)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_file_cause_and_hint() {
        let d = host_error(
            "news/a/index.html",
            "อัปโหลดไม่ได้",
            "cannot upload",
            &HostError::new(Failure::Full, "452 No space left on device"),
        );
        assert!(d.en.contains("the host is full") && d.en.contains("452"));
        assert!(d.th.contains("พื้นที่บนโฮสต์เต็ม"));
        assert!(d.hint.contains("resumes"));
        assert_eq!(d.file, Path::new("news/a/index.html"));
        assert_eq!(human(1_500_000), "1.5 MB");
    }
}
