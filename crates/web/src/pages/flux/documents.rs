//! The flux documents downloaded from the pages: a landlord's 28-February bilan of a year and
//! its stock → flow inventory (the landlord and the EPCI), and the bilans of every landlord in
//! one document (the EPCI) — as the JSON of flux.md, a PDF to send or sign, or an XLSX
//! workbook; organismes and communes named. The PDF is typeset off the request's thread.

use crate::flux::FluxData;
use crate::guard::Principal;
use crate::render::{Refusal, download};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use logis_flux::bilan::FluxBilan;
use logis_flux::inventory::{Inventory, inventory};
use logis_report::flux::{Names, bilan_pdf, bilan_xlsx, inventory_pdf, inventory_xlsx};
use serde::Serialize;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A document to lay out.
enum Laid {
    Bilans(Vec<FluxBilan>),
    Inventories(Vec<Inventory>),
}

/// `contract` (the JSON of flux.md) or `laid` of `year` in `format`, downloaded as
/// `stem.format`.
async fn deliver(
    state: &AppState,
    year: i32,
    contract: &impl Serialize,
    laid: Laid,
    format: &str,
    stem: &str,
) -> Result<Response, Refusal> {
    let file = format!("{stem}.{format}");
    let pdf = match format {
        "json" => {
            let text = serde_json::to_string_pretty(contract)
                .map_err(|e| Refusal::Store(e.to_string()))?;
            return Ok(download((text + "\n").into_bytes(), "application/json", &file));
        }
        "pdf" => true,
        "xlsx" => false,
        _ => return Err(Refusal::NotFound),
    };
    let organismes = state.organismes.clone();
    let communes = state.communes.clone();
    let made = tokio::task::spawn_blocking(move || {
        let organisme = |id: &str| Some(organismes.name(id));
        let commune = |code: &str| Some(communes.name(code));
        let names = Names { organismes: &organisme, communes: &commune };
        match (&laid, pdf) {
            (Laid::Bilans(b), true) => bilan_pdf(year, b, &names),
            (Laid::Bilans(b), false) => bilan_xlsx(year, b, &names),
            (Laid::Inventories(i), true) => inventory_pdf(year, i, &names),
            (Laid::Inventories(i), false) => inventory_xlsx(year, i, &names),
        }
    })
    .await
    .map_err(|e| Refusal::Store(format!("mise en page interrompue : {e}")))?
    .map_err(|e| Refusal::Store(e.to_string()))?;
    Ok(download(made, if pdf { "application/pdf" } else { XLSX }, &file))
}

/// The landlord `id`'s register of `years`, if `principal` reaches its documents (its staff,
/// the EPCI).
async fn landlord_data(
    state: &AppState,
    principal: &Principal,
    id: &str,
    years: std::ops::RangeInclusive<i32>,
) -> Result<(FluxData, logis_domain::OrganismeId), Refusal> {
    let landlord = super::landlord::reached(state, principal, id).await?;
    let data = FluxData::read(state, years, Some(&landlord)).await?;
    Ok((data, landlord))
}

/// `/flux/bailleurs/{bailleur}/bilans/{annee}/{format}`
pub async fn landlord_bilan(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((id, year, format)): Path<(String, i32, String)>,
) -> Result<Response, Refusal> {
    let year = crate::flux::checked_year(year)?;
    let (data, landlord) = landlord_data(&state, &principal, &id, year..=year).await?;
    let bilan = data.bilan(&state, &landlord, year).await?;
    let stem = format!("bilan-flux-{year}-{landlord}");
    deliver(&state, year, &bilan, Laid::Bilans(vec![bilan.clone()]), &format, &stem).await
}

/// `/flux/bailleurs/{bailleur}/inventaires/{annee}/{format}`
pub async fn landlord_inventory(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((id, year, format)): Path<(String, i32, String)>,
) -> Result<Response, Refusal> {
    let year = crate::flux::checked_year(year)?;
    let (data, landlord) = landlord_data(&state, &principal, &id, year - 3..=year - 1).await?;
    let inv = inventory(year, &landlord, &data.register);
    let stem = format!("inventaire-flux-{year}-{landlord}");
    deliver(&state, year, &inv, Laid::Inventories(vec![inv.clone()]), &format, &stem).await
}

/// `/flux/bilans/{annee}/{format}`: every landlord's bilan (the EPCI).
pub async fn all_bilans(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((year, format)): Path<(i32, String)>,
) -> Result<Response, Refusal> {
    crate::steps::allowed(principal.perimeter() == logis_access::Perimeter::All)?;
    let year = crate::flux::checked_year(year)?;
    let data = FluxData::read(&state, year..=year, None).await?;
    let all = data.all_bilans(&state, year).await?;
    let stem = format!("bilans-flux-{year}");
    deliver(&state, year, &all, Laid::Bilans(all.bailleurs.clone()), &format, &stem).await
}
