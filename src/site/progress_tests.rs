//! The progress computation on a small plan, against numbers worked out by hand.

use std::path::Path;

use super::*;
use crate::content::{Record, parse_record_bytes};
use crate::site::plan;

const PLAN: &str = "title = \"แผนทดสอบ\"\ndate = 2023-10-01\nyears = [2567, 2569]\n\
[[dimensions]]\nnumber = 1\nname = \"มิติหนึ่ง\"\nmissions = [{ code = \"1.1\", name = \"ภารกิจ\" }]\n\
[[dimensions]]\nnumber = 2\nname = \"มิติสอง\"\nmissions = [{ code = \"2.1\", name = \"ภารกิจ\" }]\n";

fn project(n: u32, dim: u32, budget: &str) -> String {
    format!(
        "title = \"โครงการ {n}\"\ndate = 2023-10-01\nnumber = {n}\ntype = \"โครงการ\"\n\
         dimension = {dim}\nmission = \"{dim}.1\"\nbudget = {{ {budget} }}\n"
    )
}

fn report(head: &str, rows: &str) -> String {
    format!(
        "title = \"รายงาน\"\nreport_type = \"plan-progress\"\n{head}\nprogress = [\n{rows}\n]\n"
    )
}

fn record(rel: &str, text: &str) -> Arc<Record> {
    let (r, diags) = parse_record_bytes(
        Path::new("/nonexistent"),
        Path::new(rel),
        text.as_bytes(),
        false,
    );
    match r {
        Some(r) if diags.is_empty() => Arc::new(r),
        _ => panic!("{rel} does not parse: {diags:?}"),
    }
}

fn baht(satang: i64) -> Baht {
    Baht::from_satang(satang)
}

/// Records: the plan, projects 1 and 2 (dimension 1) and 3 (dimension 2), and four reports.
fn records() -> Vec<Arc<Record>> {
    vec![
        record("content/plans/p/plan.toml", PLAN),
        record(
            "content/plans/p/projects/p1.toml",
            &project(1, 1, "2568 = 100000, 2569 = 50000"),
        ),
        record(
            "content/plans/p/projects/p2.toml",
            &project(2, 1, "2568 = 20000.50"),
        ),
        record(
            "content/plans/p/projects/p3.toml",
            &project(3, 2, "2568 = 300000"),
        ),
        // 6-month report of 2568: superseded for projects 1 and 3 by the annual one below
        record(
            "content/reports/six.toml",
            &report(
                "plan = \"p\"\ndate = 2025-04-21\nfiscal_year = 2568\nperiod_to = 2025-03-31",
                "{ project = 1, status = \"in-progress\", spent = 40000 },\n\
                 { project = 2, status = \"not-started\", spent = 0 },\n\
                 { project = 3, status = \"in-progress\", spent = 100000 },",
            ),
        ),
        // annual report of 2568, published before the 6-month one of the next year
        record(
            "content/reports/annual.toml",
            &report(
                "plan = \"p\"\ndate = 2025-10-20\nfiscal_year = 2568\nperiod_to = 2025-09-30",
                "{ project = 1, status = \"done\", spent = 95000.25 },\n\
                 { project = 3, status = \"cancelled\" },",
            ),
        ),
        // 2569 without period_to: its date is the day the figures stand at
        record(
            "content/reports/next.toml",
            &report(
                "plan = \"p\"\ndate = 2026-04-01\nfiscal_year = 2569",
                "{ project = 1, status = \"in-progress\", spent = 10000 },",
            ),
        ),
        // a report on another plan is not this plan's progress
        record(
            "content/reports/other.toml",
            &report(
                "plan = \"q\"\ndate = 2025-10-20\nfiscal_year = 2568",
                "{ project = 1, status = \"done\", spent = 1 },",
            ),
        ),
    ]
}

fn computed() -> (Vec<Arc<Record>>, PlanProgress) {
    let records = records();
    let Data::Plan(p) = &records[0].data else {
        panic!("record 0 is the plan")
    };
    let url_of = |i: usize| format!("/r/{i}/");
    let s = plan::summarise(&records, 0, p, &plan::projects_of(&records, "p"), &url_of);
    let progress = compute(&records, "p", &s, &url_of);
    (records, progress)
}

#[test]
fn per_year_and_dimension_totals() {
    let (_, pr) = computed();
    let years: Vec<i32> = pr.years.iter().map(|y| y.fiscal_year).collect();
    assert_eq!(years, [2569, 2568], "years with reports, newest first");

    let y68 = &pr.years[1];
    let d1 = &y68.dimensions[0].tally;
    // project 1: annual report (done, 95,000.25); project 2: 6-month report (not started, 0)
    assert_eq!(d1.projects, 2);
    assert_eq!(
        d1.counts,
        Counts {
            done: 1,
            not_started: 1,
            ..Counts::default()
        }
    );
    assert_eq!(d1.planned, baht(12_000_050));
    assert_eq!(d1.planned_reported, baht(12_000_050));
    assert_eq!(
        d1.spent,
        baht(9_500_025),
        "latest figures, never summed across reports"
    );
    let d2 = &y68.dimensions[1].tally;
    assert_eq!(
        d2.counts,
        Counts {
            cancelled: 1,
            ..Counts::default()
        }
    );
    assert_eq!((d2.planned, d2.spent), (baht(30_000_000), baht(0)));
    let t = &y68.total;
    assert_eq!(t.projects, 3);
    assert_eq!(
        t.counts,
        Counts {
            done: 1,
            not_started: 1,
            cancelled: 1,
            ..Counts::default()
        }
    );
    assert_eq!(t.planned, baht(42_000_050));
    assert_eq!(t.spent, baht(9_500_025));
    assert_eq!(y68.reports.len(), 2, "both reports of 2568 are named");
    assert!(
        y68.reports[0].as_of < y68.reports[1].as_of,
        "oldest figures first"
    );

    let t = &pr.years[0].total;
    // 2569: project 1 in progress; 2 and 3 unreported (project 2 has no budget that year)
    assert_eq!(
        t.counts,
        Counts {
            in_progress: 1,
            unreported: 2,
            ..Counts::default()
        }
    );
    assert_eq!(t.planned, baht(5_000_000));
    assert_eq!(t.planned_reported, baht(5_000_000));
    assert_eq!(t.spent, baht(1_000_000));
}

#[test]
fn entries_and_projects() {
    let (records, pr) = computed();
    assert_eq!(pr.entries.len(), 6, "the other plan's report is left out");
    let superseded: Vec<(u32, i32)> = pr
        .entries
        .iter()
        .filter(|e| e.superseded)
        .map(|e| (e.project, e.fiscal_year))
        .collect();
    assert_eq!(superseded, [(1, 2568), (3, 2568)]);
    // project 1: one row a year, the annual figures for 2568, each with that year's budget
    let rows: Vec<(i32, Option<Baht>, Option<Baht>, Status)> = pr
        .of_project(1)
        .iter()
        .map(|e| (e.fiscal_year, e.planned, e.spent, e.status))
        .collect();
    assert_eq!(
        rows,
        [
            (
                2568,
                Some(baht(10_000_000)),
                Some(baht(9_500_025)),
                Status::Done
            ),
            (
                2569,
                Some(baht(5_000_000)),
                Some(baht(1_000_000)),
                Status::InProgress
            ),
        ]
    );
    let p1 = &pr.of_project(1)[0];
    assert_eq!(records[p1.report].slug, "annual");
    assert_eq!(p1.report_url, format!("/r/{}/", p1.report));
    assert_eq!(p1.status_label, "ดำเนินการแล้ว");
    assert!(pr.of_project(3).iter().all(|e| e.spent.is_none()));
    assert!(
        pr.of_project(0).is_empty(),
        "the plan record has no progress"
    );
    let six = records.iter().position(|r| r.slug == "six");
    assert_eq!(six.map(|i| pr.of_report(i).count()), Some(3));
}

#[test]
fn a_year_outside_the_plan_has_no_planned_budget() {
    let mut records = records();
    records.push(record(
        "content/reports/late.toml",
        &report(
            "plan = \"p\"\ndate = 2027-10-05\nfiscal_year = 2571",
            "{ project = 2, status = \"done\", spent = 5 },",
        ),
    ));
    let Data::Plan(p) = &records[0].data else {
        panic!("record 0 is the plan")
    };
    let url_of = |i: usize| format!("/r/{i}/");
    let s = plan::summarise(&records, 0, p, &plan::projects_of(&records, "p"), &url_of);
    let pr = compute(&records, "p", &s, &url_of);
    let late: Vec<(i32, Option<Baht>)> = pr
        .of_project(2)
        .iter()
        .map(|e| (e.fiscal_year, e.planned))
        .collect();
    assert_eq!(
        late,
        [(2568, Some(baht(2_000_050))), (2571, None)],
        "2571 is not a year of the plan"
    );
    assert_eq!(pr.years[0].fiscal_year, 2571);
    assert_eq!(pr.years[0].total.planned, baht(0));
    assert_eq!(pr.years[0].total.spent, baht(500));
}

#[test]
fn no_reports_no_progress() {
    let records: Vec<Arc<Record>> = records().into_iter().take(4).collect();
    let Data::Plan(p) = &records[0].data else {
        panic!("record 0 is the plan")
    };
    let url_of = |i: usize| format!("/r/{i}/");
    let s = plan::summarise(&records, 0, p, &plan::projects_of(&records, "p"), &url_of);
    let pr = compute(&records, "p", &s, &url_of);
    assert!(pr.years.is_empty() && pr.entries.is_empty() && pr.projects.is_empty());
}
