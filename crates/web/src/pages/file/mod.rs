//! The applicant's file (« fiche demande »): household, situation, resources per consumption
//! unit and quartile, the cotation's breakdown and position, waiting time, priority labels
//! with their evidence, partners' notes, and the history as a timeline. Opening it is written
//! in the audit log before anything is shown.

mod evidence;
pub mod rights;
pub mod timeline;
mod view;
pub mod writes;

use crate::dossier;
use crate::glossary::filters;
use crate::guard::{Origin, Principal};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Response;
pub use evidence::{
    download as download_evidence, refuse as refuse_evidence, validate as validate_evidence,
};
use logis_domain::Attribution;
use logis_store::dossiers::{followups, labels, notes};
use logis_store::lookup_all;
pub use view::{FileView, Sources, list_of};
pub use writes::{add_follow_up, add_note, reinstate};

#[derive(Template)]
#[template(path = "fiche.html")]
struct FilePage {
    layout: Layout,
    file: FileView,
    /// What was just saved, said once.
    done: Option<&'static str>,
    /// The active applications that may be this household's too: (numéro, why).
    duplicates: Vec<(String, String)>,
    /// Whether the cotation is being recomputed (the score shown may not follow the last
    /// change yet).
    rescoring: bool,
    /// The evidence the applicant deposited, newest first.
    documents: Vec<crate::evidence::DocumentLine>,
}

/// What a save on the file says once it is done.
const DONE: &[(&str, &str)] = &[
    ("priorite", "L'étiquette de priorité est enregistrée."),
    ("note", "La note est enregistrée."),
    ("suivi", "Le suivi social est enregistré."),
    ("modification", "La demande est mise à jour."),
    ("creation", "La demande est enregistrée."),
    ("retrait", "La priorité est retirée : la cotation et le bilan n'en tiennent plus compte."),
    ("reinscription", "La demande est réinscrite : active de nouveau, renouvelée aujourd'hui."),
    ("piece_validee", "Le justificatif est validé : le critère qu'il prouve compte comme vérifié."),
    ("piece_refusee", "Le justificatif est refusé : le demandeur lit le motif dans son espace."),
];

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let (cotation, members) = dossier::open(&state, &principal, &origin, &numero, &numero).await?;
    let store = &*state.store;
    let today = state.clock.today();
    let latest_seuils = logis_store::territory::thresholds_up_to(store, today.year()).await?;
    let attribution = lookup_all::<Attribution>(store, &[&numero]).await?.into_iter().next();
    let sources = view::Sources {
        labels: labels::of_application(store, &numero).await?,
        notes: notes::notes_of(store, &numero).await?,
        events: notes::events_of(store, &numero).await?,
        followers: followups::of_application(store, &numero).await?,
        members,
        seuils: latest_seuils,
        attribution,
        register_import: logis_store::settings::get(store, logis_store::settings::REGISTER_IMPORT)
            .await?
            .map(|s| (s.changed_at, s.text)),
    };
    let file = FileView::new(&cotation, sources, &state.communes, &principal.permissions(), today);
    let title = format!("Demande {numero}");
    let layout = Layout::new(&state, &principal, title, "/demandes");
    let duplicates = crate::pages::duplicates::of_application(&state, &numero).await?;
    let rescoring = state.rescorer.busy();
    let numero_unique = dossier::numero(&numero)?;
    let documents = logis_applicants::documents::of_application(store, &numero_unique)
        .await
        .map_err(crate::evidence::refusal)?
        .iter()
        .map(crate::evidence::DocumentLine::of)
        .collect();
    let page = FilePage { layout, file, done: done.said(DONE), duplicates, rescoring, documents };
    Ok(render::page(&page))
}
