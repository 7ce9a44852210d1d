//! What `ita.html` receives: the map of one year and the list of years.

use serde::Serialize;

use crate::site::Site;
use crate::site::pages::Job;
use crate::thai::apply_digits;

use super::{Catalogues, ItaMap, Maps, Nav};

/// One catalogue year in the list of years.
#[derive(Debug, Serialize)]
pub struct Year {
    pub year: i32,
    pub url: String,
    /// The year `/ita/` shows.
    pub current: bool,
    /// The year this page shows.
    pub shown: bool,
}

/// The notice that an older list stands in for a year the NACC has not published yet.
#[derive(Debug, Serialize)]
pub struct Awaited {
    pub th: String,
    pub en: String,
}

/// The variables of `ita.html` (docs/templates.md).
#[derive(Debug, Serialize)]
pub struct ItaPage<'m> {
    pub ita_awaited: Option<Awaited>,
    pub ita: Option<&'m ItaMap>,
    pub ita_years: Vec<Year>,
    pub ita_index_url: String,
    pub is_index: bool,
}

impl ItaPage<'_> {
    /// What `render::Page::hash` hashes of this page: all of it but the map, which is known by
    /// its number ([`ItaMap::made`]): serializing a map of thousands of entries to hash it cost
    /// more than the rest of a save's pages about the whole site.
    pub fn hash_key(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Key<'a> {
            ita_awaited: &'a Option<Awaited>,
            ita: Option<u64>,
            ita_years: &'a [Year],
            ita_index_url: &'a str,
            is_index: bool,
        }
        Key {
            ita_awaited: &self.ita_awaited,
            ita: self.ita.map(|m| m.made),
            ita_years: &self.ita_years,
            ita_index_url: &self.ita_index_url,
            is_index: self.is_index,
        }
    }
}

/// The page `/ita/` (`year` = `None`: the current year) or `/ita/<year>/`, and its title.
pub fn context<'m>(
    site: &Site,
    cats: &Catalogues,
    maps: &'m Maps,
    nav: Nav<'_>,
    year: Option<i32>,
) -> (ItaPage<'m>, String) {
    let digits = site.config.site.digits;
    let current = cats.current_year(site);
    let shown = year.or(current);
    let map = shown.and_then(|y| maps.get(cats, site, y, nav));
    let ita_years = cats
        .years()
        .into_iter()
        .rev()
        .map(|y| Year {
            year: y,
            url: site.config.url(&site.site_path(Job::Ita(y))),
            current: Some(y) == current,
            shown: Some(y) == shown,
        })
        .collect();
    // The older list standing in for a year the NACC has not published yet, said plainly.
    let awaited = map.and_then(|m| Some(super::awaited_notice(m.awaited_year?, m.year)));
    let page = ItaPage {
        ita_awaited: awaited.map(|(th, en)| Awaited {
            th: apply_digits(&th, digits),
            en,
        }),
        ita: map,
        ita_years,
        ita_index_url: site.config.url(&site.site_path(Job::ItaIndex)),
        is_index: year.is_none(),
    };
    let title = match shown {
        Some(y) => apply_digits(
            &format!("การเปิดเผยข้อมูลสาธารณะ (OIT) ตามการประเมิน ITA ปี พ.ศ. {y}"),
            digits,
        ),
        None => "การเปิดเผยข้อมูลสาธารณะ (OIT)".to_string(),
    };
    (page, title)
}
