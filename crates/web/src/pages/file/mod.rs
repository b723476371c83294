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
use logis_cotation::stored::file_with_grids;
use logis_domain::{Attribution, Membre, NumeroUnique, Seuils};
use logis_store::dossiers::{followups, labels, notes};
use logis_store::lookup_all;
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

/// The latest income thresholds published up to `year`.
async fn seuils_of(store: &dyn logis_store::Store, year: i32) -> Result<Option<Seuils>, Refusal> {
    use logis_store::ColumnType::Int;
    let rows = store
        .fetch(
            "SELECT annee, q1, q2, q3 FROM seuils WHERE annee <= $1 ORDER BY annee DESC LIMIT 1",
            &[logis_store::statement::int(i64::from(year))],
            &[Int, Int, Int, Int],
        )
        .await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let mut v = logis_store::statement::Values::of(row);
    let amount = |cents: i64| logis_domain::Amount::from_cents(cents);
    Ok(Some(Seuils {
        annee: i32::try_from(v.int()?).unwrap_or_default(),
        q1: amount(v.int()?),
        q2: amount(v.int()?),
        q3: amount(v.int()?),
    }))
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
    let grids = state.grids.get(store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let cotation = file_with_grids(store, &numero, Some(&grids))
        .await
        .map_err(|e| Refusal::Store(e.to_string()))?;
    let Some(cotation) = cotation else { return Err(Refusal::NotFound) };
    audit::by(&state, &principal, &origin, audit::CONSULTATION, &numero).await?;
    let members: Vec<Membre> = lookup_all::<(NumeroUnique, Membre)>(store, &[&numero])
        .await?
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    let latest_seuils = seuils_of(store, today.year()).await?;
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
