//! Allocation's writes through the API, through the same workflow as the pages (each step checks
//! its author's perimeter): declaring a vacancy or withdrawing it, a commission session and its
//! decisions, the offer, the answer, the lease; `201 Created` with what was recorded, problem
//! documents otherwise. The bodies' doc comments are the API's descriptions, in French.

use super::allocation::problem;
use super::allocation_model::{AttributionView, OfferView, VacancyView};
use super::openapi;
use super::writes::body;
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use crate::steps::{author_of, decide_on_session_day, typed_date};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use logis_allocation::commission::{Exception, Nature, Proposed};
use logis_allocation::workflow::offers::{Answer, answer, offer_next, sign_lease};
use logis_allocation::workflow::sessions::{NewSession, hold};
use logis_allocation::workflow::vacancy::Declaration;
use logis_allocation::workflow::vacancy::{declare, set_aside_of, withdraw};
use logis_domain::NumeroUnique;
use logis_domain::allocation::{CommissionId, OfferAnswer, OfferId, VacancyId};
use logis_store::allocation::vacancies;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A vacancy's declaration, as JSON.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = DeclarationVacance, description = "La déclaration d'un logement vacant")]
pub struct VacancyBody {
    #[serde(default)]
    #[schema(required, format = Date)]
    pub disponible_le: String,
    /// Réservataire vers lequel le logement est orienté (vide : celui proposé)
    #[serde(default)]
    pub reservataire: String,
    /// Obligatoire quand le réservataire n'est pas celui proposé
    #[serde(default)]
    pub motif_orientation: String,
    /// Hors du flux : « relogement_anru » ou « mutation_interne » (le logement reste au
    /// bailleur) ; vide : le logement est dans le flux
    #[serde(default)]
    pub mis_de_cote: String,
}

#[utoipa::path(
    post,
    path = "/api/logements/{logement}/vacance",
    operation_id = "declarer_vacance",
    tag = "Attribution",
    summary = "Déclarer un logement vacant (bailleur du logement, EPCI)",
    params(("logement" = String, Path, description = "Identifiant du logement")),
    request_body = VacancyBody,
    responses(
        (status = 201, description = "La vacance enregistrée", body = VacancyView),
        openapi::WriteRefusals,
    ),
)]
pub async fn declare_vacancy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(logement): Path<String>,
    sent: Result<Json<VacancyBody>, JsonRejection>,
) -> Result<(StatusCode, Json<VacancyView>), Problem> {
    let sent = body(sent)?;
    let declaration = Declaration {
        logement_id: logement.clone(),
        disponible_le: typed_date(&sent.disponible_le),
        reservataire: sent.reservataire,
        motif_orientation: sent.motif_orientation,
        mis_de_cote: set_aside_of(&sent.mis_de_cote).map_err(problem)?,
        propose_vu: String::new(),
    };
    let store = &*state.store;
    let ligne = declare(store, &declaration, &author_of(&principal, &*state.clock))
        .await
        .map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Creation,
        &format!("API : vacance {ligne} du logement {logement}"),
    )
    .await?;
    let vacancy = vacancies::one(store, ligne).await?.ok_or(Refusal::NotFound)?;
    Ok((StatusCode::CREATED, Json(VacancyView::from(&vacancy))))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = NouvelleSeance)]
pub struct SessionBody {
    /// Pour l'EPCI ; un bailleur crée les séances de sa commission
    #[serde(default)]
    pub bailleur: String,
    #[serde(default)]
    #[schema(required, format = Date)]
    pub date_seance: String,
    #[serde(default)]
    pub lieu: String,
    /// Membres présents : qualité — nom
    #[serde(default)]
    #[schema(required, min_items = 1)]
    pub membres: Vec<String>,
    /// Maire de la commune ou son représentant (voix prépondérante)
    #[serde(default)]
    pub maire: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = SeanceCreee)]
pub struct SessionCreated {
    pub numero_commission: i64,
}

#[utoipa::path(
    post,
    path = "/api/commissions",
    operation_id = "creer_seance",
    tag = "Attribution",
    summary = "Créer une séance de commission d'attribution",
    request_body = SessionBody,
    responses(
        (status = 201, description = "La séance créée", body = SessionCreated),
        openapi::WriteRefusals,
    ),
)]
pub async fn create_session(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    sent: Result<Json<SessionBody>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionCreated>), Problem> {
    let sent = body(sent)?;
    let asked = NewSession {
        bailleur: sent.bailleur,
        date_seance: typed_date(&sent.date_seance),
        lieu: sent.lieu,
        membres: sent.membres.join("\n"),
        maire: sent.maire,
    };
    let author = author_of(&principal, &*state.clock);
    let ligne = hold(&*state.store, &asked, &author).await.map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Creation,
        &format!("API : commission {ligne}"),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(SessionCreated { numero_commission: ligne.get() })))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = Decision)]
pub struct DecisionBody {
    pub numero_unique: String,
    #[schema(schema_with = openapi::decision_nature)]
    pub nature: String,
    /// Le rang d'une attribution en rang, à partir de 1
    #[serde(default)]
    #[schema(minimum = 1)]
    pub rang: Option<i64>,
    /// La pièce (de la liste limitative) qui manque à une attribution sous condition suspensive
    #[serde(default)]
    pub piece_manquante: Option<String>,
    /// La date limite pour fournir la pièce manquante
    #[serde(default)]
    #[schema(format = Date)]
    pub echeance: Option<String>,
    /// Obligatoire pour une non-attribution ou un rejet
    #[serde(default)]
    pub motif: Option<String>,
    /// Obligatoire quand le candidat passe devant un candidat mieux classé par la cotation
    #[serde(default)]
    pub motif_ecart: Option<String>,
    /// L'agent déclare avoir vérifié les ressources au regard du plafond publié (nécessaire pour attribuer quand Logis n'a pas pu le vérifier)
    #[serde(default)]
    pub plafond_verifie: bool,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = DecisionsSeance)]
pub struct DecisionsBody {
    #[serde(default)]
    #[schema(schema_with = openapi::decision_exception)]
    pub exception: Option<String>,
    /// Une décision par candidat présenté
    #[serde(default)]
    #[schema(required)]
    pub decisions: Vec<DecisionBody>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = DecisionsEnregistrees)]
pub struct DecisionsRecorded {
    /// Le nombre de décisions enregistrées
    pub decisions: usize,
}

#[utoipa::path(
    post,
    path = "/api/commissions/{commission}/logements/{vacance}",
    operation_id = "enregistrer_decisions",
    tag = "Attribution",
    summary = "Enregistrer les décisions d'une séance sur un logement : une par candidat présenté, au moins trois sauf exception",
    params(
        ("commission" = i64, Path, description = "Numéro de la séance"),
        ("vacance" = i64, Path, description = "Numéro de la vacance"),
    ),
    request_body = DecisionsBody,
    responses(
        (status = 201, description = "Les décisions enregistrées", body = DecisionsRecorded),
        openapi::WriteRefusals,
    ),
)]
pub async fn record_decisions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(CommissionId, VacancyId)>,
    sent: Result<Json<DecisionsBody>, JsonRejection>,
) -> Result<(StatusCode, Json<DecisionsRecorded>), Problem> {
    let sent = body(sent)?;
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
        let Ok(numero_unique) = NumeroUnique::parse(&d.numero_unique) else {
            let shown: String =
                d.numero_unique.chars().filter(|c| !c.is_control()).take(64).collect();
            errors.push(format!("numéro unique « {shown} » illisible"));
            continue;
        };
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
            numero_unique,
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
        audit::Action::Modification,
        &format!("API : commission {ligne} : décisions sur la vacance {vacance}{said}"),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(DecisionsRecorded { decisions: count })))
}

#[utoipa::path(
    post,
    path = "/api/vacances/{vacance}/proposition",
    operation_id = "proposer",
    tag = "Attribution",
    summary = "Proposer le logement au candidat classé suivant (réponse attendue sous dix jours)",
    params(("vacance" = i64, Path, description = "Numéro de la vacance")),
    responses(
        (status = 201, description = "La proposition faite", body = OfferView),
        (status = 401, response = openapi::Unauthenticated),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
        (status = 409, response = openapi::Conflict),
        (status = 422, response = openapi::Invalid),
        (status = 503, response = openapi::Busy),
    ),
)]
pub async fn make_offer(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
) -> Result<(StatusCode, Json<OfferView>), Problem> {
    let today = state.clock.today();
    let offer = offer_next(&*state.store, ligne, today, &author_of(&principal, &*state.clock))
        .await
        .map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Modification,
        &format!("API : vacance {ligne} : proposition à {}", offer.numero_unique),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(OfferView::from(&offer))))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = ReponseProposition)]
pub struct AnswerBody {
    #[schema(schema_with = openapi::answer)]
    pub reponse: String,
    /// Obligatoire pour un refus : le motif donné par le demandeur
    #[serde(default)]
    pub motif_refus: String,
    /// Obligatoire pour un refus : son motif est-il légitime (un refus sans motif légitime compte pour la grille)
    #[serde(default)]
    pub refus_legitime: Option<bool>,
    /// Le jour de la réponse
    #[serde(default)]
    #[schema(required, format = Date)]
    pub date: String,
}

#[utoipa::path(
    post,
    path = "/api/vacances/{vacance}/propositions/{offre}/reponse",
    operation_id = "enregistrer_reponse",
    tag = "Attribution",
    summary = "Enregistrer la réponse du demandeur (un refus sans motif légitime compte pour la grille)",
    params(
        ("vacance" = i64, Path, description = "Numéro de la vacance"),
        ("offre" = i64, Path, description = "Numéro de la proposition"),
    ),
    request_body = AnswerBody,
    responses(
        (status = 200, description = "La proposition avec sa réponse", body = OfferView),
        openapi::WriteRefusals,
    ),
)]
pub async fn record_answer(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, offre)): Path<(VacancyId, OfferId)>,
    sent: Result<Json<AnswerBody>, JsonRejection>,
) -> Result<Json<OfferView>, Problem> {
    let sent = body(sent)?;
    let given = Answer {
        reponse: OfferAnswer::from_code(sent.reponse.trim()),
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
        audit::Action::Modification,
        &format!("API : vacance {ligne} : réponse à la proposition"),
    )
    .await?;
    let offers = logis_store::allocation::offers::of_vacancy(store, ligne).await?;
    let offer = offers.iter().find(|o| o.ligne == offre).ok_or(Refusal::NotFound)?;
    Ok(Json(OfferView::from(offer)))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = SignatureBail)]
pub struct LeaseBody {
    #[serde(default)]
    #[schema(required, format = Date)]
    pub date_bail: String,
    /// Relogement au titre d'un projet de renouvellement urbain (ANRU)
    #[serde(default)]
    pub relogement_anru: bool,
}

#[utoipa::path(
    post,
    path = "/api/vacances/{vacance}/propositions/{offre}/bail",
    operation_id = "enregistrer_bail",
    tag = "Attribution",
    summary = "Enregistrer la signature du bail : l'attribution, la demande close comme attribuée, le logement loué",
    params(
        ("vacance" = i64, Path, description = "Numéro de la vacance"),
        ("offre" = i64, Path, description = "Numéro de la proposition"),
    ),
    request_body = LeaseBody,
    responses(
        (status = 201, description = "L'attribution enregistrée", body = AttributionView),
        openapi::WriteRefusals,
    ),
)]
pub async fn record_lease(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, offre)): Path<(VacancyId, OfferId)>,
    sent: Result<Json<LeaseBody>, JsonRejection>,
) -> Result<(StatusCode, Json<AttributionView>), Problem> {
    let sent = body(sent)?;
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
    audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
    Ok((StatusCode::CREATED, Json(AttributionView::from(&attribution))))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = RetraitVacance)]
pub struct WithdrawalBody {
    /// Travaux, vente, déclaration par erreur…
    #[serde(default)]
    #[schema(required, min_length = 5)]
    pub motif: String,
}

#[utoipa::path(
    post,
    path = "/api/vacances/{vacance}/retrait",
    operation_id = "retirer_vacance",
    tag = "Attribution",
    summary = "Retirer une vacance (travaux, vente, déclaration par erreur), avec son motif ; refusé tant qu'une proposition attend sa réponse ou a été acceptée",
    params(("vacance" = i64, Path, description = "Numéro de la vacance")),
    request_body = WithdrawalBody,
    responses(
        (status = 200, description = "La vacance retirée", body = VacancyView),
        openapi::WriteRefusals,
    ),
)]
pub async fn withdraw_vacancy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
    sent: Result<Json<WithdrawalBody>, JsonRejection>,
) -> Result<Json<VacancyView>, Problem> {
    let sent = body(sent)?;
    let store = &*state.store;
    let author = author_of(&principal, &*state.clock);
    withdraw(store, ligne, &sent.motif, &author).await.map_err(problem)?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Modification,
        &format!("API : vacance {ligne} retirée"),
    )
    .await?;
    let vacancy = vacancies::one(store, ligne).await?.ok_or(Refusal::NotFound)?;
    Ok(Json(VacancyView::from(&vacancy)))
}
