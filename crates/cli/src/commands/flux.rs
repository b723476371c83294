//! `logis flux bilan|inventaire`: the documents of reservation rights as a yearly flow, in the
//! JSON of ../shared/spec/flux.md, computed by `logis_flux` from the register, or written by
//! `logis_report::flux` as a PDF or a workbook naming organismes and communes.

use crate::args::{FluxAction, FluxDocument, FluxFormat};
use crate::database;
use anyhow::{Context, Result, bail};
use logis_domain::{Organisme, OrganismeId};
use logis_flux::inventory::{Inventories, Inventory};
use logis_flux::{bilan, inventory};
use logis_report::flux::{Names, bilan_pdf, bilan_xlsx, inventory_pdf, inventory_xlsx};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

pub async fn run(url: &str, action: FluxAction) -> Result<ExitCode> {
    let (FluxAction::Bilan { year, document: FluxDocument { format, out, .. } }
    | FluxAction::Inventaire { year, document: FluxDocument { format, out, .. } }) = &action;
    let document = if matches!(action, FluxAction::Bilan { .. }) { "bilan" } else { "inventaire" };
    if *format != FluxFormat::Json && out.is_none() {
        bail!(
            "le format {0} s'écrit dans un fichier : ajoutez --out {document}-flux-{year}.{0}",
            format.extension()
        );
    }
    let store = database::open(url).await?;
    let read = read_register(&*store, &action).await;
    let organismes = organisme_names(&*store).await;
    let (landlords, register) = match read {
        Ok(read) => read,
        Err(e) => {
            store.close().await;
            return Err(e);
        }
    };
    let organismes = organismes?;
    let landlord = |typed: &str| -> Result<OrganismeId> {
        match OrganismeId::parse(typed) {
            Ok(id) if landlords.contains(&id) => Ok(id),
            _ => bail!(
                "aucun bailleur « {} » dans cette base : indiquez l'identifiant d'un organisme de type bailleur (organismes.csv)",
                typed.chars().take(64).collect::<String>()
            ),
        }
    };
    let chosen = |bailleur: &Option<String>| -> Result<Vec<OrganismeId>> {
        match bailleur {
            Some(b) => Ok(vec![landlord(b)?]),
            None => Ok(landlords.clone()),
        }
    };
    let organisme = |id: &str| organismes.get(id).cloned();
    let names = Names { organismes: &organisme, communes: &crate::communes::name };
    let out = out.as_deref();
    match &action {
        FluxAction::Bilan { year, document: FluxDocument { bailleur, format, .. } } => {
            let mut all = bilan::bilans(*year, &chosen(bailleur)?, &register);
            // Each landlord's forecast as it prepared it before sending (else the year's counts).
            let mut prepared = Vec::new();
            for computed in all.bailleurs {
                let with =
                    logis_allocation::flux::sending::with_prepared_forecast(&*store, computed);
                prepared.push(with.await.context("lecture des prévisions préparées")?);
            }
            all.bailleurs = prepared;
            store.close().await;
            match (format, bailleur) {
                (FluxFormat::Json, Some(_)) => write_json(&all.bailleurs[0], out),
                (FluxFormat::Json, None) => write_json(&all, out),
                (FluxFormat::Pdf, _) => write(bilan_pdf(*year, &all.bailleurs, &names)?, out),
                (FluxFormat::Xlsx, _) => write(bilan_xlsx(*year, &all.bailleurs, &names)?, out),
            }
        }
        FluxAction::Inventaire { year, document: FluxDocument { bailleur, format, .. } } => {
            store.close().await;
            let all: Vec<Inventory> = chosen(bailleur)?
                .iter()
                .map(|b| inventory::inventory(*year, b, &register))
                .collect();
            match (format, bailleur) {
                (FluxFormat::Json, Some(_)) => write_json(&all[0], out),
                (FluxFormat::Json, None) => {
                    write_json(&Inventories { annee: *year, bailleurs: all }, out)
                }
                (FluxFormat::Pdf, _) => write(inventory_pdf(*year, &all, &names)?, out),
                (FluxFormat::Xlsx, _) => write(inventory_xlsx(*year, &all, &names)?, out),
            }
        }
    }
}

/// The landlords, and the part of the register `action` computes on: the year's lettings for a
/// bilan (one landlord's, or all), the three years before with the landlord's stock for its
/// inventory, the whole register for every landlord's inventory (their stocks).
async fn read_register(
    store: &dyn logis_store::Store,
    action: &FluxAction,
) -> Result<(Vec<OrganismeId>, logis_flux::Register)> {
    let landlords = logis_transfer::flux::landlords(store).await?;
    let asked = |bailleur: &Option<String>| {
        bailleur.as_deref().and_then(|b| landlords.iter().find(|l| l.as_str() == b)).cloned()
    };
    let register = match action {
        FluxAction::Bilan { year, document: FluxDocument { bailleur, .. } } => {
            let landlord = asked(bailleur);
            logis_transfer::flux::register_between(store, *year..=*year, landlord.as_ref()).await?
        }
        FluxAction::Inventaire { year, document: FluxDocument { bailleur: Some(b), .. } } => {
            let landlord = asked(&Some(b.clone()));
            let years = *year - 3..=*year - 1;
            logis_transfer::flux::register_between(store, years, landlord.as_ref()).await?
        }
        FluxAction::Inventaire { document: FluxDocument { bailleur: None, .. }, .. } => {
            logis_transfer::flux::register(store).await?
        }
    };
    Ok((landlords, register))
}

/// Every organisme's name by identifier.
async fn organisme_names(
    store: &dyn logis_store::Store,
) -> Result<HashMap<String, String>, logis_store::StoreError> {
    let mut names = HashMap::new();
    logis_store::export_all::<Organisme>(store, &mut |o| {
        names.insert(o.organisme_id.as_str().to_owned(), o.nom);
        Ok(())
    })
    .await?;
    Ok(names)
}

/// Writes `document` as indented JSON in `out`, or on the standard output.
fn write_json(document: &impl Serialize, out: Option<&Path>) -> Result<ExitCode> {
    let text = serde_json::to_string_pretty(document).context("écriture du JSON")?;
    match out {
        Some(_) => write(format!("{text}\n").into_bytes(), out),
        None => {
            say!("{text}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes a file's `bytes` in `out` (given: checked before).
fn write(bytes: Vec<u8>, out: Option<&Path>) -> Result<ExitCode> {
    let path = out.context("aucun fichier où écrire le document : ajoutez --out")?;
    logis_report::write_file(path, bytes)?;
    tell!("Document écrit dans {}.", path.display());
    Ok(ExitCode::SUCCESS)
}
