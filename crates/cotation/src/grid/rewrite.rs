//! A new version of a grid with other « délais anormalement longs »: its text rewritten where
//! the delays and the effective date are written, its comments and criteria kept as they are.

use super::{Delays, Grid, GridErrors};
use logis_domain::{Date, Typologie};

const DELAYS_TABLE: &str = "[delai_anormalement_long]";

/// The grid `grid` with `delays`, in force from `from` (or from its own date, when later: a
/// version planned for later stays planned). The text is read again as any grid is.
pub fn with_delays(grid: &Grid, delays: &Delays, from: Date) -> Result<Grid, GridErrors> {
    let from = from.max(grid.en_vigueur);
    let text = with_effective_date(&with_delays_table(&grid.texte, delays), from);
    Grid::parse(&text)
}

/// The lines of the delays' table: the general delay, then each typology that has its own.
fn delay_lines(delays: &Delays) -> Vec<String> {
    let mut lines = vec![format!("mois = {}", delays.default_months)];
    for t in Typologie::ALL.iter() {
        if let Some(months) = delays.by_typologie[*t as usize] {
            lines.push(format!("{} = {months}", t.code()));
        }
    }
    lines
}

/// Whether `line` opens a table (`[…]` or `[[…]]`), comments and blanks aside.
fn opens_a_table(line: &str) -> bool {
    line.trim_start().starts_with('[')
}

/// Whether `line` gives one of the delays' keys (`mois`, `T1`…).
fn is_delay_key(line: &str) -> bool {
    let key = line.split('=').next().unwrap_or_default().trim();
    line.contains('=') && (key == "mois" || Typologie::from_code(key).is_some())
}

/// `text` with its delays' table holding `delays`: the table's keys replaced in place (its
/// comments kept), or the table added before the first one, above that one's comments.
fn with_delays_table(text: &str, delays: &Delays) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 8);
    match lines.iter().position(|l| l.trim() == DELAYS_TABLE) {
        Some(header) => {
            let end = (header + 1..lines.len()).find(|&i| opens_a_table(lines[i]));
            let end = end.unwrap_or(lines.len());
            out.extend(lines[..=header].iter().map(|l| (*l).to_owned()));
            out.extend(delay_lines(delays));
            let rest = &lines[header + 1..end];
            out.extend(rest.iter().filter(|l| !is_delay_key(l)).map(|l| (*l).to_owned()));
            out.extend(lines[end..].iter().map(|l| (*l).to_owned()));
        }
        None => {
            let first = lines.iter().position(|l| opens_a_table(l)).unwrap_or(lines.len());
            let mut at = first;
            while at > 0 && lines[at - 1].trim_start().starts_with('#') {
                at -= 1;
            }
            out.extend(lines[..at].iter().map(|l| (*l).to_owned()));
            out.push(DELAYS_TABLE.to_owned());
            out.extend(delay_lines(delays));
            out.push(String::new());
            out.extend(lines[at..].iter().map(|l| (*l).to_owned()));
        }
    }
    out.join("\n") + "\n"
}

/// `text` with its top-level `en_vigueur` (before any table) set to `from`.
fn with_effective_date(text: &str, from: Date) -> String {
    let mut top_level = true;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        top_level &= !opens_a_table(line);
        let key = line.split('=').next().unwrap_or_default().trim();
        if top_level && line.contains('=') && key == "en_vigueur" {
            out.push_str(&format!("en_vigueur = {from}"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const GRID: &str = include_str!("../../../../docs/grille-cctc.toml");

    fn delays(default_months: u32, t2: Option<u32>, t5: Option<u32>) -> Delays {
        let mut by_typologie = [None; 6];
        by_typologie[Typologie::T2 as usize] = t2;
        by_typologie[Typologie::T5 as usize] = t5;
        Delays { default_months, by_typologie }
    }

    #[test]
    fn the_new_delays_replace_the_old_ones_and_nothing_else_changes() {
        let grid = Grid::parse(GRID).expect("the documented grid");
        let wanted = delays(18, Some(12), None);
        let new = with_delays(&grid, &wanted, date!(2026 - 12 - 05)).expect("a grid");
        assert_eq!(new.delays, wanted);
        assert_eq!(new.delays.months(Some(Typologie::T4)), 18, "T4's own delay is gone");
        assert_eq!(new.en_vigueur, date!(2026 - 12 - 05));
        assert_eq!((new.nom.as_str(), new.general.len()), (grid.nom.as_str(), grid.general.len()));
        assert!(new.texte.contains("# Délai anormalement long, en mois"), "comments kept");
        let removed: Vec<&str> =
            GRID.lines().filter(|l| !new.texte.lines().any(|n| n == *l)).collect();
        assert_eq!(
            removed,
            ["en_vigueur = 2022-01-01", "mois = 24", "T4 = 30", "T5 = 36", "T6 = 36"]
        );
    }

    #[test]
    fn a_grid_without_delays_gets_its_table_and_a_later_version_keeps_its_date() {
        let without: String = with_delays_table(GRID, &delays(24, None, None))
            .lines()
            .filter(|l| l.trim() != DELAYS_TABLE && !is_delay_key(l))
            .collect::<Vec<_>>()
            .join("\n");
        let grid = Grid::parse(&without).expect("a grid without delays");
        assert_eq!(grid.delays, Delays::default());
        let new =
            with_delays(&grid, &delays(30, None, Some(40)), date!(2021 - 06 - 01)).expect("a grid");
        assert_eq!(new.delays.months(Some(Typologie::T5)), 40);
        assert_eq!(new.delays.months(None), 30);
        assert_eq!(new.en_vigueur, grid.en_vigueur, "never earlier than the grid's own date");
        let table = new.texte.find(DELAYS_TABLE).expect("the table");
        let first_criterion = new.texte.find("\n[[critere]]").expect("criteria");
        assert!(table < first_criterion);
    }
}
