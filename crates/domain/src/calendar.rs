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
}
