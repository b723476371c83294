//! One import as one SQLite transaction. A table empty at the start is bulk-loaded: its indexes
//! (its key's and every other) are dropped, rows are appended, and the indexes are built again
//! before commit, each in one sorted pass instead of millions of insertions into B-trees. Other
//! tables get upserts that leave a row equal to the stored one as it is; rows are written
//! through one prepared statement ([`raw_write`]); members are staged in a temporary table,
//! their households compared with the stored ones as they come ([`crate::households`]), and
//! those that differ replace theirs at commit, where the bilan's projections are brought up to
//! date (rebuilt for the applications changed, or marked for a whole rebuild after a whole
//! load): a re-import of an unchanged register writes nothing. DDL is transactional in SQLite: a
//! killed import changes nothing. While it writes, a helper puts the journal's pages on disk
//! ([`crate::writeback`]) for the commit not to wait for them.

use crate::bilan::DIALECT;
use crate::db_error;
use crate::raw_write;
use crate::statements::BULK_WRITE_WAIT;
use crate::writeback::Writeback;
use async_trait::async_trait;
use logis_store::bilan::projection;
use logis_store::tables::{Placeholder, placeholders};
use logis_store::{
    ImportTx, KeyKind, Result, Row, RowsSelected, Statement, StoreError, Table, Written,
};
use sqlx::Row as _;
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::collections::HashSet;
use std::path::Path;

/// Page cache sizes (negative: in KiB) while importing (16 MiB) and afterwards (SQLite's
/// default, 2 MiB): with the database file mapped in memory, whole-table reads run about a
/// third faster with the small one. A bulk load appends pages: 128 MiB of cache while writing
/// took no less time than 16 MiB at national scale, and 112 MiB more memory (benchmarks.md).
const WRITING_CACHE: i32 = -16_384;
const READING_CACHE: i32 = -2_000;
/// The page cache while the indexes are built (8 MiB). SQLite's sorter sorts runs of that size
/// (on its worker thread, `PRAGMA threads`) and merges them: runs that fit the processor's
/// cache made the national import's index builds twice as fast as 128 MiB runs, and one run
/// of 512 MiB slower still (benchmarks.md, issue 21).
const SORTING_CACHE: i32 = -8_192;

pub struct SqliteImport {
    tx: Transaction<'static, Sqlite>,
    /// The tables this transaction writes (SQLite has one writer at a time whatever they are).
    declared: HashSet<Table>,
    /// Tables empty at the start, loaded without their indexes.
    bulk: HashSet<Table>,
    /// The indexes dropped for the bulk loads, in the order they were made: built again at
    /// commit from their own SQL.
    dropped: Vec<String>,
    /// Whether applications, members or attributions were written (inserted or changed): the
    /// bilan's projections are then rebuilt.
    touched: bool,
    /// The rows written so far, by table.
    written: Written,
    /// Whether staged members hold households that differ from the stored ones.
    households_changed: bool,
    /// The staged households compared with the stored ones.
    comparison: crate::households::Comparison,
    /// Whether the projection of the applications was replaced by the rows of this import.
    projected: bool,
    /// The journal put on disk while the import writes (none for a database in memory).
    writeback: Option<Writeback>,
}

impl SqliteImport {
    pub async fn begin(pool: &SqlitePool, file: Option<&Path>, tables: &[Table]) -> Result<Self> {
        let mut tx = begin_writing(pool).await?;
        // A large page cache for this connection while it writes (the index builds of the
        // commit sort in a small one, SORTING_CACHE); reads are faster with the default one,
        // given back at commit.
        execute(&mut tx, &format!("PRAGMA cache_size = {WRITING_CACHE}")).await?;
        let mut bulk = HashSet::new();
        for table in Table::ALL.into_iter().filter(|t| tables.contains(t)) {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", table.name());
            let filled: bool =
                sqlx::query_scalar(&sql).fetch_one(&mut *tx).await.map_err(db_error)?;
            if !filled {
                bulk.insert(table);
            }
        }
        let mut dropped = Vec::new();
        for table in Table::ALL.into_iter().filter(|t| bulk.contains(t)) {
            drop_indexes(&mut tx, table, &mut dropped).await?;
        }
        if !bulk.contains(&Table::Membres) {
            execute(
                &mut tx,
                "CREATE TEMP TABLE IF NOT EXISTS staged_membres AS SELECT * FROM membres WHERE 0",
            )
            .await?;
            execute(&mut tx, "DELETE FROM staged_membres").await?;
        }
        for changed in ["changed_numeros", "changed_households"] {
            let sql = format!("CREATE TEMP TABLE IF NOT EXISTS {changed} (numero_unique TEXT)");
            execute(&mut tx, &sql).await?;
            execute(&mut tx, &format!("DELETE FROM {changed}")).await?;
        }
        let declared = tables.iter().copied().collect();
        let writeback = file.map(Writeback::start);
        Ok(SqliteImport {
            tx,
            declared,
            bulk,
            dropped,
            touched: false,
            written: Written::default(),
            households_changed: false,
            comparison: Default::default(),
            projected: false,
            writeback,
        })
    }
}

/// Drops every index of `table` (made by the migrations, not the automatic ones), adding the
/// SQL that makes each again to `dropped`.
async fn drop_indexes(
    tx: &mut Transaction<'static, Sqlite>,
    table: Table,
    dropped: &mut Vec<String>,
) -> Result<()> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? \
         AND sql IS NOT NULL ORDER BY rowid",
    )
    .bind(table.name())
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    for (name, sql) in indexes {
        execute(tx, &format!("DROP INDEX \"{name}\"")).await?;
        dropped.push(sql);
    }
    Ok(())
}

impl SqliteImport {
    /// Upserts `rows` into `table` (not loaded whole), leaving those equal to the stored ones
    /// as they are; the applications changed are listed for the projection's rebuild.
    async fn upsert(&mut self, table: Table, rows: &[Row]) -> Result<u64> {
        let sql =
            table.insert_sql(1, Placeholder::Anonymous) + &table.on_conflict_if_changed("IS NOT");
        let written = raw_write::each_row(&mut self.tx, &sql, rows).await?;
        if table == Table::Demandes && !written.is_empty() {
            // numero_unique, the first column
            let numeros: Vec<Row> = written.iter().map(|&at| vec![rows[at][0].clone()]).collect();
            let sql = "INSERT INTO changed_numeros VALUES (?)";
            raw_write::each_row(&mut self.tx, sql, &numeros).await?;
        }
        Ok(written.len() as u64)
    }

    /// Stages members (their table not loaded whole) and lists the households among them that
    /// differ from the stored ones, replaced at commit; the number of households listed.
    async fn stage_members(&mut self, rows: &[Row]) -> Result<u64> {
        let staged = format!(
            "INSERT INTO staged_membres VALUES {}",
            placeholders(1, Table::Membres.columns().len(), Placeholder::Anonymous)
        );
        let comparison = &mut self.comparison;
        raw_write::on_connection(&mut self.tx, |db| {
            raw_write::run(db, &staged, rows)?;
            let changed = comparison.changed(db, rows)?;
            list_households(db, changed)
        })
        .await
    }

    /// Compares the last household staged, which no batch follows.
    async fn compare_last_household(&mut self) -> Result<()> {
        let comparison = std::mem::take(&mut self.comparison);
        let listed = raw_write::on_connection(&mut self.tx, |db| {
            list_households(db, comparison.finish(db)?)
        })
        .await?;
        self.households_changed |= listed > 0;
        self.touched |= listed > 0;
        Ok(())
    }

    /// Replaces the households that differ from the stored ones by their staged members.
    async fn replace_households(&mut self) -> Result<()> {
        let [delete, insert, list] =
            logis_store::replaced::households("staged_membres", "changed_households");
        execute_giving_way(&mut self.tx, &delete).await?;
        let inserted = execute_giving_way(&mut self.tx, &insert).await?;
        self.written.add(Table::Membres, inserted);
        execute_giving_way(&mut self.tx, &list).await?;
        Ok(())
    }
}

/// Lists `numeros` as households to replace at commit; how many.
fn list_households(db: &rusqlite::Connection, numeros: Vec<String>) -> Result<u64> {
    let rows: Vec<Row> =
        numeros.into_iter().map(|numero| vec![logis_store::statement::text(numero)]).collect();
    raw_write::run(db, "INSERT INTO changed_households VALUES (?)", &rows)?;
    Ok(rows.len() as u64)
}

/// Takes the write lock, waiting up to [`BULK_WRITE_WAIT`] for another import to finish (a
/// user's write gives up sooner: see [`crate::statements::WRITE_WAIT`]).
async fn begin_writing(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>> {
    let started = std::time::Instant::now();
    loop {
        match pool.begin_with(crate::statements::WRITE).await.map_err(db_error) {
            Err(StoreError::Busy(_)) if started.elapsed() < BULK_WRITE_WAIT => continue,
            other => return other,
        }
    }
}

async fn execute(tx: &mut Transaction<'static, Sqlite>, sql: &str) -> Result<()> {
    sqlx::query(sql).execute(&mut **tx).await.map_err(db_error)?;
    Ok(())
}

/// Runs `sql`, bulk work of the commit (households replaced, projections rebuilt: seconds at
/// national scale), on a thread that gives way to the pages a server answers meanwhile; the
/// rows its last statement changed.
async fn execute_giving_way(tx: &mut Transaction<'static, Sqlite>, sql: &str) -> Result<u64> {
    raw_write::on_connection(tx, |db| {
        db.execute_batch(sql).map_err(raw_write::write_error)?;
        Ok(db.changes())
    })
    .await
}

#[async_trait]
impl ImportTx for SqliteImport {
    async fn write(&mut self, table: Table, rows: &[Row]) -> Result<()> {
        if !self.declared.contains(&table) {
            return Err(logis_store::undeclared(table));
        }
        let changed = if self.bulk.contains(&table) {
            let sql = table.insert_sql(1, Placeholder::Anonymous);
            let written = raw_write::each_row(&mut self.tx, &sql, rows).await?.len() as u64;
            self.written.add(table, written);
            written
        } else if table == Table::Membres {
            let households = self.stage_members(rows).await?; // their rows counted at commit
            self.households_changed |= households > 0;
            households
        } else {
            let written = self.upsert(table, rows).await?;
            self.written.add(table, written);
            written
        };
        self.touched |= projection::reads(table) && changed > 0;
        Ok(())
    }

    async fn replace_all(&mut self, table: Table) -> Result<()> {
        if !self.declared.contains(&table) {
            return Err(logis_store::undeclared(table));
        }
        self.touched |= projection::reads(table);
        self.projected |= table == Table::DemandesBilan;
        execute(&mut self.tx, &format!("DELETE FROM {}", table.name())).await?;
        if self.bulk.insert(table) {
            drop_indexes(&mut self.tx, table, &mut self.dropped).await?;
        }
        Ok(())
    }

    async fn execute(&mut self, statements: &[Statement]) -> Result<u64> {
        crate::statements::run(&mut self.tx, statements).await
    }

    async fn write_selected(&mut self, selected: &RowsSelected) -> Result<u64> {
        logis_store::selectable(selected, &self.declared, self.loads_whole(selected.from))?;
        let into = selected.into;
        let mut statement = selected.insert(into.name(), selected.from.name());
        if !self.bulk.contains(&into) {
            // As `upsert`: a row equal to the stored one is left as it is (`WHERE true` tells
            // SQLite that ON CONFLICT is the insert's, not the join's).
            let upsert =
                format!("{} WHERE true{}", statement.sql, into.on_conflict_if_changed("IS NOT"));
            statement.sql = upsert.into();
        }
        let written = crate::statements::run(&mut self.tx, &[statement]).await?;
        self.written.add(into, written);
        Ok(written)
    }

    fn loads_whole(&self, table: Table) -> bool {
        self.bulk.contains(&table)
    }

    async fn known_keys(&mut self, kind: KeyKind, keys: &[String]) -> Result<HashSet<String>> {
        let table = kind.table();
        if self.bulk.contains(&table) {
            return Ok(HashSet::new()); // empty before this import
        }
        let mut found = HashSet::new();
        for chunk in keys.chunks(500) {
            let sql = table.known_keys_sql(chunk.len());
            let mut query = sqlx::query(&sql);
            for k in chunk {
                query = query.bind(k);
            }
            for row in query.fetch_all(&mut *self.tx).await.map_err(db_error)? {
                found.insert(row.try_get::<String, _>(0).map_err(db_error)?);
            }
        }
        Ok(found)
    }

    async fn commit(mut self: Box<Self>) -> Result<Written> {
        if !self.bulk.contains(&Table::Membres) {
            self.compare_last_household().await?;
            if self.households_changed {
                self.replace_households().await?;
            }
            execute(&mut self.tx, "DELETE FROM staged_membres").await?;
        }
        execute(&mut self.tx, "DELETE FROM changed_households").await?;
        execute(&mut self.tx, &format!("PRAGMA cache_size = {SORTING_CACHE}")).await?;
        // Built by a thread that gives way to the pages a server answers meanwhile.
        for sql in std::mem::take(&mut self.dropped) {
            let build =
                |db: &rusqlite::Connection| db.execute_batch(&sql).map_err(raw_write::write_error);
            raw_write::on_connection(&mut self.tx, build).await?;
        }
        if self.touched {
            let whole = self.bulk.contains(&Table::Demandes) || self.bulk.contains(&Table::Membres);
            for sql in projection::after_import(
                &DIALECT,
                whole,
                &projection::Sources {
                    changed: "changed_numeros",
                    attributions: "attributions",
                    projected: self.projected.then_some("demandes_bilan"),
                },
            ) {
                execute_giving_way(&mut self.tx, &sql).await?;
            }
        }
        execute(&mut self.tx, "DELETE FROM changed_numeros").await?;
        execute(&mut self.tx, &format!("PRAGMA cache_size = {READING_CACHE}")).await?;
        self.tx.commit().await.map_err(db_error)?;
        if let Some(writeback) = &self.writeback {
            writeback.journal_to_disk().await;
        }
        Ok(self.written)
    }
}
