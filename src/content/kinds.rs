//! The record kinds and their own fields (docs/records.md is the officers' version of this file).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::thai::{Baht, Date};

/// The kind of a record, decided by its folder under `content/`.
/// Catalogues (ITA rules) name kinds by these lowercase names too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Page,
    News,
    Announcement,
    Procurement,
    Plan,
    Project,
    Report,
    Complaints,
    Person,
    Service,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Page,
        Kind::News,
        Kind::Announcement,
        Kind::Procurement,
        Kind::Plan,
        Kind::Project,
        Kind::Report,
        Kind::Complaints,
        Kind::Person,
        Kind::Service,
    ];

    /// The folder under `content/` and in the output URL.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Page => "pages",
            Kind::News => "news",
            Kind::Announcement => "announcements",
            Kind::Procurement => "procurement",
            Kind::Plan | Kind::Project => "plans",
            Kind::Report => "reports",
            Kind::Complaints => "complaints",
            Kind::Person => "people",
            Kind::Service => "services",
        }
    }

    /// The kind whose records live directly in `content/<folder>/`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == folder && *k != Kind::Project)
    }

    /// Thai name, for headings.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Page => "ข้อมูลพื้นฐาน",
            Kind::News => "ข่าวประชาสัมพันธ์",
            Kind::Announcement => "ประกาศ/นโยบาย",
            Kind::Procurement => "ประกาศจัดซื้อจัดจ้าง",
            Kind::Plan => "แผน",
            Kind::Project => "โครงการ/กิจกรรม/มาตรการ",
            Kind::Report => "รายงาน",
            Kind::Complaints => "สถิติเรื่องร้องเรียน",
            Kind::Person => "ผู้บริหารและบุคลากร",
            Kind::Service => "มาตรฐานการให้บริการ",
        }
    }

    /// English name, for messages and data files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::News => "news",
            Kind::Announcement => "announcement",
            Kind::Procurement => "procurement",
            Kind::Plan => "plan",
            Kind::Project => "project",
            Kind::Report => "report",
            Kind::Complaints => "complaints",
            Kind::Person => "person",
            Kind::Service => "service",
        }
    }

    /// Whether the kind has fiscal-year lists (`/news/2568/`), which the site's pages, the
    /// search page's filters and the ITA map all name.
    pub fn has_years(self) -> bool {
        matches!(
            self,
            Kind::News | Kind::Announcement | Kind::Procurement | Kind::Report | Kind::Complaints
        )
    }

    /// Whether `fiscal_year` names the year the record is about, so it may differ from the
    /// fiscal year of its publication date (a report published in October covers the year before).
    pub fn fiscal_year_is_subject(self) -> bool {
        matches!(
            self,
            Kind::Report | Kind::Complaints | Kind::Plan | Kind::Project
        )
    }
}

/// A file attached to a record, under `content/files/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub file: String,
    #[serde(default)]
    pub title: String,
}

/// The person who signs an announcement or a report.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: String,
    #[serde(default)]
    pub position: String,
}

/// An image with the text that replaces it for screen readers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub file: String,
    pub alt: String,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
}

/// The fields every record may carry.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Meta {
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub signer: Option<Signer>,
    #[serde(default)]
    pub fiscal_year: Option<i32>,
    #[serde(default)]
    pub oit: Vec<String>,
    #[serde(default, skip_serializing)]
    pub body: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PageSection {
    #[default]
    About,
    Policy,
    Law,
    Contact,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Page {
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub section: PageSection,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct News {
    #[serde(default)]
    pub image: Option<Image>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    NoGift,
    Participation,
    Hr,
    Ethics,
    Integrity,
    Complaint,
    Policy,
    General,
    Procurement,
    Budget,
    Service,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::NoGift => "นโยบายไม่รับของขวัญ (No Gift Policy)",
            Category::Participation => "การมีส่วนร่วม",
            Category::Hr => "การบริหารทรัพยากรบุคคล",
            Category::Ethics => "จริยธรรม",
            Category::Integrity => "คุณธรรมและความโปร่งใส",
            Category::Complaint => "เรื่องร้องเรียน",
            Category::Policy => "นโยบาย",
            Category::General => "ประกาศทั่วไป",
            Category::Procurement => "จัดซื้อจัดจ้าง",
            Category::Budget => "งบประมาณ",
            Category::Service => "การให้บริการ",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Announcement {
    pub category: Category,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub announced: Option<Date>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Plan,
    Invitation,
    MedianPrice,
    Winner,
    Contract,
    Inspection,
    Cancellation,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Plan => "แผนการจัดซื้อจัดจ้าง",
            Stage::Invitation => "ประกาศเชิญชวน",
            Stage::MedianPrice => "ราคากลาง",
            Stage::Winner => "ประกาศผู้ชนะการเสนอราคา",
            Stage::Contract => "สัญญา",
            Stage::Inspection => "ตรวจรับพัสดุ",
            Stage::Cancellation => "ยกเลิกการจัดซื้อจัดจ้าง",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    EBidding,
    EMarket,
    Selection,
    Specific,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::EBidding,
        Method::EMarket,
        Method::Selection,
        Method::Specific,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Method::EBidding => "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
            Method::EMarket => "ตลาดอิเล็กทรอนิกส์ (e-market)",
            Method::Selection => "คัดเลือก",
            Method::Specific => "เฉพาะเจาะจง",
        }
    }
}

/// A bidder or the winner, with the price offered.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bid {
    pub name: String,
    #[serde(default)]
    pub price: Option<Baht>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub amount: Option<Baht>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Procurement {
    pub stage: Stage,
    pub method: Method,
    pub item: String,
    #[serde(default)]
    pub egp_number: Option<String>,
    #[serde(default)]
    pub budget: Option<Baht>,
    #[serde(default)]
    pub median_price: Option<Baht>,
    #[serde(default)]
    pub bidders: Vec<Bid>,
    #[serde(default)]
    pub winner: Option<Bid>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub contract: Option<Contract>,
    #[serde(default)]
    pub department: Option<String>,
    /// The notice at its source (the e-GP announcement, the dataset): an http(s) URL the page
    /// links to, never loads.
    #[serde(default)]
    pub source_url: Option<String>,
}

/// Whether `url` may be a `source_url`: http or https, a host, no spaces, quotes or controls.
pub fn is_source_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\`".contains(c))
    })
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub number: u32,
    pub name: String,
    #[serde(default)]
    pub missions: Vec<Mission>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub step: String,
    #[serde(default)]
    pub risks: Vec<String>,
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub controls: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub name: String,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Plan {
    pub years: [i32; 2],
    #[serde(default)]
    pub organisation: Option<String>,
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum ProjectType {
    #[serde(rename = "โครงการ")]
    Project,
    #[serde(rename = "กิจกรรม")]
    Activity,
    #[serde(rename = "มาตรการ")]
    Measure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub role: String,
    pub name: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Project {
    pub number: u32,
    #[serde(rename = "type")]
    pub project_type: ProjectType,
    pub dimension: u32,
    pub mission: String,
    /// Budget per BE fiscal year; a year not listed is 0.
    #[serde(default)]
    pub budget: BTreeMap<String, Baht>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub method: Vec<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub outputs: Vec<String>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub signatures: Vec<Signature>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ReportType {
    PlanProgress,
    PlanAnnual,
    Budget,
    Procurement,
    InternalControl,
    Hr,
    ServiceStats,
    Other,
}

impl ReportType {
    pub fn label(self) -> &'static str {
        match self {
            ReportType::PlanProgress => "รายงานความก้าวหน้าการดำเนินงานตามแผน (รอบ ๖ เดือน)",
            ReportType::PlanAnnual => "รายงานผลการดำเนินงานตามแผนประจำปี",
            ReportType::Budget => "รายงานผลการใช้จ่ายงบประมาณ",
            ReportType::Procurement => "รายงานผลการจัดซื้อจัดจ้าง",
            ReportType::InternalControl => "รายงานการควบคุมภายใน",
            ReportType::Hr => "รายงานการบริหารทรัพยากรบุคคล",
            ReportType::ServiceStats => "สถิติการให้บริการ",
            ReportType::Other => "รายงานอื่น ๆ",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Done,
    InProgress,
    NotStarted,
    Cancelled,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub project: u32,
    pub status: Status,
    #[serde(default)]
    pub spent: Option<Baht>,
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Report {
    pub report_type: ReportType,
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub period_from: Option<Date>,
    #[serde(default)]
    pub period_to: Option<Date>,
    #[serde(default)]
    pub progress: Vec<Progress>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MonthRow {
    pub month: u8,
    #[serde(default)]
    pub received: u32,
    #[serde(default)]
    pub resolved: u32,
    #[serde(default)]
    pub in_progress: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub name: String,
    pub count: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Complaints {
    #[serde(default)]
    pub months: Vec<MonthRow>,
    #[serde(default)]
    pub channels: Vec<Count>,
    #[serde(default)]
    pub categories: Vec<Count>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    #[default]
    Executive,
    Council,
    Staff,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Person {
    pub position: String,
    #[serde(default)]
    pub group: Group,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub photo: Option<Image>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub minutes: u32,
    #[serde(default)]
    pub responsible: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub name: String,
    pub amount: Baht,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub name: String,
    #[serde(default)]
    pub copies: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Service {
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub channels: Vec<String>,
}

/// A record's own fields, by kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Data {
    Page(Page),
    News(News),
    Announcement(Announcement),
    Procurement(Procurement),
    Plan(Plan),
    Project(Project),
    Report(Report),
    Complaints(Complaints),
    Person(Person),
    Service(Service),
}
