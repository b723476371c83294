//! The CCTC demo territory matches what the seed document and data.md say of the territory,
//! measured with the domain's own definitions on the generated files.

use logis_domain::household::ConsumptionUnits;
use logis_domain::{Attribution, Date, Demande, Dossier, Membre, Seuils};
use logis_exchange::{FileSet, MembreRow, Report, read_records};
use std::collections::HashMap;

struct Territory {
    demandes: Vec<Demande>,
    membres: HashMap<String, Vec<Membre>>,
    attributions: Vec<Attribution>,
    seuils: Vec<Seuils>,
}

fn generated(seed: u64) -> Territory {
    let dir = tempfile::tempdir().expect("temporary folder");
    logis_synth::generate(logis_synth::Scale::Cctc, seed, dir.path(), &|_, _| {})
        .expect("generate");
    let mut report = Report::default();
    let set = FileSet::open(dir.path(), &mut report).expect("file set");
    let entry = |kind| set.entry(kind).expect("file present");
    let mut t = Territory {
        demandes: vec![],
        membres: HashMap::new(),
        attributions: vec![],
        seuils: vec![],
    };
    read_records(&set, entry(logis_exchange::FileKind::Demandes), &mut report, |_, d, _| {
        t.demandes.push(d)
    });
    read_records(
        &set,
        entry(logis_exchange::FileKind::Membres),
        &mut report,
        |_, m: MembreRow, _| {
            t.membres.entry(m.numero_unique.to_string()).or_default().push(m.membre)
        },
    );
    read_records(&set, entry(logis_exchange::FileKind::Attributions), &mut report, |_, a, _| {
        t.attributions.push(a)
    });
    read_records(&set, entry(logis_exchange::FileKind::Seuils), &mut report, |_, s, _| {
        t.seuils.push(s)
    });
    assert!(report.errors.is_empty(), "{:?}", &report.errors[..report.errors.len().min(3)]);
    t
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

#[test]
fn the_demo_territory_is_calibrated_on_the_seed() {
    let t = generated(2022);
    for year in 2019..=2025 {
        let reference = Date::from_calendar_date(year, time::Month::December, 31).expect("date");
        let active: Vec<&Demande> =
            t.demandes.iter().filter(|d| d.is_active_at(reference)).collect();
        assert!(
            (400..=600).contains(&active.len()),
            "{year}: {} active applications",
            active.len()
        );
        let allocations = t.attributions.iter().filter(|a| a.year() == year).count();
        assert!((110..=200).contains(&allocations), "{year}: {allocations} allocations");
        let pressure = share(active.len(), allocations);
        assert!(
            (2.0..=5.0).contains(&pressure),
            "{year}: pressure {pressure:.2} (the seed: about 4)"
        );
    }

    let reference = Date::from_calendar_date(2025, time::Month::December, 31).expect("date");
    let active: Vec<&Demande> = t.demandes.iter().filter(|d| d.is_active_at(reference)).collect();
    let transfers = active.iter().filter(|d| d.is_mutation()).count();
    assert!((0.25..=0.42).contains(&share(transfers, active.len())), "about a third transfers");
    let priority = active.iter().filter(|d| d.is_priority()).count();
    assert!(priority > 0 && share(priority, active.len()) < 0.35, "priority households among them");
    assert!(active.iter().any(|d| d.dalo == Some(true)), "DALO households among them");

    let seuils = t.seuils.iter().find(|s| s.annee == 2025).expect("2025 thresholds");
    assert_eq!(seuils.q1, logis_domain::Amount::from_euros(8391), "the published 2025 arrêté");
    fn dossier<'a>(t: &'a Territory, d: &'a Demande) -> Dossier<'a> {
        Dossier { demande: d, membres: &t.membres[d.numero_unique.as_str()] }
    }
    let q1 =
        active.iter().filter(|d| dossier(&t, d).quartile(seuils, reference).number() == 1).count();
    assert!(
        (0.17..=0.35).contains(&share(q1, active.len())),
        "about a quarter under Q1: {q1}/{}",
        active.len()
    );
    let singles = active
        .iter()
        .filter(|d| dossier(&t, d).composition() == logis_domain::Composition::PersonneSeule)
        .count();
    assert!((0.35..=0.55).contains(&share(singles, active.len())), "about 45 % single persons");
    assert!(
        active.iter().all(|d| ConsumptionUnits::at(
            &t.membres[d.numero_unique.as_str()],
            reference
        )
        .tenths()
            >= 10)
    );

    let in_qpv = t.attributions.iter().filter(|a| a.in_qpv()).count();
    assert!(in_qpv > 0 && in_qpv < t.attributions.len(), "allocations in and out of QPV");
    let main_towns = active
        .iter()
        .filter(|d| matches!(d.first_commune().map(|c| c.as_str()), Some("82033" | "82112")))
        .count();
    assert!(
        share(main_towns, active.len()) >= 0.65,
        "demand concentrates in Castelsarrasin and Moissac"
    );
}
