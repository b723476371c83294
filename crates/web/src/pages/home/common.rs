//! What several home pages share: the territory's key figures, the allocations of each year as
//! a chart, the objectives' section of the latest complete evaluation, and the words of a
//! figure being recounted after an import.

use crate::format;
use crate::render::Refusal;
use crate::state::AppState;
use logis_report::Document;
use logis_report::bilan::{ReportInputs, objectives_section};
use logis_report::chart;

/// The accent colour of the pages (the style sheet's `--accent`).
pub const ACCENT: &str = "#1f5c99";

/// A key figure, with the page it leads to when there is one.
pub struct Figure {
    pub value: String,
    pub label: String,
    pub link: Option<String>,
}

impl Figure {
    /// A count.
    pub fn new(value: u64, label: impl Into<String>) -> Self {
        Figure::written(format::int(value), label)
    }

    /// A figure already written (« plus de 999 », « 2,5 », a date).
    pub fn written(value: impl Into<String>, label: impl Into<String>) -> Self {
        Figure { value: value.into(), label: label.into(), link: None }
    }

    pub fn linked(self, link: impl Into<String>) -> Self {
        Figure { link: Some(link.into()), ..self }
    }
}

/// The territory's key figures.
pub fn territory_figures(o: &logis_store::Overview) -> Vec<Figure> {
    vec![
        Figure::new(o.demandes_actives, "demandes actives aujourd'hui"),
        Figure::new(o.demandes_total, "demandes enregistrées en tout"),
        Figure::new(o.logements, "logements sociaux"),
        Figure::new(o.bailleurs, "bailleurs"),
    ]
}

/// The allocations of each year as an SVG chart, with its text alternative (empty without
/// allocations).
pub fn allocations_chart(o: &logis_store::Overview) -> String {
    if o.attributions_par_annee.is_empty() {
        return String::new();
    }
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
    chart::bars(&bars, "baux signés", "", None, &format!("Attributions par année — {description}"))
}

/// Whether a refusal only says the figures are being recounted after an import (the page
/// then says so instead of failing).
pub fn recounting(e: &Refusal) -> bool {
    matches!(e, Refusal::Recounting)
}

/// Said in place of the last evaluation's objectives while they are computed in the
/// background (minutes at national scale, once after a start or an import).
const BEING_COMPUTED: &str = "<p class=\"vide\" role=\"status\">Le bilan de cette année est en cours de calcul : il s'affichera ici dans quelques minutes (rechargez la page).</p>";

/// The objectives' section of the bilan of the latest year with allocations (with the year
/// before, for the comparison), as HTML; `None` without allocations or while recounting.
pub async fn latest_objectives(
    state: &AppState,
    o: &logis_store::Overview,
    secrecy: Option<u32>,
) -> Result<Option<(i32, String)>, Refusal> {
    let years: Vec<i32> = o.attributions_par_annee.iter().map(|(y, _)| *y).collect();
    let Some((year, years)) = crate::bilans::latest_years(&years, state.clock.today()) else {
        return Ok(None);
    };
    let history = match state.bilans.ready(&state.store, &years, secrecy).await {
        Err(e) if recounting(&e) => return Ok(None),
        Ok(None) => return Ok(Some((year, BEING_COMPUTED.to_owned()))),
        Ok(Some(history)) => history,
        Err(e) => return Err(e),
    };
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
    Ok(Some((year, logis_report::sections_html(&doc))))
}

/// One organisme's objectives so far as a chart: each objective's rate (the bar) against its
/// target (the mark), with the same in words; empty without a measured objective.
pub fn objectives_chart(objectives: &[logis_evaluation::Objectif], year: i32) -> String {
    let measured: Vec<&logis_evaluation::Objectif> =
        objectives.iter().filter(|o| o.taux.is_some() && o.denominateur > 0).collect();
    if measured.is_empty() {
        return String::new();
    }
    let bars: Vec<chart::Bar> = measured
        .iter()
        .map(|o| chart::Bar {
            label: o.libelle.clone(),
            value: o.taux.map(|t| t * 100.0),
            text: o.taux.map_or_else(String::new, |t| format::percent(t, 0)),
            mark: Some(o.cible * 100.0),
            colour: ACCENT,
        })
        .collect();
    let description = measured
        .iter()
        .map(|o| {
            format!(
                "{} : {} pour un objectif de {}",
                o.libelle,
                o.taux.map_or_else(String::new, |t| format::percent(t, 0)),
                format::percent(o.cible, 0)
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    chart::bars(
        &bars,
        "part des attributions (le trait noir marque l'objectif)",
        " %",
        None,
        &format!("Objectifs {year} à ce jour — {description}"),
    )
}
