//! What a first-time officer trips over (issue 15), each point on a real site in a temp folder:
//! unfilled placeholders of `prongsai new`, `new plan` without `--plan`, the procurement flags,
//! plan fiscal years, empty dimension names, Thai-digit ordered lists, and message wording.

use crate::common;

use common::{read, run, s, site, write};

/// Every line of `err` that is the English line of a diagnostic (second line of each error).
fn english_lines(err: &str) -> Vec<String> {
    let lines: Vec<&str> = err.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("error: "))
        .filter_map(|(i, _)| lines.get(i + 2).map(|l| l.to_string()))
        .collect()
}

/// The file `prongsai new` reports it created.
fn created(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("สร้างไฟล์ / created "))
        .unwrap_or_else(|| panic!("{stdout}"))
        .to_string()
}

fn has_thai(s: &str) -> bool {
    s.chars().any(|c| ('\u{0E01}'..='\u{0E4F}').contains(&c))
}

#[test]
fn new_records_stay_unfilled_until_the_officer_fills_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    run(&["init", s(&root)]).expect(0);
    run(&["check", "--root", s(&root)]).expect(0);
    let title = "ประกาศผู้ชนะการเสนอราคา ซื้อวัสดุสำนักงาน กองคลัง โดยวิธีเฉพาะเจาะจง";
    let r = run(&["new", "--root", s(&root), "procurement", title]);
    r.expect(0);
    assert!(r.stdout.contains("<กรอก"), "{}", r.all());
    let file = created(&r.stdout);
    // The long title is cut between words.
    assert!(
        file.ends_with("ประกาศผู้ชนะการเสนอราคา-ซื้อวัสดุสำนักงาน-กองคลัง-โดยวิธี.toml"),
        "{file}"
    );
    let text = read(std::env::temp_dir().join(&file));
    // The notices of one procurement share `item`: the title without the stage's words.
    assert!(text.contains("item = \"ซื้อวัสดุสำนักงาน กองคลัง\""), "{text}");
    assert!(
        text.contains("# วงเงินงบประมาณ"),
        "a comment line per field: {text}"
    );
    assert!(!text.contains("budget = 0"), "{text}");
    let r = run(&["check", "--root", s(&root)]);
    r.expect(1);
    assert!(r.stderr.contains("ยังไม่ได้กรอก `budget`"), "{}", r.all());
    for field in ["stage", "method", "budget"] {
        assert!(
            r.stderr
                .contains(&format!("`{field}` is not filled in yet")),
            "{field}: {}",
            r.all()
        );
    }
    // With the flags, only what is left is reported.
    let r = run(&[
        "new",
        "--root",
        s(&root),
        "procurement",
        "ประกาศราคากลาง จ้างซ่อมถนน หมู่ที่ ๒",
        "--stage",
        "median-price",
        "--method",
        "specific",
        "--item",
        "จ้างซ่อมถนนลูกรัง หมู่ที่ ๒",
    ]);
    r.expect(0);
    let text = read(root.join("content/procurement/ประกาศราคากลาง-จ้างซ่อมถนน-หมู่ที่-๒.toml"));
    assert!(text.contains("stage = \"median-price\""), "{text}");
    assert!(text.contains("method = \"specific\""), "{text}");
    assert!(text.contains("item = \"จ้างซ่อมถนนลูกรัง หมู่ที่ ๒\""), "{text}");
    // A value that is not a stage is a usage error naming the allowed ones.
    let r = run(&[
        "new",
        "--root",
        s(&root),
        "procurement",
        "x",
        "--stage",
        "won",
    ]);
    r.expect(2);
    assert!(r.stderr.contains("winner"), "{}", r.all());
    assert!(run(&["new", "--root", s(&root), "news", "x", "--stage", "winner"]).code == Some(2));
    // A news item: its text is a placeholder too.
    run(&["new", "--root", s(&root), "news", "ข่าวกิจกรรมวันเด็ก"]).expect(0);
    let r = run(&["check", "--root", s(&root)]);
    assert!(r.stderr.contains("ข่าวกิจกรรมวันเด็ก.md"), "{}", r.all());
    assert!(
        r.stderr.contains("the text is not written yet"),
        "{}",
        r.all()
    );
}

#[test]
fn a_plan_needs_no_plan_flag_and_projects_name_their_plan() {
    let dir = site(&[]);
    let root = dir.path();
    let r = run(&[
        "new",
        "--root",
        s(root),
        "plan",
        "แผนปฏิบัติการป้องกันการทุจริต ๔ ปี (พ.ศ. ๒๕๖๘ – ๒๕๗๑)",
    ]);
    r.expect(0);
    let plan = root.join("content/plans/แผนปฏิบัติการป้องกันการทุจริต-๔-ปี-พ-ศ-๒๕๖๘-๒๕๗๑/plan.toml");
    assert!(plan.is_file(), "{}", r.all());
    let r = run(&["check", "--root", s(root)]);
    r.expect(1);
    assert!(
        r.stderr.contains("`years` is not filled in yet"),
        "{}",
        r.all()
    );
    assert!(
        r.stderr.contains("`name` is not filled in yet"),
        "{}",
        r.all()
    );
    // A project without --plan: the message lists the plans there are.
    let r = run(&["new", "--root", s(root), "project", "โครงการอบรม"]);
    r.expect(2);
    assert!(
        r.stderr.contains("แผนปฏิบัติการป้องกันการทุจริต-๔-ปี"),
        "{}",
        r.all()
    );
    let r = run(&[
        "new",
        "--root",
        s(root),
        "project",
        "โครงการอบรม",
        "--plan",
        "nothing",
    ]);
    r.expect(1);
}

#[test]
fn plans_and_projects_belong_to_their_years() {
    let plan = "title = \"แผน\"\ndate = 2026-11-01\nyears = [2566, 2570]\ndimensions = [{ number = 1, name = \"มิติ\", missions = [{ code = \"1.1\", name = \"ภารกิจ\" }] }]\n";
    let project = "title = \"โครงการ\"\ndate = 2026-11-01\nnumber = 1\ntype = \"โครงการ\"\ndimension = 1\nmission = \"1.1\"\n";
    let dir = site(&[
        ("content/plans/p/plan.toml", plan),
        ("content/plans/p/projects/one.toml", project),
    ]);
    let root = dir.path();
    run(&["build", "--root", s(root)]).expect(0);
    let plans: serde_json::Value =
        serde_json::from_str(&read(root.join("public/data/plans.json"))).unwrap();
    assert_eq!(
        plans[0]["fiscal_year"], 2566,
        "typed in fiscal year 2570, a plan of 2566–2570"
    );
    let projects: serde_json::Value =
        serde_json::from_str(&read(root.join("public/data/projects.json"))).unwrap();
    assert_eq!(projects[0]["fiscal_year"], 2566);
    // A fiscal_year outside the plan's years is an error, on the plan and on a project.
    write(
        &root.join("content/plans/p/plan.toml"),
        format!("{plan}fiscal_year = 2571\n"),
    );
    let r = run(&["check", "--root", s(root)]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("fiscal_year 2571 is not a year of the plan (2566–2570)"),
        "{}",
        r.all()
    );
    write(&root.join("content/plans/p/plan.toml"), plan);
    write(
        &root.join("content/plans/p/projects/one.toml"),
        format!("{project}fiscal_year = 2565\n"),
    );
    let r = run(&["check", "--root", s(root)]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("fiscal_year 2565 is not a year of the plan (2566–2570)"),
        "{}",
        r.all()
    );
    // Inside the years it is accepted.
    write(
        &root.join("content/plans/p/plan.toml"),
        format!("{plan}fiscal_year = 2568\n"),
    );
    write(
        &root.join("content/plans/p/projects/one.toml"),
        format!("{project}fiscal_year = 2569\n"),
    );
    run(&["check", "--root", s(root)]).expect(0);
    // docs/records.md and docs/ita.md say the same.
    let records = read(common::repo().join("docs/records.md"));
    let ita = read(common::repo().join("docs/ita.md"));
    assert!(records.contains("Plans and projects belong to the years of the plan's `years`"));
    assert!(ita.contains("**Plans and projects** belong to the years of their plan's `years`"));
}

#[test]
fn dimension_and_mission_names_are_required() {
    let dir = site(&[(
        "content/plans/p/plan.toml",
        "title = \"แผน\"\ndate = 2024-11-01\nyears = [2566, 2570]\ndimensions = [\n  { number = 1, name = \" \", missions = [{ code = \"1.1\", name = \"\" }] },\n]\n",
    )]);
    let r = run(&["check", "--root", s(dir.path())]);
    r.expect(1);
    assert!(r.stderr.contains("dimension 1 has no name"), "{}", r.all());
    assert!(
        r.stderr.contains("mission 1.1 of dimension 1 has no name"),
        "{}",
        r.all()
    );
    assert!(
        r.stderr.contains("content/plans/p/plan.toml:4:"),
        "{}",
        r.all()
    );
}

#[test]
fn ordered_lists_number_in_thai_digits_on_thai_digit_sites() {
    let news = "+++\ntitle = \"ข่าว\"\ndate = 2024-11-01\n+++\n1. หนึ่ง\n2. สอง\n";
    let dir = site(&[("content/news/a.md", news)]);
    let root = dir.path();
    run(&["build", "--root", s(root)]).expect(0);
    let page = read(root.join("public/news/a/index.html"));
    assert!(
        page.contains("<body class=digits-thai>") || page.contains("<body class=\"digits-thai\">"),
        "{page}"
    );
    let css = read(root.join("public/assets/style.css"));
    assert!(css.contains("@counter-style thai-paren"), "{css}");
    assert!(css.contains("system:extends thai") || css.contains("system: extends thai"));
    assert!(css.contains(".digits-thai main ol:not([class])"), "{css}");
    // digits = "arabic": no Thai numbering.
    write(
        &root.join("site.toml"),
        "base_url = \"https://a.example.go.th/\"\ntitle = \"อบต.ทดสอบ\"\ndigits = \"arabic\"\n",
    );
    run(&["build", "--root", s(root)]).expect(0);
    let page = read(root.join("public/news/a/index.html"));
    assert!(!page.contains("digits-thai"));
}

#[test]
fn messages_read_right_in_each_language() {
    let dir = site(&[
        (
            "content/announcements/a.md",
            "+++\ntitle = \"ประกาศ\"\ndate = 2024-11-01\ncategory = \"general\"\ncolour = \"แดง\"\n+++\n",
        ),
        (
            "content/news/b.md",
            "+++\ntitle = \"ข่าว\"\ndate = 2024-11-01\nattachments = [{ file = \"missing.pdf\", title = \"ไฟล์\" }]\n+++\n",
        ),
    ]);
    let r = run(&["check", "--root", s(dir.path())]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("unknown field `colour` in an announcement record"),
        "{}",
        r.all()
    );
    assert!(!r.stderr.contains("a announcement"));
    for line in english_lines(&r.stderr) {
        assert!(!has_thai(&line), "Thai words in the English line: {line}");
    }
    // The caret of a missing attachment points at the file name, not at `[`.
    let line = "attachments = [{ file = \"missing.pdf\", title = \"ไฟล์\" }]";
    let col = line.find("missing.pdf").unwrap() + 1;
    assert!(
        r.stderr.contains(&format!("content/news/b.md:4:{col}")),
        "{}",
        r.all()
    );
}

#[test]
fn readme_tells_the_officer_to_look_with_serve() {
    let readme = read(common::repo().join("README.md"));
    let officer = readme.split("## For the web officer").nth(1).unwrap();
    let officer = officer.split("\n## ").next().unwrap();
    assert!(officer.contains("`prongsai serve`"));
    assert!(officer.contains("public/index.html"));
    assert!(officer.contains("file://"));
    assert!(officer.contains("[docs/site.md](docs/site.md)"));
}
