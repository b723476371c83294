//! The storage seam of Logis: the [`Store`] trait, with methods shaped by use case and two
//! primitives for this crate's own SQL ([`statement`]); the table layout and value codec both
//! backends share; the use cases written once over those primitives — the access register
//! ([`access`]), the partners' work on applications ([`dossiers`]), allocation's records
//! ([`allocation`]), the bilan's counts ([`bilan`]), a form's save ([`saves`]), the purge
//! ([`retention`]) —; and, for the tests (feature `conformance`), the suite every backend passes.
//!
//! Error policy: backends map their driver errors into [`StoreError`] — not found, conflict and
//! busy apart from other failures, the cause kept as its source; nothing above the store sees a
//! driver type. Messages of `StoreError` are for logs and developers; user-facing layers say in
//! French what to do.

pub mod access;
pub mod allocation;
pub mod bilan;
pub mod codec;
#[cfg(feature = "conformance")]
pub mod conformance;
#[cfg(feature = "conformance")]
mod conformance_digests;
#[cfg(feature = "conformance")]
pub mod conformance_export;
#[cfg(feature = "conformance")]
mod conformance_reimport;
#[cfg(feature = "conformance")]
mod conformance_selected;
pub mod digests;
pub mod dossiers;
pub mod encoded;
pub mod flux;
pub mod give_way;
pub mod households;
pub mod overview;
pub mod record;
pub mod replaced;
pub mod retention;
pub mod saves;
pub mod scores;
pub mod select;
pub mod settings;
pub mod statement;
pub mod tables;
pub mod territory;
pub mod utf8;
pub mod value;
pub mod written;

pub use access::accounts::StoredAccount;
pub use access::audit::AuditEntry;
pub use access::sessions::StoredSession;
pub use bilan::BilanCounts;
pub use codec::Record;
pub use encoded::{Cell, ChunkEncoder, Encoded, Encoder, StoredRow};
pub use overview::Overview;
pub use scores::{CandidateEntry, ComparableGroup, ScoreHistoryEntry, StoredGrid, StoredScore};
pub use statement::{RowsSelected, Statement};
pub use tables::{ColumnType, KeyKind, Table};
pub use value::{Row, Value};
pub use written::Written;

use async_trait::async_trait;
use codec::Stored;
use logis_domain::{Date, Demande, Membre};
use std::collections::HashSet;

/// The cause of a store's error (the driver's error, or a message), kept for the server's log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// What can go wrong in a store: what the callers decide on (not found, conflict, busy) apart
/// from the other failures, each with its cause kept as its `source`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("base de données inaccessible : {0}")]
    Connect(#[source] Cause),
    /// What was asked for is not in the store.
    #[error("introuvable : {0}")]
    NotFound(String),
    /// A write that breaks a uniqueness or reference rule of the tables (another write took the
    /// key first, or the row it refers to is gone). Nothing was written.
    #[error("écriture en conflit avec les données : {0}")]
    Conflict(#[source] Cause),
    /// A write could not take its lock in time: an import or a recalculation of the cotation
    /// holds it. Nothing was written; the same write succeeds once they are done.
    #[error("base occupée par un import ou un recalcul : {0}")]
    Busy(#[source] Cause),
    #[error("donnée illisible dans la table {table} : {detail}")]
    Corrupt { table: &'static str, detail: String },
    #[error("écriture interrompue : {0}")]
    Aborted(String),
    /// Any other failure of the database.
    #[error("erreur de la base de données : {0}")]
    Other(#[source] Cause),
}

/// The refusal of a write to `table` by a transaction that did not declare it
/// ([`Store::begin_writing`]): a mistake of the code, never of the data.
pub fn undeclared(table: Table) -> StoreError {
    StoreError::other(format!(
        "écriture dans la table {} qu'une transaction n'a pas annoncée",
        table.name()
    ))
}

/// Whether a transaction that declared the tables `declared` may write `selected`
/// ([`ImportTx::write_selected`]), `from_whole` telling whether it loads `selected.from` whole:
/// both tables declared, the rows read from a table written whole by the transaction, and
/// written into none the bilan's projections follow (their changes are tracked row by row,
/// and their members household by household). A refusal is a mistake of the code.
pub fn selectable(
    selected: &RowsSelected,
    declared: &HashSet<Table>,
    from_whole: bool,
) -> Result<()> {
    if let Some(table) = [selected.into, selected.from].into_iter().find(|t| !declared.contains(t))
    {
        return Err(undeclared(table));
    }
    let (into, from) = (selected.into.name(), selected.from.name());
    if !from_whole {
        return Err(StoreError::other(format!(
            "lignes de {into} tirées de {from}, que la transaction n'a pas écrite en entier"
        )));
    }
    if bilan::projection::reads(selected.into) {
        return Err(StoreError::other(format!(
            "lignes de {into} tirées de {from} : cette table se met à jour ligne par ligne"
        )));
    }
    Ok(())
}

impl StoreError {
    /// Another failure, said by `detail`.
    pub fn other(detail: impl Into<String>) -> Self {
        StoreError::Other(detail.into().into())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A callback that receives exported values one by one.
pub type Sink<'a, T> = dyn FnMut(T) -> Result<()> + Send + 'a;

/// The store of one territory's data.
#[async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// What differs in its SQL (the bilan's queries and projections).
    fn dialect(&self) -> &'static bilan::Dialect;

    /// Starts writing `tables`, and only them, in one transaction: nothing is visible before
    /// [`ImportTx::commit`], and dropping the transaction writes nothing. On PostgreSQL only
    /// these tables are locked against other writers (the cotation's refresh, which writes the
    /// scores, leaves the applications free for the forms' saves); rows written or replaced in
    /// another table are refused ([`undeclared`]); statements given to [`ImportTx::execute`]
    /// must keep to the declared tables.
    async fn begin_writing(&self, tables: &[Table]) -> Result<Box<dyn ImportTx>>;

    /// Starts writing a file set in one transaction, every table declared
    /// ([`Store::begin_writing`]).
    async fn begin_import(&self) -> Result<Box<dyn ImportTx>> {
        self.begin_writing(&Table::ALL).await
    }

    /// Streams every row of `table`, in key order, to `sink` (see [`export_all`] for a typed
    /// version).
    async fn export(&self, table: Table, sink: &mut Sink<'_, Record>) -> Result<()>;

    /// Streams every row of `tables`, one table after the other, each row encoded by a
    /// [`ChunkEncoder`] of `encoder` on the backend's threads (a row holds at least the
    /// table's [`Table::exported_columns`], in the order of [`Table::columns`]); `sink` receives the encoded rows
    /// in order. The rows come in the order the backend reads fastest, not necessarily their
    /// key's, all tables in one snapshot: the SQLite backend reads a database file in the order
    /// its rows are stored (the files' order, rows written later at the end), on every core;
    /// the PostgreSQL one through `COPY … TO STDOUT` on three connections, in the order its pages
    /// hold the rows (an updated row moves); an in-memory SQLite database reads
    /// [`Store::export`].
    async fn export_encoded(
        &self,
        tables: &[Table],
        encoder: std::sync::Arc<Encoder>,
        sink: &mut Sink<'_, Encoded>,
    ) -> Result<()> {
        encoded::in_key_order(self, tables, &*encoder, sink).await
    }

    /// Streams the applications active at some date from `from` to `to`, each with its
    /// household, in no particular order (the backend's fastest), without contact details
    /// (names, addresses, phone, e-mail, reception point): what whole-territory computations
    /// read.
    async fn export_households(
        &self,
        from: Date,
        to: Date,
        sink: &mut Sink<'_, (Demande, Vec<Membre>)>,
    ) -> Result<()>;

    /// The rows of `table` whose first key columns equal `key` (text values), in key order:
    /// one application's score or history, one comparable group.
    async fn lookup(&self, table: Table, key: &[&str]) -> Result<Vec<Record>>;

    /// The counts of the evaluation of `year` (bilan.md), by SQL aggregate queries (after
    /// [`Store::prepare_bilan`] when needed).
    async fn bilan_counts(&self, year: i32) -> Result<BilanCounts>;

    /// Rebuilds the bilan's projections of the data ([`bilan::projection`]) when an import
    /// that loaded applications or members as a whole left them to rebuild; true when it did.
    async fn prepare_bilan(&self) -> Result<bool>;

    /// Runs one of this crate's read statements (`$n` parameters), each row read as values
    /// of `columns`' types ([`statement`]).
    async fn fetch(&self, sql: &str, params: &[Value], columns: &[ColumnType]) -> Result<Vec<Row>>;

    /// Runs this crate's write statements in one transaction; the number of rows they changed.
    async fn execute(&self, statements: &[Statement]) -> Result<u64>;

    /// Runs one of this crate's read statements in the access register (accounts, sessions,
    /// API tokens, the audit log: [`access`]). A backend that keeps the register in its one
    /// database runs it as [`Store::fetch`].
    async fn fetch_access(
        &self,
        sql: &str,
        params: &[Value],
        columns: &[ColumnType],
    ) -> Result<Vec<Row>> {
        self.fetch(sql, params, columns).await
    }

    /// Runs write statements of the access register in one transaction of its own, never
    /// waiting for an import's or a cotation's lock on the applications ([`access::write`]).
    async fn execute_access(&self, statements: &[Statement]) -> Result<u64> {
        self.execute(statements).await
    }

    /// Counts that summarise the territory at a reference date.
    async fn overview(&self, reference: Date) -> Result<Overview>;

    /// Closes connections cleanly (checkpoints SQLite's journal).
    async fn close(&self);
}

/// One import, all-or-nothing. Rows are upserted on their key; for an application whose
/// members are written, those members replace its household at commit. Readers are never
/// kept waiting: until the commit they read the data as it was, whatever is being written.
#[async_trait]
pub trait ImportTx: Send {
    async fn write(&mut self, table: Table, rows: &[Row]) -> Result<()>;
    /// Replaces `table` as a whole by the rows this transaction writes into it afterwards
    /// (derived tables recomputed as a whole, such as the current scores). The table may be
    /// loaded apart and put in place at commit: statements of [`ImportTx::execute`] must not
    /// write into a table replaced, or loaded while it was empty.
    async fn replace_all(&mut self, table: Table) -> Result<()>;
    /// Whether `table` is loaded whole by this transaction (empty at its start, or replaced):
    /// an import then writes what it derives from the rows (the bilan's projection) as it
    /// reads them.
    fn loads_whole(&self, table: Table) -> bool;
    /// Of `keys`, those that existed in the store before this import.
    async fn known_keys(&mut self, kind: KeyKind, keys: &[String]) -> Result<HashSet<String>>;
    /// Runs this crate's write statements in the same transaction (statements that must land
    /// with the import's rows); the rows they changed.
    async fn execute(&mut self, statements: &[Statement]) -> Result<u64>;
    /// Writes into `selected.into`, as [`ImportTx::write`] writes rows, those `selected` makes
    /// of every row this transaction wrote into `selected.from` (a table it replaced, or loaded
    /// while it was empty); the rows written.
    async fn write_selected(&mut self, selected: &RowsSelected) -> Result<u64>;
    /// Commits; the rows written, table by table. A row equal to the stored one is not written
    /// (nor counted), and members whose household comes back as it is stored neither.
    async fn commit(self: Box<Self>) -> Result<Written>;
}

/// The stored values of type `T` whose first key columns equal `key`.
pub async fn lookup_all<T: Stored>(store: &dyn Store, key: &[&str]) -> Result<Vec<T>> {
    let records = store.lookup(T::TABLE, key).await?;
    Ok(records
        .into_iter()
        .map(|record| T::from_record(record).expect("a table's rows decode to its own type"))
        .collect())
}

/// Streams every stored value of type `T`, in key order.
pub async fn export_all<T: Stored>(store: &dyn Store, sink: &mut Sink<'_, T>) -> Result<()> {
    store
        .export(T::TABLE, &mut |record| {
            let value = T::from_record(record).expect("a table's rows decode to its own type");
            sink(value)
        })
        .await
}
