//! Commission sessions: the list (its total, pages, order and period in the address) and a
//! new session (date, place, members present, the mayor:
//! `logis_allocation::workflow::sessions`), the landlord's contact printed on its letters, and
//! one session's page (its agenda with the decisions, the landlord's vacancies to examine, its
//! documents); the decisions on one dwelling are in `decisions`.

use super::sorting::{self, Header, Sort, Sortable};
use super::vacancies::decision_words;
use super::view::dwelling_title;
use super::{author_of, step_refusal, typed_date};
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::paging::{self, Noun, Paging};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

use logis_allocation::contacts;
use logis_allocation::workflow::StepError;
use logis_allocation::workflow::decisions::commission;
use logis_allocation::workflow::sessions::{NewSession, hold};
use logis_allocation::workflow::vacancy::{landlords, organisme, with_dwelling};
use logis_domain::OrganismeType;
use logis_domain::allocation::{CommissionId, VacancyId, VacancyStatus};
use logis_domain::french::date as french_date;
use logis_store::allocation::commissions::{self, Commission, CommissionOrder, Period};
use logis_store::allocation::vacancies::{self, VacancyFilter};
use serde::Deserialize;

/// Sessions of the list on one page.
const PAGE: usize = 50;

/// A column the list of sessions sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListColumn {
    Numero,
    Date,
    Bailleur,
    Lieu,
}

impl Sortable for ListColumn {
    const ALL: &'static [ListColumn] =
        &[ListColumn::Numero, ListColumn::Date, ListColumn::Bailleur, ListColumn::Lieu];
    const DEFAULT: Sort<ListColumn> = Sort { column: ListColumn::Date, descending: true };

    fn code(self) -> &'static str {
        match self {
            ListColumn::Numero => "numero",
            ListColumn::Date => "date",
            ListColumn::Bailleur => "bailleur",
            ListColumn::Lieu => "lieu",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ListColumn::Numero => "N°",
            ListColumn::Date => "Date",
            ListColumn::Bailleur => "Bailleur",
            ListColumn::Lieu => "Lieu",
        }
    }

    fn descending_first(self) -> bool {
        matches!(self, ListColumn::Numero | ListColumn::Date)
    }

    fn numeric(self) -> bool {
        self == ListColumn::Numero
    }
}

/// The list's order, page and period, kept in the address.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub tri: Option<String>,
    /// From 1.
    #[serde(default)]
    pub page: Option<u64>,
    /// `a_venir` for the sessions from today on, `passees` for the others, else all.
    #[serde(default)]
    pub periode: Option<String>,
    #[serde(default)]
    pub fait: Option<String>,
}

impl ListQuery {
    fn period(&self) -> &'static str {
        match self.periode.as_deref() {
            Some("a_venir") => "a_venir",
            Some("passees") => "passees",
            _ => "toutes",
        }
    }

    /// The list's address with this period, in order `tri`, at page `page` (from 0).
    fn href(&self, tri: &str, page: u64) -> String {
        let mut href = format!(
            "/commissions?periode={}&tri={}",
            self.period(),
            crate::format::url_encoded(tri)
        );
        if page > 0 {
            href.push_str(&format!("&page={}", page + 1));
        }
        href
    }
}

/// One session of the list.
pub struct SessionLine {
    pub ligne: CommissionId,
    pub date: String,
    pub bailleur: String,
    pub lieu: String,
}

#[derive(Template)]
#[template(path = "commissions.html")]
struct ListPage {
    layout: Layout,
    sessions: Vec<SessionLine>,
    paging: Paging,
    headers: Vec<Header>,
    sorted_by: String,
    query: ListQuery,
    periods: Vec<(&'static str, &'static str)>,
    /// The landlords the account chooses from (the EPCI), by identifier and name; empty for a
    /// landlord's own account.
    landlords: Vec<(String, String)>,
    form: SessionForm,
    errors: Vec<String>,
    contact: ContactForm,
    contact_errors: Vec<String>,
    done: Option<&'static str>,
}

/// How applicants reach the landlord's allocation service, printed on the letters.
#[derive(Debug, Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub bailleur: String,
    #[serde(default)]
    pub coordonnees: String,
}

/// What the list page says after a save.
const SAVED: [(&str, &str); 1] = [(
    "coordonnees",
    "Les coordonnées sont enregistrées : elles figurent sur les prochains courriers.",
)];

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

/// What the list page shows besides the sessions: the forms as typed, their refusals, and
/// what was just saved.
#[derive(Default)]
struct Forms {
    session: SessionForm,
    errors: Vec<String>,
    contact: Option<ContactForm>,
    contact_errors: Vec<String>,
    done: Option<&'static str>,
}

async fn list_page(
    state: &AppState,
    principal: &Principal,
    query: ListQuery,
    forms: Forms,
) -> Result<ListPage, Refusal> {
    let scope = principal.perimeter();
    crate::steps::allowed(scope.manages_any())?;
    let store = &*state.store;
    let landlords = if scope == logis_access::Perimeter::All {
        let all = landlords(store).await.map_err(step_refusal)?;
        all.into_iter().map(|o| (o.organisme_id.as_str().to_owned(), o.nom)).collect()
    } else {
        Vec::new()
    };
    let contact = match (forms.contact, scope.landlord()) {
        (Some(typed), _) => typed,
        (None, Some(own)) => ContactForm {
            bailleur: own.to_owned(),
            coordonnees: contacts::of(store, own).await?.unwrap_or_default(),
        },
        (None, None) => ContactForm::default(),
    };
    let today = state.clock.today();
    let period = match query.period() {
        "a_venir" => Period::Upcoming(today),
        "passees" => Period::Past(today),
        _ => Period::All,
    };
    let sort = Sort::<ListColumn>::parse(query.tri.as_deref());
    let order = match sort.column {
        ListColumn::Numero => CommissionOrder::Ligne,
        ListColumn::Date => CommissionOrder::Date,
        ListColumn::Bailleur => CommissionOrder::Bailleur,
        ListColumn::Lieu => CommissionOrder::Lieu,
    };
    let sorted = (order, sort.descending);
    let asked = query.page.unwrap_or(1).saturating_sub(1);
    let landlord_id = scope.landlord();
    let (shown, total, page, last_page) =
        paging::clamped(asked, PAGE as u64, |offset| async move {
            let found =
                commissions::page(store, landlord_id, period, sorted, (offset, PAGE as u32))
                    .await?;
            Ok::<_, Refusal>((found.commissions, found.total))
        })
        .await?;
    let tri = sort.code();
    let paging = Paging::new(
        Noun { one: "séance", many: "séances", none: "Aucune séance" },
        total,
        false,
        page,
        PAGE as u64,
        |n| query.href(&tri, n),
    )
    .ending_here(page == last_page);
    let landlord = |c: &Commission| state.organismes.name(c.bailleur.as_str());
    let sessions = shown
        .iter()
        .map(|c| SessionLine {
            ligne: c.ligne,
            date: french_date(c.date_seance),
            bailleur: landlord(c),
            lieu: c.lieu.clone(),
        })
        .collect();
    let headers = sorting::headers(sort, |tri| query.href(tri, 0));
    Ok(ListPage {
        layout: Layout::new(state, principal, "Commissions d'attribution", "/commissions"),
        sessions,
        paging,
        headers,
        sorted_by: sort.words(),
        periods: vec![("toutes", "toutes"), ("a_venir", "à venir"), ("passees", "passées")],
        query: ListQuery { periode: Some(query.period().to_owned()), ..query },
        landlords,
        form: forms.session,
        errors: forms.errors,
        contact,
        contact_errors: forms.contact_errors,
        done: forms.done,
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let done = Done { fait: query.fait.clone() };
    let forms = Forms { done: done.said(&SAVED), ..Forms::default() };
    Ok(render::page(&list_page(&state, &principal, query, forms).await?))
}

/// Records the landlord's contact printed on its letters (a landlord's account writes its
/// own; the EPCI chooses the landlord).
pub async fn save_contact(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<ContactForm>,
) -> Result<Response, Refusal> {
    let landlord = match principal.perimeter().landlord() {
        Some(own) => own.to_owned(),
        None => form.bailleur.trim().to_owned(),
    };
    crate::steps::allowed(principal.perimeter().manages(&landlord))?;
    let known = organisme(&*state.store, &landlord)
        .await
        .map_err(step_refusal)?
        .is_some_and(|o| o.kind == OrganismeType::Bailleur);
    let saved = if known {
        contacts::set(
            &*state.store,
            &landlord,
            &form.coordonnees,
            &author_of(&principal, &*state.clock),
        )
        .await
    } else {
        Err(StepError::refused("choisissez le bailleur dans la liste"))
    };
    match saved {
        Ok(()) => {
            let what = format!("coordonnées des courriers du bailleur {landlord}");
            audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
            Ok(Redirect::to("/commissions?fait=coordonnees#t-coordonnees").into_response())
        }
        Err(StepError::Refused(errors)) => {
            let forms = Forms { contact: Some(form), contact_errors: errors, ..Forms::default() };
            let view = list_page(&state, &principal, ListQuery::default(), forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(other) => Err(step_refusal(other)),
    }
}

impl SessionForm {
    /// The session as asked for.
    pub fn asked(&self) -> NewSession {
        NewSession {
            bailleur: self.bailleur.clone(),
            date_seance: typed_date(&self.date_seance),
            lieu: self.lieu.clone(),
            membres: self.membres.clone(),
            maire: self.maire.clone(),
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<SessionForm>,
) -> Result<Response, Refusal> {
    let author = author_of(&principal, &*state.clock);
    let ligne = match hold(&*state.store, &form.asked(), &author).await {
        Ok(ligne) => ligne,
        Err(StepError::Refused(errors)) => {
            let view = list_page(
                &state,
                &principal,
                ListQuery::default(),
                Forms { session: form, errors, ..Forms::default() },
            )
            .await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
        }
        Err(other) => return Err(step_refusal(other)),
    };
    audit::by(&state, &principal, &origin, audit::Action::Creation, &format!("commission {ligne}"))
        .await?;
    Ok(Redirect::to(&format!("/commissions/{ligne}")).into_response())
}

/// A session `principal` manages.
pub async fn managed(
    state: &AppState,
    principal: &Principal,
    ligne: CommissionId,
) -> Result<Commission, Refusal> {
    let session = commission(&*state.store, ligne).await.map_err(step_refusal)?;
    crate::steps::allowed(principal.perimeter().manages(&session.bailleur))?;
    Ok(session)
}

/// A dwelling on the agenda, with what was decided.
pub struct AgendaLine {
    pub vacance: VacancyId,
    pub title: String,
    pub exception: Option<String>,
    pub decisions: Vec<(String, i64, String)>,
}

#[derive(Template)]
#[template(path = "commission.html")]
struct SessionPage {
    layout: Layout,
    ligne: CommissionId,
    date: String,
    landlord: String,
    lieu: String,
    members: Vec<String>,
    maire: String,
    agenda: Vec<AgendaLine>,
    /// Open vacancies of the landlord not on the agenda yet.
    to_examine: Vec<(VacancyId, String)>,
    done: Option<&'static str>,
}

const DONE: &[(&str, &str)] = &[(
    "decisions",
    "Les décisions sont enregistrées et inscrites dans l'historique de chaque demande.",
)];

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<CommissionId>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let session = managed(&state, &principal, ligne).await?;
    let store = &*state.store;
    let decided = commissions::decisions(store, ligne).await?;
    if !decided.is_empty() {
        let what = format!("décisions de la commission n° {ligne}, {} demandes", decided.len());
        audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    }
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
            exception: item.exception.map(|e| e.label().to_owned()),
            decisions: decided
                .iter()
                .filter(|x| x.vacance == item.vacance)
                .map(|x| (x.numero_unique.to_string(), x.position_score, decision_words(x).0))
                .collect(),
        });
    }
    let open = VacancyFilter {
        bailleur: Some(session.bailleur.as_str()),
        statut: Some(VacancyStatus::Open),
        ..VacancyFilter::default()
    };
    let to_examine = vacancies::list(store, &open)
        .await?
        .into_iter()
        .filter(|v| !agenda.iter().any(|a| a.vacance == v.ligne))
        .map(|v| (v.ligne, v.logement_id.to_string()))
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
        landlord: state.organismes.name(session.bailleur.as_str()),
        lieu: session.lieu,
        members: session.membres,
        maire: session.maire,
        agenda,
        to_examine,
        done: done.said(DONE),
    }))
}
