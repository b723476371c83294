//! Sessions of the partners' application and its audit log, as the store keeps them. A
//! session is found by the hash of its token (the token itself lives only in the user's
//! cookie); the audit log says who did what, when and from where, never with personal data
//! beyond the application's number.

use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::{self, Int, Text};
use crate::value::Row;

/// A session (`sessions`): the SHA-256 hex of its token, its account, when it was opened and
/// when it ends (seconds since 1970).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub token_hash: String,
    pub login: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A line of the audit log (`journal_audit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Seconds since 1970.
    pub at: i64,
    pub login: String,
    /// What was done: `consultation`, `modification`, `export`, `connexion`…
    pub action: String,
    /// What it was done to (a numéro unique, an export's description).
    pub target: String,
    /// Where from (the client's address).
    pub origin: String,
}

/// Parameters: token hash, login, opened, ends.
pub const CREATE_SESSION_SQL: &str =
    "INSERT INTO sessions (jeton_hache, login, cree_le, expire_le) VALUES ($1, $2, $3, $4)";

/// The session of a token hash (`$1`) still open at `$2`.
pub const FIND_SESSION_SQL: &str =
    "SELECT jeton_hache, login, CAST(cree_le AS BIGINT), CAST(expire_le AS BIGINT)
FROM sessions WHERE jeton_hache = $1 AND expire_le > $2";

pub const DELETE_SESSION_SQL: &str = "DELETE FROM sessions WHERE jeton_hache = $1";

/// Sessions ended at `$1`: removed when a session opens.
pub const DELETE_ENDED_SQL: &str = "DELETE FROM sessions WHERE expire_le <= $1";

/// Parameters: time, login, action, target, origin.
pub const RECORD_AUDIT_SQL: &str =
    "INSERT INTO journal_audit (moment, login, action, objet, origine)
VALUES ($1, $2, $3, $4, $5)";

/// The newest `$1` lines, newest first.
pub const LATEST_AUDIT_SQL: &str = "SELECT CAST(moment AS BIGINT), login, action, objet, origine
FROM journal_audit ORDER BY moment DESC, ligne DESC LIMIT $1";

/// The columns of [`FIND_SESSION_SQL`].
pub const SESSION_COLUMNS: &[ColumnType] = &[Text, Text, Int, Int];
/// The columns of [`LATEST_AUDIT_SQL`].
pub const AUDIT_COLUMNS: &[ColumnType] = &[Int, Text, Text, Text, Text];

impl StoredSession {
    /// Reads a row of [`FIND_SESSION_SQL`].
    pub fn read(row: Row) -> crate::Result<Self> {
        let mut v = Values::of(row);
        Ok(StoredSession {
            token_hash: v.text()?,
            login: v.text()?,
            created_at: v.int()?,
            expires_at: v.int()?,
        })
    }
}

impl AuditEntry {
    /// Reads a row of [`LATEST_AUDIT_SQL`].
    pub fn read(row: Row) -> crate::Result<Self> {
        let mut v = Values::of(row);
        Ok(AuditEntry {
            at: v.int()?,
            login: v.text()?,
            action: v.text()?,
            target: v.text()?,
            origin: v.text()?,
        })
    }
}

/// The statement that removes the sessions ended when `session` opens.
pub fn delete_ended(session: &StoredSession) -> Statement {
    Statement::new(DELETE_ENDED_SQL, vec![int(session.created_at)])
}

/// The statement that opens `session`.
pub fn create(session: &StoredSession) -> Statement {
    let params = vec![
        text(&session.token_hash),
        text(&session.login),
        int(session.created_at),
        int(session.expires_at),
    ];
    Statement::new(CREATE_SESSION_SQL, params)
}

/// The statement that writes `entry` in the audit log.
pub fn record(entry: &AuditEntry) -> Statement {
    let params = vec![
        int(entry.at),
        text(&entry.login),
        text(&entry.action),
        text(&entry.target),
        text(&entry.origin),
    ];
    Statement::new(RECORD_AUDIT_SQL, params)
}
