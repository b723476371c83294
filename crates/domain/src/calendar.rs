//! Whole months as French practice counts them (a seniority, a delay, a waiting time): a month
//! is complete on the same day number of the next month, or on the last day of a month that
//! has no such day.

use time::Date;

/// Whole months from `from` to `to` (0 when `to` is not later): 31 January → 28 February 2025
/// is one month (February has no 31st), 29 February 2024 → 28 February 2025 twelve, 15 May →
/// 14 June none.
pub fn whole_months(from: Date, to: Date) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + (to.month() as i32 - from.month() as i32);
    let last_day = to.month().length(to.year());
    if to.day() < from.day().min(last_day) {
        months -= 1;
    }
    u32::try_from(months).unwrap_or(0)
}

/// `date` moved by `months` calendar months (the last day of a shorter month when needed).
fn shifted(date: Date, months: i32) -> Date {
    let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u8 + 1);
    let month = time::Month::try_from(month).expect("a month from 1 to 12");
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("a valid day")
}

/// `date` moved back `months` calendar months (the last day of a shorter month when needed).
pub fn months_before(date: Date, months: u32) -> Date {
    shifted(date, -(months as i32))
}

/// `date` moved forward `months` calendar months (31 January + 1 month is the last day of
/// February).
pub fn months_after(date: Date, months: u32) -> Date {
    shifted(date, months as i32)
}

/// The latest day an application may have been filed on to count at least `months` whole
/// months on `today` ([`whole_months`]).
pub fn latest_start(months: u32, today: Date) -> Date {
    let start = months_before(today, months);
    if today.day() == today.month().length(today.year()) {
        let last = start.month().length(start.year());
        Date::from_calendar_date(start.year(), start.month(), last).expect("a valid day")
    } else {
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_ends_on_the_same_day_number_or_on_a_short_month_s_last_day() {
        for (from, to, months) in [
            (date!(2025 - 01 - 31), date!(2025 - 02 - 28), 1),
            (date!(2025 - 01 - 31), date!(2025 - 02 - 27), 0),
            (date!(2024 - 01 - 31), date!(2024 - 02 - 28), 0),
            (date!(2024 - 01 - 31), date!(2024 - 02 - 29), 1),
            (date!(2024 - 02 - 29), date!(2025 - 02 - 28), 12),
            (date!(2024 - 02 - 29), date!(2025 - 02 - 27), 11),
            (date!(2024 - 03 - 31), date!(2024 - 04 - 30), 1),
            (date!(2024 - 03 - 30), date!(2024 - 04 - 29), 0),
            (date!(2024 - 01 - 31), date!(2024 - 03 - 01), 1),
            (date!(2020 - 05 - 15), date!(2025 - 05 - 15), 60),
            (date!(2020 - 05 - 15), date!(2025 - 05 - 14), 59),
            (date!(2025 - 05 - 15), date!(2025 - 06 - 14), 0),
            (date!(2025 - 12 - 31), date!(2026 - 01 - 31), 1),
            (date!(2025 - 05 - 15), date!(2020 - 05 - 14), 0),
            (date!(2025 - 05 - 15), date!(2025 - 05 - 15), 0),
        ] {
            assert_eq!(whole_months(from, to), months, "{from} → {to}");
        }
    }

    #[test]
    fn the_latest_start_is_the_last_day_that_counts_the_months() {
        let mut today = date!(2023 - 01 - 01);
        while today <= date!(2025 - 03 - 31) {
            for months in [0, 1, 2, 11, 12, 13, 24] {
                let latest = latest_start(months, today);
                assert!(whole_months(latest, today) >= months, "{latest} → {today}: {months}");
                let next = latest.next_day().expect("a day");
                assert!(
                    months == 0 && next > today || whole_months(next, today) < months,
                    "{next} → {today} still counts {months}"
                );
            }
            today = today.next_day().expect("a day");
        }
    }

    #[test]
    fn months_before_keeps_the_day_or_the_month_s_last() {
        assert_eq!(months_before(date!(2026 - 03 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(months_before(date!(2026 - 01 - 15), 13), date!(2024 - 12 - 15));
        assert_eq!(months_after(date!(2025 - 01 - 31), 1), date!(2025 - 02 - 28));
        assert_eq!(months_after(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
    }
}
