//! The income ceilings by year, zone and financing, read from a settings file
//! (docs/plafonds-ressources.toml, shipped with the published values), and the eligibility of a
//! household's resources for a dwelling's financing.

use crate::category::HouseholdCategory;
use crate::zone::Zone;
use logis_domain::{Amount, Financement};
use serde::Deserialize;

/// The published tables shipped with Logis.
pub const PUBLISHED: &str = include_str!("../../../docs/plafonds-ressources.toml");

/// PLS ceilings are the PLUS ones times 13 / 10, rounded to the euro (half up).
const PLS_NUMERATOR: i64 = 13;
const PLS_DENOMINATOR: i64 = 10;

/// One table: the ceilings of categories 1–6 and the amount per extra person, in euros a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeilingTable {
    pub year: i32,
    pub financement: Financement,
    pub zone: Zone,
    pub categories: [i64; 6],
    pub per_extra_person: i64,
}

/// Every table of the settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CeilingTables {
    pub tables: Vec<CeilingTable>,
}

/// Why a ceiling cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissingCeiling {
    #[error(
        "les plafonds {financement} de {year} pour la zone « {zone} » ne sont pas dans les paramètres : importez-les dès leur publication (Paramètres, « Plafonds de ressources »)"
    )]
    Table { financement: &'static str, year: i32, zone: &'static str },
    #[error("le financement {0} n'a pas de plafond de ressources du logement social")]
    NotSocial(&'static str),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    plafonds: Vec<Row>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    annee: i32,
    financement: String,
    zone: String,
    categories: Vec<i64>,
    par_personne_supplementaire: i64,
}

impl CeilingTables {
    /// The tables shipped with Logis.
    pub fn published() -> Self {
        CeilingTables::parse(PUBLISHED).expect("the shipped tables are valid")
    }

    /// Reads a settings file; every problem is a French sentence naming the table.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: File =
            toml::from_str(text).map_err(|e| format!("plafonds illisibles : {}", e.message()))?;
        let mut tables = Vec::with_capacity(file.plafonds.len());
        for (i, row) in file.plafonds.into_iter().enumerate() {
            let which = format!("table n° {} ({} {})", i + 1, row.financement, row.annee);
            let financement = match Financement::from_code(&row.financement) {
                Some(f @ (Financement::Plus | Financement::Plai)) => f,
                _ => {
                    return Err(format!(
                        "{which} : le financement est `PLUS` ou `PLAI` (les plafonds PLS s'en déduisent)"
                    ));
                }
            };
            let zone = Zone::from_code(&row.zone).ok_or_else(|| {
                format!("{which} : zone `{}` inconnue (`paris_limitrophes`, `ile_de_france` ou `autres_regions`)", row.zone)
            })?;
            let categories: [i64; 6] = row.categories.as_slice().try_into().map_err(|_| {
                format!("{which} : six montants sont attendus, un par catégorie de ménage")
            })?;
            if categories.iter().any(|c| *c <= 0) || !categories.is_sorted() {
                return Err(format!(
                    "{which} : les montants sont positifs et croissent d'une catégorie à la suivante"
                ));
            }
            if tables.iter().any(|t: &CeilingTable| {
                t.year == row.annee && t.financement == financement && t.zone == zone
            }) {
                return Err(format!("{which} : la même table apparaît deux fois"));
            }
            tables.push(CeilingTable {
                year: row.annee,
                financement,
                zone,
                categories,
                per_extra_person: row.par_personne_supplementaire,
            });
        }
        Ok(CeilingTables { tables })
    }

    fn table(
        &self,
        year: i32,
        zone: Zone,
        financement: Financement,
    ) -> Result<&CeilingTable, MissingCeiling> {
        self.tables
            .iter()
            .find(|t| t.year == year && t.zone == zone && t.financement == financement)
            .ok_or(MissingCeiling::Table {
                financement: financement.code(),
                year,
                zone: zone.label(),
            })
    }

    /// What the settings lack to give any ceiling of `financement` in `zone` for `year` (a
    /// financing without social ceiling lacks nothing).
    pub fn missing(
        &self,
        year: i32,
        zone: Zone,
        financement: Financement,
    ) -> Option<MissingCeiling> {
        let table = match financement {
            Financement::Pls => Financement::Plus,
            Financement::Plus | Financement::Plai => financement,
            Financement::Pli | Financement::Autre => return None,
        };
        self.table(year, zone, table).err()
    }

    /// The ceiling of a household of `category` for a dwelling of `financement` in `zone`, in
    /// `year` (the year of the decision), in euros a year.
    pub fn ceiling(
        &self,
        year: i32,
        zone: Zone,
        financement: Financement,
        category: &HouseholdCategory,
    ) -> Result<Amount, MissingCeiling> {
        let of_table = |t: &CeilingTable, scale: fn(i64) -> i64| {
            scale(t.categories[usize::from(category.category.clamp(1, 6)) - 1])
                + i64::from(category.extra_persons) * scale(t.per_extra_person)
        };
        let euros = match financement {
            Financement::Plus | Financement::Plai => {
                of_table(self.table(year, zone, financement)?, |e| e)
            }
            Financement::Pls => of_table(self.table(year, zone, Financement::Plus)?, pls),
            Financement::Pli | Financement::Autre => {
                return Err(MissingCeiling::NotSocial(financement.code()));
            }
        };
        Ok(Amount::from_euros(euros))
    }
}

/// A PLUS amount times 1.3, rounded to the euro, half up.
pub(crate) fn pls(plus: i64) -> i64 {
    (plus * PLS_NUMERATOR * 2 + PLS_DENOMINATOR) / (PLS_DENOMINATOR * 2)
}

/// Whether resources (the revenu fiscal de référence N-2 of the persons to be housed) are
/// within a ceiling.
pub fn within(resources: Amount, ceiling: Amount) -> bool {
    resources.cents() <= ceiling.cents()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(category: u8, extra_persons: u32) -> HouseholdCategory {
        HouseholdCategory { category, extra_persons, raised: None }
    }

    fn euros(year: i32, zone: Zone, financement: Financement, cat: u8, extra: u32) -> i64 {
        let tables = CeilingTables::published();
        tables.ceiling(year, zone, financement, &category(cat, extra)).expect("published").cents()
            / 100
    }

    #[test]
    fn the_shipped_plus_tables_are_the_published_ones() {
        use Zone::*;
        assert_eq!(euros(2024, AutresRegions, Financement::Plus, 1, 0), 22_642);
        assert_eq!(euros(2025, AutresRegions, Financement::Plus, 3, 0), 37_259);
        assert_eq!(euros(2026, AutresRegions, Financement::Plus, 6, 0), 60_156);
        assert_eq!(euros(2026, AutresRegions, Financement::Plus, 6, 2), 60_156 + 2 * 6_710);
        assert_eq!(euros(2025, IleDeFrance, Financement::Plus, 4, 0), 57_429);
        assert_eq!(euros(2026, ParisLimitrophes, Financement::Plus, 5, 0), 74_919);
    }

    #[test]
    fn pls_is_plus_times_1_3_as_published_for_paris_in_2025() {
        // Published PLS 2025, Paris and adjacent communes: 34 693 / 51 851 / 67 969 / 81 151 /
        // 96 552 / 108 648, + 12 107 per extra person.
        let published = [34_693, 51_851, 67_969, 81_151, 96_552, 108_648];
        for (i, expected) in published.into_iter().enumerate() {
            assert_eq!(
                euros(2025, Zone::ParisLimitrophes, Financement::Pls, i as u8 + 1, 0),
                expected
            );
        }
        assert_eq!(euros(2025, Zone::ParisLimitrophes, Financement::Pls, 6, 1), 108_648 + 12_107);
    }

    #[test]
    fn plai_where_published_and_a_clear_message_elsewhere() {
        assert_eq!(euros(2025, Zone::ParisLimitrophes, Financement::Plai, 2, 0), 23_931);
        assert_eq!(euros(2022, Zone::AutresRegions, Financement::Plai, 3, 0), 20_370);
        // Annex II of the arrêté of 18 December 2023 (PLAI 2024), and PLAI 2025 outside the
        // Île-de-France, as ../shared/data/plafonds-ressources-officiels.csv publishes them.
        assert_eq!(euros(2024, Zone::AutresRegions, Financement::Plai, 1, 0), 12_452);
        assert_eq!(euros(2024, Zone::AutresRegions, Financement::Plai, 6, 1), 32_010 + 3_569);
        assert_eq!(euros(2024, Zone::IleDeFrance, Financement::Plai, 3, 0), 28_074);
        assert_eq!(euros(2024, Zone::ParisLimitrophes, Financement::Plai, 4, 0), 33_511);
        assert_eq!(euros(2025, Zone::AutresRegions, Financement::Plai, 2, 0), 18_591);
        assert_eq!(euros(2025, Zone::AutresRegions, Financement::Plai, 6, 2), 32_800 + 2 * 3_657);
        let missing = CeilingTables::published()
            .ceiling(2026, Zone::AutresRegions, Financement::Plai, &category(2, 0))
            .expect_err("not published");
        assert_eq!(
            missing.to_string(),
            "les plafonds PLAI de 2026 pour la zone « autres régions » ne sont pas dans les paramètres : importez-les dès leur publication (Paramètres, « Plafonds de ressources »)"
        );
        let pli = CeilingTables::published().ceiling(
            2026,
            Zone::AutresRegions,
            Financement::Pli,
            &category(1, 0),
        );
        assert!(matches!(pli, Err(MissingCeiling::NotSocial("PLI"))));
        let published = CeilingTables::published();
        assert!(published.missing(2026, Zone::AutresRegions, Financement::Plai).is_some());
        assert!(published.missing(2026, Zone::AutresRegions, Financement::Pls).is_none(), "PLUS");
        assert!(published.missing(2026, Zone::AutresRegions, Financement::Pli).is_none());
    }

    #[test]
    fn resources_at_the_ceiling_are_within_it() {
        let ceiling = Amount::from_euros(23_403);
        assert!(within(Amount::from_euros(23_403), ceiling));
        assert!(!within(Amount::from_cents(2_340_301), ceiling));
    }

    #[test]
    fn a_faulty_table_is_refused_in_french() {
        let wrong = "[[plafonds]]\nannee = 2027\nfinancement = \"PLS\"\nzone = \"autres_regions\"\ncategories = [1, 2, 3, 4, 5, 6]\npar_personne_supplementaire = 1\n";
        assert!(
            CeilingTables::parse(wrong)
                .expect_err("PLS")
                .contains("les plafonds PLS s'en déduisent")
        );
        let short = wrong.replace("PLS", "PLUS").replace("[1, 2, 3, 4, 5, 6]", "[1, 2, 3]");
        assert!(CeilingTables::parse(&short).expect_err("short").contains("six montants"));
        let zone = wrong.replace("PLS", "PLUS").replace("autres_regions", "lune");
        assert!(CeilingTables::parse(&zone).expect_err("zone").contains("zone `lune` inconnue"));
    }
}
