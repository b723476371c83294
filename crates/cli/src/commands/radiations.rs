//! `logis radiations [--simulation] [--date D]`: the applications not renewed one month after
//! their deadline struck off (or, in a simulation, listed); only a simulation may be made as of
//! a future day.

use crate::database;
use anyhow::{Result, bail};
use logis_domain::french::{date as french_date, int, plural};
use logis_domain::{Clock, Date};
use logis_store::dossiers::renewal::{self, Actor};
use std::process::ExitCode;

/// Numéros printed one by one; beyond, a count.
const LISTED: usize = 50;

pub async fn run(
    url: &str,
    simulation: bool,
    date: Option<Date>,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let now = clock.now();
    let today = date.unwrap_or(logis_domain::french::paris_date(now));
    if today > logis_domain::french::paris_date(now) && !simulation {
        bail!(
            "les radiations ne peuvent pas être faites à une date future ({}) : seule une simulation le peut (logis radiations --simulation --date {})",
            french_date(today),
            french_date(today)
        );
    }
    let store = database::open(url).await?;
    let by =
        Actor { login: "ligne de commande", origin: "ligne de commande", at: now.unix_timestamp() };
    let outcome = if simulation {
        renewal::unrenewed(&*store, today).await
    } else {
        renewal::strike_off(&*store, today, &by).await
    };
    store.close().await;
    let found = outcome?;
    let n = found.numeros.len() as u64;
    let (s, when) = (plural(n), french_date(found.renewed_by));
    let why =
        format!("ni renouvelée{s} ni mise{s} à jour depuis le {when}, au {}", french_date(today));
    if simulation {
        say!(
            "Simulation : {} demande{s} serai{} radiée{s} pour non-renouvellement ({why}) :",
            int(n),
            if n > 1 { "ent" } else { "t" }
        );
    } else {
        say!("{} demande{s} radiée{s} pour non-renouvellement ({why}) :", int(n));
    }
    for numero in found.numeros.iter().take(LISTED) {
        say!("  {numero}");
    }
    if found.numeros.len() > LISTED {
        say!("  … et {} autres", int((found.numeros.len() - LISTED) as u64));
    }
    if simulation {
        say!("Rien n'a été changé. Pour radier : logis radiations");
    } else if n > 0 {
        say!(
            "Chaque radiation est dans l'historique de la demande et le journal d'audit ; l'EPCI peut réinscrire une demande dans le mois (page de la demande)."
        );
    }
    Ok(ExitCode::SUCCESS)
}
