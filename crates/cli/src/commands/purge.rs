//! `logis purge [--simulation] [--date D]`: the purge of personal data by the territory's
//! settings, or what it would erase; its report printed in French.

use crate::database;
use anyhow::Result;
use logis_domain::Date;
use logis_privacy::purge;
use std::process::ExitCode;
use time::OffsetDateTime;

pub async fn run(url: &str, simulation: bool, date: Option<Date>) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let (settings, _) = logis_privacy::settings::stored(&*store).await?;
    let now = OffsetDateTime::now_utc();
    let at = date.map_or(now, |d| now.replace_date(d));
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
    println!(
        "{} (délais : {} mois après la sortie du registre, {} mois pour le journal d'audit) :",
        if simulated { "Simulation : la purge effacerait" } else { "Purge faite" },
        retention.closed_application_months,
        retention.audit_months
    );
    for line in purge::described(&limits, &counts) {
        println!("  {line}");
    }
    if simulated {
        println!("Rien n'a été effacé. Pour purger : logis purge");
    } else {
        println!("Les chiffres des bilans ne changent pas. Rapport gardé dans la base.");
    }
    Ok(ExitCode::SUCCESS)
}
