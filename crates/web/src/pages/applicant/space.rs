//! The applicant's own page: their application as [`super::view`] tells it, once the view is
//! written in the audit log.

use super::ApplicantLayout;
use super::sign_in::AUDITED_AS;
use super::view::{ApplicantView, DecidedOn};
use crate::audit::{self, Action};
use crate::evidence::DocumentLine;
use crate::glossary::filters;
use crate::guard::{Applicant, Origin};
use crate::pages::file::{FileView, Sources};
use crate::render::{self, Done, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use logis_cotation::stored::file_with_grids;
use logis_domain::{Attribution, Logement, Piece};
use logis_store::allocation::{commissions, vacancies};
use logis_store::lookup_all;

#[derive(Template)]
#[template(path = "demandeur_espace.html")]
struct SpacePage {
    layout: ApplicantLayout,
    view: ApplicantView,
    notice: Notice,
    /// The applicant's documents, newest first.
    documents: Vec<DocumentLine>,
    /// Every piece, the expected ones first: (code, label, expected).
    pieces: Vec<(&'static str, &'static str, bool)>,
}

/// What the page says once, above the documents: a deposit done or refused.
#[derive(Debug, Default)]
pub struct Notice {
    pub done: Option<&'static str>,
    pub error: Option<String>,
}

/// What a step of the space says once it is done.
const DONE: &[(&str, &str)] = &[(
    "piece",
    "Votre justificatif est bien reçu. Un agent l'examinera : s'il est validé, le critère qu'il prouve comptera comme vérifié.",
)];

/// The decisions about application `numero`, with their session and dwelling.
async fn decisions_of(state: &AppState, numero: &str) -> Result<Vec<DecidedOn>, Refusal> {
    let store = &*state.store;
    let mut decided = Vec::new();
    for decision in commissions::decisions_about(store, numero).await? {
        let session = commissions::one(store, decision.commission).await?;
        let vacancy = vacancies::one(store, decision.vacance).await?;
        let dwelling = match &vacancy {
            Some(v) => {
                lookup_all::<Logement>(store, &[v.logement_id.as_str()]).await?.into_iter().next()
            }
            None => None,
        };
        let bailleur = session.as_ref().map(|s| s.bailleur.as_str().to_owned()).unwrap_or_default();
        decided.push(DecidedOn {
            seance: session.map(|s| s.date_seance),
            bailleur: state.organismes.name(&bailleur),
            logement: dwelling.map(|l| {
                format!("{} à {}", l.typologie.label(), state.communes.name(l.commune.as_str()))
            }),
            decision,
        });
    }
    Ok(decided)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let notice = Notice { done: done.said(DONE), error: None };
    Ok(render::page(&page(&state, &applicant, &origin, notice).await?))
}

/// The space's page for `applicant`, with `notice`, once its view is in the audit log.
pub async fn page(
    state: &AppState,
    applicant: &Applicant,
    origin: &Origin,
    notice: Notice,
) -> Result<impl Template, Refusal> {
    let numero = applicant.numero.as_str();
    let store = &*state.store;
    let grids = state.grids.get(store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let cotation = file_with_grids(store, numero, Some(&grids))
        .await
        .map_err(|e| Refusal::Store(e.to_string()))?
        .ok_or(Refusal::NotFound)?;
    audit::record(state, AUDITED_AS, origin, Action::ApplicantView, numero).await?;
    let today = state.clock.today();
    let sources = Sources {
        labels: Vec::new(),
        notes: Vec::new(),
        events: Vec::new(),
        followers: Vec::new(),
        members: crate::dossier::members_of(store, numero).await?,
        seuils: logis_store::territory::thresholds_up_to(store, today.year()).await?,
        attribution: lookup_all::<Attribution>(store, &[numero]).await?.into_iter().next(),
        register_import: None,
    };
    let permissions = logis_access::Permissions::NONE;
    let file = FileView::new(&cotation, sources, &state.communes, &permissions, today);
    let decisions = decisions_of(state, numero).await?;
    let view = ApplicantView::new(state, &cotation, file, decisions, today);
    let documents = logis_applicants::documents::of_application(store, &applicant.numero)
        .await
        .map_err(crate::evidence::refusal)?
        .iter()
        .map(DocumentLine::of)
        .collect();
    let mut pieces: Vec<(&'static str, &'static str, bool)> = Piece::ALL
        .iter()
        .map(|p| (p.code(), p.label(), view.pieces_manquantes.contains(p)))
        .collect();
    pieces.sort_by_key(|(_, _, expected)| !expected);
    let layout = ApplicantLayout::of(state, applicant, "Ma demande");
    Ok(SpacePage { layout, view, notice, documents, pieces })
}
