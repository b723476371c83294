//! Loading a table whole without locking its readers out: the rows go into a shadow table
//! (`nouveau_<table>`, shaped like it, without indexes), which gets the table's indexes and
//! statistics and then takes its place, all inside the writing transaction. Readers go on
//! reading the table as it was until the commit; the swap itself holds the table's lock for an
//! instant. (Truncating the table, or dropping its key, would lock every reader out for the
//! minutes a national import or a cotation takes.)

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

/// Creates the empty shadow of `name` (its columns, defaults and NOT NULLs, no index).
pub async fn create(tx: &mut Transaction<'static, Postgres>, name: &str) -> Result<()> {
    let sql = format!("CREATE TABLE {} (LIKE {name} INCLUDING DEFAULTS)", shadow(name));
    execute(tx, &sql).await
}

/// The primary key a table must have after its swap: its constraint's name and columns (the
/// data tables' keys are made by their first import, not by the migrations).
pub struct Key<'a> {
    pub name: &'a str,
    pub columns: &'a [&'a str],
}

/// Gives the shadow of `name` its primary key `key` and the other indexes of `name`, and fresh
/// planner statistics, then puts it in the place of `name`.
pub async fn put_in_place(
    tx: &mut Transaction<'static, Postgres>,
    name: &str,
    key: Option<Key<'_>>,
) -> Result<()> {
    let shadow = shadow(name);
    let mut renamed = Vec::new();
    if let Some(key) = &key {
        let sql = format!(
            "ALTER TABLE {shadow} ADD CONSTRAINT {} PRIMARY KEY ({})",
            self::shadow(key.name),
            key.columns.join(", ")
        );
        execute(tx, &sql).await?;
        renamed.push(key.name.to_owned());
    }
    let indexes = sqlx::query(
        "SELECT indexname, indexdef FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname",
    )
    .bind(name)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    for row in &indexes {
        let index: String = row.try_get(0).map_err(db_error)?;
        if key.as_ref().is_some_and(|k| k.name == index) {
            continue;
        }
        let definition: String = row.try_get(1).map_err(db_error)?;
        let Some(sql) = on_shadow(&definition, &index, name) else {
            return Err(logis_store::StoreError::Database(format!(
                "index {index} de {name} non recréé : définition inattendue « {definition} »"
            )));
        };
        execute(tx, &sql).await?;
        renamed.push(index);
    }
    execute(tx, &format!("ANALYZE {shadow}")).await?;
    execute(tx, &format!("DROP TABLE {name}")).await?;
    execute(tx, &format!("ALTER TABLE {shadow} RENAME TO {name}")).await?;
    for index in renamed {
        execute(tx, &format!("ALTER INDEX {} RENAME TO {index}", self::shadow(&index))).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
