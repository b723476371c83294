//! `logis plafonds FICHIER.csv [--verifier]`: the year's income ceilings merged into the
//! settings from a CSV in the official file's columns, with the French report of what changed.

use crate::database;
use anyhow::{Context, Result, bail};
use logis_allocation::examination::{CeilingUpdateRefused, update_ceilings};
use logis_domain::Clock;
use std::path::Path;
use std::process::ExitCode;

pub async fn run(url: &str, file: &Path, check_only: bool, clock: &dyn Clock) -> Result<ExitCode> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("fichier {} introuvable", file.display()))?
        .len();
    if size > logis_eligibility::yearly::MOST_BYTES as u64 {
        bail!("{} est bien plus grand que le fichier des plafonds : rien n'est lu", file.display());
    }
    let bytes = std::fs::read(file).with_context(|| format!("lecture de {}", file.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        bail!("{} n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 »", file.display());
    };
    let store = database::open(url).await?;
    let at = clock.unix();
    let outcome = update_ceilings(
        &*store,
        text.trim_start_matches('\u{feff}'),
        "ligne de commande",
        at,
        check_only,
    )
    .await;
    store.close().await;
    let report = match outcome {
        Ok(report) => report,
        Err(CeilingUpdateRefused::Unreadable(why)) => {
            bail!("{} n'a pas été lu : {why}", file.display())
        }
        Err(CeilingUpdateRefused::Store(e)) => return Err(e.into()),
    };
    say!(
        "{}",
        if check_only {
            "Vérification (rien n'est enregistré) :"
        } else {
            "Plafonds importés :"
        }
    );
    for line in report.lines() {
        say!("  {line}");
    }
    Ok(ExitCode::SUCCESS)
}
