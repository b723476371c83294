//! Test support: one throw-away database per test on the server named by
//! `LOGIS_TEST_POSTGRES_URL` (CI sets it; without it PostgreSQL tests are skipped).

use sqlx::Connection;
use sqlx::postgres::PgConnection;
use std::sync::atomic::{AtomicU32, Ordering};

/// The environment variable naming the test server, e.g. `postgres://postgres@127.0.0.1:5432/postgres`.
pub const ENV: &str = "LOGIS_TEST_POSTGRES_URL";

/// The server URL when PostgreSQL tests are enabled.
pub fn server_url() -> Option<String> {
    std::env::var(ENV).ok().filter(|s| !s.is_empty())
}

/// A database created for one test; [`TempDatabase::drop_now`] removes it.
pub struct TempDatabase {
    server: String,
    pub name: String,
    pub url: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let root =
        base.rsplit_once('/').map(|(r, _)| r).filter(|r| r.contains("//") && !r.ends_with('/'));
    match root {
        Some(root) if base.matches('/').count() > 2 => format!("{root}/{name}{query}"),
        _ => format!("{}/{name}{query}", base.trim_end_matches('/')),
    }
}

/// Drops the test databases left by test processes that are gone (a test that panicked does
/// not reach its cleanup): their names carry the process id.
async fn drop_leftovers(admin: &mut PgConnection) -> Result<(), sqlx::Error> {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'logis\\_test\\_%'")
            .fetch_all(&mut *admin)
            .await?;
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let gone = pid.is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists());
        if gone {
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut *admin)
                .await?;
        }
    }
    Ok(())
}

impl TempDatabase {
    /// Creates an empty database with a unique name on the server.
    pub async fn create(server: &str) -> Result<TempDatabase, sqlx::Error> {
        use std::hash::BuildHasher;
        // Random keys of the standard library's hasher: two test processes draw different ones.
        let nanos = std::collections::hash_map::RandomState::new().hash_one(0u8) % 1_000_000_000;
        let name = format!(
            "logis_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        let mut admin = PgConnection::connect(server).await?;
        drop_leftovers(&mut admin).await?;
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
        admin.close().await?;
        Ok(TempDatabase { server: server.to_owned(), url: with_database(server, &name), name })
    }

    /// Waits until no session but this one works on the database (a client killed while the
    /// server still runs its last statement: the server rolls it back, or commits it when the
    /// client had sent its commit), for up to a minute.
    pub async fn settle(&self) -> Result<(), sqlx::Error> {
        let mut admin = PgConnection::connect(&self.server).await?;
        for _ in 0..600 {
            let others: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            )
            .bind(&self.name)
            .fetch_one(&mut admin)
            .await?;
            if others == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        admin.close().await
    }

    /// Drops the database (even with connections still open).
    pub async fn drop_now(self) -> Result<(), sqlx::Error> {
        let mut admin = PgConnection::connect(&self.server).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .execute(&mut admin)
            .await?;
        admin.close().await
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_replaces_the_path() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
