//! Fuzz target of the value parsers of format v1: any text read as a date, an amount, a yes/no,
//! a count, a number and a list — a value or what was expected, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use logis_exchange::values::{parse_amount, parse_bool, parse_count, parse_date, parse_int, split_list};

fuzz_target!(|text: &str| {
    if let Ok(date) = parse_date(text) {
        // A date read back from its canonical form is the same date.
        assert_eq!(parse_date(&date.to_string()).ok(), Some(date));
    }
    if let Ok(amount) = parse_amount(text) {
        assert_eq!(parse_amount(&amount.to_string()).ok(), Some(amount));
    }
    let _ = parse_bool(text);
    let _ = parse_count(text);
    let _ = parse_int(text);
    let _ = split_list(text).count();
    let _ = logis_domain::spreadsheet::restored(&logis_domain::spreadsheet::neutralised(text));
});
