//! What pages show, formatted the French way (`1 234`, `31/12/2022`, `1 234,50 €`), and the
//! small text helpers of links and forms.

use logis_domain::french;

pub use french::{date, decimal, int, moment, paris_offset, percent, signed, tenths};

/// Hundredths of euros: `123450` → `1 234,50 €`.
pub fn euros(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "\u{2212}" } else { "" };
    let n = hundredths.unsigned_abs();
    format!("{sign}{},{:02}\u{a0}€", french::int(n / 100), n % 100)
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
    fn urls_are_encoded() {
        assert_eq!(url_encoded("/demandes?nom=é"), "/demandes%3Fnom%3D%C3%A9");
    }
}
