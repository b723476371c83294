//! The audit log (« journal d'audit »), for the administrateur: who opened, changed or exported
//! what, when and from where; the newest lines on the page, the whole log as CSV.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use logis_report::{Cell, Sheet};
use logis_store::AuditEntry;
use logis_store::access::audit::latest;

/// Lines shown on the page.
pub const SHOWN: u32 = 500;
/// Lines in the CSV export.
pub const EXPORTED: u32 = 1_000_000;

pub struct LineView {
    pub moment: String,
    pub login: String,
    pub action: String,
    pub objet: String,
    pub origine: String,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    layout: Layout,
    lines: Vec<LineView>,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    // The log names accounts and numéros: reading it is logged too.
    let what = format!("journal d'audit, {SHOWN} lignes les plus récentes");
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    let lines = latest(&*state.store, SHOWN)
        .await?
        .into_iter()
        .map(|e| LineView {
            moment: format::moment(e.at),
            login: e.login,
            action: e.action.label().to_owned(),
            objet: e.target,
            origine: e.origin,
        })
        .collect();
    let page = JournalPage {
        layout: Layout::new(&state, &principal, "Journal d'audit", "/journal"),
        lines,
    };
    Ok(render::page(&page))
}

fn sheet(entries: &[AuditEntry]) -> Sheet {
    let mut sheet = Sheet::new("journal", &["moment", "compte", "action", "objet", "origine"]);
    for e in entries {
        sheet.push(vec![
            Cell::Text(format::moment(e.at)),
            e.login.clone().into(),
            Cell::Text(e.action.label().to_owned()),
            e.target.clone().into(),
            e.origin.clone().into(),
        ]);
    }
    sheet
}

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    audit::by(&state, &principal, &origin, audit::Action::Export, "journal d'audit en CSV").await?;
    let entries = latest(&*state.store, EXPORTED).await?;
    let today = state.clock.today();
    let bytes = logis_report::csv_bytes(&sheet(&entries));
    Ok(render::download(bytes, render::CSV, &format!("journal-audit-{today}.csv")))
}
