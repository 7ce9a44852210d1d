//! Tera filters of the Thai layer, bound to the site's digit choice.
//!
//! | filter | input | output |
//! |---|---|---|
//! | `thai_date` | ISO date `2020-10-01` | `๑ ตุลาคม ๒๕๖๓` |
//! | `thai_date_short` | ISO date | `๑ ต.ค. ๖๓` |
//! | `digits` | anything | its text with the site's digits |
//! | `baht` | amount in baht | `339,160` / `1,250,000.50` |
//! | `baht2` | amount | `32,580.00` |
//! | `bahttext` | amount | `สามแสน…บาทถ้วน` |
//! | `fiscal_year` | BE year | `ปีงบประมาณ พ.ศ. ๒๕๖๘` |
//! | `number` | integer | `1,234` with the site's digits |
//! | `markdown` | Markdown text | HTML (safe) |
//! | `no_bidi` | text | the text without bidi controls (for `<title>`, where `<bdi>` cannot go) |

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::thai::{
    Baht, Date, Digits, apply_digits, bahttext, format_baht, format_baht_2, format_date_long,
    format_date_short, format_fiscal_year,
};

use super::markdown;

fn to_date(v: &Value) -> Option<Date> {
    v.as_str().and_then(Date::from_iso)
}

fn to_baht(v: &Value) -> Option<Baht> {
    if let Some(i) = v.as_i64() {
        return Baht::from_baht_i64(i);
    }
    v.as_f64().and_then(|f| Baht::from_f64(f).ok())
}

/// Text of a value as the template would print it.
fn text(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    }
}

/// Group thousands of a non-negative integer's decimal digits.
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Register every filter on `tera`.
pub fn register(tera: &mut Tera, digits: Digits, base_path: &str) {
    let base = base_path.to_string();
    tera.register_filter(
        "thai_date",
        move |v: &Value, _: Kwargs, _: &State| -> String {
            to_date(v).map_or_else(|| text(v), |d| format_date_long(d, digits))
        },
    );
    tera.register_filter(
        "thai_date_short",
        move |v: &Value, _: Kwargs, _: &State| -> String {
            to_date(v).map_or_else(|| text(v), |d| format_date_short(d, digits))
        },
    );
    tera.register_filter("digits", move |v: &Value, _: Kwargs, _: &State| -> String {
        apply_digits(&text(v), digits)
    });
    tera.register_filter("baht", move |v: &Value, _: Kwargs, _: &State| -> String {
        to_baht(v).map_or_else(|| text(v), |b| format_baht(b, digits))
    });
    tera.register_filter("baht2", move |v: &Value, _: Kwargs, _: &State| -> String {
        to_baht(v).map_or_else(|| text(v), |b| format_baht_2(b, digits))
    });
    tera.register_filter(
        "bahttext",
        move |v: &Value, _: Kwargs, _: &State| -> String {
            to_baht(v).map_or_else(String::new, bahttext)
        },
    );
    tera.register_filter(
        "fiscal_year",
        move |v: &Value, _: Kwargs, _: &State| -> String {
            v.as_i64()
                .and_then(|y| i32::try_from(y).ok())
                .map_or_else(|| text(v), |y| format_fiscal_year(y, digits))
        },
    );
    tera.register_filter("number", move |v: &Value, _: Kwargs, _: &State| -> String {
        match v.as_i64() {
            Some(n) if n >= 0 => apply_digits(&group_thousands(n.unsigned_abs()), digits),
            _ => apply_digits(&text(v), digits),
        }
    });
    tera.register_filter(
        "no_bidi",
        move |v: &Value, _: Kwargs, _: &State| -> String {
            crate::untrusted::strip_bidi(&text(v)).into_owned()
        },
    );
    tera.register_filter(
        "markdown",
        move |v: &Value, _: Kwargs, _: &State| -> TeraResult<Value> {
            Ok(Value::safe_string(&markdown::to_html(&text(v), &base)))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(339160), "339,160");
        assert_eq!(group_thousands(1250000), "1,250,000");
    }

    #[test]
    fn filters_render_thai() {
        let mut tera = Tera::new();
        register(&mut tera, Digits::Thai, "/");
        let mut ctx = tera::Context::new();
        ctx.insert("d", "2020-10-01");
        ctx.insert("b", &339160.0);
        ctx.insert("y", &2568);
        let out = tera
            .render_str(
                "{{ d | thai_date }}|{{ b | baht }}|{{ b | bahttext }}|{{ y | fiscal_year }}",
                &ctx,
                false,
            )
            .unwrap_or_default();
        assert_eq!(
            out,
            "๑ ตุลาคม ๒๕๖๓|๓๓๙,๑๖๐|สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบบาทถ้วน|ปีงบประมาณ พ.ศ. ๒๕๖๘"
        );
    }
}
