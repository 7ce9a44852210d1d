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
        self.map_kept(site, year, nav, &Matched::default())
    }

    /// [`Catalogues::map`] with the rule matches of earlier maps of these catalogues (only
    /// records not seen then are matched against the rules).
    pub fn map_kept(
        &self,
        site: &Site,
        year: i32,
        nav: Nav<'_>,
        matched: &Matched,
    ) -> Option<ItaMap> {
        let current = self.current_year(site) == Some(year);
        let awaited = if current {
            awaited_year(site, &self.years())
        } else {
            None
        };
        self.0.get(&year).map(|cat| {
            let mut m = map::build(site, cat, nav, current, matched);
            m.awaited_year = awaited;
            m
        })
    }
}

/// The maps of each catalogue year, made on first use: `/ita/` and `/ita/<current year>/` show
/// the same map, made once.
#[derive(Debug, Default)]
pub struct Maps {
    maps: BTreeMap<i32, std::sync::OnceLock<Option<ItaMap>>>,
    /// The rule matches of the records, kept from the maps of the last renderer (`serve`).
    matched: Matched,
}

impl Maps {
    /// Maps of `cats` still to be made, with the rule matches of earlier maps of the same
    /// catalogues (an empty [`Matched`] for a clean build).
    pub fn new(cats: &Catalogues, matched: Matched) -> Maps {
        Maps {
            maps: cats
                .years()
                .into_iter()
                .map(|y| (y, Default::default()))
                .collect(),
            matched,
        }
    }

    /// The rule matches, for the maps of the next save.
    pub fn into_matched(self) -> Matched {
        self.matched
    }

    /// The map of ITA year `year` ([`Catalogues::map`]), made once.
    pub fn get(&self, cats: &Catalogues, site: &Site, year: i32, nav: Nav<'_>) -> Option<&ItaMap> {
        self.maps
            .get(&year)?
            .get_or_init(|| cats.map_kept(site, year, nav, &self.matched))
            .as_ref()
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
