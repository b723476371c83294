//! French formatting of numbers and dates, the same on every surface (terminal, reports,
//! pages): `1 234`, `31/12/2022`, `31/12/2022 à 14:05` (Paris time).

use time::{Date, OffsetDateTime, UtcOffset};

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

/// Seconds since 1970 as `31/12/2022 à 14:05` (time of Paris, winter or summer).
pub fn moment(seconds: i64) -> String {
    let Ok(utc) = OffsetDateTime::from_unix_timestamp(seconds) else { return String::new() };
    let local = utc.to_offset(paris_offset(utc));
    format!("{} à {:02}:{:02}", date(local.date()), local.hour(), local.minute())
}

/// The date in Paris at `utc`: « today » for every user of the product, whatever the
/// server's time zone (from midnight to one in the morning in winter, UTC is still on the
/// day before).
pub fn paris_date(utc: OffsetDateTime) -> Date {
    utc.to_offset(paris_offset(utc)).date()
}

/// The moment of Paris's day `day` at the time of day it is in Paris at `now`: `now` itself
/// when `day` is today in Paris, else the same local time on `day`, in UTC. A day chosen by a
/// user (`logis purge --date`) whose moment kept `now`'s UTC time fell on the next day in Paris
/// late in the evening (22:30 UTC in December is 00:30 in Paris on a June day).
pub fn same_time_on(day: Date, now: OffsetDateTime) -> OffsetDateTime {
    if paris_date(now) == day {
        return now;
    }
    let local = day.with_time(now.to_offset(paris_offset(now)).time());
    // The offset of that day in Paris: the one at noon UTC of it, away from the changes of
    // time (at 01:00 UTC on Sundays).
    let offset =
        paris_offset(day.with_time(time::Time::from_hms(12, 0, 0).expect("noon")).assume_utc());
    local.assume_offset(offset).to_offset(UtcOffset::UTC)
}

/// Paris's offset at `utc`: +2 h from the last Sunday of March 01:00 UTC to the last Sunday of
/// October 01:00 UTC, +1 h otherwise.
pub fn paris_offset(utc: OffsetDateTime) -> UtcOffset {
    let year = utc.year();
    let last_sunday = |month: time::Month| {
        let mut day = Date::from_calendar_date(year, month, 31).expect("31 exists");
        while day.weekday() != time::Weekday::Sunday {
            day = day.previous_day().expect("in range");
        }
        day.midnight().assume_utc() + time::Duration::hours(1)
    };
    let summer = utc >= last_sunday(time::Month::March) && utc < last_sunday(time::Month::October);
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).expect("valid offset")
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

/// A decimal with `decimals` digits, a comma and grouped thousands: `1234.5` → `1 234,50`
/// (2 decimals); half away from zero.
pub fn decimal(value: f64, decimals: u8) -> String {
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = (value.abs() * scale).round() as u64;
    let unit = 10u64.pow(u32::from(decimals));
    let whole = int(scaled / unit);
    let sign = if value < 0.0 && scaled > 0 { "\u{2212}" } else { "" };
    match decimals {
        0 => format!("{sign}{whole}"),
        d => format!("{sign}{whole},{:0width$}", scaled % unit, width = usize::from(d)),
    }
}

/// A share as a percentage with `decimals`: `0.254` → `25,4 %` (narrow no-break space).
pub fn percent(share: f64, decimals: u8) -> String {
    format!("{}\u{202f}%", decimal(share * 100.0, decimals))
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

/// Whether the noun an ordinal qualifies is masculine (« 1er quartile ») or feminine
/// (« 1re demande »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Masculine,
    Feminine,
}

/// An ordinal the French way: « 1er » or « 1re », then « 2e », « 1 234e ».
pub fn ordinal(n: u64, gender: Gender) -> String {
    match (n, gender) {
        (1, Gender::Masculine) => "1er".to_owned(),
        (1, Gender::Feminine) => "1re".to_owned(),
        (n, _) => format!("{}e", int(n)),
    }
}

/// A name with the article French puts before it in a sentence: « l'État », « la CC Terres des
/// Confluences », « Action Logement », « Tarn-et-Garonne Habitat » (a name that starts with its
/// own article keeps it).
pub fn with_article(name: &str) -> String {
    let name = name.trim();
    let starts = |prefix: &str| name.starts_with(prefix);
    if name == "État" || name == "Etat" || starts("État ") || starts("Etat ") {
        return format!("l'{name}");
    }
    const FEMININE: [&str; 7] =
        ["CC ", "CA ", "CU ", "Communauté ", "Métropole ", "Eurométropole ", "Ville "];
    if FEMININE.iter().any(|p| starts(p)) {
        return format!("la {name}");
    }
    name.to_owned()
}

/// « de » before a name, with the article, contraction or elision French asks for: « de
/// l'État », « d'Action Logement », « de la CC Terres des Confluences », « du Grand
/// Montauban » (for « Le Grand Montauban »), « de Tarn-et-Garonne Habitat ».
pub fn of(name: &str) -> String {
    let name = with_article(name);
    if let Some(rest) = name.strip_prefix("Le ") {
        return format!("du {rest}");
    }
    if let Some(rest) = name.strip_prefix("Les ") {
        return format!("des {rest}");
    }
    let vowel = name.chars().next().is_some_and(|c| "AEIOUYÉÈÊÂÎÔaeiouyéèêâîôHh".contains(c));
    if vowel { format!("d'{name}") } else { format!("de {name}") }
}

/// The letters a search ignores the accent of, and the signs it reads as spaces, with what
/// they become (the migration `0015_recherche.sql` folds names in the database the same way).
pub const FOLDING: [(char, &str); 61] = [
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('À', "a"),
    ('Á', "a"),
    ('Â', "a"),
    ('Ã', "a"),
    ('Ä', "a"),
    ('Å', "a"),
    ('ç', "c"),
    ('Ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('È', "e"),
    ('É', "e"),
    ('Ê', "e"),
    ('Ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('Ì', "i"),
    ('Í', "i"),
    ('Î', "i"),
    ('Ï', "i"),
    ('ñ', "n"),
    ('Ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('Ò', "o"),
    ('Ó', "o"),
    ('Ô', "o"),
    ('Õ', "o"),
    ('Ö', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('Ù', "u"),
    ('Ú', "u"),
    ('Û', "u"),
    ('Ü', "u"),
    ('ý', "y"),
    ('ÿ', "y"),
    ('Ý', "y"),
    ('Ÿ', "y"),
    ('œ', "oe"),
    ('Œ', "oe"),
    ('æ', "ae"),
    ('Æ', "ae"),
    ('-', " "),
    ('\'', " "),
    ('’', " "),
];

/// `text` as the search compares it: accents removed (« é » → « e », « œ » → « oe »), lower
/// case (ASCII letters), hyphens and apostrophes read as spaces, outer spaces trimmed.
pub fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match FOLDING.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_matches(' ').to_owned()
}

/// `1` → ``, `2` → `s`.
pub fn plural(n: u64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_in_paris_time() {
        // 2025-01-15 12:00 UTC is 13:00 in Paris; 2025-07-15 12:00 UTC is 14:00.
        assert_eq!(moment(1_736_942_400), "15/01/2025 à 13:00");
        assert_eq!(moment(1_752_580_800), "15/07/2025 à 14:00");
    }

    #[test]
    fn a_day_chosen_keeps_the_time_of_day_in_paris_whatever_the_season() {
        use time::macros::{date, datetime};
        // 6 December, 22:57 UTC: 23:57 in Paris, still the 6th.
        let evening = datetime!(2026-12-06 22:57 UTC);
        let june = same_time_on(date!(2027 - 06 - 01), evening);
        assert_eq!(paris_date(june), date!(2027 - 06 - 01));
        assert_eq!(june, datetime!(2027-06-01 21:57 UTC), "23:57 in Paris in summer");
        let january = same_time_on(date!(2027 - 01 - 15), evening);
        assert_eq!(january, datetime!(2027-01-15 22:57 UTC));
        // 00:30 in Paris on 7 December is still the 6th in UTC.
        let night = datetime!(2026-12-06 23:30 UTC);
        assert_eq!(paris_date(same_time_on(date!(2026 - 03 - 01), night)), date!(2026 - 03 - 01));
        assert_eq!(same_time_on(date!(2026 - 12 - 07), night), night, "today is now");
    }

    #[test]
    fn names_take_their_article_or_elision() {
        for (name, written) in [
            ("État", "de l'État"),
            ("Action Logement", "d'Action Logement"),
            ("CC Terres des Confluences", "de la CC Terres des Confluences"),
            (
                "Communauté de communes Terres des Confluences",
                "de la Communauté de communes Terres des Confluences",
            ),
            ("Le Grand Montauban", "du Grand Montauban"),
            ("Les Vallées", "des Vallées"),
            ("La Rochelle", "de La Rochelle"),
            ("État — contingent préfectoral", "de l'État — contingent préfectoral"),
            ("Tarn-et-Garonne Habitat", "de Tarn-et-Garonne Habitat"),
            ("Castelsarrasin", "de Castelsarrasin"),
            ("Habitat Occitanie", "d'Habitat Occitanie"),
        ] {
            assert_eq!(of(name), written);
        }
    }

    #[test]
    fn names_are_folded_for_the_search() {
        assert_eq!(folded("Chloé"), "chloe");
        assert_eq!(folded(" ÉRIC "), "eric");
        assert_eq!(folded("Le Goff-Hervé"), "le goff herve");
        assert_eq!(folded("N'Diaye"), "n diaye");
        assert_eq!(folded("Lætitia Cœur"), "laetitia coeur");
        assert_eq!(folded("0820322003460G0004"), "0820322003460g0004");
    }

    #[test]
    fn ordinals_are_written_the_french_way() {
        assert_eq!(ordinal(1, Gender::Masculine), "1er");
        assert_eq!(ordinal(1, Gender::Feminine), "1re");
        assert_eq!(ordinal(2, Gender::Feminine), "2e");
        assert_eq!(ordinal(1234, Gender::Masculine), "1\u{a0}234e");
    }

    #[test]
    fn decimals_and_percentages_are_written_the_french_way() {
        assert_eq!(decimal(1.875, 2), "1,88");
        assert_eq!(decimal(1234.5, 1), "1\u{a0}234,5");
        assert_eq!(decimal(-0.04, 1), "0,0");
        assert_eq!(decimal(-2.25, 1), "\u{2212}2,3");
        assert_eq!(decimal(3.0, 0), "3");
        assert_eq!(percent(0.25, 0), "25\u{202f}%");
        assert_eq!(percent(0.1234, 1), "12,3\u{202f}%");
    }

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
