//! Baht amounts as exact satang (never floats), parsing and formatting.

use serde::{Serialize, Serializer};

use super::digits::{Digits, apply_digits};

pub use super::money_parse::MoneyError;

/// Largest accepted amount: 10^13 baht, in satang.
pub(super) const MAX_SATANG: i64 = 1_000_000_000_000_000;

/// An amount of money held exactly as satang (1 baht = 100 satang).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Baht(pub i64);

impl Baht {
    /// An amount from a number of satang.
    pub const fn from_satang(satang: i64) -> Baht {
        Baht(satang)
    }

    /// The amount in satang.
    pub const fn satang(self) -> i64 {
        self.0
    }

    /// An amount from whole baht, or `None` on overflow.
    pub fn from_baht_i64(baht: i64) -> Option<Baht> {
        baht.checked_mul(100).map(Baht)
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Baht) -> Option<Baht> {
        self.0.checked_add(other.0).map(Baht)
    }

    /// The amount in baht as a float, for JSON output.
    pub fn to_f64(self) -> f64 {
        // Satang below 2^53 convert exactly, and one correctly rounded division then gives
        // the float nearest the decimal amount (the same float as parsing its text).
        self.0 as f64 / 100.0
    }
}

impl Serialize for Baht {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.to_f64())
    }
}

/// The sum of all amounts, or `None` on overflow.
pub fn sum_baht<I: IntoIterator<Item = Baht>>(it: I) -> Option<Baht> {
    it.into_iter().try_fold(Baht(0), Baht::checked_add)
}

/// Whole baht with thousands separators, plus the `-` sign if negative.
fn grouped(b: Baht) -> (String, u64) {
    let abs = b.0.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if b.0 < 0 {
        out.push('-');
    }
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    (out, abs % 100)
}

/// The amount with separators, decimals only when there are satang: `339,160`, `1,250,000.50`.
pub fn format_baht(b: Baht, digits: Digits) -> String {
    let (whole, satang) = grouped(b);
    let s = if satang == 0 {
        whole
    } else {
        format!("{whole}.{satang:02}")
    };
    apply_digits(&s, digits)
}

/// The amount with separators and always two decimals: `32,580.00`.
pub fn format_baht_2(b: Baht, digits: Digits) -> String {
    let (whole, satang) = grouped(b);
    apply_digits(&format!("{whole}.{satang:02}"), digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors() {
        assert_eq!(Baht::from_satang(150).satang(), 150);
        assert_eq!(Baht::from_baht_i64(339_160), Some(Baht(33_916_000)));
        assert_eq!(Baht::from_baht_i64(i64::MAX), None);
        assert_eq!(Baht::from_baht_i64(i64::MIN), None);
        assert_eq!(Baht::default(), Baht(0));
        assert!(Baht(100) < Baht(101));
    }

    #[test]
    fn sums() {
        assert_eq!(Baht(1).checked_add(Baht(2)), Some(Baht(3)));
        assert_eq!(Baht(i64::MAX).checked_add(Baht(1)), None);
        assert_eq!(sum_baht([Baht(100), Baht(250), Baht(5)]), Some(Baht(355)));
        assert_eq!(sum_baht(Vec::new()), Some(Baht(0)));
        assert_eq!(sum_baht([Baht(i64::MAX), Baht(1)]), None);
    }

    #[test]
    fn formatting() {
        let a = Digits::Arabic;
        assert_eq!(format_baht(Baht(33_916_000), a), "339,160");
        assert_eq!(format_baht(Baht(125_000_050), a), "1,250,000.50");
        assert_eq!(format_baht(Baht(125_000_050), Digits::Thai), "๑,๒๕๐,๐๐๐.๕๐");
        assert_eq!(format_baht(Baht(0), a), "0");
        assert_eq!(format_baht(Baht(5), a), "0.05");
        assert_eq!(format_baht(Baht(99_900), a), "999");
        assert_eq!(format_baht(Baht(100_000), a), "1,000");
        assert_eq!(format_baht(Baht(10_000_000), a), "100,000");
        assert_eq!(format_baht(Baht(-150_000), a), "-1,500");
        assert_eq!(format_baht(Baht(MAX_SATANG), a), "10,000,000,000,000");
        assert_eq!(format_baht(Baht(i64::MIN), a), "-92,233,720,368,547,758.08");
        assert_eq!(format_baht_2(Baht(3_258_000), a), "32,580.00");
        assert_eq!(format_baht_2(Baht(3_258_000), Digits::Thai), "๓๒,๕๘๐.๐๐");
        assert_eq!(format_baht_2(Baht(0), a), "0.00");
        assert_eq!(format_baht_2(Baht(1), a), "0.01");
        assert_eq!(format_baht_2(Baht(125_000_050), a), "1,250,000.50");
        for s in [
            0,
            1,
            99,
            100,
            12_345_678,
            33_916_000,
            125_000_050,
            MAX_SATANG,
        ] {
            for d in [Digits::Thai, Digits::Arabic] {
                assert_eq!(Baht::parse_str(&format_baht(Baht(s), d)), Ok(Baht(s)));
                assert_eq!(Baht::parse_str(&format_baht_2(Baht(s), d)), Ok(Baht(s)));
            }
        }
    }

    #[test]
    fn serializes_as_number_of_baht() {
        use super::super::test_probe::{Probe, probe};
        assert_eq!(probe(&Baht(125_000_050)), Probe::F64(1_250_000.5));
        assert_eq!(probe(&Baht(33_916_000)), Probe::F64(339_160.0));
    }
}
