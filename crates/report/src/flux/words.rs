//! Numbers of the flux documents written the French way: shares, dwellings in tenths, gaps
//! with their sign and what they mean, and the workbook's tab names.

use logis_domain::french::decimal;

/// A share in percent with the decimals it has (at most four): `25 %`, `12,5 %`.
pub fn share(percent: f64) -> String {
    let text = decimal(percent, 4);
    let text = if text.contains(',') {
        text.trim_end_matches('0').trim_end_matches(',').to_owned()
    } else {
        text
    };
    format!("{text}\u{202f}%")
}

/// Dwellings in tenths: `38,8`, `1,0`.
pub fn tenths(value: f64) -> String {
    decimal(value, 1)
}

/// A gap with its sign: `+4,7`, `−3,8`, `0,0`.
pub fn gap(value: f64) -> String {
    let text = decimal(value, 1);
    if value > 0.0 && text != "0,0" { format!("+{text}") } else { text }
}

/// What a gap means for the holder: dwellings owed to it, or received over its entitlement.
pub fn gap_meaning(value: f64) -> String {
    let magnitude = decimal(value.abs(), 1);
    // French puts the singular below 2 (« 1,6 logement »).
    let plural = value.abs() >= 2.0;
    let s = if plural { "s" } else { "" };
    if magnitude == "0,0" {
        "à l'équilibre".to_owned()
    } else if value < 0.0 {
        // « dû » loses its circumflex in the plural.
        format!("{magnitude} logement{s} {}", if plural { "dus" } else { "dû" })
    } else {
        format!("{magnitude} logement{s} reçu{s} en plus")
    }
}

/// `n logement(s)`.
pub fn dwellings(n: u64) -> String {
    format!("{} logement{}", logis_domain::french::int(n), logis_domain::french::plural(n))
}

/// `text` with a capital first letter.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Longest tab name XLSX accepts.
const MAX_TAB: usize = 31;

/// Tab names for `names`, as XLSX takes them: without `[]:*?/\`, at most 31 characters, and
/// each different from the others and from `taken` (case ignored), numbered when needed.
pub fn tab_names(names: &[String], taken: &[&str]) -> Vec<String> {
    let mut used: Vec<String> = taken.iter().map(|t| t.to_lowercase()).collect();
    let mut tabs = Vec::with_capacity(names.len());
    for name in names {
        let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
        let mut n = 1;
        let tab = loop {
            let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
            let room = MAX_TAB - suffix.chars().count();
            let cut: String = clean.chars().take(room).collect();
            let candidate = format!("{}{suffix}", cut.trim_end());
            if !used.contains(&candidate.to_lowercase()) {
                break candidate;
            }
            n += 1;
        };
        used.push(tab.to_lowercase());
        tabs.push(tab);
    }
    tabs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_written_the_french_way() {
        assert_eq!(share(25.0), "25\u{202f}%");
        assert_eq!(share(12.5), "12,5\u{202f}%");
        assert_eq!(share(33.3333), "33,3333\u{202f}%");
        assert_eq!(gap(4.7), "+4,7");
        assert_eq!(gap(-3.8), "\u{2212}3,8");
        assert_eq!(gap_meaning(-3.8), "3,8 logements dus");
        assert_eq!(gap_meaning(-1.6), "1,6 logement dû");
        assert_eq!(gap_meaning(0.6), "0,6 logement reçu en plus");
        assert_eq!(gap_meaning(0.0), "à l'équilibre");
    }

    #[test]
    fn tab_names_are_cut_cleaned_and_unique() {
        let long = "Office public de l'habitat de Tarn-et-Garonne".to_owned();
        let tabs = tab_names(&[long.clone(), long, "Synthèse".into(), "A/B".into()], &["Synthèse"]);
        assert_eq!(tabs[0], "Office public de l'habitat de T");
        assert_eq!(tabs[1], "Office public de l'habitat (2)");
        assert_eq!(tabs[2], "Synthèse (2)");
        assert_eq!(tabs[3], "AB");
        assert!(tabs.iter().all(|t| t.chars().count() <= 31));
    }
}
