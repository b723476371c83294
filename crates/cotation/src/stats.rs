//! Small statistics shared by positions, waiting times and comparisons.

/// The value at quantile `p` (0 < p ≤ 1) of ascending `sorted` values, by the nearest-rank
/// method: the smallest value with at least `p` of the values at or below it.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

/// The median of ascending `sorted` values, in tenths (the mean of the two middle values
/// when there is an even number of them).
pub fn median_tenths(sorted: &[u32]) -> Option<u32> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] * 10),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) * 5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quartiles() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(nearest_rank(&v, 0.25), Some(2));
        assert_eq!(nearest_rank(&v, 0.5), Some(4));
        assert_eq!(nearest_rank(&v, 0.75), Some(6));
        assert_eq!(nearest_rank(&[9], 0.25), Some(9));
        assert_eq!(nearest_rank::<i32>(&[], 0.5), None);
    }

    #[test]
    fn medians_in_tenths() {
        assert_eq!(median_tenths(&[3, 7, 20]), Some(70));
        assert_eq!(median_tenths(&[3, 8]), Some(55));
        assert_eq!(median_tenths(&[]), None);
    }
}
