//! Parsers of cell values as format v1 writes them: dates in both forms, French amounts,
//! booleans, lists, integers and codes. Each error is a French sentence of what is expected.

use crate::text::normalize;
use logis_domain::Amount;
use logis_domain::codes::CodeList;
use time::{Date, Month};

/// What a value should have looked like (French, shown after "attendu :").
pub type Expected = String;

pub const EXPECTED_DATE: &str =
    "une date AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2022-12-31 ou 31/12/2022";
pub const EXPECTED_AMOUNT: &str =
    "un montant en euros, par exemple 1234,50 ou 1 234.50 (deux décimales au plus)";
pub const EXPECTED_BOOL: &str = "oui ou non (aussi o/n, 1/0, vrai/faux, true/false)";
pub const EXPECTED_INT: &str = "un nombre entier, par exemple 3";

pub fn parse_date(raw: &str) -> Result<Date, Expected> {
    let err = || EXPECTED_DATE.to_owned();
    let number = |s: &str| -> Result<u32, Expected> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        s.parse().map_err(|_| err())
    };
    let (y, m, d) = if let Some((y, rest)) = raw.split_once('-') {
        let (m, d) = rest.split_once('-').ok_or_else(err)?;
        if y.len() != 4 {
            return Err(err());
        }
        (number(y)?, number(m)?, number(d)?)
    } else {
        let mut parts = raw.split('/');
        let (d, m, y) = (parts.next(), parts.next(), parts.next());
        match (d, m, y, parts.next()) {
            (Some(d), Some(m), Some(y), None) if y.len() == 4 => {
                (number(y)?, number(m)?, number(d)?)
            }
            _ => return Err(err()),
        }
    };
    let month = u8::try_from(m).ok().and_then(|m| Month::try_from(m).ok()).ok_or_else(err)?;
    let day = u8::try_from(d).map_err(|_| err())?;
    let year = i32::try_from(y).map_err(|_| err())?;
    Date::from_calendar_date(year, month, day)
        .map_err(|_| format!("une date qui existe dans le calendrier ({EXPECTED_DATE})"))
}

/// Amounts: `.` or `,` as decimal separator, spaces (also no-break) as thousands separators,
/// an optional `€`. With both `.` and `,`, the last one is the decimal separator.
pub fn parse_amount(raw: &str) -> Result<Amount, Expected> {
    let err = || EXPECTED_AMOUNT.to_owned();
    let compact: String =
        raw.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '€')).collect();
    let (negative, body) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    let decimal_at = body.rfind([',', '.']);
    let (int_part, frac_part) = match decimal_at {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    let int_digits: String = int_part.chars().filter(|c| !matches!(c, '.' | ',')).collect();
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(err());
    }
    if !int_digits.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
        || frac_part.len() > 2
        || int_digits.len() > 15
    {
        return Err(err());
    }
    let units: i64 =
        if int_digits.is_empty() { 0 } else { int_digits.parse().map_err(|_| err())? };
    let hundredths: i64 = match frac_part.len() {
        0 => 0,
        1 => frac_part.parse::<i64>().map_err(|_| err())? * 10,
        _ => frac_part.parse().map_err(|_| err())?,
    };
    let cents = units * 100 + hundredths;
    Ok(Amount::from_cents(if negative { -cents } else { cents }))
}

pub fn parse_bool(raw: &str) -> Result<bool, Expected> {
    // Compared in any ASCII case without making a lower-case copy: millions of cells.
    let raw = raw.trim();
    let any = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(raw));
    if any(&["oui", "o", "1", "true", "vrai"]) {
        Ok(true)
    } else if any(&["non", "n", "0", "false", "faux"]) {
        Ok(false)
    } else {
        Err(EXPECTED_BOOL.to_owned())
    }
}

pub fn parse_int(raw: &str) -> Result<i32, Expected> {
    raw.trim().parse().map_err(|_| EXPECTED_INT.to_owned())
}

/// A count of things (0 to 999).
pub fn parse_count(raw: &str) -> Result<u16, Expected> {
    parse_int(raw)
        .ok()
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| *n <= 999)
        .ok_or_else(|| "un nombre entier de 0 à 999".to_owned())
}

/// A code of a list, matched without case, surrounding spaces or accents.
pub fn parse_code<T: CodeList>(raw: &str) -> Result<T, Expected> {
    // Fast path: the code as files usually write it, in any ASCII case.
    let trimmed = raw.trim();
    if let Some(found) = T::all().iter().copied().find(|v| v.code().eq_ignore_ascii_case(trimmed)) {
        return Ok(found);
    }
    let wanted = normalize(raw);
    T::all()
        .iter()
        .copied()
        .find(|v| normalize(v.code()) == wanted)
        .ok_or_else(|| format!("un de ces codes : {}", T::expected()))
}

/// Items of a list cell (`a|b|c`), trimmed, empty items dropped, order kept.
pub fn split_list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split('|').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::Typologie;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(parse_date("2022-12-31"), Ok(date!(2022 - 12 - 31)));
        assert_eq!(parse_date("31/12/2022"), Ok(date!(2022 - 12 - 31)));
        assert_eq!(parse_date("1/2/2022"), Ok(date!(2022 - 02 - 01)));
        assert!(parse_date("31/02/2022").is_err());
        assert!(parse_date("2022/12/31").is_err());
        assert!(parse_date("22-12-31").is_err());
        assert!(parse_date("31.12.2022").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn french_amounts() {
        assert_eq!(parse_amount("1 234,50"), Ok(Amount::from_cents(123450)));
        assert_eq!(parse_amount("1\u{a0}234,5"), Ok(Amount::from_cents(123450)));
        assert_eq!(parse_amount("1234.50"), Ok(Amount::from_cents(123450)));
        assert_eq!(parse_amount("1.234,50"), Ok(Amount::from_cents(123450)));
        assert_eq!(parse_amount("980 €"), Ok(Amount::from_cents(98000)));
        assert_eq!(parse_amount("0,05"), Ok(Amount::from_cents(5)));
        assert_eq!(parse_amount("-12"), Ok(Amount::from_cents(-1200)));
        assert!(parse_amount("12,345").is_err());
        assert!(parse_amount("douze").is_err());
        assert!(parse_amount("").is_err());
        assert!(parse_amount(",").is_err());
    }

    #[test]
    fn booleans_in_every_accepted_form() {
        for yes in ["oui", "OUI", "o", "1", "true", "Vrai"] {
            assert_eq!(parse_bool(yes), Ok(true), "{yes}");
        }
        for no in ["non", "N", "0", "FALSE", "faux"] {
            assert_eq!(parse_bool(no), Ok(false), "{no}");
        }
        assert!(parse_bool("peut-être").is_err());
    }

    #[test]
    fn codes_ignore_case_and_spaces() {
        assert_eq!(parse_code::<Typologie>(" t3 "), Ok(Typologie::T3));
        let err = parse_code::<Typologie>("T7").expect_err("not a typology");
        assert!(err.contains("`T1`, `T2`"), "{err}");
    }

    #[test]
    fn lists_keep_order_and_drop_empty_items() {
        assert_eq!(split_list("82033| 82112||").collect::<Vec<_>>(), ["82033", "82112"]);
    }

    proptest! {
        #[test]
        fn amounts_round_trip_through_their_display(cents in -10_000_000_000i64..10_000_000_000) {
            let amount = Amount::from_cents(cents);
            prop_assert_eq!(parse_amount(&amount.to_string()), Ok(amount));
        }

        #[test]
        fn french_form_of_an_amount_parses(units in 0i64..10_000_000, hundredths in 0i64..100) {
            let grouped = units.to_string().as_bytes().rchunks(3).rev()
                .map(|c| std::str::from_utf8(c).expect("digits")).collect::<Vec<_>>().join("\u{a0}");
            let text = format!("{grouped},{hundredths:02}");
            prop_assert_eq!(parse_amount(&text), Ok(Amount::from_cents(units * 100 + hundredths)));
        }

        #[test]
        fn date_parsing_never_panics(s in "\\PC{0,20}") {
            let _ = parse_date(&s);
            let _ = parse_amount(&s);
        }
    }
}
