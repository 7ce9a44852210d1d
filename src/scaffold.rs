//! `prongsai new` and `prongsai init`: files an officer starts from.

use std::path::{Path, PathBuf};

use crate::content::unfilled::placeholder;
use crate::content::{Kind, check_slug};
use crate::thai::Date;
use crate::thai::date::civil_from_days;

mod init;
pub use init::init;

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

/// Longest file name (in characters) `new` makes from a title.
const SLUG_MAX: usize = 60;

/// A file name from a title: letters (Thai too) and digits kept, spaces and the rest as `-`. A
/// long title is cut at a word boundary (Thai words found by the search index's segmenter), so
/// the URL never ends in half a word.
pub fn slugify(title: &str) -> String {
    let s = crate::content::slug_words(title);
    let full = s.as_str();
    let len = |t: &str| t.chars().count();
    if len(full) <= SLUG_MAX {
        return full.to_string();
    }
    let seg = crate::search::segment::segmenter();
    let mut out = String::new();
    for part in full.split('-') {
        let sep = if out.is_empty() { "" } else { "-" };
        if len(&out) + sep.len() + len(part) <= SLUG_MAX {
            out.push_str(sep);
            out.push_str(part);
            continue;
        }
        // The part does not fit whole: its leading words that do.
        let mut taken = String::new();
        for w in seg.tokens(part) {
            if len(&out) + sep.len() + len(&taken) + len(&w) > SLUG_MAX {
                break;
            }
            taken.push_str(&w);
        }
        if !taken.is_empty() {
            out.push_str(sep);
            out.push_str(&taken);
        }
        break;
    }
    if out.is_empty() {
        // One "word" longer than the limit (no dictionary word in it): cut it plainly.
        out = full.chars().take(SLUG_MAX).collect();
    }
    out.trim_end_matches('-').to_string()
}

fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn kind_of(name: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == name || k.folder() == name)
}

/// What `prongsai new` was asked for.
#[derive(Debug, Default, Clone)]
pub struct NewArgs<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    /// A project's plan folder; for a plan, the folder to create (default: from the title).
    pub plan: Option<&'a str>,
    /// Procurement only: `stage`, `method` and `item` (default: the title without its stage's words).
    pub stage: Option<&'a str>,
    pub method: Option<&'a str>,
    pub item: Option<&'a str>,
}

/// Words a procurement notice's title begins with that name its stage (or the notice), not the
/// thing bought: the longest first. `item` is shared by every notice of one procurement.
const STAGE_WORDS: [&str; 15] = [
    "ประกาศกำหนดวัน เวลา สถานที่ตรวจรับงาน",
    "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง",
    "ประกาศผลผู้ชนะการเสนอราคา",
    "ประกาศผู้ชนะการเสนอราคา",
    "ประกาศผู้ได้รับการคัดเลือก",
    "ประกาศยกเลิกการประกวดราคา",
    "ประกาศผลการตรวจรับพัสดุ",
    "ข้อมูลสาระสำคัญในสัญญา",
    "แผนการจัดซื้อจัดจ้าง",
    "ประกาศเชิญชวน",
    "หนังสือเชิญชวน",
    "ประกาศราคากลาง",
    "ประกาศยกเลิก",
    "ประกวดราคา",
    "ราคากลาง",
];

/// The `item` of a procurement notice from its title: without the stage's words, the
/// organisation's "ประกาศ… เรื่อง", the plan's fiscal year and the method ("ด้วยวิธี…").
pub fn item_of_title(title: &str) -> String {
    let mut t = title.trim();
    if t.starts_with("ประกาศ")
        && let Some((_, rest)) = t.split_once(" เรื่อง ")
    {
        t = rest.trim();
    }
    loop {
        let before = t;
        for w in STAGE_WORDS {
            if let Some(rest) = t.strip_prefix(w) {
                t = rest.trim_start();
            }
        }
        if let Some(rest) = t.strip_prefix("ประจำปีงบประมาณ") {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix("พ.ศ.").unwrap_or(rest).trim_start();
            t = rest
                .trim_start_matches(|c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c))
                .trim_start();
        }
        if t == before {
            break;
        }
    }
    for method in [" ด้วยวิธี", " โดยวิธี"] {
        if let Some(i) = t.find(method) {
            t = &t[..i];
        }
    }
    let t = t.trim();
    if t.is_empty() { title.trim() } else { t }.to_string()
}

/// A value of `enum` named by a flag, as its TOML text; the message lists the allowed names.
fn flag_value<T: serde::de::DeserializeOwned>(
    flag: &str,
    value: &str,
    allowed: &str,
) -> Result<String, (i32, String)> {
    match serde_json::from_value::<T>(serde_json::json!(value)) {
        Ok(_) => Ok(toml_str(value)),
        Err(_) => Err((
            2,
            format!(
                "--{flag} `{value}` ใช้ไม่ได้ ใช้ได้: {allowed} / --{flag} `{value}` is not one of: {allowed}"
            ),
        )),
    }
}

/// The kind's own fields of a new record: a comment line per field, and for what only the
/// officer knows a placeholder that `check` refuses, naming the field (content::unfilled).
fn fields_of(kind: Kind, args: &NewArgs<'_>) -> Result<String, (i32, String)> {
    let p = placeholder;
    Ok(match kind {
        Kind::Page => "# ลำดับในเมนู (เลขน้อยอยู่ก่อน) / order in the menu, smaller first\norder = 100\n# หมวด / section: about, policy, law, contact\nsection = \"about\"\n".to_string(),
        Kind::News => String::new(),
        Kind::Announcement => format!(
            "# ประเภท / category: no-gift, participation, hr, ethics, integrity, complaint, policy, general, procurement, budget, service\ncategory = {}\n# ผู้ลงนาม / who signed it\nsigner = {{ name = {}, position = {} }}\n",
            p("ประเภทของประกาศ เช่น \"no-gift\""),
            p("ชื่อผู้ลงนาม"),
            p("ตำแหน่งผู้ลงนาม เช่น \"นายกเทศมนตรีตำบล…\"")
        ),
        Kind::Procurement => {
            let stage = match args.stage {
                Some(v) => flag_value::<crate::content::Stage>("stage", v, "plan, invitation, median-price, winner, contract, inspection, cancellation")?,
                None => p("ขั้นตอน เช่น \"winner\""),
            };
            let method = match args.method {
                Some(v) => flag_value::<crate::content::Method>("method", v, "e-bidding, e-market, selection, specific")?,
                None => p("วิธี เช่น \"specific\""),
            };
            let item = toml_str(&args.item.map_or_else(|| item_of_title(args.title), str::to_string));
            format!(
                "# ขั้นตอน / stage: plan, invitation, median-price, winner, contract, inspection, cancellation\nstage = {stage}\n# วิธี / method: e-bidding, e-market, selection, specific\nmethod = {method}\n# รายการ: ประกาศทุกขั้นของการจัดซื้อครั้งเดียวกันใช้ข้อความเดียวกัน / item: the same text on every notice of one procurement\nitem = {item}\n# วงเงินงบประมาณ (บาท) / budget in baht\nbudget = {}\n",
                p("วงเงินงบประมาณ เป็นบาท เช่น 495000")
            )
        }
        Kind::Report => format!(
            "# ประเภทรายงาน / report_type: plan-progress, plan-annual, budget, procurement, internal-control, hr, service-stats, other\nreport_type = {}\n",
            p("ประเภทรายงาน เช่น \"hr\"")
        ),
        Kind::Complaints => format!(
            "# ปีงบประมาณที่สถิตินี้นับ (พ.ศ.) / the fiscal year these statistics count\nfiscal_year = {}\n# รายเดือน / per month, e.g. [{{ month = 10, received = 2, resolved = 1, in_progress = 1 }}]\nmonths = {}\n# ช่องทาง / channels, e.g. [{{ name = \"เว็บไซต์\", count = 1 }}]\nchannels = []\n# ประเภทเรื่อง / categories, e.g. [{{ name = \"ร้องทุกข์ทั่วไป\", count = 1 }}]\ncategories = []\n",
            p("ปีงบประมาณ เช่น 2568"),
            p("จำนวนเรื่องรายเดือน")
        ),
        Kind::Person => format!(
            "# ตำแหน่ง / position\nposition = {}\n# กลุ่ม / group: executive, council, staff\ngroup = \"executive\"\n# ลำดับในหน้า / order on the page\norder = 1\n",
            p("ตำแหน่ง เช่น \"นายกองค์การบริหารส่วนตำบล\"")
        ),
        Kind::Service => format!(
            "# หน่วยงานที่ให้บริการ / department\ndepartment = {}\n# ขั้นตอนและเวลา (นาที) / steps with minutes, e.g. [{{ name = \"ยื่นคำขอ\", minutes = 10 }}]\nsteps = {}\n# ค่าธรรมเนียม / fees, e.g. [{{ name = \"ค่าคำขอ\", amount = 20 }}]\nfees = []\n# เอกสารที่ต้องใช้ / documents, e.g. [{{ name = \"บัตรประจำตัวประชาชน\", copies = 1 }}]\ndocuments = []\n",
            p("ชื่อกองหรือฝ่าย"),
            p("ขั้นตอนการให้บริการ")
        ),
        Kind::Plan => format!(
            "# ปีของแผน [ปีแรก, ปีสุดท้าย] พ.ศ. / the plan's years [first, last], e.g. [2566, 2570]\nyears = {}\n# มิติและภารกิจตามเอกสารแผน / dimensions and missions as the plan prints them\ndimensions = [\n  {{ number = 1, name = {}, missions = [{{ code = \"1.1\", name = {} }}] }},\n]\n",
            p("ปีของแผน เช่น [2566, 2570]"),
            p("ชื่อมิติ"),
            p("ชื่อภารกิจ")
        ),
        Kind::Project => format!(
            "# ลำดับที่ในตารางสรุปของแผน / number in the plan's summary table\nnumber = {}\n# ประเภท / type: โครงการ, กิจกรรม, มาตรการ\ntype = {}\n# มิติและภารกิจในแผน / the plan's dimension and mission\ndimension = {}\nmission = {}\n# งบประมาณต่อปี (ปีที่ไม่ใส่ = ไม่ใช้งบประมาณ) / budget per fiscal year, e.g. {{ 2568 = 32580 }}\nbudget = {{}}\nobjectives = []\nmethod = []\n",
            p("ลำดับที่ เช่น 1"),
            p("โครงการ กิจกรรม หรือ มาตรการ"),
            p("เลขมิติ เช่น 1"),
            p("รหัสภารกิจ เช่น \"1.1\"")
        ),
    })
}

/// The plan folders of a site, for messages.
fn plan_folders(root: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content").join("plans"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().join("plan.toml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if names.is_empty() {
        "-".into()
    } else {
        names.join(", ")
    }
}

/// Write a new record as `args` asks; returns its path, or (exit code, message).
pub fn new_record(root: &Path, args: &NewArgs<'_>) -> Result<PathBuf, (i32, String)> {
    let (kind, title) = (args.kind, args.title);
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
    if kind != Kind::Procurement
        && let Some(flag) = [
            ("stage", args.stage),
            ("method", args.method),
            ("item", args.item),
        ]
        .into_iter()
        .find_map(|(f, v)| v.map(|_| f))
    {
        return Err((
            2,
            format!("--{flag} ใช้กับ procurement เท่านั้น / --{flag} is for procurement only"),
        ));
    }
    let date = today();
    let fields = fields_of(kind, args)?;
    let dir = match kind {
        Kind::Plan | Kind::Project => {
            let plan = match (kind, args.plan) {
                (_, Some(p)) => p.to_string(),
                // A plan makes its own folder, named from its title.
                (Kind::Plan, None) => {
                    let s = slugify(title);
                    if s.is_empty() || check_slug(&s).is_err() {
                        format!("plan-{}", date.iso())
                    } else {
                        s
                    }
                }
                _ => {
                    return Err((
                        2,
                        format!(
                            "โครงการต้องระบุแผนด้วย --plan <ชื่อโฟลเดอร์แผน> (แผนที่มี: {0}) / a project needs --plan <plan folder> (plans: {0})",
                            plan_folders(root)
                        ),
                    ));
                }
            };
            if check_slug(&plan).is_err() {
                return Err((
                    2,
                    format!("ชื่อแผน `{plan}` ใช้ไม่ได้ / `{plan}` is not a usable plan folder name"),
                ));
            }
            let d = root.join("content").join("plans").join(&plan);
            if kind == Kind::Project {
                if !d.join("plan.toml").is_file() {
                    return Err((
                        1,
                        format!(
                            "ไม่มีแผน `{plan}` (ไฟล์ content/plans/{plan}/plan.toml) สร้างด้วย prongsai new plan \"ชื่อแผน\" ก่อน / no plan `{plan}` yet: create it first with prongsai new plan \"title\"; plans: {}",
                            plan_folders(root)
                        ),
                    ));
                }
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
    let head = format!(
        "title = {}\n# วันที่เผยแพร่ / publication date\ndate = {}\n{fields}",
        toml_str(title),
        date.iso()
    );
    let text = if ext == "md" {
        format!(
            "+++\n{head}+++\n\n{}\n",
            placeholder("เนื้อหา: เขียนข้อความของเอกสารที่นี่ / write the text here").trim_matches('"')
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), Date::new(1970, 1, 1));
        assert_eq!(civil_from_days(19_997), Date::new(2024, 10, 1));
    }

    #[test]
    fn long_thai_titles_are_cut_between_words() {
        let title = "ประกาศเจตนารมณ์การป้องกันและต่อต้านการทุจริตคอร์รัปชัน และนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่";
        let s = slugify(title);
        assert!(s.chars().count() <= SLUG_MAX, "{s}");
        // Every piece is a whole word of the title: the slug is a prefix of the full one that
        // ends where a word ends.
        let full: String = title
            .chars()
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        assert!(full.starts_with(&s), "{s}");
        let words =
            crate::search::segment::segmenter().tokens(&full[full.find('-').unwrap() + 1..]);
        let tail = s.rsplit('-').next().unwrap();
        let mut acc = String::new();
        let mut ends = vec![String::new()];
        for w in &words {
            acc.push_str(w);
            ends.push(acc.clone());
        }
        assert!(
            ends.contains(&tail.to_string()),
            "{tail} ends mid-word; words: {words:?}"
        );
        assert!(!s.ends_with("หน้า"), "{s}");
        assert!(check_slug(&s).is_ok());
        // A title that fits is unchanged; a word without a break is cut plainly.
        assert_eq!(slugify("ข่าวประชาสัมพันธ์"), "ข่าวประชาสัมพันธ์");
        assert_eq!(slugify(&"x".repeat(100)).len(), SLUG_MAX);
    }

    #[test]
    fn item_drops_the_stage_words() {
        assert_eq!(
            item_of_title("ประกาศผู้ชนะการเสนอราคา ซื้อวัสดุสำนักงาน โดยวิธีเฉพาะเจาะจง"),
            "ซื้อวัสดุสำนักงาน"
        );
        // Every procurement notice of the demo: the item derived from its title is the one
        // the officer typed.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/procurement");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let get = |k: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("{k} = \"")))
                    .map(|v| v.trim_end_matches('"').to_string())
            };
            let (Some(title), Some(item)) = (get("title"), get("item")) else {
                continue;
            };
            assert_eq!(item_of_title(&title), item, "{title}");
            n += 1;
        }
        assert!(n >= 30, "{n}");
    }

    #[test]
    fn slugs_from_titles() {
        assert_eq!(slugify("ประกาศ ผู้ชนะ (ถนน) หมู่ 3"), "ประกาศ-ผู้ชนะ-ถนน-หมู่-3");
        assert_eq!(slugify("No Gift!"), "no-gift");
        assert_eq!(slugify("!!!"), "");
    }
}
