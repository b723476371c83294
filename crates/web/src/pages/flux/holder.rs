//! A reservation holder's flux page: in the year, what each landlord owes it (its entitlement
//! on the landlord's net flow) and what it received, in one sentence, a table and a chart; the
//! dwellings oriented to it, with where each stands; and its conventions, year by year (read
//! only: the landlords and the EPCI write them).

use super::YearQuery;
use super::view::{HolderRow, received_chart, signed};
use crate::flux::year_asked;
use crate::guard::Principal;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use logis_domain::french::{date as french_date, decimal};
use logis_store::allocation::vacancies::{self, VacancyFilter};

/// One landlord's line for the holder.
pub struct LandlordLine {
    pub landlord: String,
    pub row: HolderRow,
}

/// One dwelling oriented to the holder.
pub struct OrientedLine {
    pub ligne: i64,
    pub landlord: String,
    pub logement: String,
    pub disponible_le: String,
    pub statut: String,
    pub returned: bool,
}

/// One convention of the holder.
pub struct HolderConvention {
    pub landlord: String,
    pub part: String,
    pub perimeter: String,
}

#[derive(Template)]
#[template(path = "flux_reservataire.html")]
struct HolderPage {
    layout: Layout,
    name: String,
    year: i32,
    droit: String,
    recus: u64,
    ecart: String,
    /// What the landlords still owe it, when they do.
    remaining: Option<String>,
    lines: Vec<LandlordLine>,
    chart: String,
    oriented: Vec<OrientedLine>,
    conventions: Vec<HolderConvention>,
}

/// What the landlords owe `holder` in the year of `all` (its entitlement on each one's net
/// flow, summed) and how many dwellings it received.
pub fn owed_and_received(all: &logis_flux::bilan::Bilans, holder: &str) -> (f64, u64) {
    all.bailleurs
        .iter()
        .flat_map(|b| b.reservataires.iter().filter(|l| l.reservataire == holder))
        .fold((0.0, 0), |(droit, recus), l| (droit + l.droit, recus + l.recus))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let holder = principal.perimeter().holder().map(str::to_owned).ok_or(Refusal::Forbidden)?;
    let year = year_asked(query.annee, state.clock.today().year());
    let all = state.flux.bilans(&state, year).await?;
    let name = |id: &str| state.organismes.name(id);
    let mut lines = Vec::new();
    let (droit, recus) = owed_and_received(&all, &holder);
    for bilan in &all.bailleurs {
        let landlord = &bilan.bailleur;
        if let Some(line) = bilan.reservataires.iter().find(|l| l.reservataire == holder) {
            lines.push(LandlordLine {
                landlord: name(landlord.as_str()),
                row: HolderRow::of(line, name(&holder)),
            });
        }
    }
    let chart_lines: Vec<(String, u64, f64)> =
        lines.iter().map(|l| (l.landlord.clone(), l.row.recus, l.row.droit_value)).collect();
    let chart = received_chart(&chart_lines, &format!("Logements reçus et droits en {year}"));
    let filter = VacancyFilter {
        reservataire: Some(&holder),
        annee: Some(year),
        ..VacancyFilter::default()
    };
    let store = &*state.store;
    let mut oriented = Vec::new();
    for v in vacancies::list(store, &filter).await? {
        oriented.push(OrientedLine {
            ligne: v.ligne.get(),
            landlord: name(v.bailleur.as_str()),
            logement: v.logement_id.as_str().to_owned(),
            disponible_le: french_date(v.disponible_le),
            statut: super::super::allocation::vacancies::status_label(v.statut).to_owned(),
            returned: v.remise_le.is_some(),
        });
    }
    let agreed = logis_store::select::select::<logis_domain::Convention>(
        store,
        "reservataire = $1 AND annee = $2",
        &[logis_store::statement::text(&holder), logis_store::statement::int(i64::from(year))],
        crate::flux::MOST_CONVENTIONS,
    )
    .await?;
    let mut conventions: Vec<HolderConvention> = agreed
        .iter()
        .map(|c| HolderConvention {
            landlord: name(c.bailleur.as_str()),
            part: format!("{} %", c.part),
            perimeter: c.commune.as_ref().map_or_else(
                || "tous ses logements".to_owned(),
                |code| format!("commune de {}", state.communes.name(code.as_str())),
            ),
        })
        .collect();
    conventions.sort_by(|a, b| a.landlord.cmp(&b.landlord));
    let holder_name = name(&holder);
    let ecart = recus as f64 - droit;
    Ok(render::page(&HolderPage {
        layout: Layout::new(
            &state,
            &principal,
            format!("Gestion en flux — {holder_name}"),
            "/flux",
        ),
        name: holder_name,
        year,
        droit: decimal(droit, 1),
        recus,
        ecart: signed(ecart),
        remaining: (ecart < 0.0).then(|| decimal(-ecart, 1)),
        lines,
        chart,
        oriented,
        conventions,
    }))
}
