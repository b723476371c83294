//! Dates written as the exchange format and the databases hold them, `AAAA-MM-JJ`, digit by
//! digit into a buffer of their own: an import binds and an export writes millions of them,
//! and going through `time`'s formatting (a description interpreted, a `String` allocated) for
//! each was a visible part of that work (benchmarks.md, issue 21).

use time::Date;

/// A date written `AAAA-MM-JJ`, as `time` writes it with `[year]-[month]-[day]` (a year
/// before 0, or after 9999 where `time` allows it, with its sign or its extra digits, through
/// `time` itself).
#[derive(Clone, Copy)]
pub struct IsoDate {
    bytes: [u8; IsoDate::LONGEST],
    len: u8,
}

impl IsoDate {
    /// Room for the longest date `time` can write: `-9999-12-31`, or `-999999-12-31` with its
    /// feature `large-dates`.
    pub const LONGEST: usize = 16;

    pub fn new(date: Date) -> Self {
        let mut bytes = [0u8; Self::LONGEST];
        // The month and the day found together: each alone searches the year's months again.
        let (year, month, day) = date.to_calendar_date();
        let Ok(year @ 0..=9999) = u16::try_from(year) else {
            return Self::through_time(date);
        };
        let mut put = |at: usize, n: u16, width: usize| {
            for (i, byte) in bytes[at..at + width].iter_mut().rev().enumerate() {
                *byte = b'0' + (n / 10u16.pow(i as u32) % 10) as u8;
            }
        };
        put(0, year, 4);
        put(5, u16::from(u8::from(month)), 2);
        put(8, u16::from(day), 2);
        bytes[4] = b'-';
        bytes[7] = b'-';
        IsoDate { bytes, len: 10 }
    }

    /// A year before 0, or of more than four digits: rare enough for `time`'s way.
    fn through_time(date: Date) -> Self {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let text = date.format(&format).expect("a calendar date always formats");
        let mut bytes = [0u8; Self::LONGEST];
        let len = text.len();
        debug_assert!(len <= Self::LONGEST, "{text} longer than any date");
        bytes[..len].copy_from_slice(text.as_bytes());
        IsoDate { bytes, len: len as u8 }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("digits and dashes")
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// `date` as an owned text `AAAA-MM-JJ` ([`IsoDate`]).
pub fn iso(date: Date) -> String {
    IsoDate::new(date).as_str().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_are_written_with_four_digit_years_and_two_digit_months_and_days() {
        let date = Date::from_calendar_date(2025, time::Month::March, 7).expect("date");
        assert_eq!(IsoDate::new(date).as_str(), "2025-03-07");
        let early = Date::from_calendar_date(42, time::Month::December, 31).expect("date");
        assert_eq!(IsoDate::new(early).as_str(), "0042-12-31");
        let before = Date::from_calendar_date(-1, time::Month::January, 1).expect("date");
        assert_eq!(IsoDate::new(before).as_str(), "-0001-01-01");
    }

    proptest! {
        /// Every date `time` can hold is written as `time` writes it.
        #[test]
        fn any_date_is_written_as_time_writes_it(day in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day()) {
            let date = Date::from_julian_day(day).expect("in range");
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let written = IsoDate::new(date);
            prop_assert_eq!(written.as_str(), date.format(&format).expect("formats"));
        }
    }
}
