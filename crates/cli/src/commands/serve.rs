//! `logis serve`: the partners' web application on a database. It refuses to start on a
//! database that holds accounts with published passwords (the demo's): only the server that
//! `logis demo` starts on its own database serves them.

use crate::database;
use anyhow::{Context, Result, bail};
use logis_domain::Clock;
use logis_web::AppState;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Where and how the application is served.
pub struct Site<'a> {
    pub addr: SocketAddr,
    /// The territory's name in every page's header.
    pub territoire: &'a str,
    /// The reverse proxies trusted to say who the client is.
    pub proxies: Vec<IpAddr>,
    /// The SMTP server's settings file, if applicants get e-mail.
    pub mail: Option<&'a Path>,
    /// The address at which applicants reach the application, for letters and e-mails.
    pub public_address: Option<String>,
}

/// A public address as the settings give it: `http(s)://host[:port]`, without a trailing `/`.
pub fn public_address(typed: Option<String>) -> Result<Option<String>> {
    let Some(typed) = typed else { return Ok(None) };
    let address = typed.trim().trim_end_matches('/').to_owned();
    let fine = (address.starts_with("https://") || address.starts_with("http://"))
        && address.len() <= 200
        && !address.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#')
        });
    if !fine {
        bail!(
            "adresse publique « {address} » : écrivez l'adresse du site, par exemple https://logis.mon-epci.fr"
        );
    }
    Ok(Some(address))
}

/// Serves the application of the store at `url` until Ctrl+C.
pub async fn run(url: &str, site: Site<'_>, clock: Arc<dyn Clock>) -> Result<ExitCode> {
    let mailer = mailer(site.mail)?;
    let store: Arc<dyn logis_store::Store> = Arc::from(database::open(url).await?);
    serve(store, site, mailer, Published::Refused, clock).await
}

/// The largest settings file of the SMTP server read.
const MOST_SETTINGS_BYTES: u64 = 64 * 1024;

/// The mailer of the settings file at `path` (none without one), its password from the
/// environment; a French error naming what is wrong.
pub fn mailer(path: Option<&Path>) -> Result<Option<Arc<logis_mail::Mailer>>> {
    let Some(path) = path else { return Ok(None) };
    let shown = path.display();
    let size = std::fs::metadata(path)
        .with_context(|| format!("paramètres de courriel {shown} illisibles"))?
        .len();
    if size > MOST_SETTINGS_BYTES {
        bail!("paramètres de courriel {shown} : fichier trop gros pour des paramètres");
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("paramètres de courriel {shown} illisibles (UTF-8 attendu)"))?;
    let settings = logis_mail::MailSettings::parse(&text)
        .map_err(|why| anyhow::anyhow!("paramètres de courriel {shown} : {why}"))?;
    let password = std::env::var(logis_mail::settings::PASSWORD_VARIABLE).ok();
    let mailer = logis_mail::Mailer::new(&settings, password)
        .map_err(|e| anyhow::anyhow!("paramètres de courriel {shown} : {e}"))?;
    say!("Courriels aux demandeurs : par {}:{}", settings.serveur, settings.port);
    Ok(Some(Arc::new(mailer)))
}

/// Whether accounts with published passwords may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// `logis serve`: a database holding such accounts is not served.
    Refused,
    /// `logis demo`, on the database it created: they are its demonstration.
    Demonstration,
}

/// Refuses a database that holds accounts anyone could sign in to.
async fn refuse_published_passwords(store: &dyn logis_store::Store) -> Result<()> {
    let said = |e: logis_accounts::AccountError| anyhow::anyhow!("{e}");
    let published = logis_accounts::with_published_password(store).await.map_err(said)?;
    if !published.is_empty() {
        bail!(
            "cette base contient des comptes de démonstration dont le mot de passe est publié ({}) : \
             n'importe qui pourrait s'y connecter. L'application ne démarre pas.\n\
             Supprimez-les : logis user delete --demonstration\n\
             (pour la démonstration elle-même : logis demo)",
            published.iter().map(logis_access::Login::as_str).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(())
}

/// Serves an open store.
pub async fn serve(
    store: Arc<dyn logis_store::Store>,
    site: Site<'_>,
    mailer: Option<Arc<logis_mail::Mailer>>,
    published: Published,
    clock: Arc<dyn Clock>,
) -> Result<ExitCode> {
    let public = public_address(site.public_address)?;
    let Site { addr, territoire, proxies, .. } = site;
    if published == Published::Refused
        && let Err(e) = refuse_published_passwords(&*store).await
    {
        store.close().await;
        return Err(e);
    }
    let mut state = AppState::load(store.clone(), territoire, clock).await?;
    state.trusted_proxies = Arc::from(proxies);
    state.mailer = mailer;
    state.public_address = public.map(Arc::from);
    logis_web::warm_up(&state);
    logis_web::maintenance::start(&state);
    say!("Application des partenaires : http://{addr}/ (arrêt : Ctrl+C)");
    logis_web::serve(state, addr).await.with_context(|| {
        format!("écoute sur {addr} impossible : l'adresse est-elle déjà utilisée ?")
    })?;
    store.close().await;
    say!("Application arrêtée.");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::public_address;

    #[test]
    fn a_public_address_is_a_site_s_address() {
        let said = |typed: &str| public_address(Some(typed.to_owned()));
        assert_eq!(
            said(" https://logis.cctc.fr/ ").expect("fine").as_deref(),
            Some("https://logis.cctc.fr")
        );
        for wrong in [
            "logis.cctc.fr",
            "javascript:alert(1)",
            "https://a b.fr",
            "https://x.fr/?q=1",
            "https://x.fr/\"><script>",
        ] {
            let e = said(wrong).expect_err(wrong).to_string();
            assert!(e.contains("écrivez l'adresse du site"), "{e}");
        }
        assert_eq!(public_address(None).expect("none"), None);
    }
}
