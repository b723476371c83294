//! The access register's file (accounts, sessions, API tokens, the audit log): `logis-acces.db`
//! beside `logis.db`, with its own migrations (`migrations/sqlite-acces`) and its own
//! connections. SQLite has one writer per file: an import or a recalculation of the cotation
//! holds the main file's write lock for minutes at national scale, while signing in and the
//! audit line of every page that shows personal data write here, without waiting for it.
//!
//! Databases made before this register (migration 0013 renamed their tables `ancien_…`) have
//! their rows copied here the first time they are opened, then the old tables are dropped.

use crate::db_error;
use logis_store::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use std::path::{Path, PathBuf};
use std::time::Duration;

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite-acces");

/// How long a write of the register waits for another one (they take milliseconds).
const BUSY: Duration = Duration::from_secs(5);

/// The register's file for the database file `main`: `logis.db` → `logis-acces.db`.
pub fn path_of(main: &Path) -> PathBuf {
    let stem = main.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match main.extension() {
        Some(ext) => format!("{stem}-acces.{}", ext.to_string_lossy()),
        None => format!("{stem}-acces.db"),
    };
    main.with_file_name(name)
}

fn options(file: Option<&Path>) -> Result<SqliteConnectOptions> {
    let options = match file {
        Some(file) => SqliteConnectOptions::new().filename(file),
        None => "sqlite::memory:"
            .parse::<SqliteConnectOptions>()
            .map_err(|e| StoreError::Connect(e.into()))?,
    };
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(BUSY))
}

/// Opens (creating if missing) the register of the database file `main` (`None`: in memory)
/// and applies its migrations.
pub async fn open(main: Option<&Path>) -> Result<SqlitePool> {
    let file = main.map(path_of);
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options(file.as_deref())?)
        .await
        .map_err(|e| StoreError::Connect(e.into()))?;
    MIGRATIONS.run(&pool).await.map_err(|e| StoreError::Other(e.into()))?;
    Ok(pool)
}

/// The tables migration 0013 renamed, and how their rows are copied into the register.
const TAKEN_OVER: [(&str, &str); 4] = [
    (
        "ancien_comptes",
        "INSERT OR IGNORE INTO comptes (login, role, organisme, commune, mot_de_passe, cree_le)
         SELECT login, role, organisme, commune, mot_de_passe, cree_le FROM ancien.ancien_comptes",
    ),
    (
        "ancien_sessions",
        "INSERT OR IGNORE INTO sessions (jeton_hache, login, cree_le, expire_le, dernier_acces)
         SELECT jeton_hache, login, cree_le, expire_le, cree_le FROM ancien.ancien_sessions",
    ),
    (
        // Tokens issued before carried every right of their account: they keep it, for a year.
        "ancien_jetons_api",
        "INSERT OR IGNORE INTO jetons_api (jeton_hache, nom, login, cree_le, revoque_le, expire_le, portee)
         SELECT jeton_hache, nom, login, cree_le, revoque_le,
                CAST(strftime('%s', 'now') AS INTEGER) + 365 * 86400, 'administration'
         FROM ancien.ancien_jetons_api",
    ),
    (
        "ancien_journal_audit",
        "INSERT OR IGNORE INTO journal_audit (ligne, moment, login, action, objet, origine)
         SELECT ligne, moment, login, action, objet, origine FROM ancien.ancien_journal_audit",
    ),
];

/// Copies the rows of the tables migration 0013 renamed into the register, then drops them.
/// Copying twice (a crash between the copy and the drop) copies nothing more.
pub async fn take_over_old_tables(main: &SqlitePool, main_file: Option<&Path>) -> Result<()> {
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ancien_%'",
    )
    .fetch_all(main)
    .await
    .map_err(db_error)?;
    if left.is_empty() {
        return Ok(());
    }
    if let Some(file) = main_file {
        let mut register = SqliteConnection::connect_with(&options(Some(&path_of(file)))?)
            .await
            .map_err(db_error)?;
        sqlx::query("ATTACH DATABASE ? AS ancien")
            .bind(file.to_string_lossy().into_owned())
            .execute(&mut register)
            .await
            .map_err(db_error)?;
        let mut tx = register.begin().await.map_err(db_error)?;
        for (table, copy) in TAKEN_OVER {
            if left.iter().any(|t| t == table) {
                sqlx::query(copy).execute(&mut *tx).await.map_err(db_error)?;
            }
        }
        tx.commit().await.map_err(db_error)?;
        sqlx::query("DETACH DATABASE ancien").execute(&mut register).await.map_err(db_error)?;
        register.close().await.map_err(db_error)?;
    }
    let mut tx = main.begin_with(crate::statements::WRITE).await.map_err(db_error)?;
    for table in &left {
        sqlx::query(&format!("DROP TABLE IF EXISTS \"{table}\""))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_lies_beside_the_database() {
        assert_eq!(path_of(Path::new("/srv/logis.db")), Path::new("/srv/logis-acces.db"));
        assert_eq!(path_of(Path::new("base")), Path::new("base-acces.db"));
        assert_eq!(path_of(Path::new("x/t.sqlite")), Path::new("x/t-acces.sqlite"));
    }
}
