//! The decisions form of a commission session for one dwelling, as a table: one row per
//! candidate presented (the first candidates in score order, those chosen on the vacancy's
//! table, the applications already decided on, free lines for any other), its decision as a
//! choice and the fields a decision may need — which natures need which field is read from
//! `logis_allocation::commission::check` itself ([`Asks`]), and a refusal is shown on the row
//! it is about; the stated exception when fewer than three go. Checked and written by
//! `logis_allocation::workflow::decisions` (which also puts the dwelling on the agenda).

use super::candidates::CandidateRow;
use super::commissions::managed;
use super::view::dwelling_title;
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
use logis_allocation::commission::{Exception, Nature, Proposed, check};
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
    pub candidate: Option<CandidateRow>,
    pub presented: bool,
    pub nature: String,
    pub rang: String,
    pub piece: String,
    pub echeance: String,
    pub motif: String,
    pub ecart: String,
    /// The officer states the income was checked against the published ceiling.
    pub plafond: bool,
    /// What the refusal said of this line.
    pub errors: Vec<String>,
    /// On a refused line, the fields its decision asks for and left empty (`piece`, `motif`…).
    pub invalid: Vec<&'static str>,
}

impl DecisionRow {
    /// Whether `field` is one the refusal is about.
    pub fn is_invalid(&self, field: &str) -> bool {
        self.invalid.contains(&field)
    }

    /// Whom the line is about, for its fields' labels: « demande N » or « ligne 4 ».
    pub fn who(&self) -> String {
        if self.fixed {
            format!("demande {}", self.numero)
        } else {
            format!("ligne {}", self.index + 1)
        }
    }
}

/// When a field of a decision is asked for: the natures whose check fails without it, as
/// `logis_allocation::commission::check` says, in the classes the stylesheet shows it by and
/// in words.
pub struct Ask {
    /// The codes of the natures that need it.
    pub natures: Vec<&'static str>,
    /// `pour-<nature code>` for each nature that needs it.
    pub classes: String,
    /// « demandé pour : non-attribution, irrecevabilité ».
    pub words: String,
}

/// The fields a decision may need, and when.
pub struct Asks {
    pub rang: Ask,
    pub piece: Ask,
    pub echeance: Ask,
    pub motif: Ask,
}

impl Asks {
    /// The fields `row`'s decision asks for and it left empty, when it was refused.
    fn left_empty(&self, row: &DecisionRow) -> Vec<&'static str> {
        if row.errors.is_empty() {
            return Vec::new();
        }
        [
            ("rang", &self.rang, &row.rang),
            ("piece", &self.piece, &row.piece),
            ("echeance", &self.echeance, &row.echeance),
            ("motif", &self.motif, &row.motif),
        ]
        .into_iter()
        .filter(|(_, ask, value)| {
            value.trim().is_empty() && ask.natures.contains(&row.nature.as_str())
        })
        .map(|(field, _, _)| field)
        .collect()
    }

    /// Probes the commission's check: a field is asked for a nature when a lone decision of
    /// that nature has fewer refusals with the field filled than without it.
    pub fn of_check(session: logis_domain::Date) -> Asks {
        let ask = |fill: &dyn Fn(&mut Proposed)| {
            let numero = NumeroUnique::parse("SONDE").expect("a numéro for the probe");
            let natures: Vec<Nature> = Nature::ALL
                .iter()
                .copied()
                .filter(|&nature| {
                    let bare =
                        Proposed { position_score: 1, ..Proposed::new(&numero, nature, None) };
                    let mut filled = bare.clone();
                    fill(&mut filled);
                    let refusals = |p: &Proposed| {
                        check(std::slice::from_ref(p), Some(Exception::FewerCandidates), session)
                            .len()
                    };
                    refusals(&filled) < refusals(&bare)
                })
                .collect();
            Ask {
                natures: natures.iter().map(|n| n.code()).collect(),
                classes: natures
                    .iter()
                    .map(|n| format!("pour-{}", n.code()))
                    .collect::<Vec<_>>()
                    .join(" "),
                words: if natures.is_empty() {
                    String::new()
                } else {
                    format!(
                        "demandé pour : {}",
                        natures.iter().map(|n| n.label()).collect::<Vec<_>>().join(", ")
                    )
                },
            }
        };
        Asks {
            rang: ask(&|p| p.rang = Some(2)),
            piece: ask(&|p| p.piece_manquante = Some("pièce".to_owned())),
            echeance: ask(&|p| p.echeance = Some(session.saturating_add(time::Duration::days(30)))),
            motif: ask(&|p| p.motif = Some("motif".to_owned())),
        }
    }
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
    asks: Asks,
    exceptions: Vec<(&'static str, &'static str)>,
    exception: String,
    /// The refusals not about one line.
    errors: Vec<String>,
    /// Every refusal, for the summary above the form.
    all_errors: Vec<String>,
    /// The year's income ceilings are missing for this dwelling.
    ceiling_missing: Option<String>,
}

/// Which applications the form lists.
enum Listed<'a> {
    /// The first candidates, and the applications already decided on.
    Stored,
    /// The candidates chosen on the vacancy's table, presented, with the first candidates.
    Chosen(&'a [NumeroUnique]),
    /// The form as typed, refused.
    Typed(&'a HashMap<String, String>),
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
    listed: Listed<'_>,
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
    let wanted = if matches!(listed, Listed::Stored) { OFFERED } else { super::vacancies::SHOWN };
    let found = candidates(store, &dwelling, &exam.context(), wanted).await?;
    let recorded = commissions::decisions(store, session.ligne).await?;
    let recorded: Vec<_> = recorded.into_iter().filter(|d| d.vacance == vacance).collect();
    let typed = match listed {
        Listed::Typed(t) => Some(t),
        _ => None,
    };
    let value = |key: &str, i: usize| typed.and_then(|t| t.get(&format!("{key}_{i}")).cloned());
    // The numéros given on the lines, in order; `None` for a free line.
    let lines: Vec<Option<NumeroUnique>> = match listed {
        Listed::Typed(t) => {
            let mut indexes: Vec<usize> = t
                .keys()
                .filter_map(|k| k.strip_prefix("numero_").and_then(|i| i.parse().ok()))
                .collect();
            indexes.sort_unstable();
            let last = indexes.last().map_or(0, |i| i + 1);
            (0..last)
                .map(|i| {
                    t.get(&format!("fixe_{i}"))
                        .and(t.get(&format!("numero_{i}")))
                        .and_then(|n| NumeroUnique::parse(n.trim()).ok())
                })
                .collect()
        }
        Listed::Stored | Listed::Chosen(_) => {
            let chosen: &[NumeroUnique] = match listed {
                Listed::Chosen(c) => c,
                _ => &[],
            };
            let mut numeros: Vec<NumeroUnique> = Vec::new();
            for c in &found.candidates {
                let n = &c.demande.numero_unique;
                if c.position <= OFFERED || chosen.contains(n) {
                    numeros.push(n.clone());
                }
            }
            for n in chosen.iter().chain(recorded.iter().map(|d| &d.numero_unique)) {
                if !numeros.contains(n) {
                    numeros.push(n.clone());
                }
            }
            numeros.into_iter().map(Some).chain(std::iter::repeat_n(None, FREE)).collect()
        }
    };
    let mut rows = Vec::new();
    for (index, numero) in lines.iter().enumerate() {
        let Some(numero) = numero else {
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
                errors: Vec::new(),
                invalid: Vec::new(),
            });
            continue;
        };
        let stored = recorded.iter().find(|d| &d.numero_unique == numero);
        let candidate = found.candidates.iter().find(|c| c.demande.numero_unique == *numero);
        let default_nature = stored.map(|d| d.nature.code().to_owned()).unwrap_or_else(|| {
            if index == 0 { Nature::Attribution } else { Nature::AttributionRang }.code().to_owned()
        });
        rows.push(DecisionRow {
            index,
            numero: numero.to_string(),
            fixed: true,
            candidate: candidate.map(|c| CandidateRow::of(c, &dwelling, &exam, true)),
            presented: match listed {
                Listed::Typed(t) => t.contains_key(&format!("presente_{index}")),
                Listed::Chosen(chosen) => chosen.contains(numero),
                Listed::Stored => stored.is_some() || (recorded.is_empty() && index < 3),
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
            errors: Vec::new(),
            invalid: Vec::new(),
        });
    }
    let all_errors = errors.clone();
    let errors = place_errors(&mut rows, errors);
    let asks = Asks::of_check(session.date_seance);
    for row in &mut rows {
        row.invalid = asks.left_empty(row);
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
        asks,
        exceptions: Exception::ALL.iter().map(|e| (e.code(), e.label())).collect(),
        exception,
        errors,
        all_errors,
        ceiling_missing: super::view::ceiling_missing(&exam.context(), &dwelling),
    })
}

/// Puts each refusal about one line (« demande N : … », « Ligne 2 : … », as the form's reading
/// and the commission's check say them) on that line; the others are returned.
fn place_errors(rows: &mut [DecisionRow], errors: Vec<String>) -> Vec<String> {
    let mut general = Vec::new();
    'errors: for error in errors {
        for row in rows.iter_mut() {
            let mut prefixes = vec![format!("Ligne {} : ", row.index + 1)];
            if !row.numero.is_empty() {
                prefixes.push(format!("demande {} : ", row.numero));
                prefixes.push(format!("Demande {} : ", row.numero));
            }
            if let Some(rest) = prefixes.iter().find_map(|p| error.strip_prefix(p.as_str())) {
                row.errors.push(rest.to_owned());
                continue 'errors;
            }
        }
        general.push(error);
    }
    general
}

pub async fn decisions_form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(CommissionId, VacancyId)>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let page =
        decisions_page(&state, &principal, &session, vacance, Listed::Stored, Vec::new()).await?;
    audit_shown(&state, &principal, &origin, &page).await?;
    Ok(render::page(&page))
}

async fn audit_shown(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    page: &DecisionsPage,
) -> Result<(), Refusal> {
    let what = format!(
        "candidats du logement vacant n° {} pour la commission n° {}, {} demandes",
        page.vacance,
        page.ligne,
        page.rows.iter().filter(|r| !r.numero.is_empty()).count()
    );
    audit::by(state, principal, origin, audit::Action::Consultation, &what).await?;
    Ok(())
}

/// The candidates chosen on the vacancy's table go to the session's decisions form, checked
/// as presented: the decisions recorded there put the dwelling on the agenda.
pub async fn select(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, vacance)): Path<(CommissionId, VacancyId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let chosen: Vec<NumeroUnique> = pairs
        .iter()
        .filter(|(k, _)| k == "choisi")
        .filter_map(|(_, v)| NumeroUnique::parse(v.trim()).ok())
        .collect();
    let errors = if chosen.is_empty() {
        vec![
            "Aucun candidat n'est coché : cochez sur cette page les candidats présentés."
                .to_owned(),
        ]
    } else {
        Vec::new()
    };
    let listed = if chosen.is_empty() { Listed::Stored } else { Listed::Chosen(&chosen) };
    let page = decisions_page(&state, &principal, &session, vacance, listed, errors).await?;
    audit_shown(&state, &principal, &origin, &page).await?;
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
            let listed = Listed::Typed(&typed);
            let view =
                decisions_page(&state, &principal, &session, vacance, listed, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(other) => Err(step_refusal(other)),
    }
}
