//! Labelling a household priority, from the file: a criterion of CCH L441-1 (or DALO) and the
//! evidence seen (checked and recorded by `logis_casework::labels`, as the API does). A
//! landlord's, a reservation holder's or the EPCI's label is recognised at once and adds the
//! criterion to the application (the cotation and the bilan count it); a social worker's is a
//! proposal that partners see on the file and a landlord may confirm (preselected). A
//! recognised criterion may be withdrawn with its reason. Each change is in the file's timeline
//! and the audit log.

use crate::audit;
use crate::guard::{Origin, Principal, may_reach};
use crate::partners_work::{self as work, LabelForm};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_casework::{CaseworkError, labels};
use logis_domain::Demande;
use logis_domain::work::LabelCriterion;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "priorite.html")]
struct LabelPage {
    layout: Layout,
    numero: String,
    nom: String,
    proposal: bool,
    criteria: Vec<(&'static str, &'static str)>,
    critere: String,
    justificatif: String,
    errors: Vec<String>,
}

fn page(
    state: &AppState,
    principal: &Principal,
    d: &Demande,
    form: LabelForm,
    errors: Vec<String>,
) -> LabelPage {
    let numero = d.numero_unique.as_str().to_owned();
    LabelPage {
        layout: Layout::new(state, principal, format!("Priorité — demande {numero}"), "/demandes"),
        nom: d.nom.clone().unwrap_or_default(),
        numero,
        proposal: !principal.permissions().label_priority,
        criteria: LabelCriterion::all().map(|c| (c.code(), c.label())).collect(),
        critere: form.critere,
        justificatif: form.justificatif,
        errors,
    }
}

/// The criterion a link preselects (« Confirmer » a proposal).
#[derive(Debug, Default, Deserialize)]
pub struct Preselected {
    #[serde(default)]
    critere: String,
}

pub async fn form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Query(preselected): Query<Preselected>,
) -> Result<Response, Refusal> {
    may_reach(&state, &principal, &numero).await?;
    let d = crate::dossier::application(&state, &numero).await?;
    let what = format!("formulaire d'étiquette de priorité, {numero}");
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    let known = LabelCriterion::from_code(&preselected.critere).is_some();
    let form = LabelForm {
        critere: if known { preselected.critere } else { String::new() },
        ..LabelForm::default()
    };
    Ok(render::page(&page(&state, &principal, &d, form, Vec::new())))
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Form(form): Form<LabelForm>,
) -> Result<Response, Refusal> {
    let worker = work::worker(&state, &principal, &origin);
    match labels::record(&*state.store, &worker, &numero, form.asked()).await {
        Ok(label) => {
            if label.statut == logis_domain::work::LabelStatus::Recognised {
                work::rescore(&state).await;
            }
            Ok(Redirect::to(&format!("/demandes/{numero}?fait=priorite")).into_response())
        }
        Err(CaseworkError::Invalid(errors)) => {
            // Reached: the service checked it before the form.
            let d = crate::dossier::application(&state, &numero).await?;
            let view = page(&state, &principal, &d, form, errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(refused) => Err(refused.into()),
    }
}

/// What withdrawing a recognised priority sends.
#[derive(Debug, Default, Deserialize)]
pub struct WithdrawalForm {
    #[serde(default)]
    pub critere: String,
    #[serde(default)]
    pub motif: String,
}

/// Withdraws a recognised criterion (a landlord, a reservation holder, the EPCI), with its
/// reason: off the application, in its history and the audit log; the cotation and the bilan
/// follow.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Form(form): Form<WithdrawalForm>,
) -> Result<Response, Refusal> {
    let worker = work::worker(&state, &principal, &origin);
    labels::withdraw(&*state.store, &worker, &numero, &form.critere, &form.motif).await?;
    work::rescore(&state).await;
    Ok(Redirect::to(&format!("/demandes/{numero}?fait=retrait")).into_response())
}
