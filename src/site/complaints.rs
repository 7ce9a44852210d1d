//! Complaint statistics: totals, the months in fiscal order (ต.ค. … ก.ย.), and the bars of a chart
//! that the theme draws as SVG (no JavaScript).

use serde::Serialize;

use crate::content::Complaints;
use crate::thai::month_abbr;

#[derive(Debug, Clone, Serialize)]
pub struct MonthBar {
    pub month: u8,
    pub label: &'static str,
    pub received: u32,
    pub resolved: u32,
    pub in_progress: u32,
    /// Bar height in per-mille of the tallest month (0–1000), for the chart.
    pub height: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplaintTotals {
    pub received: u64,
    pub resolved: u64,
    pub in_progress: u64,
    pub channels: u64,
    pub categories: u64,
    pub months: Vec<MonthBar>,
    pub max: u32,
}

/// Fiscal-year order of months: October first.
pub const FISCAL_MONTHS: [u8; 12] = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9];

pub fn summarise(c: &Complaints) -> ComplaintTotals {
    let row = |m: u8| c.months.iter().find(|r| r.month == m);
    let max = c.months.iter().map(|r| r.received).max().unwrap_or(0);
    let months = FISCAL_MONTHS
        .iter()
        .map(|&m| {
            let (received, resolved, in_progress) =
                row(m).map_or((0, 0, 0), |r| (r.received, r.resolved, r.in_progress));
            let height = if max == 0 {
                0
            } else {
                (u64::from(received) * 1000 / u64::from(max)) as u32
            };
            MonthBar {
                month: m,
                label: month_abbr(m),
                received,
                resolved,
                in_progress,
                height,
            }
        })
        .collect();
    ComplaintTotals {
        received: c.months.iter().map(|r| u64::from(r.received)).sum(),
        resolved: c.months.iter().map(|r| u64::from(r.resolved)).sum(),
        in_progress: c.months.iter().map(|r| u64::from(r.in_progress)).sum(),
        channels: c.channels.iter().map(|r| u64::from(r.count)).sum(),
        categories: c.categories.iter().map(|r| u64::from(r.count)).sum(),
        months,
        max,
    }
}
