//! The datasets the site publishes as open data under `/data/` (the `data` writer makes them):
//! which ones, and their file names. In the model, so that the list of the site's files
//! (`Site::output_files`) and the writer take the names from one place.

use crate::content::Kind;

/// What a dataset is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Collection(Kind),
    PlanSummary,
    PlanProgress,
    PlanProgressSummary,
    ProcurementMonthly,
    ProcurementAnnual,
    ComplaintTotals,
    ComplaintMonths,
    ComplaintCounts,
}

const DERIVED: [Source; 8] = [
    Source::PlanSummary,
    Source::PlanProgress,
    Source::PlanProgressSummary,
    Source::ProcurementMonthly,
    Source::ProcurementAnnual,
    Source::ComplaintTotals,
    Source::ComplaintMonths,
    Source::ComplaintCounts,
];

/// The folder of the open data (the `/data/` page is its `index.html`).
pub const DATA_DIR: &str = "data/";

/// The DCAT catalogue, in [`DATA_DIR`].
pub const CATALOG: &str = "catalog.json";

/// The formats every dataset is written in, as file extensions.
pub const EXTENSIONS: [&str; 2] = ["json", "csv"];

impl Source {
    /// Every dataset: the collections in the order of `Kind::ALL`, then the derived reports.
    pub fn all() -> Vec<Source> {
        Kind::ALL
            .into_iter()
            .map(Source::Collection)
            .chain(DERIVED)
            .collect()
    }

    /// File name without extension (`news`, `procurement-monthly`).
    pub fn id(self) -> &'static str {
        match self {
            Source::Collection(Kind::Plan) => "plans",
            Source::Collection(Kind::Project) => "projects",
            Source::Collection(k) => k.folder(),
            Source::PlanSummary => "plan-summary",
            Source::PlanProgress => "plan-progress",
            Source::PlanProgressSummary => "plan-progress-summary",
            Source::ProcurementMonthly => "procurement-monthly",
            Source::ProcurementAnnual => "procurement-annual",
            Source::ComplaintTotals => "complaint-totals",
            Source::ComplaintMonths => "complaint-months",
            Source::ComplaintCounts => "complaint-counts",
        }
    }

    /// Output path of the dataset's file in format `ext` (one of [`EXTENSIONS`]).
    pub fn file(self, ext: &str) -> String {
        format!("{DATA_DIR}{}.{ext}", self.id())
    }
}

/// Output paths of every file under `/data/` but its index page.
pub fn files() -> Vec<String> {
    let mut out = vec![format!("{DATA_DIR}{CATALOG}")];
    for s in Source::all() {
        out.extend(EXTENSIONS.iter().map(|ext| s.file(ext)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = Source::all().into_iter().map(Source::id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
