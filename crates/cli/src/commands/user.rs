//! `logis user add`: an account of the partners' application, its password hashed (Argon2id).

use crate::{communes, database};
use anyhow::{Context, Result, anyhow, bail};
use logis_access::{Role, password};
use logis_domain::Organisme;
use logis_store::{StoredAccount, lookup_all};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// What `logis user add` was given.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub role: &'a str,
    pub organisme: Option<&'a str>,
    pub commune: Option<&'a str>,
}

pub async fn add(url: &str, account: &NewAccount<'_>) -> Result<ExitCode> {
    let role = Role::from_code(account.role).ok_or_else(|| {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        anyhow!("rôle inconnu « {} » : choisissez parmi {}", account.role, codes.join(", "))
    })?;
    check_login(account.login)?;
    role.check_attachment(account.organisme.is_some(), account.commune.is_some())
        .map_err(anyhow::Error::msg)?;
    let commune = match account.commune {
        Some(code) => Some(communes::name(code).map(|name| (code, name)).ok_or_else(|| {
            anyhow!("commune inconnue « {code} » : indiquez son code INSEE (5 caractères)")
        })?),
        None => None,
    };
    let hash = password::hash(&read_password()?)?;
    let store = database::open(url).await?;
    let saved = save(&*store, account, role, hash).await;
    store.close().await;
    saved?;
    let attachment = match (account.organisme, commune) {
        (Some(o), _) => format!(", rattaché à l'organisme {o}"),
        (None, Some((code, name))) => format!(", rattaché à la commune {name} ({code})"),
        (None, None) => String::new(),
    };
    println!("Compte « {} » enregistré : {}{attachment}.", account.login, role.label());
    Ok(ExitCode::SUCCESS)
}

async fn save(
    store: &dyn logis_store::Store,
    account: &NewAccount<'_>,
    role: Role,
    password_hash: String,
) -> Result<()> {
    if let Some(id) = account.organisme
        && lookup_all::<Organisme>(store, &[id]).await?.is_empty()
    {
        bail!(
            "organisme inconnu « {id} » : importez d'abord organismes.csv, ou vérifiez l'identifiant"
        );
    }
    let created_at = time::OffsetDateTime::now_utc().unix_timestamp();
    let stored = StoredAccount {
        login: account.login.to_owned(),
        role: role.code().to_owned(),
        organisme: account.organisme.map(str::to_owned),
        commune: account.commune.map(str::to_owned),
        password_hash,
        created_at,
    };
    store.save_account(&stored).await.context("enregistrement du compte")
}

fn check_login(login: &str) -> Result<()> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    if login.is_empty() || login.chars().count() > 64 || !login.chars().all(allowed) {
        bail!(
            "identifiant « {login} » refusé : de 1 à 64 lettres, chiffres, points, tirets, soulignés ou @, sans espace"
        );
    }
    Ok(())
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
