//! The candidates' index (`candidatures`, written with the scores) read for one dwelling: the
//! applications that wish its commune and whose household has a size the dwelling may fit,
//! highest score first, then the oldest filing, a page at a time; and the applications of a
//! page, read whole with their households.

use crate::scores::CandidateEntry;
use crate::select::{parameter_list, select};
use crate::statement::{date, int, text};
use crate::tables::ColumnType::{Date, Int, Text};
use crate::value::Value;
use crate::{Result, Store, StoreError, codec::Stored, value::FetchedRow};
use logis_domain::{Demande, Membre, NumeroUnique};
use std::collections::HashMap;

/// The household sizes a dwelling may fit: from `min` persons to `max` (`None`: no bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Persons {
    pub min: i64,
    pub max: Option<i64>,
}

impl Persons {
    fn bounds(self) -> [Value; 2] {
        [int(self.min), int(self.max.unwrap_or(i64::MAX))]
    }
}

const COLUMNS: &str = "commune, score_inverse, date_depot, numero_unique, personnes";
const ORDER: &str = "ORDER BY score_inverse, date_depot, numero_unique";

/// The next `limit` lines of the index for `commune` and `persons`, after `cursor` (the last
/// line of the previous page), in the candidates' order.
pub async fn next_page(
    store: &dyn Store,
    commune: &str,
    persons: Persons,
    cursor: Option<&CandidateEntry>,
    limit: usize,
) -> Result<Vec<CandidateEntry>> {
    let [min, max] = persons.bounds();
    let mut params = vec![text(commune), min, max];
    let after = match cursor {
        None => String::new(),
        Some(last) => {
            params.extend([int(-last.score), date(last.date_depot), text(&last.numero_unique)]);
            " AND (score_inverse, date_depot, numero_unique) > ($4, $5, $6)".to_owned()
        }
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM candidatures
WHERE commune = $1 AND personnes >= $2 AND personnes <= $3{after} {ORDER} LIMIT {limit}"
    );
    let rows = store.fetch(&sql, &params, &[Text, Int, Date, Text, Int]).await?;
    rows.iter().map(|row| decode(row)).collect()
}

fn decode(row: &[Value]) -> Result<CandidateEntry> {
    CandidateEntry::from_source(&FetchedRow(row))
        .map_err(|detail| StoreError::Corrupt { table: "candidatures", detail })
}

/// Counts stop here: Paris alone has over 100 000 applications for a T3, and counting them
/// would take longer than finding the candidates.
pub const COUNT_CAP: i64 = 10_000;

/// How many lines of the index `commune` and `persons` have, up to [`COUNT_CAP`] + 1 (more
/// than the cap): the applications a dwelling's candidates are looked for among.
pub async fn count(store: &dyn Store, commune: &str, persons: Persons) -> Result<i64> {
    let [min, max] = persons.bounds();
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM candidatures
WHERE commune = $1 AND personnes >= $2 AND personnes <= $3 LIMIT {}) c",
        COUNT_CAP + 1
    );
    let rows = store.fetch(&sql, &[text(commune), min, max], &[Int]).await?;
    Ok(rows
        .first()
        .and_then(|r| match r.first() {
            Some(Value::Int(n)) => *n,
            _ => None,
        })
        .unwrap_or(0))
}

/// The applications of `numeros` with their households (those that exist), in the order of
/// `numeros`.
pub async fn applications(
    store: &dyn Store,
    numeros: &[&str],
) -> Result<Vec<(Demande, Vec<Membre>)>> {
    if numeros.is_empty() {
        return Ok(Vec::new());
    }
    let params: Vec<Value> = numeros.iter().map(|n| text(*n)).collect();
    let condition = format!("numero_unique IN ({})", parameter_list(1, numeros.len()));
    let demandes: Vec<Demande> = select(store, &condition, &params, numeros.len()).await?;
    let members: Vec<(NumeroUnique, Membre)> =
        select(store, &condition, &params, numeros.len() * 20).await?;
    let mut households: HashMap<String, Vec<Membre>> = HashMap::new();
    for (numero, membre) in members {
        households.entry(numero.to_string()).or_default().push(membre);
    }
    let mut by_numero: HashMap<String, Demande> =
        demandes.into_iter().map(|d| (d.numero_unique.to_string(), d)).collect();
    Ok(numeros
        .iter()
        .filter_map(|n| {
            let demande = by_numero.remove(*n)?;
            let household = households.remove(*n).unwrap_or_default();
            Some((demande, household))
        })
        .collect())
}
