//! `prongsai init`: the few files a new site starts from.

use std::path::Path;

use super::today;

/// Start a new site in `dir` (which must not exist or be empty).
pub fn init(dir: &Path) -> Result<(), (i32, String)> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err((
            1,
            format!(
                "โฟลเดอร์ {} มีไฟล์อยู่แล้ว / {} is not empty",
                dir.display(),
                dir.display()
            ),
        ));
    }
    let date = today();
    let files: [(&str, String); 4] = [
        (
            "site.toml",
            "base_url = \"https://www.example.go.th/\"\ntitle = \"เทศบาลตำบลตัวอย่าง\"\ntitle_en = \"Example Subdistrict Municipality\"\ndescription = \"เว็บไซต์เปิดเผยข้อมูลสาธารณะ\"\ndigits = \"thai\"   # thai | arabic\n\n[contact]\naddress = \"\"\nphone = \"\"\nemail = \"\"\nhours = \"วันจันทร์–วันศุกร์ ๐๘.๓๐–๑๖.๓๐ น.\"\n".into(),
        ),
        (
            "content/pages/about.md",
            format!("+++\ntitle = \"ข้อมูลทั่วไป\"\ndate = {}\norder = 1\n+++\n\nประวัติและข้อมูลทั่วไปของหน่วยงาน\n", date.iso()),
        ),
        (
            "content/news/welcome.md",
            format!("+++\ntitle = \"เปิดเว็บไซต์ใหม่\"\ndate = {}\n+++\n\nยินดีต้อนรับสู่เว็บไซต์ของเรา\n", date.iso()),
        ),
        ("content/files/.gitkeep", String::new()),
    ];
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                (
                    1,
                    format!("สร้างโฟลเดอร์ไม่ได้ / cannot create {}: {e}", parent.display()),
                )
            })?;
        }
        std::fs::write(&p, text).map_err(|e| {
            (
                1,
                format!("เขียนไฟล์ไม่ได้ / cannot write {}: {e}", p.display()),
            )
        })?;
    }
    Ok(())
}
