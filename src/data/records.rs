//! The collections: every record of a kind, as JSON (all its fields, as serde writes them) and as
//! CSV (the stable columns below; nested values as JSON text in one cell).

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use crate::content::{Data, Kind, Record};
use crate::site::Site;

use super::csv::{Col, Ty, at, col};

/// Columns every collection starts with.
const COMMON: [Col; 12] = [
    col("slug", Ty::Text),
    col("url", Ty::Text),
    col("title", Ty::Text),
    col("date", Ty::Date),
    col("updated", Ty::Date),
    col("fiscal_year", Ty::Int),
    col("summary", Ty::Text),
    col("tags", Ty::List),
    col("attachments", Ty::Json),
    at("signer_name", "/signer/name", Ty::Text),
    at("signer_position", "/signer/position", Ty::Text),
    col("oit", Ty::List),
];

/// The columns of a kind, after the common ones (the body comes last).
fn own_columns(kind: Kind) -> Vec<Col> {
    match kind {
        Kind::Page => vec![col("order", Ty::Int), col("section", Ty::Text)],
        Kind::News => vec![
            at("image_file", "/image/file", Ty::Text),
            at("image_alt", "/image/alt", Ty::Text),
        ],
        Kind::Announcement => vec![
            col("category", Ty::Text),
            col("category_label", Ty::Text),
            col("issuer", Ty::Text),
            col("number", Ty::Text),
            col("subject", Ty::Text),
            col("announced", Ty::Date),
        ],
        Kind::Procurement => vec![
            col("stage", Ty::Text),
            col("stage_label", Ty::Text),
            col("method", Ty::Text),
            col("method_label", Ty::Text),
            col("item", Ty::Text),
            col("egp_number", Ty::Text),
            col("budget", Ty::Amount),
            col("median_price", Ty::Amount),
            col("bidders", Ty::Json),
            at("winner_name", "/winner/name", Ty::Text),
            at("winner_price", "/winner/price", Ty::Amount),
            col("reason", Ty::Text),
            at("contract_number", "/contract/number", Ty::Text),
            at("contract_date", "/contract/date", Ty::Date),
            at("contract_amount", "/contract/amount", Ty::Amount),
            col("department", Ty::Text),
            // The e-GP announcement the record was imported from (`import egp`).
            col("source_url", Ty::Text),
        ],
        Kind::Plan => vec![
            col("plan", Ty::Text),
            at("year_first", "/years/0", Ty::Int),
            at("year_last", "/years/1", Ty::Int),
            col("organisation", Ty::Text),
            col("dimensions", Ty::Json),
            col("risks", Ty::Json),
            col("targets", Ty::Json),
        ],
        Kind::Project => vec![
            col("plan", Ty::Text),
            col("number", Ty::Int),
            col("type", Ty::Text),
            col("dimension", Ty::Int),
            col("mission", Ty::Text),
            col("budget", Ty::Json),
            col("owner", Ty::Text),
            col("rationale", Ty::Text),
            col("objectives", Ty::List),
            col("target", Ty::Text),
            col("method", Ty::List),
            col("period", Ty::Text),
            col("outputs", Ty::List),
            col("outcomes", Ty::List),
            col("signatures", Ty::Json),
            col("note", Ty::Text),
        ],
        Kind::Report => vec![
            col("report_type", Ty::Text),
            col("report_type_label", Ty::Text),
            col("plan", Ty::Text),
            col("period_from", Ty::Date),
            col("period_to", Ty::Date),
            col("progress", Ty::Json),
        ],
        Kind::Complaints => vec![
            col("months", Ty::Json),
            col("channels", Ty::Json),
            col("categories", Ty::Json),
        ],
        Kind::Person => vec![
            col("position", Ty::Text),
            col("group", Ty::Text),
            col("order", Ty::Int),
            at("photo_file", "/photo/file", Ty::Text),
            at("photo_alt", "/photo/alt", Ty::Text),
            col("phone", Ty::Text),
            col("email", Ty::Text),
        ],
        Kind::Service => vec![
            col("department", Ty::Text),
            col("steps", Ty::Json),
            col("fees", Ty::Json),
            col("documents", Ty::Json),
            col("channels", Ty::List),
        ],
    }
}

/// The CSV columns of a collection.
pub fn columns(kind: Kind) -> Vec<Col> {
    let mut cols: Vec<Col> = COMMON.to_vec();
    cols.extend(own_columns(kind));
    cols.push(col("body", Ty::Text));
    cols
}

/// Whole-number floats (amounts such as `339160.0`) as integers, everywhere in `v`.
pub fn tidy_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if n.as_i64().is_none()
                && n.as_u64().is_none()
                && let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *v = json!(f as i64);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(tidy_numbers),
        Value::Object(m) => m.values_mut().for_each(tidy_numbers),
        _ => {}
    }
}

/// One record as open data: every field (as serde writes it), the real `slug`, the Markdown
/// `body`, the absolute `url`, and the Thai labels of its codes.
pub fn record_value(site: &Site, i: usize, r: &Record) -> Value {
    let mut m = match serde_json::to_value(r) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    // `slug` of the front matter (often absent) would shadow the slug the record is published under.
    m.insert("slug".into(), json!(r.slug));
    m.insert(
        "url".into(),
        json!(
            site.config
                .permalink(site.paths.get(i).map_or("", String::as_str))
        ),
    );
    m.insert("body".into(), json!(r.body.trim_matches(['\n', '\r'])));
    match &r.data {
        Data::Announcement(a) => {
            m.insert("category_label".into(), json!(a.category.label()));
        }
        Data::Procurement(p) => {
            m.insert("stage_label".into(), json!(p.stage.label()));
            m.insert("method_label".into(), json!(p.method.label()));
        }
        Data::Report(rep) => {
            m.insert("report_type_label".into(), json!(rep.report_type.label()));
        }
        _ => {}
    }
    let mut v = Value::Object(m);
    tidy_numbers(&mut v);
    v
}

/// The records of `kind`, in list order.
pub fn rows(site: &Site, kind: Kind) -> Vec<Value> {
    let list: &[usize] = site.lists.get(&kind).map_or(&[], Vec::as_slice);
    list.par_iter()
        .filter_map(|&i| site.records.get(i).map(|r| record_value(site, i, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_amounts_become_integers() {
        let mut v = json!({ "a": [339160.0, 1250000.5], "b": { "c": 3 } });
        tidy_numbers(&mut v);
        assert_eq!(v, json!({ "a": [339160, 1250000.5], "b": { "c": 3 } }));
        assert_eq!(v.to_string(), r#"{"a":[339160,1250000.5],"b":{"c":3}}"#);
    }
}
