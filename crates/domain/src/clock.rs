//! The clock as a parameter: what needs « now » or « today » is given a [`Clock`]. The system
//! clock is read in one place, the binary's edge (`logis` builds its `SystemClock`); tests
//! give a [`FixedClock`] at a date of their choosing, moved by hand when a test needs time to
//! pass. Reading the system clock anywhere else is refused by the lint (`clippy.toml`).

use std::sync::atomic::{AtomicI64, Ordering};
use time::{Date, OffsetDateTime};

/// Where the current moment comes from.
pub trait Clock: Send + Sync {
    /// The current moment, in UTC.
    fn now(&self) -> OffsetDateTime;

    /// Today's date in France (Paris time): from midnight to one in the morning in winter,
    /// UTC's date is still yesterday's.
    fn today(&self) -> Date {
        crate::french::paris_date(self.now())
    }

    /// The current moment in seconds since 1970 (how moments are stored).
    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

/// A clock that shows the moment it was set to, until it is moved.
#[derive(Debug)]
pub struct FixedClock {
    unix: AtomicI64,
}

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn at(at: OffsetDateTime) -> Self {
        FixedClock { unix: AtomicI64::new(at.unix_timestamp()) }
    }

    /// A clock stopped at noon (UTC) on `day`.
    pub fn on(day: Date) -> Self {
        Self::at(day.with_time(time::macros::time!(12:00)).assume_utc())
    }

    /// Moves the clock forward by `by` (backward when negative).
    pub fn advance(&self, by: time::Duration) {
        self.unix.fetch_add(by.whole_seconds(), Ordering::Relaxed);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.unix.load(Ordering::Relaxed))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_fixed_clock_shows_its_day_until_moved() {
        let clock = FixedClock::on(date!(2026 - 02 - 28));
        assert_eq!(clock.today(), date!(2026 - 02 - 28));
        clock.advance(time::Duration::hours(12));
        assert_eq!(clock.today(), date!(2026 - 03 - 01));
        assert_eq!(clock.unix(), clock.now().unix_timestamp());
    }

    #[test]
    fn today_is_the_date_in_paris() {
        use time::macros::datetime;
        // 00:30 in Paris in winter is still 23:30 the day before in UTC.
        let clock = FixedClock::at(datetime!(2026-12-05 23:30 UTC));
        assert_eq!(clock.today(), date!(2026 - 12 - 06));
        clock.advance(time::Duration::minutes(-31));
        assert_eq!(clock.today(), date!(2026 - 12 - 05), "22:59 UTC is 23:59 in Paris");
        // In summer Paris is two hours ahead: 22:30 UTC on 1 July is 00:30 on the 2nd.
        let summer = FixedClock::at(datetime!(2026-07-01 22:30 UTC));
        assert_eq!(summer.today(), date!(2026 - 07 - 02));
    }
}
