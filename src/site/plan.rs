//! The summary table of a plan (ส่วนที่ ๒): projects per dimension and mission, budget per year,
//! with per-mission, per-dimension and grand totals, computed from the project records only.

use serde::Serialize;
use std::sync::Arc;

use crate::content::{Data, Kind, Plan, Record};
use crate::thai::{Baht, sum_baht};

use super::progress::PlanProgress;

#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub record: usize,
    pub number: u32,
    pub title: String,
    pub project_type: String,
    pub url: String,
    pub budgets: Vec<Baht>,
    pub total: Baht,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissionSummary {
    pub code: String,
    pub name: String,
    pub projects: Vec<ProjectRow>,
    pub totals: Vec<Baht>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionSummary {
    pub number: u32,
    pub name: String,
    pub missions: Vec<MissionSummary>,
    pub totals: Vec<Baht>,
    pub count: usize,
}

/// A plan with its derived summary.
#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    pub record: usize,
    pub slug: String,
    pub years: Vec<i32>,
    pub dimensions: Vec<DimensionSummary>,
    /// Grand total per year.
    pub totals: Vec<Baht>,
    /// Sum over all years.
    pub total: Baht,
    pub count: usize,
    /// Progress from the reports on the plan (filled in by the site stage after the summary).
    pub progress: PlanProgress,
}

fn add(a: &[Baht], b: &[Baht]) -> Vec<Baht> {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.checked_add(*y).unwrap_or(Baht::from_satang(i64::MAX)))
        .collect()
}

/// Build the summary of the plan at `plan_idx`; `projects` are the indexes of its project
/// records (already checked to refer to existing dimensions and missions).
pub fn summarise(
    records: &[Arc<Record>],
    plan_idx: usize,
    plan: &Plan,
    projects: &[usize],
    url_of: &dyn Fn(usize) -> String,
) -> PlanSummary {
    let [first, last] = plan.years;
    let years: Vec<i32> = (first..=last.max(first)).collect();
    let zero = vec![Baht::default(); years.len()];
    let mut rows: Vec<(u32, String, ProjectRow)> = projects
        .iter()
        .filter_map(|&i| {
            let r = records.get(i)?;
            let Data::Project(p) = &r.data else {
                return None;
            };
            let budgets: Vec<Baht> = years
                .iter()
                .map(|y| p.budget.get(&y.to_string()).copied().unwrap_or_default())
                .collect();
            let total = sum_baht(budgets.iter().copied()).unwrap_or_default();
            let project_type = serde_json::to_value(p.project_type)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            Some((
                p.dimension,
                p.mission.clone(),
                ProjectRow {
                    record: i,
                    number: p.number,
                    title: r.meta.title.clone(),
                    project_type,
                    url: url_of(i),
                    budgets,
                    total,
                },
            ))
        })
        .collect();
    rows.sort_by_key(|(_, _, row)| row.number);
    let mut dimensions = Vec::new();
    let mut totals = zero.clone();
    let mut count = 0;
    for d in &plan.dimensions {
        let mut missions = Vec::new();
        let mut dim_totals = zero.clone();
        let mut dim_count = 0;
        for m in &d.missions {
            let projects: Vec<ProjectRow> = rows
                .iter()
                .filter(|(dn, mc, _)| *dn == d.number && *mc == m.code)
                .map(|(_, _, row)| row.clone())
                .collect();
            let mut m_totals = zero.clone();
            for p in &projects {
                m_totals = add(&m_totals, &p.budgets);
            }
            dim_totals = add(&dim_totals, &m_totals);
            dim_count += projects.len();
            missions.push(MissionSummary {
                code: m.code.clone(),
                name: m.name.clone(),
                count: projects.len(),
                projects,
                totals: m_totals,
            });
        }
        totals = add(&totals, &dim_totals);
        count += dim_count;
        dimensions.push(DimensionSummary {
            number: d.number,
            name: d.name.clone(),
            missions,
            totals: dim_totals,
            count: dim_count,
        });
    }
    let total = sum_baht(totals.iter().copied()).unwrap_or_default();
    let slug = records
        .get(plan_idx)
        .map(|r| r.slug.clone())
        .unwrap_or_default();
    PlanSummary {
        record: plan_idx,
        slug,
        years,
        dimensions,
        totals,
        total,
        count,
        progress: PlanProgress::default(),
    }
}

/// Indexes of the project records of plan folder `plan`.
pub fn projects_of(records: &[Arc<Record>], plan: &str) -> Vec<usize> {
    records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == Kind::Project && r.plan.as_deref() == Some(plan))
        .map(|(i, _)| i)
        .collect()
}
