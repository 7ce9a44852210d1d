//! What a record contributes to pages other than its own (lists, fiscal years, plan and
//! procurement pages, the footer, attachments): remembered by `serve` from the last rebuild, so
//! that a save re-renders only the pages whose content may have changed.

use crate::content::{Data, Kind, Method, PageSection, Record};
use crate::site::Site;

/// What a record contributes to other pages, remembered from the last site rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub kind: Kind,
    pub fiscal_year: i32,
    pub plan: Option<String>,
    pub procurement: Option<(String, Method)>,
    pub policy_page: bool,
    pub attachments: Vec<String>,
}

pub fn keys_of(r: &Record) -> Keys {
    Keys {
        kind: r.kind,
        fiscal_year: r.fiscal_year,
        plan: match &r.data {
            Data::Report(rep) => rep.plan.clone(),
            _ => r.plan.clone(),
        },
        procurement: match &r.data {
            Data::Procurement(p) => Some((p.item.trim().to_string(), p.method)),
            _ => None,
        },
        policy_page: matches!(&r.data, Data::Page(p) if p.section == PageSection::Policy),
        attachments: r.meta.attachments.iter().map(|a| a.file.clone()).collect(),
    }
}

/// Number of records of kind `k` in each fiscal year.
pub fn year_counts(site: &Site, k: Kind) -> Vec<(i32, usize)> {
    site.years
        .get(&k)
        .map(|ys| ys.iter().map(|(y, l)| (*y, l.len())).collect())
        .unwrap_or_default()
}
