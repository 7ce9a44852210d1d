//! What `ita.html` receives: the map of one year and the list of years.

use serde_json::json;
use tera::Context;

use crate::site::Site;
use crate::thai::apply_digits;

use super::{Catalogues, Maps, Nav};

/// Fill `ctx` for `/ita/` (`year` = `None`: the current year) or `/ita/<year>/`; returns the
/// template and the page title.
pub fn context(
    site: &Site,
    cats: &Catalogues,
    maps: &Maps,
    nav: Nav<'_>,
    year: Option<i32>,
    ctx: &mut Context,
) -> (String, String) {
    let digits = site.config.site.digits;
    let current = cats.current_year(site);
    let shown = year.or(current);
    let map = shown.and_then(|y| maps.get(cats, site, y, nav));
    let years: Vec<_> = cats
        .years()
        .into_iter()
        .rev()
        .map(|y| {
            json!({
                "year": y,
                "url": site.config.url(&format!("ita/{y}/")),
                "current": Some(y) == current,
                "shown": Some(y) == shown,
            })
        })
        .collect();
    // The older list standing in for a year the NACC has not published yet, said plainly.
    let awaited = map.and_then(|m| Some(super::awaited_notice(m.awaited_year?, m.year)));
    let awaited = awaited.map(|(th, en)| json!({ "th": apply_digits(&th, digits), "en": en }));
    ctx.insert("ita_awaited", &awaited);
    ctx.insert("ita", &map);
    ctx.insert("ita_years", &years);
    ctx.insert("ita_index_url", &site.config.url("ita/"));
    ctx.insert("is_index", &year.is_none());
    let crumbs = match year {
        Some(_) => vec![json!({ "label": "ITA", "url": site.config.url("ita/") })],
        None => Vec::new(),
    };
    ctx.insert("breadcrumbs", &crumbs);
    let title = match shown {
        Some(y) => apply_digits(
            &format!("การเปิดเผยข้อมูลสาธารณะ (OIT) ตามการประเมิน ITA ปี พ.ศ. {y}"),
            digits,
        ),
        None => "การเปิดเผยข้อมูลสาธารณะ (OIT)".to_string(),
    };
    ("ita.html".into(), title)
}
