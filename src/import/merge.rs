//! What e-GP says about each project, merged from the records already imported and the new
//! sources, and the records that follow from it: one per (project id, stage).
//!
//! Precedence, so that the order of imports does not matter: the contract datasets name the
//! procurement (`item`) better than an announcement title does; otherwise newer wins. For a
//! stage, the announcement with the later date wins, a change (D2, W2) over its original on the
//! same day.

use std::collections::BTreeMap;

use super::model::{AnnounceType, ContractRow, Notice, Pos, item_from_title};
use super::records::{Existing, View};
use crate::content::{Bid, Contract, Method, Stage};
use crate::thai::{Baht, Date};

/// One announcement of a stage.
#[derive(Debug, Clone)]
pub struct Announcement {
    pub kind: String,
    pub title: String,
    pub date: Date,
    pub link: Option<String>,
    change: bool,
}

/// Everything known about one project.
#[derive(Debug, Default)]
pub struct Facts {
    /// (rank, name): 2 from a contract dataset, 1 from an announcement title.
    pub item: Option<(u8, String)>,
    pub method: Option<Method>,
    pub budget: Option<Baht>,
    pub winner: Option<Bid>,
    pub contract: Option<Contract>,
    pub contract_url: Option<String>,
    pub department: Option<String>,
    pub stages: BTreeMap<Stage, Announcement>,
    /// Where the new data about it was read (for messages).
    pub pos: Option<Pos>,
    pub contracts_seen: usize,
}

impl Facts {
    fn set_item(&mut self, rank: u8, name: &str) {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return;
        }
        if self.item.as_ref().is_none_or(|(r, _)| rank >= *r) {
            self.item = Some((rank, name));
        }
    }

    fn set_stage(&mut self, stage: Stage, a: Announcement) {
        let newer = match self.stages.get(&stage) {
            None => true,
            Some(old) => (a.date, a.change) >= (old.date, old.change),
        };
        if newer {
            self.stages.insert(stage, a);
        }
    }

    /// What an unedited imported record says.
    pub fn add_existing(&mut self, e: &Existing) {
        let v = &e.view;
        if let Some(i) = &v.item {
            self.set_item(if e.stage == Stage::Contract { 2 } else { 1 }, i);
        }
        self.method = v.method.or(self.method);
        self.budget = v.budget.or(self.budget);
        if v.winner.is_some() {
            self.winner = v.winner.clone();
        }
        if e.stage == Stage::Contract {
            self.contract = v.contract.clone().or(self.contract.take());
            self.contract_url = v.source_url.clone().or(self.contract_url.take());
        } else if let (Some(title), Some(date)) = (&v.title, v.date) {
            let kind = e.imported.clone().unwrap_or_default();
            let change = AnnounceType::from_code(&kind).is_some_and(AnnounceType::is_change);
            self.set_stage(
                e.stage,
                Announcement {
                    kind,
                    title: title.clone(),
                    date,
                    link: v.source_url.clone(),
                    change,
                },
            );
        }
        if v.department.is_some() {
            self.department = v.department.clone();
        }
    }

    pub fn add_contract(&mut self, c: &ContractRow, url: Option<&str>) {
        self.pos.get_or_insert_with(|| c.pos.clone());
        self.contracts_seen += 1;
        self.set_item(2, &c.item);
        self.method = c.method.or(self.method);
        self.budget = c.budget.or(self.budget);
        if let Some(w) = &c.winner {
            self.winner = Some(Bid {
                name: w.name.clone(),
                price: w.price,
            });
        }
        if c.number.is_some() || c.date.is_some() || c.amount.is_some() {
            self.contract = Some(Contract {
                number: c.number.clone(),
                date: c.date,
                amount: c.amount,
            });
            if let Some(u) = url {
                self.contract_url = Some(u.to_string());
            }
        }
        if c.department.is_some() {
            self.department = c.department.clone();
        }
    }

    pub fn add_notice(&mut self, n: &Notice) {
        self.pos.get_or_insert_with(|| n.pos.clone());
        self.set_item(1, &item_from_title(&n.title));
        self.method = n.method.or(self.method);
        if let Some(stage) = n.kind.stage() {
            self.set_stage(
                stage,
                Announcement {
                    kind: n.kind.code().to_string(),
                    title: n.title.clone(),
                    date: n.date,
                    link: n.link.clone(),
                    change: n.kind.is_change(),
                },
            );
        }
    }
}

/// A record import would write: its stage, announcement type, fields and whether it is a draft.
#[derive(Debug)]
pub struct Desired {
    pub stage: Stage,
    pub kind: String,
    pub view: View,
    /// A winner notice whose winner is not known yet (the feed does not name it).
    pub draft: bool,
}

/// The records of one project; `Err` when its method is known from no source.
pub fn desired(project: &str, f: &Facts) -> Result<Vec<Desired>, ()> {
    let method = f.method.ok_or(())?;
    let item = f.item.as_ref().map(|(_, i)| i.clone());
    let base = |stage: Stage| View {
        stage: Some(stage),
        method: Some(method),
        item: item.clone(),
        egp_number: Some(project.to_string()),
        budget: f.budget,
        department: f.department.clone(),
        ..View::default()
    };
    let mut out = Vec::new();
    for (stage, a) in &f.stages {
        let mut v = base(*stage);
        v.title = Some(a.title.clone());
        v.date = Some(a.date);
        v.source_url = a.link.clone();
        if *stage == Stage::Winner {
            v.winner = f.winner.clone();
        }
        out.push(Desired {
            stage: *stage,
            kind: a.kind.clone(),
            draft: *stage == Stage::Winner && v.winner.is_none(),
            view: v,
        });
    }
    if let Some(c) = &f.contract
        && let Some(date) = c.date
    {
        let mut v = base(Stage::Contract);
        v.title = Some(format!(
            "ข้อมูลสัญญา {}",
            item.clone().unwrap_or_else(|| project.to_string())
        ));
        v.date = Some(date);
        v.source_url = f.contract_url.clone();
        v.winner = f.winner.clone();
        v.contract = Some(c.clone());
        out.push(Desired {
            stage: Stage::Contract,
            kind: "contract".into(),
            draft: false,
            view: v,
        });
    }
    Ok(out)
}

/// The fields where an officer's record differs from what e-GP says: (field, file, e-GP).
pub fn differences(file: &View, egp: &View) -> Vec<(String, String, String)> {
    let a = serde_json::to_value(file).unwrap_or_default();
    let b = serde_json::to_value(egp).unwrap_or_default();
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return Vec::new();
    };
    let show = |v: Option<&serde_json::Value>| match v {
        None => "(ไม่มี / none)".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    b.iter()
        .filter(|(k, v)| a.get(k.as_str()) != Some(v))
        .map(|(k, v)| (k.clone(), show(a.get(k.as_str())), show(Some(v))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Winner;

    fn notice(kind: AnnounceType, title: &str, day: u8) -> Notice {
        Notice {
            project: "69099615682".into(),
            kind,
            method: Some(Method::EBidding),
            title: title.into(),
            link: None,
            date: Date::new(2025, 11, day).unwrap_or(Date {
                year: 2025,
                month: 1,
                day: 1,
            }),
            pos: Pos {
                source: 0,
                offset: 0,
                label: String::new(),
            },
        }
    }

    #[test]
    fn contract_names_the_item_in_either_order() {
        let row = ContractRow {
            project: "69099615682".into(),
            item: "จ้างก่อสร้างถนน หมู่ที่ ๓".into(),
            method: None,
            budget: Some(Baht(1)),
            winner: Some(Winner {
                name: "หจก. ก".into(),
                price: Some(Baht(2)),
            }),
            number: None,
            date: Date::new(2025, 11, 30),
            amount: Some(Baht(2)),
            department: None,
            pos: Pos {
                source: 0,
                offset: 0,
                label: String::new(),
            },
        };
        let n = notice(
            AnnounceType::W0,
            "ประกาศผู้ชนะการเสนอราคา จ้างก่อสร้างถนนหมู่ ๓",
            20,
        );
        let mut a = Facts::default();
        a.add_notice(&n);
        a.add_contract(&row, None);
        let mut b = Facts::default();
        b.add_contract(&row, None);
        b.add_notice(&n);
        assert_eq!(a.item, b.item);
        let da = desired("69099615682", &a).unwrap_or_default();
        assert_eq!(da.len(), 2);
        assert!(!da[0].draft);
    }

    #[test]
    fn later_and_changed_announcements_win() {
        let mut f = Facts::default();
        f.add_notice(&notice(AnnounceType::D2, "เปลี่ยน", 10));
        f.add_notice(&notice(AnnounceType::D0, "เดิม", 10));
        f.add_notice(&notice(AnnounceType::W0, "ผู้ชนะ", 12));
        assert_eq!(f.stages[&Stage::Invitation].kind, "D2");
        let d = desired("69099615682", &f).unwrap_or_default();
        assert!(d.iter().any(|r| r.stage == Stage::Winner && r.draft));
    }
}
