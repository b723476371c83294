//! The partners' web application of Logis: server-rendered pages in French (axum, askama,
//! htmx vendored), accounts with roles whose reach is checked in one place ([`guard`]), sessions
//! and CSRF tokens ([`session`]), the audit log of every access to personal data ([`audit`]).
//! Every route is declared once in [`routes::table`], with what it requires.

pub mod accounts;
pub mod api;
pub mod audit;
pub mod bilans;
pub mod format;
pub mod guard;
pub mod imports;
pub mod limiter;
pub mod pages;
pub mod render;
pub mod rescorer;
pub mod routes;
pub mod session;
pub mod state;

pub use routes::router;
pub use state::AppState;

use std::net::SocketAddr;

/// Serves the application on `addr` until the process is interrupted (Ctrl+C).
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
