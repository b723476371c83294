//! The applicant's file (« fiche demande »): household, situation, resources per consumption
//! unit and quartile, the cotation's breakdown and position, waiting time, priority labels
//! with their evidence, partners' notes, and the history as a timeline. Opening it is written
//! in the audit log before anything is shown.

mod timeline;
mod view;
pub mod writes;

use crate::audit;
use crate::guard::{Origin, Principal, may_reach};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use logis_cotation::stored::file_of;
use logis_domain::{Attribution, Membre, NumeroUnique, Seuils};
use logis_store::dossiers::{followups, labels, notes};
use logis_store::{export_all, lookup_all};
pub use view::{FileView, criterion_label};
pub use writes::{add_follow_up, add_note};

#[derive(Template)]
#[template(path = "fiche.html")]
struct FilePage {
    layout: Layout,
    file: FileView,
    /// What was just saved, said once.
    done: Option<&'static str>,
}

fn done_message(fait: Option<&str>) -> Option<&'static str> {
    match fait? {
        "priorite" => Some("L'étiquette de priorité est enregistrée."),
        "note" => Some("La note est enregistrée."),
        "suivi" => Some("Le suivi social est enregistré."),
        "modification" => Some("La demande est mise à jour."),
        "creation" => Some("La demande est enregistrée."),
        _ => None,
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    may_reach(&state, &principal, &numero).await?;
    let store = &*state.store;
    let cotation = file_of(store, &numero).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let Some(cotation) = cotation else { return Err(Refusal::NotFound) };
    audit::by(&state, &principal, &origin, audit::CONSULTATION, &numero).await?;
    let members: Vec<Membre> = lookup_all::<(NumeroUnique, Membre)>(store, &[&numero])
        .await?
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    let mut latest_seuils: Option<Seuils> = None;
    export_all::<Seuils>(store, &mut |s| {
        if s.annee <= today.year() && latest_seuils.as_ref().is_none_or(|l| l.annee < s.annee) {
            latest_seuils = Some(s);
        }
        Ok(())
    })
    .await?;
    let attribution = lookup_all::<Attribution>(store, &[&numero]).await?.into_iter().next();
    let sources = view::Sources {
        labels: labels::of_application(store, &numero).await?,
        notes: notes::notes_of(store, &numero).await?,
        events: notes::events_of(store, &numero).await?,
        followers: followups::of_application(store, &numero).await?,
        members,
        seuils: latest_seuils,
        attribution,
    };
    let file = FileView::new(&cotation, sources, &state.communes, &principal, today);
    let title = format!("Demande {numero}");
    let layout = Layout::new(&state, &principal, title, "/demandes");
    let page = FilePage { layout, file, done: done_message(done.fait.as_deref()) };
    Ok(render::page(&page))
}
