//! The ITA map end to end: `prongsai check --oit` and the `/ita/` pages on small sites.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A site under a sub-path with: a structure page (standing information), a No Gift
/// announcement of fiscal year 2567 (outside the year for ITA 2568) and news of 2568.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "base_url = \"https://example.go.th/sub/\"\ntitle = \"เทศบาลตำบลทดสอบ\"\n",
    );
    write(
        root,
        "content/pages/structure.md",
        "+++\ntitle = \"โครงสร้างองค์กร\"\ndate = 2023-05-01\n+++\nผังองค์กร\n",
    );
    write(
        root,
        "content/announcements/no-gift-2567.toml",
        "title = \"ประกาศ เรื่อง นโยบาย No Gift Policy\"\ndate = 2024-01-10\ncategory = \"no-gift\"\n",
    );
    write(
        root,
        "content/news/pledge.toml",
        "title = \"ข่าวกิจกรรม\"\ndate = 2025-02-03\ntags = [\"ของขวัญ\"]\n",
    );
    dir
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn item<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["ita"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["subgroups"].as_array().unwrap())
        .flat_map(|s| s["items"].as_array().unwrap())
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no item {code}"))
}

#[test]
fn served_missing_and_outside_the_year() {
    let dir = site();
    let (code, out, err) = run(
        dir.path(),
        &["check", "--oit", "--year", "2568", "--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
    assert_eq!(v["ita"]["year"], 2568);
    assert_eq!(v["ita"]["ok"], false);
    let o1 = item(&v, "O1");
    assert_eq!(o1["status"], "served");
    assert_eq!(
        o1["served"][0]["permalink"],
        "https://example.go.th/sub/pages/structure/"
    );
    assert_eq!(o1["served"][0]["source"], "content/pages/structure.md");
    let path: Vec<&str> = o1["served"][0]["click_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(path, ["หน้าแรก", "ข้อมูลพื้นฐาน", "โครงสร้างองค์กร"]);
    let o4 = item(&v, "O4");
    assert_eq!(o4["status"], "served");
    assert_eq!(
        o4["served"][0]["permalink"],
        "https://example.go.th/sub/news/2568/"
    );
    let o21 = item(&v, "O21");
    assert_eq!(o21["status"], "outside");
    assert_eq!(o21["served"].as_array().unwrap().len(), 0);
    assert_eq!(
        o21["outside"][0]["permalink"],
        "https://example.go.th/sub/announcements/no-gift-2567/"
    );
    let o22 = item(&v, "O22");
    assert_eq!(o22["status"], "missing");
    assert_eq!(item(&v, "O2")["verified"], false);
    // The same announcement is in the year for ITA 2567.
    let (_, out, _) = run(
        dir.path(),
        &["check", "--oit", "--year", "2567", "--format", "json"],
    );
    assert_eq!(item(&json(&out), "O31")["status"], "served");
}

#[test]
fn text_report_lists_urls_and_marks() {
    let dir = site();
    let (code, out, err) = run(dir.path(), &["check", "--oit", "--year", "2568"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("ตรวจแล้วไม่พบปัญหา"), "{out}");
    assert!(out.contains("[✓ มี] O1 โครงสร้างและอำนาจหน้าที่"), "{out}");
    assert!(
        out.contains("https://example.go.th/sub/pages/structure/"),
        "{out}"
    );
    assert!(out.contains("หน้าแรก › ข้อมูลพื้นฐาน › โครงสร้างองค์กร"), "{out}");
    assert!(out.contains("[! นอกปี] O21"), "{out}");
    assert!(out.contains("[✗ ขาด] O22"), "{out}");
    assert!(out.contains("ยังไม่ยืนยัน"), "{out}");
    assert!(out.contains("สรุป ITA 2568"), "{out}");
}

#[test]
fn site_override_and_oit_field() {
    let dir = site();
    let root = dir.path();
    // The site changes O22's rule (by code) and adds an item of its own.
    write(
        root,
        "oit/ita-2568.toml",
        r#"
[[items]]
code = "O22"
rule = [{ kinds = ["news"], tags = ["ของขวัญ"] }]

[[items]]
code = "X1"
name = "ข้อของหน่วยงาน"
group = "10"
subgroup = "10.1"
requires = "ตามที่หน่วยงานกำหนด"
"#,
    );
    // A record names O21 of its own fiscal year's catalogue (ITA 2568) and X1.
    write(
        root,
        "content/news/ceremony.toml",
        "title = \"พิธีประกาศเจตนารมณ์\"\ndate = 2024-12-01\noit = [\"O21\", \"2568:X1\"]\n",
    );
    let (_, out, err) = run(
        root,
        &["check", "--oit", "--year", "2568", "--format", "json"],
    );
    let v = json(&out);
    let o22 = item(&v, "O22");
    assert_eq!(o22["status"], "served", "{err}");
    assert_eq!(o22["site"], true);
    assert_eq!(o22["origin"], "oit/ita-2568.toml");
    assert_eq!(o22["name"], "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา");
    let o21 = item(&v, "O21");
    assert_eq!(o21["status"], "served");
    assert_eq!(o21["served"][0]["via"], "oit");
    assert_eq!(item(&v, "X1")["status"], "served");
    assert_eq!(v["ita"]["counts"]["items"], 27);
    // An unknown code fails the check.
    write(
        root,
        "content/news/typo.toml",
        "title = \"ข่าว\"\ndate = 2024-12-02\noit = [\"O210\"]\n",
    );
    let (code, out, _) = run(root, &["check", "--oit", "--year", "2568"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("content/news/typo.toml: oit = \"O210\""),
        "{out}"
    );
}

#[test]
fn exit_codes() {
    let dir = site();
    let root = dir.path();
    // Without --oit a site with missing items passes.
    assert_eq!(run(root, &["check"]).0, 0);
    // A site-only catalogue whose every item is served: exit 0.
    write(
        root,
        "oit/ita-2590.toml",
        "[groups]\n\"9\" = \"ตัวชี้วัดที่ 9\"\n\"9.1\" = \"ข้อมูลพื้นฐาน\"\n\n[[items]]\ncode = \"O1\"\nname = \"โครงสร้าง\"\ngroup = \"9\"\nsubgroup = \"9.1\"\nverified = true\nevidence_year = \"standing\"\nrule = [{ pages = [\"structure\"] }]\n",
    );
    let (code, out, err) = run(
        root,
        &["check", "--oit", "--year", "2590", "--format", "json"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(json(&out)["ok"], true);
    let (code, out, _) = run(root, &["check", "--oit", "--year", "2590"]);
    assert_eq!(code, 0);
    assert!(out.contains("ครบทุกข้อ"), "{out}");
    // No catalogue for the year: a usage error.
    let (code, _, err) = run(root, &["check", "--oit", "--year", "2501"]);
    assert_eq!(code, 2);
    assert!(err.contains("2567, 2568, 2569, 2590"), "{err}");
    // --year needs --oit.
    assert_eq!(run(root, &["check", "--year", "2568"]).0, 2);
    // A broken site catalogue: a content error with its position.
    write(
        root,
        "oit/ita-2590.toml",
        "[[items]]\ncode = \"O1\"\nnmae = \"x\"\n",
    );
    let (code, _, err) = run(root, &["check", "--oit"]);
    assert_eq!(code, 1);
    assert!(err.contains("oit/ita-2590.toml:3:1"), "{err}");
    assert!(err.contains("`name`"), "{err}");
}

#[test]
fn ita_pages_list_absolute_urls() {
    let dir = site();
    let root = dir.path();
    let out = root.join("public");
    let (code, _, err) = run(root, &["build"]);
    assert_eq!(code, 0, "{err}");
    // The newest record is of fiscal year 2568: /ita/ shows ITA 2568.
    let index = std::fs::read_to_string(out.join("ita/index.html")).unwrap();
    let y68 = std::fs::read_to_string(out.join("ita/2568/index.html")).unwrap();
    assert!(out.join("ita/2567/index.html").is_file());
    for page in [&index, &y68] {
        assert!(page.contains("https://example.go.th/sub/pages/structure/"));
        assert!(
            page.contains("href=/sub/pages/structure/")
                || page.contains("href=\"/sub/pages/structure/\"")
        );
        assert!(page.contains("https://example.go.th/sub/news/2568/"));
        assert!(page.contains("ยังไม่ยืนยัน"));
        assert!(page.contains("ยังไม่มีข้อมูล"));
        assert!(page.contains("หน้าแรก › ข้อมูลพื้นฐาน › โครงสร้างองค์กร"));
        assert_eq!(page.matches("<h1").count(), 1);
        assert!(page.contains("ITA ปี พ.ศ. ๒๕๖๘"));
    }
    // The menu links to /ita/ and every page knows it.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("/sub/ita/"));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.go.th/sub/ita/2568/"));
    // A Markdown link to the ITA page is a known link.
    write(
        root,
        "content/pages/ita-link.md",
        "+++\ntitle = \"ลิงก์\"\ndate = 2024-01-01\n+++\n[ITA](/ita/2567/) [ITA](/ita/)\n",
    );
    assert_eq!(run(root, &["check"]).0, 0);
}

/// The complete `oit/ita-2570.toml` example of docs/ita.md (the code block after its marker).
fn docs_example_2570() -> String {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ita.md")).unwrap();
    let after = docs
        .split_once("<!-- example: oit/ita-2570.toml -->")
        .expect("docs/ita.md has the ita-2570.toml example")
        .1;
    let body = after.split_once("```toml\n").unwrap().1;
    body.split_once("```").unwrap().0.to_string()
}

/// December 2569: the newest records are of fiscal year 2570, which has no catalogue. `/ita/`
/// and `check --oit` use ITA 2569 and say so; the docs' `oit/ita-2570.toml` then takes over.
#[test]
fn a_year_without_catalogue_says_so_until_the_site_adds_it() {
    let dir = site();
    let root = dir.path();
    write(
        root,
        "content/news/kick-off-2570.toml",
        "title = \"ประชุมเตรียมการประเมิน ITA\"\ndate = 2026-12-01\n",
    );
    let (code, out, err) = run(root, &["check", "--oit"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("สรุป ITA 2569"), "{out}");
    assert!(
        out.contains("ป.ป.ช. ยังไม่ประกาศรายการข้อ OIT ของปี 2570: แสดงตามรายการปี 2569"),
        "{out}"
    );
    assert!(
        out.contains("The NACC has not yet published the OIT items of ITA 2570"),
        "{out}"
    );
    let (_, out, _) = run(root, &["check", "--oit", "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["ita"]["year"], 2569);
    assert_eq!(v["ita"]["awaited_year"], 2570);
    // Another year asked for by name carries no notice.
    let (_, out, _) = run(root, &["check", "--oit", "--year", "2568"]);
    assert!(!out.contains("ยังไม่ประกาศ"), "{out}");
    let (code, _, err) = run(root, &["build"]);
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(root.join("public/ita/index.html")).unwrap();
    assert!(
        index.contains("ป.ป.ช. ยังไม่ประกาศรายการข้อ OIT ของปี ๒๕๗๐: แสดงตามรายการปี ๒๕๖๙"),
        "{index}"
    );
    assert!(index.contains("ITA ปี พ.ศ. ๒๕๖๙"));
    let y68 = std::fs::read_to_string(root.join("public/ita/2568/index.html")).unwrap();
    assert!(!y68.contains("ยังไม่ประกาศรายการ"));
    // The site adds the new list (the complete example of docs/ita.md): it is picked up.
    write(root, "oit/ita-2570.toml", &docs_example_2570());
    let (_, out, err) = run(root, &["check", "--oit", "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["ita"]["year"], 2570, "{err}");
    assert_eq!(v["ita"]["awaited_year"], Value::Null);
    assert_eq!(v["ita"]["files"][0], "oit/ita-2570.toml");
    assert_eq!(v["ita"]["counts"]["items"], 3);
    assert_eq!(item(&v, "O1")["status"], "served");
    assert_eq!(item(&v, "O20")["verified"], false);
    let (code, out, _) = run(root, &["check", "--oit"]);
    assert_eq!(code, 1);
    assert!(out.contains("สรุป ITA 2570"), "{out}");
    assert!(!out.contains("ยังไม่ประกาศ"), "{out}");
    run(root, &["build"]);
    let index = std::fs::read_to_string(root.join("public/ita/index.html")).unwrap();
    assert!(index.contains("ITA ปี พ.ศ. ๒๕๗๐"));
    assert!(!index.contains("ยังไม่ประกาศรายการ"));
}
