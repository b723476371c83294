//! The SQL of a year's counts, written once for both dialects. Parameters: `$1` the reference
//! date (31 December), `$2` the first day of the year, `$3` the year.
//!
//! Derived values follow the definitions of formats.md, written again in SQL on purpose so that
//! this computation owes nothing to the Rust one it is checked against. Two statements: the
//! *cube* counts the year's facts (one per application active at `$1`, one per attribution of
//! the year, each with the modalities of its application) by combination of modalities; the
//! *grouped* statement counts communes, reservation holders, the median delay, new and
//! satisfied applications.

use crate::StoreError;
use logis_domain::{Date, SituationLogement};
use time::Month;

/// What differs between SQLite and PostgreSQL in these queries.
pub struct Dialect {
    /// The year of a date column, as an integer.
    pub year_of: fn(&str) -> String,
    /// Whole days from the second date to the first.
    pub days_between: fn(&str, &str) -> String,
    /// The first item of a `|`-separated list (the whole text when there is one).
    pub first_item: fn(&str) -> String,
    /// The date parameter `$n` as a date.
    pub date_param: fn(u8) -> String,
}

/// Priority household: DALO or at least one priority criterion.
const PRIORITY: &str = "(d.dalo = TRUE OR d.criteres_prioritaires <> '')";

/// Active at `$1`.
const ACTIVE: &str = "(d.date_depot <= $1 AND (d.statut = 'active' OR d.date_radiation > $1))";

/// The year, as an integer in both dialects.
const YEAR: &str = "CAST($3 AS INTEGER)";

/// The year's attributions (the lease signed from `$2` to `$1`).
const OF_THE_YEAR: &str = "a.date_bail >= $2 AND a.date_bail <= $1";

/// The dimensions of bilan.md, in the order of the JSON document.
pub const DIMENSIONS: [&str; 9] = [
    "age",
    "composition",
    "situation_logement",
    "sans_logement_propre",
    "mutation",
    "quartile",
    "priorite",
    "typologie",
    "commune",
];

/// The modality columns of the cube, in order: every dimension but the commune (counted by
/// the grouped statement).
pub const CUBE_DIMENSIONS: [&str; 8] = [
    DIMENSIONS[0],
    DIMENSIONS[1],
    DIMENSIONS[2],
    DIMENSIONS[3],
    DIMENSIONS[4],
    DIMENSIONS[5],
    DIMENSIONS[6],
    DIMENSIONS[7],
];

/// The applications that pass `filter`, one row each, with their modalities: the household is
/// read from `membres` in the same pass (grouped per application).
fn households(d: &Dialect, filter: &str) -> String {
    let birth_year = (d.year_of)("m.date_naissance");
    // The reference date is 31 December: everyone born by then has had this year's birthday.
    let age = format!("(CASE WHEN {birth_year} <= {YEAR} THEN {YEAR} - {birth_year} ELSE 0 END)");
    let homeless: Vec<String> = SituationLogement::ALL
        .iter()
        .filter(|s| s.sans_logement_propre())
        .map(|s| format!("'{}'", s.code()))
        .collect();
    let homeless = homeless.join(", ");
    let seniority = (d.days_between)(&(d.date_param)(1), "h.date_depot");
    let first_typology = (d.first_item)("h.typologies_souhaitees");
    let threshold = |q: &str| format!("(SELECT {q} FROM seuils WHERE annee = {YEAR})");
    // An empty household still counts as one consumption unit (10 tenths).
    let uc = "(CASE WHEN COALESCE(h.uc, 0) < 10 THEN 10 ELSE h.uc END)";
    let (q1, q2, q3) = (threshold("q1"), threshold("q2"), threshold("q3"));
    format!(
        "SELECT h.numero_unique, {seniority} AS anciennete,
        CASE WHEN h.age_titulaire IS NULL THEN NULL
             WHEN h.age_titulaire < 25 THEN 'moins_25'
             WHEN h.age_titulaire < 35 THEN '25_34'
             WHEN h.age_titulaire < 50 THEN '35_49'
             WHEN h.age_titulaire < 65 THEN '50_64'
             ELSE '65_plus' END AS age,
        CASE WHEN h.n = 1 THEN 'personne_seule'
             WHEN h.autres > 0 THEN 'autre'
             WHEN h.cotitulaires > 0 AND h.enfants > 0 THEN 'couple_avec_enfants'
             WHEN h.cotitulaires > 0 THEN 'couple_sans_enfant'
             WHEN h.enfants > 0 THEN 'famille_monoparentale'
             ELSE 'autre' END AS composition,
        h.situation_logement AS situation,
        CASE WHEN h.situation_logement IN ({homeless}) THEN 'oui' ELSE 'non' END AS sans_logement_propre,
        CASE WHEN h.situation_logement = 'locataire_hlm' THEN 'oui' ELSE 'non' END AS mutation,
        CASE WHEN {q1} IS NULL THEN NULL
             WHEN h.ressources_mensuelles * 120 < {q1} * {uc} THEN '1'
             WHEN h.ressources_mensuelles * 120 < {q2} * {uc} THEN '2'
             WHEN h.ressources_mensuelles * 120 < {q3} * {uc} THEN '3'
             ELSE '4' END AS quartile,
        CASE WHEN h.prioritaire = 1 THEN 'oui' ELSE 'non' END AS priorite,
        CASE WHEN h.typologies_souhaitees = '' THEN 'non_renseignee' ELSE {first_typology} END AS typologie
    FROM (
        SELECT d.numero_unique, d.date_depot, d.situation_logement, d.ressources_mensuelles,
            d.typologies_souhaitees, CASE WHEN {PRIORITY} THEN 1 ELSE 0 END AS prioritaire,
            COUNT(m.rang) AS n,
            SUM(CASE WHEN m.lien = 'cotitulaire' THEN 1 ELSE 0 END) AS cotitulaires,
            SUM(CASE WHEN m.lien = 'enfant' THEN 1 ELSE 0 END) AS enfants,
            SUM(CASE WHEN m.lien = 'autre' THEN 1 ELSE 0 END) AS autres,
            SUM(CASE WHEN m.lien = 'titulaire' THEN 10 WHEN {age} >= 14 THEN 5 WHEN m.rang IS NULL THEN 0 ELSE 3 END) AS uc,
            MAX(CASE WHEN m.lien = 'titulaire' THEN {age} END) AS age_titulaire
        FROM demandes d LEFT JOIN membres m ON m.numero_unique = d.numero_unique
        WHERE {filter}
        GROUP BY d.numero_unique
    ) h"
    )
}

/// The columns the cube groups by (the modalities, then whether an attribution is in a QPV
/// and an ANRU rehousing).
const CUBE_KEY: &str = "dem, age, composition, situation, sans_logement_propre, mutation, quartile, priorite, typologie, en_qpv, anru";

fn cube(d: &Dialect) -> String {
    let active = households(d, ACTIVE);
    let allocated = households(
        d,
        &format!(
            "d.numero_unique IN (SELECT a.numero_unique FROM attributions a WHERE {OF_THE_YEAR})"
        ),
    );
    format!(
        "SELECT CAST(dem AS BIGINT), age, composition, situation, sans_logement_propre, mutation,
    quartile, priorite, typologie, CAST(en_qpv AS BIGINT), CAST(anru AS BIGINT),
    CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(anciennete), 0) AS BIGINT) FROM (
    SELECT 1 AS dem, age, composition, situation, sans_logement_propre, mutation, quartile,
        priorite, typologie, 0 AS en_qpv, 0 AS anru, anciennete
    FROM ({active}) f1
    UNION ALL
    SELECT 0, h.age, h.composition, h.situation, h.sans_logement_propre, h.mutation, h.quartile,
        h.priorite, a.typologie,
        CASE WHEN a.qpv IS NULL OR a.qpv = '' THEN 0 ELSE 1 END,
        CASE WHEN a.relogement_anru = TRUE THEN 1 ELSE 0 END, 0
    FROM attributions a LEFT JOIN ({allocated}) h ON h.numero_unique = a.numero_unique
    WHERE {OF_THE_YEAR}
) f GROUP BY {CUBE_KEY}"
    )
}

fn grouped(d: &Dialect) -> String {
    let delay = (d.days_between)("a.date_bail", "d.date_depot");
    let first_commune = (d.first_item)("d.communes_souhaitees");
    let (jan1, dec31) = ((d.date_param)(2), (d.date_param)(1));
    let year_of_filing = format!("d.date_depot >= {jan1} AND d.date_depot <= {dec31}");
    let year_of_closing = format!("d.date_radiation >= {jan1} AND d.date_radiation <= {dec31}");
    format!(
        "SELECT 'commune' AS kind, commune AS k, CAST(SUM(dem) AS BIGINT) AS n1, CAST(SUM(att) AS BIGINT) AS n2 FROM (
    SELECT {first_commune} AS commune, 1 AS dem, 0 AS att FROM demandes d WHERE {ACTIVE}
    UNION ALL
    SELECT a.commune, 0, 1 FROM attributions a WHERE {OF_THE_YEAR}
) c GROUP BY commune
UNION ALL
SELECT 'reservataire', a.reservataire, CAST(COUNT(*) AS BIGINT),
    CAST(SUM(CASE WHEN d.numero_unique IS NOT NULL AND {PRIORITY} THEN 1 ELSE 0 END) AS BIGINT)
FROM attributions a LEFT JOIN demandes d ON d.numero_unique = a.numero_unique
WHERE {OF_THE_YEAR} GROUP BY a.reservataire
UNION ALL
SELECT 'delai_median', '', CAST(SUM(delai) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM (
    SELECT delai, ROW_NUMBER() OVER (ORDER BY delai) AS rang, COUNT(*) OVER () AS total FROM (
        SELECT {delay} AS delai FROM attributions a
        JOIN demandes d ON d.numero_unique = a.numero_unique WHERE {OF_THE_YEAR}
    ) x
) y WHERE rang = (total + 1) / 2 OR rang = (total + 2) / 2
UNION ALL
SELECT 'demandes', '',
    CAST(COALESCE(SUM(CASE WHEN {year_of_filing} THEN 1 ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN d.statut = 'attribuee' AND {year_of_closing} THEN 1 ELSE 0 END), 0) AS BIGINT)
FROM demandes d
UNION ALL
SELECT 'seuils', '', CAST(COUNT(*) AS BIGINT), 0 FROM seuils WHERE annee = {YEAR}"
    )
}

/// The two statements of a dialect.
pub struct Queries {
    /// Rows of [`CubeRow`](super::CubeRow): parameters `$1`, `$2`, `$3`.
    pub cube: String,
    /// Rows of [`GroupedRow`](super::GroupedRow): parameters `$1`, `$2`, `$3`.
    pub grouped: String,
}

impl Queries {
    pub fn new(dialect: &Dialect) -> Self {
        Queries { cube: cube(dialect), grouped: grouped(dialect) }
    }
}

/// The first and last days of `year`, the statements' `$2` and `$1`.
pub fn year_bounds(year: i32) -> crate::Result<(Date, Date)> {
    let day = |month, day| {
        Date::from_calendar_date(year, month, day)
            .map_err(|e| StoreError::Database(format!("année {year} : {e}")))
    };
    Ok((day(Month::January, 1)?, day(Month::December, 31)?))
}
