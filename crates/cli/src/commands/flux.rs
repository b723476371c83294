//! `logis flux bilan|inventaire`: the documents of reservation rights as a yearly flow, in the
//! JSON of ../shared/spec/flux.md, computed by `logis_flux` from the register.

use crate::args::FluxAction;
use crate::database;
use anyhow::{Context, Result, bail};
use logis_domain::OrganismeId;
use logis_flux::{bilan, inventory};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

pub async fn run(url: &str, action: FluxAction) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let landlords = logis_transfer::flux::landlords(&*store).await;
    let register = logis_transfer::flux::register(&*store).await;
    store.close().await;
    let (landlords, register) = (landlords?, register?);
    let landlord = |typed: &str| -> Result<OrganismeId> {
        match OrganismeId::parse(typed) {
            Ok(id) if landlords.contains(&id) => Ok(id),
            _ => bail!(
                "aucun bailleur « {} » dans cette base : indiquez l'identifiant d'un organisme de type bailleur (organismes.csv)",
                typed.chars().take(64).collect::<String>()
            ),
        }
    };
    match action {
        FluxAction::Bilan { year, bailleur: Some(b), out } => {
            write(&bilan::bilan(year, &landlord(&b)?, &register), out.as_deref())
        }
        FluxAction::Bilan { year, bailleur: None, out } => {
            write(&bilan::bilans(year, &landlords, &register), out.as_deref())
        }
        FluxAction::Inventaire { year, bailleur, out } => {
            write(&inventory::inventory(year, &landlord(&bailleur)?, &register), out.as_deref())
        }
    }
}

/// Writes `document` as indented JSON in `out`, or on the standard output.
fn write(document: &impl Serialize, out: Option<&Path>) -> Result<ExitCode> {
    let text = serde_json::to_string_pretty(document).context("écriture du JSON")?;
    match out {
        Some(path) => {
            std::fs::write(path, format!("{text}\n"))
                .with_context(|| format!("écriture de {}", path.display()))?;
            tell!("Document écrit dans {}.", path.display());
        }
        None => say!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
