//! Commission sessions: the list and a new session (date, place, members present, the mayor),
//! one session's page (its agenda, the landlord's vacancies to examine, its documents), and the
//! decisions form for one dwelling: the first candidates in score order, a line for any other
//! application presented, one decision each, the stated exception when fewer than three go.

use super::examination;
use super::scope::Scope;
use super::vacancies::decision_words;
use super::view::{CandidateLine, dwelling_title};
use super::{author_of, step_refusal, typed_date};
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_allocation::commission::{Exception, Nature, Proposed};
use logis_allocation::stored::candidates;
use logis_allocation::workflow::StepError;
use logis_allocation::workflow::decisions::{commission, decide};
use logis_allocation::workflow::vacancy::{organisme, with_dwelling};
use logis_domain::OrganismeType;
use logis_domain::french::date as french_date;
use logis_store::allocation::commissions::{self, Commission};
use logis_store::allocation::vacancies::{self, VacancyFilter};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "commissions.html")]
struct ListPage {
    layout: Layout,
    sessions: Vec<(i64, String, String, String)>,
    /// Whether the account chooses the landlord (the EPCI).
    choose_landlord: bool,
    form: SessionForm,
    errors: Vec<String>,
}

/// The new session's form (members one per line).
#[derive(Debug, Default, Deserialize)]
pub struct SessionForm {
    #[serde(default)]
    pub date_seance: String,
    #[serde(default)]
    pub lieu: String,
    #[serde(default)]
    pub membres: String,
    #[serde(default)]
    pub maire: String,
    #[serde(default)]
    pub bailleur: String,
}

async fn list_page(
    state: &AppState,
    principal: &Principal,
    form: SessionForm,
    errors: Vec<String>,
) -> Result<ListPage, Refusal> {
    let scope = Scope::of(principal);
    let sessions = commissions::list(&*state.store, scope.landlord())
        .await?
        .into_iter()
        .map(|c| (c.ligne, french_date(c.date_seance), c.bailleur, c.lieu))
        .collect();
    Ok(ListPage {
        layout: Layout::new(state, principal, "Commissions d'attribution", "/commissions"),
        sessions,
        choose_landlord: scope == Scope::All,
        form,
        errors,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Response, Refusal> {
    Ok(render::page(&list_page(&state, &principal, SessionForm::default(), Vec::new()).await?))
}

/// The session `form` describes for `principal`, or every French reason it cannot be created.
pub async fn checked_session(
    state: &AppState,
    principal: &Principal,
    form: &SessionForm,
) -> Result<Commission, Vec<String>> {
    let landlord = match Scope::of(principal).landlord() {
        Some(l) => l.to_owned(),
        None => form.bailleur.trim().to_owned(),
    };
    let mut errors = Vec::new();
    let date = typed_date(&form.date_seance);
    if date.is_none() {
        errors.push("Indiquez la date de la séance.".to_owned());
    }
    let members: Vec<String> =
        form.membres.lines().map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect();
    if members.is_empty() {
        errors.push("Indiquez les membres présents, un par ligne (qualité — nom).".to_owned());
    }
    let is_landlord = match organisme(&*state.store, &landlord).await {
        Ok(found) => found.is_some_and(|o| o.kind == OrganismeType::Bailleur),
        Err(e) => return Err(vec![e.to_string()]),
    };
    if !is_landlord {
        errors.push(format!("Aucun bailleur n'a l'identifiant « {landlord} »."));
    }
    match date {
        Some(date_seance) if errors.is_empty() => {
            let author = author_of(principal);
            Ok(Commission {
                ligne: 0,
                bailleur: landlord,
                date_seance,
                lieu: form.lieu.trim().to_owned(),
                membres: members,
                maire: form.maire.trim().to_owned(),
                creee_par: author.login,
                creee_le: author.moment,
            })
        }
        _ => Err(errors),
    }
}

pub async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<SessionForm>,
) -> Result<Response, Refusal> {
    let session = match checked_session(&state, &principal, &form).await {
        Ok(session) => session,
        Err(errors) => {
            let view = list_page(&state, &principal, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
        }
    };
    let ligne = commissions::create(&*state.store, &session).await?;
    audit::by(&state, &principal, &origin, audit::CREATION, &format!("commission {ligne}")).await?;
    Ok(Redirect::to(&format!("/commissions/{ligne}")).into_response())
}

/// A session `principal` manages.
pub async fn managed(
    state: &AppState,
    principal: &Principal,
    ligne: i64,
) -> Result<Commission, Refusal> {
    let session = commission(&*state.store, ligne).await.map_err(step_refusal)?;
    Scope::of(principal).check_manages(&session.bailleur)?;
    Ok(session)
}

/// A dwelling on the agenda, with what was decided.
pub struct AgendaLine {
    pub vacance: i64,
    pub title: String,
    pub exception: Option<String>,
    pub decisions: Vec<(String, i64, String)>,
}

#[derive(Template)]
#[template(path = "commission.html")]
struct SessionPage {
    layout: Layout,
    ligne: i64,
    date: String,
    landlord: String,
    lieu: String,
    members: Vec<String>,
    maire: String,
    agenda: Vec<AgendaLine>,
    /// Open vacancies of the landlord not on the agenda yet.
    to_examine: Vec<(i64, String)>,
    done: Option<&'static str>,
}

const DONE: &[(&str, &str)] = &[(
    "decisions",
    "Les décisions sont enregistrées et inscrites dans l'historique de chaque demande.",
)];

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(ligne): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let store = &*state.store;
    let decided = commissions::decisions(store, ligne).await?;
    let mut agenda = Vec::new();
    for item in commissions::agenda(store, ligne).await? {
        let (_, d) = with_dwelling(store, item.vacance).await.map_err(step_refusal)?;
        agenda.push(AgendaLine {
            vacance: item.vacance,
            title: format!(
                "{} — {}",
                d.logement_id.as_str(),
                dwelling_title(&d, &state.communes.name(d.commune.as_str()))
            ),
            exception: item
                .exception
                .as_deref()
                .and_then(Exception::from_code)
                .map(|e| e.label().to_owned()),
            decisions: decided
                .iter()
                .filter(|x| x.vacance == item.vacance)
                .map(|x| (x.numero_unique.clone(), x.position_score, decision_words(x).0))
                .collect(),
        });
    }
    let open = VacancyFilter {
        bailleur: Some(&session.bailleur),
        statut: Some(vacancies::OPEN),
        ..VacancyFilter::default()
    };
    let to_examine = vacancies::list(store, &open)
        .await?
        .into_iter()
        .filter(|v| !agenda.iter().any(|a| a.vacance == v.ligne))
        .map(|v| (v.ligne, v.logement_id))
        .collect();
    Ok(render::page(&SessionPage {
        layout: Layout::new(
            &state,
            &principal,
            format!("Commission du {}", french_date(session.date_seance)),
            "/commissions",
        ),
        ligne,
        date: french_date(session.date_seance),
        landlord: session.bailleur,
        lieu: session.lieu,
        members: session.membres,
        maire: session.maire,
        agenda,
        to_examine,
        done: done.said(DONE),
    }))
}

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
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    layout: Layout,
    ligne: i64,
    vacance: i64,
    date: String,
    title: String,
    rows: Vec<DecisionRow>,
    natures: Vec<(&'static str, &'static str)>,
    exceptions: Vec<(&'static str, &'static str)>,
    exception: String,
    errors: Vec<String>,
}

/// Candidates offered on the form.
const OFFERED: usize = 5;
/// Free lines for other applications.
const FREE: usize = 2;

async fn decisions_page(
    state: &AppState,
    principal: &Principal,
    session: &Commission,
    vacance: i64,
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
    let exam = examination::of(state, &vacancy, &dwelling).await?;
    let found = candidates(store, &dwelling, &exam.context(), OFFERED).await?;
    let recorded = commissions::decisions(store, session.ligne).await?;
    let recorded: Vec<_> = recorded.into_iter().filter(|d| d.vacance == vacance).collect();
    let mut numeros: Vec<String> =
        found.candidates.iter().map(|c| c.demande.numero_unique.as_str().to_owned()).collect();
    for d in &recorded {
        if !numeros.contains(&d.numero_unique) {
            numeros.push(d.numero_unique.clone());
        }
    }
    let value = |key: &str, i: usize| typed.and_then(|t| t.get(&format!("{key}_{i}")).cloned());
    let mut rows = Vec::new();
    for (index, numero) in numeros.iter().enumerate() {
        let stored = recorded.iter().find(|d| &d.numero_unique == numero);
        let candidate =
            found.candidates.iter().find(|c| c.demande.numero_unique.as_str() == numero);
        let default_nature = stored.map(|d| d.nature.clone()).unwrap_or_else(|| {
            if index == 0 { Nature::Attribution } else { Nature::AttributionRang }.code().to_owned()
        });
        rows.push(DecisionRow {
            index,
            numero: numero.clone(),
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
        });
    }
    let agenda = commissions::agenda(store, session.ligne).await?;
    let stored_exception =
        agenda.iter().find(|a| a.vacance == vacance).and_then(|a| a.exception.clone());
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
    })
}

pub async fn decisions_form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((ligne, vacance)): Path<(i64, i64)>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    Ok(render::page(
        &decisions_page(&state, &principal, &session, vacance, None, Vec::new()).await?,
    ))
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
        if numero.is_empty() {
            errors.push(format!("Ligne {} : indiquez le numéro de la demande présentée.", i + 1));
            continue;
        }
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
        });
    }
    if errors.is_empty() { Ok(proposed) } else { Err(errors) }
}

pub async fn record_decisions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let typed: HashMap<String, String> = pairs.into_iter().collect();
    let exception = typed.get("exception").and_then(|e| Exception::from_code(e));
    let outcome = match typed_decisions(&typed) {
        Err(errors) => Err(StepError::Refused(errors)),
        Ok(proposed) => {
            let (vacancy, dwelling) =
                with_dwelling(&*state.store, vacance).await.map_err(step_refusal)?;
            let exam = examination::of(&state, &vacancy, &dwelling).await?;
            decide(
                &*state.store,
                ligne,
                vacance,
                proposed,
                exception,
                &exam.context(),
                &author_of(&principal),
            )
            .await
        }
    };
    match outcome {
        Ok(()) => {
            audit::by(
                &state,
                &principal,
                &origin,
                audit::MODIFICATION,
                &format!("commission {ligne} : décisions sur la vacance {vacance}"),
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
