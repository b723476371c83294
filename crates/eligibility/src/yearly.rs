//! The yearly update of the income ceilings: a CSV in the columns of the official file
//! (`annee,financement,zone,categorie,plafond_eur`, `categorie` from 1 to 6 or `sup` per extra
//! person) merged into the settings' tables, with a French report of what changed. Only whole
//! tables are taken; PLS rows are checked against PLUS × 1,3, from which Logis computes them.

use crate::ceilings::{CeilingTable, CeilingTables, pls};
use crate::zone::Zone;
use logis_domain::Financement;
use logis_domain::french::int;
use std::collections::BTreeMap;

/// The largest file read, in bytes (the official one holds a few kilobytes).
pub const MOST_BYTES: usize = 1 << 20;

/// What an update did, in French, one sentence a line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateReport {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// Tables or rows not taken, and why.
    pub set_aside: Vec<String>,
}

impl UpdateReport {
    /// Every line of the report.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.extend(self.added.iter().map(|l| format!("ajoutée : {l}")));
        lines.extend(self.changed.iter().map(|l| format!("modifiée : {l}")));
        lines.push(format!(
            "{} table{} inchangée{}",
            self.unchanged,
            s(self.unchanged),
            s(self.unchanged)
        ));
        lines.extend(self.set_aside.iter().map(|l| format!("non prise : {l}")));
        lines
    }
}

fn s(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

type Key = (i32, &'static str, &'static str);

fn name(year: i32, financement: Financement, zone: Zone) -> String {
    format!("{} {year}, {}", financement.code(), zone.label())
}

/// Reads `text` (the official file's columns); the whole tables it holds, and what was set
/// aside. A file that cannot be read at all is refused with its reason.
pub fn read(text: &str) -> Result<(Vec<CeilingTable>, Vec<String>), String> {
    if text.len() > MOST_BYTES {
        return Err(format!(
            "le fichier dépasse {} octets : ce n'est pas le fichier des plafonds",
            int(MOST_BYTES as u64)
        ));
    }
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("en-tête illisible : {e}"))?.clone();
    let expected = ["annee", "financement", "zone", "categorie", "plafond_eur"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(format!(
            "les colonnes attendues sont {} (celles du fichier officiel)",
            expected.join(",")
        ));
    }
    let mut amounts: BTreeMap<(i32, String, String), BTreeMap<String, i64>> = BTreeMap::new();
    let mut set_aside = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| format!("ligne {line} illisible : {e}"))?;
        let field = |k: usize| record.get(k).unwrap_or_default().to_owned();
        let (Ok(year), Ok(amount)) = (field(0).parse::<i32>(), field(4).parse::<i64>()) else {
            set_aside.push(format!("ligne {line} : année ou montant illisible"));
            continue;
        };
        if amount <= 0 {
            set_aside.push(format!("ligne {line} : montant nul ou négatif"));
            continue;
        }
        amounts.entry((year, field(1), field(2))).or_default().insert(field(3), amount);
    }
    let mut tables = Vec::new();
    let mut pls_rows = Vec::new();
    for ((year, financement, zone), cells) in amounts {
        let Some(zone) = Zone::from_code(&zone) else {
            set_aside.push(format!("{financement} {year} : zone « {zone} » inconnue"));
            continue;
        };
        let financement = match Financement::from_code(&financement) {
            Some(f @ (Financement::Plus | Financement::Plai | Financement::Pls)) => f,
            _ => {
                set_aside.push(format!(
                    "{year}, {} : financement « {financement} » sans plafond social",
                    zone.label()
                ));
                continue;
            }
        };
        let keys = ["1", "2", "3", "4", "5", "6", "sup"];
        let missing: Vec<&str> = keys.iter().copied().filter(|k| !cells.contains_key(*k)).collect();
        if !missing.is_empty() {
            set_aside.push(format!(
                "{} : incomplète (manquent : {}), à compléter dès sa publication",
                name(year, financement, zone),
                missing
                    .iter()
                    .map(|k| if *k == "sup" { "par personne supplémentaire" } else { k })
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        }
        let categories: [i64; 6] = std::array::from_fn(|i| cells[keys[i]]);
        let table =
            CeilingTable { year, financement, zone, categories, per_extra_person: cells["sup"] };
        if financement == Financement::Pls {
            pls_rows.push(table);
        } else if !categories.is_sorted() {
            set_aside.push(format!(
                "{} : les montants ne croissent pas d'une catégorie à la suivante",
                name(year, financement, zone)
            ));
        } else {
            tables.push(table);
        }
    }
    for table in pls_rows {
        let plus = tables.iter().find(|t| {
            t.year == table.year && t.zone == table.zone && t.financement == Financement::Plus
        });
        let derived = plus.map(|p| (p.categories.map(pls), pls(p.per_extra_person)));
        if derived != Some((table.categories, table.per_extra_person)) {
            set_aside.push(format!(
                "{} : diffère de PLUS × 1,3 (Logis calcule le PLS à partir du PLUS) — vérifiez le fichier",
                name(table.year, table.financement, table.zone)
            ));
        }
    }
    Ok((tables, set_aside))
}

impl CeilingTables {
    /// These tables with `incoming` added or replacing the table of the same year, financing
    /// and zone; the report of what changed.
    pub fn updated(
        &self,
        incoming: Vec<CeilingTable>,
        set_aside: Vec<String>,
    ) -> (CeilingTables, UpdateReport) {
        let mut tables = self.tables.clone();
        let mut report = UpdateReport { set_aside, ..UpdateReport::default() };
        for table in incoming {
            let which = name(table.year, table.financement, table.zone);
            let key: Key = (table.year, table.financement.code(), table.zone.code());
            match tables.iter_mut().find(|t| (t.year, t.financement.code(), t.zone.code()) == key) {
                Some(existing) if *existing == table => report.unchanged += 1,
                Some(existing) => {
                    let before = existing.categories.iter().chain([&existing.per_extra_person]);
                    let after = table.categories.iter().chain([&table.per_extra_person]);
                    let moved = before.zip(after).filter(|(a, b)| a != b).count();
                    report.changed.push(format!(
                        "{which} ({moved} montant{} changé{})",
                        s(moved),
                        s(moved)
                    ));
                    *existing = table;
                }
                None => {
                    report.added.push(which);
                    tables.push(table);
                }
            }
        }
        tables.sort_by_key(|t| (t.year, t.financement.code(), t.zone.code()));
        (CeilingTables { tables }, report)
    }

    /// The tables as the settings file writes them (docs/plafonds-ressources.toml).
    pub fn to_toml(&self) -> String {
        let mut text = String::from(
            "# Plafonds de ressources du logement social, en euros par an (revenu fiscal de référence N-2),\n\
             # par catégorie de ménage (1 à 6) et par personne au-delà ; PLS = PLUS × 1,3.\n",
        );
        for t in &self.tables {
            let categories = t.categories.map(|c| c.to_string()).join(", ");
            text.push_str(&format!(
                "\n[[plafonds]]\nannee = {}\nfinancement = \"{}\"\nzone = \"{}\"\ncategories = [{categories}]\npar_personne_supplementaire = {}\n",
                t.year,
                t.financement.code(),
                t.zone.code(),
                t.per_extra_person
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "annee,financement,zone,categorie,plafond_eur\n";

    fn rows(year: i32, financement: &str, zone: &str, values: [i64; 7]) -> String {
        let keys = ["1", "2", "3", "4", "5", "6", "sup"];
        keys.iter()
            .zip(values)
            .map(|(k, v)| format!("{year},{financement},{zone},{k},{v}\n"))
            .collect()
    }

    #[test]
    fn a_new_year_is_added_a_correction_reported_and_an_incomplete_table_set_aside() {
        let plai_2026 = [12_900, 18_800, 22_600, 25_100, 29_400, 33_100, 3_700];
        let mut text = String::from(HEADER);
        text.push_str(&rows(2026, "PLAI", "autres_regions", plai_2026));
        // The published PLUS 2025 with one amount corrected.
        text.push_str(&rows(
            2025,
            "PLUS",
            "autres_regions",
            [23_201, 30_984, 37_300, 44_982, 52_915, 59_636, 6_652],
        ));
        text.push_str(&rows(
            2024,
            "PLUS",
            "autres_regions",
            [22_642, 30_238, 36_362, 43_899, 51_641, 58_200, 6_492],
        ));
        text.push_str("2025,PLAI,ile_de_france,1,14683\n2025,PLAI,ile_de_france,2,23931\n");
        let (incoming, set_aside) = read(&text).expect("read");
        let (tables, report) = CeilingTables::published().updated(incoming, set_aside);
        assert_eq!(report.added, ["PLAI 2026, autres régions"]);
        assert_eq!(report.changed, ["PLUS 2025, autres régions (1 montant changé)"]);
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.set_aside.len(), 1, "{report:?}");
        let aside = &report.set_aside[0];
        assert!(
            aside.starts_with("PLAI 2025") && aside.contains("incomplète (manquent : 3, 4, 5, 6,"),
            "{aside}"
        );
        let again =
            CeilingTables::parse(&tables.to_toml()).expect("the written settings read back");
        assert_eq!(again, tables, "nothing lost in the settings' text");
        let category = crate::HouseholdCategory { category: 2, extra_persons: 0, raised: None };
        let ceiling = again
            .ceiling(2026, Zone::AutresRegions, Financement::Plai, &category)
            .expect("now known");
        assert_eq!(ceiling.cents() / 100, 18_800);
    }

    #[test]
    fn a_pls_row_is_checked_against_plus_and_a_wrong_file_refused() {
        let mut text = String::from(HEADER);
        text.push_str(&rows(
            2024,
            "PLUS",
            "autres_regions",
            [22_642, 30_238, 36_362, 43_899, 51_641, 58_200, 6_492],
        ));
        text.push_str(&rows(
            2024,
            "PLS",
            "autres_regions",
            [29_435, 39_309, 47_271, 57_069, 67_133, 75_660, 8_440],
        ));
        let (_, set_aside) = read(&text).expect("read");
        assert!(set_aside.is_empty(), "the published PLS is PLUS × 1,3: {set_aside:?}");
        text.push_str(&rows(
            2025,
            "PLUS",
            "autres_regions",
            [23_201, 30_984, 37_259, 44_982, 52_915, 59_636, 6_652],
        ));
        text.push_str(&rows(2025, "PLS", "autres_regions", [1, 2, 3, 4, 5, 6, 7]));
        let (_, set_aside) = read(&text).expect("read");
        assert_eq!(set_aside.len(), 1, "{set_aside:?}");
        assert!(read("a,b\n1,2\n").expect_err("not the file").contains("colonnes attendues"));
    }
}
