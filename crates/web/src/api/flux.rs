//! Reservation rights as a yearly flow through the API, under the pages' rules: a landlord's
//! conventions read (its staff, the EPCI, and each holder its own) and amended a year at a
//! time, the holder Logis would propose for a dwelling freed on a day with the figures behind
//! it, the 28-February bilan and the stock → flow inventory in the JSON of flux.md, the bilan's
//! forecast and its sending, and a vacancy returned to its landlord after the delay.

use super::allocation::problem;
use super::openapi;
use super::writes::body;
use crate::audit;
use crate::flux::{FluxData, landlord as known_landlord};
use crate::guard::{Origin, Principal};
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use crate::steps::{author_of, typed_date};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use logis_access::Perimeter;
use logis_allocation::flux::conventions::{Amendment, TypedRow, amend};
use logis_allocation::flux::orientation::orientation;
use logis_allocation::flux::sending;
use logis_allocation::workflow::vacancy::{dwelling, return_to_landlord};
use logis_domain::allocation::VacancyId;
use logis_domain::{Convention, OrganismeId};
use logis_flux::set_aside::SetAsideCounts;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One convention, as the API reads and writes it.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = Convention)]
pub struct ConventionView {
    /// Identifiant du réservataire (jamais le bailleur lui-même)
    #[serde(default)]
    pub reservataire: String,
    /// Part du flux net en pourcentage, 0 < part ≤ 100 (« 25 », « 12,5 » ou « 12.5 »)
    #[serde(default)]
    #[schema(value_type = String)]
    pub part: String,
    /// Code INSEE de la commune ; vide : tous les logements du bailleur
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    #[schema(format = Date)]
    pub date_signature: String,
}

impl From<&Convention> for ConventionView {
    fn from(c: &Convention) -> Self {
        ConventionView {
            reservataire: c.reservataire.as_str().to_owned(),
            part: c.part.decimal(),
            commune: c.commune.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            date_signature: c.date_signature.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// A landlord's conventions of a year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ConventionsAnnee)]
pub struct YearConventions {
    pub bailleur: String,
    pub annee: i32,
    pub conventions: Vec<ConventionView>,
}

/// The query of the conventions' list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConventionsQuery {
    /// Une seule année (toutes par défaut)
    pub annee: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/flux/conventions/{bailleur}",
    operation_id = "conventions",
    tag = "Gestion en flux",
    summary = "Les conventions de gestion en flux d'un bailleur, par année (son personnel, l'EPCI ; un réservataire ne lit que les siennes)",
    params(("bailleur" = String, Path, description = "Identifiant du bailleur"), ConventionsQuery),
    responses(
        (status = 200, description = "Les conventions, par année", body = Vec<YearConventions>),
        openapi::ReadRefusals,
    ),
)]
pub async fn conventions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    Query(query): Query<ConventionsQuery>,
) -> Result<Json<Vec<YearConventions>>, Problem> {
    let perimeter = principal.perimeter();
    let holder = perimeter.holder().map(str::to_owned);
    crate::steps::allowed(perimeter.manages(&id) || holder.is_some())?;
    let landlord = known_landlord(&state, &id).await?;
    let mut years: Vec<YearConventions> = Vec::new();
    for c in logis_store::flux::conventions_of(&*state.store, &landlord).await? {
        let wanted = query.annee.is_none_or(|y| y == c.annee)
            && holder.as_deref().is_none_or(|h| h == c.reservataire.as_str());
        if !wanted {
            continue;
        }
        match years.iter_mut().find(|y| y.annee == c.annee) {
            Some(year) => year.conventions.push(ConventionView::from(&c)),
            None => years.push(YearConventions {
                bailleur: landlord.as_str().to_owned(),
                annee: c.annee,
                conventions: vec![ConventionView::from(&c)],
            }),
        }
    }
    years.sort_by_key(|y| y.annee);
    Ok(Json(years))
}

/// The conventions of a year as they must now stand.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = ConventionsModifiees)]
pub struct AmendmentBody {
    /// Toutes les conventions de l'année (une liste vide les retire toutes)
    #[serde(default)]
    #[schema(required)]
    pub conventions: Vec<ConventionView>,
}

#[utoipa::path(
    put,
    path = "/api/flux/conventions/{bailleur}/{annee}",
    operation_id = "modifier_conventions",
    tag = "Gestion en flux",
    summary = "Remplacer les conventions d'un bailleur pour une année (son personnel, l'EPCI), vérifiées comme à l'import : parts, 100 % par périmètre, 30 % pour l'État",
    params(
        ("bailleur" = String, Path, description = "Identifiant du bailleur"),
        ("annee" = i32, Path, description = "Année des conventions"),
    ),
    request_body = AmendmentBody,
    responses(
        (status = 200, description = "Les conventions de l'année, enregistrées", body = YearConventions),
        openapi::WriteRefusals,
    ),
)]
pub async fn amend_conventions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((id, year)): Path<(String, i32)>,
    sent: Result<Json<AmendmentBody>, JsonRejection>,
) -> Result<Json<YearConventions>, Problem> {
    let sent = body(sent)?;
    crate::steps::allowed(principal.perimeter().manages(&id))?;
    let landlord = known_landlord(&state, &id).await?;
    let mut rows = Vec::new();
    for (i, c) in sent.conventions.iter().enumerate() {
        let date_signature = match c.date_signature.trim() {
            "" => None,
            typed => Some(typed_date(typed).ok_or_else(|| {
                Refusal::Invalid(format!("ligne {} : date de signature illisible", i + 1))
            })?),
        };
        rows.push(TypedRow {
            reservataire: c.reservataire.chars().take(100).collect(),
            part: c.part.chars().take(20).collect(),
            commune: c.commune.chars().take(10).collect(),
            date_signature,
        });
    }
    let amendment = Amendment { bailleur: landlord.clone(), annee: year, rows };
    let author = author_of(&principal, &*state.clock);
    let written = amend(&*state.store, &amendment, &author).await.map_err(problem)?;
    state.flux.forget();
    let what = format!("API : gestion en flux, conventions {year} de {landlord}");
    audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
    Ok(Json(YearConventions {
        bailleur: landlord.as_str().to_owned(),
        annee: year,
        conventions: written.iter().map(ConventionView::from).collect(),
    }))
}

/// One holder's position when the dwelling frees up.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PositionReservataire)]
pub struct PositionView {
    pub reservataire: String,
    /// Sa part des logements de la commune, en pourcentage
    pub part: f64,
    /// Logements orientés vers lui depuis le début de l'année
    pub orientes: u64,
    /// part × (logements orientés + 1) / 100 − logements orientés vers lui
    pub deficit: f64,
}

/// The holder proposed for a dwelling.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Orientation)]
pub struct OrientationView {
    pub logement_id: String,
    pub annee: i32,
    /// Le réservataire proposé
    pub reservataire: String,
    /// « flux » (règle du déficit) ou « stock » (réservataire du logement, ou le bailleur)
    pub gestion: String,
    /// En gestion en flux : chaque réservataire, le proposé d'abord
    pub positions: Vec<PositionView>,
}

/// The day the dwelling frees up.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrientationQuery {
    /// Jour où le logement se libère (aujourd'hui par défaut)
    #[param(format = Date)]
    pub date: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/logements/{logement}/orientation",
    operation_id = "orientation",
    tag = "Gestion en flux",
    summary = "Le réservataire que Logis proposerait pour ce logement libéré tel jour, avec les chiffres de la règle du déficit (bailleur du logement, EPCI)",
    params(("logement" = String, Path, description = "Identifiant du logement"), OrientationQuery),
    responses(
        (status = 200, description = "La proposition", body = OrientationView),
        openapi::ReadRefusals,
    ),
)]
pub async fn proposal(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(logement): Path<String>,
    Query(query): Query<OrientationQuery>,
) -> Result<Json<OrientationView>, Problem> {
    let d = dwelling(&*state.store, &logement).await.map_err(problem)?;
    crate::steps::allowed(principal.perimeter().manages(d.bailleur.as_str()))?;
    let day = match query.date.as_deref() {
        None => state.clock.today(),
        Some(typed) => typed_date(typed)
            .ok_or_else(|| Refusal::Invalid("date : AAAA-MM-JJ ou JJ/MM/AAAA".to_owned()))?,
    };
    if !logis_allocation::flux::conventions::YEARS.contains(&day.year()) {
        return Err(Refusal::Invalid("date : hors des années suivies".to_owned()).into());
    }
    let found = orientation(&*state.store, &d, day).await?;
    let positions = found.proposal.as_ref().map_or_else(Vec::new, |p| {
        p.positions
            .iter()
            .map(|p| PositionView {
                reservataire: p.holder.as_str().to_owned(),
                part: p.part.percent(),
                orientes: p.oriented,
                deficit: p.deficit_millionths as f64 / 1_000_000.0,
            })
            .collect()
    });
    Ok(Json(OrientationView {
        logement_id: d.logement_id.as_str().to_owned(),
        annee: found.year,
        reservataire: found.holder.as_str().to_owned(),
        gestion: if found.proposal.is_some() { "flux" } else { "stock" }.to_owned(),
        positions,
    }))
}

/// Which landlord's document (all, for the EPCI, when none).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Identifiant du bailleur ; sans lui (EPCI seulement) : tous les bailleurs
    pub bailleur: Option<String>,
}

/// The landlord asked, if `principal` reaches its documents; none when the EPCI asks for all.
async fn asked_landlord(
    state: &AppState,
    principal: &Principal,
    asked: Option<&str>,
) -> Result<Option<OrganismeId>, Refusal> {
    let perimeter = principal.perimeter();
    match asked {
        Some(id) => {
            crate::steps::allowed(perimeter.manages(id))?;
            Ok(Some(known_landlord(state, id).await?))
        }
        None => match perimeter {
            Perimeter::All => Ok(None),
            Perimeter::Landlord(own) => Ok(Some(known_landlord(state, &own).await?)),
            _ => Err(Refusal::Forbidden),
        },
    }
}

/// `document` as flux.md writes it, its keys in the contract's order.
fn contract(document: &impl Serialize) -> Result<Response, Problem> {
    let text = serde_json::to_string(document).map_err(|e| Refusal::Store(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}

#[utoipa::path(
    get,
    path = "/api/flux/bilans/{annee}",
    operation_id = "bilan_flux",
    tag = "Gestion en flux",
    summary = "Le bilan du 28 février d'un bailleur (ou de tous, pour l'EPCI), dans le JSON de flux.md, avec la prévision préparée",
    params(("annee" = i32, Path, description = "Année du bilan"), DocumentQuery),
    responses(
        (status = 200, description = "Le bilan (flux.md)", body = serde_json::Value),
        openapi::ReadRefusals,
    ),
)]
pub async fn bilan(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(year): Path<i32>,
    Query(query): Query<DocumentQuery>,
) -> Result<Response, Problem> {
    let year = crate::flux::checked_year(year)?;
    let landlord = asked_landlord(&state, &principal, query.bailleur.as_deref()).await?;
    let data = FluxData::read(&state, year..=year, landlord.as_ref()).await?;
    match landlord {
        Some(landlord) => contract(&data.bilan(&state, &landlord, year).await?),
        None => contract(&data.all_bilans(&state, year).await?),
    }
}

#[utoipa::path(
    get,
    path = "/api/flux/inventaires/{annee}",
    operation_id = "inventaire_flux",
    tag = "Gestion en flux",
    summary = "L'inventaire stock → flux d'un bailleur (ou de tous, pour l'EPCI) sur les trois années avant, dans le JSON de flux.md",
    params(("annee" = i32, Path, description = "Année des conventions à préparer"), DocumentQuery),
    responses(
        (status = 200, description = "L'inventaire (flux.md)", body = serde_json::Value),
        openapi::ReadRefusals,
    ),
)]
pub async fn inventory(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(year): Path<i32>,
    Query(query): Query<DocumentQuery>,
) -> Result<Response, Problem> {
    let year = crate::flux::checked_year(year)?;
    let years = year - 3..=year - 1;
    match asked_landlord(&state, &principal, query.bailleur.as_deref()).await? {
        Some(landlord) => {
            let data = FluxData::read(&state, years, Some(&landlord)).await?;
            contract(&logis_flux::inventory::inventory(year, &landlord, &data.register))
        }
        None => {
            // Each landlord's stock is read with its own lettings.
            let mut bailleurs = Vec::new();
            for landlord in logis_transfer::flux::landlords(&*state.store).await? {
                let own = FluxData::read(&state, years.clone(), Some(&landlord)).await?;
                bailleurs.push(logis_flux::inventory::inventory(year, &landlord, &own.register));
            }
            contract(&logis_flux::inventory::Inventories { annee: year, bailleurs })
        }
    }
}

/// The forecast of set-aside lettings for the year after.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = PrevisionMisDeCote)]
pub struct ForecastBody {
    #[serde(default)]
    #[schema(required)]
    pub relogement_anru: u64,
    #[serde(default)]
    #[schema(required)]
    pub mutation_interne: u64,
}

/// Where a bilan stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = EnvoiBilan)]
pub struct SendingView {
    pub bailleur: String,
    pub annee: i32,
    pub prevision_mis_de_cote: PrevisionView,
    /// Moment de l'envoi (secondes depuis 1970), absent tant qu'il n'est pas envoyé
    pub envoye_le: Option<i64>,
}

/// The forecast as written in a bilan.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Prevision)]
pub struct PrevisionView {
    pub relogement_anru: i64,
    pub mutation_interne: i64,
}

impl From<&logis_store::flux::BilanSending> for SendingView {
    fn from(s: &logis_store::flux::BilanSending) -> Self {
        SendingView {
            bailleur: s.bailleur.as_str().to_owned(),
            annee: i32::try_from(s.annee).unwrap_or_default(),
            prevision_mis_de_cote: PrevisionView {
                relogement_anru: s.prevision_relogement_anru,
                mutation_interne: s.prevision_mutation_interne,
            },
            envoye_le: s.envoye_le,
        }
    }
}

#[utoipa::path(
    put,
    path = "/api/flux/bilans/{annee}/{bailleur}/prevision",
    operation_id = "prevision_bilan_flux",
    tag = "Gestion en flux",
    summary = "Enregistrer la prévision des logements mis de côté l'année suivante, avant l'envoi du bilan (bailleur, EPCI)",
    params(
        ("annee" = i32, Path, description = "Année du bilan"),
        ("bailleur" = String, Path, description = "Identifiant du bailleur"),
    ),
    request_body = ForecastBody,
    responses(
        (status = 200, description = "Le bilan préparé", body = SendingView),
        openapi::WriteRefusals,
    ),
)]
pub async fn forecast(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((year, id)): Path<(i32, String)>,
    sent: Result<Json<ForecastBody>, JsonRejection>,
) -> Result<Json<SendingView>, Problem> {
    let sent = body(sent)?;
    crate::steps::allowed(principal.perimeter().manages(&id))?;
    let landlord = known_landlord(&state, &id).await?;
    let counts = SetAsideCounts {
        relogement_anru: sent.relogement_anru,
        mutation_interne: sent.mutation_interne,
    };
    let author = author_of(&principal, &*state.clock);
    let prepared = sending::edit_forecast(&*state.store, &landlord, year, counts, &author)
        .await
        .map_err(problem)?;
    let what = format!("API : gestion en flux, prévision du bilan {year} de {landlord}");
    audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
    Ok(Json(SendingView::from(&prepared)))
}

#[utoipa::path(
    post,
    path = "/api/flux/bilans/{annee}/{bailleur}/envoi",
    operation_id = "envoi_bilan_flux",
    tag = "Gestion en flux",
    summary = "Marquer le bilan comme envoyé aux réservataires et à l'EPCI, une fois l'année terminée (bailleur, EPCI)",
    params(
        ("annee" = i32, Path, description = "Année du bilan"),
        ("bailleur" = String, Path, description = "Identifiant du bailleur"),
    ),
    responses(
        (status = 200, description = "Le bilan envoyé", body = SendingView),
        openapi::WriteRefusals,
    ),
)]
pub async fn send(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((year, id)): Path<(i32, String)>,
) -> Result<Json<SendingView>, Problem> {
    crate::steps::allowed(principal.perimeter().manages(&id))?;
    let landlord = known_landlord(&state, &id).await?;
    let year = crate::flux::checked_year(year)?;
    let counts = crate::flux::set_aside_in(&state, &landlord, year).await?;
    let author = author_of(&principal, &*state.clock);
    let sent =
        sending::send(&*state.store, &landlord, year, counts, &author).await.map_err(problem)?;
    let what = format!("API : gestion en flux, bilan {year} de {landlord} envoyé");
    audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
    Ok(Json(SendingView::from(&sent)))
}

#[utoipa::path(
    post,
    path = "/api/vacances/{vacance}/remise",
    operation_id = "remise_au_bailleur",
    tag = "Gestion en flux",
    summary = "Reprendre pour cette location un logement dont le réservataire n'a présenté aucun candidat dans le délai (bailleur, EPCI)",
    params(("vacance" = i64, Path, description = "Numéro de la vacance")),
    responses(
        (status = 200, description = "La vacance, remise au bailleur", body = super::allocation_model::VacancyView),
        openapi::WriteRefusals,
    ),
)]
pub async fn give_back(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
) -> Result<Json<super::allocation_model::VacancyView>, Problem> {
    let (settings, _) = logis_evaluation::stored_settings(&*state.store).await?;
    let author = author_of(&principal, &*state.clock);
    return_to_landlord(&*state.store, ligne, settings.flux_return_months, &author)
        .await
        .map_err(problem)?;
    let what = format!("API : vacance {ligne} : remise au bailleur");
    audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
    let vacancy = logis_store::allocation::vacancies::one(&*state.store, ligne)
        .await?
        .ok_or(Refusal::NotFound)?;
    Ok(Json(super::allocation_model::VacancyView::from(&vacancy)))
}
