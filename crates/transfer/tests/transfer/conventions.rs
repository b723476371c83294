//! conventions.csv (reservation rights as a yearly flow): imported all-or-nothing with its
//! French report — a share out of range, a holder that is the landlord, an unknown organisme, a
//! landlord that is not one, the shares of a landlord's year over 100 % or the State's over
//! 30 % once the stored conventions are counted — exported canonically, on both backends.

use crate::support::export_texts;
use logis_testkit::{every_backend, file_set, import};

const ORGANISMES: &str = "organisme_id;nom;type\nB1;Tarn-et-Garonne Habitat;bailleur\n\
ETAT;Préfecture;etat\nETAT-FP;Préfecture (fonctionnaires);etat\nAL;Action Logement;action_logement\n\
C82;Castelsarrasin;commune\n";

const HEADER: &str = "bailleur;reservataire;annee;part;commune;date_signature\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conventions_are_imported_exported_and_checked_with_the_stored_ones() {
    for backend in every_backend().await {
        let store = &*backend.store;
        let first = format!(
            "{HEADER}B1;ETAT;2025;25;;15/01/2025\nB1;AL;2025;20,5;;\nB1;C82;2025;10;82033;2025-02-01\n"
        );
        let set = file_set(&[
            ("organismes.csv", ORGANISMES.as_bytes()),
            ("conventions.csv", first.as_bytes()),
        ]);
        let outcome = import(store, set.path()).await;
        assert!(outcome.written, "{}: {:?}", backend.name, outcome.report.errors);
        let texts = export_texts(store).await;
        let mut lines: Vec<&str> = texts["conventions.csv"].lines().collect();
        lines[1..].sort_unstable();
        assert_eq!(
            lines,
            [
                "bailleur;reservataire;annee;part;commune;date_signature",
                "B1;AL;2025;20.5;;",
                "B1;C82;2025;10;82033;2025-02-01",
                "B1;ETAT;2025;25;;2025-01-15"
            ],
            "{}",
            backend.name
        );

        // With the stored 25 + 20,5 (+ 10 on 82033), 60 more is over the whole flow; the
        // State's two holders together 25 + 10 = 35 %.
        let more = format!("{HEADER}B1;C82;2025;60;;\nB1;ETAT-FP;2025;10;;\n");
        let set = file_set(&[("conventions.csv", more.as_bytes())]);
        let outcome = import(store, set.path()).await;
        assert!(!outcome.written, "{}", backend.name);
        let said: Vec<String> = outcome.report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 3, "{said:#?}");
        assert!(
            said[0].contains("ligne 2")
                && said[0].contains("tout son territoire totalisent 115,5 %"),
            "{}",
            said[0]
        );
        assert!(said[1].contains("l'État ont ensemble 35 %"), "{}", said[1]);
        assert!(said[2].contains("commune 82033") && said[2].contains("125,5 %"), "{}", said[2]);
        assert_eq!(
            export_texts(store).await["conventions.csv"],
            texts["conventions.csv"],
            "nothing written"
        );

        // Replacing a stored row by the file's: AL 20,5 → 15 leaves room for 5 more.
        let replaced = format!("{HEADER}B1;AL;2025;15;;\nB1;ETAT-FP;2025;5;;\n");
        let set = file_set(&[("conventions.csv", replaced.as_bytes())]);
        let outcome = import(store, set.path()).await;
        assert!(outcome.written, "{}: {:?}", backend.name, outcome.report.errors);
        backend.finish().await;
    }
}

#[tokio::test]
async fn each_faulty_convention_row_is_reported() {
    let backend = logis_testkit::sqlite().await;
    let rows = format!(
        "{HEADER}B1;ETAT;2025;0;;\nB1;ETAT;2025;100,5;;\nB1;B1;2025;10;;\nB1;INCONNU;2025;10;;\nAL;ETAT;2025;10;;\nB1;AL;1999;10;;\nB1;AL;2025;10;;\nB1;AL;2025;12;;\n"
    );
    let set = file_set(&[
        ("organismes.csv", ORGANISMES.as_bytes()),
        ("conventions.csv", rows.as_bytes()),
    ]);
    let outcome = import(&*backend.store, set.path()).await;
    assert!(!outcome.written);
    let said: Vec<String> = outcome.report.errors.iter().map(ToString::to_string).collect();
    let about = |line: u64| said.iter().filter(|s| s.contains(&format!("ligne {line},"))).count();
    assert!(said.iter().any(|s| s.contains("ligne 2, colonne part, valeur « 0 »")), "{said:#?}");
    assert!(
        said.iter().any(|s| s.contains("ligne 3, colonne part, valeur « 100,5 »")),
        "{said:#?}"
    );
    assert!(
        said.iter().any(|s| s.contains("ligne 4, colonne reservataire") && s.contains("lui-même")),
        "{said:#?}"
    );
    assert!(
        said.iter().any(|s| s.contains("ligne 5, colonne reservataire, valeur « INCONNU »")),
        "{said:#?}"
    );
    assert!(said.iter().any(|s| s.contains("ligne 6, colonne bailleur") && s.contains("n'est pas un bailleur")), "{said:#?}");
    assert!(said.iter().any(|s| s.contains("ligne 7, colonne annee")), "{said:#?}");
    assert_eq!(about(8), 0, "a valid row");
    assert!(said.iter().any(|s| s.contains("ligne 9") && s.contains("clé en double")), "{said:#?}");
    backend.finish().await;
}
