//! The accounts of the partners' application as the access register keeps them: login, role,
//! what the account is attached to, the password's Argon2id hash (never the password), whether
//! it is deactivated, and whether `logis demo` created it with a published password.

use super::AccessWrite;
use crate::record::{StoredRecord, insert, select_list_of};
use crate::statement::{Statement, int, text};
use crate::tables::ColumnType::{self, Int, Text};
use crate::value::Value;
use crate::{Result, Store};
use logis_access::{Login, Role, TokenScope};

crate::stored_record! {
    /// An account (`comptes`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StoredAccount in "comptes" {
        pub login: Login,
        pub role: Role,
        pub organisme: Option<String>,
        pub commune: Option<String>,
        /// The PHC string of the password's hash.
        pub password_hash: String as "mot_de_passe",
        /// When the account was first saved, in seconds since 1970.
        pub created_at: i64 as "cree_le",
        /// When it was deactivated: it can then neither sign in nor use a token.
        pub disabled_at: Option<i64> as "desactive_le",
        /// Created by `logis demo`, with a password published in the README.
        pub demonstration: bool,
    }
}

impl StoredAccount {
    /// An active account that `logis demo` did not create.
    pub fn new(
        login: Login,
        role: Role,
        password_hash: impl Into<String>,
        created_at: i64,
    ) -> Self {
        StoredAccount {
            login,
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

/// The accounts a query reads, its first columns those of [`StoredAccount`] (table `a`).
async fn accounts(store: &dyn Store, sql: &str, params: &[Value]) -> Result<Vec<StoredAccount>> {
    let rows = store.fetch_access(sql, params, StoredAccount::TYPES).await?;
    rows.into_iter().map(StoredAccount::read).collect()
}

/// An account's query: `SELECT` its columns, then `rest`.
fn selecting(rest: &str) -> String {
    format!("SELECT {} {rest}", select_list_of::<StoredAccount>("a"))
}

/// Saves `account`, replacing the one of the same login: its creation time and deactivation
/// are kept (a deactivated account is reactivated by [`enable`] only).
pub fn save(account: &StoredAccount) -> AccessWrite {
    let mut upsert = insert(account, &["desactive_le"], None);
    upsert.sql.to_mut().push_str(
        "\nON CONFLICT (login) DO UPDATE SET role = excluded.role, organisme = excluded.organisme,
    commune = excluded.commune, mot_de_passe = excluded.mot_de_passe,
    demonstration = excluded.demonstration",
    );
    AccessWrite::of(upsert)
}

/// Fails the whole write it opens when `login` is the last active administrateur: put before
/// a change that deactivates, deletes or demotes `login`. The administrateurs' rows are locked
/// first (an update that changes nothing), so that two such writes at once — two
/// administrateurs deactivating each other — run one after the other on PostgreSQL too, the
/// second seeing the first; then a NOT NULL constraint is broken on purpose, which both
/// databases refuse.
pub fn keep_another_administrator(login: &Login) -> AccessWrite {
    let code = Role::Administrateur.code();
    AccessWrite::of(Statement::new(
        "UPDATE comptes SET role = role WHERE role = $1",
        vec![text(code)],
    ))
    .and(AccessWrite::of(Statement::new(
        "UPDATE comptes SET role = CASE WHEN EXISTS (SELECT 1 FROM comptes o
    WHERE o.role = $2 AND o.desactive_le IS NULL AND o.login <> $1) THEN role ELSE NULL END
WHERE login = $1 AND role = $2 AND desactive_le IS NULL",
        vec![text(login.as_str()), text(code)],
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
    let sql = selecting("FROM comptes a WHERE a.login = $1");
    Ok(accounts(store, &sql, &[text(login)]).await?.into_iter().next())
}

/// Every account, by login.
pub async fn all(store: &dyn Store) -> Result<Vec<StoredAccount>> {
    accounts(store, &selecting("FROM comptes a ORDER BY a.login"), &[]).await
}

/// The accounts `logis demo` created, by login.
pub async fn demonstration(store: &dyn Store) -> Result<Vec<StoredAccount>> {
    accounts(store, &selecting("FROM comptes a WHERE a.demonstration ORDER BY a.login"), &[]).await
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
    let sql = selecting(
        ", s.dernier_acces FROM sessions s JOIN comptes a ON a.login = s.login
WHERE s.jeton_hache = $1 AND s.expire_le > $2 AND s.dernier_acces > $3 AND a.desactive_le IS NULL",
    );
    let columns: Vec<ColumnType> = StoredAccount::TYPES.iter().copied().chain([Int]).collect();
    let params = [text(token_hash), int(now), int(idle_since)];
    let Some(mut row) = store.fetch_access(&sql, &params, &columns).await?.into_iter().next()
    else {
        return Ok(None);
    };
    let last_seen = row.pop().and_then(|v| match v {
        Value::Int(at) => at,
        _ => None,
    });
    Ok(Some(SessionAccount {
        account: StoredAccount::read(row)?,
        last_seen: last_seen.unwrap_or_default(),
    }))
}

/// The active account of the API token that hashes to `token_hash`, if it is neither revoked
/// nor expired at `now`, with the token's scope code.
pub async fn of_token(
    store: &dyn Store,
    token_hash: &str,
    now: i64,
) -> Result<Option<(StoredAccount, TokenScope)>> {
    let sql = selecting(
        ", t.portee FROM jetons_api t JOIN comptes a ON a.login = t.login
WHERE t.jeton_hache = $1 AND t.revoque_le IS NULL AND t.expire_le > $2 AND a.desactive_le IS NULL",
    );
    let columns: Vec<ColumnType> = StoredAccount::TYPES.iter().copied().chain([Text]).collect();
    let params = [text(token_hash), int(now)];
    let Some(mut row) = store.fetch_access(&sql, &params, &columns).await?.into_iter().next()
    else {
        return Ok(None);
    };
    let scope = super::tokens::scope_of(row.pop())?;
    Ok(Some((StoredAccount::read(row)?, scope)))
}
