//! Whole domain values read by a condition of this crate's own (the applications of a list of
//! numéros, a landlord's dwellings), over [`crate::Store::fetch`]: the table's columns are read
//! with their types and decoded by the same codec as an export.

use crate::codec::Stored;
use crate::value::{FetchedRow, Value};
use crate::{Result, Store, StoreError};

/// The stored values of type `T` whose rows match `condition` (SQL on the table's columns,
/// `$n` parameters), in key order, at most `limit` of them.
pub async fn select<T: Stored>(
    store: &dyn Store,
    condition: &str,
    params: &[Value],
    limit: usize,
) -> Result<Vec<T>> {
    let table = T::TABLE;
    let sql = format!(
        "SELECT {} FROM {} WHERE {condition} ORDER BY {} LIMIT {limit}",
        table.column_list(),
        table.name(),
        table.key().join(", ")
    );
    let types: Vec<_> = table.columns().iter().map(|(_, t)| *t).collect();
    let rows = store.fetch(&sql, params, &types).await?;
    rows.iter()
        .map(|row| {
            T::from_source(&FetchedRow(row))
                .map_err(|detail| StoreError::Corrupt { table: table.name(), detail })
        })
        .collect()
}

/// `$first, $first+1, …` for `n` parameters: the inside of an `IN (…)` list.
pub fn parameter_list(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The number `sql` (a `SELECT COUNT(*) …`) counts, with `params`.
pub async fn counted(
    store: &dyn crate::Store,
    sql: &str,
    params: &[crate::Value],
) -> crate::Result<u64> {
    let rows = store.fetch(sql, params, &[crate::tables::ColumnType::Int]).await?;
    let n =
        rows.into_iter().next().map(|row| crate::statement::Values::of(row).int()).transpose()?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}
