//! What each template receives: a record with its derived values, list items, the home page's
//! collections. Everything is plain JSON-like data (templates never call back into the program).

use serde_json::{Map, Value, json};

use crate::content::{Data, Group, Kind, Record};
use crate::site::Site;

use super::Lookups;
use super::markdown;

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn group_label(g: Group) -> &'static str {
    match g {
        Group::Executive => "คณะผู้บริหาร",
        Group::Council => "สมาชิกสภา",
        Group::Staff => "หัวหน้าส่วนราชการ",
    }
}

/// A record as list items show it: title, URL, date and a few fields of its kind.
pub fn item(site: &Site, i: usize) -> Value {
    let Some(r) = site.records.get(i) else {
        return Value::Null;
    };
    let mut m = Map::new();
    m.insert("title".into(), json!(r.meta.title));
    m.insert("url".into(), json!(site.url(i)));
    m.insert("date".into(), json!(r.meta.date));
    m.insert("fiscal_year".into(), json!(r.fiscal_year));
    m.insert("summary".into(), json!(r.meta.summary));
    m.insert("kind".into(), json!(r.kind));
    m.insert("kind_label".into(), json!(r.kind.label()));
    m.insert("tags".into(), json!(r.meta.tags));
    match &r.data {
        Data::Procurement(p) => {
            m.insert("stage_label".into(), json!(p.stage.label()));
            m.insert("method_label".into(), json!(p.method.label()));
            m.insert("stage".into(), json!(p.stage));
        }
        Data::Announcement(a) => {
            m.insert("category_label".into(), json!(a.category.label()));
        }
        Data::Report(rep) => {
            m.insert("report_type_label".into(), json!(rep.report_type.label()));
        }
        Data::Person(p) => {
            m.insert("position".into(), json!(p.position));
            m.insert("group".into(), json!(p.group));
            m.insert("group_label".into(), json!(group_label(p.group)));
        }
        Data::Page(p) => {
            m.insert("section".into(), json!(p.section));
        }
        _ => {}
    }
    Value::Object(m)
}

/// A record page's `record`: all its fields, its body as HTML, and what is derived for its kind.
///
/// Made as the template engine's value directly: the record's own fields are converted once
/// (not into JSON and then again into Tera's values, a copy of every body for every page), and
/// the derived ones, put in a JSON map first, replace fields of the same name.
pub fn record(site: &Site, i: usize, lk: &Lookups) -> tera::Value {
    let Some(r) = site.records.get(i) else {
        return tera::Value::none();
    };
    let mut fields = tera::Value::from_serializable(&**r)
        .into_map()
        .unwrap_or_default();
    for (k, v) in derived(site, i, r, lk) {
        fields.insert(k.into(), tera::Value::from_serializable(&v));
    }
    tera::Value::from(fields)
}

/// What [`record`] adds to the own fields of record `r` (number `i`).
fn derived(site: &Site, i: usize, r: &Record, lk: &Lookups) -> Map<String, Value> {
    let files = &lk.files;
    let mut m = Map::new();
    m.insert("url".into(), json!(site.url(i)));
    m.insert(
        "permalink".into(),
        json!(site.config.permalink(&site.paths[i])),
    );
    m.insert("kind_label".into(), json!(r.kind.label()));
    m.insert(
        "body_html".into(),
        json!(markdown::to_html(&r.body, &site.config.base_path)),
    );
    let attachments: Vec<Value> = r
        .meta
        .attachments
        .iter()
        .map(|a| {
            let info = files.get(&a.file);
            json!({
                "file": a.file,
                "title": if a.title.is_empty() { &a.file } else { &a.title },
                "url": site.config.url(&format!("files/{}", a.file)),
                "size": info.map(|f| f.size),
                "sha256": info.map(|f| f.sha256.as_str()),
                "ext": a.file.rsplit('.').next().unwrap_or("").to_uppercase(),
            })
        })
        .collect();
    m.insert("attachments".into(), json!(attachments));
    let image_url = |f: &str| site.config.url(&format!("files/{f}"));
    match &r.data {
        Data::Announcement(a) => {
            m.insert(
                "issuer".into(),
                json!(
                    a.issuer
                        .clone()
                        .unwrap_or_else(|| format!("ประกาศ{}", site.config.site.title))
                ),
            );
            m.insert(
                "subject".into(),
                json!(a.subject.clone().unwrap_or_else(|| r.meta.title.clone())),
            );
            m.insert(
                "announced".into(),
                json!(a.announced.unwrap_or(r.meta.date)),
            );
            m.insert("category_label".into(), json!(a.category.label()));
        }
        Data::Procurement(p) => {
            m.insert("stage_label".into(), json!(p.stage.label()));
            m.insert("method_label".into(), json!(p.method.label()));
            let related = lk.related(site, &p.item, p.method);
            let rel: Vec<Value> = related
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| item(site, j))
                .collect();
            m.insert("related".into(), json!(rel));
            if let Some(fy) = lk.notice_year(site, i) {
                m.insert(
                    "summary_url".into(),
                    json!(site.config.url(&format!("procurement/{fy}/summary/"))),
                );
            }
        }
        Data::Plan(_) => {
            if let Some(s) = r.plan.as_ref().and_then(|f| site.plans.get(f)) {
                m.insert("summary_table".into(), json!(s));
            }
        }
        Data::Project(p) => {
            let plan = r.plan.as_ref().and_then(|f| site.plans.get(f));
            if let Some(s) = plan {
                let plan_rec = site.records.get(s.record);
                m.insert(
                    "plan_title".into(),
                    json!(plan_rec.map(|x| x.meta.title.as_str())),
                );
                m.insert("plan_url".into(), json!(site.url(s.record)));
                let dim = s.dimensions.iter().find(|d| d.number == p.dimension);
                m.insert("dimension_name".into(), json!(dim.map(|d| d.name.as_str())));
                let mission = dim.and_then(|d| d.missions.iter().find(|x| x.code == p.mission));
                m.insert(
                    "mission_name".into(),
                    json!(mission.map(|x| x.name.as_str())),
                );
                let row = dim
                    .and_then(|d| {
                        d.missions
                            .iter()
                            .flat_map(|x| &x.projects)
                            .find(|pr| pr.record == i)
                    })
                    .map(|pr| (pr.budgets.clone(), pr.total));
                if let Some((budgets, total)) = row {
                    let years: Vec<Value> = s
                        .years
                        .iter()
                        .zip(budgets)
                        .map(|(y, b)| json!({ "year": y, "amount": b }))
                        .collect();
                    m.insert("budget_years".into(), json!(years));
                    m.insert("budget_total".into(), json!(total));
                }
                m.insert("progress_years".into(), json!(s.progress.of_project(i)));
            }
        }
        Data::Report(rep) => {
            m.insert("report_type_label".into(), json!(rep.report_type.label()));
            if let Some(s) = rep.plan.as_ref().and_then(|f| site.plans.get(f)) {
                m.insert(
                    "plan_title".into(),
                    json!(site.records.get(s.record).map(|x| x.meta.title.as_str())),
                );
                m.insert("plan_url".into(), json!(site.url(s.record)));
                let rows: Vec<Value> = s
                    .progress
                    .of_report(i)
                    .map(|e| {
                        let proj = e.project_record;
                        let rec = proj.and_then(|p| site.records.get(p));
                        let mut v = obj(json!(e));
                        v.insert("title".into(), json!(rec.map(|x| x.meta.title.as_str())));
                        v.insert("url".into(), json!(proj.map(|p| site.url(p))));
                        v.insert("budget".into(), json!(e.planned));
                        Value::Object(v)
                    })
                    .collect();
                m.insert("progress_rows".into(), json!(rows));
            }
        }
        Data::Complaints(_) => {
            m.insert("totals".into(), json!(site.complaints.get(&i)));
        }
        Data::Service(s) => {
            m.insert(
                "total_minutes".into(),
                json!(s.steps.iter().map(|x| u64::from(x.minutes)).sum::<u64>()),
            );
        }
        Data::Person(p) => {
            m.insert("group_label".into(), json!(group_label(p.group)));
            if let Some(ph) = &p.photo {
                m.insert("photo_url".into(), json!(image_url(&ph.file)));
            }
        }
        Data::News(n) => {
            if let Some(img) = &n.image {
                m.insert("image_url".into(), json!(image_url(&img.file)));
            }
        }
        Data::Page(_) => {}
    }
    m
}

/// The fiscal years of `kind`, newest first, with their list URLs and counts.
pub fn years(site: &Site, kind: Kind) -> Vec<Value> {
    site.years
        .get(&kind)
        .map(|ys| {
            ys.iter()
                .rev()
                .map(|(y, l)| json!({ "year": y, "count": l.len(), "url": site.config.url(&site.site_path(crate::site::pages::Job::Year(kind, *y, 1))) }))
                .collect()
        })
        .unwrap_or_default()
}
