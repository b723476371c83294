//! One import as one PostgreSQL transaction, that readers never wait for. A table loaded whole
//! (empty at the start, or replaced, as the cotation replaces its scores) is written into a
//! shadow that takes its place at commit ([`swap`]); other tables receive COPY into a
//! temporary staging table, then one upsert each at commit that leaves a row equal to the
//! stored one as it is (members replace their households, those that differ from the stored
//! ones). The bilan's projections are brought up to date (rebuilt for the applications
//! changed, or marked for a whole rebuild after a whole load): a re-import of an unchanged
//! register writes nothing. DDL is transactional: a killed
//! import changes nothing.

use crate::bilan::DIALECT;
use crate::copy::Format;
use crate::db_error;
use crate::swap;
use async_trait::async_trait;
use logis_store::bilan::projection;
use logis_store::{ImportTx, KeyKind, Result, Row, RowsSelected, Statement, Table, Written};
use sqlx::Row as _;
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashSet;

/// The bytes of COPY data sent at a time (a batch of rows is about a megabyte and more).
const COPY_PIECE: usize = 128 << 10;

pub struct PgImport {
    tx: Transaction<'static, Postgres>,
    /// The tables this transaction writes, locked at its start.
    declared: HashSet<Table>,
    /// Tables empty at the start: loaded whole, through a shadow, when first written.
    empty: HashSet<Table>,
    /// Tables loaded whole: written into their shadow, which takes their place at commit.
    whole: HashSet<Table>,
    /// Tables with rows in their staging table, upserted at commit.
    staged: HashSet<Table>,
    /// The rows written into the tables loaded whole, by table.
    written: Written,
}

fn staging(table: Table) -> String {
    format!("staged_{}", table.name())
}

async fn execute(tx: &mut Transaction<'static, Postgres>, sql: &str) -> Result<()> {
    sqlx::query(sql).execute(&mut **tx).await.map_err(db_error)?;
    Ok(())
}

impl PgImport {
    pub async fn begin(pool: &PgPool, tables: &[Table]) -> Result<Self> {
        let mut tx = pool.begin().await.map_err(db_error)?;
        let mut empty = HashSet::new();
        // Always in the order of Table::ALL, so that two transactions lock in the same order.
        for table in Table::ALL {
            if tables.contains(&table) {
                // Serialises the transactions that write the same tables, and keeps other
                // writers out of the tables being loaded; readers are not affected (SELECT
                // takes a lock this mode does not conflict with), nor are the writers of other
                // tables.
                let lock = format!("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE", table.name());
                execute(&mut tx, &lock).await?;
                let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", table.name());
                let filled: bool =
                    sqlx::query_scalar(&sql).fetch_one(&mut *tx).await.map_err(db_error)?;
                if !filled {
                    empty.insert(table);
                }
            }
            // Every staging table, declared or not: the commit's projection reads those of the
            // applications and members whatever was written.
            let sql = format!(
                "CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP",
                staging(table),
                table.name()
            );
            execute(&mut tx, &sql).await?;
        }
        Ok(PgImport {
            tx,
            declared: tables.iter().copied().collect(),
            empty,
            whole: HashSet::new(),
            staged: HashSet::new(),
            written: Written::default(),
        })
    }

    /// Starts loading `table` whole, into its shadow.
    async fn load_whole(&mut self, table: Table) -> Result<()> {
        if self.whole.insert(table) {
            swap::create(&mut self.tx, table.name()).await?;
        }
        Ok(())
    }

    /// Where this transaction's rows of `table` go: its shadow when the table is loaded whole
    /// (the loading started here for a table empty at the start), its staging table otherwise;
    /// and whether it is the shadow.
    async fn destination(&mut self, table: Table) -> Result<(String, bool)> {
        if self.empty.contains(&table) {
            self.load_whole(table).await?;
        }
        Ok(if self.whole.contains(&table) {
            (swap::shadow(table.name()), true)
        } else {
            self.staged.insert(table);
            (staging(table), false)
        })
    }
}

#[async_trait]
impl ImportTx for PgImport {
    async fn write(&mut self, table: Table, rows: &[Row]) -> Result<()> {
        if !self.declared.contains(&table) {
            return Err(logis_store::undeclared(table));
        }
        if rows.is_empty() {
            return Ok(());
        }
        let (target, whole) = self.destination(table).await?;
        if whole {
            self.written.add(table, rows.len() as u64);
        }
        // A shadow, made (or emptied) by this transaction, takes its rows frozen: visible to
        // every later transaction at once, their pages marked so, and never rewritten to be
        // marked by the first reads after the commit (a whole national register, written
        // again by the first export or evaluation that read it) or by a later vacuum.
        let freeze = whole.then_some("FREEZE");
        let format = Format::for_rows(table.name(), table.columns(), rows);
        let statement =
            format!("COPY {target} ({}) FROM STDIN{}", table.column_list(), format.options(freeze));
        let mut copy = self.tx.copy_in_raw(&statement).await.map_err(db_error)?;
        // Sent a piece at a time: the server stores each piece while the next is encoded,
        // instead of waiting for the whole batch and the client then waiting for the server.
        let mut data = Vec::with_capacity(COPY_PIECE + (COPY_PIECE >> 2));
        format.start(&mut data);
        for row in rows {
            format.row(row, &mut data);
            if data.len() >= COPY_PIECE {
                copy.send(data.as_slice()).await.map_err(db_error)?;
                data.clear();
            }
        }
        format.end(&mut data);
        if !data.is_empty() {
            copy.send(data.as_slice()).await.map_err(db_error)?;
        }
        copy.finish().await.map_err(db_error)?;
        Ok(())
    }

    async fn replace_all(&mut self, table: Table) -> Result<()> {
        if !self.declared.contains(&table) {
            return Err(logis_store::undeclared(table));
        }
        if self.whole.contains(&table) {
            execute(&mut self.tx, &format!("TRUNCATE {}", swap::shadow(table.name()))).await?;
        } else {
            execute(&mut self.tx, &format!("TRUNCATE {}", staging(table))).await?;
            self.staged.remove(&table);
            self.load_whole(table).await?;
        }
        Ok(())
    }

    async fn execute(&mut self, statements: &[Statement]) -> Result<u64> {
        crate::statements::run(&mut self.tx, statements).await
    }

    async fn write_selected(&mut self, selected: &RowsSelected) -> Result<u64> {
        logis_store::selectable(selected, &self.declared, self.loads_whole(selected.from))?;
        let (into, from) = (selected.into, selected.from);
        // Read where this transaction wrote them: the shadow of a table loaded whole (a table
        // empty at the start and not written yet is read as it is: empty).
        let source =
            if self.whole.contains(&from) { swap::shadow(from.name()) } else { from.name().into() };
        let (target, whole) = self.destination(into).await?;
        let written =
            crate::statements::run(&mut self.tx, &[selected.insert(&target, &source)]).await?;
        if whole {
            self.written.add(into, written);
        }
        Ok(written)
    }

    fn loads_whole(&self, table: Table) -> bool {
        self.whole.contains(&table) || self.empty.contains(&table)
    }

    async fn known_keys(&mut self, kind: KeyKind, keys: &[String]) -> Result<HashSet<String>> {
        let table = kind.table();
        if self.whole.contains(&table) || self.empty.contains(&table) {
            return Ok(HashSet::new()); // empty before this import, or replaced by it
        }
        let key = table.key()[0];
        let sql = format!("SELECT {key} FROM {} WHERE {key} = ANY($1)", table.name());
        let mut found = HashSet::new();
        for chunk in keys.chunks(10_000) {
            let rows =
                sqlx::query(&sql).bind(chunk).fetch_all(&mut *self.tx).await.map_err(db_error)?;
            for row in rows {
                found.insert(row.try_get::<String, _>(0).map_err(db_error)?);
            }
        }
        Ok(found)
    }

    async fn commit(mut self: Box<Self>) -> Result<Written> {
        // The shadows get their indexes first, and the projections are brought up to date,
        // while readers still read the tables as they were; the shadows take their places
        // last, so that readers wait only for the instant of the commit.
        let mut prepared = Vec::new();
        for table in Table::ALL.into_iter().filter(|t| self.whole.contains(t)) {
            let key_name = table.key_index();
            let key = swap::Key { name: &key_name, columns: table.key() };
            prepared.push(swap::prepare(&mut self.tx, table.name(), Some(key)).await?);
        }
        execute(
            &mut self.tx,
            "CREATE TEMP TABLE changed_numeros (numero_unique TEXT) ON COMMIT DROP",
        )
        .await?;
        let mut written = std::mem::take(&mut self.written);
        let staged: Vec<Table> =
            Table::ALL.into_iter().filter(|t| self.staged.contains(t)).collect();
        for table in staged {
            let rows = if table == Table::Membres {
                self.replace_households().await?
            } else {
                self.upsert(table).await?
            };
            written.add(table, rows);
        }
        let touched = Table::ALL.into_iter().any(|t| projection::reads(t) && written.rows(t) > 0);
        if touched {
            self.rebuild_projection().await?;
        }
        for shadow in prepared {
            swap::replace(&mut self.tx, shadow).await?;
        }
        self.tx.commit().await.map_err(db_error)?;
        Ok(written)
    }
}

impl PgImport {
    /// Upserts the staged rows of `table`, leaving those equal to the stored ones as they are
    /// (the applications changed listed for the projection); the rows written.
    async fn upsert(&mut self, table: Table) -> Result<u64> {
        let (name, columns, staged) = (table.name(), table.column_list(), staging(table));
        let upsert = format!(
            "INSERT INTO {name} ({columns}) SELECT {columns} FROM {staged}{}",
            table.on_conflict_if_changed("IS DISTINCT FROM")
        );
        let sql = if table == Table::Demandes {
            format!(
                "WITH written AS ({upsert} RETURNING numero_unique) \
                 INSERT INTO changed_numeros SELECT numero_unique FROM written"
            )
        } else {
            upsert
        };
        let done = sqlx::query(&sql).execute(&mut *self.tx).await.map_err(db_error)?;
        Ok(done.rows_affected())
    }

    /// Replaces the households whose staged members differ from the stored ones (a member
    /// added, removed or changed); the member rows written.
    async fn replace_households(&mut self) -> Result<u64> {
        let staged = staging(Table::Membres);
        let of = |side: &str| -> String {
            let columns = Table::Membres.columns().iter();
            columns.map(|(c, _)| format!("{side}.{c}")).collect::<Vec<_>>().join(", ")
        };
        // The members that differ, staged or stored (a full join of all of them: restricting
        // the stored ones to the households staged first looked each household up, five times
        // slower at national scale); stored ones count for a household staged only.
        let changed = format!(
            "CREATE TEMP TABLE changed_households ON COMMIT DROP AS \
             WITH differing AS (SELECT s.numero_unique AS staged, m.numero_unique AS stored \
             FROM {staged} s FULL JOIN membres m \
             ON m.numero_unique = s.numero_unique AND m.rang = s.rang \
             WHERE ({}) IS DISTINCT FROM ({})) \
             SELECT staged AS numero_unique FROM differing WHERE staged IS NOT NULL \
             UNION SELECT d.stored FROM differing d \
             JOIN (SELECT DISTINCT numero_unique FROM {staged}) k ON k.numero_unique = d.stored \
             WHERE d.staged IS NULL",
            of("s"),
            of("m")
        );
        execute(&mut self.tx, &changed).await?;
        let [delete, insert, list] =
            logis_store::replaced::households(&staged, "changed_households");
        execute(&mut self.tx, &delete).await?;
        let done = sqlx::query(&insert).execute(&mut *self.tx).await.map_err(db_error)?;
        execute(&mut self.tx, &list).await?;
        Ok(done.rows_affected())
    }

    /// Brings the bilan's projections up to date when their tables were written
    /// ([`projection::after_import`]).
    async fn rebuild_projection(&mut self) -> Result<()> {
        let whole = self.whole.contains(&Table::Demandes) || self.whole.contains(&Table::Membres);
        // Attributions loaded whole are still in their shadow.
        let attributions = if self.whole.contains(&Table::Attributions) {
            swap::shadow(Table::Attributions.name())
        } else {
            Table::Attributions.name().to_owned()
        };
        // The applications' projection written whole by this import is in its shadow too.
        let projected = swap::shadow(Table::DemandesBilan.name());
        let sources = projection::Sources {
            changed: "changed_numeros",
            attributions: &attributions,
            projected: self.whole.contains(&Table::DemandesBilan).then_some(&projected),
        };
        for sql in projection::after_import(&DIALECT, whole, &sources) {
            execute(&mut self.tx, &sql).await?;
        }
        Ok(())
    }
}
