//! The one rounding of flux.md: a non-negative or negative exact quotient rounded half away
//! from zero (1.25 → 1.3, −1.25 → −1.3).

/// `numerator / denominator` (denominator > 0) rounded half away from zero.
pub fn half_away(numerator: i128, denominator: i128) -> i128 {
    let doubled = 2 * numerator.abs() + denominator;
    let magnitude = doubled / (2 * denominator);
    if numerator < 0 { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!(half_away(125, 10), 13);
        assert_eq!(half_away(-125, 10), -13);
        assert_eq!(half_away(124, 10), 12);
        assert_eq!(half_away(0, 7), 0);
        assert_eq!(half_away(1, 3), 0);
        assert_eq!(half_away(2, 3), 1);
    }
}
