//! The renewal notices' report, for the EPCI (`/avis-renouvellement`): what the runs of the
//! last 30 days did — e-mails sent, letters to post, e-mails that failed and are tried again
//! the next night — and, for each day with letters, their PDF to print and post (names and
//! addresses: its download is in the audit log).

use crate::audit::{self, Action};
use crate::format;
use crate::guard::{Origin, Principal, Proxied};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use logis_applicants::notices;

/// Days of runs shown.
pub const DAYS: i64 = 30;

pub struct DayView {
    pub jour: String,
    /// `AAAA-MM-JJ`, for the letters' link.
    pub iso: String,
    pub courriels: String,
    pub courriers: u64,
    pub courriers_shown: String,
    pub echecs: String,
}

#[derive(Template)]
#[template(path = "avis_renouvellement.html")]
struct NoticesPage {
    layout: Layout,
    days: Vec<DayView>,
    mailer: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Response, Refusal> {
    let today = state.clock.today();
    let summary = notices::summary(&*state.store, today, DAYS)
        .await
        .map_err(|notices::NoticeError::Store(e)| Refusal::from(e))?;
    let days = summary
        .into_iter()
        .map(|d| DayView {
            jour: format::date(d.jour),
            iso: d.jour.to_string(),
            courriels: format::int(d.courriels),
            courriers: d.courriers,
            courriers_shown: format::int(d.courriers),
            echecs: format::int(d.echecs),
        })
        .collect();
    let page = NoticesPage {
        layout: Layout::new(&state, &principal, "Avis de renouvellement", "/parametres"),
        days,
        mailer: state.mailer.is_some(),
    };
    Ok(render::page(&page))
}

pub async fn letters_pdf(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Extension(Proxied(proxied)): Extension<Proxied>,
    headers: HeaderMap,
    Path(jour): Path<String>,
) -> Result<Response, Refusal> {
    let Some(jour) = crate::steps::typed_date(&jour) else {
        return Err(Refusal::BadRequest(
            "Cette adresse attend une date sous la forme AAAA-MM-JJ : ouvrez les courriers depuis la page des avis de renouvellement.".into(),
        ));
    };
    let letters = logis_store::dossiers::notices::letters_of(&*state.store, jour).await?;
    let what = format!(
        "avis de renouvellement : courriers du {} ({} courriers, noms et adresses)",
        format::date(jour),
        letters.len()
    );
    audit::by(&state, &principal, &origin, Action::Export, &what).await?;
    let space = state.space_address(&headers, proxied);
    let document = crate::notices::letters(&state.territoire, jour, &letters, space.as_deref());
    render::pdf(document, &format!("avis-renouvellement-courriers-{jour}.pdf")).await
}
