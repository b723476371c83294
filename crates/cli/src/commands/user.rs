//! `logis user …`: the accounts of the partners' application, managed by the same rules as the
//! users' page (`logis_accounts`): add or replace an account, change its password,
//! deactivate, reactivate or delete it (the demo's accounts at once with `--demonstration`),
//! list them. Each change is written in the audit log as made from the command line.

use crate::database;
use anyhow::{Context, Result, anyhow, bail};
use logis_accounts::{self as service, AccountError, Actor};
use logis_domain::Clock;
use logis_store::Store;
use logis_store::access::accounts;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// What `logis user add` was given.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub role: &'a str,
    pub organisme: Option<&'a str>,
    pub commune: Option<&'a str>,
}

/// The author of a change made here, for the audit log.
fn actor(now: i64) -> Actor<'static> {
    Actor { login: "ligne de commande", origin: "ligne de commande", at: now }
}

fn said(e: AccountError) -> anyhow::Error {
    match e {
        AccountError::Refused(why) => anyhow!(why),
        AccountError::Unknown(login) => anyhow!("aucun compte « {login} » dans cette base"),
        AccountError::Store(e) => anyhow!(e).context("écriture du compte"),
    }
}

pub async fn add(url: &str, account: &NewAccount<'_>, clock: &dyn Clock) -> Result<ExitCode> {
    // What can be checked without the password is checked before asking for it.
    let role = service::role_of(account.role).map_err(anyhow::Error::msg)?;
    logis_access::Login::parse(account.login).map_err(anyhow::Error::msg)?;
    role.check_attachment(account.organisme.is_some(), account.commune.is_some()).map_err(
        |missing| {
            let options = match missing.needed {
                logis_access::Attachment::CommuneOrOrganisme => {
                    "--commune INSEE ou --organisme IDENTIFIANT"
                }
                _ => "--organisme IDENTIFIANT",
            };
            anyhow::anyhow!("{missing} : ajoutez {options}")
        },
    )?;
    if let Some(code) = account.commune {
        service::check_commune(code).map_err(anyhow::Error::msg)?;
    }
    let password = read_password()?;
    let store = database::open(url).await?;
    let asked = service::NewAccount {
        login: account.login,
        role: account.role,
        organisme: account.organisme,
        commune: account.commune,
        password: &password,
    };
    let saved = service::register(&*store, &asked, actor(clock.unix())).await;
    store.close().await;
    saved.map_err(said)?;
    let attachment = match (account.organisme, account.commune) {
        (Some(o), _) => format!(", rattaché à l'organisme {o}"),
        (None, Some(code)) => {
            let name = crate::communes::name(code).unwrap_or_else(|| code.to_owned());
            format!(", rattaché à la commune {name} ({code})")
        }
        (None, None) => String::new(),
    };
    say!("Compte « {} » enregistré : {}{attachment}.", account.login, role.label());
    Ok(ExitCode::SUCCESS)
}

/// `logis user password`: a new password; the account's sessions end, its tokens are revoked.
pub async fn password(url: &str, login: &str, clock: &dyn Clock) -> Result<ExitCode> {
    let store = database::open(url).await?;
    if accounts::find(&*store, login).await?.is_none() {
        store.close().await;
        bail!("aucun compte « {login} » dans cette base");
    }
    let typed = read_password()?;
    let changed = service::change_password(&*store, login, &typed, actor(clock.unix())).await;
    store.close().await;
    changed.map_err(said)?;
    say!(
        "Mot de passe du compte « {login} » changé : ses sessions sont fermées et ses jetons d'API révoqués."
    );
    Ok(ExitCode::SUCCESS)
}

/// What `logis user disable|enable|delete` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Disable,
    Enable,
    Delete,
}

async fn apply(
    store: &dyn Store,
    change: Change,
    login: &str,
    now: i64,
) -> Result<(), AccountError> {
    let by = actor(now);
    match change {
        Change::Disable => service::disable(store, login, by).await,
        Change::Enable => service::enable(store, login, by).await,
        Change::Delete => service::delete(store, login, by).await,
    }
}

fn done(change: Change, login: &str) -> String {
    match change {
        Change::Disable => format!(
            "Compte « {login} » désactivé : il ne peut plus se connecter, ses sessions sont fermées et ses jetons d'API révoqués."
        ),
        Change::Enable => format!("Compte « {login} » réactivé."),
        Change::Delete => {
            format!("Compte « {login} » supprimé, avec ses sessions, ses jetons et ses suivis.")
        }
    }
}

/// `logis user disable|enable|delete --login L`, or `delete --demonstration`: every account
/// anyone could sign in to with a password published in the README.
pub async fn change(
    url: &str,
    change: Change,
    login: Option<&str>,
    demonstration: bool,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let logins: Vec<String> = match (login, demonstration) {
        (Some(login), false) => vec![login.to_owned()],
        (None, true) => {
            let published = service::with_published_password(&*store).await.map_err(said)?;
            published.iter().map(ToString::to_string).collect()
        }
        _ => {
            store.close().await;
            bail!("indiquez soit --login IDENTIFIANT, soit --demonstration");
        }
    };
    if logins.is_empty() {
        say!("Aucun compte de démonstration dans cette base : rien à supprimer.");
    }
    let mut outcome = Ok(());
    for login in &logins {
        match apply(&*store, change, login, clock.unix()).await {
            Ok(()) => say!("{}", done(change, login)),
            Err(e) => {
                outcome = Err(said(e));
                break;
            }
        }
    }
    store.close().await;
    outcome.map(|()| ExitCode::SUCCESS)
}

/// `logis user list`: every account with its role, attachment and state.
pub async fn list(url: &str) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let all = accounts::all(&*store).await.context("lecture des comptes")?;
    store.close().await;
    if all.is_empty() {
        say!("Aucun compte. Créez le premier : logis user add --login … --role administrateur");
    }
    for a in all {
        let state = if a.is_active() { "actif" } else { "désactivé" };
        let attachment = a.organisme.or(a.commune).map(|x| format!(" ({x})")).unwrap_or_default();
        let demo = if a.demonstration { ", démonstration" } else { "" };
        say!("{:<24} {}{attachment} — {state}{demo}", a.login, a.role.label());
    }
    Ok(ExitCode::SUCCESS)
}

/// The password: the first line of standard input when it is not a terminal (scripts), else
/// typed twice without echo.
fn read_password() -> Result<String> {
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("lecture du mot de passe")?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let first = rpassword::prompt_password("Mot de passe : ").context("saisie du mot de passe")?;
    let again =
        rpassword::prompt_password("Encore une fois : ").context("saisie du mot de passe")?;
    if first != again {
        bail!("les deux saisies diffèrent : rien n'est enregistré");
    }
    Ok(first)
}
