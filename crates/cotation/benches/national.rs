//! Benchmark of the cotation at national scale, in memory: about 2.7 million active
//! applications drawn by the synthetic generator, scored with the documented grid on every
//! core, then ranked among comparable applications; the same with a grid of twice as many
//! criteria (the cost grows linearly with applications × criteria), and the comparison of two
//! grids. Run with `cargo bench -p logis-cotation --bench national`
//! (`LOGIS_BENCH_SCALE=cctc` for the demo territory).

use logis_cotation::compare::compare;
use logis_cotation::engine::{Thresholds, positions, score_active};
use logis_cotation::waiting::{Lease, WaitingTimes};
use logis_cotation::{Applicant, Grid, default_grid};
use logis_domain::{Date, Statut, Typologie};
use logis_synth::Scale;
use logis_testkit::bench::timed;
use time::Month;

/// The documented grid with every criterion twice (the copies under new codes).
fn doubled_grid() -> Grid {
    let mut grid = default_grid();
    let copies = |part: &[logis_cotation::grid::Criterion]| -> Vec<_> {
        part.iter()
            .map(|c| {
                let mut copy = c.clone();
                copy.code = format!("bis_{}", c.code).into();
                copy.groupe = c.groupe.as_ref().map(|g| format!("bis_{g}"));
                copy
            })
            .collect()
    };
    let general = copies(&grid.general);
    grid.general.extend(general);
    if let Some(part) = &mut grid.mutation {
        let transfer = copies(part);
        part.extend(transfer);
    }
    grid
}

fn main() {
    let scale = match std::env::var("LOGIS_BENCH_SCALE").as_deref() {
        Ok("cctc") => Scale::Cctc,
        _ => Scale::National,
    };
    let territory = scale.territory();
    let end = Date::from_calendar_date(territory.last_year, Month::December, 31).expect("date");
    let mut applicants = Vec::new();
    let mut leases = Vec::new();
    timed("tirage des demandes (générateur, hors mesure de la cotation)", || {
        logis_synth::applications(&territory, 1, &mut |app| {
            let d = &app.demande;
            if d.is_active_at(end) {
                applicants.push(Applicant::new(d, &app.membres));
            } else if d.statut == Statut::Attribuee {
                let lease_date =
                    d.date_radiation.expect("allocated applications have a lease date");
                leases.push(Lease {
                    commune: logis_cotation::facts::commune(&d.communes_souhaitees[0]),
                    typologie: d.first_typologie().unwrap_or(Typologie::T3),
                    date_depot: d.date_depot,
                    date_bail: lease_date,
                });
            }
        });
        applicants.sort_by(|a, b| a.numero.cmp(&b.numero));
    });
    let thresholds = Thresholds::new(territory.seuils.clone());
    let grid = default_grid();
    let criteria = grid.criteria().count();
    println!(
        "{} demandes actives au {end}, {} attributions, grille de {criteria} critères, {} cœurs",
        applicants.len(),
        leases.len(),
        rayon::current_num_threads()
    );
    let scored = timed("cotation de toutes les demandes actives", || {
        score_active(&grid, &applicants, end, &thresholds)
    });
    timed("positions parmi les demandes comparables (rang, quartiles)", || {
        positions(&applicants, &scored)
    });
    timed("délais d'attente observés (12 derniers mois)", || WaitingTimes::observe(&leases, end));
    let doubled = doubled_grid();
    timed(&format!("cotation avec une grille de {} critères", doubled.criteria().count()), || {
        score_active(&doubled, &applicants, end, &thresholds)
    });
    timed("comparaison de deux grilles (2 cotations, 2 classements)", || {
        compare(&grid, &doubled, &applicants, &thresholds, end)
    });
}
