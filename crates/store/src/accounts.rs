//! The accounts of the partners' application as the store keeps them: login, role code, what
//! the account is attached to, the password's Argon2id hash (never the password).

use crate::statement::{Statement, Values, int, optional_text, text};
use crate::tables::ColumnType::{self, Int, Text};
use crate::value::Row;

/// An account (`comptes`). The role is its code (`logis_access::Role::code`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub login: String,
    pub role: String,
    pub organisme: Option<String>,
    pub commune: Option<String>,
    /// The PHC string of the password's hash.
    pub password_hash: String,
    /// When the account was first saved, in seconds since 1970.
    pub created_at: i64,
}

/// The columns of [`FIND_SQL`].
pub const COLUMNS: &[ColumnType] = &[Text, Text, Text, Text, Text, Int];

impl StoredAccount {
    /// Reads a row of [`FIND_SQL`].
    pub fn read(row: Row) -> crate::Result<Self> {
        let mut v = Values::of(row);
        Ok(StoredAccount {
            login: v.text()?,
            role: v.text()?,
            organisme: v.optional_text()?,
            commune: v.optional_text()?,
            password_hash: v.text()?,
            created_at: v.int()?,
        })
    }
}

/// The statement that saves `account` ([`SAVE_SQL`]).
pub fn save(account: &StoredAccount) -> Statement {
    let params = vec![
        text(&account.login),
        text(&account.role),
        optional_text(account.organisme.as_deref()),
        optional_text(account.commune.as_deref()),
        text(&account.password_hash),
        int(account.created_at),
    ];
    Statement::new(SAVE_SQL, params)
}

/// Saves an account, replacing the one of the same login (its creation time is kept).
/// Parameters: login, role, organisme, commune, hash, creation time.
pub const SAVE_SQL: &str =
    "INSERT INTO comptes (login, role, organisme, commune, mot_de_passe, cree_le)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (login) DO UPDATE SET role = excluded.role, organisme = excluded.organisme,
    commune = excluded.commune, mot_de_passe = excluded.mot_de_passe";

/// The account of a login (`$1`), in [`COLUMNS`].
pub const FIND_SQL: &str =
    "SELECT login, role, organisme, commune, mot_de_passe, CAST(cree_le AS BIGINT)
FROM comptes WHERE login = $1";

/// Every account, by login.
pub const ALL_SQL: &str =
    "SELECT login, role, organisme, commune, mot_de_passe, CAST(cree_le AS BIGINT)
FROM comptes ORDER BY login";

/// Every account, by login.
pub async fn all(store: &dyn crate::Store) -> crate::Result<Vec<StoredAccount>> {
    let rows = store.fetch(ALL_SQL, &[], COLUMNS).await?;
    rows.into_iter().map(StoredAccount::read).collect()
}

/// The account behind an open session (the hash of its token `$1`, still open at `$2`): one
/// statement for every request of a signed-in user.
pub const OF_SESSION_SQL: &str =
    "SELECT a.login, a.role, a.organisme, a.commune, a.mot_de_passe, CAST(a.cree_le AS BIGINT)
FROM sessions s JOIN comptes a ON a.login = s.login WHERE s.jeton_hache = $1 AND s.expire_le > $2";

/// The account behind an API token that is not revoked (the hash of the token `$1`).
pub const OF_TOKEN_SQL: &str =
    "SELECT a.login, a.role, a.organisme, a.commune, a.mot_de_passe, CAST(a.cree_le AS BIGINT)
FROM jetons_api t JOIN comptes a ON a.login = t.login WHERE t.jeton_hache = $1 AND t.revoque_le IS NULL";

/// The account of the session whose token hashes to `token_hash`, if it is open at `now`.
pub async fn of_session(
    store: &dyn crate::Store,
    token_hash: &str,
    now: i64,
) -> crate::Result<Option<StoredAccount>> {
    let rows = store.fetch(OF_SESSION_SQL, &[text(token_hash), int(now)], COLUMNS).await?;
    rows.into_iter().next().map(StoredAccount::read).transpose()
}

/// The account of the API token that hashes to `token_hash`, if it is not revoked.
pub async fn of_token(
    store: &dyn crate::Store,
    token_hash: &str,
) -> crate::Result<Option<StoredAccount>> {
    let rows = store.fetch(OF_TOKEN_SQL, &[text(token_hash)], COLUMNS).await?;
    rows.into_iter().next().map(StoredAccount::read).transpose()
}
