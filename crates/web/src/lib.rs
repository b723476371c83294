//! The partners' web application of Logis: server-rendered pages in French (axum, askama,
//! htmx vendored) and the JSON API for partners' software ([`api`]), under the same rules and
//! through the same shared modules (`steps`, `examination`, `partners_work`, `list_query`,
//! `typed_files`). Accounts with roles whose reach is checked in one place ([`guard`]),
//! sessions and CSRF tokens ([`session`]), the audit log of every access to personal data
//! ([`audit`]); imports in the background, the cotation following each change ([`rescorer`]),
//! the nightly work ([`maintenance`]). Every route is declared once in [`routes::table`].

pub mod api;
pub mod audit;
pub mod bilans;
pub mod csrf;
pub mod dossier;
pub mod evidence;
pub mod examination;
pub mod flux;
pub mod format;
pub mod glossary;
pub mod grids;
pub mod guard;
pub mod hashing;
pub mod imports;
pub mod limiter;
pub mod list_query;
pub mod maintenance;
pub mod notices;
pub mod organismes;
pub mod overview;
pub mod pages;
pub mod paging;
pub mod partners_work;
pub mod progress;
pub mod render;
pub mod rescorer;
pub mod routes;
pub mod session;
pub mod state;
pub mod steps;
pub mod typed_files;
pub mod uploads;

pub use routes::router;
pub use state::AppState;

use axum::serve::ListenerExt;
use std::net::SocketAddr;

/// Counts in the background what the first visits would wait for: the home pages' key
/// figures, the year's objectives so far and the last complete evaluation (minutes at
/// national scale on a cold cache); and recomputes the scores when they
/// no longer follow the data (an import killed between its commit and its cotation, a day
/// without recalculation): applications without a score meanwhile are listed « non cotées ».
pub fn warm_up(state: &AppState) {
    let rescore = state.clone();
    tokio::spawn(async move {
        let today = rescore.clock.today();
        match logis_cotation::stored::staleness(&*rescore.store, today).await {
            Ok(None) => {}
            Ok(Some(why)) => {
                tracing::info!("scores à recalculer au démarrage : {why:?}");
                rescore.rescorer.request(rescore.store.clone(), rescore.clock.clone());
            }
            Err(e) => tracing::warn!("état de la cotation illisible au démarrage : {e}"),
        }
    });
    let warm = state.clone();
    tokio::spawn(async move {
        // What the home pages read first: the key figures, the year's objectives so far, then
        // (in the background, as a home page would start it) the last complete evaluation.
        let today = warm.clock.today();
        if let Ok(o) = warm.overview.get(&*warm.store, today).await {
            let _ = warm.progress.get(&*warm.store, today).await;
            let years: Vec<i32> = o.attributions_par_annee.iter().map(|(y, _)| *y).collect();
            if let Some((_, latest)) = bilans::latest_years(&years, today) {
                let _ = warm.bilans.ready(&warm.store, &latest, None).await;
            }
        }
    });
}

/// Serves the application on `addr` until the process is interrupted (Ctrl+C). The nightly
/// work ([`maintenance::start`]) is the caller's to start.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    // Answers leave at once (no Nagle delay between a response's head and its body).
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
