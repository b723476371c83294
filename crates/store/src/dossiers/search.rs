//! The list of applications: a filter, a sort, a page, and how many match (counted up to a cap,
//! so that an unselective search on 2.7 million applications stays instant).

use crate::statement::{Values, int, text};
use crate::tables::ColumnType::{self, Bool, Date, Int, Text};
use crate::{Result, Store, Value};
use logis_domain::Date as Day;

/// What the list is filtered on; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationFilter {
    /// The beginning of a numéro unique.
    pub numero: Option<String>,
    /// What a person types to find an application: words, each the start of the numéro
    /// unique, of the titulaire's surname (or of its last word, « goff » for « Le Goff »), or of
    /// the first name — accents, case, hyphens and apostrophes ignored, through indexes made for
    /// it (`0015_recherche.sql`); the words after the first may be anywhere in these.
    pub nom: Option<String>,
    /// A commune (INSEE code) where the household lives or wishes to live.
    pub commune: Option<String>,
    /// A desired typology code (`T1`…).
    pub typologie: Option<String>,
    /// A housing situation code.
    pub situation: Option<String>,
    /// Only priority households (`true`) or only the others (`false`).
    pub prioritaire: Option<bool>,
    pub score_min: Option<i64>,
    pub score_max: Option<i64>,
    /// A status code (`active`, `attribuee`, `radiee`); `None` for every status.
    pub statut: Option<String>,
    /// Only the households this login follows (a social worker's reach).
    pub suivi_par: Option<String>,
    /// Only the active applications registered or last renewed on or before this day: those
    /// whose renewal deadline falls before a given day (the « à renouveler » list).
    pub renouvelee_au_plus_tard: Option<Day>,
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Highest score first; then the applications without a score (« non cotées »: no grid
    /// yet, a cotation being recomputed, or no longer active), oldest first.
    #[default]
    Score,
    /// Oldest application first.
    Anciennete,
    /// By the titulaire's surname, then first name (folded: accents and case ignored, along
    /// the search's index `demandes_cle_nom`).
    Nom,
    /// By numéro unique (along the key's index).
    Numero,
}

impl Sort {
    /// Whether the applications without a score follow the scored ones (the sort by score),
    /// rather than all being read in one order.
    fn by_score(self) -> bool {
        self == Sort::Score
    }
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationLine {
    pub numero_unique: String,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub date_depot: Option<Day>,
    pub statut: String,
    pub commune_residence: Option<String>,
    pub situation_logement: String,
    pub typologies_souhaitees: String,
    pub communes_souhaitees: String,
    pub criteres_prioritaires: String,
    pub dalo: bool,
    pub score: Option<i64>,
    pub provisoire: bool,
    pub rang: Option<i64>,
    pub comparables: Option<i64>,
}

impl ApplicationLine {
    /// DALO or at least one priority criterion.
    pub fn prioritaire(&self) -> bool {
        self.dalo || !self.criteres_prioritaires.is_empty()
    }

    /// An active application without a score (« non cotée »): no grid yet, or a cotation
    /// being recomputed.
    pub fn unscored(&self) -> bool {
        self.statut == "active" && self.score.is_none()
    }
}

/// A page of the list, and how many applications match (at most `cap`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationPage {
    pub lines: Vec<ApplicationLine>,
    pub matching: u64,
    /// True when more than `matching` applications match.
    pub more: bool,
}

const COLUMNS: &[ColumnType] =
    &[Text, Text, Text, Date, Text, Text, Text, Text, Text, Text, Bool, Int, Bool, Int, Int];

const SELECT: &str = "SELECT d.numero_unique, d.nom, d.prenom, d.date_depot, d.statut, \
    d.commune_residence, d.situation_logement, d.typologies_souhaitees, d.communes_souhaitees, \
    d.criteres_prioritaires, d.dalo, s.score, s.provisoire, s.rang, s.comparables";

/// The tables of a sort and how they join, up to the WHERE that the filter's conditions
/// follow. The table read in order comes first: SQLite keeps the order of a CROSS JOIN, so a
/// page is read along the scores' (or the filing dates') index and stops after its lines,
/// instead of sorting millions of rows.
fn tables(sort: Sort) -> &'static str {
    match sort {
        Sort::Score => {
            " FROM scores s CROSS JOIN demandes d WHERE d.numero_unique = s.numero_unique"
        }
        Sort::Anciennete | Sort::Nom | Sort::Numero => {
            " FROM demandes d LEFT JOIN scores s ON s.numero_unique = d.numero_unique WHERE 1 = 1"
        }
    }
}

/// The numéros of a page by score (`limit` and `offset` are its parameters), for
/// [`page_of`] to join to their lines: read from the scores' index alone for the list of every
/// application, else along it with only the columns the filter needs, so that skipping the
/// earlier pages costs index entries and the filter's checks, never whole lines (on
/// PostgreSQL, a page deep in the list of the active applications read whole lines of both
/// tables for every application skipped: 150 ms at page 150 of the national register).
fn numeros_by_score(
    filter: &ApplicationFilter,
    conditions: &str,
    limit: &str,
    offset: &str,
) -> String {
    let order = "ORDER BY s.score DESC, s.numero_unique";
    if keeps_every_score(filter) {
        format!("SELECT s.numero_unique FROM scores s {order} LIMIT {limit} OFFSET {offset}")
    } else {
        let tables = tables(Sort::Score);
        format!("SELECT s.numero_unique{tables}{conditions} {order} LIMIT {limit} OFFSET {offset}")
    }
}

/// The filter's conditions (each starting with ` AND `), with their parameters.
fn conditions(filter: &ApplicationFilter) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut params = Vec::new();
    if let Some(numero) = &filter.numero {
        // The range lets the key index find the prefix (numéros are upper-case letters and
        // digits, all at most `Z`); the LIKE keeps exactly the numéros that start with it.
        clause(&mut sql, "d.numero_unique >= ?", text(numero.clone()), &mut params);
        clause(
            &mut sql,
            "d.numero_unique <= ?",
            text(format!("{numero}ZZZZZZZZZZZZZZZZZZZZ")),
            &mut params,
        );
        clause(
            &mut sql,
            "d.numero_unique LIKE ? ESCAPE '\\'",
            text(format!("{}%", like_escaped(numero))),
            &mut params,
        );
    }
    if let Some(nom) = &filter.nom {
        let words = search_words(nom);
        if let Some((first, others)) = words.split_first() {
            let numero = first.to_uppercase();
            let mut bounds = vec![
                text(numero.clone()),
                text(format!("{numero}ZZZZZZZZZZZZZZZZZZZZ")),
                text(format!("{}%", like_escaped(&numero))),
            ];
            for _ in 0..3 {
                bounds.push(text(first.clone()));
                bounds.push(text(successor(first)));
            }
            let start = params.len();
            let n = |k: usize| format!("${}", start + k);
            sql.push_str(&format!(
                " AND (d.numero_unique >= {} AND d.numero_unique <= {} AND d.numero_unique LIKE {} ESCAPE '\\' \
                 OR d.cle_nom >= {} AND d.cle_nom < {} \
                 OR d.cle_nom_fin >= {} AND d.cle_nom_fin < {} AND d.cle_nom_fin <> d.cle_nom \
                 OR d.cle_prenom >= {} AND d.cle_prenom < {})",
                n(1), n(2), n(3), n(4), n(5), n(6), n(7), n(8), n(9)
            ));
            params.extend(bounds);
            for other in others {
                clause(
                    &mut sql,
                    "(d.cle_nom || ' ' || d.cle_prenom || ' ' || LOWER(d.numero_unique)) LIKE ? ESCAPE '\\'",
                    text(format!("%{}%", like_escaped(other))),
                    &mut params,
                );
            }
        }
    }
    if let Some(commune) = &filter.commune {
        clause(
            &mut sql,
            "(d.commune_residence = ? OR '|' || d.communes_souhaitees || '|' LIKE '%|' || ? || '|%')",
            text(commune.clone()),
            &mut params,
        );
    }
    if let Some(typologie) = &filter.typologie {
        clause(
            &mut sql,
            "'|' || d.typologies_souhaitees || '|' LIKE ?",
            text(format!("%|{typologie}|%")),
            &mut params,
        );
    }
    if let Some(situation) = &filter.situation {
        clause(&mut sql, "d.situation_logement = ?", text(situation.clone()), &mut params);
    }
    match filter.prioritaire {
        Some(true) => clause(
            &mut sql,
            "(d.dalo = ? OR d.criteres_prioritaires <> '')",
            Value::Bool(Some(true)),
            &mut params,
        ),
        Some(false) => clause(
            &mut sql,
            "NOT (COALESCE(d.dalo, ?) OR d.criteres_prioritaires <> '')",
            Value::Bool(Some(false)),
            &mut params,
        ),
        None => {}
    }
    if let Some(min) = filter.score_min {
        clause(&mut sql, "s.score >= ?", int(min), &mut params);
    }
    if let Some(max) = filter.score_max {
        clause(&mut sql, "s.score <= ?", int(max), &mut params);
    }
    if let Some(statut) = &filter.statut {
        clause(&mut sql, "d.statut = ?", text(statut.clone()), &mut params);
    }
    if let Some(day) = filter.renouvelee_au_plus_tard {
        clause(
            &mut sql,
            "d.statut = 'active' AND COALESCE(d.date_renouvellement, d.date_depot) <= ?",
            crate::statement::date(day),
            &mut params,
        );
    }
    if let Some(login) = &filter.suivi_par {
        clause(
            &mut sql,
            "d.numero_unique IN (SELECT numero_unique FROM suivis WHERE login = ?)",
            text(login.clone()),
            &mut params,
        );
    }
    (sql, params)
}

/// Adds ` AND condition` to `sql`, its every `?` the parameter `value`.
fn clause(sql: &mut String, condition: &str, value: Value, params: &mut Vec<Value>) {
    params.push(value);
    sql.push_str(" AND ");
    sql.push_str(&condition.replace('?', &format!("${}", params.len())));
}

/// Whether the filter keeps every scored application: no filter at all. (The active ones
/// alone are not read from the scores' index: a score may linger for an application closed
/// since its cotation, until the next one, and would shift every later page.)
fn keeps_every_score(filter: &ApplicationFilter) -> bool {
    *filter == ApplicationFilter::default()
}

/// The most words of a search, and the longest word, kept.
const MOST_WORDS: usize = 4;
const LONGEST_WORD: usize = 40;

/// The folded words of a search text (`logis_domain::french::folded`).
fn search_words(typed: &str) -> Vec<String> {
    logis_domain::french::folded(typed)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(MOST_WORDS)
        .map(|w| w.chars().take(LONGEST_WORD).collect())
        .collect()
}

/// The first text after every text that starts with `prefix` (in the order of code points, the
/// order of the search's indexes): its last character moved to the next one.
fn successor(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    char::MAX.to_string()
}

/// A typed fragment for `LIKE … ESCAPE '\'`: its `%`, `_` and `\` match themselves.
fn like_escaped(fragment: &str) -> String {
    fragment.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A search by name fragment reads applications one by one: its count stops at this many.
pub const NAME_SEARCH_COUNT_CAP: u64 = 200;

/// The applications without a score, for the end of the list by score: the scores' table
/// joined on the side, its missing lines kept.
const UNSCORED: &str = " FROM demandes d LEFT JOIN scores s ON s.numero_unique = d.numero_unique \
    WHERE s.numero_unique IS NULL";

/// How many rows `sql` (a FROM … WHERE clause with `conditions`) selects, stopping past `cap`.
async fn count(
    store: &dyn Store,
    from: &str,
    conditions: &str,
    params: &[Value],
    cap: Option<u64>,
) -> Result<u64> {
    let limit = cap.map(|c| format!(" LIMIT {}", c + 1)).unwrap_or_default();
    let sql =
        format!("SELECT COUNT(*) FROM (SELECT 1 AS un{from}{conditions}{limit}) AS selection");
    let counted = store.fetch(&sql, params, &[Int]).await?;
    let counted = counted.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    Ok(u64::try_from(counted.unwrap_or(0)).unwrap_or(0))
}

/// The page `page` (from 0) of `size` lines, and how many match up to `cap` (up to
/// [`NAME_SEARCH_COUNT_CAP`] when searching by name). By score, the applications without a
/// score follow the scored ones: nothing matching the filter is ever left out.
pub async fn search(
    store: &dyn Store,
    filter: &ApplicationFilter,
    sort: Sort,
    page: u32,
    size: u32,
    cap: u64,
) -> Result<ApplicationPage> {
    let cap = if filter.nom.is_some() { cap.min(NAME_SEARCH_COUNT_CAP) } else { cap };
    let (conditions, params) = conditions(filter);
    let offset = u64::from(page) * u64::from(size);
    // Only active applications are scored: a list of the others (where a score line may
    // linger until the next cotation) asked by score is every matching application, oldest
    // first.
    let sort = match filter.statut.as_deref() {
        Some(statut) if statut != "active" && sort.by_score() => Sort::Anciennete,
        _ => sort,
    };
    let order = match sort {
        Sort::Score => " ORDER BY s.score DESC, s.numero_unique",
        Sort::Anciennete => " ORDER BY d.date_depot, d.numero_unique",
        Sort::Nom => " ORDER BY d.cle_nom, d.cle_prenom, d.numero_unique",
        Sort::Numero => " ORDER BY d.numero_unique",
    };
    let counted = count(store, tables(sort), &conditions, &params, Some(cap)).await?;
    let mut lines =
        page_of(store, filter, sort, &conditions, &params, order, (size, offset)).await?;
    if !sort.by_score() {
        return Ok(ApplicationPage { lines, matching: counted.min(cap), more: counted > cap });
    }
    // The applications without a score, after the scored ones: on the page where the scored
    // ones end, and on every page after it.
    let missing = u64::from(size) - lines.len() as u64;
    if missing == 0 {
        let unscored = if counted > cap {
            0 // the count stops at the cap anyway
        } else {
            count(store, UNSCORED, &conditions, &params, Some(cap - counted)).await?
        };
        let total = counted + unscored;
        return Ok(ApplicationPage { lines, matching: total.min(cap), more: total > cap });
    }
    let scored = if !lines.is_empty() {
        offset + lines.len() as u64 // the scored ones end on this page
    } else if counted <= cap {
        counted
    } else {
        count(store, tables(sort), &conditions, &params, None).await?
    };
    let skip = offset.saturating_sub(scored);
    let sql = format!(
        "{SELECT}{UNSCORED}{conditions} ORDER BY d.date_depot, d.numero_unique \
         LIMIT {missing} OFFSET {skip}"
    );
    let rows = store.fetch(&sql, &params, COLUMNS).await?;
    lines.extend(rows.into_iter().map(read_line).collect::<Result<Vec<_>>>()?);
    let unscored = match cap.checked_sub(scored) {
        Some(room) => count(store, UNSCORED, &conditions, &params, Some(room)).await?,
        None => 0, // more than the cap are scored already
    };
    let total = scored + unscored;
    Ok(ApplicationPage { lines, matching: total.min(cap), more: total > cap })
}

/// The lines of one page in `order`, `(size, offset)`.
async fn page_of(
    store: &dyn Store,
    filter: &ApplicationFilter,
    sort: Sort,
    conditions: &str,
    params: &[Value],
    order: &str,
    (size, offset): (u32, u64),
) -> Result<Vec<ApplicationLine>> {
    let mut params = params.to_vec();
    let n = params.len();
    params.push(int(i64::from(size)));
    params.push(int(i64::try_from(offset).unwrap_or(i64::MAX)));
    let (limit, offset) = (format!("${}", n + 1), format!("${}", n + 2));
    let sql = if sort == Sort::Score {
        let numeros = numeros_by_score(filter, conditions, &limit, &offset);
        format!(
            "{SELECT} FROM ({numeros}) p CROSS JOIN scores s CROSS JOIN demandes d \
             WHERE s.numero_unique = p.numero_unique AND d.numero_unique = s.numero_unique{order}"
        )
    } else {
        format!("{SELECT}{}{conditions}{order} LIMIT {limit} OFFSET {offset}", tables(sort))
    };
    let rows = store.fetch(&sql, &params, COLUMNS).await?;
    rows.into_iter().map(read_line).collect()
}

fn read_line(row: crate::Row) -> Result<ApplicationLine> {
    let mut v = Values::of(row);
    Ok(ApplicationLine {
        numero_unique: v.text()?,
        nom: v.optional_text()?,
        prenom: v.optional_text()?,
        date_depot: v.optional_date()?,
        statut: v.text()?,
        commune_residence: v.optional_text()?,
        situation_logement: v.text()?,
        typologies_souhaitees: v.text()?,
        communes_souhaitees: v.text()?,
        criteres_prioritaires: v.text()?,
        dalo: v.optional_bool()?.unwrap_or(false),
        score: v.optional_int()?,
        provisoire: v.optional_bool()?.unwrap_or(false),
        rang: v.optional_int()?,
        comparables: v.optional_int()?,
    })
}
