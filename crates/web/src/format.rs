//! What pages show, formatted the French way (`1 234`, `31/12/2022`, `1 234,50 €`), and the
//! small text helpers of links and forms.

use logis_domain::french;
use time::{Date, OffsetDateTime, UtcOffset};

pub use french::{date, decimal, int, percent, signed, tenths};

/// Hundredths of euros: `123450` → `1 234,50 €`.
pub fn euros(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "\u{2212}" } else { "" };
    let n = hundredths.unsigned_abs();
    format!("{sign}{},{:02}\u{a0}€", french::int(n / 100), n % 100)
}

/// Seconds since 1970 as `31/12/2022 à 14:05` (time of Paris, winter or summer).
pub fn moment(seconds: i64) -> String {
    let Ok(utc) = OffsetDateTime::from_unix_timestamp(seconds) else { return String::new() };
    let local = utc.to_offset(paris_offset(utc));
    format!("{} à {:02}:{:02}", french::date(local.date()), local.hour(), local.minute())
}

/// Paris's offset at `utc`: +2 h from the last Sunday of March 01:00 UTC to the last Sunday of
/// October 01:00 UTC, +1 h otherwise.
pub fn paris_offset(utc: OffsetDateTime) -> UtcOffset {
    let year = utc.year();
    let last_sunday = |month: time::Month| {
        let mut day = Date::from_calendar_date(year, month, 31).expect("31 exists");
        while day.weekday() != time::Weekday::Sunday {
            day = day.previous_day().expect("in range");
        }
        day.midnight().assume_utc() + time::Duration::hours(1)
    };
    let summer = utc >= last_sunday(time::Month::March) && utc < last_sunday(time::Month::October);
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).expect("valid offset")
}

/// A value for a URL's query or path.
pub fn url_encoded(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_french() {
        assert_eq!(euros(123_450), "1\u{a0}234,50\u{a0}€");
        assert_eq!(euros(-5), "\u{2212}0,05\u{a0}€");
    }

    #[test]
    fn moments_are_in_paris_time() {
        // 2025-01-15 12:00 UTC is 13:00 in Paris; 2025-07-15 12:00 UTC is 14:00.
        assert_eq!(moment(1_736_942_400), "15/01/2025 à 13:00");
        assert_eq!(moment(1_752_580_800), "15/07/2025 à 14:00");
    }

    #[test]
    fn urls_are_encoded() {
        assert_eq!(url_encoded("/demandes?nom=é"), "/demandes%3Fnom%3D%C3%A9");
    }
}
