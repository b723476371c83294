//! The evaluation of a year's allocations and the comparison of two grids, on small
//! territories whose answer is known by construction.

use crate::support::{day, demande};
use logis_cotation::compare::compare;
use logis_cotation::engine::Thresholds;
use logis_cotation::evaluation::{NO_REASON, Unevaluated, evaluate};
use logis_cotation::{Applicant, Grid};
use logis_domain::*;

/// A grid where DALO gives 100 points and seniority 1 point per month.
fn grid(from: &str) -> Grid {
    Grid::parse(&format!(
        "nom = \"G\"\nen_vigueur = {from}\n[[critere]]\ncode = \"dalo\"\nlibelle = \"DALO\"\nsi = \"dalo\"\npoints = 100\n[[critere]]\ncode = \"anciennete\"\nlibelle = \"A\"\npoints = 1\npar = \"anciennete_mois\"\n"
    ))
    .expect("valid grid")
}

fn person(numero: &str, depot: Date, dalo: bool, lease: Option<Date>) -> Applicant {
    let mut d = demande(numero, depot);
    d.dalo = Some(dalo);
    if let Some(lease) = lease {
        d.statut = Statut::Attribuee;
        d.date_radiation = Some(lease);
    }
    let born = day(1980, 1, 1);
    Applicant::new(&d, &[Membre { rang: 1, lien: Lien::Titulaire, date_naissance: born }])
}

fn lease(numero: &str, cal: Option<Date>, bail: Date, reason: Option<&str>) -> Attribution {
    Attribution {
        numero_unique: NumeroUnique::parse(numero).expect("valid"),
        logement_id: None,
        bailleur: OrganismeId::parse("tgh").expect("valid"),
        commune: CodeInsee::parse("82033").expect("valid"),
        qpv: None,
        typologie: Typologie::T2,
        reservataire: OrganismeId::parse("tgh").expect("valid"),
        date_cal: cal,
        date_bail: bail,
        relogement_anru: None,
        motif_ecart: reason.map(str::to_owned),
    }
}

#[test]
fn the_allocated_household_is_ranked_among_those_active_on_the_day() {
    // A (DALO) is the best; B is older than C; D left before the commission.
    let applicants = vec![
        person("A", day(2024, 6, 1), true, None),
        person("B", day(2022, 1, 1), false, Some(day(2025, 3, 10))),
        person("C", day(2023, 1, 1), false, Some(day(2025, 5, 2))),
        person("D", day(2020, 1, 1), false, Some(day(2024, 12, 1))),
    ];
    let attributions = vec![
        // B got a dwelling on 01/03/2025 although A was better placed: rank 2 of 3.
        lease(
            "B",
            Some(day(2025, 3, 1)),
            day(2025, 3, 10),
            Some("candidat mieux classé injoignable"),
        ),
        // C, the day before its lease (no commission date): B is gone, A still ahead: rank 2 of 2.
        lease("C", None, day(2025, 5, 2), None),
        // Unknown application.
        lease("Z", Some(day(2025, 6, 1)), day(2025, 6, 2), None),
        // Another year: not counted.
        lease("D", Some(day(2024, 11, 20)), day(2024, 12, 1), None),
    ];
    let e =
        evaluate(&[grid("2024-01-01")], &applicants, &Thresholds::default(), &attributions, 2025);
    assert_eq!(e.totals.allocations, 3);
    assert_eq!(e.totals.evaluated, 2);
    assert_eq!(e.totals.best, 0);
    let ranks: Vec<_> = e.rows.iter().map(|r| r.outcome.map(|o| (o.rank, o.comparables))).collect();
    assert_eq!(ranks, [Ok((2, 3)), Ok((2, 2)), Err(Unevaluated::NotActive)]);
    assert_eq!(e.rows[1].decision, day(2025, 5, 1));
    assert_eq!(e.totals.departures_with_reason, 1);
    assert_eq!(
        e.reasons,
        [("candidat mieux classé injoignable".to_owned(), 1), (NO_REASON.to_owned(), 1)]
    );
    assert_eq!(e.by_landlord.len(), 1);
    assert_eq!(e.totals.median_rank, Some(2.0));
}

#[test]
fn allocations_before_any_grid_are_not_evaluated() {
    let applicants = vec![person("B", day(2022, 1, 1), false, Some(day(2025, 3, 10)))];
    let attributions = vec![lease("B", Some(day(2025, 3, 1)), day(2025, 3, 10), None)];
    let e =
        evaluate(&[grid("2026-01-01")], &applicants, &Thresholds::default(), &attributions, 2025);
    assert_eq!(e.totals.evaluated, 0);
    assert_eq!(e.unevaluated, [(Unevaluated::NoGrid, 1)]);
}

#[test]
fn comparing_a_grid_with_itself_moves_nobody_and_a_change_moves_who_it_should() {
    let applicants = vec![
        person("A", day(2024, 6, 1), true, None),
        person("B", day(2022, 1, 1), false, None),
        person("C", day(2023, 1, 1), false, None),
    ];
    let at = day(2025, 12, 31);
    let old = grid("2024-01-01");
    let same = compare(&old, &old, &applicants, &Thresholds::default(), at);
    assert_eq!(same.changed_rank, 0);
    assert!(same.largest.is_empty());

    // Without the DALO points, A (the most recent) falls from first to last.
    let new = Grid::parse(&old.texte.replace("points = 100", "points = 0")).expect("valid");
    let c = compare(&old, &new, &applicants, &Thresholds::default(), at);
    assert_eq!((c.changed_rank, c.gaining, c.losing), (3, 2, 1));
    let a = c.moves.iter().find(|m| m.applicant == 0).expect("A");
    assert_eq!((a.old_rank, a.new_rank, a.places()), (1, 3, -2));
    assert_eq!(c.largest[0], 0, "A moves the most");
    assert_eq!(c.buckets.iter().map(|b| b.count).sum::<usize>(), 3);
    let priority = c.groups.iter().find(|g| g.value == "prioritaire").expect("priority group");
    assert_eq!((priority.count, priority.mean_places), (1, -2.0));
    assert_eq!(
        c.headline().1.map(|g| g.value.as_str()),
        None,
        "groups under 5 applications are not headlines"
    );
}
