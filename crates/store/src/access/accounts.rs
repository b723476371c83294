//! The accounts of the partners' application as the access register keeps them: login, role,
//! what the account is attached to, the password's Argon2id hash (never the password), whether
//! it is deactivated, and whether `logis demo` created it with a published password.

use super::AccessWrite;
use crate::statement::{Statement, Values, int, optional_text, text};
use crate::tables::ColumnType::{self, Bool, Int, Text};
use crate::value::{Row, Value};
use crate::{Result, Store, StoreError};
use logis_access::{Role, TokenScope};

/// An account (`comptes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub login: String,
    pub role: Role,
    pub organisme: Option<String>,
    pub commune: Option<String>,
    /// The PHC string of the password's hash.
    pub password_hash: String,
    /// When the account was first saved, in seconds since 1970.
    pub created_at: i64,
    /// When it was deactivated: it can then neither sign in nor use a token.
    pub disabled_at: Option<i64>,
    /// Created by `logis demo`, with a password published in the README.
    pub demonstration: bool,
}

impl StoredAccount {
    /// An active account that `logis demo` did not create.
    pub fn new(
        login: impl Into<String>,
        role: Role,
        password_hash: impl Into<String>,
        created_at: i64,
    ) -> Self {
        StoredAccount {
            login: login.into(),
            role,
            organisme: None,
            commune: None,
            password_hash: password_hash.into(),
            created_at,
            disabled_at: None,
            demonstration: false,
        }
    }

    /// Whether it may sign in and use its tokens.
    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }
}

/// The columns every query of an account reads, in [`COLUMNS`]' types.
const SELECTED: &str = "a.login, a.role, a.organisme, a.commune, a.mot_de_passe, \
    CAST(a.cree_le AS BIGINT), CAST(a.desactive_le AS BIGINT), a.demonstration";

const COLUMNS: &[ColumnType] = &[Text, Text, Text, Text, Text, Int, Int, Bool];

fn read(row: Row) -> Result<StoredAccount> {
    let mut v = Values::of(row);
    let login = v.text()?;
    let code = v.text()?;
    let role = Role::from_code(&code).ok_or_else(|| StoreError::Corrupt {
        table: "comptes",
        detail: format!("rôle inconnu « {code} » (compte {login})"),
    })?;
    Ok(StoredAccount {
        login,
        role,
        organisme: v.optional_text()?,
        commune: v.optional_text()?,
        password_hash: v.text()?,
        created_at: v.int()?,
        disabled_at: v.optional_int()?,
        demonstration: v.optional_bool()?.unwrap_or(false),
    })
}

async fn accounts(store: &dyn Store, sql: &str, params: &[Value]) -> Result<Vec<StoredAccount>> {
    store.fetch_access(sql, params, COLUMNS).await?.into_iter().map(read).collect()
}

/// Saves `account`, replacing the one of the same login: its creation time and deactivation
/// are kept (a deactivated account is reactivated by [`enable`] only).
pub fn save(account: &StoredAccount) -> AccessWrite {
    let params = vec![
        text(&account.login),
        text(account.role.code()),
        optional_text(account.organisme.as_deref()),
        optional_text(account.commune.as_deref()),
        text(&account.password_hash),
        int(account.created_at),
        Value::Bool(Some(account.demonstration)),
    ];
    AccessWrite::of(Statement::new(
        "INSERT INTO comptes (login, role, organisme, commune, mot_de_passe, cree_le, demonstration)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (login) DO UPDATE SET role = excluded.role, organisme = excluded.organisme,
    commune = excluded.commune, mot_de_passe = excluded.mot_de_passe,
    demonstration = excluded.demonstration",
        params,
    ))
}

/// Fails the whole write it opens when `login` is the last active administrateur: put before
/// a change that deactivates, deletes or demotes `login`. The administrateurs' rows are locked
/// first (an update that changes nothing), so that two such writes at once — two
/// administrateurs deactivating each other — run one after the other on PostgreSQL too, the
/// second seeing the first; then a NOT NULL constraint is broken on purpose, which both
/// databases refuse.
pub fn keep_another_administrator(login: &str) -> AccessWrite {
    let code = Role::Administrateur.code();
    AccessWrite::of(Statement::new(
        "UPDATE comptes SET role = role WHERE role = $1",
        vec![text(code)],
    ))
    .and(AccessWrite::of(Statement::new(
        "UPDATE comptes SET role = CASE WHEN EXISTS (SELECT 1 FROM comptes o
    WHERE o.role = $2 AND o.desactive_le IS NULL AND o.login <> $1) THEN role ELSE NULL END
WHERE login = $1 AND role = $2 AND desactive_le IS NULL",
        vec![text(login), text(code)],
    )))
}

/// Deactivates the account of `login` at `at` (nothing when it already is).
pub fn disable(login: &str, at: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE comptes SET desactive_le = $2 WHERE login = $1 AND desactive_le IS NULL",
        vec![text(login), int(at)],
    ))
}

/// Reactivates the account of `login`.
pub fn enable(login: &str) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE comptes SET desactive_le = NULL WHERE login = $1",
        vec![text(login)],
    ))
}

/// Deletes the account of `login` with its sessions and tokens (the audit log keeps its
/// lines).
pub fn delete(login: &str) -> AccessWrite {
    let by_login = |sql: &'static str| AccessWrite::of(Statement::new(sql, vec![text(login)]));
    by_login("DELETE FROM sessions WHERE login = $1")
        .and(by_login("DELETE FROM jetons_api WHERE login = $1"))
        .and(by_login("DELETE FROM comptes WHERE login = $1"))
}

/// The account of `login`, if there is one (deactivated or not).
pub async fn find(store: &dyn Store, login: &str) -> Result<Option<StoredAccount>> {
    let sql = format!("SELECT {SELECTED} FROM comptes a WHERE a.login = $1");
    Ok(accounts(store, &sql, &[text(login)]).await?.into_iter().next())
}

/// Every account, by login.
pub async fn all(store: &dyn Store) -> Result<Vec<StoredAccount>> {
    accounts(store, &format!("SELECT {SELECTED} FROM comptes a ORDER BY a.login"), &[]).await
}

/// The accounts `logis demo` created, by login.
pub async fn demonstration(store: &dyn Store) -> Result<Vec<StoredAccount>> {
    let sql = format!("SELECT {SELECTED} FROM comptes a WHERE a.demonstration ORDER BY a.login");
    accounts(store, &sql, &[]).await
}

/// The active account behind an open session, and when the session was last used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAccount {
    pub account: StoredAccount,
    pub last_seen: i64,
}

/// The active account of the session whose token hashes to `token_hash`, if that session is
/// still open at `now` and was used after `idle_since`: one statement for every request of a
/// signed-in user.
pub async fn of_session(
    store: &dyn Store,
    token_hash: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<SessionAccount>> {
    let sql = format!(
        "SELECT {SELECTED}, CAST(s.dernier_acces AS BIGINT) FROM sessions s
JOIN comptes a ON a.login = s.login
WHERE s.jeton_hache = $1 AND s.expire_le > $2 AND s.dernier_acces > $3 AND a.desactive_le IS NULL"
    );
    let columns: Vec<ColumnType> = COLUMNS.iter().copied().chain([Int]).collect();
    let params = [text(token_hash), int(now), int(idle_since)];
    let Some(mut row) = store.fetch_access(&sql, &params, &columns).await?.into_iter().next()
    else {
        return Ok(None);
    };
    let last_seen = row.pop().and_then(|v| match v {
        Value::Int(at) => at,
        _ => None,
    });
    Ok(Some(SessionAccount { account: read(row)?, last_seen: last_seen.unwrap_or_default() }))
}

/// The active account of the API token that hashes to `token_hash`, if it is neither revoked
/// nor expired at `now`, with the token's scope code.
pub async fn of_token(
    store: &dyn Store,
    token_hash: &str,
    now: i64,
) -> Result<Option<(StoredAccount, TokenScope)>> {
    let sql = format!(
        "SELECT {SELECTED}, t.portee FROM jetons_api t JOIN comptes a ON a.login = t.login
WHERE t.jeton_hache = $1 AND t.revoque_le IS NULL AND t.expire_le > $2 AND a.desactive_le IS NULL"
    );
    let columns: Vec<ColumnType> = COLUMNS.iter().copied().chain([Text]).collect();
    let params = [text(token_hash), int(now)];
    let Some(mut row) = store.fetch_access(&sql, &params, &columns).await?.into_iter().next()
    else {
        return Ok(None);
    };
    let scope = super::tokens::scope_of(row.pop())?;
    Ok(Some((read(row)?, scope)))
}
