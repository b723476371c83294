//! API tokens for partners' software: issued by the administrateur for an account whose rights
//! they carry, kept as the SHA-256 of the token, revoked by date (the account of a valid token:
//! `accounts::of_token`).

use crate::statement::{Statement, Values, int, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};

/// One token (`jetons_api`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub token_hash: String,
    /// What the token is for, in the administrateur's words.
    pub nom: String,
    /// The account whose rights it carries.
    pub login: String,
    pub cree_le: i64,
    pub revoque_le: Option<i64>,
}

const COLUMNS: &[crate::ColumnType] = &[Text, Text, Text, Int, Int];

/// The statement that issues `token`.
pub fn issue(token: &ApiToken) -> Statement {
    Statement::new(
        "INSERT INTO jetons_api (jeton_hache, nom, login, cree_le) VALUES ($1, $2, $3, $4)",
        vec![text(&token.token_hash), text(&token.nom), text(&token.login), int(token.cree_le)],
    )
}

/// The statement that revokes the token of `token_hash` at `at`.
pub fn revoke(token_hash: &str, at: i64) -> Statement {
    Statement::new(
        "UPDATE jetons_api SET revoque_le = $2 WHERE jeton_hache = $1 AND revoque_le IS NULL",
        vec![text(token_hash), int(at)],
    )
}

fn read(row: crate::Row) -> Result<ApiToken> {
    let mut v = Values::of(row);
    Ok(ApiToken {
        token_hash: v.text()?,
        nom: v.text()?,
        login: v.text()?,
        cree_le: v.int()?,
        revoque_le: v.optional_int()?,
    })
}

/// Every token, newest first.
pub async fn all(store: &dyn Store) -> Result<Vec<ApiToken>> {
    let rows = store
        .fetch(
            "SELECT jeton_hache, nom, login, cree_le, revoque_le FROM jetons_api ORDER BY cree_le DESC",
            &[],
            COLUMNS,
        )
        .await?;
    rows.into_iter().map(read).collect()
}
