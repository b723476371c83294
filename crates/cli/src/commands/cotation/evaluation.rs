//! `logis cotation evaluation --year N`: how often the allocated household was the
//! best-scored comparable application, the reasons recorded otherwise, by landlord.

use super::grid_file;
use crate::database;
use crate::table::{self, decimal, percent};
use anyhow::{Context, Result};
use logis_cotation::evaluation::{Evaluation, Totals, evaluate};
use logis_cotation::stored::{Snapshot, registered_grids};
use logis_domain::french::{date as french_date, int};
use logis_domain::{Date, Organisme};
use logis_report::{Cell, Sheet, write_csv, write_xlsx};
use logis_store::export_all;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use time::Month;

pub async fn run(
    url: &str,
    year: i32,
    grid: Option<&Path>,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let override_grid = grid.map(grid_file::read).transpose()?;
    let store = database::open(url).await?;
    let loaded = async {
        let grids = match override_grid {
            // A grid given on the command line applies to the whole year.
            Some(mut g) => {
                g.en_vigueur = Date::from_calendar_date(year - 1, Month::January, 1)?;
                vec![g]
            }
            None => registered_grids(&*store).await?,
        };
        let snapshot = Snapshot::for_year(&*store, year).await?;
        let mut names = HashMap::new();
        export_all::<Organisme>(&*store, &mut |o| {
            names.insert(o.organisme_id.to_string(), o.nom);
            Ok(())
        })
        .await?;
        anyhow::Ok((grids, snapshot, names))
    }
    .await;
    store.close().await;
    let (grids, snapshot, names) = loaded?;
    if grids.is_empty() {
        anyhow::bail!(
            "aucune grille enregistrée : lancez `logis cotation --grid FICHIER`, ou donnez une grille avec --grid"
        );
    }
    let evaluation =
        evaluate(&grids, &snapshot.applicants, &snapshot.thresholds, &snapshot.attributions, year);
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    print(&evaluation, &name);
    if let Some(path) = out {
        write(&evaluation, &name, path)?;
        say!("");
        say!("Évaluation écrite dans {}.", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn totals_row(label: String, t: &Totals) -> Vec<String> {
    vec![
        label,
        int(t.allocations as u64),
        int(t.evaluated as u64),
        int(t.best as u64),
        t.share_best().map(percent).unwrap_or_else(|| "—".to_owned()),
        t.median_rank.map(decimal).unwrap_or_else(|| "—".to_owned()),
        int(t.departures_with_reason as u64),
    ]
}

const HEADERS: [&str; 7] = [
    "bailleur",
    "attributions",
    "évaluées",
    "au mieux classé",
    "part",
    "rang médian",
    "écarts motivés",
];

fn print(e: &Evaluation, name: &dyn Fn(&str) -> String) {
    let t = &e.totals;
    say!("Évaluation de la cotation — attributions de {}", e.year);
    say!("");
    if t.allocations == 0 {
        say!("Aucune attribution enregistrée en {} : rien à évaluer.", e.year);
        return;
    }
    match t.share_best() {
        Some(share) => say!(
            "Sur {} attributions évaluées, {} ({}) sont allées au ménage le mieux classé parmi les demandes comparables (même première commune et typologie, à la date de la commission). Rang médian du ménage retenu : {}.",
            int(t.evaluated as u64),
            int(t.best as u64),
            percent(share),
            t.median_rank.map(decimal).unwrap_or_default()
        ),
        None => say!("Aucune attribution n'a pu être évaluée."),
    }
    for (why, n) in &e.unevaluated {
        say!(
            "  {} attribution{} non évaluée{} : {}.",
            int(*n as u64),
            plural(*n),
            plural(*n),
            why.label()
        );
    }
    if !e.reasons.is_empty() {
        say!("");
        say!("Motifs des écarts à l'ordre de la cotation");
        let rows: Vec<Vec<String>> =
            e.reasons.iter().map(|(r, n)| vec![r.clone(), int(*n as u64)]).collect();
        table::print(&["motif enregistré", "attributions"], &[false, true], &rows);
    }
    say!("");
    say!("Par bailleur");
    let mut rows: Vec<Vec<String>> =
        e.by_landlord.iter().map(|(b, t)| totals_row(name(b), t)).collect();
    rows.push(totals_row("Ensemble".to_owned(), t));
    table::print(&HEADERS, &[false, true, true, true, true, true, true], &rows);
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn totals_cells(label: String, t: &Totals) -> Vec<Cell> {
    vec![
        label.into(),
        Cell::Int(t.allocations as i64),
        Cell::Int(t.evaluated as i64),
        Cell::Int(t.best as i64),
        t.share_best().map_or(Cell::Empty, Cell::Percent),
        t.median_rank.map_or(Cell::Empty, |m| Cell::Decimal(m, 1)),
        Cell::Int(t.departures_with_reason as i64),
    ]
}

fn detail(e: &Evaluation, name: &dyn Fn(&str) -> String) -> Sheet {
    let mut sheet = Sheet::new(
        "Détail",
        &[
            "numéro unique",
            "bailleur",
            "date de décision",
            "rang",
            "demandes comparables",
            "score",
            "meilleur score",
            "motif d'écart",
            "non évaluée",
        ],
    );
    for row in &e.rows {
        let (rank, comparables, score, best, why) = match &row.outcome {
            Ok(r) => (
                Cell::Int(r.rank.into()),
                Cell::Int(r.comparables.into()),
                Cell::Int(r.score.into()),
                Cell::Int(r.best_score.into()),
                Cell::Empty,
            ),
            Err(w) => (Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, w.label().into()),
        };
        sheet.push(vec![
            row.numero.clone().into(),
            name(&row.bailleur).into(),
            french_date(row.decision).into(),
            rank,
            comparables,
            score,
            best,
            row.motif_ecart.clone().map_or(Cell::Empty, Cell::Text),
            why,
        ]);
    }
    sheet
}

fn write(e: &Evaluation, name: &dyn Fn(&str) -> String, path: &Path) -> Result<()> {
    if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
        return write_csv(&detail(e, name), path).context("écriture du fichier CSV");
    }
    let mut landlords = Sheet::new("Par bailleur", &HEADERS)
        .titled(format!("Évaluation de la cotation, attributions de {}", e.year));
    for (b, t) in &e.by_landlord {
        landlords.push(totals_cells(name(b), t));
    }
    landlords.push(totals_cells("Ensemble".to_owned(), &e.totals));
    let mut reasons = Sheet::new("Motifs des écarts", &["motif enregistré", "attributions"]);
    for (r, n) in &e.reasons {
        reasons.push(vec![r.clone().into(), Cell::Int(*n as i64)]);
    }
    write_xlsx(&[landlords, reasons, detail(e, name)], path).context("écriture du classeur")
}
