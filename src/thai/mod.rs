//! Thai presentation and input: digits, dates and the fiscal year, baht amounts and bahttext.

pub mod bahttext;
pub mod date;
mod date_error;
mod date_fields;
mod date_lex;
pub mod date_parse;
pub mod digits;
pub mod money;
mod money_parse;
#[cfg(test)]
mod test_probe;

pub use bahttext::bahttext;
pub use date::{
    Date, fiscal_year, fiscal_year_bounds, format_date_long, format_date_short, format_fiscal_year,
    month_abbr, month_name,
};
pub use date_parse::{DateError, parse_date};
pub use digits::{Digits, apply_digits, to_arabic_digits, to_thai_digits};
pub use money::{Baht, MoneyError, format_baht, format_baht_2, sum_baht};
