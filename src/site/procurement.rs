//! The procurement summaries: per fiscal year and month, one row per concluded procurement in the
//! columns of the official monthly form (สขร.1), and the annual summary per method. Computed from
//! the notices only: notices that share an `item` (and method) are one procurement.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::content::{Bid, Data, Method, Procurement, Record, Stage};
use crate::thai::{Baht, Date, fiscal_year, month_name, sum_baht};

/// A notice of a procurement, for the links beside a summary row.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeLink {
    pub record: usize,
    pub stage: Stage,
    pub stage_label: &'static str,
    pub title: String,
    pub date: Date,
    pub url: String,
}

/// One row of the monthly summary (สขร.1).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub item: String,
    pub method: Method,
    pub method_label: &'static str,
    pub egp_number: Option<String>,
    pub budget: Option<Baht>,
    pub median_price: Option<Baht>,
    pub bidders: Vec<Bid>,
    pub winner: Option<Bid>,
    pub reason: Option<String>,
    pub contract_number: Option<String>,
    pub contract_date: Option<Date>,
    pub contract_amount: Option<Baht>,
    pub cancelled: bool,
    /// The day the procurement was concluded (winner announced, or cancelled).
    pub date: Date,
    pub notices: Vec<NoticeLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthSummary {
    pub year: i32,
    pub month: u8,
    pub label: String,
    pub rows: Vec<Row>,
    pub amount: Baht,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodSummary {
    pub method: Method,
    pub label: &'static str,
    pub count: usize,
    pub cancelled: usize,
    pub budget: Baht,
    pub amount: Baht,
}

/// Everything derived for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct ProcurementYear {
    pub fiscal_year: i32,
    pub months: Vec<MonthSummary>,
    pub methods: Vec<MethodSummary>,
    pub count: usize,
    pub cancelled: usize,
    pub budget: Baht,
    pub amount: Baht,
}

fn last_some<T: Clone>(
    notices: &[(usize, &Procurement)],
    f: impl Fn(&Procurement) -> Option<T>,
) -> Option<T> {
    notices.iter().rev().find_map(|(_, p)| f(p))
}

/// Summaries for every fiscal year that has a concluded procurement, newest year last.
pub fn summarise(
    records: &[Arc<Record>],
    url_of: &dyn Fn(usize) -> String,
) -> BTreeMap<i32, ProcurementYear> {
    // Group notices by (item, method), in date order.
    let mut groups: BTreeMap<(String, Method), Vec<(usize, &Procurement)>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Data::Procurement(p) = &r.data {
            groups
                .entry((p.item.trim().to_string(), p.method))
                .or_default()
                .push((i, p));
        }
    }
    let mut years: BTreeMap<i32, Vec<Row>> = BTreeMap::new();
    for ((item, method), mut notices) in groups {
        notices.sort_by_key(|(i, _)| records.get(*i).map(|r| (r.meta.date, r.slug.clone())));
        let date_of = |i: usize| records.get(i).map(|r| r.meta.date);
        let concluded = notices
            .iter()
            .find(|(_, p)| {
                matches!(
                    p.stage,
                    Stage::Winner | Stage::Contract | Stage::Cancellation
                )
            })
            .and_then(|(i, _)| date_of(*i));
        let Some(date) = concluded else { continue };
        let cancelled = notices.iter().any(|(_, p)| p.stage == Stage::Cancellation);
        let contract = last_some(&notices, |p| p.contract.clone());
        let winner = last_some(&notices, |p| p.winner.clone());
        let row = Row {
            item,
            method,
            method_label: method.label(),
            egp_number: last_some(&notices, |p| p.egp_number.clone()),
            budget: last_some(&notices, |p| p.budget),
            median_price: last_some(&notices, |p| p.median_price),
            bidders: last_some(&notices, |p| {
                (!p.bidders.is_empty()).then(|| p.bidders.clone())
            })
            .unwrap_or_default(),
            reason: if cancelled {
                notices
                    .iter()
                    .rev()
                    .find(|(_, p)| p.stage == Stage::Cancellation)
                    .and_then(|(_, p)| p.reason.clone())
            } else {
                last_some(&notices, |p| p.reason.clone())
            },
            contract_number: contract.as_ref().and_then(|c| c.number.clone()),
            contract_date: contract.as_ref().and_then(|c| c.date),
            contract_amount: contract
                .as_ref()
                .and_then(|c| c.amount)
                .or(winner.as_ref().and_then(|w| w.price)),
            winner,
            cancelled,
            date,
            notices: notices
                .iter()
                .filter_map(|(i, p)| {
                    let r = records.get(*i)?;
                    Some(NoticeLink {
                        record: *i,
                        stage: p.stage,
                        stage_label: p.stage.label(),
                        title: r.meta.title.clone(),
                        date: r.meta.date,
                        url: url_of(*i),
                    })
                })
                .collect(),
        };
        years.entry(fiscal_year(date)).or_default().push(row);
    }
    years
        .into_iter()
        .map(|(fy, rows)| (fy, year_summary(fy, rows)))
        .collect()
}

fn year_summary(fy: i32, mut rows: Vec<Row>) -> ProcurementYear {
    rows.sort_by(|a, b| (a.date, &a.item).cmp(&(b.date, &b.item)));
    let methods = Method::ALL
        .iter()
        .map(|&m| {
            let of: Vec<&Row> = rows.iter().filter(|r| r.method == m).collect();
            let done: Vec<&&Row> = of.iter().filter(|r| !r.cancelled).collect();
            MethodSummary {
                method: m,
                label: m.label(),
                count: done.len(),
                cancelled: of.len() - done.len(),
                budget: sum_baht(done.iter().filter_map(|r| r.budget)).unwrap_or_default(),
                amount: sum_baht(done.iter().filter_map(|r| r.contract_amount)).unwrap_or_default(),
            }
        })
        .collect::<Vec<_>>();
    let mut months: Vec<MonthSummary> = Vec::new();
    for row in rows {
        let (y, m) = (row.date.year, row.date.month);
        match months.last_mut() {
            Some(last) if last.year == y && last.month == m => last.rows.push(row),
            _ => months.push(MonthSummary {
                year: y,
                month: m,
                label: format!("{} {}", month_name(m), y + 543),
                rows: vec![row],
                amount: Baht::default(),
            }),
        }
    }
    for m in &mut months {
        m.amount = sum_baht(
            m.rows
                .iter()
                .filter(|r| !r.cancelled)
                .filter_map(|r| r.contract_amount),
        )
        .unwrap_or_default();
    }
    ProcurementYear {
        fiscal_year: fy,
        count: methods.iter().map(|m| m.count).sum(),
        cancelled: methods.iter().map(|m| m.cancelled).sum(),
        budget: sum_baht(methods.iter().map(|m| m.budget)).unwrap_or_default(),
        amount: sum_baht(methods.iter().map(|m| m.amount)).unwrap_or_default(),
        months,
        methods,
    }
}
