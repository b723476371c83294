//! The dashboard (« tableau de bord »): the territory's key figures at a glance and the
//! allocations of each year, for every role (no personal data).

use crate::format;
use crate::guard::Principal;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
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
    personal: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Response, Refusal> {
    let today = time::OffsetDateTime::now_utc().date();
    let o = state.store.overview(today).await?;
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
    let page = DashboardPage {
        layout: Layout::new(&state, &principal, "Tableau de bord", "/"),
        reference: format::date(today),
        figures,
        chart,
        personal: principal.permissions().personal_data,
    };
    Ok(render::page(&page))
}
