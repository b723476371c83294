//! Allocation's writes through the API, under the pages' scopes and through the same workflow:
//! declaring a vacancy or withdrawing it, a commission session and its decisions, the offer,
//! the answer, the lease; `201 Created` with what was recorded, problem documents otherwise.

use super::allocation::problem;
use super::allocation_model::{AttributionView, OfferView, VacancyView};
use super::writes::body;
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::pages::allocation::commissions::{SessionForm, checked_session, managed};
use crate::pages::allocation::decisions::decide_on_session_day;
use crate::pages::allocation::dwellings::{VacancyForm, managed_dwelling};
use crate::pages::allocation::offers::{WithdrawalForm, managed as managed_vacancy};
use crate::pages::allocation::{author_of, typed_date};
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use logis_allocation::commission::{Exception, Nature, Proposed};
use logis_allocation::workflow::offers::{Answer, answer, offer_next, sign_lease};
use logis_allocation::workflow::vacancy::{declare, withdraw};
use logis_store::allocation::commissions;
use logis_store::allocation::vacancies;
use serde::Deserialize;

pub async fn declare_vacancy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(logement): Path<String>,
    sent: Result<Json<VacancyForm>, JsonRejection>,
) -> Result<(StatusCode, Json<VacancyView>), Problem> {
    let sent = body(sent)?;
    let store = &*state.store;
    managed_dwelling(&state, &principal, &logement).await?;
    let ligne = declare(store, &sent.declaration(&logement), &author_of(&principal, &*state.clock))
        .await
        .map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::CREATION,
        &format!("API : vacance {ligne} du logement {logement}"),
    )
    .await?;
    let vacancy = vacancies::one(store, ligne).await?.ok_or(Refusal::NotFound)?;
    Ok((StatusCode::CREATED, Json(VacancyView::from(&vacancy))))
}

#[derive(Debug, Default, Deserialize)]
pub struct SessionBody {
    #[serde(default)]
    pub bailleur: String,
    #[serde(default)]
    pub date_seance: String,
    #[serde(default)]
    pub lieu: String,
    #[serde(default)]
    pub membres: Vec<String>,
    #[serde(default)]
    pub maire: String,
}

#[derive(serde::Serialize)]
pub struct SessionCreated {
    pub numero_commission: i64,
}

pub async fn create_session(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    sent: Result<Json<SessionBody>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionCreated>), Problem> {
    let sent = body(sent)?;
    let form = SessionForm {
        date_seance: sent.date_seance,
        lieu: sent.lieu,
        membres: sent.membres.join("\n"),
        maire: sent.maire,
        bailleur: sent.bailleur,
    };
    let session = checked_session(&state, &principal, &form)
        .await
        .map_err(|e| Problem::from(Refusal::Invalid(e.join(" "))))?;
    let ligne = commissions::create(&*state.store, &session).await?;
    audit::by(&state, &principal, &origin, audit::CREATION, &format!("API : commission {ligne}"))
        .await?;
    Ok((StatusCode::CREATED, Json(SessionCreated { numero_commission: ligne })))
}

#[derive(Debug, Default, Deserialize)]
pub struct DecisionBody {
    pub numero_unique: String,
    pub nature: String,
    #[serde(default)]
    pub rang: Option<i64>,
    #[serde(default)]
    pub piece_manquante: Option<String>,
    #[serde(default)]
    pub echeance: Option<String>,
    #[serde(default)]
    pub motif: Option<String>,
    #[serde(default)]
    pub motif_ecart: Option<String>,
    /// The officer states the income was checked against the published ceiling (needed to
    /// allocate when Logis could not check it).
    #[serde(default)]
    pub plafond_verifie: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct DecisionsBody {
    #[serde(default)]
    pub exception: Option<String>,
    #[serde(default)]
    pub decisions: Vec<DecisionBody>,
}

#[derive(serde::Serialize)]
pub struct DecisionsRecorded {
    pub decisions: usize,
}

pub async fn record_decisions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(i64, i64)>,
    sent: Result<Json<DecisionsBody>, JsonRejection>,
) -> Result<(StatusCode, Json<DecisionsRecorded>), Problem> {
    let sent = body(sent)?;
    managed(&state, &principal, ligne).await?;
    let mut errors = Vec::new();
    let exception = match sent.exception.as_deref() {
        None | Some("") => None,
        Some(code) => Exception::from_code(code).or_else(|| {
            errors.push(format!("exception « {code} » inconnue"));
            None
        }),
    };
    let mut proposed = Vec::new();
    for d in &sent.decisions {
        let Some(nature) = Nature::from_code(&d.nature) else {
            errors
                .push(format!("demande {} : décision « {} » inconnue", d.numero_unique, d.nature));
            continue;
        };
        let echeance = d.echeance.as_deref().and_then(typed_date);
        if d.echeance.is_some() && echeance.is_none() {
            errors.push(format!(
                "demande {} : échéance illisible (AAAA-MM-JJ attendu)",
                d.numero_unique
            ));
        }
        proposed.push(Proposed {
            numero_unique: d.numero_unique.clone(),
            position_score: 0,
            nature,
            rang: d.rang,
            piece_manquante: d.piece_manquante.clone(),
            echeance,
            motif: d.motif.clone(),
            motif_ecart: d.motif_ecart.clone(),
            plafond_verifie: d.plafond_verifie,
        });
    }
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors.join(" ; ")).into());
    }
    let count = proposed.len();
    let said = logis_allocation::commission::officer_statements(&proposed);
    decide_on_session_day(&state, &principal, ligne, vacance, proposed, exception)
        .await
        .map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::MODIFICATION,
        &format!("API : commission {ligne} : décisions sur la vacance {vacance}{said}"),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(DecisionsRecorded { decisions: count })))
}

pub async fn make_offer(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<i64>,
) -> Result<(StatusCode, Json<OfferView>), Problem> {
    managed_vacancy(&state, &principal, ligne).await.map_err(Problem::from)?;
    let today = state.clock.today();
    let offer = offer_next(&*state.store, ligne, today, &author_of(&principal, &*state.clock))
        .await
        .map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::MODIFICATION,
        &format!("API : vacance {ligne} : proposition à {}", offer.numero_unique),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(OfferView::from(&offer))))
}

#[derive(Debug, Default, Deserialize)]
pub struct AnswerBody {
    pub reponse: String,
    #[serde(default)]
    pub motif_refus: String,
    #[serde(default)]
    pub refus_legitime: Option<bool>,
    #[serde(default)]
    pub date: String,
}

pub async fn record_answer(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, offre)): Path<(i64, i64)>,
    sent: Result<Json<AnswerBody>, JsonRejection>,
) -> Result<Json<OfferView>, Problem> {
    let sent = body(sent)?;
    managed_vacancy(&state, &principal, ligne).await.map_err(Problem::from)?;
    let given = Answer {
        reponse: sent.reponse,
        motif_refus: sent.motif_refus,
        refus_legitime: sent.refus_legitime,
        on: typed_date(&sent.date),
    };
    let store = &*state.store;
    answer(store, ligne, offre, &given, &author_of(&principal, &*state.clock))
        .await
        .map_err(problem)?;
    state.rescorer.request(state.store.clone(), state.clock.clone());
    audit::by(
        &state,
        &principal,
        &origin,
        audit::MODIFICATION,
        &format!("API : vacance {ligne} : réponse à la proposition"),
    )
    .await?;
    let offers = logis_store::allocation::offers::of_vacancy(store, ligne).await?;
    let offer = offers.iter().find(|o| o.ligne == offre).ok_or(Refusal::NotFound)?;
    Ok(Json(OfferView::from(offer)))
}

#[derive(Debug, Default, Deserialize)]
pub struct LeaseBody {
    #[serde(default)]
    pub date_bail: String,
    #[serde(default)]
    pub relogement_anru: bool,
}

pub async fn record_lease(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, offre)): Path<(i64, i64)>,
    sent: Result<Json<LeaseBody>, JsonRejection>,
) -> Result<(StatusCode, Json<AttributionView>), Problem> {
    let sent = body(sent)?;
    managed_vacancy(&state, &principal, ligne).await.map_err(Problem::from)?;
    let Some(date_bail) = typed_date(&sent.date_bail) else {
        return Err(Refusal::Invalid(
            "indiquez la date de signature du bail (date_bail, AAAA-MM-JJ)".to_owned(),
        )
        .into());
    };
    let attribution = sign_lease(
        &*state.store,
        ligne,
        offre,
        date_bail,
        sent.relogement_anru,
        &author_of(&principal, &*state.clock),
    )
    .await
    .map_err(problem)?;
    state.rescorer.request(state.store.clone(), state.clock.clone());
    state.data_changed();
    let what = format!(
        "API : vacance {ligne} : bail signé, {} attribuée",
        attribution.numero_unique.as_str()
    );
    audit::by(&state, &principal, &origin, audit::MODIFICATION, &what).await?;
    Ok((StatusCode::CREATED, Json(AttributionView::from(&attribution))))
}

pub async fn withdraw_vacancy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<i64>,
    sent: Result<Json<WithdrawalForm>, JsonRejection>,
) -> Result<Json<VacancyView>, Problem> {
    let sent = body(sent)?;
    managed_vacancy(&state, &principal, ligne).await.map_err(Problem::from)?;
    let store = &*state.store;
    withdraw(store, ligne, &sent.motif).await.map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::MODIFICATION,
        &format!("API : vacance {ligne} retirée"),
    )
    .await?;
    let vacancy = vacancies::one(store, ligne).await?.ok_or(Refusal::NotFound)?;
    Ok(Json(VacancyView::from(&vacancy)))
}
