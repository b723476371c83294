//! The bilan's projection of the applications (`demandes_bilan`): one narrow row per
//! application, derived by SQL from `demandes` and `membres` (by a partial import for the
//! applications it writes, wholly after an import that loads them all), so that a year's
//! counts scan 2.7 million short rows instead of grouping ten million members each time.
//!
//! A row holds what does not depend on the year, with its modalities packed in one integer
//! (`profil`: situation, composition, priority, first desired typology), and what the yearly
//! modalities need: the titulaire's birth year, resources, the consumption units of the
//! household without the yearly part (`uc_base`, tenths: 10 for the titulaire, 3 for anyone
//! else) and the birth years of the other members as 4-digit years written one after the
//! other, oldest first (`naissances_autres`), from which a query counts the members
//! aged 14 or more on 31 December of any year (each adds 2 tenths).
//!
//! The attributions have theirs (`attributions_bilan`): each attribution with what the bilan
//! reads of it and the projection of its application (null columns when the application is
//! not in the data), so that a year's counts join nothing.

use super::sql::Dialect;
use crate::Table;
use logis_domain::codes::CodeList;
use logis_domain::{Composition, SituationLogement, Typologie};

/// Priority household: DALO or at least one priority criterion.
const PRIORITY: &str = "(d.dalo = TRUE OR d.criteres_prioritaires <> '')";

/// Whether the projections read `table`: they are rebuilt when an import writes it.
pub fn reads(table: Table) -> bool {
    matches!(table, Table::Demandes | Table::Membres | Table::Attributions)
}

/// `CASE {expr} WHEN '{code}' THEN {offset + i} … END`: a code's index in its list.
fn index_of<T: CodeList>(expr: &str, offset: usize) -> String {
    let arms: Vec<String> = T::all()
        .iter()
        .enumerate()
        .map(|(i, v)| format!("WHEN '{}' THEN {}", v.code(), offset + i))
        .collect();
    format!("(CASE {expr} {} END)", arms.join(" "))
}

/// `CASE {index} WHEN {offset + i} THEN '{code}' … END`: the code at an index of its list.
pub(super) fn code_at<T: CodeList>(index: &str, offset: usize) -> String {
    let arms: Vec<String> = T::all()
        .iter()
        .enumerate()
        .map(|(i, v)| format!("WHEN {} THEN '{}'", offset + i, v.code()))
        .collect();
    format!("(CASE {index} {} END)", arms.join(" "))
}

/// How many values `profil` packs for the typology (0 when none is desired, then the code
/// list from 1) and for the composition; the priority takes two, the situation the quotient.
pub(super) const TYPOLOGIES: usize = Typologie::ALL.len() + 1;
pub(super) const COMPOSITIONS: usize = Composition::ALL.len();

/// The household's composition from its counts (no members at all: `autre`).
fn composition() -> String {
    let code = |c: Composition| format!("'{}'", c.code());
    let expr = format!(
        "CASE WHEN h.n = 1 THEN {} WHEN h.autres > 0 THEN {} \
         WHEN h.cotitulaires > 0 AND h.enfants > 0 THEN {} WHEN h.cotitulaires > 0 THEN {} \
         WHEN h.enfants > 0 THEN {} ELSE {} END",
        code(Composition::PersonneSeule),
        code(Composition::Autre),
        code(Composition::CoupleAvecEnfants),
        code(Composition::CoupleSansEnfant),
        code(Composition::FamilleMonoparentale),
        code(Composition::Autre),
    );
    index_of::<Composition>(&expr, 0)
}

/// `profil`: ((situation × compositions + composition) × 2 + priority) × typologies + typology.
fn profil(d: &Dialect) -> String {
    let situation = index_of::<SituationLogement>("d.situation_logement", 0);
    let typology = format!(
        "COALESCE({}, 0)",
        index_of::<Typologie>(&(d.first_item)("d.typologies_souhaitees"), 1)
    );
    format!(
        "((({situation} * {}) + {}) * 2 + CASE WHEN {PRIORITY} THEN 1 ELSE 0 END) * {} + {typology}",
        COMPOSITIONS,
        composition(),
        TYPOLOGIES,
    )
}

/// The projection of every application whose number passes `scope` (a condition on `d`, the
/// application, and `m`, its members), into the table `target`.
fn insert(d: &Dialect, target: &str, scope_d: &str, scope_m: &str) -> String {
    let year = (d.year_text)("m.date_naissance");
    let others = (d.concat)(&format!("CASE WHEN m.lien <> 'titulaire' THEN {year} END"));
    let count = |link: &str| format!("SUM(CASE WHEN m.lien = '{link}' THEN 1 ELSE 0 END)");
    let titulaire_year = (d.year_of)("h.naissance_titulaire");
    format!(
        "INSERT INTO {target} (numero_unique, date_depot, statut, date_radiation, profil,
    prioritaire, commune, ressources, naissance_titulaire, uc_base, naissances_autres)
SELECT d.numero_unique, d.date_depot, d.statut, d.date_radiation, {profil},
    CASE WHEN {PRIORITY} THEN 1 ELSE 0 END, {commune}, d.ressources_mensuelles,
    {titulaire_year}, COALESCE(h.uc_base, 0), COALESCE(h.naissances_autres, '')
FROM demandes d LEFT JOIN (
    SELECT m.numero_unique, COUNT(*) AS n, {cotitulaires} AS cotitulaires,
        {enfants} AS enfants, {autres} AS autres,
        MAX(CASE WHEN m.lien = 'titulaire' THEN m.date_naissance END) AS naissance_titulaire,
        SUM(CASE WHEN m.lien = 'titulaire' THEN 10 ELSE 3 END) AS uc_base,
        COALESCE({others}, '') AS naissances_autres
    FROM membres m WHERE {scope_m} GROUP BY m.numero_unique
) h ON h.numero_unique = d.numero_unique
WHERE {scope_d}",
        profil = profil(d),
        commune = (d.first_item)("d.communes_souhaitees"),
        cotitulaires = count("cotitulaire"),
        enfants = count("enfant"),
        autres = count("autre"),
    )
}

/// The statement that fills `target`, the emptied projection of the applications (or a table
/// shaped like it), with every one.
pub fn fill_all(d: &Dialect, target: &str) -> String {
    insert(d, target, "1 = 1", "1 = 1")
}

/// The statement that fills `target`, the emptied projection of the attributions (or a table
/// shaped like it), from the attributions `attributions` and the projection of the
/// applications `applications`.
pub fn fill_attributions(target: &str, applications: &str, attributions: &str) -> String {
    format!(
        "INSERT INTO {target} (date_bail, commune, typologie,
    en_qpv, anru, reservataire, bailleur, profil, prioritaire, date_depot, ressources,
    naissance_titulaire, uc_base, naissances_autres)
SELECT a.date_bail, a.commune, a.typologie, CASE WHEN a.qpv IS NULL OR a.qpv = '' THEN 0 ELSE 1 END,
    CASE WHEN a.relogement_anru = TRUE THEN 1 ELSE 0 END, a.reservataire, a.bailleur,
    r.profil, r.prioritaire, r.date_depot, r.ressources, r.naissance_titulaire, r.uc_base,
    r.naissances_autres
FROM {attributions} a LEFT JOIN {applications} r ON r.numero_unique = a.numero_unique"
    )
}

/// Whether the projections wait for a whole rebuild (`a_refaire` = 1): an import that loaded
/// applications or members as a whole without writing their projection as it read them only
/// marks them, and they are rebuilt after its commit ([`crate::Store::prepare_bilan`]; about a
/// minute nationally).
pub const IS_STALE: &str = "SELECT CAST(a_refaire AS BIGINT) FROM projections_bilan";
pub const MARK_STALE: &str = "UPDATE projections_bilan SET a_refaire = 1";
pub const MARK_FRESH: &str = "UPDATE projections_bilan SET a_refaire = 0";

/// The statements that rebuild the projection of the applications listed in `changed` (a
/// table with a `numero_unique` column), run once their rows and members are written.
/// The statements that project again the application `$1` (one saved from a form).
pub fn rebuild_one(d: &Dialect) -> [String; 2] {
    [
        "DELETE FROM demandes_bilan WHERE numero_unique = $1".to_owned(),
        insert(d, "demandes_bilan", "d.numero_unique = $1", "m.numero_unique = $1"),
    ]
}

/// The statements that project the attributions again, whole (they carry no application's
/// number to rebuild them one by one).
pub fn rebuild_attributions() -> [String; 2] {
    [
        "DELETE FROM attributions_bilan".to_owned(),
        fill_attributions("attributions_bilan", "demandes_bilan", "attributions"),
    ]
}

fn rebuild_changed(d: &Dialect, changed: &str) -> [String; 2] {
    let listed =
        |alias: &str| format!("{alias}.numero_unique IN (SELECT numero_unique FROM {changed})");
    [
        format!(
            "DELETE FROM demandes_bilan WHERE numero_unique IN (SELECT numero_unique FROM {changed})"
        ),
        insert(d, "demandes_bilan", &listed("d"), &listed("m")),
    ]
}

/// Where an import's projection statements read: the table listing the applications it wrote
/// (a `numero_unique` column), the attributions as they will be after its commit (their
/// shadow when it loads them whole), and the projection of every application when the import
/// wrote it whole, as it read them ([`super::projected`]; its shadow on PostgreSQL).
pub struct Sources<'a> {
    pub changed: &'a str,
    pub attributions: &'a str,
    pub projected: Option<&'a str>,
}

/// The statements an import runs before its commit when it wrote applications, members or
/// attributions. When applications or members were loaded as a whole (`whole`): the
/// attributions' projection from the applications' one the import wrote, or, when it wrote
/// none, a mark for a whole rebuild after the commit. Otherwise the projection of the changed
/// applications and the attributions' again.
pub fn after_import(d: &Dialect, whole: bool, sources: &Sources) -> Vec<String> {
    if whole {
        return match sources.projected {
            Some(applications) => vec![
                "DELETE FROM attributions_bilan".to_owned(),
                fill_attributions("attributions_bilan", applications, sources.attributions),
                MARK_FRESH.to_owned(),
            ],
            None => vec![MARK_STALE.to_owned()],
        };
    }
    let mut statements = rebuild_changed(d, sources.changed).to_vec();
    statements.push("DELETE FROM attributions_bilan".to_owned());
    statements.push(fill_attributions(
        "attributions_bilan",
        "demandes_bilan",
        sources.attributions,
    ));
    statements
}

/// The largest number of other members in one household: how many birth years a query must
/// look at in `naissances_autres`.
pub const MOST_OTHER_MEMBERS: &str =
    "SELECT CAST(COALESCE(MAX(LENGTH(naissances_autres)), 0) / 4 AS BIGINT) FROM demandes_bilan";

/// How many other members of a household are aged 14 or more on 31 December of the year
/// `$3`, reading at most `slots` birth years of its `naissances_autres` column (sorted: the
/// count is the place of the first one too recent, so most households need one or two tests).
pub fn members_aged_14(column: &str, slots: i64) -> String {
    // Born in year N − 14 or before: 14 or more on 31 December of N. Years compare as text.
    let limit = "CAST(CAST($3 AS INTEGER) - 14 AS TEXT)";
    let arms: Vec<String> = (0..slots)
        .map(|i| {
            format!(
                "WHEN length({column}) <= {} OR substr({column}, {}, 4) > {limit} THEN {i}",
                4 * i,
                4 * i + 1
            )
        })
        .collect();
    if arms.is_empty() {
        "0".to_owned()
    } else {
        format!("(CASE {} ELSE {slots} END)", arms.join(" "))
    }
}
