//! Loading a table whole without locking its readers out: the rows go into a shadow table
//! (`nouveau_<table>`, shaped like it, without indexes), which gets the table's indexes and
//! statistics ([`prepare`]) and then takes its place ([`replace`]), all inside the writing
//! transaction. Readers go on reading the table as it was until the commit; the swap itself
//! takes the table's exclusive lock, which readers wait for until the commit: a writer replaces
//! its tables last, just before committing. (Truncating the table, or dropping its key, would
//! lock every reader out for the minutes a national import or a cotation takes.)
//!
//! The shadow is made by the connected role and takes the table's place: with separate roles
//! for migrations and for the application, the application's role must own the data tables
//! (or the schema's default privileges grant the readers' roles on new tables).

use crate::db_error;
use logis_store::Result;
use sqlx::{Postgres, Row as _, Transaction};

/// The shadow of the table `name`.
pub fn shadow(name: &str) -> String {
    format!("nouveau_{name}")
}

async fn execute(tx: &mut Transaction<'static, Postgres>, sql: &str) -> Result<()> {
    sqlx::query(sql).execute(&mut **tx).await.map_err(db_error)?;
    Ok(())
}

/// Creates the empty shadow of `name`: its columns with their defaults, NOT NULL and CHECK
/// constraints, storage and statistics targets, and no index yet (they are built once the
/// rows are in, which is much faster than maintaining them row by row).
pub async fn create(tx: &mut Transaction<'static, Postgres>, name: &str) -> Result<()> {
    let sql =
        format!("CREATE TABLE {} (LIKE {name} INCLUDING ALL EXCLUDING INDEXES)", shadow(name));
    execute(tx, &sql).await
}

/// The primary key a table must have after its swap: its constraint's name and columns (the
/// data tables' keys are made by their first import, not by the migrations).
pub struct Key<'a> {
    pub name: &'a str,
    pub columns: &'a [&'a str],
}

/// A shadow ready to take its table's place: its indexes built under their shadow names.
#[must_use = "a prepared shadow takes its table's place through `replace`"]
pub struct Prepared {
    table: String,
    indexes: Vec<String>,
}

/// Gives the shadow of `name` its primary key `key`, the other indexes and the triggers of
/// `name` (a trigger's name is its table's own: it follows the shadow's renaming), and fresh
/// planner statistics (the long part: readers of `name` are not held meanwhile).
pub async fn prepare(
    tx: &mut Transaction<'static, Postgres>,
    name: &str,
    key: Option<Key<'_>>,
) -> Result<Prepared> {
    let shadow = shadow(name);
    let mut indexes = Vec::new();
    if let Some(key) = &key {
        let sql = format!(
            "ALTER TABLE {shadow} ADD CONSTRAINT {} PRIMARY KEY ({})",
            self::shadow(key.name),
            key.columns.join(", ")
        );
        execute(tx, &sql).await?;
        indexes.push(key.name.to_owned());
    }
    let existing = sqlx::query(
        "SELECT indexname, indexdef FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname",
    )
    .bind(name)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    for row in &existing {
        let index: String = row.try_get(0).map_err(db_error)?;
        if key.as_ref().is_some_and(|k| k.name == index) {
            continue;
        }
        let definition: String = row.try_get(1).map_err(db_error)?;
        let Some(sql) = on_shadow(&definition, &index, name) else {
            return Err(logis_store::StoreError::other(format!(
                "index {index} de {name} non recréé : définition inattendue « {definition} »"
            )));
        };
        execute(tx, &sql).await?;
        indexes.push(index);
    }
    let triggers: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t
         WHERE t.tgrelid = $1::regclass AND NOT t.tgisinternal ORDER BY t.tgname",
    )
    .bind(name)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    for definition in &triggers {
        let Some(sql) = trigger_on_shadow(definition, name) else {
            return Err(logis_store::StoreError::other(format!(
                "déclencheur de {name} non recréé : définition inattendue « {definition} »"
            )));
        };
        execute(tx, &sql).await?;
    }
    execute(tx, &format!("ANALYZE {shadow}")).await?;
    Ok(Prepared { table: name.to_owned(), indexes })
}

/// Puts the prepared shadow in the place of its table (an instant; readers of the table wait
/// from here until the commit).
pub async fn replace(tx: &mut Transaction<'static, Postgres>, prepared: Prepared) -> Result<()> {
    let Prepared { table, indexes } = prepared;
    execute(tx, &format!("DROP TABLE {table}")).await?;
    execute(tx, &format!("ALTER TABLE {} RENAME TO {table}", shadow(&table))).await?;
    for index in indexes {
        execute(tx, &format!("ALTER INDEX {} RENAME TO {index}", shadow(&index))).await?;
    }
    Ok(())
}

/// The definition of `index` on `table` (as `pg_indexes` writes it) made for the table's
/// shadow, under the shadow's name of the index.
fn on_shadow(definition: &str, index: &str, table: &str) -> Option<String> {
    let (head, rest) = definition.split_once(&format!(" INDEX {index} ON "))?;
    let (target, tail) = rest.split_once(" USING ")?;
    let schema = target.strip_suffix(table)?;
    Some(format!("{head} INDEX {} ON {schema}{} USING {tail}", shadow(index), shadow(table)))
}

/// The definition of a trigger on `table` (as `pg_get_triggerdef` writes it) made for the
/// table's shadow.
fn trigger_on_shadow(definition: &str, table: &str) -> Option<String> {
    let (head, rest) = definition.split_once(" ON ")?;
    let (target, tail) = rest.split_once(' ')?;
    let schema = target.strip_suffix(table)?;
    Some(format!("{head} ON {schema}{} {tail}", shadow(table)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_definitions_are_made_for_the_shadow() {
        assert_eq!(
            trigger_on_shadow(
                "CREATE TRIGGER demandes_cles_des_noms BEFORE UPDATE OF nom, prenom ON public.demandes FOR EACH ROW EXECUTE FUNCTION demandes_cles_des_noms()",
                "demandes"
            )
            .as_deref(),
            Some(
                "CREATE TRIGGER demandes_cles_des_noms BEFORE UPDATE OF nom, prenom ON public.nouveau_demandes FOR EACH ROW EXECUTE FUNCTION demandes_cles_des_noms()"
            )
        );
        assert_eq!(
            trigger_on_shadow("CREATE TRIGGER t AFTER INSERT ON autre FOR EACH ROW", "demandes"),
            None
        );
    }

    #[test]
    fn index_definitions_are_made_for_the_shadow() {
        assert_eq!(
            on_shadow(
                "CREATE UNIQUE INDEX scores_key ON public.scores USING btree (numero_unique)",
                "scores_key",
                "scores"
            )
            .as_deref(),
            Some(
                "CREATE UNIQUE INDEX nouveau_scores_key ON public.nouveau_scores USING btree (numero_unique)"
            )
        );
        assert_eq!(
            on_shadow(
                "CREATE INDEX scores_ordre ON scores USING btree (score DESC, numero_unique)",
                "scores_ordre",
                "scores"
            )
            .as_deref(),
            Some(
                "CREATE INDEX nouveau_scores_ordre ON nouveau_scores USING btree (score DESC, numero_unique)"
            )
        );
        assert_eq!(on_shadow("CREATE INDEX a ON public.b USING btree (x)", "a", "c"), None);
    }
}
