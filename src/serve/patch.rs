//! A save that changes only the text of news, announcements or services leaves everything the
//! model derives from the records as it was: the order of the lists, the fiscal-year indexes,
//! the paths, the plan, procurement and complaint tables. So `serve` patches the model of the
//! last rebuild in place (and checks the new links) instead of making it again from all records,
//! which took most of a one-record rebuild at 10,000 records.

use std::sync::Arc;

use crate::content::{Kind, Record};
use crate::error::Diagnostics;
use crate::site::{Site, links};

/// Whether replacing `old` by `new` changes nothing but what the record's own pages show (and
/// the pages about the whole site, which every rebuild makes again).
pub fn text_only(old: &Record, new: &Record) -> bool {
    // Pages and people are listed by title, and policy pages are in every footer; procurement,
    // plans, projects, reports and complaints feed derived tables.
    matches!(new.kind, Kind::News | Kind::Announcement | Kind::Service)
        && old.kind == new.kind
        && old.slug == new.slug
        && old.plan == new.plan
        && old.meta.date == new.meta.date
        && old.fiscal_year == new.fiscal_year
        && old.meta.attachments.iter().map(|a| &a.file).eq(new
            .meta
            .attachments
            .iter()
            .map(|a| &a.file))
}

/// Put each `(old, new)` of `edits` in place in `site`. `None`, with `site` untouched, when one
/// of them is not a [`text_only`] edit or its old record is not in the model; else the problems
/// of the new links (none means the patched model is the one a full build would make).
pub fn apply(site: &mut Site, edits: &[(Arc<Record>, Arc<Record>)]) -> Option<Diagnostics> {
    let mut at = Vec::with_capacity(edits.len());
    for (old, new) in edits {
        if !text_only(old, new) {
            return None;
        }
        let i = site.records.iter().position(|r| Arc::ptr_eq(r, old))?;
        at.push(i);
    }
    for (&i, (_, new)) in at.iter().zip(edits) {
        site.records[i] = Arc::clone(new);
    }
    let mut diags = Diagnostics::default();
    links::check_records(site, at.into_iter(), &mut diags);
    Some(diags)
}
