//! The dashboard's objectives of the current year so far: for the whole territory,
//! each landlord, each reservation holder and each commune, every objective's rate against its
//! target and the allocations still needed to reach it.

use crate::format;
use crate::render::Refusal;
use crate::state::AppState;
use logis_allocation::progress::{Progress, Tally};
use logis_evaluation::{Objectif, Targets};
use std::collections::BTreeMap;

/// The most lines of one table (a national register has tens of thousands of communes: the
/// ones with most allocations first).
pub const MOST_LINES: usize = 50;

/// One objective of one line.
pub struct Cell {
    pub text: String,
    /// Reached, missed, or not measurable.
    pub reached: Option<bool>,
}

/// One line: a landlord, a holder, a commune or the territory.
pub struct Line {
    pub name: String,
    pub attributions: String,
    pub cells: Vec<Cell>,
}

/// One table.
pub struct Group {
    pub title: &'static str,
    /// The heading of the names' column.
    pub heading: &'static str,
    /// The objectives' headings with their targets.
    pub objectives: Vec<String>,
    pub lines: Vec<Line>,
    /// Lines left out (beyond [`MOST_LINES`]).
    pub more: usize,
    /// What an empty table says: no allocation yet, or too few to be detailed.
    pub empty: &'static str,
}

/// What an empty table says when the year has no allocation.
const NONE_YET: &str = "Aucune attribution cette année.";
/// What an empty table says when statistical secrecy hides every line.
const TOO_FEW: &str =
    "Trop peu d'attributions pour les détailler sans désigner des ménages (secret statistique).";

/// What the dashboard shows.
pub struct Live {
    pub year: i32,
    pub until: String,
    pub groups: Vec<Group>,
    pub quartiles: bool,
}

/// One objective's cell; without a numerator, either the year has no quartile thresholds or
/// statistical secrecy hides a result that would count few households.
fn cell(o: &Objectif, progress: &Progress) -> Cell {
    let unmeasured = !progress.quartiles && o.code != "prioritaires";
    let text = match (o.numerateur, o.denominateur) {
        (_, 0) => "aucune attribution concernée".to_owned(),
        (None, _) if unmeasured => "non mesurable (pas de seuils de l'année)".to_owned(),
        (None, _) => "non publié (secret statistique : trop peu de ménages)".to_owned(),
        (Some(n), d) => {
            let rate = format::percent(n as f64 / d as f64, 0);
            match o.missing_allocations() {
                Some(0) => format!("{rate} ({n} sur {d}) : atteint"),
                Some(m) => format!(
                    "{rate} ({n} sur {d}) : {m} attribution{} manquante{}",
                    plural(m),
                    plural(m)
                ),
                None => format!("{rate} ({n} sur {d})"),
            }
        }
    };
    Cell { text, reached: o.atteint }
}

fn plural(n: u64) -> &'static str {
    logis_domain::french::plural(n)
}

/// One line of `progress`; a reservation `holder`'s allocations aim at its own priority target.
fn line(name: String, tally: &Tally, progress: &Progress, targets: &Targets, holder: bool) -> Line {
    let objectives = progress.objectives(tally, targets, holder);
    Line {
        name,
        attributions: format::int(tally.attributions),
        cells: objectives.iter().map(|o| cell(o, progress)).collect(),
    }
}

fn group(
    (title, heading): (&'static str, &'static str),
    tallies: &BTreeMap<String, Tally>,
    name: &dyn Fn(&str) -> String,
    progress: &Progress,
    targets: &Targets,
    holder: bool,
) -> Group {
    let mut sorted: Vec<(&String, &Tally)> = tallies.iter().collect();
    sorted.sort_by(|a, b| b.1.attributions.cmp(&a.1.attributions).then(a.0.cmp(b.0)));
    let lines = sorted
        .iter()
        .take(MOST_LINES)
        .map(|(key, t)| line(name(key), t, progress, targets, holder))
        .collect();
    let objectives = headings(targets, progress.quartiles, holder);
    let empty = if progress.whole.attributions > 0 { TOO_FEW } else { NONE_YET };
    Group {
        title,
        heading,
        objectives,
        lines,
        more: sorted.len().saturating_sub(MOST_LINES),
        empty,
    }
}

/// The objectives' headings with their targets (a holder's priority target is its own).
fn headings(targets: &Targets, quartiles: bool, holder: bool) -> Vec<String> {
    Tally::default()
        .objectives(targets, quartiles, holder)
        .iter()
        .map(|o| {
            let mut heading = o.libelle.clone();
            if let Some(first) = heading.get(..1) {
                heading.replace_range(..1, &first.to_uppercase());
            }
            format!("{heading} (objectif {})", format::percent(o.cible, 0))
        })
        .collect()
}

/// The current year's objectives so far, under statistical secrecy `secrecy` when given.
pub async fn live(state: &AppState, secrecy: Option<u32>) -> Result<Live, Refusal> {
    let store = &*state.store;
    let mut progress = state.progress.get(store, state.clock.today()).await?;
    if let Some(threshold) = secrecy {
        progress = progress.with_secrecy(threshold);
    }
    let (settings, _) = crate::bilans::territory_settings(store).await?;
    let targets = &settings.targets;
    let merged = |key: &str| {
        (key == logis_allocation::progress::MERGED)
            .then(|| "Autres, regroupés (secret statistique)".to_owned())
    };
    let organisme = |id: &str| merged(id).unwrap_or_else(|| state.organismes.name(id));
    let commune = |code: &str| merged(code).unwrap_or_else(|| state.communes.name(code));
    let p = &progress;
    let territory = Group {
        title: "Territoire",
        heading: "Territoire",
        objectives: headings(targets, p.quartiles, false),
        lines: vec![line(state.territoire.to_string(), &p.whole, p, targets, false)],
        more: 0,
        empty: NONE_YET,
    };
    Ok(Live {
        year: p.year,
        until: format::date(p.until),
        groups: vec![
            territory,
            group(("Par bailleur", "Bailleur"), &p.by_landlord, &organisme, p, targets, false),
            group(("Par réservataire", "Réservataire"), &p.by_holder, &organisme, p, targets, true),
            group(("Par commune", "Commune"), &p.by_commune, &commune, p, targets, false),
        ],
        quartiles: p.quartiles,
    })
}

/// One organisme's objectives of the current year so far (a landlord's, or a reservation
/// `holder`'s, whose priority target is its own): its table, and its objectives for a chart;
/// `None` before its first allocation of the year (or while statistical secrecy hides it).
pub async fn of_organisme(
    state: &AppState,
    secrecy: Option<u32>,
    organisme: &str,
    holder: bool,
) -> Result<(Live, Vec<Objectif>), Refusal> {
    let store = &*state.store;
    let mut progress = state.progress.get(store, state.clock.today()).await?;
    if let Some(threshold) = secrecy {
        progress = progress.with_secrecy(threshold);
    }
    let (settings, _) = crate::bilans::territory_settings(store).await?;
    let targets = &settings.targets;
    let p = &progress;
    let tallies = if holder { &p.by_holder } else { &p.by_landlord };
    let own: BTreeMap<String, Tally> =
        tallies.get(organisme).map(|t| (organisme.to_owned(), *t)).into_iter().collect();
    let objectives =
        own.values().next().map(|t| p.objectives(t, targets, holder)).unwrap_or_default();
    let name = |id: &str| state.organismes.name(id);
    let title = if holder {
        ("Vos attributions", "Réservataire")
    } else {
        ("Vos attributions", "Bailleur")
    };
    Ok((
        Live {
            year: p.year,
            until: format::date(p.until),
            groups: vec![group(title, &own, &name, p, targets, holder)],
            quartiles: p.quartiles,
        },
        objectives,
    ))
}
