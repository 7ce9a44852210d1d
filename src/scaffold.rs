//! `prongsai new` and `prongsai init`: files an officer starts from.

use std::path::{Path, PathBuf};

use crate::content::{Kind, check_slug};
use crate::thai::Date;

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days((secs / 86_400) as i64).unwrap_or(Date {
        year: 2025,
        month: 1,
        day: 1,
    })
}

/// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// A file name from a title: letters (Thai too) and digits kept, spaces and the rest as `-`.
pub fn slugify(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() || ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.chars().count() >= 60 {
            break;
        }
    }
    s.trim_end_matches('-').to_string()
}

fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn kind_of(name: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == name || k.folder() == name)
}

/// Write a new record of `kind` titled `title`; returns its path, or (exit code, message).
pub fn new_record(
    root: &Path,
    kind: &str,
    title: &str,
    plan: Option<&str>,
) -> Result<PathBuf, (i32, String)> {
    let Some(kind) = kind_of(kind) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        return Err((
            2,
            format!(
                "ไม่รู้จักประเภท `{kind}` / unknown kind `{kind}`; ใช้ได้ / use one of: {}",
                names.join(", ")
            ),
        ));
    };
    if title.trim().is_empty() {
        return Err((2, "ต้องมีชื่อเรื่อง / the title must not be empty".into()));
    }
    let date = today();
    let q = toml_str(title);
    let fy = crate::thai::fiscal_year(date);
    let fields = match kind {
        Kind::Page => "order = 100\nsection = \"about\"\n".to_string(),
        Kind::News => String::new(),
        Kind::Announcement => "category = \"general\"   # no-gift, participation, hr, ethics, integrity, complaint, policy, general, procurement, budget, service\nsigner = { name = \"\", position = \"\" }\n".into(),
        Kind::Procurement => format!("stage = \"invitation\"     # plan, invitation, median-price, winner, contract, inspection, cancellation\nmethod = \"specific\"      # e-bidding, e-market, selection, specific\nitem = {q}\nbudget = 0\n"),
        Kind::Report => "report_type = \"other\"   # plan-progress, plan-annual, budget, procurement, internal-control, hr, service-stats, other\n".into(),
        Kind::Complaints => format!("fiscal_year = {fy}\nmonths = [\n  {{ month = 10, received = 0, resolved = 0, in_progress = 0 }},\n]\nchannels = [{{ name = \"เว็บไซต์\", count = 0 }}]\ncategories = [{{ name = \"ร้องทุกข์ทั่วไป\", count = 0 }}]\n"),
        Kind::Person => "position = \"\"\ngroup = \"executive\"   # executive, council, staff\norder = 1\n".into(),
        Kind::Service => "department = \"\"\nsteps = [{ name = \"\", minutes = 10 }]\nfees = []\ndocuments = [{ name = \"บัตรประจำตัวประชาชน\", copies = 1 }]\n".into(),
        Kind::Plan => format!("years = [{fy}, {}]\ndimensions = [\n  {{ number = 1, name = \"\", missions = [{{ code = \"1.1\", name = \"\" }}] }},\n]\n", fy + 4),
        Kind::Project => "number = 1\ntype = \"โครงการ\"   # โครงการ, กิจกรรม, มาตรการ\ndimension = 1\nmission = \"1.1\"\nbudget = {}\nobjectives = []\nmethod = []\n".into(),
    };
    let dir = match kind {
        Kind::Plan | Kind::Project => {
            let Some(plan) = plan else {
                return Err((2, "แผนและโครงการต้องระบุ --plan <ชื่อโฟลเดอร์แผน> / plans and projects need --plan <plan folder>".into()));
            };
            if check_slug(plan).is_err() {
                return Err((
                    2,
                    format!("ชื่อแผน `{plan}` ใช้ไม่ได้ / `{plan}` is not a usable plan folder name"),
                ));
            }
            let d = root.join("content").join("plans").join(plan);
            if kind == Kind::Project {
                d.join("projects")
            } else {
                d
            }
        }
        k => root.join("content").join(k.folder()),
    };
    let base = if kind == Kind::Plan {
        "plan".to_string()
    } else {
        slugify(title)
    };
    let base = if base.is_empty() || check_slug(&base).is_err() {
        format!("{}-{}", kind.name(), date.iso())
    } else {
        base
    };
    let ext = if matches!(kind, Kind::News | Kind::Announcement | Kind::Page) {
        "md"
    } else {
        "toml"
    };
    let mut path = dir.join(format!("{base}.{ext}"));
    let mut n = 2;
    while path.exists() {
        if kind == Kind::Plan {
            return Err((
                1,
                format!("มีแผนนี้แล้ว / this plan already exists: {}", path.display()),
            ));
        }
        path = dir.join(format!("{base}-{n}.{ext}"));
        n += 1;
    }
    let head = format!("title = {q}\ndate = {}\n{fields}", date.iso());
    let text = if ext == "md" {
        format!("+++\n{head}+++\n\nเขียนเนื้อหาที่นี่ / write the text here.\n")
    } else {
        format!("{head}body = \"\"\"\n\"\"\"\n")
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        (
            1,
            format!("สร้างโฟลเดอร์ไม่ได้ / cannot create {}: {e}", dir.display()),
        )
    })?;
    std::fs::write(&path, text).map_err(|e| {
        (
            1,
            format!("เขียนไฟล์ไม่ได้ / cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(path)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), Date::new(1970, 1, 1));
        assert_eq!(civil_from_days(19_997), Date::new(2024, 10, 1));
    }

    #[test]
    fn slugs_from_titles() {
        assert_eq!(slugify("ประกาศ ผู้ชนะ (ถนน) หมู่ 3"), "ประกาศ-ผู้ชนะ-ถนน-หมู่-3");
        assert_eq!(slugify("No Gift!"), "no-gift");
        assert_eq!(slugify("!!!"), "");
    }
}
