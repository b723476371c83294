//! The accounts of the partners' application and their API tokens, managed by the same rules
//! from the command line (`logis user …`) and from the users' page: registering an account (a
//! known role, a valid login, the attachment the role needs, a password long enough, hashed
//! with Argon2id), changing its password, deactivating, reactivating or deleting it
//! ([`register`]), issuing and revoking tokens ([`tokens`]). A password changed, an account
//! deactivated or deleted ends its sessions and revokes its tokens in the same transaction as
//! the change and its audit line. Every refusal is a French sentence, and nothing is written.

mod checks;
mod published;
mod register;
mod tokens;

pub use checks::{check_commune, role_of};
pub use logis_store::access::audit::Actor;
pub use published::with_published_password;
pub use register::{NewAccount, change_password, delete, disable, enable, register};
pub use tokens::{NewToken, TOKEN_MAX_DAYS, issue_token, revoke_token};

/// What an account change refused, in French, or a store failure.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Refused(String),
    #[error("aucun compte « {0} »")]
    Unknown(String),
    #[error(transparent)]
    Store(#[from] logis_store::StoreError),
}

fn refused(message: impl Into<String>) -> AccountError {
    AccountError::Refused(message.into())
}

/// The account of `login`, or [`AccountError::Unknown`].
async fn existing(
    store: &dyn logis_store::Store,
    login: &str,
) -> Result<logis_store::StoredAccount, AccountError> {
    logis_store::access::accounts::find(store, login)
        .await?
        .ok_or_else(|| AccountError::Unknown(login.to_owned()))
}
