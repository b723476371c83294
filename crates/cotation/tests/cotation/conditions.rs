//! The grid language's list tests: `critere_prioritaire non vide`, `motif vide`, also written
//! with the interchange format's column names, refused after anything but a list.

use crate::support::{day, demande};
use logis_cotation::condition::parse;
use logis_cotation::engine::Thresholds;
use logis_cotation::{Applicant, Facts, default_grid};
use logis_domain::{CodeInsee, CriterePrioritaire};

fn holds(condition: &str, applicant: &Applicant) -> bool {
    let at = day(2026, 6, 30);
    let grid = default_grid();
    let thresholds = Thresholds::new(Vec::new());
    let facts = Facts::at(applicant, at, thresholds.for_date(at), &grid.delays);
    parse(condition).unwrap_or_else(|e| panic!("{condition}: {}", e.message)).eval(&facts)
}

#[test]
fn a_list_is_tested_for_emptiness() {
    let mut without = demande("SANS", day(2025, 1, 10));
    without.criteres_prioritaires.clear();
    without.communes_souhaitees.clear();
    let mut with = demande("AVEC", day(2025, 1, 10));
    with.criteres_prioritaires = vec![CriterePrioritaire::Handicap];
    with.communes_souhaitees = vec![CodeInsee::parse("82033").expect("INSEE")];
    let (without, with) = (Applicant::new(&without, &[]), Applicant::new(&with, &[]));
    for written in ["critere_prioritaire non vide", "criteres_prioritaires non vide"] {
        assert!(holds(written, &with), "{written}");
        assert!(!holds(written, &without), "{written}");
    }
    assert!(holds("critere_prioritaire vide", &without));
    assert!(!holds("critere_prioritaire vide", &with));
    assert!(holds("non (critere_prioritaire non vide) et commune_souhaitee vide", &without));
    assert!(holds("communes_souhaitees non vide et criteres_prioritaires non vide", &with));
}

#[test]
fn only_a_list_can_be_empty() {
    for (condition, expected) in [
        ("dalo non vide", "`dalo` n'est pas une liste"),
        ("taille_menage vide", "`taille_menage` n'est pas une liste"),
        ("critere_prioritaire", "`critere_prioritaire non vide`"),
        ("vide", "`vide` doit suivre une condition"),
    ] {
        let error = parse(condition).expect_err(condition);
        assert!(error.message.contains(expected), "{condition}: {}", error.message);
    }
}
