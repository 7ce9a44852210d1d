//! The Thai date parser: any text either parses to a valid day or is an error; never a panic.
//! A parsed day must be a real calendar day and must print and re-parse to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prongsai::thai::{Date, Digits, fiscal_year, format_date_long, parse_date};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = parse_date(s) {
        assert!(
            Date::new(d.year, d.month, d.day).is_some(),
            "{s:?} gave {d:?}"
        );
        let _ = fiscal_year(d);
        // ISO dates are read for any year 1–9999; what the site prints reads back wherever a
        // Thai date is accepted (BE 2400–2700).
        if !(2400..=2700).contains(&d.be_year()) {
            return;
        }
        for digits in [Digits::Thai, Digits::Arabic] {
            let long = format_date_long(d, digits);
            assert_eq!(parse_date(&long).ok(), Some(d), "{s:?} → {long:?}");
        }
    }
});
