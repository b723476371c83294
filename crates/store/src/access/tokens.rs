//! API tokens for partners' software: issued by the administrateur for an account whose rights
//! they carry, narrowed to a scope, until an expiry; kept as the SHA-256 of the token, revoked
//! by date (the account of a valid token: [`super::accounts::of_token`]).

use super::AccessWrite;
use crate::record::{StoredRecord, insert, select_list};
use crate::statement::{Statement, int, text};
use crate::value::Value;
use crate::{Result, Store, StoreError};
use logis_access::{Login, TokenScope};

crate::stored_record! {
    /// One token (`jetons_api`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApiToken in "jetons_api" {
        /// The SHA-256 hex of the token (the token itself is shown once, never kept).
        pub token_hash: String as "jeton_hache",
        /// What the token is for, in the administrateur's words.
        pub nom: String,
        /// The account whose rights it carries.
        pub login: Login,
        pub scope: TokenScope as "portee",
        pub cree_le: i64,
        /// After this moment the token is refused.
        pub expire_le: i64,
        pub revoque_le: Option<i64>,
    }
}

impl ApiToken {
    /// Whether it is accepted at `now`.
    pub fn is_valid(&self, now: i64) -> bool {
        self.revoque_le.is_none() && now < self.expire_le
    }
}

/// Issues `token`.
pub fn issue(token: &ApiToken) -> AccessWrite {
    AccessWrite::of(insert(token, &[], None))
}

/// Revokes the token of `token_hash` at `at` (nothing when it already is).
pub fn revoke(token_hash: &str, at: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE jetons_api SET revoque_le = $2 WHERE jeton_hache = $1 AND revoque_le IS NULL",
        vec![text(token_hash), int(at)],
    ))
}

/// Revokes at `at` every token of the account `login`.
pub fn revoke_all_of(login: &str, at: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE jetons_api SET revoque_le = $2 WHERE login = $1 AND revoque_le IS NULL",
        vec![text(login), int(at)],
    ))
}

/// Reads the scope a join adds after an account's columns.
pub(crate) fn scope_of(value: Option<Value>) -> Result<TokenScope> {
    let code = match value {
        Some(Value::Text(Some(code))) => code.into_owned(),
        other => format!("{other:?}"),
    };
    TokenScope::from_code(&code).ok_or_else(|| StoreError::Corrupt {
        table: "jetons_api",
        detail: format!("portée inconnue « {code} »"),
    })
}

async fn tokens(store: &dyn Store, rest: &str, params: &[Value]) -> Result<Vec<ApiToken>> {
    let sql = format!("SELECT {} FROM jetons_api {rest}", select_list::<ApiToken>());
    let rows = store.fetch_access(&sql, params, ApiToken::TYPES).await?;
    rows.into_iter().map(ApiToken::read).collect()
}

/// Every token, newest first.
pub async fn all(store: &dyn Store) -> Result<Vec<ApiToken>> {
    tokens(store, "ORDER BY cree_le DESC, jeton_hache", &[]).await
}

/// The token of `token_hash`, if there is one (revoked or not).
pub async fn find(store: &dyn Store, token_hash: &str) -> Result<Option<ApiToken>> {
    Ok(tokens(store, "WHERE jeton_hache = $1", &[text(token_hash)]).await?.into_iter().next())
}
