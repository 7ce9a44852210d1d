//! Plan progress from reports: the plan page's table per fiscal year and dimension, and each
//! project page's table per year, computed from the report records (an officer types no total).

use crate::common;

use common::*;

const PLAN: &str = "title = \"แผนปฏิบัติการป้องกันการทุจริต\"\ndate = 2023-10-01\nyears = [2567, 2569]\n\
[[dimensions]]\nnumber = 1\nname = \"การสร้างสังคมที่ไม่ทนต่อการทุจริต\"\n\
missions = [{ code = \"1.1\", name = \"การสร้างจิตสำนึก\" }]\n\
[[dimensions]]\nnumber = 2\nname = \"การบริหารราชการเพื่อป้องกันการทุจริต\"\n\
missions = [{ code = \"2.1\", name = \"การแสดงเจตจำนง\" }]\n";

const TRAINING: &str = "title = \"โครงการอบรมคุณธรรมจริยธรรม\"\ndate = 2023-10-01\nnumber = 1\n\
type = \"โครงการ\"\ndimension = 1\nmission = \"1.1\"\nbudget = { 2568 = 32580, 2569 = 40000 }\n";

const NO_GIFT: &str = "title = \"มาตรการ No Gift Policy\"\ndate = 2023-10-01\nnumber = 2\n\
type = \"มาตรการ\"\ndimension = 2\nmission = \"2.1\"\nbudget = { 2568 = 1250000.50 }\n";

const REPORT: &str = "title = \"รายงานผลการดำเนินงานตามแผน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘\"\n\
date = 2025-10-20\nfiscal_year = 2568\nreport_type = \"plan-annual\"\nplan = \"acp\"\n\
period_from = 2024-10-01\nperiod_to = 2025-09-30\nprogress = [\n\
  { project = 1, status = \"done\", spent = 30000, result = \"อบรม ๒ ครั้ง\" },\n\
  { project = 2, status = \"in-progress\", spent = 1000000.25 },\n]\n";

fn plan_site(digits: &str) -> tempfile::TempDir {
    let site_toml = SITE_TOML.replace("digits = \"thai\"", &format!("digits = \"{digits}\""));
    let dir = site(&[
        ("site.toml", site_toml.as_str()),
        ("content/plans/acp/plan.toml", PLAN),
        ("content/plans/acp/projects/training.toml", TRAINING),
        ("content/plans/acp/projects/no-gift.toml", NO_GIFT),
        ("content/reports/acp-annual-2568.toml", REPORT),
    ]);
    build(dir.path()).expect(0);
    dir
}

/// The cells of the table row whose text contains `marker` (rows end at the next `<tr`, since
/// `</tr>` may be left out).
fn row(html: &str, marker: &str) -> Vec<String> {
    let Some(at) = html.find(marker) else {
        return Vec::new();
    };
    let start = html[..at].rfind("<tr").unwrap_or(0);
    let end = ["<tr", "</tbody", "<tfoot", "</tfoot", "</table"]
        .iter()
        .filter_map(|m| html[at..].find(m))
        .min()
        .map_or(html.len(), |j| at + j);
    row_cells(&html[start..end], marker)
}

fn page(dir: &tempfile::TempDir, rel: &str) -> String {
    read(dir.path().join("public").join(rel).join("index.html"))
}

/// The table whose caption has `id`.
fn table<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id={id}>"))
        .or_else(|| html.find(&format!("id=\"{id}\"")))
        .unwrap_or_else(|| panic!("no #{id} in the page"));
    let start = html[..at].rfind("<table").unwrap_or(at);
    let end = html[at..].find("</table>").map_or(html.len(), |j| at + j);
    &html[start..end]
}

#[test]
fn plan_page_shows_progress_per_year_and_dimension() {
    let dir = plan_site("thai");
    let html = page(&dir, "plans/acp");
    let t = text(&html);
    assert!(t.contains("ผลการดำเนินงาน"), "{t}");
    let tbl = table(&html, "progress-cap-2568");
    assert!(
        text(tbl).contains("ผลการดำเนินงานแยกตามมิติ ปีงบประมาณ พ.ศ. ๒๕๖๘"),
        "caption: {}",
        text(tbl)
    );
    // projects: all, done, in progress, not started, cancelled, unreported; planned (all,
    // reported), spent
    assert_eq!(
        row(tbl, "๑. การสร้างสังคม"),
        [
            "๑. การสร้างสังคมที่ไม่ทนต่อการทุจริต",
            "๑",
            "๑",
            "๐",
            "๐",
            "๐",
            "๐",
            "๓๒,๕๘๐",
            "๓๒,๕๘๐",
            "๓๐,๐๐๐"
        ]
    );
    assert_eq!(
        row(tbl, "๒. การบริหาร"),
        [
            "๒. การบริหารราชการเพื่อป้องกันการทุจริต",
            "๑",
            "๐",
            "๑",
            "๐",
            "๐",
            "๐",
            "๑,๒๕๐,๐๐๐.๕๐",
            "๑,๒๕๐,๐๐๐.๕๐",
            "๑,๐๐๐,๐๐๐.๒๕"
        ]
    );
    assert_eq!(
        row(tbl, "รวมทั้งสิ้น"),
        [
            "รวมทั้งสิ้น",
            "๒",
            "๑",
            "๑",
            "๐",
            "๐",
            "๐",
            "๑,๒๘๒,๕๘๐.๕๐",
            "๑,๒๘๒,๕๘๐.๕๐",
            "๑,๐๓๐,๐๐๐.๒๕"
        ]
    );
    assert!(tags(tbl).iter().any(|x| tag_name(x) == "caption"));
    assert!(
        tags(tbl)
            .iter()
            .filter(|x| tag_name(x) == "th")
            .all(|x| attr(x, "scope").is_some()),
        "every header cell has a scope"
    );
    // only 2568 has a report: no table for 2567 or 2569
    assert!(!html.contains("progress-cap-2567") && !html.contains("progress-cap-2569"));
    assert!(
        attr_values(&html, "href").contains(&"/reports/acp-annual-2568/".to_string()),
        "the report the figures come from is linked"
    );
}

#[test]
fn project_page_shows_its_progress_per_year() {
    let dir = plan_site("thai");
    let html = page(&dir, "plans/acp/projects/training");
    let tbl = table(&html, "progress-cap");
    // year, planned, spent, status, result, report
    assert_eq!(
        row(tbl, "ดำเนินการแล้ว")[..5],
        ["๒๕๖๘", "๓๒,๕๘๐", "๓๐,๐๐๐", "ดำเนินการแล้ว", "อบรม ๒ ครั้ง"]
    );
    assert!(
        text(tbl).contains(
            "รายงานผลการดำเนินงานตามแผน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๘"
        ),
        "{}",
        text(tbl)
    );
    assert!(attr_values(tbl, "href").contains(&"/reports/acp-annual-2568/".to_string()));
    let html = page(&dir, "plans/acp/projects/no-gift");
    assert_eq!(
        row(table(&html, "progress-cap"), "อยู่ระหว่าง")[..4],
        ["๒๕๖๘", "๑,๒๕๐,๐๐๐.๕๐", "๑,๐๐๐,๐๐๐.๒๕", "อยู่ระหว่างดำเนินการ"]
    );
    // the report page shows the planned budget of its own fiscal year, not the project's total
    let html = page(&dir, "reports/acp-annual-2568");
    let cells = row(&html, "โครงการอบรมคุณธรรมจริยธรรม");
    assert_eq!(
        cells.get(3).map(String::as_str),
        Some("๓๒,๕๘๐"),
        "{cells:?}"
    );
}

#[test]
fn arabic_digits_when_the_site_asks() {
    let dir = plan_site("arabic");
    let html = page(&dir, "plans/acp");
    assert_eq!(
        row(table(&html, "progress-cap-2568"), "รวมทั้งสิ้น"),
        [
            "รวมทั้งสิ้น",
            "2",
            "1",
            "1",
            "0",
            "0",
            "0",
            "1,282,580.50",
            "1,282,580.50",
            "1,030,000.25"
        ]
    );
    let html = page(&dir, "plans/acp/projects/training");
    assert!(text(&html).contains("ข้อมูล ณ วันที่ 30 กันยายน 2568"));
}

#[test]
fn no_report_no_progress_table() {
    let dir = site(&[
        ("content/plans/acp/plan.toml", PLAN),
        ("content/plans/acp/projects/training.toml", TRAINING),
    ]);
    build(dir.path()).expect(0);
    for rel in ["plans/acp", "plans/acp/projects/training"] {
        let html = page(&dir, rel);
        assert!(!html.contains("progress-cap"), "{rel} has a progress table");
        assert!(!text(&html).contains("ผลการดำเนินงาน"), "{rel}");
    }
}

#[test]
fn a_project_twice_in_one_report_is_an_error() {
    let report = REPORT.replace(
        "{ project = 2, status",
        "{ project = 1, status = \"done\" },\n  { project = 2, status",
    );
    let dir = site(&[
        ("content/plans/acp/plan.toml", PLAN),
        ("content/plans/acp/projects/training.toml", TRAINING),
        ("content/plans/acp/projects/no-gift.toml", NO_GIFT),
        ("content/reports/acp-annual-2568.toml", report.as_str()),
    ]);
    let run = check(dir.path());
    run.expect(1);
    assert!(
        run.stderr
            .contains("project number 1 has more than one progress row"),
        "{}",
        run.all()
    );
}
