//! A save outside an import: a few rows of the import's tables written in one ordinary
//! transaction — upserts, the household replaced, the applications' projections for the bilan
//! rebuilt (and the attributions', when some are concerned) — without the import's locks on
//! whole tables: a form's save (one application with its household, one dwelling: [`save`]), or
//! a lease with the statements of its step ([`save_with`]). A save waits only for the rows it
//! writes, and never for an evaluation being read. [`known_keys`] answers the references a
//! form's rows make.

use crate::bilan::projection;
use crate::statement::{Statement, text};
use crate::tables::{ColumnType, KeyKind, Placeholder};
use crate::{Result, Row, Store, Table, Value};
use std::collections::{BTreeSet, HashSet};

/// Which of `keys` (of the records of `kind`) the store holds.
pub async fn known_keys(
    store: &dyn Store,
    kind: KeyKind,
    keys: &[String],
) -> Result<HashSet<String>> {
    let mut found = HashSet::new();
    for chunk in keys.chunks(500) {
        let sql = kind.table().known_keys_sql(chunk.len());
        let params: Vec<Value> = chunk.iter().map(text).collect();
        for row in store.fetch(&sql, &params, &[ColumnType::Text]).await? {
            if let Some(Value::Text(Some(k))) = row.into_iter().next() {
                found.insert(k.into_owned());
            }
        }
    }
    Ok(found)
}

/// Writes `rows` (by table, each row in its table's column order, as the import writes them)
/// in one transaction: rows are inserted or replace those of the same key; the members given
/// replace the whole household of their application; the applications written are projected
/// again for the bilan (and the attributions, when one of them has some or some are written).
pub async fn save(store: &dyn Store, rows: Vec<(Table, Vec<Row>)>) -> Result<()> {
    save_with(store, rows, Vec::new(), &[]).await
}

/// [`save`], with `steps` — statements of the same step (a lease's offer, vacancy and
/// application) — in the same transaction, after the rows; `changed` names the applications
/// the steps change, projected again with those of the rows.
pub async fn save_with(
    store: &dyn Store,
    rows: Vec<(Table, Vec<Row>)>,
    steps: Vec<Statement>,
    changed: &[&str],
) -> Result<()> {
    let mut statements = Vec::new();
    let mut attributions_written = false;
    let mut applications = BTreeSet::new();
    for (table, rows) in rows {
        if rows.is_empty() {
            continue;
        }
        attributions_written |= table == Table::Attributions;
        if matches!(table, Table::Demandes | Table::Membres) {
            applications.extend(rows.iter().filter_map(key_text));
        }
        if table == Table::Membres {
            let households: BTreeSet<String> = rows.iter().filter_map(key_text).collect();
            statements.extend(households.into_iter().map(|numero| {
                Statement::new("DELETE FROM membres WHERE numero_unique = $1", vec![text(numero)])
            }));
        }
        let sql = table.upsert_sql(rows.len(), Placeholder::Numbered);
        statements.push(Statement::new(sql, rows.into_iter().flatten().collect()));
    }
    statements.extend(steps);
    applications.extend(changed.iter().map(|numero| (*numero).to_owned()));
    if !applications.is_empty() {
        for numero in &applications {
            let rebuild = projection::rebuild_one(store.dialect());
            statements.extend(rebuild.map(|sql| Statement::new(sql, vec![text(numero.as_str())])));
        }
    }
    let projected_attributions = attributions_written
        || (!applications.is_empty() && holds_attributions(store, &applications).await?);
    if projected_attributions {
        // The projection of the attributions is rebuilt whole: two saves at once on PostgreSQL
        // would each insert a full copy (each deletes only what it sees). One at a time, then;
        // readers are not stopped (EXCLUSIVE lets SELECT through). SQLite has one writer.
        if store.backend() == "postgres" {
            let lock = "LOCK TABLE attributions_bilan IN EXCLUSIVE MODE";
            statements.push(Statement::new(lock, vec![]));
        }
        statements
            .extend(projection::rebuild_attributions().map(|sql| Statement::new(sql, vec![])));
    }
    store.execute(&statements).await?;
    Ok(())
}

/// The text of a row's first column (the application's number, in `demandes` and `membres`).
fn key_text(row: &Row) -> Option<String> {
    match row.first() {
        Some(Value::Text(Some(numero))) => Some(numero.to_string()),
        _ => None,
    }
}

/// Whether one of `applications` has an attribution.
async fn holds_attributions(store: &dyn Store, applications: &BTreeSet<String>) -> Result<bool> {
    let numeros: Vec<String> = applications.iter().cloned().collect();
    let placeholders: Vec<String> = (1..=numeros.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT COUNT(*) FROM attributions WHERE numero_unique IN ({})",
        placeholders.join(", ")
    );
    let params: Vec<Value> = numeros.iter().map(text).collect();
    let rows = store.fetch(&sql, &params, &[ColumnType::Int]).await?;
    Ok(matches!(rows.first().and_then(|r| r.first()), Some(Value::Int(Some(n))) if *n > 0))
}
