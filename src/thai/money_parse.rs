//! Reading baht amounts: TOML floats and typed text, exactly, with bilingual errors.

use super::digits::to_arabic_digits;
use super::money::{Baht, MAX_SATANG};

/// Why an amount could not be read: Thai and English messages and a bilingual hint.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyError {
    /// The problem, in Thai.
    pub th: String,
    /// The problem, in English.
    pub en: String,
    /// How to fix it, in Thai then English.
    pub hint: String,
}

impl std::fmt::Display for MoneyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.th, self.en)
    }
}

impl std::error::Error for MoneyError {}

const HINT_TH: &str =
    "เขียนจำนวนเงินเป็นบาท ทศนิยมไม่เกิน ๒ ตำแหน่ง เช่น 339160, 1,250,000.50 หรือ ๓๒,๕๘๐.๐๐";
const HINT_EN: &str =
    "write the amount in baht with at most 2 decimals, e.g. 339160, 1,250,000.50 or ๓๒,๕๘๐.๐๐";

fn money_err(th: String, en: String) -> MoneyError {
    MoneyError {
        th,
        en,
        hint: format!("{HINT_TH} / {HINT_EN}"),
    }
}

/// At most 30 characters of `s`, for quoting input in messages.
fn show(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().nth(30).is_some() {
        out.push('…');
    }
    out
}

fn too_large(what: &str) -> MoneyError {
    money_err(
        format!("จำนวนเงิน {} เกิน ๑๐ ล้านล้านบาท", show(what)),
        format!("the amount {} is above 10^13 baht", show(what)),
    )
}

impl Baht {
    /// An amount from a TOML float: finite, not negative, at most 10^13 baht, at most 2 decimals.
    ///
    /// The decimals are those of the shortest decimal form of `x` (which is what was typed:
    /// `1250000.50` reads as `1250000.5`, `1.005` stays `1.005` and is refused).
    pub fn from_f64(x: f64) -> Result<Baht, MoneyError> {
        if !x.is_finite() {
            return Err(money_err(
                "จำนวนเงินไม่ใช่ตัวเลข".into(),
                format!("the amount is not a finite number ({x})"),
            ));
        }
        if x == 0.0 {
            return Ok(Baht(0)); // also -0.0
        }
        if x < 0.0 {
            return Err(negative(&x.to_string()));
        }
        if x > 1e13 {
            return Err(too_large(&x.to_string()));
        }
        // Rust prints f64 in plain (non-exponent) notation, shortest round-trip digits.
        let text = format!("{x}");
        parse_plain(&text, &text)
    }

    /// Parses an amount as typed: `๓๒,๕๘๐.๐๐`, `32580`, `1,250,000.50`, optional `บาท`.
    pub fn parse_str(s: &str) -> Result<Baht, MoneyError> {
        let arabic = to_arabic_digits(s);
        let trimmed = arabic.trim();
        let body = trimmed.strip_suffix("บาท").unwrap_or(trimmed).trim_end();
        if body.is_empty() {
            return Err(money_err(
                "ไม่ได้ระบุจำนวนเงิน".into(),
                "the amount is empty".into(),
            ));
        }
        if body.starts_with('-') || body.starts_with('−') {
            return Err(negative(trimmed));
        }
        let (int_part, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        if int_part.contains(',') {
            check_grouping(int_part, trimmed)?;
        }
        let digits: String = int_part.chars().filter(|c| *c != ',').collect();
        let plain = match frac {
            Some(f) => format!("{digits}.{f}"),
            None => digits,
        };
        parse_plain(&plain, trimmed)
    }
}

fn negative(what: &str) -> MoneyError {
    money_err(
        format!("จำนวนเงินติดลบไม่ได้: {}", show(what)),
        format!("the amount cannot be negative: {}", show(what)),
    )
}

/// Commas must group the integer part by three: `1,250,000`, not `1,25,000` or `,100`.
fn check_grouping(int_part: &str, shown: &str) -> Result<(), MoneyError> {
    let mut groups = int_part.split(',');
    let first_ok = groups.next().is_some_and(|g| {
        (1..=3).contains(&g.len()) && !g.starts_with('0') && g.bytes().all(|b| b.is_ascii_digit())
    });
    let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(money_err(
            format!("ตำแหน่งจุลภาค (,) ไม่ถูกต้อง: {}", show(shown)),
            format!("misplaced thousands separator (,): {}", show(shown)),
        ))
    }
}

/// Parses `DIGITS` or `DIGITS.D` or `DIGITS.DD` (ASCII) into satang; `shown` is for messages.
fn parse_plain(text: &str, shown: &str) -> Result<Baht, MoneyError> {
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !is_digits(int_part) || !is_digits(frac) || text.ends_with('.') {
        return Err(money_err(
            format!("อ่านจำนวนเงินไม่ได้: \"{}\"", show(shown)),
            format!("not an amount of money: \"{}\"", show(shown)),
        ));
    }
    if frac.len() > 2 {
        return Err(money_err(
            format!("ทศนิยมเกิน ๒ ตำแหน่ง (สตางค์): {}", show(shown)),
            format!("more than 2 decimals (satang): {}", show(shown)),
        ));
    }
    let significant = int_part.trim_start_matches('0');
    if significant.len() > 14 {
        return Err(too_large(shown));
    }
    let baht: i64 = significant.parse().unwrap_or(0);
    let frac_value: i64 = frac.parse().unwrap_or(0);
    let satang_part = if frac.len() == 1 {
        frac_value * 10
    } else {
        frac_value
    };
    let total = baht
        .checked_mul(100)
        .and_then(|v| v.checked_add(satang_part))
        .filter(|v| *v <= MAX_SATANG)
        .ok_or_else(|| too_large(shown))?;
    Ok(Baht(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> i64 {
        match Baht::parse_str(s) {
            Ok(b) => b.satang(),
            Err(e) => panic!("{s:?}: {e}"),
        }
    }

    fn f(x: f64) -> i64 {
        match Baht::from_f64(x) {
            Ok(b) => b.satang(),
            Err(e) => panic!("{x}: {e}"),
        }
    }

    #[test]
    fn from_f64_oracles() {
        assert_eq!(f(339_160.0), 33_916_000);
        assert_eq!(f(1_250_000.5), 125_000_050);
        assert_eq!(f(1_250_000.50), 125_000_050);
        assert_eq!(f(0.07), 7);
        assert_eq!(f(1.1), 110);
        assert_eq!(f(0.29), 29);
        assert_eq!(f(32_580.0), 3_258_000);
        assert_eq!(f(0.0), 0);
        assert_eq!(f(-0.0), 0);
        assert_eq!(f(1e13), MAX_SATANG);
        assert_eq!(f(9_999_999_999_999.99), 999_999_999_999_999);
        for bad in [
            1.005,
            0.001,
            0.125,
            1e-300,
            f64::MIN_POSITIVE,
            0.1 + 0.2,
            -1.0,
            -0.01,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e13 + 0.01,
            1e14,
            f64::MAX,
        ] {
            assert!(Baht::from_f64(bad).is_err(), "{bad}");
        }
        let e = Baht::from_f64(1.005).unwrap_err();
        assert!(e.en.contains("2 decimals"), "{e:?}");
        assert!(Baht::from_f64(-5.0).unwrap_err().en.contains("negative"));
        assert!(Baht::from_f64(1e14).unwrap_err().en.contains("10^13"));
    }

    #[test]
    fn f64_round_trip() {
        let mut s: i64 = 0;
        while s < 200_000_000 {
            let b = Baht(s);
            assert_eq!(Baht::from_f64(b.to_f64()), Ok(b), "{s}");
            s += 9_973;
        }
        for s in 0..=1_000 {
            assert_eq!(Baht::from_f64(Baht(s).to_f64()), Ok(Baht(s)));
        }
        assert_eq!(Baht(125_000_050).to_f64(), 1_250_000.5);
        assert_eq!(Baht(7).to_f64(), 0.07);
        assert_eq!(Baht(-150).to_f64(), -1.5);
    }

    #[test]
    fn parse_str_oracles() {
        assert_eq!(p("๓๒,๕๘๐.๐๐"), 3_258_000);
        assert_eq!(p("32580"), 3_258_000);
        assert_eq!(p("1,250,000.50"), 125_000_050);
        assert_eq!(p("1250000.5"), 125_000_050);
        assert_eq!(p("339,160 บาท"), 33_916_000);
        assert_eq!(p("339160บาท"), 33_916_000);
        assert_eq!(p(" ๓๓๙,๑๖๐ บาท "), 33_916_000);
        assert_eq!(p("0"), 0);
        assert_eq!(p("0.01"), 1);
        assert_eq!(p("007"), 700);
        assert_eq!(p("999"), 99_900);
        assert_eq!(p("1,000"), 100_000);
        assert_eq!(p("10,000,000,000,000"), MAX_SATANG);
        assert_eq!(p("10000000000000.00"), MAX_SATANG);
        assert_eq!(p("00000000000000000001"), 100);
    }

    #[test]
    fn parse_str_rejects() {
        for bad in [
            "",
            "   ",
            "บาท",
            "1,25,000",
            "1,2500",
            ",100",
            "100,",
            "1,,000",
            "0,100",
            "1,000.5,0",
            "1.005",
            "1.",
            ".5",
            "1.2.3",
            "-5",
            "−5",
            "+5",
            "1 250 000",
            "12a",
            "abc",
            "😀",
            "๑๒😀",
            "10,000,000,000,000.01",
            "99999999999999999999999999",
            "1e5",
            "NaN",
            "inf",
            "บาท 100",
            "100 บาท บาท",
        ] {
            let r = Baht::parse_str(bad);
            assert!(r.is_err(), "{bad:?} gave {r:?}");
            if let Err(e) = r {
                assert!(!e.th.is_empty() && !e.en.is_empty() && e.hint.contains("1,250,000.50"));
            }
        }
        assert!(
            Baht::parse_str("1,25,000")
                .unwrap_err()
                .en
                .contains("separator")
        );
        assert!(
            Baht::parse_str("1.005")
                .unwrap_err()
                .en
                .contains("2 decimals")
        );
        assert!(Baht::parse_str("-5").unwrap_err().en.contains("negative"));
        assert!(Baht::parse_str("").unwrap_err().en.contains("empty"));
        let long = "9".repeat(100_000);
        assert!(Baht::parse_str(&long).unwrap_err().en.contains("10^13"));
    }
}
