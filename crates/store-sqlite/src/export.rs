//! Streaming a whole table out in key order (through the bulk reader when the database is a
//! file), the applications active over a period with their households, and the rows of one
//! key.

use crate::bind::Source;
use crate::copied::CopiedRow;
use crate::db_error;
use crate::reader;
use futures::TryStreamExt;
use logis_domain::{Date, Demande, Membre};
use logis_store::households::household_row;
use logis_store::{Record, Result, Sink, Table};
use rusqlite::Connection;
use sqlx::SqlitePool;
use std::path::Path;

pub async fn all(
    pool: &SqlitePool,
    file: Option<&Path>,
    table: Table,
    sink: &mut Sink<'_, Record>,
) -> Result<()> {
    // `+key` keeps SQLite from walking the key index (one random table lookup per row): a
    // full scan then one external sort is much faster on a large table.
    let order: Vec<String> = table.key().iter().map(|k| format!("+{k}")).collect();
    let sorted = format!(
        "SELECT {} FROM {} ORDER BY {}",
        table.column_list(),
        table.name(),
        order.join(", ")
    );
    if let Some(file) = file {
        let decode = move |row: &CopiedRow<'_>| Record::read(table, row);
        let choose = move |connection: &Connection| {
            let (columns, name) = (table.column_list(), table.name());
            Ok(if keyed_tree(connection, table)? {
                // The table is its key's tree (`WITHOUT ROWID`): read along it.
                let key = table.key().join(", ");
                format!("SELECT {columns} FROM {name} ORDER BY {key}")
            } else if in_key_order(connection, table)? {
                format!("SELECT {columns} FROM {name} ORDER BY rowid")
            } else {
                sorted
            })
        };
        return reader::stream(file.to_owned(), choose, Vec::new(), decode, sink).await;
    }
    let mut rows = sqlx::query(&sorted).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        sink(Record::read(table, &Source(&row))?)?;
    }
    Ok(())
}

/// Whether `table` is stored as the tree of its key (`WITHOUT ROWID`: the candidates' index,
/// migrations/sqlite/0027), with no row numbers: its rows are then in its key's order.
fn keyed_tree(connection: &Connection, table: Table) -> Result<bool> {
    let sql = "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1";
    connection.query_row(sql, [table.name()], |row| row.get(0)).map_err(reader::read_error)
}

/// Whether the rows of `table` are stored in the order of its key, as a whole import writes
/// them from files in key order: their row numbers then rise along the key index, which
/// holds them (a scan of the index alone, a tenth of the table). The table is then read in
/// its own order, without the sort that took a third of an export.
fn in_key_order(connection: &Connection, table: Table) -> Result<bool> {
    let sql = format!("SELECT rowid FROM {} ORDER BY {}", table.name(), table.key().join(", "));
    let mut statement = connection.prepare(&sql).map_err(reader::read_error)?;
    let mut rows = statement.query([]).map_err(reader::read_error)?;
    let mut last = i64::MIN;
    while let Some(row) = rows.next().map_err(reader::read_error)? {
        let rowid: i64 = row.get(0).map_err(reader::read_error)?;
        if rowid < last {
            return Ok(false);
        }
        last = rowid;
    }
    Ok(true)
}

/// The rows of `table` whose first key columns equal `key`.
pub async fn lookup(pool: &SqlitePool, table: Table, key: &[&str]) -> Result<Vec<Record>> {
    let sql = table.lookup_sql(key.len());
    let mut query = sqlx::query(&sql);
    for k in key {
        query = query.bind(*k);
    }
    let rows = query.fetch_all(pool).await.map_err(db_error)?;
    rows.iter().map(|row| Record::read(table, &Source(row))).collect()
}

/// The applications active at some date from `from` to `to`, with their households.
pub async fn households(
    pool: &SqlitePool,
    file: Option<&Path>,
    (from, to): (Date, Date),
    sink: &mut Sink<'_, (Demande, Vec<Membre>)>,
) -> Result<()> {
    // A scan of the table: the index of filing dates would look each row up at random.
    let sql = Table::households_sql("demandes d NOT INDEXED");
    if let Some(file) = file {
        let decode = |row: &CopiedRow<'_>| household_row(row);
        let choose = move |_: &Connection| Ok(sql);
        return reader::stream(file.to_owned(), choose, vec![from, to], decode, sink).await;
    }
    let mut rows = sqlx::query(&sql).bind(from).bind(to).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        sink(household_row(&Source(&row))?)?;
    }
    Ok(())
}
