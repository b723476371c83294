//! A session's documents as PDF: the procès-verbal and the letters to the applicants (one per
//! decision). Both hold personal data: each download is written in the audit log.

use super::step_refusal;
use super::vacancies::decision_words;
use super::view::{dwelling_details, dwelling_title};
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use logis_allocation::commission::Nature;
use logis_allocation::workflow::decisions::commission;
use logis_allocation::workflow::vacancy::{organisme, with_dwelling};
use logis_domain::allocation::CommissionId;
use logis_domain::french::date as french_date;
use logis_report::allocation::letters::{Addressee, letters};
use logis_report::allocation::minutes::minutes;
use logis_report::allocation::{DecisionRecord, DwellingRecord, Outcome, SessionRecord};
use logis_store::allocation::candidates::applications;
use logis_store::allocation::commissions;
use std::collections::HashMap;

/// The session's record, and each applicant's name and address by numéro.
async fn record(
    state: &AppState,
    principal: &Principal,
    ligne: CommissionId,
) -> Result<(SessionRecord, HashMap<String, Addressee>), Refusal> {
    let store = &*state.store;
    let session = commission(store, ligne).await.map_err(step_refusal)?;
    crate::steps::allowed(principal.perimeter().manages(&session.bailleur))?;
    let decisions = commissions::decisions(store, ligne).await?;
    let numeros: Vec<&str> = decisions.iter().map(|d| d.numero_unique.as_str()).collect();
    let mut addressees = HashMap::new();
    for (d, _) in applications(store, &numeros).await? {
        let nom = [d.prenom.as_deref(), d.nom.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        addressees.insert(
            d.numero_unique.as_str().to_owned(),
            Addressee { nom, adresse: d.adresse.clone().unwrap_or_default() },
        );
    }
    let mut dwellings = Vec::new();
    for item in commissions::agenda(store, ligne).await? {
        let (vacancy, dwelling) = with_dwelling(store, item.vacance).await.map_err(step_refusal)?;
        let holder = organisme(store, &vacancy.reservataire).await.map_err(step_refusal)?;
        let holder = holder.map_or_else(|| vacancy.reservataire.to_string(), |h| h.nom);
        let commune = state.communes.name(dwelling.commune.as_str());
        let records = decisions
            .iter()
            .filter(|d| d.vacance == item.vacance)
            .map(|d| {
                let (decision, reasons) = decision_words(d);
                DecisionRecord {
                    numero: d.numero_unique.to_string(),
                    nom: addressees
                        .get(d.numero_unique.as_str())
                        .map(|a| a.nom.clone())
                        .unwrap_or_default(),
                    position_score: d.position_score,
                    score: d.score,
                    decision,
                    reasons,
                    outcome: outcome(d),
                }
            })
            .collect();
        dwellings.push(DwellingRecord {
            title: format!(
                "Logement {} — {}",
                dwelling.logement_id.as_str(),
                dwelling_title(&dwelling, &commune)
            ),
            description: format!(
                "{}, orienté vers {}",
                dwelling_details(&dwelling),
                logis_domain::french::with_article(&holder)
            ),
            exception: item.exception.map(|e| e.label().to_owned()),
            decisions: records,
        });
    }
    let landlord = organisme(store, &session.bailleur).await.map_err(step_refusal)?;
    let landlord_contact = logis_allocation::contacts::of(store, session.bailleur.as_str()).await?;
    let record = SessionRecord {
        title: format!("Commission d'attribution du {}", french_date(session.date_seance)),
        territory: state.territoire.to_string(),
        landlord: landlord.map_or_else(|| session.bailleur.to_string(), |l| l.nom),
        date: french_date(session.date_seance),
        place: session.lieu,
        members: session.membres,
        mayor: session.maire,
        dwellings,
        printed_on: french_date(state.clock.today()),
        landlord_contact,
    };
    Ok((record, addressees))
}

/// What a recorded decision means for its candidate.
fn outcome(d: &commissions::Decision) -> Outcome {
    match (d.nature, d.rang) {
        (Nature::Attribution, _) => Outcome::Allocated,
        (Nature::AttributionRang, rang) => Outcome::AllocatedInRank(rang.unwrap_or(1)),
        (Nature::ConditionSuspensive, rang) => Outcome::UnderCondition(rang),
        (Nature::Irrecevable, _) => Outcome::Inadmissible,
        (Nature::NonAttribution, _) => Outcome::NotAllocated,
    }
}

fn pdf(doc: &logis_report::Document, name: &str) -> Result<Response, Refusal> {
    let bytes = logis_report::to_pdf(doc).map_err(|e| Refusal::Store(format!("PDF : {e}")))?;
    Ok(render::download(bytes, "application/pdf", name))
}

pub async fn minutes_pdf(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<CommissionId>,
) -> Result<Response, Refusal> {
    let (session, _) = record(&state, &principal, ligne).await?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Export,
        &format!("commission {ligne} : procès-verbal"),
    )
    .await?;
    pdf(&minutes(&session), &format!("proces-verbal-commission-{ligne}.pdf"))
}

pub async fn letters_pdf(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<CommissionId>,
) -> Result<Response, Refusal> {
    let (session, addressees) = record(&state, &principal, ligne).await?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Export,
        &format!("commission {ligne} : courriers"),
    )
    .await?;
    let to = |numero: &str| {
        addressees
            .get(numero)
            .cloned()
            .unwrap_or(Addressee { nom: format!("Demande {numero}"), adresse: String::new() })
    };
    pdf(&letters(&session, &to), &format!("courriers-commission-{ligne}.pdf"))
}
