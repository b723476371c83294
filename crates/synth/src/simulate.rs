//! The simulation: dwellings are laid out, applications are filed year after year, and each
//! one ends in an allocation, a removal, or is still active at the end of the history.
//! Rows are written as they are drawn: memory holds the dwellings' index, never the
//! applications.

use crate::applications::{Application, Demand, Drawn, draw_application};
use crate::dwellings::Stock;
use crate::random::Rand;
use crate::territory::Territory;
use logis_domain::{Attribution, Statut};
use logis_exchange::{FileKind, MembreRow, RecordWriter};
use rand::{Rng, SeedableRng};
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;
use time::{Date, Month};

/// Rows written per file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub organismes: u64,
    pub seuils: u64,
    pub conventions: u64,
    pub logements: u64,
    pub demandes: u64,
    pub membres: u64,
    pub attributions: u64,
    /// Applications active at the end of the history.
    pub actives_fin: u64,
}

struct Writers {
    demandes: RecordWriter<BufWriter<File>>,
    membres: RecordWriter<BufWriter<File>>,
    attributions: RecordWriter<BufWriter<File>>,
}

/// Generates the territory into `out` (created if missing). `progress(done, total)` counts
/// filing years.
pub fn simulate(
    t: &Territory,
    seed: u64,
    out: &Path,
    progress: &dyn Fn(u64, u64),
) -> io::Result<Summary> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rand::seed_from_u64(seed);
    let mut summary = Summary::default();

    let mut w = RecordWriter::create(out, FileKind::Organismes)?;
    for o in &t.organismes {
        w.write(o)?;
        summary.organismes += 1;
    }
    w.finish()?;
    let mut w = RecordWriter::create(out, FileKind::Seuils)?;
    for s in &t.seuils {
        w.write(s)?;
        summary.seuils += 1;
    }
    w.finish()?;
    // Derived from the territory alone: the generator's draws stay as they were.
    let mut w = RecordWriter::create(out, FileKind::Conventions)?;
    for c in crate::conventions::conventions(t) {
        w.write(&c)?;
        summary.conventions += 1;
    }
    w.finish()?;

    let stock = Stock::lay_out(t, &mut rng, out, &mut summary)?;
    let demand = Demand::new(t);
    let mut writers = Writers {
        demandes: RecordWriter::create(out, FileKind::Demandes)?,
        membres: RecordWriter::create(out, FileKind::Membres)?,
        attributions: RecordWriter::create(out, FileKind::Attributions)?,
    };
    let end =
        Date::from_calendar_date(t.last_year, Month::December, 31).expect("31 December exists");
    let years = (t.first_filing_year..=t.last_year).count() as u64;
    let mut drawn = Drawn::default();
    for (done, year) in (t.first_filing_year..=t.last_year).enumerate() {
        let count = (t.filings_per_year * rng.random_range(0.97..1.03)).round() as u64;
        for _ in 0..count {
            let app = draw_application(t, &demand, &mut rng, year, end, &mut drawn);
            let Some(app) = app.filter(|a| a.relevant(t.relevant_from)) else { continue };
            let allocation = (app.demande.statut == Statut::Attribuee)
                .then(|| stock.allocate(t, &app, &mut rng));
            write_application(&mut writers, &app, allocation, end, &mut summary)?;
        }
        progress(done as u64 + 1, years);
    }
    writers.demandes.finish()?;
    writers.membres.finish()?;
    writers.attributions.finish()?;
    Ok(summary)
}

/// Draws the territory's applications as the simulation does, without dwellings or
/// allocations, and hands them to `each` in memory: national-scale inputs for benchmarks of
/// in-memory computations. (The random draws differ from [`simulate`]'s, which also lays out
/// dwellings and allocates them.)
pub fn applications(t: &Territory, seed: u64, each: &mut dyn FnMut(Application)) {
    let mut rng = Rand::seed_from_u64(seed);
    let demand = Demand::new(t);
    let end =
        Date::from_calendar_date(t.last_year, Month::December, 31).expect("31 December exists");
    let mut drawn = Drawn::default();
    for year in t.first_filing_year..=t.last_year {
        let count = (t.filings_per_year * rng.random_range(0.97..1.03)).round() as u64;
        for _ in 0..count {
            let app = draw_application(t, &demand, &mut rng, year, end, &mut drawn);
            if let Some(app) = app.filter(|a| a.relevant(t.relevant_from)) {
                each(app);
            }
        }
    }
}

fn write_application(
    w: &mut Writers,
    app: &Application,
    allocation: Option<Attribution>,
    end: Date,
    summary: &mut Summary,
) -> io::Result<()> {
    w.demandes.write(&app.demande)?;
    summary.demandes += 1;
    if app.demande.is_active_at(end) {
        summary.actives_fin += 1;
    }
    for m in &app.membres {
        w.membres.write(&MembreRow {
            numero_unique: app.demande.numero_unique.clone(),
            membre: m.clone(),
        })?;
        summary.membres += 1;
    }
    if let Some(a) = allocation {
        w.attributions.write(&a)?;
        summary.attributions += 1;
    }
    Ok(())
}
