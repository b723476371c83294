//! `logis user add`: an account of the partners' application, its password hashed (Argon2id),
//! registered by the same rules as the users' page (`logis_web::accounts`).

use crate::database;
use anyhow::{Context, Result, anyhow, bail};
use logis_web::accounts::{self, AccountError};
use logis_web::state::Communes;
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
    // What can be checked without the password is checked before asking for it.
    let role = accounts::role_of(account.role).map_err(anyhow::Error::msg)?;
    accounts::check_login(account.login).map_err(anyhow::Error::msg)?;
    role.check_attachment(account.organisme.is_some(), account.commune.is_some())
        .map_err(anyhow::Error::msg)?;
    let communes = Communes::new(Vec::new());
    if let Some(code) = account.commune
        && communes.code_of(code).as_deref() != Some(code)
    {
        bail!("commune inconnue « {code} » : indiquez son code INSEE (5 caractères)");
    }
    let password = read_password()?;
    let store = database::open(url).await?;
    let asked = accounts::NewAccount {
        login: account.login,
        role: account.role,
        organisme: account.organisme,
        commune: account.commune,
        password: &password,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let saved = accounts::register(&*store, &communes, &asked, now).await;
    store.close().await;
    match saved {
        Ok(_) => {}
        Err(AccountError::Refused(why)) => return Err(anyhow!(why)),
        Err(AccountError::Store(e)) => return Err(anyhow!(e).context("enregistrement du compte")),
    }
    let attachment = match (account.organisme, account.commune) {
        (Some(o), _) => format!(", rattaché à l'organisme {o}"),
        (None, Some(code)) => format!(", rattaché à la commune {} ({code})", communes.name(code)),
        (None, None) => String::new(),
    };
    println!("Compte « {} » enregistré : {}{attachment}.", account.login, role.label());
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
