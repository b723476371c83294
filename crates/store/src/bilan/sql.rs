//! The SQL of a year's counts, written once for both dialects. Parameters: `$1` the reference
//! date (31 December), `$2` the first day of the year, `$3` the year.
//!
//! Derived values follow the definitions of formats.md, written again in SQL on purpose so that
//! this computation owes nothing to the Rust one it is checked against. Two statements: one
//! scan of the year's facts (one row per active application and per attribution, with its
//! modalities) summing every count of a known code at once, and one of grouped counts
//! (communes, reservation holders, the median delay, new and satisfied applications).

use super::counts::BilanCounts;
use logis_domain::{AgeBand, CodeList, Composition, Date, SituationLogement, Typologie};
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

/// Which count a column of the wide statement holds.
#[derive(Debug, Clone)]
enum Measure {
    Actives,
    Attributions,
    Anciennete,
    Seuils,
    Segment { dimension: &'static str, code: String, attribution: bool },
    PopulationTotal { population: &'static str, attribution: bool },
    PopulationModality { population: &'static str, dimension: &'static str, code: String },
    HorsQpv,
    Q1HorsQpv,
    EnQpv,
    Q234EnQpv,
    Prioritaires,
}

/// A row of the grouped statement: kind, key, two counts (null over no rows).
pub type GroupedRow = (String, String, Option<i64>, Option<i64>);

/// The two statements of a dialect, and how to read their answers.
pub struct Queries {
    /// One row: a count per [`Measure`].
    pub wide: String,
    measures: Vec<Measure>,
    /// Rows of (kind, key, n1, n2).
    pub grouped: String,
}

/// Priority household: DALO or at least one priority criterion.
const PRIORITY: &str = "(d.dalo = TRUE OR d.criteres_prioritaires <> '')";

/// Active at `$1`.
const ACTIVE: &str = "(d.date_depot <= $1 AND (d.statut = 'active' OR d.date_radiation > $1))";

/// The year, as an integer in both dialects.
const YEAR: &str = "CAST($3 AS INTEGER)";

/// The year's attributions (the lease signed from `$2` to `$1`).
const OF_THE_YEAR: &str = "a.date_bail >= $2 AND a.date_bail <= $1";

fn codes<T: CodeList>() -> Vec<String> {
    T::all().iter().map(|v| v.code().to_owned()).collect()
}

fn yes_no() -> Vec<String> {
    vec!["oui".into(), "non".into()]
}

/// The dimensions summed in the wide statement: name, column of the facts, codes.
fn dimensions() -> Vec<(&'static str, &'static str, Vec<String>)> {
    let mut typologies = codes::<Typologie>();
    typologies.push("non_renseignee".into());
    vec![
        ("age", "age", codes::<AgeBand>()),
        ("composition", "composition", codes::<Composition>()),
        ("situation_logement", "situation", codes::<SituationLogement>()),
        ("sans_logement_propre", "sans_logement_propre", yes_no()),
        ("mutation", "mutation", yes_no()),
        ("quartile", "quartile", ["1", "2", "3", "4"].map(String::from).to_vec()),
        ("priorite", "priorite", yes_no()),
        ("typologie", "typologie", typologies),
    ]
}

fn quoted(list: impl Iterator<Item = String>) -> String {
    list.map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
}

/// The year's facts `f`: one row per application active at `$1` (`dem` = 1) and per attribution
/// of the year (`att` = 1), with the modalities of its application (null when it has none).
fn facts(d: &Dialect) -> String {
    let r = (d.date_param)(1);
    let birth_year = (d.year_of)("m.date_naissance");
    // The reference date is 31 December: everyone born by then has had this year's birthday.
    let age = format!("(CASE WHEN {birth_year} <= {YEAR} THEN {YEAR} - {birth_year} ELSE 0 END)");
    // An empty household still counts as one consumption unit (10 tenths).
    let uc = "(CASE WHEN COALESCE(h.uc, 0) < 10 THEN 10 ELSE h.uc END)";
    let year = YEAR;
    let homeless = quoted(
        SituationLogement::ALL
            .iter()
            .filter(|s| s.sans_logement_propre())
            .map(|s| s.code().to_owned()),
    );
    let seniority = (d.days_between)(&r, "d.date_depot");
    let first_typology = (d.first_item)("d.typologies_souhaitees");
    format!(
        "WITH sel AS (
    SELECT d.*, CASE WHEN {ACTIVE} THEN 1 ELSE 0 END AS active FROM demandes d
    WHERE {ACTIVE} OR d.numero_unique IN (SELECT a.numero_unique FROM attributions a WHERE {OF_THE_YEAR})
), hh AS (
    SELECT m.numero_unique, COUNT(*) AS n,
        SUM(CASE WHEN m.lien = 'cotitulaire' THEN 1 ELSE 0 END) AS cotitulaires,
        SUM(CASE WHEN m.lien = 'enfant' THEN 1 ELSE 0 END) AS enfants,
        SUM(CASE WHEN m.lien = 'autre' THEN 1 ELSE 0 END) AS autres,
        SUM(CASE WHEN m.lien = 'titulaire' THEN 10 WHEN {age} >= 14 THEN 5 ELSE 3 END) AS uc,
        MAX(CASE WHEN m.lien = 'titulaire' THEN {age} END) AS age_titulaire
    FROM membres m WHERE m.numero_unique IN (SELECT numero_unique FROM sel)
    GROUP BY m.numero_unique
), p AS (
    SELECT d.numero_unique, d.active, {seniority} AS anciennete,
        d.situation_logement AS situation,
        CASE WHEN d.situation_logement IN ({homeless}) THEN 'oui' ELSE 'non' END AS sans_logement_propre,
        CASE WHEN d.situation_logement = 'locataire_hlm' THEN 'oui' ELSE 'non' END AS mutation,
        CASE WHEN {PRIORITY} THEN 'oui' ELSE 'non' END AS priorite,
        CASE WHEN d.typologies_souhaitees = '' THEN 'non_renseignee' ELSE {first_typology} END AS typologie,
        CASE WHEN COALESCE(h.n, 0) = 1 THEN 'personne_seule'
             WHEN h.autres > 0 THEN 'autre'
             WHEN h.cotitulaires > 0 AND h.enfants > 0 THEN 'couple_avec_enfants'
             WHEN h.cotitulaires > 0 THEN 'couple_sans_enfant'
             WHEN h.enfants > 0 THEN 'famille_monoparentale'
             ELSE 'autre' END AS composition,
        CASE WHEN h.age_titulaire IS NULL THEN NULL
             WHEN h.age_titulaire < 25 THEN 'moins_25'
             WHEN h.age_titulaire < 35 THEN '25_34'
             WHEN h.age_titulaire < 50 THEN '35_49'
             WHEN h.age_titulaire < 65 THEN '50_64'
             ELSE '65_plus' END AS age,
        CASE WHEN q.annee IS NULL THEN NULL
             WHEN d.ressources_mensuelles * 120 < q.q1 * {uc} THEN '1'
             WHEN d.ressources_mensuelles * 120 < q.q2 * {uc} THEN '2'
             WHEN d.ressources_mensuelles * 120 < q.q3 * {uc} THEN '3'
             ELSE '4' END AS quartile
    FROM sel d
    LEFT JOIN hh h ON h.numero_unique = d.numero_unique
    LEFT JOIN seuils q ON q.annee = {year}
), f AS (
    SELECT 1 AS dem, 0 AS att, age, composition, situation, sans_logement_propre, mutation,
        quartile, priorite, typologie, anciennete, 0 AS en_qpv, 0 AS anru
    FROM p WHERE active = 1
    UNION ALL
    SELECT 0, 1, p.age, p.composition, p.situation, p.sans_logement_propre, p.mutation,
        p.quartile, p.priorite, a.typologie, 0,
        CASE WHEN a.qpv IS NULL OR a.qpv = '' THEN 0 ELSE 1 END,
        CASE WHEN a.relogement_anru = TRUE THEN 1 ELSE 0 END
    FROM attributions a LEFT JOIN p ON p.numero_unique = a.numero_unique
    WHERE {OF_THE_YEAR}
)"
    )
}

/// The populations of the profiles and who belongs to them (an attribution belongs through its
/// application: one without an application belongs to none).
const POPULATIONS: [(&str, &str); 3] = [
    ("ensemble", "situation IS NOT NULL"),
    ("bas_revenus", "quartile = '1'"),
    ("mutation", "mutation = 'oui'"),
];

/// Dimensions of the profiles.
const PROFILE_DIMENSIONS: [&str; 3] = ["age", "composition", "situation_logement"];

fn wide_measures() -> Vec<(Measure, String)> {
    use Measure::*;
    let sum = |condition: &str| format!("SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)");
    let mut list = vec![
        (Actives, "SUM(dem)".to_owned()),
        (Attributions, "SUM(att)".to_owned()),
        (Anciennete, "SUM(CASE WHEN dem = 1 THEN anciennete ELSE 0 END)".to_owned()),
        (Seuils, format!("(SELECT COUNT(*) FROM seuils WHERE annee = {YEAR})")),
        (HorsQpv, sum("att = 1 AND en_qpv = 0")),
        (Q1HorsQpv, sum("att = 1 AND en_qpv = 0 AND (anru = 1 OR quartile = '1')")),
        (EnQpv, sum("att = 1 AND en_qpv = 1")),
        (Q234EnQpv, sum("att = 1 AND en_qpv = 1 AND quartile IN ('2', '3', '4')")),
        (Prioritaires, sum("att = 1 AND priorite = 'oui'")),
    ];
    let columns = dimensions();
    for (dimension, column, codes) in &columns {
        for code in codes {
            for (attribution, side) in [(false, "dem"), (true, "att")] {
                let measure = Segment { dimension, code: code.clone(), attribution };
                list.push((measure, sum(&format!("{side} = 1 AND {column} = '{code}'"))));
            }
        }
    }
    for (population, condition) in POPULATIONS {
        for (attribution, side) in [(false, "dem"), (true, "att")] {
            let measure = PopulationTotal { population, attribution };
            list.push((measure, sum(&format!("{side} = 1 AND {condition}"))));
        }
        for (dimension, column, codes) in
            columns.iter().filter(|c| PROFILE_DIMENSIONS.contains(&c.0))
        {
            for code in codes {
                let measure = PopulationModality { population, dimension, code: code.clone() };
                list.push((
                    measure,
                    sum(&format!("dem = 1 AND {condition} AND {column} = '{code}'")),
                ));
            }
        }
    }
    list
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
FROM demandes d"
    )
}

/// The first and last days of `year`, the statements' `$2` and `$1`.
pub fn year_bounds(year: i32) -> crate::Result<(Date, Date)> {
    let day = |month, day| {
        Date::from_calendar_date(year, month, day)
            .map_err(|e| crate::StoreError::Database(format!("année {year} : {e}")))
    };
    Ok((day(Month::January, 1)?, day(Month::December, 31)?))
}

impl Queries {
    pub fn new(dialect: &Dialect) -> Self {
        let measures = wide_measures();
        let columns: Vec<String> =
            measures.iter().map(|(_, sql)| format!("CAST(COALESCE({sql}, 0) AS BIGINT)")).collect();
        let wide = format!("{}\nSELECT {} FROM f", facts(dialect), columns.join(",\n    "));
        Queries {
            wide,
            measures: measures.into_iter().map(|(m, _)| m).collect(),
            grouped: grouped(dialect),
        }
    }

    /// The counts, from the wide statement's row and the grouped statement's rows.
    pub fn counts(&self, wide: &[i64], grouped: &[GroupedRow]) -> BilanCounts {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        let mut c = BilanCounts::default();
        for (measure, &value) in self.measures.iter().zip(wide) {
            match measure {
                Measure::Actives => c.demandes_actives = n(value),
                Measure::Attributions => c.attributions = n(value),
                Measure::Anciennete => c.anciennete_jours = value,
                Measure::Seuils => c.seuils_disponibles = value > 0,
                Measure::HorsQpv => c.objectifs.hors_qpv = n(value),
                Measure::Q1HorsQpv => c.objectifs.q1_hors_qpv = n(value),
                Measure::EnQpv => c.objectifs.en_qpv = n(value),
                Measure::Q234EnQpv => c.objectifs.q234_en_qpv = n(value),
                Measure::Prioritaires => c.objectifs.prioritaires = n(value),
                Measure::Segment { dimension, code, attribution } => {
                    let (dem, att) = if *attribution { (0, n(value)) } else { (n(value), 0) };
                    c.add_segment(dimension, code, dem, att);
                }
                Measure::PopulationTotal { population, attribution } => {
                    let p = c.population(population);
                    if *attribution { p.attributions = n(value) } else { p.demandes = n(value) }
                }
                Measure::PopulationModality { population, dimension, code } => {
                    c.population(population).add_modality(dimension, code, n(value));
                }
            }
        }
        c.demandes_mutation =
            c.segments.get("mutation").and_then(|m| m.get("oui")).map_or(0, |m| m.demandes);
        for (kind, key, n1, n2) in grouped {
            let (n1, n2) = (&n1.unwrap_or(0), &n2.unwrap_or(0));
            match kind.as_str() {
                "commune" => c.add_segment("commune", key, n(*n1), n(*n2)),
                "reservataire" => {
                    c.objectifs.par_reservataire.insert(key.clone(), (n(*n1), n(*n2)));
                }
                "delai_median" if *n2 > 0 => c.delai_median_jours = Some(*n1 as f64 / *n2 as f64),
                "demandes" => {
                    c.demandes_nouvelles = n(*n1);
                    c.demandes_satisfaites = n(*n2);
                }
                _ => {}
            }
        }
        c
    }
}
