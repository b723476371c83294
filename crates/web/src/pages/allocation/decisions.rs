//! The decisions form of a commission session for one dwelling: the first candidates in score
//! order (with their household and budget), the applications already decided on, free lines
//! for any other application presented, one decision each, and the stated exception when fewer
//! than three go; checked and written by `logis_allocation::workflow::decisions`.

use super::commissions::managed;
use super::view::{CandidateLine, dwelling_title};
use super::{step_refusal, typed_date};
use crate::audit;
use crate::examination;
use crate::guard::{Origin, Principal};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use crate::steps::decide_on_session_day;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_allocation::commission::{Exception, Nature, Proposed};
use logis_allocation::stored::candidates;
use logis_allocation::workflow::StepError;
use logis_allocation::workflow::vacancy::with_dwelling;
use logis_domain::NumeroUnique;
use logis_domain::allocation::{CommissionId, VacancyId};
use logis_domain::french::date as french_date;
use logis_store::allocation::commissions::{self, Commission};
use std::collections::HashMap;

/// One line of the decisions form.
pub struct DecisionRow {
    pub index: usize,
    /// Empty for a free line (the user types the numéro).
    pub numero: String,
    /// Whether the numéro is given (a candidate, or an application already decided on).
    pub fixed: bool,
    pub candidate: Option<CandidateLine>,
    pub presented: bool,
    pub nature: String,
    pub rang: String,
    pub piece: String,
    pub echeance: String,
    pub motif: String,
    pub ecart: String,
    /// The officer states the income was checked against the published ceiling.
    pub plafond: bool,
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    layout: Layout,
    ligne: CommissionId,
    vacance: VacancyId,
    date: String,
    title: String,
    rows: Vec<DecisionRow>,
    natures: Vec<(&'static str, &'static str)>,
    exceptions: Vec<(&'static str, &'static str)>,
    exception: String,
    errors: Vec<String>,
    /// The year's income ceilings are missing for this dwelling.
    ceiling_missing: Option<String>,
}

/// Candidates offered on the form.
const OFFERED: usize = 5;
/// Free lines for other applications.
const FREE: usize = 2;

async fn decisions_page(
    state: &AppState,
    principal: &Principal,
    session: &Commission,
    vacance: VacancyId,
    typed: Option<&HashMap<String, String>>,
    errors: Vec<String>,
) -> Result<DecisionsPage, Refusal> {
    let store = &*state.store;
    let (vacancy, dwelling) = with_dwelling(store, vacance).await.map_err(step_refusal)?;
    if vacancy.bailleur != session.bailleur {
        return Err(Refusal::Invalid(
            "ce logement n'est pas du bailleur de cette commission".to_owned(),
        ));
    }
    // The session's day: the ceilings of its year (the household's revenu of N − 2).
    let exam = examination::on(state, &vacancy, &dwelling, session.date_seance).await?;
    let found = candidates(store, &dwelling, &exam.context(), OFFERED).await?;
    let recorded = commissions::decisions(store, session.ligne).await?;
    let recorded: Vec<_> = recorded.into_iter().filter(|d| d.vacance == vacance).collect();
    let mut numeros: Vec<NumeroUnique> =
        found.candidates.iter().map(|c| c.demande.numero_unique.clone()).collect();
    for d in &recorded {
        if !numeros.contains(&d.numero_unique) {
            numeros.push(d.numero_unique.clone());
        }
    }
    let value = |key: &str, i: usize| typed.and_then(|t| t.get(&format!("{key}_{i}")).cloned());
    let mut rows = Vec::new();
    for (index, numero) in numeros.iter().enumerate() {
        let stored = recorded.iter().find(|d| &d.numero_unique == numero);
        let candidate = found.candidates.iter().find(|c| c.demande.numero_unique == *numero);
        let default_nature = stored.map(|d| d.nature.code().to_owned()).unwrap_or_else(|| {
            if index == 0 { Nature::Attribution } else { Nature::AttributionRang }.code().to_owned()
        });
        rows.push(DecisionRow {
            index,
            numero: numero.to_string(),
            fixed: true,
            candidate: candidate.map(|c| CandidateLine::of(c, &dwelling, &exam, true)),
            presented: match typed {
                Some(t) => t.contains_key(&format!("presente_{index}")),
                None => stored.is_some() || (recorded.is_empty() && index < 3),
            },
            nature: value("nature", index).unwrap_or(default_nature),
            rang: value("rang", index).unwrap_or_else(|| {
                stored
                    .and_then(|d| d.rang)
                    .map_or_else(|| (index + 1).to_string(), |r| r.to_string())
            }),
            piece: value("piece", index).unwrap_or_else(|| {
                stored.and_then(|d| d.piece_manquante.clone()).unwrap_or_default()
            }),
            echeance: value("echeance", index).unwrap_or_else(|| {
                stored.and_then(|d| d.echeance).map(|e| e.to_string()).unwrap_or_default()
            }),
            motif: value("motif", index)
                .unwrap_or_else(|| stored.and_then(|d| d.motif.clone()).unwrap_or_default()),
            ecart: value("ecart", index)
                .unwrap_or_else(|| stored.and_then(|d| d.motif_ecart.clone()).unwrap_or_default()),
            plafond: match typed {
                Some(t) => t.contains_key(&format!("plafond_{index}")),
                None => stored.is_some_and(|d| d.plafond_verifie),
            },
        });
    }
    for index in numeros.len()..numeros.len() + FREE {
        rows.push(DecisionRow {
            index,
            numero: value("numero", index).unwrap_or_default(),
            fixed: false,
            candidate: None,
            presented: typed.is_some_and(|t| t.contains_key(&format!("presente_{index}"))),
            nature: value("nature", index)
                .unwrap_or_else(|| Nature::AttributionRang.code().to_owned()),
            rang: value("rang", index).unwrap_or_default(),
            piece: value("piece", index).unwrap_or_default(),
            echeance: value("echeance", index).unwrap_or_default(),
            motif: value("motif", index).unwrap_or_default(),
            ecart: value("ecart", index).unwrap_or_default(),
            plafond: typed.is_some_and(|t| t.contains_key(&format!("plafond_{index}"))),
        });
    }
    let agenda = commissions::agenda(store, session.ligne).await?;
    let stored_exception = agenda
        .iter()
        .find(|a| a.vacance == vacance)
        .and_then(|a| a.exception)
        .map(|e| e.code().to_owned());
    let exception =
        typed.map_or(stored_exception, |t| t.get("exception").cloned()).unwrap_or_default();
    Ok(DecisionsPage {
        layout: Layout::new(
            state,
            principal,
            format!("Décisions — logement {}", dwelling.logement_id.as_str()),
            "/commissions",
        ),
        ligne: session.ligne,
        vacance,
        date: french_date(session.date_seance),
        title: format!(
            "{} — {}",
            dwelling.logement_id.as_str(),
            dwelling_title(&dwelling, &exam.commune_name)
        ),
        rows,
        natures: Nature::ALL.iter().map(|n| (n.code(), n.label())).collect(),
        exceptions: Exception::ALL.iter().map(|e| (e.code(), e.label())).collect(),
        exception,
        errors,
        ceiling_missing: super::view::ceiling_missing(&exam.context(), &dwelling),
    })
}

pub async fn decisions_form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(CommissionId, VacancyId)>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let page = decisions_page(&state, &principal, &session, vacance, None, Vec::new()).await?;
    let what = format!(
        "candidats du logement vacant n° {vacance} pour la commission n° {ligne}, {} demandes",
        page.rows.iter().filter(|r| !r.numero.is_empty()).count()
    );
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    Ok(render::page(&page))
}

/// The decisions typed on the form: the lines marked presented.
pub fn typed_decisions(typed: &HashMap<String, String>) -> Result<Vec<Proposed>, Vec<String>> {
    let mut proposed = Vec::new();
    let mut errors = Vec::new();
    let mut indexes: Vec<usize> = typed
        .keys()
        .filter_map(|k| k.strip_prefix("presente_").and_then(|i| i.parse().ok()))
        .collect();
    indexes.sort_unstable();
    for i in indexes {
        let get = |key: &str| {
            typed.get(&format!("{key}_{i}")).map(|v| v.trim().to_owned()).unwrap_or_default()
        };
        let numero = get("numero");
        let Ok(numero) = NumeroUnique::parse(&numero) else {
            let shown: String = numero.chars().filter(|c| !c.is_control()).take(64).collect();
            errors.push(if numero.is_empty() {
                format!("Ligne {} : indiquez le numéro de la demande présentée.", i + 1)
            } else {
                format!("Ligne {} : le numéro « {shown} » n'est pas un numéro unique.", i + 1)
            });
            continue;
        };
        let Some(nature) = Nature::from_code(&get("nature")) else {
            errors.push(format!("Demande {numero} : choisissez la décision."));
            continue;
        };
        let optional = |v: String| (!v.is_empty()).then_some(v);
        let rang = get("rang");
        let rang = match rang.parse::<i64>() {
            Ok(r) => Some(r),
            Err(_) if rang.is_empty() => None,
            Err(_) => {
                errors.push(format!("Demande {numero} : le rang est un nombre (1, 2, 3…)."));
                None
            }
        };
        let echeance = get("echeance");
        let echeance = match typed_date(&echeance) {
            Some(d) => Some(d),
            None if echeance.is_empty() => None,
            None => {
                errors
                    .push(format!("Demande {numero} : la date limite est une date (JJ/MM/AAAA)."));
                None
            }
        };
        proposed.push(Proposed {
            numero_unique: numero,
            position_score: 0,
            nature,
            rang: if nature.allocates() { rang } else { None },
            piece_manquante: optional(get("piece")),
            echeance,
            motif: optional(get("motif")),
            motif_ecart: optional(get("ecart")),
            plafond_verifie: !get("plafond").is_empty(),
        });
    }
    if errors.is_empty() { Ok(proposed) } else { Err(errors) }
}

pub async fn record_decisions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(CommissionId, VacancyId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let typed: HashMap<String, String> = pairs.into_iter().collect();
    let exception = typed.get("exception").and_then(|e| Exception::from_code(e));
    let outcome = match typed_decisions(&typed) {
        Err(errors) => Err(StepError::Refused(errors)),
        Ok(proposed) => {
            let said = logis_allocation::commission::officer_statements(&proposed);
            decide_on_session_day(&state, &principal, ligne, vacance, proposed, exception)
                .await
                .map(|()| said)
        }
    };
    match outcome {
        Ok(said) => {
            audit::by(
                &state,
                &principal,
                &origin,
                audit::Action::Modification,
                &format!("commission {ligne} : décisions sur la vacance {vacance}{said}"),
            )
            .await?;
            Ok(Redirect::to(&format!("/commissions/{ligne}?fait=decisions")).into_response())
        }
        Err(StepError::Refused(errors)) => {
            let view =
                decisions_page(&state, &principal, &session, vacance, Some(&typed), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(other) => Err(step_refusal(other)),
    }
}
