//! The audit log searched, for its page: by account, by an application's numéro (or any text
//! of the object), by a range of days and by action, a page at a time, newest first, with the
//! number of matching lines counted up to a cap. Account, action and moment are read along the
//! log's indexes (`journal_audit_login`, `journal_audit_action`, `journal_audit_moment`); a
//! numéro is a pattern on the object, read along the moments from the newest.

use super::audit::{AuditAction, AuditEntry};
use crate::record::{StoredRecord, select_list};
use crate::statement::{Values, int, text};
use crate::tables::ColumnType::Int;
use crate::{Result, Store, Value};

/// What the log is searched for (each criterion optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The account's login, exactly.
    pub login: Option<String>,
    /// Text the object holds (an application's numéro unique).
    pub mentioning: Option<String>,
    /// Lines written at or after this moment (seconds since 1970).
    pub from: Option<i64>,
    /// Lines written before this moment.
    pub before: Option<i64>,
    pub action: Option<AuditAction>,
}

/// One page of the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Matching lines, counted up to the cap.
    pub matching: u64,
    /// Whether more lines than the cap match.
    pub more: bool,
}

/// The `WHERE` clause of `filter` and its parameters (numbered from `$1`).
fn conditions(filter: &AuditFilter) -> (String, Vec<Value>) {
    let mut params: Vec<Value> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut add = |sql: &str, value: Value, params: &mut Vec<Value>| {
        params.push(value);
        parts.push(sql.replace('?', &format!("${}", params.len())));
    };
    if let Some(login) = &filter.login {
        add("login = ?", text(login), &mut params);
    }
    if let Some(action) = filter.action {
        add("action = ?", text(action.code()), &mut params);
    }
    if let Some(from) = filter.from {
        add("moment >= ?", int(from), &mut params);
    }
    if let Some(before) = filter.before {
        add("moment < ?", int(before), &mut params);
    }
    if let Some(mentioning) = &filter.mentioning {
        let escaped = mentioning.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        add("objet LIKE ? ESCAPE '\\'", text(format!("%{escaped}%")), &mut params);
    }
    let clause =
        if parts.is_empty() { String::new() } else { format!(" WHERE {}", parts.join(" AND ")) };
    (clause, params)
}

/// Page `page` (from 0) of `size` lines matching `filter`, newest first, and how many lines
/// match, counted up to `cap`.
pub async fn search(
    store: &dyn Store,
    filter: &AuditFilter,
    page: u64,
    size: u32,
    cap: u64,
) -> Result<AuditPage> {
    let (clause, mut params) = conditions(filter);
    let counting = format!(
        "SELECT COUNT(*) FROM (SELECT 1 AS un FROM journal_audit{clause} LIMIT ${}) AS selection",
        params.len() + 1
    );
    let mut count_params = params.clone();
    count_params.push(int(i64::try_from(cap + 1).unwrap_or(i64::MAX)));
    let rows = store.fetch_access(&counting, &count_params, &[Int]).await?;
    let counted = rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    let counted = u64::try_from(counted.unwrap_or(0)).unwrap_or(0);
    params.push(int(i64::from(size)));
    params.push(int(i64::try_from(page * u64::from(size)).unwrap_or(i64::MAX)));
    let sql = format!(
        "SELECT {} FROM journal_audit{clause} ORDER BY moment DESC, ligne DESC LIMIT ${} OFFSET ${}",
        select_list::<AuditEntry>(),
        params.len() - 1,
        params.len()
    );
    let rows = store.fetch_access(&sql, &params, AuditEntry::TYPES).await?;
    let entries = rows.into_iter().map(AuditEntry::read).collect::<Result<Vec<_>>>()?;
    Ok(AuditPage { entries, matching: counted.min(cap), more: counted > cap })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_criterion_is_a_numbered_condition() {
        let filter = AuditFilter {
            login: Some("admin".into()),
            mentioning: Some("08_2".into()),
            from: Some(10),
            before: Some(20),
            action: Some(AuditAction::Export),
        };
        let (clause, params) = conditions(&filter);
        assert_eq!(
            clause,
            " WHERE login = $1 AND action = $2 AND moment >= $3 AND moment < $4 AND objet LIKE $5 ESCAPE '\\'"
        );
        assert_eq!(params.len(), 5);
        assert_eq!(params[4], text("%08\\_2%"));
        assert_eq!(conditions(&AuditFilter::default()).0, "");
    }
}
