//! The dashboard (« tableau de bord »), for every role (no personal data): the territory's key
//! figures at a glance, the allocations of each year, the evaluation of the objectives of the
//! latest year with allocations, the current year's objectives so far
//! ([`super::live_objectives`]), and, for the EPCI, the year's income ceilings the settings
//! lack; from 1 February, the reminder of the flux bilan of the year before to each landlord
//! that has not sent it (and to the EPCI, how many have not).

use crate::format;
use crate::guard::Principal;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use logis_report::Document;
use logis_report::bilan::{ReportInputs, objectives_section};
use logis_report::chart;

/// The accent colour of the pages (the style sheet's `--accent`).
const ACCENT: &str = "#1f5c99";

/// A key figure.
pub struct Figure {
    pub value: String,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "tableau.html")]
struct DashboardPage {
    layout: Layout,
    reference: String,
    figures: Vec<Figure>,
    /// The allocations of each year, as an SVG chart (empty without allocations).
    chart: String,
    /// The year of the objectives, and their section of the bilan (empty without allocations).
    year: Option<i32>,
    objectives: String,
    /// The current year's objectives so far, by landlord, holder and commune.
    live: Option<super::live_objectives::Live>,
    /// Said instead of the objectives while they are being recounted after an import.
    recounting: Option<&'static str>,
    personal: bool,
    /// For the EPCI: the current year's income ceilings the settings lack, from 1 January.
    missing_ceilings: Vec<String>,
    /// From 1 February: the reminder of the flux bilan of the year before, and where to send it.
    flux_reminder: Option<(String, String)>,
}

/// Whether, on `today`, the dashboard reminds the landlords of their flux bilan of
/// `bilan_year`: from 1 February of the year after, until the end of that year.
pub fn flux_reminder_applies(today: logis_domain::Date, bilan_year: i32) -> bool {
    today.year() == bilan_year + 1 && u8::from(today.month()) >= 2
}

/// The reminder of the flux bilan of the year before for `principal`: a landlord that has not
/// sent it, or the EPCI while some landlord has not; the sentence and the page's link.
async fn flux_reminder(
    state: &AppState,
    principal: &Principal,
    today: logis_domain::Date,
) -> Result<Option<(String, String)>, Refusal> {
    let year = today.year() - 1;
    if !flux_reminder_applies(today, year) || !principal.permissions().allocate {
        return Ok(None);
    }
    let store = &*state.store;
    let sent: Vec<String> = logis_store::flux::sent(store, year)
        .await?
        .into_iter()
        .map(|s| s.bailleur.as_str().to_owned())
        .collect();
    let deadline = format!("avant le 28 février {}", year + 1);
    Ok(match principal.perimeter() {
        logis_access::Perimeter::Landlord(own) if !sent.contains(&own) => Some((
            format!(
                "Votre bilan {year} de gestion en flux n'est pas encore envoyé : il est attendu par les réservataires et l'EPCI {deadline}."
            ),
            format!("/flux/bailleurs/{}?annee={year}", format::url_encoded(&own)),
        )),
        logis_access::Perimeter::All => {
            let landlords = logis_transfer::flux::landlords(store).await?;
            let missing =
                landlords.iter().filter(|l| !sent.iter().any(|s| s == l.as_str())).count();
            (missing > 0).then(|| {
                (
                    format!("{missing} bailleur(s) n'ont pas encore envoyé leur bilan {year} de gestion en flux, attendu {deadline}."),
                    format!("/flux?annee={}", year + 1),
                )
            })
        }
        _ => None,
    })
}

/// The income ceilings of `year` the settings lack for the territory's zones, in French (what
/// to do is said by the page).
async fn missing_ceilings(state: &AppState, year: i32) -> Result<Vec<String>, Refusal> {
    use logis_domain::Financement;
    use logis_eligibility::Zone;
    let tables = logis_allocation::examination::stored_ceilings(&*state.store).await?;
    let mut zones: Vec<Zone> =
        state.communes.territory.iter().map(|code| Zone::of_commune(code)).collect();
    zones.sort_by_key(|z| z.code());
    zones.dedup();
    let mut missing = Vec::new();
    for zone in zones {
        for financement in [Financement::Plai, Financement::Plus] {
            if tables.missing(year, zone, financement).is_some() {
                missing.push(format!("{} {year} ({})", financement.code(), zone.label()));
            }
        }
    }
    Ok(missing)
}

/// The objectives' section of the bilan of the latest year with allocations (with the year
/// before, for the comparison), as HTML.
async fn objectives_of(
    state: &AppState,
    o: &logis_store::Overview,
    secrecy: Option<u32>,
) -> Result<(Option<i32>, String), Refusal> {
    let years: Vec<i32> = o.attributions_par_annee.iter().map(|(y, _)| *y).collect();
    let today = state.clock.today();
    let Some(year) = crate::bilans::default_year(&years, today) else {
        return Ok((None, String::new()));
    };
    let years: Vec<i32> = years.into_iter().filter(|y| (year - 1..=year).contains(y)).collect();
    let history = state.bilans.readable(&*state.store, &years, secrecy).await?;
    let communes = |code: &str| Some(state.communes.name(code));
    let inputs = ReportInputs {
        bilan: history.last().expect("the latest year is computed"),
        history: &history,
        priorities: None,
        communes: &communes,
        made_on: state.clock.today(),
    };
    let doc = Document {
        title: String::new(),
        subtitle: String::new(),
        running_head: String::new(),
        footer: String::new(),
        sections: vec![objectives_section(&inputs)],
    };
    Ok((Some(year), logis_report::sections_html(&doc)))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Response, Refusal> {
    let today = state.clock.today();
    let o = state.overview.get(&*state.store, state.clock.today()).await?;
    let figures = vec![
        Figure { value: format::int(o.demandes_actives), label: "demandes actives aujourd'hui" },
        Figure { value: format::int(o.demandes_total), label: "demandes enregistrées en tout" },
        Figure { value: format::int(o.logements), label: "logements sociaux" },
        Figure { value: format::int(o.bailleurs), label: "bailleurs" },
    ];
    let bars: Vec<chart::Bar> = o
        .attributions_par_annee
        .iter()
        .map(|(year, n)| chart::Bar {
            label: year.to_string(),
            value: Some(*n as f64),
            text: format::int(*n),
            mark: None,
            colour: ACCENT,
        })
        .collect();
    let description = o
        .attributions_par_annee
        .iter()
        .map(|(year, n)| format!("{year} : {}", format::int(*n)))
        .collect::<Vec<_>>()
        .join(" ; ");
    let chart = if bars.is_empty() {
        String::new()
    } else {
        chart::bars(
            &bars,
            "baux signés",
            "",
            None,
            &format!("Attributions par année — {description}"),
        )
    };
    let secrecy = state.secrecy_for(&principal);
    // Right after an import, the objectives wait for the bilan's data: the page says so
    // instead of failing.
    let recounted = |e: &Refusal| matches!(e, Refusal::Recounting);
    let (year, objectives) = match objectives_of(&state, &o, secrecy).await {
        Err(e) if recounted(&e) => (None, String::new()),
        other => other?,
    };
    let live = match super::live_objectives::live(&state, secrecy).await {
        Err(e) if recounted(&e) => None,
        other => Some(other?),
    };
    let recounting = (live.is_none() || (year.is_none() && !o.attributions_par_annee.is_empty()))
        .then_some(render::RECOUNTING);
    let page = DashboardPage {
        layout: Layout::new(&state, &principal, "Tableau de bord", "/"),
        reference: format::date(today),
        figures,
        chart,
        year,
        objectives,
        live,
        recounting,
        personal: principal.permissions().personal_data,
        missing_ceilings: if principal.permissions().administer {
            missing_ceilings(&state, today.year()).await?
        } else {
            Vec::new()
        },
        flux_reminder: flux_reminder(&state, &principal, today).await?,
    };
    Ok(render::page(&page))
}
