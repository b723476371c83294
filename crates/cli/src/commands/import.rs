//! `logis import`: a file set into the database, all or nothing, with a French report (on the
//! terminal, and as CSV with `--errors`), or only checked with `--verifier`; after a write, the
//! bilan's projections, the cotation and the possible duplicates follow.

use crate::database;
use crate::progress::Bars;
use anyhow::{Context, Result};
use logis_domain::Clock;
use logis_domain::french::{int, plural};
use logis_exchange::Report;
use logis_transfer::{ImportOptions, Mode};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Errors printed on the terminal; the CSV report (`--errors`) has them all.
const SHOWN_ERRORS: usize = 200;

/// What `logis import` is asked besides its file set.
pub struct Request<'a> {
    /// Where to write the CSV report of the errors too.
    pub errors: Option<&'a Path>,
    /// Only check, write nothing.
    pub check_only: bool,
    /// Print each phase's time and peak memory at the end.
    pub mesures: bool,
    /// Read the files even if they are those of the last import.
    pub reread: bool,
}

pub async fn run(
    url: &str,
    path: &Path,
    request: Request<'_>,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let Request { errors: errors_file, check_only, mesures, reread } = request;
    let store = database::open(url).await?;
    let (privacy, _) = logis_privacy::settings::stored(&*store).await?;
    let bars = Arc::new(Bars::new());
    let mode = if check_only { Mode::Check } else { Mode::Write };
    let register_at = (!check_only).then(|| clock.now());
    let options = ImportOptions { mode, limits: privacy.imports.limits, register_at, reread };
    let mut outcome = logis_transfer::import_with(&*store, path, bars.clone(), options).await;
    bars.finish();
    // The bilan's projections and the scores follow the data.
    let mut phases = outcome.as_ref().map(|o| o.phases.clone()).unwrap_or_default();
    let followed = match &mut outcome {
        Ok(o) => logis_transfer::follow_up::after(&*store, clock.now(), o).await,
        Err(_) => None,
    };
    let (prepared, rescored, duplicates) = match followed {
        Some(done) => {
            phases.extend(done.phases);
            (Some(done.prepared), done.rescored, Some(done.duplicates))
        }
        None => (None, Ok(None), None),
    };
    store.close().await;
    let outcome = outcome?;
    if let Some(file) = errors_file {
        let out = std::fs::File::create(file)
            .with_context(|| format!("création de {}", file.display()))?;
        outcome.report.write_csv(std::io::BufWriter::new(out))?;
    }
    print_warnings(&outcome.report);
    if mesures {
        print_phases(&phases);
    }
    let parts: Vec<String> = outcome
        .rows
        .iter()
        .map(|(kind, n)| format!("{} : {}", kind.file_name(), int(*n)))
        .collect();
    if outcome.already_imported.is_some() {
        say!("Rien à importer, lignes valides des fichiers — {}.", parts.join(" · "));
        if let Some(changes) = outcome.changes_said() {
            say!("{changes}");
        }
        Ok(ExitCode::SUCCESS)
    } else if outcome.written {
        say!("Import réussi, lignes chargées — {}.", parts.join(" · "));
        if let Some(changes) = outcome.changes_said() {
            say!("{changes}");
        }
        if outcome.changed_nothing() {
            say!("Cotation et doublons possibles inchangés.");
        }
        match prepared {
            Some(Ok(Some(seconds))) => {
                say!("Données du bilan préparées en {seconds} s.");
            }
            Some(Err(e)) => tell!(
                "Avertissement : les données sont importées mais celles du bilan n'ont pas pu être préparées ({e}) ; elles le seront au prochain `logis bilan`."
            ),
            _ => {}
        }
        match rescored {
            Ok(Some(r)) => say!("{}", logis_transfer::follow_up::rescored_said(&r)),
            Ok(None) => {}
            Err(e) => tell!(
                "Avertissement : les données sont importées mais la cotation n'a pas pu être recalculée ({e}) ; relancez `logis cotation`."
            ),
        }
        match duplicates {
            Some(Ok(d)) => super::duplicates::print(&d),
            Some(Err(e)) => tell!(
                "Avertissement : les données sont importées mais les doublons possibles n'ont pas pu être recherchés ({e}) ; relancez `logis doublons`."
            ),
            None => {}
        }
        Ok(ExitCode::SUCCESS)
    } else if check_only && !outcome.report.has_errors() {
        say!(
            "Vérification réussie, lignes valides — {}. Rien n'a été écrit (option --verifier).",
            parts.join(" · ")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        print_errors(&outcome.report, errors_file);
        Ok(ExitCode::FAILURE)
    }
}

/// Each phase's time and peak memory, then the total time.
fn print_phases(phases: &[logis_transfer::timing::PhaseTime]) {
    say!(
        "Étapes de l'import (durée, mémoire allouée au plus haut, et mémoire résidente au plus haut, pages de la base lues en mémoire comprises) :"
    );
    for p in phases {
        let memory: String = [(p.allocated_mib, "alloués"), (p.peak_mib, "résidents")]
            .into_iter()
            .filter_map(|(mib, what)| mib.map(|m| format!(", {} Mio {what}", int(m as u64))))
            .collect();
        say!("  {:<58} {:>8.1} s{memory}", p.label, p.duration.as_secs_f64());
    }
    let total: f64 = phases.iter().filter(|p| !p.is_part()).map(|p| p.duration.as_secs_f64()).sum();
    say!("  {:<58} {:>8.1} s", "total", total);
}

fn print_warnings(report: &Report) {
    for warning in &report.warnings {
        tell!("Avertissement : {warning}");
    }
}

fn print_errors(report: &Report, errors_file: Option<&Path>) {
    let count = report.error_count();
    tell!(
        "Import refusé : {} erreur{} — rien n'a été écrit dans la base.",
        int(count),
        plural(count)
    );
    for error in report.errors.iter().take(SHOWN_ERRORS) {
        tell!("  {error}");
    }
    let hidden = count.saturating_sub(SHOWN_ERRORS as u64);
    if hidden > 0 {
        match errors_file {
            Some(file) => tell!(
                "  … et {} autres : la liste complète est dans {}.",
                int(hidden),
                file.display()
            ),
            None => tell!(
                "  … et {} autres : relancez avec --errors rapport.csv pour la liste complète.",
                int(hidden)
            ),
        }
    }
    tell!("Corrigez ces lignes puis relancez l'import.");
}
