//! French formatting of numbers and dates for the terminal.

use time::Date;

/// `1234567` → `1 234 567` (no-break spaces).
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// `31/12/2022`.
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year())
}

/// `1` → ``, `2` → `s`.
pub fn plural(n: u64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1234), "1\u{a0}234");
        assert_eq!(int(2_700_000), "2\u{a0}700\u{a0}000");
    }

    #[test]
    fn dates_day_first() {
        assert_eq!(date(time::macros::date!(2022 - 12 - 31)), "31/12/2022");
    }
}
