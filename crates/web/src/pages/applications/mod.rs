//! The list of applications (« Demandes »): search by numéro unique, name, commune, typology,
//! housing situation, priority, status and score range, and the « à renouveler » list; sort by
//! score or seniority; pages of 50; a complete numéro typed alone opens its file; the query read
//! and written by `crate::list_query`; every page of names in the audit log; the selection
//! exported as XLSX or CSV ([`export`]).

pub mod export;

pub use export::{export_csv, export_xlsx};

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::list_query::{self as query, ListQuery};
use crate::paging::{Noun, Paging};
use crate::render::{self, Layout, Refusal};
use crate::state::{AppState, Communes};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use logis_domain::french::{Gender, ordinal};
use logis_domain::{SituationLogement, Statut, Typologie};
use logis_store::dossiers::search::{ApplicationLine, ApplicationPage, Sort, search};

/// Lines per page.
pub const PAGE_SIZE: u32 = 50;

/// What the list counts.
pub const NOUN: Noun = Noun { one: "demande", many: "demandes", none: "Aucune demande" };
pub use crate::list_query::COUNT_CAP;

/// One line as the page shows it.
pub struct Line {
    pub numero: String,
    pub nom: String,
    pub depot: String,
    pub anciennete: String,
    pub statut: &'static str,
    pub statut_code: String,
    pub commune: String,
    pub typologies: String,
    pub situation: &'static str,
    pub prioritaire: bool,
    pub dalo: bool,
    pub score: String,
    /// Active without a score: no grid yet, or a cotation being recomputed.
    pub non_cotee: bool,
    pub provisoire: bool,
    pub rang: String,
}

/// Codes and labels of a select.
pub struct Choice {
    pub code: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "demandes.html")]
struct ListPage {
    layout: Layout,
    query: ListQuery,
    problems: Vec<String>,
    lines: Vec<Line>,
    paging: Paging,
    /// The columns that sort the list, each with its link and state.
    sorts: SortHeaders,
    /// What the count line says of the order (« classées par score »).
    sorted_as: &'static str,
    export_query: String,
    communes: Vec<Choice>,
    typologies: Vec<Choice>,
    situations: Vec<Choice>,
    statuts: Vec<Choice>,
    social_worker: bool,
    may_register: bool,
    /// Whether a less-used criterion is set (its part of the form is then open).
    advanced: bool,
    /// The « à renouveler » list's link (a reception desk's: its commune), and, when it is the
    /// list shown, the day before which the deadlines fall.
    renew_link: String,
    renew_before: Option<String>,
}

/// A column's header that sorts the list: its link, and whether (and which way) the list is
/// sorted on it, for `aria-sort` and the arrow.
pub struct SortHeader {
    pub link: String,
    /// `ascending`, `descending` or `none`.
    pub aria: &'static str,
    pub arrow: &'static str,
}

/// The list's sortable columns.
pub struct SortHeaders {
    pub numero: SortHeader,
    pub nom: SortHeader,
    pub anciennete: SortHeader,
    pub score: SortHeader,
}

impl SortHeaders {
    fn new(query: &ListQuery, sort: Sort) -> SortHeaders {
        let header = |word: &str, each: Sort| {
            let (aria, arrow) = match (each == sort, each == Sort::Score) {
                (false, _) => ("none", ""),
                (true, true) => ("descending", "▼"),
                (true, false) => ("ascending", "▲"),
            };
            SortHeader { link: query.link(Some(word), None), aria, arrow }
        };
        SortHeaders {
            numero: header("numero", Sort::Numero),
            nom: header("nom", Sort::Nom),
            anciennete: header("anciennete", Sort::Anciennete),
            score: header("score", Sort::Score),
        }
    }
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter().map(|v| Choice { code: code(*v).to_owned(), label: label(*v).to_owned() }).collect()
}

/// A line of the store, for the page.
pub fn line(l: &ApplicationLine, communes: &Communes, today: time::Date) -> Line {
    let nom = match (&l.nom, &l.prenom) {
        (Some(nom), Some(prenom)) => format!("{nom} {prenom}"),
        (Some(nom), None) => nom.clone(),
        (None, Some(prenom)) => prenom.clone(),
        (None, None) => "(nom non renseigné)".to_owned(),
    };
    let typologies =
        l.typologies_souhaitees.split('|').filter(|t| !t.is_empty()).collect::<Vec<_>>().join(", ");
    Line {
        numero: l.numero_unique.clone(),
        nom,
        depot: l.date_depot.map(format::date).unwrap_or_default(),
        anciennete: l
            .date_depot
            .map(|d| format!("{} mois", logis_domain::calendar::whole_months(d, today)))
            .unwrap_or_default(),
        statut: Statut::from_code(&l.statut).map_or("inconnu", Statut::label),
        statut_code: l.statut.clone(),
        commune: l.commune_residence.as_deref().map(|c| communes.name(c)).unwrap_or_default(),
        typologies,
        situation: SituationLogement::from_code(&l.situation_logement)
            .map_or("non renseignée", SituationLogement::label),
        prioritaire: l.prioritaire(),
        dalo: l.dalo,
        score: l.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into()),
        provisoire: l.provisoire,
        non_cotee: l.unscored(),
        rang: match (l.rang, l.comparables) {
            (Some(rang), Some(n)) => format!(
                "{} sur {}",
                ordinal(rang.max(0) as u64, Gender::Feminine),
                format::int(n.max(0) as u64)
            ),
            _ => String::new(),
        },
    }
}

/// A complete numéro typed alone: the file itself (the reception desk's most frequent search).
fn straight_to_the_file(
    query: &ListQuery,
    found: &ApplicationPage,
    htmx: bool,
) -> Option<Response> {
    let typed = query.numero.trim().to_uppercase();
    let alone = query.link(None, None)
        == format!("?numero={}", crate::format::url_encoded(query.numero.trim()));
    let [only] = found.lines.as_slice() else { return None };
    if !alone || only.numero_unique != typed {
        return None;
    }
    let target = format!("/demandes/{typed}");
    Some(if htmx {
        ([("HX-Redirect", target)], "").into_response()
    } else {
        Redirect::to(&target).into_response()
    })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let today = state.clock.today();
    let (filter, problems) = query.filter(&principal, &state.communes, today);
    let sort = query.sort();
    let page = query.page();
    let found = search(&*state.store, &filter, sort, page, PAGE_SIZE, COUNT_CAP).await?;
    if let Some(redirect) = straight_to_the_file(&query, &found, headers.contains_key("hx-request"))
    {
        return Ok(redirect);
    }
    if !found.lines.is_empty() {
        let what = format!(
            "liste des demandes, page {}, {}, {} noms affichés",
            page + 1,
            query::described(&filter),
            found.lines.len()
        );
        audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    }
    let lines = found.lines.iter().map(|l| line(l, &state.communes, today)).collect();
    let paging =
        Paging::new(NOUN, found.matching, found.more, u64::from(page), u64::from(PAGE_SIZE), |n| {
            format!("/demandes{}", query.link(None, u32::try_from(n).ok()))
        })
        .ending_here(found.lines.len() < PAGE_SIZE as usize);
    let view = ListPage {
        layout: Layout::new(&state, &principal, "Demandes", "/demandes"),
        problems,
        lines,
        paging,
        sorts: SortHeaders::new(&query, sort),
        sorted_as: query::SORTS.iter().find(|s| s.1 == sort).map_or("", |s| s.2),
        export_query: query.link(None, None),
        communes: state
            .communes
            .suggested()
            .iter()
            .map(|(code, label)| Choice { code: code.clone(), label: label.clone() })
            .collect(),
        typologies: choices(Typologie::ALL, Typologie::code, Typologie::label),
        situations: choices(
            SituationLogement::ALL,
            SituationLogement::code,
            SituationLogement::label,
        ),
        statuts: choices(Statut::ALL, Statut::code, Statut::label),
        social_worker: filter.suivi_par.is_some(),
        may_register: principal.permissions().register_applications,
        renew_link: match &principal.commune {
            Some(commune) => format!(
                "/demandes?renouveler=1&commune={}&tri=anciennete",
                format::url_encoded(&state.communes.name(commune))
            ),
            None => "/demandes?renouveler=1&tri=anciennete".to_owned(),
        },
        renew_before: query
            .to_renew()
            .then(|| format::date(logis_domain::calendar::months_after(today, 1))),
        advanced: [
            &query.typologie,
            &query.situation,
            &query.prioritaire,
            &query.score_min,
            &query.score_max,
            &query.statut,
        ]
        .iter()
        .any(|v| !v.trim().is_empty()),
        query,
    };
    Ok(render::page(&view))
}
