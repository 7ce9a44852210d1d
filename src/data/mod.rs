//! Open data under `/data/`: every collection and every derived report as JSON and as CSV, a
//! DCAT-style catalogue (`catalog.json`) for data portals, and what the `/data/` page lists.
//! Field names and formats are documented for data users in docs/open-data.md.

pub mod catalog;
pub mod csv;
pub mod derived;
pub mod live;
pub mod records;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::site::Site;
use crate::site::datasets::{CATALOG, DATA_DIR, EXTENSIONS, Source};
use crate::thai::Date;

use csv::Col;

/// One dataset: its rows, and how to write them as CSV.
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
    pub columns: Vec<Col>,
    pub rows: Vec<Value>,
    /// Newest publication or update date among the records it is made from.
    pub modified: Option<Date>,
}

/// A file under `/data/`.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// `news.json`
    pub name: String,
    /// Index of its dataset.
    pub dataset: usize,
    pub format: &'static str,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

fn newest(site: &Site, kinds: &[Kind]) -> Option<Date> {
    (0..site.records.len())
        .filter(|&i| kinds.contains(&site.records[i].kind))
        .map(|i| site.changed(i))
        .max()
}

/// Title, description, keywords, landing page, source kinds, columns and rows of a dataset.
type Parts = (
    String,
    String,
    Vec<&'static str>,
    String,
    Vec<Kind>,
    Vec<Col>,
    Vec<Value>,
);

fn dataset(site: &Site, src: Source) -> Dataset {
    dataset_with(site, src, |k| records::rows(site, k))
}

/// [`dataset`], with the rows of a collection from `collection_rows`.
fn dataset_with(
    site: &Site,
    src: Source,
    collection_rows: impl FnOnce(Kind) -> Vec<Value>,
) -> Dataset {
    use derived::*;
    let (title, description, keywords, landing, kinds, columns, rows): Parts = match src {
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
            collection_rows(k),
        ),
        Source::PlanSummary => (
            "ตารางสรุปโครงการและงบประมาณตามแผน (ส่วนที่ ๒)".into(),
            "งบประมาณของแต่ละโครงการ/กิจกรรม/มาตรการ แยกตามปีงบประมาณ มิติ และภารกิจ คำนวณจากข้อมูลโครงการ".into(),
            vec!["plan", "budget", "anti-corruption"],
            "plans/".into(),
            vec![Kind::Plan, Kind::Project],
            PLAN_SUMMARY.to_vec(),
            plan_summary(site),
        ),
        Source::PlanProgress => (
            "ผลการดำเนินงานรายโครงการตามรายงาน".into(),
            "งบประมาณตามแผนของปีที่รายงานเทียบกับที่ใช้จ่ายจริง และสถานะของแต่ละโครงการ จากรายงานผลการดำเนินงาน".into(),
            vec!["plan", "progress", "report"],
            "reports/".into(),
            vec![Kind::Plan, Kind::Project, Kind::Report],
            PLAN_PROGRESS.to_vec(),
            plan_progress(site),
        ),
        Source::PlanProgressSummary => (
            "ผลการดำเนินงานตามแผน แยกตามปีงบประมาณและมิติ".into(),
            "จำนวนโครงการตามสถานะจากรายงานล่าสุดของปี งบประมาณตามแผน และที่ใช้จ่ายจริง ต่อปีงบประมาณและมิติ".into(),
            vec!["plan", "progress", "budget"],
            "plans/".into(),
            vec![Kind::Plan, Kind::Project, Kind::Report],
            PLAN_PROGRESS_SUMMARY.to_vec(),
            plan_progress_summary(site),
        ),
        Source::ProcurementMonthly => (
            "สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.๑)".into(),
            "หนึ่งแถวต่อการจัดซื้อจัดจ้างที่ได้ผู้ชนะหรือยกเลิกแล้ว: รายการ วงเงิน ราคากลาง วิธี ผู้เสนอราคา ผู้ได้รับคัดเลือก เหตุผล และสัญญา".into(),
            vec!["procurement", "monthly-summary"],
            "procurement/".into(),
            vec![Kind::Procurement],
            PROCUREMENT_MONTHLY.to_vec(),
            procurement_monthly(site),
        ),
        Source::ProcurementAnnual => (
            "สรุปผลการจัดซื้อจัดจ้างประจำปี แยกตามวิธี".into(),
            "จำนวนและมูลค่าการจัดซื้อจัดจ้างต่อปีงบประมาณ แยกตามวิธีจัดหา".into(),
            vec!["procurement", "annual-summary"],
            "procurement/".into(),
            vec![Kind::Procurement],
            PROCUREMENT_ANNUAL.to_vec(),
            procurement_annual(site),
        ),
        Source::ComplaintTotals => (
            "สรุปจำนวนเรื่องร้องเรียนรายปีงบประมาณ".into(),
            "จำนวนเรื่องที่รับ ดำเนินการแล้วเสร็จ และอยู่ระหว่างดำเนินการ ต่อปีงบประมาณ".into(),
            vec!["complaints", "statistics"],
            "complaints/".into(),
            vec![Kind::Complaints],
            COMPLAINT_TOTALS.to_vec(),
            complaint_totals(site),
        ),
        Source::ComplaintMonths => (
            "จำนวนเรื่องร้องเรียนรายเดือน".into(),
            "จำนวนเรื่องร้องเรียนแต่ละเดือนของปีงบประมาณ (ตุลาคม – กันยายน)".into(),
            vec!["complaints", "statistics", "monthly"],
            "complaints/".into(),
            vec![Kind::Complaints],
            COMPLAINT_MONTHS.to_vec(),
            complaint_months(site),
        ),
        Source::ComplaintCounts => (
            "จำนวนเรื่องร้องเรียนแยกตามช่องทางและประเภท".into(),
            "จำนวนเรื่องร้องเรียนต่อปีงบประมาณ แยกตามช่องทางที่รับเรื่องและประเภทของเรื่อง".into(),
            vec!["complaints", "statistics"],
            "complaints/".into(),
            vec![Kind::Complaints],
            COMPLAINT_COUNTS.to_vec(),
            complaint_counts(site),
        ),
    };
    let mut rows = rows;
    rows.iter_mut().for_each(records::tidy_numbers);
    let mut keywords = keywords;
    keywords.extend(["local-government", "transparency"]);
    Dataset {
        id: src.id(),
        title,
        description,
        keywords,
        landing,
        collection: matches!(src, Source::Collection(_)),
        columns,
        rows,
        modified: newest(site, &kinds),
    }
}

/// Every dataset: the collections in the order of `Kind::ALL`, then the derived reports.
pub fn datasets(site: &Site) -> Vec<Dataset> {
    Source::all()
        .par_iter()
        .map(|&s| dataset(site, s))
        .collect()
}

/// The JSON and CSV files of every dataset.
pub fn data_files(sets: &[Dataset]) -> Vec<DataFile> {
    sets.par_iter()
        .enumerate()
        .flat_map_iter(|(i, d)| {
            let mut json = serde_json::to_vec(&d.rows).unwrap_or_default();
            json.push(b'\n');
            [
                DataFile {
                    name: format!("{}.{}", d.id, EXTENSIONS[0]),
                    dataset: i,
                    format: "JSON",
                    media_type: "application/json",
                    bytes: json,
                },
                DataFile {
                    name: format!("{}.{}", d.id, EXTENSIONS[1]),
                    dataset: i,
                    format: "CSV",
                    media_type: "text/csv",
                    bytes: csv::write(&d.columns, &d.rows),
                },
            ]
        })
        .collect()
}

/// The open-data files and what the `/data/` page shows about them, made once per build: at
/// 10,000 records the files are 84 MB, and the page needs their sizes (the output stage hands
/// `index` to the renderer).
pub struct Built {
    /// Every file under `/data/` except the index page: (path under the output, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// What `data.html` receives as `open_data`.
    pub index: Value,
}

/// Make the datasets, their files and the catalogue once, and the page's view of them.
pub fn build(site: &Site) -> Built {
    let sets = datasets(site);
    let files = data_files(&sets);
    let catalog = catalog::catalog(site, &sets, &files);
    let index = index_of(site, &sets, &files, &catalog);
    let files = files
        .into_iter()
        .map(|f| (format!("{DATA_DIR}{}", f.name), f.bytes))
        .chain([(format!("{DATA_DIR}{CATALOG}"), catalog)])
        .collect();
    Built { files, index }
}

/// What `data.html` receives as `open_data`: the datasets with their files and sizes, the
/// catalogue, and the Atom feeds.
fn index_of(site: &Site, sets: &[Dataset], files: &[DataFile], catalog: &[u8]) -> Value {
    let file = |f: &DataFile| {
        json!({
            "name": f.name, "url": site.config.url(&format!("data/{}", f.name)),
            "format": f.format, "media_type": f.media_type, "size": f.bytes.len(),
        })
    };
    let list: Vec<Value> = sets
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let fs: Vec<Value> = files.iter().filter(|f| f.dataset == i).map(file).collect();
            json!({
                "id": d.id, "title": d.title, "description": d.description,
                "collection": d.collection, "count": d.rows.len(),
                "url": site.config.url(&d.landing), "modified": d.modified,
                "files": fs,
            })
        })
        .collect();
    let feeds: Vec<Value> = crate::site::derive::feeds(site)
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
