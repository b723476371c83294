//! `logis bilan --year N`: the yearly evaluation as the JSON document of bilan.md or as a
//! workbook.

mod sheets;

use crate::args::BilanFormat;
use crate::database;
use anyhow::{Context, Result};
use logis_domain::{Attribution, Date, Seuils};
use logis_evaluation::{Inputs, Settings, compute};
use logis_store::export_all;
use std::path::Path;
use std::process::ExitCode;
use time::Month;

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
    let loaded = async {
        // Everything active at some date of the year, or closed on its first day.
        let from = Date::from_calendar_date(year - 1, Month::December, 31)?;
        let to = Date::from_calendar_date(year, Month::December, 31)?;
        let mut demandes = Vec::new();
        store
            .export_households(from, to, &mut |household| {
                demandes.push(household);
                Ok(())
            })
            .await?;
        let mut attributions = Vec::new();
        export_all::<Attribution>(&*store, &mut |a| {
            if a.date_bail.year() == year {
                attributions.push(a);
            }
            Ok(())
        })
        .await?;
        let mut seuils = None;
        export_all::<Seuils>(&*store, &mut |s| {
            if s.annee == year {
                seuils = Some(s);
            }
            Ok(())
        })
        .await?;
        anyhow::Ok((demandes, attributions, seuils))
    }
    .await;
    store.close().await;
    let (demandes, attributions, seuils) = loaded?;
    if seuils.is_none() {
        eprintln!(
            "Avertissement : pas de seuils de quartiles pour {year} dans la base : les indicateurs par quartile sont vides (null)."
        );
    }
    let bilan = compute(&Inputs {
        year,
        demandes: &demandes,
        attributions: &attributions,
        seuils: seuils.as_ref(),
        settings: &settings,
    });
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
