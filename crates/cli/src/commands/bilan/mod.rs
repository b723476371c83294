//! `logis bilan --year N`: the yearly evaluation as the JSON document of bilan.md or as a
//! workbook.

mod sheets;

use crate::args::BilanFormat;
use crate::database;
use anyhow::{Context, Result};
use logis_evaluation::{Settings, assemble};
use std::path::Path;
use std::process::ExitCode;

pub async fn run(
    url: &str,
    year: i32,
    format: BilanFormat,
    out: Option<&Path>,
    parametres: Option<&Path>,
) -> Result<ExitCode> {
    let settings = match parametres {
        None => Settings::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("lecture des paramètres {}", path.display()))?;
            Settings::parse(&text).map_err(|e| anyhow::anyhow!("{} : {e}", path.display()))?
        }
    };
    if format == BilanFormat::Xlsx && out.is_none() {
        anyhow::bail!("un classeur s'écrit dans un fichier : ajoutez --out bilan-{year}.xlsx");
    }
    let store = database::open(url).await?;
    let counts = store.bilan_counts(year).await;
    store.close().await;
    let counts = counts?;
    if !counts.seuils_disponibles {
        eprintln!(
            "Avertissement : pas de seuils de quartiles pour {year} dans la base : les indicateurs par quartile sont vides (null)."
        );
    }
    let bilan = assemble(year, &counts, &settings);
    if format == BilanFormat::Xlsx {
        let path = out.expect("checked above");
        logis_report::write_xlsx(&sheets::of(&bilan), path).context("écriture du classeur")?;
        eprintln!("Bilan {year} écrit dans {}.", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let json = bilan.to_json();
    match out {
        Some(path) => {
            std::fs::write(path, json + "\n")
                .with_context(|| format!("écriture de {}", path.display()))?;
            eprintln!("Bilan {year} écrit dans {}.", path.display());
        }
        None => println!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}
