//! Registering an account, the same way from the command line (`logis user add`) and from the
//! users' page: a known role, a valid login, the attachment the role needs (an organisation
//! that exists, a French commune), a password long enough, hashed with Argon2id. Every refusal
//! is a French sentence, and nothing is written.

use crate::state::Communes;
use logis_access::{Role, password};
use logis_domain::Organisme;
use logis_store::{Store, StoredAccount, lookup_all};

/// An account as asked for.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub role: &'a str,
    pub organisme: Option<&'a str>,
    pub commune: Option<&'a str>,
    pub password: &'a str,
}

/// What registering refused, in French, or a store failure.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] logis_store::StoreError),
}

fn refused(message: String) -> AccountError {
    AccountError::Refused(message)
}

/// Checks a login: 1 to 64 letters, digits, `.`, `-`, `_` or `@`.
pub fn check_login(login: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    if login.is_empty() || login.chars().count() > 64 || !login.chars().all(allowed) {
        return Err(format!(
            "identifiant « {login} » refusé : de 1 à 64 lettres, chiffres, points, tirets, soulignés ou @, sans espace"
        ));
    }
    Ok(())
}

/// The role of a code, or the French refusal listing the codes.
pub fn role_of(code: &str) -> Result<Role, String> {
    Role::from_code(code).ok_or_else(|| {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("rôle inconnu « {code} » : choisissez parmi {}", codes.join(", "))
    })
}

/// Checks `account` and saves it (replacing the account of the same login); the saved account.
pub async fn register(
    store: &dyn Store,
    communes: &Communes,
    account: &NewAccount<'_>,
    now: i64,
) -> Result<StoredAccount, AccountError> {
    let role = role_of(account.role).map_err(refused)?;
    check_login(account.login).map_err(refused)?;
    role.check_attachment(account.organisme.is_some(), account.commune.is_some())
        .map_err(refused)?;
    if let Some(code) = account.commune
        && communes.code_of(code).as_deref() != Some(code)
    {
        return Err(refused(format!(
            "commune inconnue « {code} » : indiquez son code INSEE (5 caractères)"
        )));
    }
    if let Some(id) = account.organisme
        && lookup_all::<Organisme>(store, &[id]).await?.is_empty()
    {
        return Err(refused(format!(
            "organisme inconnu « {id} » : importez d'abord organismes.csv, ou vérifiez l'identifiant"
        )));
    }
    let typed = account.password.to_owned();
    let hashed = tokio::task::spawn_blocking(move || password::hash(&typed))
        .await
        .map_err(|e| refused(format!("calcul de l'empreinte interrompu : {e}")))?
        .map_err(|e| refused(e.to_string()))?;
    let stored = StoredAccount {
        login: account.login.to_owned(),
        role: role.code().to_owned(),
        organisme: account.organisme.map(str::to_owned),
        commune: account.commune.map(str::to_owned),
        password_hash: hashed,
        created_at: now,
    };
    store.save_account(&stored).await?;
    Ok(stored)
}
