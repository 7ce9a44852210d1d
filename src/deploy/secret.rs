//! Where the password (or the SSH key's passphrase) may come from: `PRONGSAI_DEPLOY_PASSWORD`
//! or a prompt, never a file of the site folder (see also target.rs for site.toml).

use std::path::Path;

use super::target::PASSWORD_VAR;
use super::transport::{Failure, HostError};
use crate::error::Diagnostic;

/// A password kept in a file of the site folder (`.env` and the like) is refused: the site
/// folder is copied, shared and kept in git.
pub fn refuse_password_files(root: &Path) -> Result<(), Diagnostic> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let small = e.metadata().is_ok_and(|m| m.is_file() && m.len() < 65_536);
        if !small {
            continue;
        }
        let text = std::fs::read(e.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let stored = text.lines().any(|l| {
            l.trim_start()
                .trim_start_matches("export ")
                .strip_prefix(PASSWORD_VAR)
                .and_then(|r| r.trim_start().strip_prefix('='))
                .is_some_and(|v| !v.trim().trim_matches(['"', '\'']).is_empty())
        });
        if stored {
            return Err(Diagnostic::file(
                &e.path(),
                "ไฟล์นี้เก็บรหัสผ่าน PRONGSAI_DEPLOY_PASSWORD ไว้ในโฟลเดอร์เว็บไซต์ ซึ่งมักถูกคัดลอก ส่งต่อ หรือเก็บใน git จึงไม่ส่งเว็บไซต์",
                "this file stores PRONGSAI_DEPLOY_PASSWORD inside the site folder, which is copied, shared and kept in git; nothing was sent",
                "ลบรหัสผ่านออกจากไฟล์นี้ แล้วตั้งตัวแปรในเครื่อง (หรือใน secret ของระบบ CI) หรือพิมพ์เมื่อโปรแกรมถาม / remove it from this file; set the variable in your session (or a CI secret), or type it when asked",
            ));
        }
    }
    Ok(())
}

/// The password from the environment, else asked (unless `--yes`, which asks nothing).
pub fn password_from_env_or_prompt(yes: bool) -> Result<String, HostError> {
    if let Ok(p) = std::env::var(PASSWORD_VAR)
        && !p.is_empty()
    {
        return Ok(p);
    }
    if yes {
        return Err(HostError::new(
            Failure::Login,
            format!("no password: {PASSWORD_VAR} is not set, and --yes asks nothing"),
        ));
    }
    rpassword::prompt_password("รหัสผ่าน / password: ").map_err(|e| {
        HostError::new(
            Failure::Login,
            format!("cannot ask for the password ({e}); set {PASSWORD_VAR}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_files_of_the_site_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("notes.txt"), "PRONGSAI_DEPLOY_PASSWORD=\n").expect("write");
        assert!(
            refuse_password_files(dir.path()).is_ok(),
            "an empty value stores nothing"
        );
        std::fs::write(
            dir.path().join(".env"),
            "export PRONGSAI_DEPLOY_PASSWORD = 'x'\n",
        )
        .expect("write");
        let d = refuse_password_files(dir.path()).expect_err("refused");
        assert!(d.file.ends_with(".env"));
    }
}
