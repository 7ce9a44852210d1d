//! The progress of a plan, from the progress rows of the reports on it: every row beside the
//! project's planned budget for the report's fiscal year; per project and fiscal year the figures
//! of the latest report; per fiscal year and dimension the totals (planned, spent, projects by
//! status). One computation serves the plan page, the project pages, the report pages and
//! `/data/plan-progress`.
//!
//! "Latest" is the report whose period ends last (`period_to`, else its date), then the one
//! published last: a 6-month report is superseded by the annual report of the same year, and
//! amounts spent are never added across reports (each report states the spending so far).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::content::{Data, Record, Status};
use crate::thai::{Baht, Date};

use super::plan::PlanSummary;

/// The Thai label of a status, as reports print it.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Done => "ดำเนินการแล้ว",
        Status::InProgress => "อยู่ระหว่างดำเนินการ",
        Status::NotStarted => "ยังไม่ได้ดำเนินการ",
        Status::Cancelled => "ยกเลิก",
    }
}

/// One progress row of one report.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Record index of the report.
    pub report: usize,
    pub report_url: String,
    pub report_title: String,
    pub fiscal_year: i32,
    /// The day the figures stand at: the report's `period_to`, else its date.
    pub as_of: Date,
    /// The project's number in the plan.
    pub project: u32,
    /// Record index of the project (`None` when no project has that number; `check` says so).
    pub project_record: Option<usize>,
    /// The project's budget for the report's fiscal year (`None` outside the plan's years).
    pub planned: Option<Baht>,
    pub spent: Option<Baht>,
    pub status: Status,
    pub status_label: &'static str,
    pub result: Option<String>,
    /// Whether a later report of the same fiscal year gives newer figures for this project.
    pub superseded: bool,
}

/// Projects counted by the status of their latest report in one fiscal year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub cancelled: usize,
    /// Projects that no report of that year mentions.
    pub unreported: usize,
}

/// Totals of a group of projects (a dimension, or the whole plan) in one fiscal year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub projects: usize,
    pub counts: Counts,
    /// Planned budget of all the projects of the group for that year.
    pub planned: Baht,
    /// Planned budget of the projects a report of that year covers.
    pub planned_reported: Baht,
    /// Amount spent, as the latest reports state it (a row without `spent` counts 0).
    pub spent: Baht,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionProgress {
    pub number: u32,
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// A report that gave figures for a fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRef {
    pub url: String,
    pub title: String,
    pub as_of: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearProgress {
    pub fiscal_year: i32,
    pub dimensions: Vec<DimensionProgress>,
    pub total: Tally,
    /// The reports of that year with progress rows, oldest figures first.
    pub reports: Vec<ReportRef>,
}

/// The progress of one plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanProgress {
    /// Every progress row of every report on the plan, in record order.
    #[serde(skip)]
    pub entries: Vec<Entry>,
    /// Per project record: its latest entry of each fiscal year (indexes into `entries`),
    /// oldest year first.
    #[serde(skip)]
    pub projects: BTreeMap<usize, Vec<usize>>,
    /// Fiscal years that have reports, newest first.
    pub years: Vec<YearProgress>,
}

impl PlanProgress {
    /// The latest entries of project record `i`, one a fiscal year, oldest year first.
    pub fn of_project(&self, i: usize) -> Vec<&Entry> {
        self.projects
            .get(&i)
            .map(|l| l.iter().filter_map(|&k| self.entries.get(k)).collect())
            .unwrap_or_default()
    }

    /// The entries of report record `i`, in its order.
    pub fn of_report(&self, i: usize) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.report == i)
    }
}

fn plus(a: Baht, b: Baht) -> Baht {
    a.checked_add(b).unwrap_or(Baht::from_satang(i64::MAX))
}

impl Tally {
    /// Count one project: its planned budget of the year, and its latest row of that year.
    fn count(&mut self, planned: Option<Baht>, latest: Option<&Entry>) {
        let planned = planned.unwrap_or_default();
        self.projects += 1;
        self.planned = plus(self.planned, planned);
        let Some(e) = latest else {
            self.counts.unreported += 1;
            return;
        };
        self.planned_reported = plus(self.planned_reported, planned);
        self.spent = plus(self.spent, e.spent.unwrap_or_default());
        match e.status {
            Status::Done => self.counts.done += 1,
            Status::InProgress => self.counts.in_progress += 1,
            Status::NotStarted => self.counts.not_started += 1,
            Status::Cancelled => self.counts.cancelled += 1,
        }
    }

    fn add(&mut self, o: &Tally) {
        self.projects += o.projects;
        self.counts.done += o.counts.done;
        self.counts.in_progress += o.counts.in_progress;
        self.counts.not_started += o.counts.not_started;
        self.counts.cancelled += o.counts.cancelled;
        self.counts.unreported += o.counts.unreported;
        self.planned = plus(self.planned, o.planned);
        self.planned_reported = plus(self.planned_reported, o.planned_reported);
        self.spent = plus(self.spent, o.spent);
    }
}

/// The reports with rows for fiscal year `fy`, oldest figures first.
fn reports_of(
    records: &[Arc<Record>],
    entries: &[Entry],
    fy: i32,
    url_of: &dyn Fn(usize) -> String,
) -> Vec<ReportRef> {
    let mut reports: Vec<(Date, Option<Date>, usize)> = entries
        .iter()
        .filter(|e| e.fiscal_year == fy)
        .map(|e| {
            (
                e.as_of,
                records.get(e.report).map(|r| r.meta.date),
                e.report,
            )
        })
        .collect();
    reports.sort();
    reports.dedup();
    reports
        .into_iter()
        .filter_map(|(as_of, _, i)| {
            Some(ReportRef {
                url: url_of(i),
                title: records.get(i)?.meta.title.clone(),
                as_of,
            })
        })
        .collect()
}

/// The progress of the plan in folder `folder`, whose summary (projects and budgets) is `s`.
pub fn compute(
    records: &[Arc<Record>],
    folder: &str,
    s: &PlanSummary,
    url_of: &dyn Fn(usize) -> String,
) -> PlanProgress {
    // number → (record, budgets per plan year)
    let projects: BTreeMap<u32, (usize, &[Baht])> = s
        .dimensions
        .iter()
        .flat_map(|d| &d.missions)
        .flat_map(|m| &m.projects)
        .map(|p| (p.number, (p.record, p.budgets.as_slice())))
        .collect();
    let planned_in = |budgets: &[Baht], fy: i32| {
        let k = s.years.iter().position(|y| *y == fy)?;
        budgets.get(k).copied()
    };
    let mut entries = Vec::new();
    // per entry: the key that orders reports of one year (later figures win)
    let mut order = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let Data::Report(rep) = &r.data else { continue };
        if rep.plan.as_deref() != Some(folder) {
            continue;
        }
        let as_of = rep.period_to.unwrap_or(r.meta.date);
        for (row, pr) in rep.progress.iter().enumerate() {
            let proj = projects.get(&pr.project);
            order.push((as_of, r.meta.date, std::cmp::Reverse(i), row));
            entries.push(Entry {
                report: i,
                report_url: url_of(i),
                report_title: r.meta.title.clone(),
                fiscal_year: r.fiscal_year,
                as_of,
                project: pr.project,
                project_record: proj.map(|p| p.0),
                planned: proj.and_then(|p| planned_in(p.1, r.fiscal_year)),
                spent: pr.spent,
                status: pr.status,
                status_label: status_label(pr.status),
                result: pr.result.clone(),
                superseded: false,
            });
        }
    }
    // (project record, fiscal year) → the entry with the latest figures
    let mut latest: BTreeMap<(usize, i32), usize> = BTreeMap::new();
    for (k, e) in entries.iter().enumerate() {
        let Some(p) = e.project_record else { continue };
        let slot = latest.entry((p, e.fiscal_year)).or_insert(k);
        if order[k] > order[*slot] {
            *slot = k;
        }
    }
    let winners: BTreeSet<usize> = latest.values().copied().collect();
    for (k, e) in entries.iter_mut().enumerate() {
        e.superseded = e.project_record.is_some() && !winners.contains(&k);
    }
    let mut by_project: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (&(p, _), &k) in &latest {
        by_project.entry(p).or_default().push(k);
    }
    let fiscal_years: BTreeSet<i32> = entries.iter().map(|e| e.fiscal_year).collect();
    let years = fiscal_years
        .iter()
        .rev()
        .map(|&fy| {
            let latest_of = |p: usize| latest.get(&(p, fy)).and_then(|&k| entries.get(k));
            let dimensions: Vec<DimensionProgress> = s
                .dimensions
                .iter()
                .map(|d| {
                    let mut t = Tally::default();
                    for p in d.missions.iter().flat_map(|m| &m.projects) {
                        t.count(planned_in(&p.budgets, fy), latest_of(p.record));
                    }
                    DimensionProgress {
                        number: d.number,
                        name: d.name.clone(),
                        tally: t,
                    }
                })
                .collect();
            let mut total = Tally::default();
            for d in &dimensions {
                total.add(&d.tally);
            }
            YearProgress {
                fiscal_year: fy,
                dimensions,
                total,
                reports: reports_of(records, &entries, fy, url_of),
            }
        })
        .collect();
    PlanProgress {
        entries,
        projects: by_project,
        years,
    }
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
