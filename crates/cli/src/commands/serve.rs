//! `logis serve`: the partners' web application on a database. It refuses to start on a
//! database that holds accounts with published passwords (the demo's): only the server that
//! `logis demo` starts on its own database serves them.

use crate::database;
use anyhow::{Context, Result, bail};
use logis_domain::Clock;
use logis_web::AppState;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

/// Serves the application of the store at `url` until Ctrl+C.
pub async fn run(
    url: &str,
    addr: SocketAddr,
    territoire: &str,
    proxies: Vec<IpAddr>,
    clock: Arc<dyn Clock>,
) -> Result<ExitCode> {
    let store: Arc<dyn logis_store::Store> = Arc::from(database::open(url).await?);
    serve(store, addr, territoire, proxies, Published::Refused, clock).await
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
    addr: SocketAddr,
    territoire: &str,
    proxies: Vec<IpAddr>,
    published: Published,
    clock: Arc<dyn Clock>,
) -> Result<ExitCode> {
    if published == Published::Refused
        && let Err(e) = refuse_published_passwords(&*store).await
    {
        store.close().await;
        return Err(e);
    }
    let mut state = AppState::load(store.clone(), territoire, clock).await?;
    state.trusted_proxies = Arc::from(proxies);
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
