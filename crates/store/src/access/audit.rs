//! The audit log, as the access register keeps it: who did what, when and from where, never
//! with personal data beyond an application's numéro (a list is described by its filters and
//! how many names it showed, never by the names).

use super::AccessWrite;
use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};

/// A line of the audit log (`journal_audit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Seconds since 1970.
    pub at: i64,
    pub login: String,
    /// What was done: `consultation`, `modification`, `export`, `connexion`…
    pub action: String,
    /// What it was done to (a numéro unique, a list's filters, an export's description).
    pub target: String,
    /// Where from (the client's address, or `ligne de commande`).
    pub origin: String,
}

/// Writes `entry`.
pub fn record(entry: &AuditEntry) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "INSERT INTO journal_audit (moment, login, action, objet, origine)
VALUES ($1, $2, $3, $4, $5)",
        vec![
            int(entry.at),
            text(&entry.login),
            text(&entry.action),
            text(&entry.target),
            text(&entry.origin),
        ],
    ))
}

/// Removes the lines written before `before`.
pub fn forget_before(before: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM journal_audit WHERE moment < $1",
        vec![int(before)],
    ))
}

/// The newest `limit` lines, newest first.
pub async fn latest(store: &dyn Store, limit: u32) -> Result<Vec<AuditEntry>> {
    let rows = store
        .fetch_access(
            "SELECT CAST(moment AS BIGINT), login, action, objet, origine
FROM journal_audit ORDER BY moment DESC, ligne DESC LIMIT $1",
            &[int(i64::from(limit))],
            &[Int, Text, Text, Text, Text],
        )
        .await?;
    rows.into_iter().map(read).collect()
}

fn read(row: crate::Row) -> Result<AuditEntry> {
    let mut v = Values::of(row);
    Ok(AuditEntry {
        at: v.int()?,
        login: v.text()?,
        action: v.text()?,
        target: v.text()?,
        origin: v.text()?,
    })
}

/// The newest `limit` lines whose object names `text` (an application's numéro), newest first.
pub async fn mentioning(store: &dyn Store, text_: &str, limit: u32) -> Result<Vec<AuditEntry>> {
    let escaped = text_.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let rows = store
        .fetch_access(
            "SELECT CAST(moment AS BIGINT), login, action, objet, origine FROM journal_audit
WHERE objet LIKE $1 ESCAPE '\\' ORDER BY moment DESC, ligne DESC LIMIT $2",
            &[text(format!("%{escaped}%")), int(i64::from(limit))],
            &[Int, Text, Text, Text, Text],
        )
        .await?;
    rows.into_iter().map(read).collect()
}

/// How many lines were written before `before`.
pub async fn count_before(store: &dyn Store, before: i64) -> Result<i64> {
    let rows = store
        .fetch_access(
            "SELECT COUNT(*) FROM journal_audit WHERE moment < $1",
            &[int(before)],
            &[Int],
        )
        .await?;
    Ok(rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?.unwrap_or(0))
}
