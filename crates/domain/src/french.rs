//! French formatting of numbers and dates, the same on every surface (terminal, reports,
//! pages): `1 234`, `31/12/2022`.

use time::Date;

/// `1234567` → `1 234 567` (no-break spaces).
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// `31/12/2022`.
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year())
}

/// A signed integer: `-1234` → `−1 234` (true minus sign).
pub fn signed(n: i64) -> String {
    let magnitude = int(n.unsigned_abs());
    if n < 0 { format!("\u{2212}{magnitude}") } else { magnitude }
}

/// Tenths as a decimal with a comma: `185` → `18,5`, `180` → `18`.
pub fn tenths(n: u64) -> String {
    match n % 10 {
        0 => int(n / 10),
        d => format!("{},{d}", int(n / 10)),
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`, for messages that
/// name where a file is wrong ("ligne 3, colonne 7").
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `1` → ``, `2` → `s`.
pub fn plural(n: u64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1234), "1\u{a0}234");
        assert_eq!(int(2_700_000), "2\u{a0}700\u{a0}000");
    }

    #[test]
    fn signed_and_tenths() {
        assert_eq!(signed(-1234), "\u{2212}1\u{a0}234");
        assert_eq!(signed(5), "5");
        assert_eq!(tenths(185), "18,5");
        assert_eq!(tenths(180), "18");
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, text.find('2').expect("present")), (2, 6));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 8), (2, 2), "inside a character: its start");
    }

    #[test]
    fn dates_day_first() {
        assert_eq!(date(time::macros::date!(2022 - 12 - 31)), "31/12/2022");
    }
}
