//! The SQL of a year's counts, written once for both dialects. Parameters: `$1` the reference
//! date (31 December), `$2` the first day of the year, `$3` the year.
//!
//! Derived values follow the definitions of formats.md, written again in SQL on purpose so that
//! this computation owes nothing to the Rust one it is checked against. Both statements read
//! the bilan's projections of the applications and attributions (`demandes_bilan`,
//! `attributions_bilan`, see [`super::projection`]) and join nothing.
//! The *cube* counts the year's facts (one per application active at `$1`, one per
//! attribution of the year, each with the modalities of its application) by combination of
//! modalities, packed in one integer while counting and unpacked into codes at the end; the
//! *grouped* statement counts communes, the median delay (and the delays by commune), new and
//! satisfied applications. The cube counts the attributions by their delay too, for the
//! median delay of each modality.

use super::projection::{self, COMPOSITIONS, TYPOLOGIES, code_at};
use crate::StoreError;
use logis_domain::{AgeBand, Composition, Date, SituationLogement, Typologie};
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
    /// The year of a date column as 4-digit text.
    pub year_text: fn(&str) -> String,
    /// The aggregate that concatenates a text expression's values in ascending order (nulls
    /// skipped).
    pub concat: fn(&str) -> String,
    /// The clause that keeps a subquery from being merged into the query around it, so that
    /// a value it computes once is not computed again at each use.
    pub keep_subquery: &'static str,
    /// The conditions on the projection `r` that cut the cube's scan of the applications
    /// into statements, each for a core of its own (none where the database runs one
    /// statement on several cores itself).
    pub cube_parts: &'static [&'static str],
}

/// Active at `$1`.
const ACTIVE: &str = "(r.date_depot <= $1 AND (r.statut = 'active' OR r.date_radiation > $1))";

/// The year, as an integer in both dialects.
const YEAR: &str = "CAST($3 AS INTEGER)";

/// The year's attributions (the lease signed from `$2` to `$1`).
const OF_THE_YEAR: &str = "r.date_bail >= $2 AND r.date_bail <= $1";

/// The values of the yearly modalities packed with `profil` in a key: the age band (0 when
/// the household has no titulaire, then the bands from 1) and the quartile (0 without the
/// year's thresholds, then 1 to 4).
const AGES: usize = AgeBand::ALL.len() + 1;
const QUARTILES: usize = 5;

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

/// One row per row of `source` (which names the projection `r`) that passes `filter`: the
/// `extra` columns, the application's key (profil, age band and quartile packed; null without
/// an application) and its seniority at `$1` in days.
fn keyed(d: &Dialect, source: &str, filter: &str, extra: &str, slots: i64) -> String {
    let threshold = |q: &str| format!("(SELECT {q} FROM seuils WHERE annee = {YEAR})");
    let (q1, q2, q3) = (threshold("q1"), threshold("q2"), threshold("q3"));
    let aged_14 = projection::members_aged_14("r.naissances_autres", slots);
    // The reference date is 31 December: everyone born by then has had this year's birthday
    // (someone born later counts as 0).
    let age = format!("(CASE WHEN x.t <= {YEAR} THEN {YEAR} - x.t ELSE 0 END)");
    let seniority = (d.days_between)(&(d.date_param)(1), "x.date_depot");
    let keep = d.keep_subquery;
    // In tenths; a household without members still counts as one unit.
    let uc = "(CASE WHEN x.uc < 10 THEN 10 ELSE x.uc END)";
    format!(
        "SELECT x.*, (x.profil * {AGES} + CASE WHEN x.t IS NULL THEN 0
            WHEN {age} < 25 THEN 1 WHEN {age} < 35 THEN 2 WHEN {age} < 50 THEN 3
            WHEN {age} < 65 THEN 4 ELSE 5 END) * {QUARTILES} + CASE WHEN {q1} IS NULL THEN 0
            WHEN x.ressources * 120 < {q1} * {uc} THEN 1
            WHEN x.ressources * 120 < {q2} * {uc} THEN 2
            WHEN x.ressources * 120 < {q3} * {uc} THEN 3 ELSE 4 END AS cle,
        {seniority} AS jours
    FROM (
        SELECT {extra}r.profil, r.naissance_titulaire AS t, r.ressources, r.date_depot,
            r.uc_base + 2 * {aged_14} AS uc
        FROM {source} WHERE {filter} {keep}
    ) x"
    )
}

/// The modality codes of a key `c.cle`, in the order of [`CUBE_DIMENSIONS`] but the
/// typology (null codes when the key is null: an attribution without its application).
fn unpacked() -> Vec<String> {
    let (t, k) = (TYPOLOGIES, COMPOSITIONS);
    let profil = format!("(c.cle / {})", AGES * QUARTILES);
    let situation = format!("({profil} / {})", t * 2 * k);
    let homeless: Vec<String> = SituationLogement::ALL
        .iter()
        .enumerate()
        .filter(|(_, s)| s.sans_logement_propre())
        .map(|(i, _)| i.to_string())
        .collect();
    let hlm = SituationLogement::ALL.iter().position(|s| *s == SituationLogement::LocataireHlm);
    let hlm = hlm.expect("locataire_hlm is a housing situation");
    let yes_no = |condition: String| {
        format!("(CASE WHEN c.cle IS NULL THEN NULL WHEN {condition} THEN 'oui' ELSE 'non' END)")
    };
    vec![
        code_at::<AgeBand>(&format!("((c.cle / {QUARTILES}) % {AGES})"), 1),
        code_at::<Composition>(&format!("(({profil} / {}) % {k})", t * 2), 0),
        code_at::<SituationLogement>(&situation, 0),
        yes_no(format!("{situation} IN ({})", homeless.join(", "))),
        yes_no(format!("{situation} = {hlm}")),
        format!(
            "(CASE c.cle % {QUARTILES} WHEN 1 THEN '1' WHEN 2 THEN '2' WHEN 3 THEN '3' WHEN 4 THEN '4' END)"
        ),
        format!("(CASE ({profil} / {t}) % 2 WHEN 0 THEN 'non' WHEN 1 THEN 'oui' END)"),
    ]
}

/// The desired typology of a key's application (`non_renseignee` when none).
fn typology_of_key() -> String {
    let profil = format!("(c.cle / {})", AGES * QUARTILES);
    let code = code_at::<Typologie>(&format!("({profil} % {})", TYPOLOGIES), 1);
    format!("COALESCE({code}, 'non_renseignee')")
}

/// A part of the cube: the active applications that pass `part` (all without one), and the
/// attributions when `first`.
fn cube(d: &Dialect, slots: i64, part: Option<&str>, first: bool) -> String {
    let filter = match part {
        Some(part) => format!("{ACTIVE} AND {part}"),
        None => ACTIVE.to_owned(),
    };
    let active = keyed(d, "demandes_bilan r", &filter, "", slots);
    // The days from filing to lease; −1 for an attribution without its application.
    let delay = format!(
        "CASE WHEN r.profil IS NULL THEN -1 ELSE {} END AS delai, ",
        (d.days_between)("r.date_bail", "r.date_depot")
    );
    let allocated = keyed(
        d,
        "attributions_bilan r",
        OF_THE_YEAR,
        &format!("r.typologie, r.en_qpv, r.anru, r.reservataire, {delay}"),
        slots,
    );
    let codes = unpacked().join(",\n    ");
    let typology = typology_of_key();
    let attributions = if !first {
        String::new()
    } else {
        format!(
            "UNION ALL
    SELECT 0, k.cle, k.typologie, k.en_qpv, k.anru, k.reservataire, COUNT(*), k.delai
    FROM ({allocated}) k GROUP BY k.cle, k.typologie, k.en_qpv, k.anru, k.reservataire, k.delai"
        )
    };
    format!(
        "SELECT CAST(c.dem AS BIGINT),
    {codes},
    CASE WHEN c.dem = 1 THEN {typology} ELSE c.typologie END,
    CAST(c.en_qpv AS BIGINT), CAST(c.anru AS BIGINT), c.reservataire, CAST(c.n AS BIGINT),
    CAST(c.jours AS BIGINT)
FROM (
    SELECT 1 AS dem, k.cle, NULL AS typologie, 0 AS en_qpv, 0 AS anru, NULL AS reservataire,
        COUNT(*) AS n, COALESCE(SUM(k.jours), 0) AS jours
    FROM ({active}) k GROUP BY k.cle
    {attributions}
) c"
    )
}

fn grouped(d: &Dialect) -> String {
    let delay = (d.days_between)("r.date_bail", "r.date_depot");
    let (jan1, dec31) = ((d.date_param)(2), (d.date_param)(1));
    let year_of_filing = format!("r.date_depot >= {jan1} AND r.date_depot <= {dec31}");
    let year_of_closing = format!("r.date_radiation >= {jan1} AND r.date_radiation <= {dec31}");
    format!(
        "SELECT 'commune' AS kind, commune AS k, CAST(SUM(dem) AS BIGINT) AS n1, CAST(SUM(att) AS BIGINT) AS n2 FROM (
    SELECT r.commune, 1 AS dem, 0 AS att FROM demandes_bilan r WHERE {ACTIVE}
    UNION ALL
    SELECT r.commune, 0, 1 FROM attributions_bilan r WHERE {OF_THE_YEAR}
) c GROUP BY commune
UNION ALL
SELECT 'delai_median', '', CAST(SUM(delai) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM (
    SELECT delai, ROW_NUMBER() OVER (ORDER BY delai) AS rang, COUNT(*) OVER () AS total FROM (
        SELECT {delay} AS delai FROM attributions_bilan r
        WHERE {OF_THE_YEAR} AND r.profil IS NOT NULL
    ) x
) y WHERE rang = (total + 1) / 2 OR rang = (total + 2) / 2
UNION ALL
SELECT 'delai_commune', r.commune, CAST({delay} AS BIGINT), CAST(COUNT(*) AS BIGINT)
FROM attributions_bilan r WHERE {OF_THE_YEAR} AND r.profil IS NOT NULL GROUP BY r.commune, {delay}
UNION ALL
SELECT 'demandes', '',
    CAST(COALESCE(SUM(CASE WHEN {year_of_filing} THEN 1 ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN r.statut = 'attribuee' AND {year_of_closing} THEN 1 ELSE 0 END), 0) AS BIGINT)
FROM demandes_bilan r
UNION ALL
SELECT 'seuils', '', CAST(COUNT(*) AS BIGINT), 0 FROM seuils WHERE annee = {YEAR}"
    )
}

/// The parts of the cube, rows of [`CubeRow`](super::CubeRow), parameters `$1`, `$2`, `$3`;
/// `slots`: the largest number of other members in a household
/// ([`MOST_OTHER_MEMBERS`](super::projection::MOST_OTHER_MEMBERS)).
pub fn cube_statements(dialect: &Dialect, slots: i64) -> Vec<String> {
    if dialect.cube_parts.is_empty() {
        return vec![cube(dialect, slots, None, true)];
    }
    let parts = dialect.cube_parts.iter().enumerate();
    parts.map(|(k, part)| cube(dialect, slots, Some(part), k == 0)).collect()
}

/// The grouped statement, rows of [`GroupedRow`](super::GroupedRow), parameters `$1`, `$2`,
/// `$3`.
pub fn grouped_statement(dialect: &Dialect) -> String {
    grouped(dialect)
}

/// The first and last days of `year`, the statements' `$2` and `$1`.
pub fn year_bounds(year: i32) -> crate::Result<(Date, Date)> {
    let day = |month, day| {
        Date::from_calendar_date(year, month, day)
            .map_err(|e| StoreError::other(format!("année {year} : {e}")))
    };
    Ok((day(Month::January, 1)?, day(Month::December, 31)?))
}
