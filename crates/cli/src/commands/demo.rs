//! `logis demo`: the demonstration territory, created on first run in an empty database
//! (marked as the demo's), then summarised. A database that already holds data, and that
//! `logis demo` did not create, is refused: its accounts with published passwords would open
//! it to anyone.

use super::{demo_accounts, serve};
use crate::database;
use anyhow::{Context, Result, bail};
use logis_domain::Clock;
use logis_domain::french::{date, int};
use logis_store::access::accounts;
use logis_store::{Overview, Store, settings};
use logis_synth::Scale;
use logis_transfer::Silent;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use time::{Date, Month, OffsetDateTime};

/// The seed of the demonstration territory: everyone sees the same demo.
const DEMO_SEED: u64 = 2022;

/// The demo territory's name, shown in the application's pages.
const TERRITOIRE: &str = "CC Terres des Confluences";

pub async fn run(
    url: &str,
    serve_on: Option<SocketAddr>,
    mail: Option<&std::path::Path>,
    clock: Arc<dyn Clock>,
) -> Result<ExitCode> {
    let mailer = serve::mailer(mail)?;
    if serve_on.is_some() {
        // Before the demo territory is scored: its server's scoring gives way to the pages.
        logis_cotation::giving_way::scoring_threads_give_way();
    }
    let store = database::open(url).await?;
    let now = clock.now();
    let today = logis_domain::french::paris_date(now);
    let reference = last_31_december(today);
    let mut overview = store.overview(reference).await?;
    let marked = settings::get(&*store, settings::DEMONSTRATION).await?.is_some();
    if !marked {
        let empty = overview.demandes_total == 0
            && overview.logements == 0
            && accounts::all(&*store).await?.is_empty();
        if !empty {
            store.close().await;
            bail!(
                "cette base contient déjà des données et n'a pas été créée par « logis demo » :                  aucun compte de démonstration (aux mots de passe publiés) n'y est ajouté.\n                 Pour servir cette base : logis --database {url} serve\n                 Pour la démonstration, choisissez une autre base, par exemple :                  logis --database sqlite://demo.db demo"
            );
        }
        let mark = settings::StoredSetting {
            key: settings::DEMONSTRATION.to_owned(),
            text: format!("créée par logis demo le {}", date(today)),
            changed_at: now.unix_timestamp(),
            changed_by: "logis demo".to_owned(),
        };
        store.execute(&[settings::save(&mark)]).await?;
    }
    if overview.demandes_total == 0 {
        say!(
            "Première exécution : création du territoire de démonstration (CC Terres des Confluences)…"
        );
        create(&*store, now).await?;
        let grid = logis_cotation::default_grid();
        logis_cotation::stored::register_grid(&*store, &grid, today).await?;
        let cotation =
            logis_cotation::stored::refresh(&*store, reference, now.unix_timestamp()).await?;
        say!(
            "Cotation de {} demandes actives au {} avec la grille d'exemple (docs/grille-cctc.toml).",
            int(cotation.scored as u64),
            date(reference)
        );
        let found = logis_store::dossiers::duplicates::detect(&*store, today).await?;
        super::duplicates::print(&found);
        overview = store.overview(reference).await?;
    }
    demo_accounts::ensure(&*store, now.unix_timestamp()).await?;
    print(&overview, url);
    say!("");
    say!("Comptes de démonstration (identifiant / mot de passe) :");
    for account in &logis_access::demo::ACCOUNTS {
        say!("  {:<13} {:<24} {}", account.login, account.password, account.role.label());
    }
    say!("");
    let Some(addr) = serve_on else {
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    };
    let published = serve::Published::Demonstration;
    let site = serve::Site {
        addr,
        territoire: TERRITOIRE,
        proxies: Vec::new(),
        mail,
        public_address: None,
    };
    serve::serve(Arc::from(store), site, mailer, published, clock).await
}

/// The last 31 December strictly before `today`.
fn last_31_december(today: Date) -> Date {
    Date::from_calendar_date(today.year() - 1, Month::December, 31).expect("31 December exists")
}

async fn create(store: &dyn Store, now: OffsetDateTime) -> Result<()> {
    let dir = tempfile::tempdir().context("création d'un dossier temporaire")?;
    let path = dir.path().to_owned();
    tokio::task::spawn_blocking(move || {
        logis_synth::generate(Scale::Cctc, DEMO_SEED, &path, &|_, _| {})
    })
    .await
    .context("génération interrompue")??;
    let outcome = logis_transfer::import(store, dir.path(), Arc::new(Silent), now).await?;
    if !outcome.written {
        let first = outcome.report.errors.first().map(ToString::to_string).unwrap_or_default();
        bail!("le territoire de démonstration n'a pas pu être chargé ({first})");
    }
    Ok(())
}

fn print(o: &Overview, url: &str) {
    say!("");
    say!("Logis — territoire de démonstration : Communauté de communes Terres des Confluences");
    say!("Base : {url}");
    say!("");
    if let Some(reference) = o.reference {
        say!("  Demandes actives au {} : {}", date(reference), int(o.demandes_actives));
    }
    say!("  Attributions (baux signés) par année :");
    for (year, n) in &o.attributions_par_annee {
        say!("    {year} : {}", int(*n));
    }
    say!("  Logements sociaux : {}", int(o.logements));
    say!("  Bailleurs : {}", int(o.bailleurs));
    say!("");
    if let Some((year, _)) = o.attributions_par_annee.last() {
        say!("Le bilan de l'année {year} en PDF :");
        let database =
            if url == "sqlite://logis.db" { String::new() } else { format!("--database {url} ") };
        say!("  logis {database}bilan --year {year} --format pdf --out bilan-{year}.pdf");
    }
    say!("Pour aller plus loin : logis --help");
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reference_is_the_previous_year_end() {
        assert_eq!(last_31_december(date!(2026 - 11 - 29)), date!(2025 - 12 - 31));
        assert_eq!(last_31_december(date!(2026 - 01 - 01)), date!(2025 - 12 - 31));
        assert_eq!(last_31_december(date!(2026 - 12 - 31)), date!(2025 - 12 - 31));
    }
}
