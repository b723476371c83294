//! `logis cotation [--grid FICHIER] [--date D]`: register a grid if given, then score every
//! active application and store scores, positions and comparable groups.

use super::grid_file;
use crate::database;
use anyhow::Result;
use logis_cotation::stored::{Refresh, refresh, register_grid, registered_grids};
use logis_domain::french::{date as french_date, int};
use logis_domain::{Clock, Date};
use std::path::Path;
use std::process::ExitCode;

pub async fn run(
    url: &str,
    grid: Option<&Path>,
    at: Option<Date>,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let now = clock.now();
    let today = logis_domain::french::paris_date(now);
    let at = at.unwrap_or(today);
    let grid = grid.map(grid_file::read).transpose()?;
    let store = database::open(url).await?;
    let result = async {
        if let Some(grid) = &grid {
            let new = register_grid(&*store, grid, today).await?;
            let verb = if new { "enregistrée" } else { "déjà enregistrée" };
            say!("Grille « {} » {verb}, en vigueur à partir du {}.", grid.nom, french_date(grid.en_vigueur));
        } else if registered_grids(&*store).await?.is_empty() {
            let default = logis_cotation::default_grid();
            register_grid(&*store, &default, today).await?;
            say!(
                "Aucune grille enregistrée : la grille d'exemple de la documentation (docs/grille-cctc.toml) est enregistrée, en vigueur à partir du {}.",
                french_date(default.en_vigueur)
            );
        }
        let grids = registered_grids(&*store).await?;
        if logis_cotation::grid::in_force(&grids, at).is_none() {
            return anyhow::Ok(None);
        }
        anyhow::Ok(Some(refresh(&*store, at, now.unix_timestamp()).await?))
    }
    .await;
    store.close().await;
    match result? {
        Some(r) => print(&r),
        None => say!(
            "Aucune grille n'est encore en vigueur au {} : les scores seront calculés à partir de la date d'entrée en vigueur (ou avec --date JJ/MM/AAAA à partir de cette date).",
            french_date(at)
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn print(r: &Refresh) {
    say!(
        "Cotation au {} avec « {} » (en vigueur depuis le {}) :",
        french_date(r.date),
        r.grid_name,
        french_date(r.grid_date)
    );
    say!(
        "  {} demandes actives cotées, dont {} au score provisoire (points sur déclaration) ;",
        int(r.scored as u64),
        int(r.provisional as u64)
    );
    say!("  {} scores nouveaux ou modifiés, ajoutés à l'historique ;", int(r.changed as u64));
    say!(
        "  {} groupes de demandes comparables (même première commune et typologie souhaitées).",
        int(r.groups as u64)
    );
    say!("Détail d'une demande : logis cotation show NUMERO");
}
