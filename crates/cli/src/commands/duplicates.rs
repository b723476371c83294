//! `logis doublons [--date D]`: the possible duplicates among the active applications found
//! again, and how many the EPCI has to examine (on the « Doublons » page).

use crate::database;
use anyhow::Result;
use logis_domain::french::{int, plural};
use logis_domain::{Clock, Date};
use logis_store::dossiers::duplicates::{self, Criterion, Detection, MOST_SHARING};
use std::process::ExitCode;

pub async fn run(url: &str, date: Option<Date>, clock: &dyn Clock) -> Result<ExitCode> {
    let today = date.unwrap_or(clock.today());
    let store = database::open(url).await?;
    let found = duplicates::detect(&*store, today).await;
    store.close().await;
    print(&found?);
    Ok(ExitCode::SUCCESS)
}

/// The detection in French (also after an import).
pub fn print(d: &Detection) {
    say!("{}", logis_transfer::follow_up::duplicates_said(d));
    if d.pairs > 0 {
        let parts: Vec<String> = Criterion::ALL
            .iter()
            .zip(d.by_criterion)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| format!("{} : {}", c.label(), int(n)))
            .collect();
        say!("  {}.", parts.join(" · "));
        say!("  L'EPCI les fusionne ou les écarte sur la page « Doublons » de l'application.");
    }
    if d.shared_keys > 0 {
        say!(
            "  {} adresse{} ou numéro{} partagé{} par plus de {MOST_SHARING} demandes (un service social, par exemple) ne signale{} rien.",
            int(d.shared_keys),
            plural(d.shared_keys),
            plural(d.shared_keys),
            plural(d.shared_keys),
            if d.shared_keys > 1 { "nt" } else { "" }
        );
    }
}
