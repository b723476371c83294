//! An account's life: registered (or replaced), its password changed, deactivated, reactivated,
//! deleted — never leaving the territory without an active administrateur.

use crate::{AccountError, Actor, check_commune, existing, refused, role_of};
use logis_access::{Login, Role, password};
use logis_domain::Organisme;
use logis_store::access::accounts::{self, StoredAccount};
use logis_store::access::audit::AuditAction;
use logis_store::access::tokens;
use logis_store::access::{self as register, AccessWrite, sessions};
use logis_store::dossiers::followups;
use logis_store::{Store, lookup_all};

/// An account as asked for.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub role: &'a str,
    pub organisme: Option<&'a str>,
    pub commune: Option<&'a str>,
    pub password: &'a str,
}

/// The hash of `typed`, off the async threads (Argon2id takes tens of milliseconds).
async fn hashed(typed: &str) -> Result<String, AccountError> {
    let typed = typed.to_owned();
    tokio::task::spawn_blocking(move || password::hash(&typed))
        .await
        .map_err(|e| refused(format!("calcul de l'empreinte interrompu : {e}")))?
        .map_err(|e| refused(e.to_string()))
}

/// Checks `account` and saves it, replacing the account of the same login (a new password
/// then ends that account's sessions and revokes its tokens); the saved account.
pub async fn register(
    store: &dyn Store,
    account: &NewAccount<'_>,
    actor: Actor<'_>,
) -> Result<StoredAccount, AccountError> {
    let role = role_of(account.role).map_err(refused)?;
    let login = Login::parse(account.login).map_err(refused)?;
    role.check_attachment(account.organisme.is_some(), account.commune.is_some())
        .map_err(|missing| refused(missing.to_string()))?;
    if let Some(code) = account.commune {
        check_commune(code).map_err(refused)?;
    }
    if let Some(id) = account.organisme
        && lookup_all::<Organisme>(store, &[id]).await?.is_empty()
    {
        return Err(refused(format!(
            "organisme inconnu « {id} » : importez d'abord organismes.csv, ou vérifiez l'identifiant"
        )));
    }
    let replaced = accounts::find(store, account.login).await?;
    let stored = StoredAccount {
        organisme: account.organisme.map(str::to_owned),
        commune: account.commune.map(str::to_owned),
        ..StoredAccount::new(login, role, hashed(account.password).await?, actor.at)
    };
    let what = format!("compte {} ({})", stored.login, role.code());
    let mut change = accounts::save(&stored).and(actor.line(AuditAction::Administration, what));
    match replaced {
        None => register::write(store, change).await.map(drop)?,
        Some(replaced) => {
            change = change.and(end_access(account.login, actor.at));
            if role == Role::Administrateur {
                register::write(store, change).await?;
            } else {
                let doing = "retirer le rôle administrateur de";
                write_keeping_an_administrator(store, &replaced, doing, change).await?;
            }
        }
    }
    Ok(stored)
}

/// Ends the sessions and revokes the tokens of `login`.
fn end_access(login: &str, now: i64) -> AccessWrite {
    sessions::end_all_of(login).and(tokens::revoke_all_of(login, now))
}

/// Changes the password of `login`: its sessions end and its tokens are revoked.
pub async fn change_password(
    store: &dyn Store,
    login: &str,
    typed: &str,
    actor: Actor<'_>,
) -> Result<(), AccountError> {
    let account = existing(store, login).await?;
    let stored = StoredAccount { password_hash: hashed(typed).await?, ..account };
    let what = format!("mot de passe du compte {login} changé : sessions fermées, jetons révoqués");
    let change = accounts::save(&stored)
        .and(end_access(login, actor.at))
        .and(actor.line(AuditAction::Administration, what));
    register::write(store, change).await?;
    Ok(())
}

/// Refuses to leave the territory without an active administrateur.
async fn keeps_an_administrator(
    store: &dyn Store,
    account: &StoredAccount,
    doing: &str,
) -> Result<(), AccountError> {
    if account.role != Role::Administrateur || !account.is_active() {
        return Ok(());
    }
    let others = accounts::all(store)
        .await?
        .into_iter()
        .filter(|a| a.role == Role::Administrateur && a.is_active() && a.login != account.login)
        .count();
    if others == 0 {
        return Err(refused(format!(
            "impossible de {doing} « {} » : c'est le dernier compte administrateur actif ; créez-en un autre d'abord",
            account.login
        )));
    }
    Ok(())
}

/// Writes `change`, which deactivates, deletes or demotes `account`, unless it is the last
/// active administrateur — checked before (for a clear refusal) and within the write itself
/// (two administrateurs changed at once cannot both go).
async fn write_keeping_an_administrator(
    store: &dyn Store,
    account: &StoredAccount,
    doing: &str,
    change: AccessWrite,
) -> Result<(), AccountError> {
    keeps_an_administrator(store, account, doing).await?;
    let guarded = accounts::keep_another_administrator(&account.login).and(change);
    if let Err(e) = register::write(store, guarded).await {
        // Another administrateur was changed meanwhile: the same refusal, now true.
        keeps_an_administrator(store, account, doing).await?;
        return Err(e.into());
    }
    Ok(())
}

/// Deactivates `login`: it can no longer sign in, its sessions end, its tokens are revoked.
pub async fn disable(store: &dyn Store, login: &str, actor: Actor<'_>) -> Result<(), AccountError> {
    let account = existing(store, login).await?;
    let what = format!("compte {login} désactivé : sessions fermées, jetons révoqués");
    let change = accounts::disable(login, actor.at)
        .and(end_access(login, actor.at))
        .and(actor.line(AuditAction::Administration, what));
    write_keeping_an_administrator(store, &account, "désactiver", change).await
}

/// Reactivates `login` (its revoked tokens stay revoked).
pub async fn enable(store: &dyn Store, login: &str, actor: Actor<'_>) -> Result<(), AccountError> {
    existing(store, login).await?;
    let change = accounts::enable(login)
        .and(actor.line(AuditAction::Administration, format!("compte {login} réactivé")));
    register::write(store, change).await?;
    Ok(())
}

/// Deletes `login` with its sessions, tokens and the households it followed (the audit log
/// keeps its lines).
pub async fn delete(store: &dyn Store, login: &str, actor: Actor<'_>) -> Result<(), AccountError> {
    let account = existing(store, login).await?;
    let change = accounts::delete(login)
        .and(actor.line(AuditAction::Administration, format!("compte {login} supprimé")));
    write_keeping_an_administrator(store, &account, "supprimer", change).await?;
    // The follow-ups live in the data's database: removed once the account is gone.
    store.execute(&[followups::delete_all_of(login)]).await?;
    Ok(())
}
