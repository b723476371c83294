//! Labelling a household priority, from the file: a criterion of CCH L441-1 (or DALO) and the
//! evidence seen (checked and recorded by `crate::partners_work`, as the API does). A
//! landlord's, a reservation holder's or the EPCI's label is recognised at once and adds the
//! criterion to the application (the cotation and the bilan count it); a social worker's is a
//! proposal that partners see on the file and a landlord may confirm (preselected). A
//! recognised criterion may be withdrawn with its reason. Each change is in the file's timeline
//! and the audit log.

use crate::audit;
use crate::guard::{Origin, Principal, may_reach};
use crate::partners_work::{LabelForm, MAX_EVIDENCE, RESCORING_WAIT, check, criteria, record};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_domain::Demande;
use logis_domain::work::EventNature;
use logis_domain::work::LabelStatus;
use logis_store::dossiers::labels::{self, PriorityLabel};
use logis_store::dossiers::notes::{self, Event};
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
        criteria: criteria(),
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
    audit::by(&state, &principal, &origin, audit::CONSULTATION, &what).await?;
    let known = criteria().iter().any(|(code, _)| *code == preselected.critere);
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
    may_reach(&state, &principal, &numero).await?;
    let d = crate::dossier::application(&state, &numero).await?;
    let errors = check(&form);
    if !errors.is_empty() {
        let view = page(&state, &principal, &d, form, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
    }
    record(&state, &principal, &origin, &numero, &form).await?;
    Ok(Redirect::to(&format!("/demandes/{numero}?fait=priorite")).into_response())
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
    may_reach(&state, &principal, &numero).await?;
    crate::dossier::application(&state, &numero).await?;
    let reason = form.motif.trim();
    if reason.chars().count() < 5 || reason.chars().count() > MAX_EVIDENCE {
        return Err(Refusal::BadRequest(
            "Indiquez pourquoi la priorité est retirée (5 à 1 000 caractères) : les partenaires le liront.".to_owned(),
        ));
    }
    let labels_now = labels::of_application(&*state.store, &numero).await?;
    let recognised = labels::current(&labels_now)
        .into_iter()
        .any(|l| l.critere == form.critere && l.statut == LabelStatus::Recognised);
    if !recognised {
        return Err(Refusal::BadRequest(
            "Ce critère n'est pas reconnu dans Logis pour cette demande : rien à retirer."
                .to_owned(),
        ));
    }
    let now = state.clock.unix();
    let label = PriorityLabel {
        numero_unique: numero.clone(),
        critere: form.critere.clone(),
        statut: LabelStatus::Withdrawn,
        justificatif: reason.to_owned(),
        auteur: principal.login.clone(),
        organisme: principal.organisme.clone(),
        moment: now,
    };
    let mut statements = labels::withdraw(&label);
    statements.push(notes::write_event(&Event {
        numero_unique: numero.clone(),
        moment: now,
        auteur: principal.login.clone(),
        nature: EventNature::Label,
        detail: format!(
            "Priorité retirée : {} — {reason}",
            super::file::criterion_label(&form.critere)
        ),
    }));
    state.store.execute(&statements).await?;
    state.data_changed();
    state.rescorer.request(state.store.clone(), state.clock.clone());
    state.rescorer.settled(RESCORING_WAIT).await;
    let what = format!("{numero} : priorité retirée");
    audit::by(&state, &principal, &origin, audit::MODIFICATION, &what).await?;
    Ok(Redirect::to(&format!("/demandes/{numero}?fait=retrait")).into_response())
}
