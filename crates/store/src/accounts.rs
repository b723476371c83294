//! The accounts of the partners' application as the store keeps them: login, role code, what
//! the account is attached to, the password's Argon2id hash (never the password).

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

/// A row of [`FIND_SQL`].
pub type AccountRow = (String, String, Option<String>, Option<String>, String, i64);

impl From<AccountRow> for StoredAccount {
    fn from((login, role, organisme, commune, password_hash, created_at): AccountRow) -> Self {
        StoredAccount { login, role, organisme, commune, password_hash, created_at }
    }
}

/// Saves an account, replacing the one of the same login (its creation time is kept).
/// Parameters: login, role, organisme, commune, hash, creation time.
pub const SAVE_SQL: &str =
    "INSERT INTO comptes (login, role, organisme, commune, mot_de_passe, cree_le)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (login) DO UPDATE SET role = excluded.role, organisme = excluded.organisme,
    commune = excluded.commune, mot_de_passe = excluded.mot_de_passe";

/// The account of a login (`$1`), as an [`AccountRow`].
pub const FIND_SQL: &str =
    "SELECT login, role, organisme, commune, mot_de_passe, CAST(cree_le AS BIGINT)
FROM comptes WHERE login = $1";
