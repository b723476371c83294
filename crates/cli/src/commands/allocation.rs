//! `logis candidats`, `logis pourquoi-pas`, `logis objectifs`: allocation for scripts — the
//! ranked candidates for a dwelling, why an application is not one, and the year's objectives
//! so far — through the same functions as the pages.

use crate::database;
use crate::table;
use anyhow::{Context, Result, bail};
use logis_allocation::examination::Examination;
use logis_allocation::progress::{Tally, progress};
use logis_allocation::stored::{candidates as ranked, why_not as examine_one};
use logis_allocation::workflow::vacancy::{dwelling, proposed_holder};
use logis_domain::Clock;
use logis_domain::Logement;
use logis_domain::french::{decimal, int};
use logis_store::Store;
use std::process::ExitCode;

async fn examination(
    store: &dyn Store,
    id: &str,
    holder: Option<&str>,
    today: time::Date,
) -> Result<(Logement, Examination)> {
    let d = dwelling(store, id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let holder = holder.map_or_else(|| proposed_holder(&d).to_string(), str::to_owned);
    let commune =
        crate::communes::name(d.commune.as_str()).unwrap_or_else(|| d.commune.as_str().to_owned());
    let exam = Examination::of(store, &holder, &d, commune, today).await?;
    Ok((d, exam))
}

pub async fn candidates(
    url: &str,
    id: &str,
    holder: Option<&str>,
    wanted: usize,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let (d, exam) = examination(&*store, id, holder, clock.today()).await?;
    let started = std::time::Instant::now();
    let found = ranked(&*store, &d, &exam.context(), wanted.max(1)).await?;
    let elapsed = started.elapsed();
    say!(
        "Logement {} ({} à {}, {}), orienté vers {} :",
        d.logement_id.as_str(),
        d.typologie.code(),
        exam.commune_name,
        d.financement.code(),
        exam.holder_name
    );
    let rows: Vec<Vec<String>> = found
        .candidates
        .iter()
        .map(|c| {
            let (b, _) = exam.assess(&d, &c.demande, &c.members);
            vec![
                c.position.to_string(),
                c.demande.numero_unique.as_str().to_owned(),
                c.score.map(|s| s.to_string()).unwrap_or_default(),
                c.members.len().to_string(),
                b.effort_percent.map(|p| format!("{} %", decimal(p, 1))).unwrap_or_default(),
                c.verdict.fits.join(" ; "),
            ]
        })
        .collect();
    table::print(
        &["Position", "Demande", "Score", "Personnes", "Taux d'effort", "Pourquoi"],
        &[true, false, true, true, true, false],
        &rows,
    );
    say!(
        "{} candidat(s) parmi {} demande(s) examinées sur {} souhaitant la commune avec une taille de ménage adaptée{} ; trouvés en {} ms.",
        found.candidates.len(),
        int(found.examined as u64),
        if found.pool > logis_store::allocation::candidates::COUNT_CAP {
            "plus de 10\u{a0}000".to_owned()
        } else {
            int(found.pool.max(0) as u64)
        },
        if found.complete { " (toutes examinées)" } else { "" },
        elapsed.as_millis()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn why_not(
    url: &str,
    id: &str,
    numero: &str,
    holder: Option<&str>,
    clock: &dyn Clock,
) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let (d, exam) = examination(&*store, id, holder, clock.today()).await?;
    let Some((_, verdict)) = examine_one(&*store, &d, numero, &exam.context()).await? else {
        store.close().await;
        bail!("aucune demande n'a le numéro {numero}");
    };
    if verdict.is_candidate() {
        say!("La demande {numero} est candidate pour le logement {} :", d.logement_id.as_str());
    } else {
        say!(
            "La demande {numero} n'est pas candidate pour le logement {} :",
            d.logement_id.as_str()
        );
        for why in &verdict.excluded {
            say!("  ✗ {why}");
        }
    }
    for fit in &verdict.fits {
        say!("  ✓ {fit}");
    }
    for check in &verdict.to_check {
        say!("  ? à vérifier : {check}");
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn cells(
    t: &Tally,
    targets: &logis_evaluation::Targets,
    quartiles: bool,
    holder: bool,
) -> Vec<String> {
    let mut row = vec![int(t.attributions)];
    for o in t.objectives(targets, quartiles, holder) {
        row.push(match (o.numerateur, o.denominateur, o.missing_allocations()) {
            (_, 0, _) => "—".to_owned(),
            (None, _, _) => "non mesurable".to_owned(),
            (Some(n), d, Some(0)) => format!("{n}/{d} atteint"),
            (Some(n), d, Some(m)) => format!("{n}/{d} manque {m}"),
            (Some(n), d, None) => format!("{n}/{d}"),
        });
    }
    row
}

pub async fn objectives(url: &str, date: Option<&str>, clock: &dyn Clock) -> Result<ExitCode> {
    let store = database::open(url).await?;
    let until = match date {
        None => clock.today(),
        Some(text) => logis_exchange::values::parse_date(text)
            .ok()
            .with_context(|| format!("date « {text} » illisible : AAAA-MM-JJ attendu"))?,
    };
    let live = progress(&*store, until).await?;
    let (settings, _) = logis_evaluation::stored_settings(&*store).await?;
    let targets = &settings.targets;
    let names = logis_transfer::bilan::holder_names(&*store).await?;
    say!("Objectifs {} au {} :", live.year, logis_domain::french::date(until));
    let headers =
        ["", "Attributions", "Hors QPV, 1er quartile", "En QPV, quartiles 2 à 4", "Prioritaires"];
    let numeric = [false, true, true, true, true];
    let mut rows = vec![
        [vec!["Territoire".to_owned()], cells(&live.whole, targets, live.quartiles, false)]
            .concat(),
    ];
    for (title, groups, named, holder) in [
        ("Bailleur", &live.by_landlord, true, false),
        ("Réservataire", &live.by_holder, true, true),
        ("Commune", &live.by_commune, false, false),
    ] {
        for (key, t) in groups {
            let name = if named {
                names.get(key).cloned().unwrap_or_else(|| key.clone())
            } else {
                crate::communes::name(key).unwrap_or_else(|| key.clone())
            };
            rows.push(
                [vec![format!("{title} : {name}")], cells(t, targets, live.quartiles, holder)]
                    .concat(),
            );
        }
    }
    table::print(&headers, &numeric, &rows);
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
