//! Vacancies: the list an account follows, and one vacancy's page — the dwelling, its ranked
//! candidates with why they fit, what it would cost them and which objectives they would help,
//! « pourquoi pas ? » for any application, the commission's decisions, and the offers with the
//! forms of the answer and the lease (handled in `offers`). Showing candidates shows personal
//! data: it is written in the audit log.

use super::candidates::{self, CandidateRow, Column};
use super::sorting::{self, Header, Sort, Sortable};
use super::step_refusal;
use super::view::{dwelling_details, dwelling_title};
use crate::audit;
use crate::examination;
use crate::guard::{Origin, Principal};
use crate::paging::{self, Noun, Paging};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use logis_allocation::commission::Nature;
use logis_allocation::stored::why_not;
use logis_allocation::workflow::vacancy::{dwelling, holder_deadline, organisme, with_dwelling};
use logis_domain::allocation::{CommissionId, OfferAnswer, OfferId, VacancyId, VacancyStatus};
use logis_domain::french::date as french_date;
use logis_store::allocation::commissions::{self, Decision};
use logis_store::allocation::offers::{self, Offer};
use logis_store::allocation::vacancies::{self, VacancyFilter, VacancyOrder};
use serde::Deserialize;

/// Candidates shown on a vacancy's page.
pub const SHOWN: usize = 20;

/// One line of the list.
pub struct VacancyLine {
    pub ligne: VacancyId,
    pub logement: String,
    pub title: String,
    pub disponible_le: String,
    pub reservataire: String,
    pub statut: String,
}

/// Lines of the list on one page.
const PAGE: usize = 50;

/// A column the list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListColumn {
    Numero,
    Logement,
    Disponible,
    Reservataire,
    Etat,
}

impl Sortable for ListColumn {
    const ALL: &'static [ListColumn] = &[
        ListColumn::Numero,
        ListColumn::Logement,
        ListColumn::Disponible,
        ListColumn::Reservataire,
        ListColumn::Etat,
    ];
    const DEFAULT: Sort<ListColumn> = Sort { column: ListColumn::Disponible, descending: true };

    fn code(self) -> &'static str {
        match self {
            ListColumn::Numero => "numero",
            ListColumn::Logement => "logement",
            ListColumn::Disponible => "libre_le",
            ListColumn::Reservataire => "reservataire",
            ListColumn::Etat => "etat",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ListColumn::Numero => "N°",
            ListColumn::Logement => "Logement",
            ListColumn::Disponible => "Libre le",
            ListColumn::Reservataire => "Réservataire",
            ListColumn::Etat => "État",
        }
    }

    fn descending_first(self) -> bool {
        matches!(self, ListColumn::Numero | ListColumn::Disponible)
    }

    fn numeric(self) -> bool {
        self == ListColumn::Numero
    }
}

#[derive(Template)]
#[template(path = "vacances.html")]
struct ListPage {
    layout: Layout,
    lines: Vec<VacancyLine>,
    query: ListQuery,
    paging: Paging,
    headers: Vec<Header>,
    sorted_by: String,
    /// The holders the list can be narrowed to (identifier, name).
    holders: Vec<(String, String)>,
    /// The states to choose from (code, words).
    states: Vec<(&'static str, &'static str)>,
}

/// Which vacancies the list shows, in which order, which page: all kept in the address.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListQuery {
    /// The former « toutes » switch: every state.
    #[serde(default)]
    pub toutes: Option<String>,
    /// `vacant` (the default), `loue`, `retire` or `toutes`.
    #[serde(default)]
    pub etat: Option<String>,
    /// One reservation holder's.
    #[serde(default)]
    pub reservataire: Option<String>,
    #[serde(default)]
    pub tri: Option<String>,
    /// From 1.
    #[serde(default)]
    pub page: Option<u64>,
}

impl ListQuery {
    /// The state asked for: `None` for every state.
    fn state(&self) -> Option<VacancyStatus> {
        match (self.etat.as_deref(), self.toutes.is_some()) {
            (Some("toutes"), _) | (None, true) => None,
            (Some("loue"), _) => Some(VacancyStatus::Let),
            (Some("retire"), _) => Some(VacancyStatus::Withdrawn),
            _ => Some(VacancyStatus::Open),
        }
    }

    fn state_code(&self) -> &'static str {
        match self.state() {
            None => "toutes",
            Some(VacancyStatus::Open) => "vacant",
            Some(VacancyStatus::Let) => "loue",
            Some(VacancyStatus::Withdrawn) => "retire",
        }
    }

    /// The list's address with these filters, in order `tri`, at page `page` (from 0).
    fn href(&self, tri: &str, page: u64) -> String {
        let mut href = format!("/vacances?etat={}", self.state_code());
        if let Some(r) = self.reservataire.as_deref().filter(|r| !r.is_empty()) {
            href.push_str(&format!("&reservataire={}", crate::format::url_encoded(r)));
        }
        href.push_str(&format!("&tri={}", crate::format::url_encoded(tri)));
        if page > 0 {
            href.push_str(&format!("&page={}", page + 1));
        }
        href
    }
}

/// The French word of a vacancy's state.
pub fn status_label(statut: VacancyStatus) -> &'static str {
    match statut {
        VacancyStatus::Open => "vacant",
        VacancyStatus::Let => "loué",
        VacancyStatus::Withdrawn => "retiré",
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let scope = principal.perimeter();
    // A dwelling returned to its landlord is no longer its holder's to follow.
    let reach = VacancyFilter {
        statut: query.state(),
        sans_remise: scope.holder().is_some(),
        ..VacancyFilter::within(&scope)
    };
    let store = &*state.store;
    let mut holders: Vec<(String, String)> = vacancies::holders(store, &reach)
        .await?
        .into_iter()
        .map(|id| {
            let name = state.organismes.name(&id);
            (id, name)
        })
        .collect();
    holders.sort_by(|a, b| a.1.cmp(&b.1));
    let holder = query.reservataire.as_deref().filter(|r| !r.is_empty());
    let filter = VacancyFilter { reservataire: reach.reservataire.or(holder), ..reach.clone() };
    let sort = Sort::<ListColumn>::parse(query.tri.as_deref());
    let order = match sort.column {
        ListColumn::Numero => VacancyOrder::Ligne,
        ListColumn::Logement => VacancyOrder::Logement,
        ListColumn::Disponible => VacancyOrder::Disponible,
        ListColumn::Reservataire => VacancyOrder::Reservataire,
        ListColumn::Etat => VacancyOrder::Etat,
    };
    let asked = query.page.unwrap_or(1).saturating_sub(1);
    let filter = &filter;
    let (shown, total, page, last_page) =
        paging::clamped(asked, PAGE as u64, |offset| async move {
            let found =
                vacancies::page(store, filter, (order, sort.descending), offset, PAGE as u32)
                    .await?;
            Ok::<_, Refusal>((found.vacancies, found.total))
        })
        .await?;
    let tri = sort.code();
    let paging = Paging::new(
        Noun { one: "vacance", many: "vacances", none: "Aucune vacance" },
        total,
        false,
        page,
        PAGE as u64,
        |n| query.href(&tri, n),
    )
    .ending_here(page == last_page);
    let mut lines = Vec::new();
    for v in shown {
        let title = match dwelling(store, &v.logement_id).await {
            Ok(d) => dwelling_title(&d, &state.communes.name(d.commune.as_str())),
            Err(_) => "logement absent des données".to_owned(),
        };
        lines.push(VacancyLine {
            ligne: v.ligne,
            logement: v.logement_id.to_string(),
            title,
            disponible_le: french_date(v.disponible_le),
            reservataire: state.organismes.name(v.reservataire.as_str()),
            statut: status_label(v.statut).to_owned(),
        });
    }
    let headers = sorting::headers(sort, |tri| query.href(tri, 0));
    let layout = Layout::new(&state, &principal, "Logements vacants", "/vacances");
    Ok(render::page(&ListPage {
        layout,
        lines,
        paging,
        headers,
        sorted_by: sort.words(),
        holders,
        states: vec![
            ("vacant", "vacants"),
            ("loue", "loués"),
            ("retire", "retirés"),
            ("toutes", "tous les états"),
        ],
        query: ListQuery { etat: Some(query.state_code().to_owned()), ..query },
    }))
}

/// A decision as the vacancy's page lists it.
pub struct DecisionLine {
    pub commission: CommissionId,
    pub numero: String,
    pub position: i64,
    pub decision: String,
    pub reasons: Vec<String>,
}

/// The words of a decision and its reasons (the minutes and letters say the same).
pub fn decision_words(d: &Decision) -> (String, Vec<String>) {
    let label = d.nature.label().to_owned();
    let words = match (d.nature, d.rang) {
        (Nature::AttributionRang | Nature::ConditionSuspensive, Some(r)) => {
            format!("{label}, rang {r}")
        }
        _ => label.to_owned(),
    };
    let mut reasons = Vec::new();
    if let Some(p) = &d.piece_manquante {
        let by = d
            .echeance
            .map(|e| format!(", à fournir avant le {}", french_date(e)))
            .unwrap_or_default();
        reasons.push(format!("pièce manquante : {p}{by}"));
    }
    if let Some(m) = &d.motif {
        reasons.push(format!("motif : {m}"));
    }
    if let Some(e) = &d.motif_ecart {
        reasons.push(format!("écart à l'ordre de la cotation : {e}"));
    }
    (words, reasons)
}

/// An offer as the page lists it.
pub struct OfferLine {
    pub ligne: OfferId,
    pub numero: String,
    pub proposee_le: String,
    pub reponse_avant: String,
    pub state: String,
    pub pending: bool,
    pub accepted_without_lease: bool,
}

fn offer_line(o: &Offer) -> OfferLine {
    let state = match (o.reponse, o.bail_signe_le) {
        (_, Some(bail)) => format!("bail signé le {}", french_date(bail)),
        (None, _) => "en attente de réponse".to_owned(),
        (Some(OfferAnswer::Accepted), _) => "acceptée : bail à signer".to_owned(),
        (Some(OfferAnswer::Refused), _) => format!(
            "refusée ({}{})",
            o.motif_refus.as_deref().unwrap_or("sans motif"),
            match o.refus_legitime {
                Some(true) => ", motif légitime",
                Some(false) => ", motif non légitime",
                None => "",
            }
        ),
        (Some(OfferAnswer::NoAnswer), _) => "sans réponse dans le délai".to_owned(),
    };
    OfferLine {
        ligne: o.ligne,
        numero: o.numero_unique.to_string(),
        proposee_le: french_date(o.proposee_le),
        reponse_avant: french_date(o.reponse_avant),
        state,
        pending: o.is_pending(),
        accepted_without_lease: o.reponse == Some(OfferAnswer::Accepted)
            && o.bail_signe_le.is_none(),
    }
}

/// What the page says of the vacancy in flux management, and whether the delay given to its
/// holder has passed without a commission examining its candidates.
async fn flux_state(
    state: &AppState,
    vacancy: &vacancies::Vacancy,
    open: bool,
) -> Result<(Option<String>, bool), Refusal> {
    if let Some(reason) = vacancy.mis_de_cote {
        return Ok((Some(format!("Mis de côté, hors du flux : {}.", reason.label())), false));
    }
    if let Some(at) = vacancy.remise_le {
        let landlord = state.organismes.name(vacancy.bailleur.as_str());
        return Ok((
            Some(format!(
                "Remis à la disposition de {landlord} le {} faute de candidat du réservataire dans le délai : les candidats suivent le public du bailleur ; le logement reste compté comme orienté vers le réservataire.",
                logis_domain::french::moment(at)
            )),
            false,
        ));
    }
    if !open || vacancy.reservataire == vacancy.bailleur {
        return Ok((None, false));
    }
    let (settings, _) = logis_evaluation::stored_settings(&*state.store).await?;
    let months = settings.flux_return_months;
    let deadline = holder_deadline(vacancy, months);
    if !commissions::decisions_on(&*state.store, vacancy.ligne).await?.is_empty() {
        return Ok((
            Some("Des candidats du réservataire ont été examinés en commission : le logement lui reste pour cette location.".to_owned()),
            false,
        ));
    }
    if state.clock.today() <= deadline {
        return Ok((
            Some(format!(
                "Le réservataire a jusqu'au {} inclus pour présenter ses candidats (délai de {months} mois) ; passé ce délai, le bailleur peut reprendre le logement pour cette location.",
                french_date(deadline)
            )),
            false,
        ));
    }
    Ok((
        Some(format!(
            "Le délai de {months} mois laissé au réservataire a pris fin le {} sans candidat examiné en commission.",
            french_date(deadline)
        )),
        true,
    ))
}

/// The « pourquoi pas ? » answer shown.
pub struct WhyNot {
    pub numero: String,
    pub found: bool,
    pub excluded: Vec<String>,
    pub fits: Vec<String>,
    pub to_check: Vec<String>,
}

#[derive(Template)]
#[template(path = "vacance.html")]
pub struct VacancyPage {
    layout: Layout,
    ligne: VacancyId,
    logement: String,
    title: String,
    details: String,
    disponible_le: String,
    holder: String,
    orientation: Option<String>,
    /// In flux management: set aside, returned to the landlord, or until when the holder may
    /// present candidates.
    flux_state: Option<String>,
    /// The landlord may take the dwelling back for this letting (the delay has passed).
    may_return: bool,
    statut: String,
    /// Why the vacancy was withdrawn, when it was.
    withdrawn: Option<String>,
    open: bool,
    manages: bool,
    candidates: Vec<CandidateRow>,
    /// The table's headings, sorting links and `aria-sort`.
    headers: Vec<Header>,
    /// The order shown, in words (« par score, décroissant »).
    sorted_by: String,
    pool: i64,
    complete: bool,
    why_not: Option<WhyNot>,
    decisions: Vec<DecisionLine>,
    offers: Vec<OfferLine>,
    /// The landlord's sessions to put the dwelling on (number, date).
    sessions: Vec<(CommissionId, String)>,
    today: String,
    errors: Vec<String>,
    done: Option<&'static str>,
    /// The year's income ceilings are missing for this dwelling.
    ceiling_missing: Option<String>,
}

const DONE: &[(&str, &str)] = &[
    ("declaration", "Le logement est déclaré vacant."),
    (
        "proposition",
        "La proposition est enregistrée ; le demandeur en est informé dans son historique.",
    ),
    ("reponse", "La réponse du demandeur est enregistrée."),
    (
        "remise",
        "Le logement est repris pour cette location : les candidats suivent désormais le public du bailleur.",
    ),
    (
        "bail",
        "Le bail est enregistré : l'attribution compte dans les objectifs, la demande est close comme attribuée.",
    ),
];

/// What the vacancy's page asks.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    pub pourquoi: Option<String>,
    /// The column the candidates are sorted by (`score`, `-effort`…).
    pub tri: Option<String>,
    pub fait: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
    Query(query): Query<ShowQuery>,
) -> Result<Response, Refusal> {
    let done = Done { fait: query.fait.clone() };
    let sort = Sort::<Column>::parse(query.tri.as_deref());
    let pourquoi = query.pourquoi.as_deref();
    let page = sorted_page(&state, &principal, &origin, ligne, pourquoi, sort, Vec::new()).await?;
    Ok(render::page(&VacancyPage { done: done.said(DONE), ..page }))
}

/// The vacancy's page with its candidates in the score order and `errors` (a refused step).
pub async fn page(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    ligne: VacancyId,
    pourquoi: Option<&str>,
    errors: Vec<String>,
) -> Result<VacancyPage, Refusal> {
    let sort = Column::DEFAULT;
    sorted_page(state, principal, origin, ligne, pourquoi, sort, errors).await
}

/// The vacancy's page with its candidates in `sort`'s order.
pub async fn sorted_page(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    ligne: VacancyId,
    pourquoi: Option<&str>,
    sort: Sort<Column>,
    errors: Vec<String>,
) -> Result<VacancyPage, Refusal> {
    let store = &*state.store;
    let scope = principal.perimeter();
    let (vacancy, dwelling) = with_dwelling(store, ligne).await.map_err(step_refusal)?;
    crate::steps::allowed(scope.follows(&vacancy.bailleur, vacancy.candidates_holder()))?;
    let exam = examination::of(state, &vacancy, &dwelling).await?;
    let context = exam.context();
    let open = vacancy.statut == VacancyStatus::Open;
    let names = principal.permissions().personal_data;
    let (candidate_lines, pool, complete) = if open {
        let found = logis_allocation::stored::candidates(store, &dwelling, &context, SHOWN).await?;
        let mut rows: Vec<CandidateRow> =
            found.candidates.iter().map(|c| CandidateRow::of(c, &dwelling, &exam, names)).collect();
        candidates::sort(&mut rows, sort);
        (rows, found.pool, found.complete)
    } else {
        (Vec::new(), 0, true)
    };
    audit::by(
        state,
        principal,
        origin,
        audit::Action::Consultation,
        &format!("vacance {ligne} : candidats"),
    )
    .await?;
    let why_not = match pourquoi.map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(numero) => {
            audit::by(
                state,
                principal,
                origin,
                audit::Action::Consultation,
                &format!("{numero} : pourquoi pas ? (vacance {ligne})"),
            )
            .await?;
            Some(match why_not(store, &dwelling, numero, &context).await? {
                None => WhyNot {
                    numero: numero.to_owned(),
                    found: false,
                    excluded: vec![],
                    fits: vec![],
                    to_check: vec![],
                },
                Some((_, v)) => WhyNot {
                    numero: numero.to_owned(),
                    found: true,
                    excluded: v.excluded,
                    fits: v.fits,
                    to_check: v.to_check,
                },
            })
        }
    };
    let decisions = commissions::decisions_on(store, ligne)
        .await?
        .iter()
        .map(|d| {
            let (decision, reasons) = decision_words(d);
            DecisionLine {
                commission: d.commission,
                numero: d.numero_unique.to_string(),
                position: d.position_score,
                decision,
                reasons,
            }
        })
        .collect();
    let offers = offers::of_vacancy(store, ligne).await?.iter().map(offer_line).collect();
    let manages = scope.manages(&vacancy.bailleur) && principal.permissions().allocate;
    let today = state.clock.today();
    let sessions = if manages && open {
        commissions::list(store, Some(vacancy.bailleur.as_str()))
            .await?
            .into_iter()
            .filter(|c| c.date_seance >= today)
            .map(|c| (c.ligne, french_date(c.date_seance)))
            .collect()
    } else {
        Vec::new()
    };
    let (flux_state, may_return) = flux_state(state, &vacancy, open).await?;
    let may_return = may_return && manages;
    let commune = state.communes.name(dwelling.commune.as_str());
    Ok(VacancyPage {
        layout: Layout::new(
            state,
            principal,
            format!("Logement vacant {}", dwelling.logement_id.as_str()),
            "/vacances",
        ),
        ligne,
        logement: dwelling.logement_id.as_str().to_owned(),
        title: dwelling_title(&dwelling, &commune),
        details: dwelling_details(&dwelling),
        disponible_le: french_date(vacancy.disponible_le),
        holder: logis_domain::french::with_article(
            &state.organismes.name(vacancy.reservataire.as_str()),
        ),
        flux_state,
        may_return,
        orientation: match (&vacancy.motif_orientation, &vacancy.reservataire_propose) {
            (Some(motif), Some(proposed)) => {
                let proposed = organisme(store, proposed)
                    .await
                    .map_err(step_refusal)?
                    .map_or_else(|| proposed.to_string(), |o| o.nom);
                Some(format!("plutôt que {proposed}, proposé par Logis : {motif}"))
            }
            _ => None,
        },
        statut: status_label(vacancy.statut).to_owned(),
        withdrawn: vacancy.motif_retrait.clone(),
        open,
        manages,
        ceiling_missing: super::view::ceiling_missing(&exam.context(), &dwelling),
        candidates: candidate_lines,
        headers: candidates::headers(sort, &format!("/vacances/{ligne}")),
        sorted_by: sort.words(),
        pool,
        complete,
        why_not,
        decisions,
        offers,
        sessions,
        today: today.to_string(),
        errors,
        done: None,
    })
}
