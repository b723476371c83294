//! A new cotation grid previewed before it is saved, in the meeting that votes it: its criteria
//! as a table (wording, points in words, how it is proven, exclusive group, the condition as
//! written), then what adopting it would do to today's active applications compared with the
//! grid in force — how many change rank, by how much (a chart), which groups of households gain
//! or lose places, the largest moves (households described, never named) — and the button that
//! saves it. Nothing is written by the preview.

use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use logis_cotation::compare::{Comparison, compare};
use logis_cotation::explain::{Entry, explain};
use logis_cotation::grid::{Criterion, Grid, in_force};
use logis_cotation::stored::Snapshot;
use logis_report::chart;

/// One criterion's row of the table.
pub struct CriterionRow {
    pub libelle: String,
    pub points: String,
    pub justification: &'static str,
    pub groupe: String,
    pub condition: String,
}

/// One group of households and what the new grid does to it.
pub struct GroupRow {
    pub groupe: String,
    pub demandes: String,
    pub places: String,
    pub gagnent: String,
    pub perdent: String,
}

/// One of the largest moves.
pub struct MoveRow {
    pub menage: String,
    pub scores: String,
    pub rangs: String,
    pub places: String,
}

#[derive(Template)]
#[template(path = "grille_apercu.html")]
struct PreviewPage {
    layout: Layout,
    texte: String,
    nom: String,
    en_vigueur: String,
    criteria: Vec<CriterionRow>,
    transfer: Vec<CriterionRow>,
    current: Option<String>,
    summary: Option<String>,
    headline: Vec<String>,
    chart: String,
    groups: Vec<GroupRow>,
    moves: Vec<MoveRow>,
}

#[derive(serde::Deserialize)]
pub struct GridForm {
    #[serde(default)]
    texte: String,
}

/// The rows of a part of the grid, each criterion with its group's name and its condition as
/// the grid writes it.
fn rows(entries: &[Entry], part: &[Criterion]) -> Vec<CriterionRow> {
    let mut rows = Vec::new();
    for entry in entries {
        for c in &entry.criteria {
            let written = part.iter().find(|g| *g.code == *c.code).and_then(|g| g.written.clone());
            rows.push(CriterionRow {
                libelle: c.libelle.clone(),
                points: c.points.clone(),
                justification: c.justification,
                groupe: entry.groupe.clone().unwrap_or_default(),
                condition: written.unwrap_or_else(|| "toutes les demandes".to_owned()),
            });
        }
    }
    rows
}

fn signed_places(places: f64) -> String {
    let sign = if places > 0.0 { "+" } else { "" };
    format!("{sign}{}", format::decimal(places, 1))
}

/// What the comparison says, for the page.
fn effect(c: &Comparison) -> (String, Vec<String>, String, Vec<GroupRow>, Vec<MoveRow>) {
    let n = c.moves.len();
    let share = |k: usize| format::percent(k as f64 / n.max(1) as f64, 0);
    let summary = format!(
        "Sur les {} demandes actives, {} changeraient de rang parmi les demandes comparables ({}) : {} gagneraient des places, {} en perdraient.",
        format::int(n as u64),
        format::int(c.changed_rank as u64),
        share(c.changed_rank),
        format::int(c.gaining as u64),
        format::int(c.losing as u64)
    );
    let (gains, losses) = c.headline();
    let said = |verb: &str, g: &logis_cotation::compare::GroupImpact| {
        format!(
            "{verb} : {} — {} ({} place(s) en moyenne, {} demandes).",
            g.dimension.to_lowercase(),
            g.value,
            signed_places(g.mean_places),
            format::int(g.count as u64)
        )
    };
    let headline = gains
        .map(|g| said("Groupe qui gagne le plus", g))
        .into_iter()
        .chain(losses.map(|g| said("Groupe qui perd le plus", g)))
        .collect();
    let bars: Vec<chart::Bar> = c
        .buckets
        .iter()
        .map(|b| chart::Bar {
            label: b.label.to_owned(),
            value: Some(b.count as f64),
            text: format::int(b.count as u64),
            mark: None,
            colour: chart::BLUE,
        })
        .collect();
    let described = c
        .buckets
        .iter()
        .map(|b| format!("{} : {}", b.label, format::int(b.count as u64)))
        .collect::<Vec<_>>()
        .join(" ; ");
    let svg =
        chart::bars(&bars, "demandes", "", None, &format!("Mouvements de rang : {described}."));
    let mut groups: Vec<&logis_cotation::compare::GroupImpact> =
        c.groups.iter().filter(|g| g.count >= (n / 100).max(5)).collect();
    groups.sort_by(|a, b| b.mean_places.abs().total_cmp(&a.mean_places.abs()));
    let groups = groups
        .into_iter()
        .take(12)
        .map(|g| GroupRow {
            groupe: format!("{} — {}", g.dimension, g.value),
            demandes: format::int(g.count as u64),
            places: signed_places(g.mean_places),
            gagnent: format::percent(g.share_gaining, 0),
            perdent: format::percent(g.share_losing, 0),
        })
        .collect();
    let moves = c
        .largest
        .iter()
        .map(|&i| &c.moves[i])
        .map(|m| MoveRow {
            menage: format!(
                "{}{}{}",
                m.composition.label(),
                m.quartile.map(|q| format!(", {}e quartile", q)).unwrap_or_default(),
                if m.prioritaire { ", prioritaire" } else { "" }
            ),
            scores: format!(
                "{} → {}",
                format::signed(i64::from(m.old_score)),
                format::signed(i64::from(m.new_score))
            ),
            rangs: format!("{}e → {}e sur {}", m.old_rank, m.new_rank, m.comparables),
            places: format::signed(m.places()),
        })
        .collect();
    (summary, headline, svg, groups, moves)
}

pub async fn preview(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(_origin): Extension<Origin>,
    Form(form): Form<GridForm>,
) -> Result<Response, Refusal> {
    let grid = match Grid::parse(&form.texte) {
        Ok(grid) => grid,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::pages::settings::with_grid_error(
                    &state,
                    &principal,
                    form.texte,
                    errors.to_string(),
                )
                .await?,
            )
                .into_response());
        }
    };
    let today = state.clock.today();
    let store = &*state.store;
    let registered = state.grids.get(store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let current = in_force(&registered, today).cloned();
    let words = explain(&grid);
    let mut page = PreviewPage {
        layout: Layout::new(&state, &principal, "Aperçu d'une grille de cotation", "/parametres"),
        texte: form.texte,
        nom: grid.nom.clone(),
        en_vigueur: format::date(grid.en_vigueur),
        criteria: rows(&words.general, &grid.general),
        transfer: match (&words.mutation, &grid.mutation) {
            (Some(words), Some(part)) => rows(words, part),
            _ => Vec::new(),
        },
        current: current.as_ref().map(|g| g.nom.clone()),
        summary: None,
        headline: Vec::new(),
        chart: String::new(),
        groups: Vec::new(),
        moves: Vec::new(),
    };
    if let Some(current) = current {
        let snapshot = Snapshot::for_date(store, today).await.map_err(Refusal::from)?;
        let comparison = tokio::task::spawn_blocking(move || {
            compare(&current, &grid, &snapshot.applicants, &snapshot.thresholds, today)
        })
        .await
        .map_err(|e| Refusal::Store(format!("comparaison interrompue : {e}")))?;
        let (summary, headline, chart, groups, moves) = effect(&comparison);
        page.summary = Some(summary);
        page.headline = headline;
        page.chart = chart;
        page.groups = groups;
        page.moves = moves;
    }
    Ok(render::page(&page))
}
