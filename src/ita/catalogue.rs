//! The OIT catalogue of one assessment year, as data: the items, their groups, and the rule
//! that decides which records serve each item. The files are `oit/ita-<BE year>.toml` of the
//! theme (built in) and of the site (`<root>/oit/`); docs/ita.md documents the format.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::content::{Category, Kind, PageSection, ReportType, Stage};

/// Which fiscal year an item's evidence must come from, for the ITA of year Y.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceYear {
    /// Fiscal year Y (plans, announcements, activities of the assessed year).
    #[default]
    Assessed,
    /// Fiscal year Y − 1 (annual reports and statistics, from ITA 2568 on).
    Previous,
    /// Standing information (structure, contact, laws): any record from fiscal year Y or before.
    Standing,
}

impl EvidenceYear {
    /// Thai wording for the page and the report.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceYear::Assessed => "ข้อมูลของปีงบประมาณที่ประเมิน",
            EvidenceYear::Previous => "ข้อมูลของปีงบประมาณก่อนปีที่ประเมิน",
            EvidenceYear::Standing => "ข้อมูลพื้นฐานที่เป็นปัจจุบัน (เผยแพร่ภายในปีที่ประเมินหรือก่อนหน้า)",
        }
    }
}

/// A page the generator makes (not a record) that can serve an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Derived {
    /// `/procurement/<fy>/summary/`: the monthly (สขร.๑) and annual summary of a fiscal year.
    ProcurementSummary,
    PagesList,
    NewsList,
    AnnouncementsList,
    ProcurementList,
    PlansList,
    ReportsList,
    ComplaintsList,
    PeopleList,
    ServicesList,
}

impl Derived {
    /// The kind whose list page this is (`None` for the procurement summary).
    pub fn list_kind(self) -> Option<Kind> {
        match self {
            Derived::ProcurementSummary => None,
            Derived::PagesList => Some(Kind::Page),
            Derived::NewsList => Some(Kind::News),
            Derived::AnnouncementsList => Some(Kind::Announcement),
            Derived::ProcurementList => Some(Kind::Procurement),
            Derived::PlansList => Some(Kind::Plan),
            Derived::ReportsList => Some(Kind::Report),
            Derived::ComplaintsList => Some(Kind::Complaints),
            Derived::PeopleList => Some(Kind::Person),
            Derived::ServicesList => Some(Kind::Service),
        }
    }
}

/// One line of an item's `rule`: a record matches when every condition given holds
/// (a list holds when any of its values does). An item's lines are alternatives.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Match {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// Announcement categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Procurement stages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub report_types: Vec<ReportType>,
    /// Page sections (`about`, `policy`, `law`, `contact`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<PageSection>,
    /// Slugs of pages under `content/pages/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Words of the title (any of them); spaces, digits (๖ = 6), dashes and case are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<String>,
}

impl Match {
    /// A line without any condition (it would match every record, so it is refused).
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.categories.is_empty()
            && self.stages.is_empty()
            && self.report_types.is_empty()
            && self.sections.is_empty()
            && self.pages.is_empty()
            && self.tags.is_empty()
            && self.title.is_empty()
    }
}

/// An item as a file writes it: in a site's file every field but `code` may be left out
/// (the theme's value stays).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFile {
    pub code: Spanned<String>,
    pub name: Option<String>,
    pub gloss: Option<String>,
    pub group: Option<Spanned<String>>,
    pub subgroup: Option<Spanned<String>>,
    pub requires: Option<String>,
    pub verified: Option<bool>,
    pub source: Option<String>,
    pub evidence_year: Option<EvidenceYear>,
    pub rule: Option<Spanned<Vec<Match>>>,
    pub derived: Option<Vec<Derived>>,
}

/// A catalogue file: `oit/ita-<BE year>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogueFile {
    #[serde(default)]
    pub year: Option<Spanned<i32>>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Labels of the indicators and sub-indicators, by id (`"9"`, `"9.1"`).
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    #[serde(default)]
    pub items: Vec<ItemFile>,
}

/// One OIT item, resolved (theme item with the site's changes).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub group: String,
    pub subgroup: String,
    pub requires: String,
    pub verified: bool,
    pub source: String,
    pub evidence_year: EvidenceYear,
    pub rule: Vec<Match>,
    pub derived: Vec<Derived>,
    /// The file the item (or its last change) comes from.
    pub origin: String,
    /// Whether the site's own catalogue added or changed the item.
    pub site: bool,
}

/// The catalogue of one ITA year.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// The ITA year (BE); its evidence is fiscal year `year` (or `year - 1`).
    pub year: i32,
    pub title: String,
    pub note: String,
    pub groups: BTreeMap<String, String>,
    pub items: Vec<Item>,
    /// The files read, theme first.
    pub files: Vec<String>,
}

impl Catalogue {
    /// An item by code (case-insensitive).
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.code.eq_ignore_ascii_case(code.trim()))
    }
}
