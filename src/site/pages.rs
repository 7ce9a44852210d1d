//! The site's structure: its navigation, and (below) the pages it has.

/// The navigation, in the order citizens and assessors look for things: (site path, label).
pub const NAV: [(&str, &str); 10] = [
    ("", "หน้าแรก"),
    ("pages/", "ข้อมูลพื้นฐาน"),
    ("people/", "ผู้บริหาร"),
    ("news/", "ข่าวประชาสัมพันธ์"),
    ("procurement/", "จัดซื้อจัดจ้าง"),
    ("plans/", "แผนและรายงาน"),
    ("announcements/", "ประกาศ/นโยบาย"),
    ("complaints/", "ร้องเรียน"),
    ("services/", "บริการประชาชน"),
    ("ita/", "ITA"),
];
