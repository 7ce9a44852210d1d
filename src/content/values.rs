//! How dates and amounts are read from TOML: both go through the Thai layer, and their errors
//! carry Thai, English and a hint (packed into serde's message, unpacked by `source`).

use serde::de::{self, Deserialize, Deserializer};

use crate::thai::{Baht, Date, parse_date};

/// Separator of the Thai message, the English message and the hint inside a serde error.
pub const SEP: char = '\u{1f}';

fn packed<E: de::Error>(th: &str, en: &str, hint: &str) -> E {
    E::custom(format!("{th}{SEP}{en}{SEP}{hint}"))
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => {
                let (Some(date), None) = (dt.date, dt.time) else {
                    return Err(packed(
                        "วันที่ต้องไม่มีเวลา",
                        "a date must not carry a time",
                        "เขียนเฉพาะวันที่ เช่น 2024-10-01 / write the day only, e.g. 2024-10-01",
                    ));
                };
                Date::new(i32::from(date.year), date.month, date.day).ok_or_else(|| {
                    packed(
                        "ไม่มีวันนี้ในปฏิทิน",
                        "no such day in the calendar",
                        "ตรวจวันและเดือน / check the day and month",
                    )
                })
            }
            toml::Value::String(s) => parse_date(&s).map_err(|e| packed(&e.th, &e.en, &e.hint)),
            other => Err(packed(
                &format!("วันที่ต้องเป็นข้อความหรือวันที่ TOML ไม่ใช่ {}", other.type_str()),
                &format!(
                    "a date must be a TOML date or a string, not {}",
                    other.type_str()
                ),
                "เช่น date = 2024-10-01 หรือ date = \"๑ ตุลาคม ๒๕๖๗\" / e.g. date = 2024-10-01 or date = \"1 ต.ค. 2567\"",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Baht {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::Integer(i) => {
                if i < 0 {
                    return Err(packed(
                        "จำนวนเงินต้องไม่ติดลบ",
                        "an amount must not be negative",
                        "ใส่จำนวนเงินเป็นบาท เช่น 339160 / write baht, e.g. 339160",
                    ));
                }
                Baht::from_baht_i64(i).ok_or_else(|| {
                    packed(
                        "จำนวนเงินมากเกินไป",
                        "the amount is too large",
                        "ตรวจตัวเลข / check the number",
                    )
                })
            }
            toml::Value::Float(f) => Baht::from_f64(f).map_err(|e| packed(&e.th, &e.en, &e.hint)),
            toml::Value::String(s) => {
                Baht::parse_str(&s).map_err(|e| packed(&e.th, &e.en, &e.hint))
            }
            other => Err(packed(
                &format!("จำนวนเงินต้องเป็นตัวเลข ไม่ใช่ {}", other.type_str()),
                &format!("an amount must be a number, not {}", other.type_str()),
                "เช่น budget = 500000 หรือ 1250000.50 / e.g. budget = 500000 or 1250000.50",
            )),
        }
    }
}
