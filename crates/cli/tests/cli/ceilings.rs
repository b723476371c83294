//! `logis plafonds FICHIER.csv [--verifier]`: the year's income ceilings checked, then merged
//! into the settings, with the report of what changed.

use crate::support::{logis, stderr, stdout};

#[test]
fn the_year_s_ceilings_are_checked_then_imported() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let csv = "annee,financement,zone,categorie,plafond_eur\n2026,PLAI,autres_regions,1,12900\n\
               2026,PLAI,autres_regions,2,18800\n2026,PLAI,autres_regions,3,22600\n\
               2026,PLAI,autres_regions,4,25100\n2026,PLAI,autres_regions,5,29400\n\
               2026,PLAI,autres_regions,6,33100\n2026,PLAI,autres_regions,sup,3700\n";
    std::fs::write(dir.path().join("plafonds.csv"), csv).expect("file");
    let checked = logis(dir.path(), &["plafonds", "plafonds.csv", "--verifier"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(stdout(&checked).contains("Vérification (rien n'est enregistré)"));
    assert!(stdout(&checked).contains("ajoutée : PLAI 2026, autres régions"));
    let imported = stdout(&logis(dir.path(), &["plafonds", "plafonds.csv"]));
    assert!(imported.contains("ajoutée : PLAI 2026, autres régions"), "{imported}");
    let again = stdout(&logis(dir.path(), &["plafonds", "plafonds.csv"]));
    assert!(again.contains("1 table inchangée"), "saved the first time: {again}");
    std::fs::write(dir.path().join("autre.csv"), "a;b\n1;2\n").expect("file");
    let wrong = logis(dir.path(), &["plafonds", "autre.csv"]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("colonnes attendues"), "{}", stderr(&wrong));
}
