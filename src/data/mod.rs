//! Open data under `/data/`: every collection and every derived report as JSON and as CSV, a
//! DCAT-style catalogue (`catalog.json`) for data portals, and what the `/data/` page lists.
//! Field names and formats are documented for data users in docs/open-data.md.

pub mod catalog;
pub mod csv;
pub mod derived;
pub mod live;
pub mod records;

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::site::Site;
use crate::site::datasets::{CATALOG, DATA_DIR, EXTENSIONS, Source};
use crate::thai::Date;

use csv::Col;

/// The bytes of a file under `/data/`, shared: `serve` keeps a collection's files between saves
/// and hands the same bytes again when nothing they were made from changed (16 MB for the news
/// of 10,000 records), and its output folder knows them by their address.
pub type Bytes = Arc<Vec<u8>>;

/// Format and media type of a dataset's files, in the order of [`EXTENSIONS`].
const FORMATS: [(&str, &str); 2] = [("JSON", "application/json"), ("CSV", "text/csv")];

/// One dataset: what it is, and its files.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// File name without extension (`news`, `procurement-monthly`).
    pub id: &'static str,
    pub title: String,
    pub description: String,
    /// English keywords (data portals often refuse Thai tags).
    pub keywords: Vec<&'static str>,
    /// Site path of the page that shows the same data.
    pub landing: String,
    /// `true` for a collection of records, `false` for a derived report.
    pub collection: bool,
    /// How many rows it has (records of a collection).
    pub count: usize,
    /// Newest publication or update date among the records it is made from.
    pub modified: Option<Date>,
    /// Its files in the order of [`EXTENSIONS`]: the rows as JSON, then as CSV.
    pub bytes: [Bytes; 2],
}

/// One file of a dataset, as the catalogue and the `/data/` page describe it.
pub struct DataFile<'a> {
    /// `news.json`
    pub name: String,
    pub format: &'static str,
    pub media_type: &'static str,
    pub bytes: &'a Bytes,
}

impl Dataset {
    /// Its files, JSON first.
    pub fn files(&self) -> impl Iterator<Item = DataFile<'_>> {
        EXTENSIONS.iter().zip(FORMATS).zip(&self.bytes).map(
            |((ext, (format, media_type)), bytes)| DataFile {
                name: format!("{}.{ext}", self.id),
                format,
                media_type,
                bytes,
            },
        )
    }
}

fn newest(site: &Site, kinds: &[Kind]) -> Option<Date> {
    (0..site.records.len())
        .filter(|&i| kinds.contains(&site.records[i].kind))
        .map(|i| site.changed(i))
        .max()
}

/// What a dataset is, apart from its rows.
pub(crate) struct About {
    title: String,
    description: String,
    keywords: Vec<&'static str>,
    landing: String,
    /// The kinds of records it is made from: nothing else of the site goes into its files but
    /// these records (in the order of the model, with their paths) and the settings.
    pub kinds: Vec<Kind>,
    pub columns: Vec<Col>,
}

/// What dataset `src` is.
pub(crate) fn about(src: Source) -> About {
    use derived::*;
    let (title, description, keywords, landing, kinds, columns) = match src {
        Source::Collection(k) => (
            k.label().to_string(),
            format!(
                "{}ทุกรายการที่เผยแพร่บนเว็บไซต์ ทุกช่องข้อมูลตามที่เจ้าหน้าที่บันทึก",
                k.label()
            ),
            vec![k.name(), "records"],
            format!("{}/", k.folder()),
            vec![k],
            records::columns(k),
        ),
        Source::PlanSummary => (
            "ตารางสรุปโครงการและงบประมาณตามแผน (ส่วนที่ ๒)".into(),
            "งบประมาณของแต่ละโครงการ/กิจกรรม/มาตรการ แยกตามปีงบประมาณ มิติ และภารกิจ คำนวณจากข้อมูลโครงการ".into(),
            vec!["plan", "budget", "anti-corruption"],
            "plans/".into(),
            vec![Kind::Plan, Kind::Project],
            PLAN_SUMMARY.to_vec(),
        ),
        Source::PlanProgress => (
            "ผลการดำเนินงานรายโครงการตามรายงาน".into(),
            "งบประมาณตามแผนของปีที่รายงานเทียบกับที่ใช้จ่ายจริง และสถานะของแต่ละโครงการ จากรายงานผลการดำเนินงาน".into(),
            vec!["plan", "progress", "report"],
            "reports/".into(),
            vec![Kind::Plan, Kind::Project, Kind::Report],
            PLAN_PROGRESS.to_vec(),
        ),
        Source::PlanProgressSummary => (
            "ผลการดำเนินงานตามแผน แยกตามปีงบประมาณและมิติ".into(),
            "จำนวนโครงการตามสถานะจากรายงานล่าสุดของปี งบประมาณตามแผน และที่ใช้จ่ายจริง ต่อปีงบประมาณและมิติ".into(),
            vec!["plan", "progress", "budget"],
            "plans/".into(),
            vec![Kind::Plan, Kind::Project, Kind::Report],
            PLAN_PROGRESS_SUMMARY.to_vec(),
        ),
        Source::ProcurementMonthly => (
            "สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.๑)".into(),
            "หนึ่งแถวต่อการจัดซื้อจัดจ้างที่ได้ผู้ชนะหรือยกเลิกแล้ว: รายการ วงเงิน ราคากลาง วิธี ผู้เสนอราคา ผู้ได้รับคัดเลือก เหตุผล และสัญญา".into(),
            vec!["procurement", "monthly-summary"],
            "procurement/".into(),
            vec![Kind::Procurement],
            PROCUREMENT_MONTHLY.to_vec(),
        ),
        Source::ProcurementAnnual => (
            "สรุปผลการจัดซื้อจัดจ้างประจำปี แยกตามวิธี".into(),
            "จำนวนและมูลค่าการจัดซื้อจัดจ้างต่อปีงบประมาณ แยกตามวิธีจัดหา".into(),
            vec!["procurement", "annual-summary"],
            "procurement/".into(),
            vec![Kind::Procurement],
            PROCUREMENT_ANNUAL.to_vec(),
        ),
        Source::ComplaintTotals => (
            "สรุปจำนวนเรื่องร้องเรียนรายปีงบประมาณ".into(),
            "จำนวนเรื่องที่รับ ดำเนินการแล้วเสร็จ และอยู่ระหว่างดำเนินการ ต่อปีงบประมาณ".into(),
            vec!["complaints", "statistics"],
            "complaints/".into(),
            vec![Kind::Complaints],
            COMPLAINT_TOTALS.to_vec(),
        ),
        Source::ComplaintMonths => (
            "จำนวนเรื่องร้องเรียนรายเดือน".into(),
            "จำนวนเรื่องร้องเรียนแต่ละเดือนของปีงบประมาณ (ตุลาคม – กันยายน)".into(),
            vec!["complaints", "statistics", "monthly"],
            "complaints/".into(),
            vec![Kind::Complaints],
            COMPLAINT_MONTHS.to_vec(),
        ),
        Source::ComplaintCounts => (
            "จำนวนเรื่องร้องเรียนแยกตามช่องทางและประเภท".into(),
            "จำนวนเรื่องร้องเรียนต่อปีงบประมาณ แยกตามช่องทางที่รับเรื่องและประเภทของเรื่อง".into(),
            vec!["complaints", "statistics"],
            "complaints/".into(),
            vec![Kind::Complaints],
            COMPLAINT_COUNTS.to_vec(),
        ),
    };
    let mut keywords = keywords;
    keywords.extend(["local-government", "transparency"]);
    About {
        title,
        description,
        keywords,
        landing,
        kinds,
        columns,
    }
}

/// The rows of dataset `src`.
fn rows(site: &Site, src: Source) -> Vec<Value> {
    use derived::*;
    let mut rows = match src {
        Source::Collection(k) => records::rows(site, k),
        Source::PlanSummary => plan_summary(site),
        Source::PlanProgress => plan_progress(site),
        Source::PlanProgressSummary => plan_progress_summary(site),
        Source::ProcurementMonthly => procurement_monthly(site),
        Source::ProcurementAnnual => procurement_annual(site),
        Source::ComplaintTotals => complaint_totals(site),
        Source::ComplaintMonths => complaint_months(site),
        Source::ComplaintCounts => complaint_counts(site),
    };
    rows.iter_mut().for_each(records::tidy_numbers);
    rows
}

/// Dataset `src` (which is `about`) of `count` rows, whose files are `bytes`.
pub(crate) fn dataset_of(
    site: &Site,
    src: Source,
    about: About,
    count: usize,
    bytes: [Bytes; 2],
) -> Dataset {
    Dataset {
        id: src.id(),
        title: about.title,
        description: about.description,
        keywords: about.keywords,
        landing: about.landing,
        collection: matches!(src, Source::Collection(_)),
        count,
        modified: newest(site, &about.kinds),
        bytes,
    }
}

/// Dataset `src` made from the records: its rows, written as JSON and as CSV.
pub(crate) fn dataset(site: &Site, src: Source, about: About) -> Dataset {
    let rows = rows(site, src);
    let mut json = serde_json::to_vec(&rows).unwrap_or_default();
    json.push(b'\n');
    let csv = csv::write(&about.columns, &rows);
    dataset_of(
        site,
        src,
        about,
        rows.len(),
        [Arc::new(json), Arc::new(csv)],
    )
}

/// The open-data files and what the `/data/` page shows about them, made once per build: at
/// 10,000 records the files are 84 MB, and the page needs their sizes (the output stage hands
/// `index` to the renderer).
pub struct Built {
    /// Every file under `/data/` except the index page: (path under the output, bytes).
    pub files: Vec<(String, Bytes)>,
    /// What `data.html` receives as `open_data`.
    pub index: Value,
}

/// Make the datasets, their files and the catalogue once, and the page's view of them.
pub fn build(site: &Site) -> Built {
    let sets: Vec<Dataset> = Source::all()
        .par_iter()
        .map(|&s| dataset(site, s, about(s)))
        .collect();
    finish(site, &sets)
}

/// The catalogue of `sets` (every dataset, in the order of [`Source::all`]), the page's view
/// of them, and every file: the end of [`build`] and of [`live::LiveData::build`].
fn finish(site: &Site, sets: &[Dataset]) -> Built {
    let catalog = catalog::catalog(site, sets);
    let index = index_of(site, sets, &catalog);
    let files = sets
        .iter()
        .flat_map(Dataset::files)
        .map(|f| (format!("{DATA_DIR}{}", f.name), Arc::clone(f.bytes)))
        .chain([(format!("{DATA_DIR}{CATALOG}"), Arc::new(catalog))])
        .collect();
    Built { files, index }
}

/// What `data.html` receives as `open_data`: the datasets with their files and sizes, the
/// catalogue, and the Atom feeds.
fn index_of(site: &Site, sets: &[Dataset], catalog: &[u8]) -> Value {
    let file = |f: DataFile| {
        json!({
            "name": f.name, "url": site.config.url(&format!("data/{}", f.name)),
            "format": f.format, "media_type": f.media_type, "size": f.bytes.len(),
        })
    };
    let list: Vec<Value> = sets
        .iter()
        .map(|d| {
            let fs: Vec<Value> = d.files().map(file).collect();
            json!({
                "id": d.id, "title": d.title, "description": d.description,
                "collection": d.collection, "count": d.count,
                "url": site.config.url(&d.landing), "modified": d.modified,
                "files": fs,
            })
        })
        .collect();
    let feeds: Vec<Value> = crate::site::derive::feed_heads(site)
        .iter()
        .map(|f| json!({ "title": f.title, "url": site.config.url(&f.path) }))
        .collect();
    json!({
        "datasets": list,
        "catalog": {
            "name": "catalog.json",
            "url": site.config.url("data/catalog.json"),
            "size": catalog.len(),
        },
        "feeds": feeds,
    })
}
