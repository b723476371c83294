//! A landlord's dwellings: the list (its own; every landlord's for the EPCI), one dwelling's
//! page where its characteristics are corrected — given as a one-row logements.csv to
//! `crate::typed_files`, so checked by the import's rules with their French messages, then
//! written in one ordinary transaction — and where it is declared vacant (from when, to which
//! reservation holder: `logis_allocation::workflow::vacancy`).

use super::view::{dwelling_details, dwelling_title};
use super::{author_of, step_refusal, typed_date};
use crate::audit;
use crate::glossary::filters;
use crate::guard::{Origin, Principal};
use crate::paging::{Noun, Paging};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use crate::typed_files::{file_of, save_typed};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_allocation::flux::orientation::orientation;
use logis_allocation::workflow::StepError;
use logis_allocation::workflow::vacancy::{Declaration, declare, dwelling, set_aside_of};
use logis_domain::allocation::VacancyStatus;
use logis_domain::{Logement, Organisme, OrganismeType, Typologie};
use logis_exchange::{FileKind, Record};
use logis_store::allocation::dwellings::{self, DwellingFilter, DwellingSort};
use logis_store::allocation::vacancies::{self, VacancyFilter};
use logis_store::{Store, export_all};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Dwellings per page of the list.
pub const PAGE: u32 = 50;

const NOUN: Noun = Noun { one: "logement", many: "logements", none: "Aucun logement" };

/// The sortable columns: the URL's word, the store's column, the header.
const SORTS: [(&str, DwellingSort, &str); 5] = [
    ("identifiant", DwellingSort::Identifier, "Identifiant"),
    ("commune", DwellingSort::Commune, "Commune"),
    ("typologie", DwellingSort::Typology, "Typologie"),
    ("surface", DwellingSort::Surface, "Surface"),
    ("loyer", DwellingSort::Rent, "Loyer"),
];

/// One dwelling as the list shows it.
pub struct DwellingRow {
    pub id: String,
    pub commune: String,
    pub typologie: &'static str,
    pub surface: String,
    pub loyer: String,
    /// Address, then rent, financing, floor, accessibility, neighbourhood.
    pub details: String,
    /// Its open vacancy: link and « vacant depuis le … ».
    pub vacancy: Option<(String, String)>,
}

/// A column's header: its label, its link (sorted on it, or reversed), its `aria-sort`.
pub struct SortHeader {
    pub label: &'static str,
    pub href: String,
    pub aria_sort: &'static str,
}

#[derive(Template)]
#[template(path = "logements.html")]
struct ListPage {
    layout: Layout,
    lines: Vec<DwellingRow>,
    headers: Vec<SortHeader>,
    paging: Paging,
    query: ListQuery,
    typologies: Vec<(&'static str, &'static str)>,
}

/// The list's filters, sort and page, as the URL carries them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    /// A commune (code or name).
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub typologie: String,
    /// `oui`: with an open vacancy; `non`: without.
    #[serde(default)]
    pub vacance: String,
    /// A column of [`SORTS`], `-` before it for descending.
    #[serde(default)]
    pub tri: String,
    #[serde(default)]
    pub page: String,
}

impl ListQuery {
    fn sort(&self) -> (DwellingSort, bool) {
        let descending = self.tri.starts_with('-');
        let word = self.tri.trim_start_matches('-');
        let sort = SORTS.iter().find(|s| s.0 == word).map_or(DwellingSort::Identifier, |s| s.1);
        (sort, descending)
    }

    fn page(&self) -> u64 {
        self.page.trim().parse::<u64>().unwrap_or(1).max(1) - 1
    }

    /// `/logements` with this search, sorted on `tri`, at page `page` (from 0).
    pub fn link(&self, tri: &str, page: u64) -> String {
        let fields = [
            ("commune", &self.commune),
            ("typologie", &self.typologie),
            ("vacance", &self.vacance),
        ];
        let mut parts: Vec<String> = fields
            .iter()
            .map(|(k, v)| (k, v.trim()))
            .chain([(&"tri", tri)])
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::format::url_encoded(v)))
            .collect();
        if page > 0 {
            parts.push(format!("page={}", page + 1));
        }
        if parts.is_empty() {
            "/logements".to_owned()
        } else {
            format!("/logements?{}", parts.join("&"))
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let scope = principal.perimeter();
    crate::steps::allowed(scope.manages_any())?;
    let typed = query.commune.trim();
    let filter = DwellingFilter {
        bailleurs: scope.landlord().map(|l| vec![l.to_owned()]).unwrap_or_default(),
        commune: (!typed.is_empty())
            .then(|| state.communes.code_of(typed).unwrap_or_else(|| typed.to_owned())),
        typologie: Some(query.typologie.trim().to_owned()).filter(|t| !t.is_empty()),
        vacant: match query.vacance.as_str() {
            "oui" => Some(true),
            "non" => Some(false),
            _ => None,
        },
    };
    let (sort, descending) = query.sort();
    let page = query.page();
    let (found, total) =
        dwellings::page(&*state.store, &filter, sort, descending, page, PAGE).await?;
    let lines = found
        .iter()
        .map(|line| {
            let d = &line.logement;
            let commune = state.communes.name(d.commune.as_str());
            DwellingRow {
                id: d.logement_id.as_str().to_owned(),
                typologie: d.typologie.code(),
                surface: d
                    .surface
                    .map(|s| format!("{}\u{a0}m²", crate::format::decimal(s.as_f64(), 0)))
                    .unwrap_or_default(),
                loyer: format!("{}\u{a0}€", crate::format::decimal(d.loyer.as_f64(), 2)),
                details: match &d.adresse {
                    Some(address) => format!("{address} — {}", dwelling_details(d)),
                    None => dwelling_details(d),
                },
                commune,
                vacancy: line.vacancy.as_ref().map(|(ligne, from)| {
                    let from = typed_date(from).map_or_else(|| from.clone(), crate::format::date);
                    (format!("/vacances/{}", ligne.get()), format!("vacant à partir du {from}"))
                }),
            }
        })
        .collect();
    let headers = SORTS
        .iter()
        .map(|(word, s, label)| {
            let current = *s == sort;
            let reverse = current && !descending;
            SortHeader {
                label,
                href: query.link(&if reverse { format!("-{word}") } else { (*word).to_owned() }, 0),
                aria_sort: match (current, descending) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            }
        })
        .collect();
    let paging =
        Paging::new(NOUN, total, false, page, u64::from(PAGE), |n| query.link(&query.tri, n));
    let layout = Layout::new(&state, &principal, "Logements", "/logements");
    let typologies = Typologie::ALL.iter().map(|t| (t.code(), t.label())).collect();
    Ok(render::page(&ListPage { layout, lines, headers, paging, query, typologies }))
}

#[derive(Template)]
#[template(path = "logement.html")]
struct DwellingPage {
    layout: Layout,
    id: String,
    title: String,
    details: String,
    /// The form's values by column of logements.csv.
    fields: BTreeMap<String, String>,
    problems: BTreeMap<String, Vec<String>>,
    holders: Vec<(String, String)>,
    proposed: String,
    /// The proposed holder's identifier (sent back: a changed proposal is not confirmed blind).
    proposed_id: String,
    /// How the holder was proposed (flux management's deficit rule, or the stock's holder).
    proposed_why: String,
    /// Under flux management, each holder's figures: name, share, oriented so far, deficit.
    positions: Vec<PositionLine>,
    declaration_errors: Vec<String>,
    disponible_le: String,
    reservataire: String,
    motif: String,
    mis_de_cote: String,
    done: Option<&'static str>,
    /// Its open vacancy (link, « vacant à partir du … »): then it is not declared again.
    open_vacancy: Option<(String, String)>,
}

impl DwellingPage {
    pub fn v(&self, field: &str) -> &str {
        self.fields.get(field).map_or("", String::as_str)
    }

    pub fn p(&self, field: &str) -> &[String] {
        self.problems.get(field).map_or(&[], Vec::as_slice)
    }
}

/// One holder's figures when a dwelling frees up (flux management).
pub struct PositionLine {
    pub name: String,
    pub part: String,
    pub oriented: u64,
    pub deficit: String,
}

/// What the vacancy form says of the holder proposed for `d` freed today.
async fn proposal_of(
    state: &AppState,
    d: &Logement,
) -> Result<(String, String, String, Vec<PositionLine>), Refusal> {
    let today = state.clock.today();
    let found = orientation(&*state.store, d, today).await?;
    let name = |id: &logis_domain::OrganismeId| state.organismes.name(id.as_str());
    let proposed = name(&found.holder);
    let proposed_id = found.holder.as_str().to_owned();
    let Some(proposal) = found.proposal else {
        let why = match &d.reservataire {
            Some(_) => {
                "le réservataire du logement (gestion en stock : le bailleur n'a pas de convention de gestion en flux pour cette année)"
            }
            None => {
                "le bailleur lui-même (ni convention de gestion en flux pour cette année, ni réservataire du logement)"
            }
        };
        return Ok((proposed, proposed_id, why.to_owned(), Vec::new()));
    };
    let lines = proposal
        .positions
        .iter()
        .map(|p| PositionLine {
            name: name(&p.holder),
            part: format!("{} %", p.part),
            oriented: p.oriented,
            deficit: logis_domain::french::decimal(p.deficit_millionths as f64 / 1_000_000.0, 2),
        })
        .collect();
    let why = format!(
        "gestion en flux {} : le réservataire le plus en retard sur sa part des logements orientés cette année (retard = part × (logements orientés + 1) / 100 − logements orientés vers lui)",
        found.year
    );
    Ok((proposed, proposed_id, why, lines))
}

/// The columns of logements.csv the form edits (identifier, landlord and commune stay).
pub const EDITED: [&str; 11] = [
    "adresse",
    "qpv",
    "typologie",
    "surface",
    "loyer",
    "charges",
    "financement",
    "etage",
    "ascenseur",
    "pmr",
    "reservataire",
];

const DONE: &[(&str, &str)] = &[("modification", "Le logement est mis à jour.")];

/// The reservation holders a dwelling may be oriented to: every organisme that is not a
/// landlord, and the landlord itself for its own share.
async fn holders(
    state: &AppState,
    store: &dyn Store,
    landlord: &str,
) -> Result<Vec<(String, String)>, Refusal> {
    let own = format!("{} (part propre du bailleur)", state.organismes.name(landlord));
    let mut all = vec![(landlord.to_owned(), own)];
    export_all::<Organisme>(store, &mut |o| {
        if o.kind != OrganismeType::Bailleur {
            all.push((o.organisme_id.as_str().to_owned(), o.nom.clone()));
        }
        Ok(())
    })
    .await?;
    Ok(all)
}

/// Dwelling `id` if `principal` manages its landlord's.
pub async fn managed_dwelling(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> Result<Logement, Refusal> {
    let d = dwelling(&*state.store, id).await.map_err(step_refusal)?;
    crate::steps::allowed(principal.perimeter().manages(d.bailleur.as_str()))?;
    Ok(d)
}

async fn page(
    state: &AppState,
    principal: &Principal,
    d: &Logement,
) -> Result<DwellingPage, Refusal> {
    let commune = state.communes.name(d.commune.as_str());
    let columns = FileKind::Logements.columns();
    let fields = columns.iter().map(|c| c.name.to_owned()).zip(d.cells()).collect();
    let (proposed, proposed_id, proposed_why, positions) = proposal_of(state, d).await?;
    let open = VacancyFilter {
        logement_id: Some(d.logement_id.as_str()),
        statut: Some(VacancyStatus::Open),
        ..VacancyFilter::default()
    };
    let open_vacancy = vacancies::list(&*state.store, &open).await?.into_iter().next().map(|v| {
        (
            format!("/vacances/{}", v.ligne.get()),
            format!("vacant à partir du {}", crate::format::date(v.disponible_le)),
        )
    });
    Ok(DwellingPage {
        open_vacancy,
        layout: Layout::new(
            state,
            principal,
            format!("Logement {}", d.logement_id.as_str()),
            "/logements",
        ),
        id: d.logement_id.as_str().to_owned(),
        title: dwelling_title(d, &commune),
        details: dwelling_details(d),
        fields,
        problems: BTreeMap::new(),
        holders: holders(state, &*state.store, d.bailleur.as_str()).await?,
        proposed,
        proposed_id,
        proposed_why,
        positions,
        declaration_errors: Vec::new(),
        disponible_le: state.clock.today().to_string(),
        reservataire: String::new(),
        motif: String::new(),
        mis_de_cote: String::new(),
        done: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let d = managed_dwelling(&state, &principal, &id).await?;
    let view = page(&state, &principal, &d).await?;
    Ok(render::page(&DwellingPage { done: done.said(DONE), ..view }))
}

pub async fn update(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Form(typed): Form<BTreeMap<String, String>>,
) -> Result<Response, Refusal> {
    let d = managed_dwelling(&state, &principal, &id).await?;
    let columns = FileKind::Logements.columns();
    let cells: Vec<String> = columns
        .iter()
        .zip(d.cells())
        .map(|(c, stored)| {
            if EDITED.contains(&c.name) {
                typed.get(c.name).cloned().unwrap_or_default()
            } else {
                stored
            }
        })
        .collect();
    let row = [cells.clone()];
    let imported = save_typed(&state, vec![file_of(FileKind::Logements, &row)], Vec::new()).await?;
    if let Err(problems) = imported {
        let view = page(&state, &principal, &d).await?;
        let fields = columns.iter().map(|c| c.name.to_owned()).zip(cells).collect();
        let view = DwellingPage { fields, problems, ..view };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
    }
    audit::by(&state, &principal, &origin, audit::Action::Modification, &format!("logement {id}"))
        .await?;
    Ok(Redirect::to(&format!("/logements/{id}?fait=modification")).into_response())
}

/// The vacancy form (also the API's JSON body).
#[derive(Debug, Default, Deserialize)]
pub struct VacancyForm {
    #[serde(default)]
    pub disponible_le: String,
    #[serde(default)]
    pub reservataire: String,
    #[serde(default)]
    pub motif_orientation: String,
    #[serde(default)]
    pub mis_de_cote: String,
    #[serde(default)]
    pub propose_vu: String,
}

impl VacancyForm {
    /// The declaration of dwelling `logement` the form makes.
    pub fn declaration(&self, logement: &str) -> Result<Declaration, StepError> {
        Ok(Declaration {
            logement_id: logement.to_owned(),
            disponible_le: typed_date(&self.disponible_le),
            reservataire: self.reservataire.clone(),
            motif_orientation: self.motif_orientation.clone(),
            mis_de_cote: set_aside_of(&self.mis_de_cote)?,
            propose_vu: self.propose_vu.chars().take(100).collect(),
        })
    }
}

pub async fn declare_vacancy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Form(form): Form<VacancyForm>,
) -> Result<Response, Refusal> {
    let d = managed_dwelling(&state, &principal, &id).await?;
    let declared = match form.declaration(&id) {
        Ok(declaration) => {
            declare(&*state.store, &declaration, &author_of(&principal, &*state.clock)).await
        }
        Err(refusal) => Err(refusal),
    };
    match declared {
        Ok(ligne) => {
            audit::by(
                &state,
                &principal,
                &origin,
                audit::Action::Creation,
                &format!("vacance {ligne} du logement {id}"),
            )
            .await?;
            Ok(Redirect::to(&format!("/vacances/{ligne}?fait=declaration")).into_response())
        }
        Err(StepError::Refused(reasons)) => {
            let view = page(&state, &principal, &d).await?;
            let view = DwellingPage {
                declaration_errors: reasons,
                disponible_le: form.disponible_le,
                reservataire: form.reservataire,
                motif: form.motif_orientation,
                mis_de_cote: form.mis_de_cote,
                ..view
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(other) => Err(step_refusal(other)),
    }
}
