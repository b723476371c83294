//! Text cells of the CSV files Logis writes, made safe for spreadsheets: a cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (« CSV
//! injection »), so it is written with a leading `'`, which spreadsheets show as text
//! ([`neutralised`]). Readers of files take that quote away again ([`restored`]): what was
//! exported is imported unchanged. A value that itself begins with quotes before such a
//! character gets one more, so that the round trip is exact for every text.

use std::borrow::Cow;

/// What a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text`, once its leading quotes are set aside, starts like a formula.
fn looks_like_a_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// `text` as a CSV cell a spreadsheet shows as text.
#[inline]
pub fn neutralised(text: &str) -> Cow<'_, str> {
    // Most cells begin with none of these (an export writes a hundred million): one look at
    // the first byte before the whole check.
    let first = text.as_bytes().first().map_or('\0', |b| char::from(*b));
    if (first == '\'' || FORMULA_STARTS.contains(&first)) && looks_like_a_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a cell written by [`neutralised`].
pub fn restored(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_a_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_become_text_and_the_rest_is_kept() {
        assert_eq!(neutralised("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralised("+33 6 00 00 00 00"), "'+33 6 00 00 00 00");
        assert_eq!(neutralised("-2+3"), "'-2+3");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("\tx"), "'\tx");
        assert_eq!(neutralised("\rx"), "'\rx");
        assert_eq!(neutralised("'=x"), "''=x");
        assert_eq!(neutralised("Dupont"), "Dupont");
        assert_eq!(neutralised("'Dupont"), "'Dupont");
        assert_eq!(neutralised("a=b"), "a=b");
        assert_eq!(neutralised(""), "");
        assert!(matches!(neutralised("Dupont"), Cow::Borrowed(_)), "no copy when nothing changes");
    }

    proptest! {
        #[test]
        fn what_is_written_is_read_back(text in "['=+@\\-\t\ra-z ]{0,12}") {
            let written = neutralised(&text);
            prop_assert_eq!(restored(&written), text.as_str());
            prop_assert!(!written.starts_with(FORMULA_STARTS));
        }
    }
}
