//! A list of dwellings for its page: one landlord's (or every one's), by commune, typology and
//! vacancy, sorted on a column, a page at a time with the number of matching dwellings, each
//! with its open vacancy if it has one (the one a landlord follows instead of declaring it
//! again).

use crate::codec::Stored;
use crate::select::parameter_list;
use crate::statement::{Values, text};
use crate::tables::ColumnType::{Int, Text};
use crate::value::{FetchedRow, Value};
use crate::{Result, Store, StoreError};
use logis_domain::Logement;
use logis_domain::allocation::VacancyId;

/// Which dwellings a list shows (each criterion optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DwellingFilter {
    pub bailleurs: Vec<String>,
    pub commune: Option<String>,
    pub typologie: Option<String>,
    /// `Some(true)`: only those with an open vacancy; `Some(false)`: only those without.
    pub vacant: Option<bool>,
}

/// The column a list is sorted on (then the identifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DwellingSort {
    #[default]
    Identifier,
    Commune,
    Typology,
    Rent,
    Surface,
}

impl DwellingSort {
    fn column(self) -> &'static str {
        match self {
            DwellingSort::Identifier => "logement_id",
            DwellingSort::Commune => "commune",
            DwellingSort::Typology => "typologie",
            DwellingSort::Rent => "loyer",
            DwellingSort::Surface => "surface",
        }
    }
}

/// One dwelling of the list, with its open vacancy (number, free from) if any.
#[derive(Debug, Clone, PartialEq)]
pub struct DwellingLine {
    pub logement: Logement,
    pub vacancy: Option<(VacancyId, String)>,
}

const OPEN: &str =
    "FROM vacances v WHERE v.logement_id = logements.logement_id AND v.statut = 'ouverte'";

/// Page `page` (from 0) of `size` dwellings matching `filter`, sorted on `sort` (descending
/// when `descending`), and the number of matching dwellings.
pub async fn page(
    store: &dyn Store,
    filter: &DwellingFilter,
    sort: DwellingSort,
    descending: bool,
    page: u64,
    size: u32,
) -> Result<(Vec<DwellingLine>, u64)> {
    let mut params: Vec<Value> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    if !filter.bailleurs.is_empty() {
        let list = parameter_list(params.len() + 1, filter.bailleurs.len());
        params.extend(filter.bailleurs.iter().map(text));
        parts.push(format!("bailleur IN ({list})"));
    }
    for (column, value) in [("commune", &filter.commune), ("typologie", &filter.typologie)] {
        if let Some(value) = value {
            params.push(text(value));
            parts.push(format!("{column} = ${}", params.len()));
        }
    }
    match filter.vacant {
        Some(true) => parts.push(format!("EXISTS (SELECT 1 {OPEN})")),
        Some(false) => parts.push(format!("NOT EXISTS (SELECT 1 {OPEN})")),
        None => {}
    }
    let clause =
        if parts.is_empty() { String::new() } else { format!(" WHERE {}", parts.join(" AND ")) };
    let rows =
        store.fetch(&format!("SELECT COUNT(*) FROM logements{clause}"), &params, &[Int]).await?;
    let total = rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    let table = Logement::TABLE;
    let order = if descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {}, (SELECT MIN(v.ligne) {OPEN}), (SELECT CAST(MIN(v.disponible_le) AS TEXT) {OPEN}) FROM logements{clause} ORDER BY {} {order}, logement_id LIMIT {size} OFFSET {}",
        table.column_list(),
        sort.column(),
        page * u64::from(size)
    );
    let mut types: Vec<_> = table.columns().iter().map(|(_, t)| *t).collect();
    types.extend([Int, Text]);
    let n = types.len();
    let rows = store.fetch(&sql, &params, &types).await?;
    let lines = rows
        .iter()
        .map(|row| {
            let logement = Logement::from_source(&FetchedRow(row))
                .map_err(|detail| StoreError::Corrupt { table: table.name(), detail })?;
            let vacancy = match (&row[n - 2], &row[n - 1]) {
                (Value::Int(Some(ligne)), Value::Text(Some(from))) => {
                    Some((VacancyId::new(*ligne), from.to_string()))
                }
                _ => None,
            };
            Ok(DwellingLine { logement, vacancy })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((lines, u64::try_from(total.unwrap_or(0)).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_name_their_columns() {
        assert_eq!(DwellingSort::default().column(), "logement_id");
        assert_eq!(DwellingSort::Rent.column(), "loyer");
    }
}
