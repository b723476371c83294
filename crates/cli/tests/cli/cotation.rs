//! `logis cotation` as users run it: scoring the demo, one application's breakdown, a refused
//! grid, rescoring after an import, comparing grids and evaluating a year.

use crate::support::{logis, stderr, stdout};
use std::path::Path;

fn demo(dir: &Path) {
    let out = logis(dir, &["demo", "--sans-serveur"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Cotation de"), "the demo scores its territory");
}

/// A numéro unique from a comparison's largest moves, or any scored application.
fn some_scored_application(dir: &Path) -> String {
    let out = logis(
        dir,
        &[
            "cotation",
            "compare",
            "../grille.toml",
            "../autre.toml",
            "--date",
            "31/12/2025",
            "--out",
            "detail.csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(dir.join("detail.csv")).expect("CSV written");
    csv.lines().nth(1).and_then(|l| l.split(';').next()).expect("a row").to_owned()
}

/// A demo database in `ROOT/db`, with the documented grid in `ROOT/grille.toml` and a variant
/// (`from` replaced by `to`) in `ROOT/autre.toml`.
fn demo_with_grids(from: &str, to: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().expect("temporary folder");
    let dir = root.path().join("db");
    std::fs::create_dir(&dir).expect("folder");
    std::fs::write(root.path().join("grille.toml"), logis_cotation::DEFAULT_GRID).expect("grid");
    let other = logis_cotation::DEFAULT_GRID.replace(from, to);
    std::fs::write(root.path().join("autre.toml"), other).expect("grid");
    demo(&dir);
    (root, dir)
}

#[test]
fn the_demo_is_scored_and_one_application_explained() {
    let (_root, dir) = demo_with_grids("points = 50", "points = 120");
    let numero = some_scored_application(&dir);
    let out = logis(&dir, &["cotation", "show", &numero]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "Score :",
        "Détail des points",
        "Position :",
        "demandes comparables",
        "Délai d'attente observé",
        "Historique des scores",
        "Ancienneté de la demande",
    ] {
        assert!(text.contains(expected), "« {expected} » missing:\n{text}");
    }
    let unknown = logis(&dir, &["cotation", "show", "INCONNU"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("Aucune demande n'a le numéro unique « INCONNU »"));
}

#[test]
fn a_faulty_grid_is_refused_with_its_line_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    demo(dir.path());
    std::fs::write(
        dir.path().join("faute.toml"),
        "nom = \"Essai\"\nen_vigueur = 2026-01-01\n[[critere]]\ncode = \"a\"\nlibelle = \"A\"\npionts = 3\n",
    )
    .expect("grid");
    let out = logis(dir.path(), &["cotation", "--grid", "faute.toml"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("grille refusée : 2 problèmes"), "{err}");
    assert!(err.contains("ligne 6, colonne 1 : clé `pionts` inconnue dans un critère (vouliez-vous dire `points` ?)"), "{err}");
}

#[test]
fn an_import_rescores_and_a_new_grid_is_registered() {
    let dir = tempfile::tempdir().expect("temporary folder");
    demo(dir.path());
    assert!(logis(dir.path(), &["export", "set"]).status.success());
    // The demo's files exported as they were imported, byte for byte: recognised, not read.
    let out = logis(dir.path(), &["import", "set"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Ces fichiers sont, octet pour octet, ceux de l'import du"), "{text}");
    assert!(!text.contains("Cotation recalculée"), "nothing changed, nothing to rescore: {text}");
    // Read all the same on demand: every row compared, none written.
    let out = logis(dir.path(), &["import", "set", "--tout-relire"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Aucune ligne nouvelle ou modifiée"), "{text}");
    assert!(!text.contains("Cotation recalculée"), "nothing changed, nothing to rescore: {text}");

    // One application's resources change: it is written, and the cotation follows.
    let file = dir.path().join("set").join("demandes.csv");
    let demandes = std::fs::read_to_string(&file).expect("exported applications");
    let mut lines: Vec<String> = demandes.lines().map(str::to_owned).collect();
    let mut cells: Vec<String> = lines[1].split(';').map(str::to_owned).collect();
    cells[9] = "4321.10".to_owned(); // ressources_mensuelles
    lines[1] = cells.join(";");
    std::fs::write(&file, lines.join("\n") + "\n").expect("changed applications");
    let out = logis(dir.path(), &["import", "set"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Lignes nouvelles ou modifiées — demandes.csv : 1."), "{text}");
    assert!(text.contains("Cotation recalculée"), "{text}");

    let grid =
        logis_cotation::DEFAULT_GRID.replace("en_vigueur = 2022-01-01", "en_vigueur = 2026-01-01");
    std::fs::write(dir.path().join("g.toml"), grid).expect("grid");
    let out = logis(dir.path(), &["cotation", "--grid", "g.toml", "--date", "2026-02-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("en vigueur à partir du 01/01/2026"), "{text}");
    assert!(text.contains("Cotation au 01/02/2026"), "{text}");
}

#[test]
fn comparison_and_evaluation_write_workbooks() {
    let (_root, dir) = demo_with_grids("plafond = 60", "plafond = 12");
    let out = logis(
        &dir,
        &[
            "cotation",
            "compare",
            "../grille.toml",
            "../autre.toml",
            "--date",
            "31/12/2025",
            "--out",
            "cmp.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "changent de rang",
        "Mouvements de rang",
        "Qui gagne, qui perd",
        "Quartile de ressources",
        "Les 20 plus grands mouvements",
    ] {
        assert!(text.contains(expected), "« {expected} » missing:\n{text}");
    }
    assert_eq!(&std::fs::read(dir.join("cmp.xlsx")).expect("workbook")[..2], b"PK");

    let out = logis(&dir, &["cotation", "evaluation", "--year", "2024", "--out", "eval.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("attributions évaluées"), "{text}");
    assert!(text.contains("Par bailleur") && text.contains("Ensemble"), "{text}");
    let csv = std::fs::read_to_string(dir.join("eval.csv")).expect("CSV");
    assert!(csv.starts_with("\u{feff}numéro unique;bailleur;date de décision;rang"), "{csv}");

    let none = logis(&dir, &["cotation", "evaluation", "--year", "2010"]);
    assert!(none.status.success());
    assert!(stdout(&none).contains("Aucune attribution enregistrée en 2010"));
}

#[test]
fn a_grid_effective_later_is_registered_and_waits_for_its_date() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let later =
        logis_cotation::DEFAULT_GRID.replace("en_vigueur = 2022-01-01", "en_vigueur = 2099-06-01");
    std::fs::write(dir.path().join("g.toml"), later).expect("grid");
    let out = logis(dir.path(), &["cotation", "--grid", "g.toml", "--date", "01/01/2030"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("en vigueur à partir du 01/06/2099"), "{text}");
    assert!(text.contains("Aucune grille n'est encore en vigueur au 01/01/2030"), "{text}");
    let out = logis(dir.path(), &["cotation", "--date", "2099-06-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Cotation au 01/06/2099"), "{}", stdout(&out));
}
