//! The generated conventions.csv: every landlord has conventions for every year of the history
//! and the next, with holders of organismes.csv, within the whole flow and the State's 30 % on
//! every perimeter; the allocations' holders are among them; on both scales.

use logis_domain::{Attribution, Convention, Organisme, OrganismeId, OrganismeType};
use logis_exchange::{FileKind, FileSet, Record, Report, read_records};
use logis_synth::{Scale, Territory};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

fn rows<T: Record>(dir: &Path) -> Vec<T> {
    let mut report = Report::default();
    let set = FileSet::open(dir, &mut report).expect("file set");
    let mut found = Vec::new();
    read_records(&set, set.entry(T::KIND).expect("file present"), &mut report, |_, r, _| {
        found.push(r)
    });
    assert!(report.errors.is_empty(), "{:?}", &report.errors[..report.errors.len().min(3)]);
    found
}

/// What the import checks of conventions that the territory's organismes tell, and that each
/// landlord has conventions for each of `years`.
fn check(t: &Territory, conventions: &[Convention], years: std::ops::RangeInclusive<i32>) {
    let kinds: HashMap<&OrganismeId, OrganismeType> =
        t.organismes.iter().map(|o| (&o.organisme_id, o.kind)).collect();
    for c in conventions {
        assert_eq!(kinds.get(&c.bailleur), Some(&OrganismeType::Bailleur), "{c:?}");
        let holder = kinds.get(&c.reservataire).expect("a holder of organismes.csv");
        assert_ne!(*holder, OrganismeType::Bailleur, "{c:?}");
        assert!(c.date_signature.is_some_and(|d| d.year() < c.annee), "{c:?}");
    }
    let breaches = logis_flux::conventions::breaches(conventions, |id| {
        kinds.get(id) == Some(&OrganismeType::Etat)
    });
    assert!(breaches.is_empty(), "{}", breaches[0]);
    let covered: BTreeSet<(&OrganismeId, i32)> =
        conventions.iter().map(|c| (&c.bailleur, c.annee)).collect();
    for landlord in t.organismes.iter().filter(|o| o.kind == OrganismeType::Bailleur) {
        for year in years.clone() {
            assert!(covered.contains(&(&landlord.organisme_id, year)), "{landlord:?} {year}");
        }
    }
    assert!(conventions.iter().any(|c| c.commune.is_some()), "commune perimeters too");
}

#[test]
fn the_demo_territory_s_conventions_cover_every_landlord_and_its_allocations() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let summary = logis_synth::generate(Scale::Cctc, 5, dir.path(), &|_, _| {}).expect("generate");
    let conventions: Vec<Convention> = rows(dir.path());
    assert_eq!(summary.conventions, conventions.len() as u64);
    let t = Scale::Cctc.territory();
    assert_eq!(rows::<Organisme>(dir.path()), t.organismes);
    check(&t, &conventions, 2019..=2026);
    let etat = |b: &str, year: i32| {
        conventions
            .iter()
            .find(|c| {
                c.bailleur.as_str() == b && c.reservataire.as_str() == "etat" && c.annee == year
            })
            .map(|c| c.part.to_string())
    };
    assert_eq!(etat("tgh", 2025).as_deref(), Some("25"));
    // Every allocation goes to its landlord or to a holder with a convention of its year.
    let held: BTreeSet<(&str, &str, i32)> = conventions
        .iter()
        .map(|c| (c.bailleur.as_str(), c.reservataire.as_str(), c.annee))
        .collect();
    let attributions: Vec<Attribution> = rows(dir.path());
    assert!(!attributions.is_empty());
    for a in &attributions {
        let holder = (a.bailleur.as_str(), a.reservataire.as_str(), a.year());
        assert!(a.reservataire == a.bailleur || held.contains(&holder), "{holder:?}");
    }
    // The same territory gives the same conventions, whatever the seed.
    let again = tempfile::tempdir().expect("temporary folder");
    logis_synth::generate(Scale::Cctc, 6, again.path(), &|_, _| {}).expect("generate");
    let read = |d: &Path| std::fs::read(d.join(FileKind::Conventions.file_name())).expect("file");
    assert_eq!(read(dir.path()), read(again.path()));
}

#[test]
fn the_national_set_s_conventions_cover_every_landlord() {
    let t = Scale::National.territory();
    let conventions = logis_synth::conventions::conventions(&t);
    check(&t, &conventions, 2024..=2026);
}
