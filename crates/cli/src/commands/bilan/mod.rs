//! `logis bilan --year N`: the yearly evaluation, counted by the store's SQL aggregates, as the
//! JSON document of bilan.md, as the report (HTML or PDF, with every year of the data for the
//! trend), or as tables (XLSX, CSV).

use crate::args::BilanFormat;
use crate::database;
use anyhow::{Context, Result};
use logis_domain::Clock;
use logis_evaluation::Settings;
use logis_report::bilan::{ReportInputs, document, sheets};
use std::path::Path;
use std::process::ExitCode;

/// What the user asked for.
pub struct Request<'a> {
    pub year: i32,
    pub format: BilanFormat,
    pub out: Option<&'a Path>,
    pub parametres: Option<&'a Path>,
    pub priorities: Option<&'a Path>,
}

fn read(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        format!("lecture {what} {} impossible : vérifiez le chemin du fichier", path.display())
    })
}

fn settings(path: Option<&Path>) -> Result<Settings> {
    let Some(path) = path else { return Ok(Settings::default()) };
    Settings::parse(&read(path, "des paramètres")?)
        .map_err(|e| anyhow::anyhow!("{} : {e}", path.display()))
}

pub async fn run(url: &str, request: &Request<'_>, clock: &dyn Clock) -> Result<ExitCode> {
    let Request { year, format, out, .. } = *request;
    let settings = settings(request.parametres)?;
    let priorities = request.priorities.map(|p| read(p, "des priorités")).transpose()?;
    if format != BilanFormat::Json && out.is_none() {
        anyhow::bail!(
            "ce format s'écrit dans un fichier : ajoutez --out bilan-{year}.{}",
            format.extension()
        );
    }
    let store = database::open(url).await?;
    let computed = if matches!(format, BilanFormat::Html | BilanFormat::Pdf) {
        let first = logis_transfer::bilan::years(&*store, clock.today())
            .await?
            .first()
            .copied()
            .unwrap_or(year);
        tell!(
            "Calcul des bilans de {} à {year} (évolution sur toutes les années des données)…",
            first.min(year)
        );
        logis_transfer::bilan::with_history(&*store, year, &settings).await
    } else {
        logis_transfer::bilan::several(&*store, &[year], &settings).await
    };
    store.close().await;
    let history = computed.context("calcul du bilan")?;
    let bilan = history.last().expect("the requested year is computed");
    if !bilan.seuils_disponibles {
        tell!(
            "Avertissement : pas de seuils de quartiles pour {year} dans la base : les indicateurs par quartile sont vides (null) ; importez le fichier seuils.csv de l'année pour les obtenir."
        );
    }
    let Some(path) = out else {
        say!("{}", bilan.to_json());
        return Ok(ExitCode::SUCCESS);
    };
    let written = match format {
        BilanFormat::Json => logis_report::write_file(path, bilan.to_json() + "\n"),
        BilanFormat::Xlsx => logis_report::write_xlsx(&sheets(bilan, &crate::communes::name), path),
        BilanFormat::Csv => {
            let long = logis_report::long_table("bilan", &sheets(bilan, &crate::communes::name));
            logis_report::write_csv(&long, path)
        }
        BilanFormat::Html | BilanFormat::Pdf => {
            let inputs = ReportInputs {
                bilan,
                history: &history,
                priorities: priorities.as_deref(),
                communes: &crate::communes::name,
                made_on: clock.today(),
            };
            let doc = document(&inputs);
            if format == BilanFormat::Html {
                logis_report::write_file(path, logis_report::to_html(&doc))
            } else {
                logis_report::to_pdf(&doc).and_then(|pdf| logis_report::write_file(path, pdf))
            }
        }
    };
    written.with_context(|| format!("écriture de {}", path.display()))?;
    tell!("Bilan {year} écrit dans {}.", path.display());
    Ok(ExitCode::SUCCESS)
}
