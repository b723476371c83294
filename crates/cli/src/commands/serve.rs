//! `logis serve`: the partners' web application on a database.

use crate::database;
use anyhow::{Context, Result};
use logis_web::AppState;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

/// Serves the application of the store at `url` until Ctrl+C.
pub async fn run(url: &str, addr: SocketAddr, territoire: &str) -> Result<ExitCode> {
    let store: Arc<dyn logis_store::Store> = Arc::from(database::open(url).await?);
    serve(store, addr, territoire).await
}

/// Serves an open store.
pub async fn serve(
    store: Arc<dyn logis_store::Store>,
    addr: SocketAddr,
    territoire: &str,
) -> Result<ExitCode> {
    let state = AppState::load(store.clone(), territoire).await?;
    logis_web::warm_up(&state);
    println!("Application des partenaires : http://{addr}/ (arrêt : Ctrl+C)");
    logis_web::serve(state, addr).await.with_context(|| {
        format!("écoute sur {addr} impossible : l'adresse est-elle déjà utilisée ?")
    })?;
    store.close().await;
    println!("Application arrêtée.");
    Ok(ExitCode::SUCCESS)
}
