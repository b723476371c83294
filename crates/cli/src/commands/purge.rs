//! `logis purge [--simulation] [--date D]`: the purge of personal data by the territory's
//! settings, or what it would erase; its report printed in French. Only a simulation may be
//! made as of a future day.

use crate::database;
use anyhow::{Result, bail};
use logis_domain::french;
use logis_domain::{Clock, Date};
use logis_privacy::purge;
use std::process::ExitCode;

pub async fn run(
    url: &str,
    simulation: bool,
    date: Option<Date>,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let now = clock.now();
    if let Some(day) = date
        && !simulation
        && day > logis_domain::french::paris_date(now)
    {
        // A purge as of a later day would erase what must still be kept today.
        bail!(
            "la purge ne peut pas être faite à une date future ({}) : seule une simulation le peut \
             (logis purge --simulation --date {})",
            french::date(day),
            french::date(day)
        );
    }
    let store = database::open(url).await?;
    let (settings, _) = logis_privacy::settings::stored(&*store).await?;
    let at = date.map_or(now, |d| french::same_time_on(d, now));
    let retention = &settings.retention;
    let outcome = if simulation {
        purge::simulate(&*store, retention, at).await.map(|(limits, counts)| (limits, counts, true))
    } else {
        purge::run(&*store, retention, at, "ligne de commande")
            .await
            .map(|report| (report.limits, report.counts, false))
    };
    store.close().await;
    let (limits, counts, simulated) = outcome?;
    say!(
        "{} (délais : {} mois après la sortie du registre, {} mois pour le journal d'audit) :",
        if simulated { "Simulation : la purge effacerait" } else { "Purge faite" },
        retention.closed_application_months,
        retention.audit_months
    );
    for line in purge::described(&limits, &counts) {
        say!("  {line}");
    }
    if simulated {
        say!("Rien n'a été effacé. Pour purger : logis purge");
    } else {
        say!("Les chiffres des bilans ne changent pas. Rapport gardé dans la base.");
    }
    Ok(ExitCode::SUCCESS)
}
