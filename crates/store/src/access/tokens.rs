//! API tokens for partners' software: issued by the administrateur for an account whose rights
//! they carry, narrowed to a scope, until an expiry; kept as the SHA-256 of the token, revoked
//! by date (the account of a valid token: [`super::accounts::of_token`]).

use super::AccessWrite;
use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::{Int, Text};
use crate::value::Value;
use crate::{Result, Store, StoreError};
use logis_access::TokenScope;

/// One token (`jetons_api`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub token_hash: String,
    /// What the token is for, in the administrateur's words.
    pub nom: String,
    /// The account whose rights it carries.
    pub login: String,
    pub scope: TokenScope,
    pub cree_le: i64,
    /// After this moment the token is refused.
    pub expire_le: i64,
    pub revoque_le: Option<i64>,
}

impl ApiToken {
    /// Whether it is accepted at `now`.
    pub fn is_valid(&self, now: i64) -> bool {
        self.revoque_le.is_none() && now < self.expire_le
    }
}

/// Issues `token`.
pub fn issue(token: &ApiToken) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "INSERT INTO jetons_api (jeton_hache, nom, login, cree_le, expire_le, portee)
VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            text(&token.token_hash),
            text(&token.nom),
            text(&token.login),
            int(token.cree_le),
            int(token.expire_le),
            text(token.scope.code()),
        ],
    ))
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

/// Reads a scope code written by [`issue`].
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

const SELECTED: &str = "SELECT jeton_hache, nom, login, CAST(cree_le AS BIGINT),
    CAST(expire_le AS BIGINT), CAST(revoque_le AS BIGINT), portee FROM jetons_api";

async fn tokens(store: &dyn Store, sql: &str, params: &[Value]) -> Result<Vec<ApiToken>> {
    let rows = store.fetch_access(sql, params, &[Text, Text, Text, Int, Int, Int, Text]).await?;
    rows.into_iter()
        .map(|mut row| {
            let scope = scope_of(row.pop())?;
            let mut v = Values::of(row);
            Ok(ApiToken {
                token_hash: v.text()?,
                nom: v.text()?,
                login: v.text()?,
                scope,
                cree_le: v.int()?,
                expire_le: v.int()?,
                revoque_le: v.optional_int()?,
            })
        })
        .collect()
}

/// Every token, newest first.
pub async fn all(store: &dyn Store) -> Result<Vec<ApiToken>> {
    tokens(store, &format!("{SELECTED} ORDER BY cree_le DESC, jeton_hache"), &[]).await
}

/// The token of `token_hash`, if there is one (revoked or not).
pub async fn find(store: &dyn Store, token_hash: &str) -> Result<Option<ApiToken>> {
    let sql = format!("{SELECTED} WHERE jeton_hache = $1");
    Ok(tokens(store, &sql, &[text(token_hash)]).await?.into_iter().next())
}
