//! What the three e-GP sources say, once read: announcements of the feed and contract rows of
//! the datasets, with where each came from (for messages). Also the vocabulary shared by the
//! readers: announcement types, procurement methods, the item name without announcement words.

use crate::content::{Method, Stage};
use crate::thai::{Baht, Date};

/// Where a fact was read: the source (path or URL, key removed) and a byte offset in its
/// decoded text, with a human label ("item 3", "row 12").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    pub source: usize,
    pub offset: usize,
    pub label: String,
}

/// An announcement type of the e-GP feed (`anounceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnnounceType {
    P0,
    T15,
    B0,
    D0,
    D1,
    D2,
    W0,
    W1,
    W2,
}

impl AnnounceType {
    /// The code as e-GP writes it.
    pub fn code(self) -> &'static str {
        match self {
            AnnounceType::P0 => "P0",
            AnnounceType::T15 => "15",
            AnnounceType::B0 => "B0",
            AnnounceType::D0 => "D0",
            AnnounceType::D1 => "D1",
            AnnounceType::D2 => "D2",
            AnnounceType::W0 => "W0",
            AnnounceType::W1 => "W1",
            AnnounceType::W2 => "W2",
        }
    }

    pub fn from_code(s: &str) -> Option<AnnounceType> {
        [
            AnnounceType::P0,
            AnnounceType::T15,
            AnnounceType::B0,
            AnnounceType::D0,
            AnnounceType::D1,
            AnnounceType::D2,
            AnnounceType::W0,
            AnnounceType::W1,
            AnnounceType::W2,
        ]
        .into_iter()
        .find(|t| t.code() == s)
    }

    /// The type from the Thai name in the feed's `description` (or its code). The names
    /// differ in their first words, so those decide; anything else is unknown (an error).
    pub fn from_name(name: &str) -> Option<AnnounceType> {
        let n: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(t) = AnnounceType::from_code(&n) {
            return Some(t);
        }
        let about_winner = |s: &str| {
            s.starts_with("ประกาศรายชื่อผู้ชนะ")
                || s.starts_with("ประกาศผู้ชนะ")
                || s.starts_with("ประกาศผู้ได้รับการคัดเลือก")
        };
        if let Some(rest) = n.strip_prefix("ยกเลิก") {
            return match rest.trim_start() {
                r if r.starts_with("ประกาศเชิญชวน") => {
                    Some(AnnounceType::D1)
                }
                r if about_winner(r) => Some(AnnounceType::W1),
                _ => None,
            };
        }
        if let Some(rest) = n.strip_prefix("เปลี่ยนแปลง") {
            return match rest.trim_start() {
                r if r.starts_with("ประกาศเชิญชวน") => {
                    Some(AnnounceType::D2)
                }
                r if about_winner(r) => Some(AnnounceType::W2),
                _ => None,
            };
        }
        match n.as_str() {
            s if s.starts_with("ประกาศราคากลาง") => {
                Some(AnnounceType::T15)
            }
            s if s.starts_with("ร่างเอกสารประกวดราคา") => {
                Some(AnnounceType::B0)
            }
            s if s.starts_with("ประกาศเชิญชวน") => Some(AnnounceType::D0),
            s if about_winner(s) => Some(AnnounceType::W0),
            s if s.starts_with("แผนการจัดซื้อจัดจ้าง") => {
                Some(AnnounceType::P0)
            }
            _ => None,
        }
    }

    /// The record stage this type becomes; `None` for the types that make no record (P0 plan
    /// lines and B0 draft documents: docs/decisions.md, "import egp").
    pub fn stage(self) -> Option<Stage> {
        match self {
            AnnounceType::T15 => Some(Stage::MedianPrice),
            AnnounceType::D0 | AnnounceType::D2 => Some(Stage::Invitation),
            AnnounceType::W0 | AnnounceType::W2 => Some(Stage::Winner),
            AnnounceType::D1 | AnnounceType::W1 => Some(Stage::Cancellation),
            AnnounceType::P0 | AnnounceType::B0 => None,
        }
    }

    /// A change announcement (D2, W2) replaces the original of its stage on the same day.
    pub fn is_change(self) -> bool {
        matches!(self, AnnounceType::D2 | AnnounceType::W2)
    }
}

/// A procurement method as e-GP or the datasets name it; `Err(())` for a method the schema does
/// not have (e.g. the pre-2560 ตกลงราคา), `Ok(None)` for a blank.
pub fn method_from_text(s: &str) -> Result<Option<Method>, ()> {
    let t = s.trim().trim_matches(|c| c == '\'' || c == '"').trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    let lower = t.to_lowercase();
    if lower.contains("e-bidding") || t.contains("ประกวดราคาอิเล็กทรอนิกส์")
    {
        Ok(Some(Method::EBidding))
    } else if lower.contains("e-market") || t.contains("ตลาดอิเล็กทรอนิกส์")
    {
        Ok(Some(Method::EMarket))
    } else if t.contains("คัดเลือก") || lower == "selection" {
        Ok(Some(Method::Selection))
    } else if t.contains("เฉพาะเจาะจง") || lower == "specific" {
        Ok(Some(Method::Specific))
    } else {
        Err(())
    }
}

/// Words of an announcement's title that are not the procurement's own name, longest first.
const TITLE_PREFIXES: [&str; 13] = [
    "เปลี่ยนแปลงประกาศรายชื่อผู้ชนะการเสนอราคา",
    "ยกเลิกประกาศรายชื่อผู้ชนะการเสนอราคา",
    "ประกาศรายชื่อผู้ชนะการเสนอราคา",
    "ประกาศผู้ได้รับการคัดเลือก",
    "ประกาศผู้ชนะการเสนอราคา",
    "เปลี่ยนแปลงประกาศเชิญชวน",
    "ยกเลิกประกาศเชิญชวน",
    "ประกาศเชิญชวน",
    "ประกาศราคากลาง",
    "ร่างเอกสารประกวดราคา",
    "ประกวดราคา",
    "สอบราคา",
    // Only as a whole word: "ประกาศนียบัตร" is a name.
    "ประกาศ ",
];

/// Method phrases e-GP appends to a title.
const TITLE_SUFFIXES: [&str; 8] = [
    "ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
    "ด้วยวิธีตลาดอิเล็กทรอนิกส์ (e-market)",
    "ด้วยวิธีเฉพาะเจาะจง",
    "โดยวิธีเฉพาะเจาะจง",
    "ด้วยวิธีคัดเลือก",
    "โดยวิธีคัดเลือก",
    "(e-bidding)",
    "(e-market)",
];

/// The procurement's own name from an announcement title: the announcement's words before it
/// and the method after it removed, so that the notices of one procurement share one `item`.
pub fn item_from_title(title: &str) -> String {
    let mut t: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = t.len();
        for p in TITLE_PREFIXES {
            if let Some(rest) = t.strip_prefix(p) {
                t = rest.trim_start_matches([' ', ':']).to_string();
                break;
            }
        }
        for s in TITLE_SUFFIXES {
            if let Some(rest) = t.strip_suffix(s) {
                t = rest.trim_end().to_string();
                break;
            }
        }
        if t.len() == before {
            break;
        }
    }
    if t.is_empty() {
        title.trim().to_string()
    } else {
        t
    }
}

/// One announcement of the feed.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The 11-digit project id (or the `P…` plan id of a plan line).
    pub project: String,
    pub kind: AnnounceType,
    pub method: Option<Method>,
    pub title: String,
    pub link: Option<String>,
    pub date: Date,
    pub pos: Pos,
}

/// The winner of a contract row, with the agreed price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Winner {
    pub name: String,
    pub price: Option<Baht>,
}

/// One contract of a project, from data.go.th or govspending.
#[derive(Debug, Clone)]
pub struct ContractRow {
    pub project: String,
    pub item: String,
    pub method: Option<Method>,
    pub budget: Option<Baht>,
    pub winner: Option<Winner>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub amount: Option<Baht>,
    pub department: Option<String>,
    pub pos: Pos,
}

/// Everything one source gave.
#[derive(Debug, Default)]
pub struct Parsed {
    pub notices: Vec<Notice>,
    pub contracts: Vec<ContractRow>,
    /// Things to tell the officer that are not errors (closed hours, skipped plan lines).
    pub notes: Vec<String>,
}

/// A project id: 11 digits (Thai digits accepted and turned Arabic).
pub fn project_id(s: &str) -> Option<String> {
    let t = crate::thai::to_arabic_digits(s.trim());
    (t.len() == 11 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcement_names_of_the_notes() {
        let t = AnnounceType::from_name;
        assert_eq!(t("ประกาศราคากลาง"), Some(AnnounceType::T15));
        assert_eq!(
            t("ร่างเอกสารประกวดราคา (e-Bidding) และร่างเอกสารซื้อหรือจ้างด้วยวิธีสอบราคา"),
            Some(AnnounceType::B0)
        );
        assert_eq!(t(" ประกาศเชิญชวน"), Some(AnnounceType::D0));
        assert_eq!(t("ยกเลิกประกาศเชิญชวน"), Some(AnnounceType::D1));
        assert_eq!(t("เปลี่ยนแปลงประกาศเชิญชวน"), Some(AnnounceType::D2));
        assert_eq!(
            t("ประกาศรายชื่อผู้ชนะการเสนอราคา / ประกาศผู้ได้รับการคัดเลือก"),
            Some(AnnounceType::W0)
        );
        assert_eq!(
            t("ยกเลิกประกาศรายชื่อผู้ชนะการเสนอราคา / ประกาศผู้ได้รับการคัดเลือก"),
            Some(AnnounceType::W1)
        );
        assert_eq!(
            t("เปลี่ยนแปลงประกาศรายชื่อผู้ชนะการเสนอราคา"),
            Some(AnnounceType::W2)
        );
        assert_eq!(t("แผนการจัดซื้อจัดจ้าง"), Some(AnnounceType::P0));
        assert_eq!(t("W0"), Some(AnnounceType::W0));
        assert_eq!(t("ประกาศอื่น"), None);
        assert_eq!(t("ยกเลิกแผน"), None);
    }

    #[test]
    fn methods() {
        assert_eq!(
            method_from_text("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"),
            Ok(Some(Method::EBidding))
        );
        assert_eq!(method_from_text("e-market"), Ok(Some(Method::EMarket)));
        assert_eq!(method_from_text("เฉพาะเจาะจง"), Ok(Some(Method::Specific)));
        assert_eq!(method_from_text("วิธีคัดเลือก"), Ok(Some(Method::Selection)));
        assert_eq!(method_from_text("' '"), Ok(None));
        assert_eq!(method_from_text("ตกลงราคา"), Err(()));
    }

    #[test]
    fn item_names_lose_announcement_words() {
        let a = item_from_title(
            "ประกาศเชิญชวน ประกวดราคาจ้างก่อสร้างถนน หมู่ที่ ๓ ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
        );
        let b = item_from_title("ประกาศผู้ชนะการเสนอราคา จ้างก่อสร้างถนน หมู่ที่ ๓");
        let c = item_from_title("ประกาศราคากลาง จ้างก่อสร้างถนน  หมู่ที่ ๓");
        assert_eq!(a, "จ้างก่อสร้างถนน หมู่ที่ ๓");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(item_from_title("ประกาศ"), "ประกาศ");
    }

    #[test]
    fn project_ids() {
        assert_eq!(project_id(" 69099615682"), Some("69099615682".into()));
        assert_eq!(project_id("๖๙๐๙๙๖๑๕๖๘๒"), Some("69099615682".into()));
        assert_eq!(project_id("P69100030274"), None);
        assert_eq!(project_id("6909961568"), None);
    }
}
