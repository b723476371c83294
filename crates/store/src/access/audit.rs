//! The audit log, as the access register keeps it: who did what, when and from where, never
//! with personal data beyond an application's numéro (a list is described by its filters and
//! how many names it showed, never by the names).

use super::AccessWrite;
use crate::record::{StoredRecord, insert, select_list};
use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::Int;
use crate::{Result, Store};
pub use logis_domain::work::AuditAction;

crate::stored_record! {
    /// A line of the audit log (`journal_audit`, numbered by the store in the order written).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AuditEntry in "journal_audit" {
        /// Seconds since 1970.
        pub at: i64 as "moment",
        pub login: String,
        pub action: AuditAction,
        /// What it was done to (a numéro unique, a list's filters, an export's description).
        pub target: String as "objet",
        /// Where from (the client's address, or `ligne de commande`).
        pub origin: String as "origine",
    }
}

/// Who acts, from where (a client's address, or `ligne de commande`), when (seconds since
/// 1970): what every line of the log says besides the act.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub login: &'a str,
    pub origin: &'a str,
    pub at: i64,
}

impl Actor<'_> {
    /// The line saying that this actor did `action` to `target`.
    pub fn line(&self, action: AuditAction, target: String) -> AccessWrite {
        record(&AuditEntry {
            at: self.at,
            login: self.login.to_owned(),
            action,
            target,
            origin: self.origin.to_owned(),
        })
    }
}

/// Writes `entry`.
pub fn record(entry: &AuditEntry) -> AccessWrite {
    AccessWrite::of(insert(entry, &[], None))
}

/// Removes the lines written before `before`.
pub fn forget_before(before: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM journal_audit WHERE moment < $1",
        vec![int(before)],
    ))
}

async fn entries(
    store: &dyn Store,
    filter: &str,
    params: &[crate::Value],
) -> Result<Vec<AuditEntry>> {
    let sql = format!(
        "SELECT {} FROM journal_audit {filter} ORDER BY moment DESC, ligne DESC LIMIT ${}",
        select_list::<AuditEntry>(),
        params.len()
    );
    let rows = store.fetch_access(&sql, params, AuditEntry::TYPES).await?;
    rows.into_iter().map(AuditEntry::read).collect()
}

/// The newest `limit` lines, newest first.
pub async fn latest(store: &dyn Store, limit: u32) -> Result<Vec<AuditEntry>> {
    entries(store, "", &[int(i64::from(limit))]).await
}

/// The newest `limit` lines whose object names `text` (an application's numéro), newest first.
pub async fn mentioning(store: &dyn Store, text_: &str, limit: u32) -> Result<Vec<AuditEntry>> {
    let escaped = text_.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let params = [text(format!("%{escaped}%")), int(i64::from(limit))];
    entries(store, "WHERE objet LIKE $1 ESCAPE '\\'", &params).await
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

/// The newest `limit` lines of `action` written from `since` on (seconds since 1970), by
/// `login` alone when given, newest first: read along the log's index of moments, from the
/// newest, never the whole log.
pub async fn of_action_since(
    store: &dyn Store,
    action: AuditAction,
    login: Option<&str>,
    since: i64,
    limit: u32,
) -> Result<Vec<AuditEntry>> {
    let mut params = vec![text(action.code()), int(since)];
    let mut filter = "WHERE action = $1 AND moment >= $2".to_owned();
    if let Some(login) = login {
        params.push(text(login));
        filter.push_str(" AND login = $3");
    }
    params.push(int(i64::from(limit)));
    entries(store, &filter, &params).await
}
