//! What a save touches: the record files changed since the last render, what each record
//! contributed to other pages then (`contributes`), and what every list page showed; from which
//! [`Tracker::affected`] says which pages to render again.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::content::{Kind, Method, Record};
use crate::render::{Job, Renderer};
use crate::site::Site;

use super::contributes::{Keys, keys_of, year_counts};

#[derive(Default)]
pub struct Tracker {
    /// Keys of the records as last rendered.
    pub rendered: HashMap<PathBuf, Keys>,
    /// Record files changed since the last successful render.
    pub pending: BTreeSet<PathBuf>,
    /// Attachments changed since then (paths under `content/files/`).
    pub attachments_changed: BTreeSet<String>,
    /// Everything must be rendered again (start, site.toml, theme).
    pub full_pending: bool,
    /// The records each list page showed when last rendered, and the number of records of
    /// each kind per fiscal year (the year links of every list page of the kind show them).
    /// A record re-read after a save is a new `Arc`, an unchanged one the same: held here, an
    /// address is not reused while it is compared.
    shown: FxHashMap<Job, Vec<Arc<Record>>>,
    counts: HashMap<Kind, Vec<(i32, usize)>>,
}

impl Tracker {
    /// Before the first render: everything is to be rendered.
    pub fn new() -> Tracker {
        Tracker {
            full_pending: true,
            ..Tracker::default()
        }
    }

    /// After a successful render of `site`: nothing is pending. `rebuilt`: the model was made
    /// again (a patch changes no record's contributions). `stopped`: the site-wide work was left
    /// to the next rebuild, which makes it all again but copies only the attachments still
    /// pending.
    pub fn rendered(&mut self, site: &Site, rebuilt: bool, stopped: bool) {
        if rebuilt {
            self.rendered = site
                .records
                .iter()
                .map(|r| (r.source.clone(), keys_of(r)))
                .collect();
        }
        self.pending.clear();
        if !stopped {
            self.attachments_changed.clear();
        }
        self.full_pending = false;
    }

    /// The pages to render again, or `None` for all of them.
    pub fn affected(
        &self,
        site: &Site,
        renderer: &Renderer<'_>,
        all_jobs: &[Job],
    ) -> Option<HashSet<Job>> {
        if self.full_pending {
            return None;
        }
        // Where each changed file's record is now, found in one pass over the records (a map
        // of every record's path cost more at 50,000 than the few changed files need).
        let index: HashMap<&Path, usize> = site
            .records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((self.pending.get(&r.source)?.as_path(), i)))
            .collect();
        let mut kinds: HashSet<Kind> = HashSet::new();
        let mut years: HashSet<(Kind, i32)> = HashSet::new();
        let mut plans: HashSet<String> = HashSet::new();
        let mut procurements: HashSet<(String, Method)> = HashSet::new();
        let mut jobs: HashSet<Job> = HashSet::new();
        for path in &self.pending {
            let new = index
                .get(path.as_path())
                .map(|&i| (i, keys_of(&site.records[i])));
            let old = self.rendered.get(path).cloned();
            for k in [old.as_ref(), new.as_ref().map(|(_, k)| k)]
                .into_iter()
                .flatten()
            {
                if k.policy_page {
                    return None; // the footer of every page lists the policy pages
                }
                kinds.insert(k.kind);
                years.insert((k.kind, k.fiscal_year));
                if let Some(p) = &k.plan {
                    plans.insert(p.clone());
                }
                if let Some(p) = &k.procurement {
                    procurements.insert(p.clone());
                }
            }
            if let Some((i, _)) = new {
                jobs.insert(Job::Record(i));
            }
        }
        let related = !plans.is_empty() || !procurements.is_empty();
        for (i, r) in site.records.iter().enumerate() {
            if !related && (self.attachments_changed.is_empty() || r.meta.attachments.is_empty()) {
                continue;
            }
            let k = keys_of(r);
            let touched = k.plan.as_ref().is_some_and(|p| plans.contains(p))
                || k.procurement
                    .as_ref()
                    .is_some_and(|p| procurements.contains(p))
                || k.attachments
                    .iter()
                    .any(|a| self.attachments_changed.contains(a));
            if touched {
                jobs.insert(Job::Record(i));
            }
        }
        // Kinds whose count of records per fiscal year changed: the year links of every list
        // page of the kind show those counts.
        let recounted: HashSet<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| self.counts.get(k) != Some(&year_counts(site, *k)))
            .collect();
        for &job in all_jobs {
            match job {
                Job::Record(_) => {}
                Job::List(k, _) | Job::Year(k, _, _) => {
                    if recounted.contains(&k)
                        || self.list_changed(site, renderer, job)
                        || (k == Kind::Plan && kinds.contains(&Kind::Report))
                    {
                        jobs.insert(job);
                    }
                }
                // Everything else is a page about the whole site (home, summaries, ITA, data,
                // search): few pages, always made again, after the reload of the pages above.
                other => {
                    jobs.insert(other);
                }
            }
        }
        Some(jobs)
    }

    /// Whether list page `job` shows other records than when it was last rendered, or a record
    /// changed since (a new `Arc`).
    fn list_changed(&self, site: &Site, renderer: &Renderer<'_>, job: Job) -> bool {
        let members = renderer.list_members(job).unwrap_or(&[]);
        let Some(before) = self.shown.get(&job) else {
            return true;
        };
        before.len() != members.len()
            || members
                .iter()
                .zip(before)
                .any(|(&i, old)| !Arc::ptr_eq(&site.records[i], old))
    }

    /// Remember what every list page shows, for [`Tracker::list_changed`] next time.
    pub fn remember_lists(&mut self, site: &Site, renderer: &Renderer<'_>, jobs: &[Job]) {
        self.shown = jobs
            .iter()
            .filter_map(|&job| {
                let members = renderer.list_members(job)?;
                let shown = members.iter().map(|&i| Arc::clone(&site.records[i]));
                Some((job, shown.collect()))
            })
            .collect();
        self.counts = Kind::ALL
            .iter()
            .map(|&k| (k, year_counts(site, k)))
            .collect();
    }
}
