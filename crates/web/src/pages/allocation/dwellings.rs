//! A landlord's dwellings: the list (its own; every landlord's for the EPCI), one dwelling's
//! page where its characteristics are corrected — given as a one-row logements.csv to
//! `crate::typed_files`, so checked by the import's rules with their French messages, then
//! written in one ordinary transaction — and where it is declared vacant (from when, to which
//! reservation holder: `logis_allocation::workflow::vacancy`).

use super::view::{dwelling_details, dwelling_title};
use super::{author_of, step_refusal, typed_date};
use crate::audit;
use crate::guard::{Origin, Principal};
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
use logis_domain::{Logement, Organisme, OrganismeType};
use logis_exchange::{FileKind, Record};
use logis_store::select::select;
use logis_store::statement::text;
use logis_store::{Store, export_all};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Dwellings per page of the list.
pub const PAGE: usize = 50;

#[derive(Template)]
#[template(path = "logements.html")]
struct ListPage {
    layout: Layout,
    lines: Vec<(String, String, String)>,
    next: Option<String>,
    commune: String,
}

/// The list's filters: a commune (code or name) and where the page starts.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub apres: String,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let scope = principal.perimeter();
    crate::steps::allowed(scope.manages_any())?;
    let mut conditions = vec!["logement_id > $1".to_owned()];
    let mut params = vec![text(query.apres.trim())];
    if let Some(landlord) = scope.landlord() {
        params.push(text(landlord));
        conditions.push(format!("bailleur = ${}", params.len()));
    }
    let typed = query.commune.trim();
    if !typed.is_empty() {
        let code = state.communes.code_of(typed).unwrap_or_else(|| typed.to_owned());
        params.push(text(code));
        conditions.push(format!("commune = ${}", params.len()));
    }
    let found: Vec<Logement> =
        select(&*state.store, &conditions.join(" AND "), &params, PAGE + 1).await?;
    let next = (found.len() > PAGE).then(|| found[PAGE - 1].logement_id.as_str().to_owned());
    let lines = found
        .iter()
        .take(PAGE)
        .map(|d| {
            let commune = state.communes.name(d.commune.as_str());
            (d.logement_id.as_str().to_owned(), dwelling_title(d, &commune), dwelling_details(d))
        })
        .collect();
    let layout = Layout::new(&state, &principal, "Logements", "/logements");
    Ok(render::page(&ListPage { layout, lines, next, commune: query.commune }))
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
    Ok(DwellingPage {
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
