//! The derived reports as flat tables (one JSON object a row, the same keys as the CSV header):
//! plan summaries and progress, procurement monthly (สขร.๑) and annual summaries, complaint totals.

use serde_json::{Value, json};

use crate::content::Data;
use crate::site::Site;
use crate::site::complaints::FISCAL_MONTHS;
use crate::thai::month_name;

use super::csv::{Col, Ty, col};

pub const PLAN_SUMMARY: [Col; 13] = [
    col("plan", Ty::Text),
    col("plan_title", Ty::Text),
    col("plan_url", Ty::Text),
    col("dimension", Ty::Int),
    col("dimension_name", Ty::Text),
    col("mission", Ty::Text),
    col("mission_name", Ty::Text),
    col("project", Ty::Int),
    col("project_title", Ty::Text),
    col("project_type", Ty::Text),
    col("project_url", Ty::Text),
    col("fiscal_year", Ty::Int),
    col("budget", Ty::Amount),
];

/// One row per project and fiscal year of its plan (the ส่วนที่ ๒ table, in long form).
pub fn plan_summary(site: &Site) -> Vec<Value> {
    let mut rows = Vec::new();
    for (folder, s) in &site.plans {
        let title = site.records.get(s.record).map(|r| r.meta.title.as_str());
        let plan_url = site.config.permalink(&site.paths[s.record]);
        for d in &s.dimensions {
            for m in &d.missions {
                for p in &m.projects {
                    for (y, b) in s.years.iter().zip(&p.budgets) {
                        rows.push(json!({
                            "plan": folder, "plan_title": title, "plan_url": plan_url,
                            "dimension": d.number, "dimension_name": d.name,
                            "mission": m.code, "mission_name": m.name,
                            "project": p.number, "project_title": p.title,
                            "project_type": p.project_type,
                            "project_url": site.config.permalink(&site.paths[p.record]),
                            "fiscal_year": y, "budget": b,
                        }));
                    }
                }
            }
        }
    }
    rows
}

pub const PLAN_PROGRESS: [Col; 18] = [
    col("plan", Ty::Text),
    col("plan_title", Ty::Text),
    col("report", Ty::Text),
    col("report_title", Ty::Text),
    col("report_url", Ty::Text),
    col("report_type", Ty::Text),
    col("fiscal_year", Ty::Int),
    col("period_from", Ty::Date),
    col("period_to", Ty::Date),
    col("project", Ty::Int),
    col("project_title", Ty::Text),
    col("project_url", Ty::Text),
    col("budget", Ty::Amount),
    col("spent", Ty::Amount),
    col("status", Ty::Text),
    col("status_label", Ty::Text),
    col("result", Ty::Text),
    col("latest", Ty::Bool),
];

/// One row per progress row of every report on a plan: planned budget of that fiscal year
/// beside the amount spent and the status (the rows of `site::progress`, as they are).
pub fn plan_progress(site: &Site) -> Vec<Value> {
    let mut rows = Vec::new();
    for (folder, s) in &site.plans {
        let plan_title = site.records.get(s.record).map(|x| x.meta.title.as_str());
        for e in &s.progress.entries {
            let Some(r) = site.records.get(e.report) else {
                continue;
            };
            let Data::Report(rep) = &r.data else { continue };
            let proj = e
                .project_record
                .and_then(|p| site.records.get(p).map(|x| (p, x)));
            rows.push(json!({
                "plan": folder,
                "plan_title": plan_title,
                "report": r.slug, "report_title": r.meta.title,
                "report_url": site.config.permalink(&site.paths[e.report]),
                "report_type": rep.report_type,
                "fiscal_year": e.fiscal_year,
                "period_from": rep.period_from, "period_to": rep.period_to,
                "project": e.project,
                "project_title": proj.map(|(_, x)| x.meta.title.as_str()),
                "project_url": proj.map(|(p, _)| site.config.permalink(&site.paths[p])),
                "budget": e.planned,
                "spent": e.spent, "status": e.status, "status_label": e.status_label,
                "result": e.result,
                "latest": e.project_record.is_some() && !e.superseded,
            }));
        }
    }
    rows
}

pub const PLAN_PROGRESS_SUMMARY: [Col; 15] = [
    col("plan", Ty::Text),
    col("plan_title", Ty::Text),
    col("plan_url", Ty::Text),
    col("fiscal_year", Ty::Int),
    col("dimension", Ty::Int),
    col("dimension_name", Ty::Text),
    col("projects", Ty::Int),
    col("done", Ty::Int),
    col("in_progress", Ty::Int),
    col("not_started", Ty::Int),
    col("cancelled", Ty::Int),
    col("unreported", Ty::Int),
    col("planned", Ty::Amount),
    col("planned_reported", Ty::Amount),
    col("spent", Ty::Amount),
];

/// One row per plan, fiscal year with reports, and dimension: projects by the status of their
/// latest report, planned budget (all projects, and those reported) and amount spent.
pub fn plan_progress_summary(site: &Site) -> Vec<Value> {
    let mut rows = Vec::new();
    for (folder, s) in &site.plans {
        let title = site.records.get(s.record).map(|r| r.meta.title.as_str());
        let plan_url = site.config.permalink(&site.paths[s.record]);
        for y in s.progress.years.iter().rev() {
            for d in &y.dimensions {
                let (t, c) = (&d.tally, &d.tally.counts);
                rows.push(json!({
                    "plan": folder, "plan_title": title, "plan_url": plan_url,
                    "fiscal_year": y.fiscal_year,
                    "dimension": d.number, "dimension_name": d.name,
                    "projects": t.projects, "done": c.done, "in_progress": c.in_progress,
                    "not_started": c.not_started, "cancelled": c.cancelled,
                    "unreported": c.unreported,
                    "planned": t.planned, "planned_reported": t.planned_reported,
                    "spent": t.spent,
                }));
            }
        }
    }
    rows
}

pub const PROCUREMENT_MONTHLY: [Col; 21] = [
    col("fiscal_year", Ty::Int),
    col("month", Ty::Text),
    col("month_label", Ty::Text),
    col("date", Ty::Date),
    col("item", Ty::Text),
    col("method", Ty::Text),
    col("method_label", Ty::Text),
    col("egp_number", Ty::Text),
    col("budget", Ty::Amount),
    col("median_price", Ty::Amount),
    col("bidders", Ty::Json),
    col("bidder_count", Ty::Int),
    col("winner_name", Ty::Text),
    col("winner_price", Ty::Amount),
    col("reason", Ty::Text),
    col("contract_number", Ty::Text),
    col("contract_date", Ty::Date),
    col("contract_amount", Ty::Amount),
    col("cancelled", Ty::Bool),
    col("notices", Ty::List),
    col("summary_url", Ty::Text),
];

/// The monthly summaries (สขร.๑) of every fiscal year: one row per concluded procurement.
pub fn procurement_monthly(site: &Site) -> Vec<Value> {
    let mut rows = Vec::new();
    for (fy, y) in &site.procurement {
        let summary_url = site.config.permalink(&format!("procurement/{fy}/summary/"));
        for m in &y.months {
            for row in &m.rows {
                let notices: Vec<String> = row
                    .notices
                    .iter()
                    .map(|n| site.config.permalink(&site.paths[n.record]))
                    .collect();
                rows.push(json!({
                    "fiscal_year": fy,
                    "month": format!("{:04}-{:02}", m.year, m.month),
                    "month_label": m.label,
                    "date": row.date,
                    "item": row.item, "method": row.method, "method_label": row.method_label,
                    "egp_number": row.egp_number,
                    "budget": row.budget, "median_price": row.median_price,
                    "bidders": row.bidders, "bidder_count": row.bidders.len(),
                    "winner_name": row.winner.as_ref().map(|w| w.name.as_str()),
                    "winner_price": row.winner.as_ref().and_then(|w| w.price),
                    "reason": row.reason,
                    "contract_number": row.contract_number,
                    "contract_date": row.contract_date,
                    "contract_amount": row.contract_amount,
                    "cancelled": row.cancelled,
                    "notices": notices,
                    "summary_url": summary_url,
                }));
            }
        }
    }
    rows
}

pub const PROCUREMENT_ANNUAL: [Col; 7] = [
    col("fiscal_year", Ty::Int),
    col("method", Ty::Text),
    col("method_label", Ty::Text),
    col("count", Ty::Int),
    col("cancelled", Ty::Int),
    col("budget", Ty::Amount),
    col("amount", Ty::Amount),
];

/// The annual summary per method of every fiscal year (count and sums; cancelled ones apart).
pub fn procurement_annual(site: &Site) -> Vec<Value> {
    site.procurement
        .iter()
        .flat_map(|(fy, y)| {
            y.methods.iter().map(move |m| {
                json!({
                    "fiscal_year": fy, "method": m.method, "method_label": m.label,
                    "count": m.count, "cancelled": m.cancelled,
                    "budget": m.budget, "amount": m.amount,
                })
            })
        })
        .collect()
}

pub const COMPLAINT_TOTALS: [Col; 7] = [
    col("fiscal_year", Ty::Int),
    col("received", Ty::Int),
    col("resolved", Ty::Int),
    col("in_progress", Ty::Int),
    col("channels_total", Ty::Int),
    col("categories_total", Ty::Int),
    col("url", Ty::Text),
];

pub const COMPLAINT_MONTHS: [Col; 6] = [
    col("fiscal_year", Ty::Int),
    col("month", Ty::Text),
    col("month_label", Ty::Text),
    col("received", Ty::Int),
    col("resolved", Ty::Int),
    col("in_progress", Ty::Int),
];

pub const COMPLAINT_COUNTS: [Col; 4] = [
    col("fiscal_year", Ty::Int),
    col("group", Ty::Text),
    col("name", Ty::Text),
    col("count", Ty::Int),
];

/// Complaint statistics records, oldest fiscal year first.
fn complaint_records(site: &Site) -> Vec<usize> {
    let mut idx: Vec<usize> = site.complaints.keys().copied().collect();
    idx.sort_by_key(|&i| site.records.get(i).map(|r| (r.fiscal_year, r.slug.clone())));
    idx
}

/// Per fiscal year: received, resolved and in progress, and the sums of the channel and
/// category counts.
pub fn complaint_totals(site: &Site) -> Vec<Value> {
    complaint_records(site)
        .into_iter()
        .filter_map(|i| {
            let (r, t) = (site.records.get(i)?, site.complaints.get(&i)?);
            Some(json!({
                "fiscal_year": r.fiscal_year, "received": t.received, "resolved": t.resolved,
                "in_progress": t.in_progress, "channels_total": t.channels,
                "categories_total": t.categories,
                "url": site.config.permalink(&site.paths[i]),
            }))
        })
        .collect()
}

/// Twelve rows per fiscal year, October first.
pub fn complaint_months(site: &Site) -> Vec<Value> {
    let mut rows = Vec::new();
    for i in complaint_records(site) {
        let (Some(r), Some(t)) = (site.records.get(i), site.complaints.get(&i)) else {
            continue;
        };
        for (m, bar) in FISCAL_MONTHS.iter().zip(&t.months) {
            let ce = r.fiscal_year - 543 - i32::from(*m >= 10);
            rows.push(json!({
                "fiscal_year": r.fiscal_year,
                "month": format!("{ce:04}-{m:02}"),
                "month_label": format!("{} {}", month_name(*m), ce + 543),
                "received": bar.received, "resolved": bar.resolved, "in_progress": bar.in_progress,
            }));
        }
    }
    rows
}

/// Counts by channel and by category (`group` = `channel` or `category`).
pub fn complaint_counts(site: &Site) -> Vec<Value> {
    let mut rows = Vec::new();
    for i in complaint_records(site) {
        let Some(r) = site.records.get(i) else {
            continue;
        };
        let Data::Complaints(c) = &r.data else {
            continue;
        };
        for (group, list) in [("channel", &c.channels), ("category", &c.categories)] {
            for x in list {
                rows.push(json!({
                    "fiscal_year": r.fiscal_year, "group": group, "name": x.name, "count": x.count,
                }));
            }
        }
    }
    rows
}
