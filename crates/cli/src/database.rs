//! Opening the store named by `--database`.

use anyhow::{Context, Result, bail};
use logis_store::Store;

/// Opens a SQLite or PostgreSQL store from its URL, applying migrations.
pub async fn open(url: &str) -> Result<Box<dyn Store>> {
    if url.starts_with("sqlite:") {
        let store = logis_store_sqlite::SqliteStore::open(url)
            .await
            .with_context(|| format!("ouverture de la base SQLite {url}"))?;
        Ok(Box::new(store))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = logis_store_postgres::PgStore::open(url)
            .await
            .context("connexion au serveur PostgreSQL (vérifiez l'adresse, l'utilisateur et que le serveur est démarré)")?;
        Ok(Box::new(store))
    } else {
        bail!(
            "adresse de base de données non reconnue : elle doit commencer par sqlite:// \
             (fichier local) ou postgres:// (serveur)"
        )
    }
}
