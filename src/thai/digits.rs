//! Thai and Arabic digits: conversion both ways, chosen per site by [`Digits`].

use serde::{Deserialize, Serialize};

/// Which digits the site prints numbers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// Thai digits ๐–๙ (the default, as in official documents).
    #[default]
    Thai,
    /// Arabic digits 0–9.
    Arabic,
}

const THAI_ZERO: u32 = 0x0E50;

/// Replaces every Arabic digit 0–9 with the Thai digit ๐–๙; other characters are kept.
pub fn to_thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(v) if c.is_ascii_digit() => char::from_u32(THAI_ZERO + v).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Replaces every Thai digit ๐–๙ with the Arabic digit 0–9; other characters are kept.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars().map(thai_digit_to_arabic).collect()
}

/// Converts the digits of `s` to the kind `d` asks for.
pub fn apply_digits(s: &str, d: Digits) -> String {
    match d {
        Digits::Thai => to_thai_digits(s),
        Digits::Arabic => to_arabic_digits(s),
    }
}

/// The Arabic digit for a Thai digit, or the character itself.
fn thai_digit_to_arabic(c: char) -> char {
    let code = u32::from(c);
    if (THAI_ZERO..=THAI_ZERO + 9).contains(&code) {
        char::from_u32(u32::from('0') + (code - THAI_ZERO)).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_digits_oracles() {
        assert_eq!(to_thai_digits("0123456789"), "๐๑๒๓๔๕๖๗๘๙");
        assert_eq!(to_thai_digits("1 ต.ค. 2567"), "๑ ต.ค. ๒๕๖๗");
        assert_eq!(to_thai_digits("339,160.50 บาท"), "๓๓๙,๑๖๐.๕๐ บาท");
        assert_eq!(to_thai_digits(""), "");
        assert_eq!(to_thai_digits("abc"), "abc");
        assert_eq!(to_thai_digits("๑2"), "๑๒");
    }

    #[test]
    fn arabic_digits_oracles() {
        assert_eq!(to_arabic_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
        assert_eq!(to_arabic_digits("๑ ตุลาคม ๒๕๖๗"), "1 ตุลาคม 2567");
        assert_eq!(to_arabic_digits("๓๒,๕๘๐.๐๐"), "32,580.00");
        assert_eq!(to_arabic_digits("1๒3"), "123");
        assert_eq!(to_arabic_digits("😀๙"), "😀9");
    }

    #[test]
    fn non_decimal_digits_are_kept() {
        // Other scripts' digits and superscripts are not touched.
        assert_eq!(to_thai_digits("٣²"), "٣²");
        assert_eq!(to_arabic_digits("٣²"), "٣²");
        // Characters next to the Thai digit block stay as they are.
        assert_eq!(to_arabic_digits("\u{0E4F}\u{0E5A}"), "\u{0E4F}\u{0E5A}");
    }

    #[test]
    fn round_trip() {
        let s = "ปี 2567 เดือน 10 วันที่ 01";
        assert_eq!(to_arabic_digits(&to_thai_digits(s)), s);
    }

    #[test]
    fn apply_follows_choice() {
        assert_eq!(apply_digits("2567", Digits::Thai), "๒๕๖๗");
        assert_eq!(apply_digits("๒๕๖๗", Digits::Arabic), "2567");
        assert_eq!(apply_digits("2567", Digits::Arabic), "2567");
        assert_eq!(Digits::default(), Digits::Thai);
    }

    #[test]
    fn deserializes_lowercase_names() {
        use serde::de::IntoDeserializer;
        use serde::de::value::Error;
        let thai = Digits::deserialize(IntoDeserializer::<Error>::into_deserializer("thai"));
        assert_eq!(thai, Ok(Digits::Thai));
        let arabic = Digits::deserialize(IntoDeserializer::<Error>::into_deserializer("arabic"));
        assert_eq!(arabic, Ok(Digits::Arabic));
        let bad = Digits::deserialize(IntoDeserializer::<Error>::into_deserializer("Thai"));
        assert!(bad.is_err());
    }
}
