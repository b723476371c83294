//! `logis avis-renouvellement [--date D] [--simulation] [--courriel FICHIER] [--courriers
//! FICHIER.pdf]`: the day's renewal notices sent (or, in a simulation, counted), their report
//! printed in French; the letters to post written to a PDF when asked (its names and
//! addresses: a line in the audit log). Only a simulation may be made as of a future day.

use super::serve::mailer;
use crate::database;
use anyhow::{Context, Result, bail};
use logis_domain::french::{date as french_date, int, plural};
use logis_domain::work::AuditAction;
use logis_domain::{Clock, Date};
use logis_store::access::{self, audit};
use logis_web::notices::{self, NoticeReport};
use std::path::Path;
use std::process::ExitCode;

/// Who runs the command, in the audit log.
const BY: &str = "ligne de commande";

/// What the command was asked.
pub struct Request<'a> {
    pub date: Option<Date>,
    pub simulation: bool,
    pub mail: Option<&'a Path>,
    pub territoire: &'a str,
    pub space: Option<&'a str>,
    pub letters: Option<&'a Path>,
}

pub async fn run(url: &str, request: &Request<'_>, clock: &dyn Clock) -> Result<ExitCode> {
    let now = clock.now();
    let today = request.date.unwrap_or(logis_domain::french::paris_date(now));
    if today > logis_domain::french::paris_date(now) && !request.simulation {
        bail!(
            "les avis ne peuvent pas être envoyés à une date future ({}) : seule une simulation le peut (logis avis-renouvellement --simulation --date {})",
            french_date(today),
            french_date(today)
        );
    }
    let mailer = mailer(request.mail)?;
    let store = database::open(url).await?;
    let outcome = if request.simulation {
        notices::preview(&*store, mailer.is_some(), today).await
    } else {
        let at = now.unix_timestamp();
        let (territoire, space) = (request.territoire, request.space);
        notices::run(&*store, mailer.as_deref(), today, at, territoire, space).await
    };
    let written = match (outcome.is_ok() && !request.simulation, request.letters) {
        (true, Some(path)) => {
            write_letters(&*store, today, request, path, now.unix_timestamp()).await
        }
        _ => Ok(None),
    };
    store.close().await;
    let report = outcome?;
    print(&report, today, request.simulation);
    if let Some((n, path)) = written? {
        let s = plural(n);
        say!("{} courrier{s} du jour écrit{s} dans {}", int(n), path);
    }
    Ok(ExitCode::SUCCESS)
}

fn print(r: &NoticeReport, today: Date, simulation: bool) {
    let day = french_date(today);
    let (e, l, f) = (u64::from(r.courriels), u64::from(r.courriers), u64::from(r.echecs));
    if simulation {
        say!("Simulation au {day} : rien n'est envoyé ni enregistré.");
        say!("  {} courriel{} partirai{}", int(e), plural(e), if e > 1 { "ent" } else { "t" });
        say!(
            "  {} courrier{} serai{} à poster",
            int(l),
            plural(l),
            if l > 1 { "ent" } else { "t" }
        );
        say!("Pour envoyer : logis avis-renouvellement");
        return;
    }
    say!("Avis de renouvellement du {day} :");
    say!("  {} courriel{s} envoyé{s}", int(e), s = plural(e));
    say!("  {} courrier{s} à imprimer et poster", int(l), s = plural(l));
    say!("  {} courriel{s} en échec, réessayé{s} au prochain passage", int(f), s = plural(f));
    if l > 0 {
        say!(
            "Les courriers se téléchargent sur la page « Avis de renouvellement » (Paramètres) ou avec --courriers FICHIER.pdf."
        );
    }
}

/// Writes the letters of `today` to `path`, with a line in the audit log; how many.
async fn write_letters(
    store: &dyn logis_store::Store,
    today: Date,
    request: &Request<'_>,
    path: &Path,
    at: i64,
) -> Result<Option<(u64, String)>> {
    let letters = notices::letters_of(store, today).await?;
    let n = letters.len() as u64;
    let target = format!(
        "avis de renouvellement : courriers du {} ({n} courriers, noms et adresses)",
        french_date(today)
    );
    let entry = audit::AuditEntry {
        at,
        login: BY.to_owned(),
        action: AuditAction::Export,
        target,
        origin: BY.to_owned(),
    };
    access::write(store, audit::record(&entry)).await?;
    let document = notices::letters(request.territoire, today, &letters, request.space);
    let bytes = logis_report::to_pdf(&document).map_err(|e| anyhow::anyhow!("PDF : {e}"))?;
    std::fs::write(path, bytes)
        .with_context(|| format!("{} ne peut pas être écrit", path.display()))?;
    Ok(Some((n, path.display().to_string())))
}
