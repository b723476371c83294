//! Rounding and medians as bilan.md defines them.

/// Days in the months of bilan.md.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// `value` rounded to `decimals`, half away from zero.
pub fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// `a / b` with `decimals`, `None` when `b` is 0.
pub fn ratio(a: u64, b: u64, decimals: i32) -> Option<f64> {
    (b > 0).then(|| round(a as f64 / b as f64, decimals))
}

/// The median of `values` (sorted here); the mean of the two middle ones for an even count.
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

/// The median of values given as how many times each occurs (the mean of the two middle
/// ones for an even count).
pub fn median_of_counts(counts: &std::collections::BTreeMap<i64, u64>) -> Option<f64> {
    let n: u64 = counts.values().sum();
    if n == 0 {
        return None;
    }
    // The values at 0-based places (n − 1) / 2 and n / 2 in order.
    let at = |place: u64| {
        let mut seen = 0;
        for (value, count) in counts {
            seen += count;
            if seen > place {
                return *value;
            }
        }
        unreachable!("a place below the total is reached")
    };
    Some((at((n - 1) / 2) + at(n / 2)) as f64 / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round(1.25, 1), 1.3);
        assert_eq!(round(-1.25, 1), -1.3);
        assert_eq!(round(1.875, 2), 1.88);
        assert_eq!(ratio(3, 0, 2), None);
        assert_eq!(ratio(187, 100, 2), Some(1.87));
    }

    #[test]
    fn medians_of_even_counts_are_means() {
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn medians_of_counted_values_are_those_of_the_values_written_out() {
        let counts = |pairs: &[(i64, u64)]| pairs.iter().copied().collect();
        assert_eq!(median_of_counts(&counts(&[(1, 1), (3, 1), (5, 1)])), Some(3.0));
        assert_eq!(median_of_counts(&counts(&[(1, 2), (4, 2)])), Some(2.5));
        assert_eq!(median_of_counts(&counts(&[(10, 3), (20, 1)])), Some(10.0));
        assert_eq!(median_of_counts(&counts(&[(7, 0)])), None);
        assert_eq!(median_of_counts(&counts(&[])), None);
    }
}
