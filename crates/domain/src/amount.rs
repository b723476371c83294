//! Amounts (euros, square metres) held exactly in hundredths.

use std::fmt;

/// A non-negative or negative decimal with two fractional digits, held as an integer number of
/// hundredths (cents for euros). Written `1234.5` → `1234.50`, `1234` → `1234`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

impl Amount {
    pub const ZERO: Amount = Amount(0);

    pub const fn from_cents(cents: i64) -> Self {
        Amount(cents)
    }

    pub const fn from_euros(euros: i64) -> Self {
        Amount(euros * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// The value as a float, for display and statistics only (never for comparisons that
    /// decide something).
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// The canonical form of interchange format v1: `.` as decimal separator, no thousands
/// separator, two decimals only when there is a fractional part.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(24);
        self.write_into(&mut text);
        f.write_str(&text)
    }
}

impl Amount {
    /// Appends the canonical form to `out` (what `Display` writes), without `fmt`'s machinery:
    /// an export writes millions of amounts.
    pub fn write_into(self, out: &mut String) {
        let (units, hundredths) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        if self.0 < 0 {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(units));
        if hundredths != 0 {
            out.push('.');
            out.push(char::from(b'0' + (hundredths / 10) as u8));
            out.push(char::from(b'0' + (hundredths % 10) as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_canonically() {
        assert_eq!(Amount::from_cents(123450).to_string(), "1234.50");
        assert_eq!(Amount::from_cents(123400).to_string(), "1234");
        assert_eq!(Amount::from_cents(5).to_string(), "0.05");
        assert_eq!(Amount::from_cents(-250).to_string(), "-2.50");
        assert_eq!(Amount::ZERO.to_string(), "0");
        assert_eq!(Amount::from_cents(-5).to_string(), "-0.05");
        assert_eq!(Amount::from_cents(-300).to_string(), "-3");
        assert_eq!(Amount::from_cents(i64::MIN).to_string(), "-92233720368547758.08");
        let mut appended = String::from("loyer ");
        Amount::from_cents(38_012).write_into(&mut appended);
        assert_eq!(appended, "loyer 380.12");
    }
}
