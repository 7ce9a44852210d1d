//! The ITA (NACC's Integrity and Transparency Assessment) map, part OIT: which pages of the
//! site serve each item an assessor checks, for one fiscal year.
//!
//! The catalogue of items is data, one file per assessment year (`oit/ita-<BE year>.toml` of the
//! theme, with the site's own `oit/` over it): nothing here knows what an item code means.
//! `map::build` turns a site and a catalogue into the map that `/ita/<year>/` and
//! `prongsai check --oit` show. docs/ita.md is the officers' and maintainers' guide.

mod catalogue;
mod entries;
pub mod map;
mod matched;
pub mod page;
mod parse;
pub mod report;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::theme::ThemeFile;
use crate::error::Diagnostics;
use crate::site::Site;
use crate::thai::fiscal_year;

pub use catalogue::{Catalogue, Derived, EvidenceYear, Item, Match};
pub use entries::{Entry, Nav, Via};
pub use map::{ItaMap, ItemMap, Status};
pub use matched::Matched;
pub use parse::year_of_name;
pub use rules::{bind_code, in_year, matches, normalise, years_of};

/// Every OIT catalogue of a site, by ITA year (BE).
#[derive(Debug, Clone, Default)]
pub struct Catalogues(pub BTreeMap<i32, Catalogue>);

impl Catalogues {
    /// Read the theme's catalogues (`theme` as `config::theme::load` returns it) and the site's
    /// `<root>/oit/` over them; every problem of every file is returned.
    pub fn load(root: &Path, theme: &BTreeMap<String, ThemeFile>) -> Result<Self, Diagnostics> {
        parse::load(root, theme).map(Catalogues)
    }

    /// The ITA years, oldest first.
    pub fn years(&self) -> Vec<i32> {
        self.0.keys().copied().collect()
    }

    /// The year `/ita/` shows (see `current_year`).
    pub fn current_year(&self, site: &Site) -> Option<i32> {
        current_year(site, &self.years())
    }

    /// The map of ITA year `year`, when there is a catalogue for it.
    pub fn map(&self, site: &Site, year: i32, nav: Nav<'_>) -> Option<ItaMap> {
        let cat = self.0.get(&year)?;
        let (current, awaited) = self.shown(site, year);
        let mut m = map::build(site, cat, nav, current, &Matched::default());
        m.awaited_year = awaited;
        Some(m)
    }

    /// [`Catalogues::map`] with what was kept from the maps of the last save (`serve`): only
    /// records not seen then are matched against the rules, and the last map of the year is
    /// given again when it is made from the same sources.
    pub fn map_kept(
        &self,
        site: &Site,
        year: i32,
        nav: Nav<'_>,
        kept: &Kept,
    ) -> Option<Arc<ItaMap>> {
        let cat = self.0.get(&year)?;
        let (current, awaited) = self.shown(site, year);
        let sources = map::sources(site, cat, nav, current, &kept.matched);
        let last = |maps: &mut BTreeMap<i32, (map::Sources, Arc<ItaMap>)>| {
            let (s, m) = maps.get(&year)?;
            (*s == sources && m.awaited_year == awaited).then(|| Arc::clone(m))
        };
        if let Some(m) = last(&mut kept.maps.lock().unwrap_or_else(PoisonError::into_inner)) {
            return Some(m);
        }
        let mut m = map::from_sources(site, cat, nav, &sources);
        m.awaited_year = awaited;
        let mut maps = kept.maps.lock().unwrap_or_else(PoisonError::into_inner);
        // A changed record the map shows, changed where the map does not show it (its body):
        // the last map, whose number tells the page it need not be rendered again.
        let m = match maps.get(&year) {
            Some((_, last)) if last.shows_the_same(&m) => Arc::clone(last),
            _ => Arc::new(m),
        };
        maps.insert(year, (sources, Arc::clone(&m)));
        Some(m)
    }

    /// Whether `/ita/` shows `year`, and then the year whose list it stands in for.
    fn shown(&self, site: &Site, year: i32) -> (bool, Option<i32>) {
        let current = self.current_year(site) == Some(year);
        let awaited = if current {
            awaited_year(site, &self.years())
        } else {
            None
        };
        (current, awaited)
    }
}

/// What `serve` keeps from the maps of one save for the next: the rule matches of each record
/// ([`Matched`]) and the last map of each year with what it was made from. An empty one for a
/// clean build; made again with the catalogues (`render::Prepared` holds both).
#[derive(Debug, Default)]
pub struct Kept {
    matched: Matched,
    maps: Mutex<BTreeMap<i32, (map::Sources, Arc<ItaMap>)>>,
}

/// The maps of each catalogue year, made on first use: `/ita/` and `/ita/<current year>/` show
/// the same map, made once.
#[derive(Debug, Default)]
pub struct Maps {
    maps: BTreeMap<i32, std::sync::OnceLock<Option<Arc<ItaMap>>>>,
    /// What was kept from the maps of the last renderer (`serve`).
    kept: Kept,
}

impl Maps {
    /// Maps of `cats` still to be made, with what was kept from earlier maps of the same
    /// catalogues (an empty [`Kept`] for a clean build).
    pub fn new(cats: &Catalogues, kept: Kept) -> Maps {
        Maps {
            maps: cats
                .years()
                .into_iter()
                .map(|y| (y, Default::default()))
                .collect(),
            kept,
        }
    }

    /// What to keep for the maps of the next save.
    pub fn into_kept(self) -> Kept {
        self.kept
    }

    /// The map of ITA year `year` ([`Catalogues::map`]), made once.
    pub fn get(&self, cats: &Catalogues, site: &Site, year: i32, nav: Nav<'_>) -> Option<&ItaMap> {
        self.maps
            .get(&year)?
            .get_or_init(|| cats.map_kept(site, year, nav, &self.kept))
            .as_deref()
    }
}

/// The ITA year `/ita/` shows: the catalogue year equal to the fiscal year of the newest record's
/// date; else the latest catalogue before that year; else (a site older than every catalogue)
/// the earliest catalogue. A site without records gets the latest catalogue.
pub fn current_year(site: &Site, years: &[i32]) -> Option<i32> {
    let newest = site.records.iter().map(|r| r.meta.date).max();
    let Some(newest) = newest else {
        return years.last().copied();
    };
    let fy = fiscal_year(newest);
    years
        .iter()
        .rev()
        .find(|&&y| y <= fy)
        .or_else(|| years.first())
        .copied()
}

/// The fiscal year of the newest record when no catalogue exists for it and `/ita/` shows an
/// earlier one (December 2569: records of fiscal year 2570, the NACC's 2570 list not yet out).
/// The page and `check --oit` then say so, so nobody takes the older list for the new one.
pub fn awaited_year(site: &Site, years: &[i32]) -> Option<i32> {
    let fy = fiscal_year(site.records.iter().map(|r| r.meta.date).max()?);
    let shown = current_year(site, years)?;
    (shown < fy && !years.contains(&fy)).then_some(fy)
}

/// The notice of [`awaited_year`], in Thai and in English: (awaited year, year shown).
pub fn awaited_notice(awaited: i32, shown: i32) -> (String, String) {
    (
        format!("ป.ป.ช. ยังไม่ประกาศรายการข้อ OIT ของปี {awaited}: แสดงตามรายการปี {shown}"),
        format!(
            "The NACC has not yet published the OIT items of ITA {awaited}: shown by the ITA {shown} list"
        ),
    )
}

/// The ITA years of a site, from catalogue file names alone (the link check needs them before
/// anything is rendered).
pub fn catalogue_years(root: &Path, theme: &str) -> Vec<i32> {
    parse::years(root, theme, crate::config::theme::DEFAULT_THEME)
}
