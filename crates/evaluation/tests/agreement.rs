//! The two computations of the bilan agree: counted in Rust over a snapshot, and by the
//! store's SQL aggregate queries, on generated territories for several seeds and years, on
//! SQLite and on PostgreSQL.

use logis_evaluation::{Settings, Snapshot, assemble, count};
use logis_testkit::{cctc_files, every_backend, import};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_and_sql_counts_agree_on_generated_territories() {
    let settings = Settings::default();
    for seed in [1, 7, 2024] {
        let files = cctc_files(seed);
        for test in every_backend().await {
            let store = &*test.store;
            assert!(import(store, files.path()).await.written, "seed {seed} imports");
            let years =
                store.overview(time::macros::date!(2025 - 12 - 31)).await.expect("overview");
            let mut compared = 0;
            // Every year with attributions, and one before the data (nothing to count).
            let mut list: Vec<i32> = years.attributions_par_annee.iter().map(|(y, _)| *y).collect();
            list.push(list.first().copied().unwrap_or(2020) - 3);
            for year in list {
                let snapshot = Snapshot::load(store, year).await.expect("snapshot");
                let in_rust = count(&snapshot.inputs());
                let in_sql = store.bilan_counts(year).await.expect("SQL counts");
                assert_eq!(in_rust, in_sql, "seed {seed}, {year}, {}", test.name);
                assert_eq!(
                    assemble(year, &in_rust, &settings),
                    assemble(year, &in_sql, &settings),
                    "seed {seed}, {year}, {}",
                    test.name
                );
                compared += 1;
                if in_rust.attributions > 0 {
                    assert!(in_rust.demandes_actives > 0 && !in_rust.segments.is_empty());
                }
            }
            assert!(compared >= 3, "seed {seed}: only {compared} years compared");
            test.finish().await;
        }
    }
}

/// Rows a generated territory rarely holds, appended to one: filed and closed the same day,
/// satisfied the day it was filed (in a QPV, ANRU rehousing), a child born after the reference
/// date, a titulaire born on 29 February, ages 24 and 25 on 31 December, resources per UC
/// exactly on the first quartile threshold, DALO without criterion, no desired typology.
const EDGE_DEMANDES: &str = "\
0822412900001G0001;2024-05-02;;radiee;2024-05-02;doublon;82033;heberge_famille;;1200;;sans_logement;T2;82033;non;;non;;non;non;;;;;;;;;
0822412900002G0001;2024-06-30;;attribuee;2024-06-30;;82033;sans_abri;;500;;sans_logement;T1;82033;non;sortie_hebergement;non;;non;non;;;;;;;;;
0822312900003G0001;2023-03-01;;active;;;82112;locataire_prive;;1500;;trop_petit;;82112;non;;oui;2023-06-01;non;non;;;;;;;;;
0822312900004G0001;2023-01-15;;active;;;82033;locataire_hlm;tgh;1000.00;;trop_cher;T1;82033;non;;non;;non;non;;;;;;;;;
0822312900005G0001;2023-02-01;;attribuee;2024-09-30;;82112;heberge_tiers;;2100;;decohabitation;T4;82112;non;;non;;non;non;;;;;;;;;
";

const EDGE_MEMBRES: &str = "\
0822412900001G0001;1;titulaire;1990-04-04
0822412900002G0001;1;titulaire;1980-01-01
0822312900003G0001;1;titulaire;2000-02-29
0822312900003G0001;2;enfant;2025-03-01
0822312900003G0001;3;autre;1970-01-01
0822312900004G0001;1;titulaire;1999-12-31
0822312900005G0001;1;titulaire;2000-01-01
0822312900005G0001;2;cotitulaire;1999-05-05
0822312900005G0001;3;enfant;2021-07-14
";

const EDGE_ATTRIBUTIONS: &str = "\
0822412900002G0001;;tgh;82033;QP082003;T1;etat;2024-06-20;2024-06-30;oui;
0822312900005G0001;;promologis;82112;;T4;action_logement;2024-09-01;2024-09-30;oui;
";

/// Both computations give the same counts for 2023, 2024 and 2025.
async fn agree_on_2023_to_2025(store: &dyn logis_store::Store, backend: &str) {
    for year in [2023, 2024, 2025] {
        let snapshot = Snapshot::load(store, year).await.expect("snapshot");
        let in_rust = count(&snapshot.inputs());
        let in_sql = store.bilan_counts(year).await.expect("SQL counts");
        assert_eq!(in_rust, in_sql, "{year}, {backend}");
    }
}

fn append(dir: &std::path::Path, file: &str, rows: &str) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).expect("generated file");
    text.push_str(rows);
    std::fs::write(path, text).expect("write");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_and_sql_counts_agree_on_edge_cases() {
    let files = cctc_files(3);
    let dir = files.path();
    append(dir, "demandes.csv", EDGE_DEMANDES);
    append(dir, "membres.csv", EDGE_MEMBRES);
    append(dir, "attributions.csv", EDGE_ATTRIBUTIONS);
    // 2024's first threshold set to 12 000 € per UC: 1 000,00 € a month alone is exactly on it.
    let seuils = std::fs::read_to_string(dir.join("seuils.csv")).expect("seuils");
    let seuils: String = seuils
        .lines()
        .map(|l| if l.starts_with("2024;") { "2024;12000;15000;20000" } else { l })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("seuils.csv"), seuils).expect("write");
    for test in every_backend().await {
        let store = &*test.store;
        let outcome = import(store, dir).await;
        assert!(outcome.written, "{:?}", outcome.report);
        agree_on_2023_to_2025(store, test.name).await;
        test.finish().await;
    }
}

/// The first line of a generated file.
fn header(dir: &std::path::Path, file: &str) -> String {
    let text = std::fs::read_to_string(dir.join(file)).expect("generated file");
    format!("{}\n", text.lines().next().expect("header"))
}

/// The numéro unique on the second line (the first application) of a generated file.
fn first_application(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(dir.join("demandes.csv")).expect("generated file");
    let line = text.lines().nth(1).expect("an application");
    line.split(';').next().expect("numéro").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_and_sql_counts_agree_after_an_import_into_a_filled_store() {
    let files = cctc_files(5);
    let dir = files.path();
    // A second set: new applications with their households, their attributions, and a new
    // household for an application already stored (a mother and three children, one of
    // them 14 in 2024), loaded into the filled store.
    let update = tempfile::tempdir().expect("temporary folder");
    let existing = first_application(dir);
    let new_household = format!(
        "{existing};1;titulaire;1985-06-01\n{existing};2;enfant;2010-12-31\n\
         {existing};3;enfant;2011-01-01\n{existing};4;enfant;2024-02-02\n"
    );
    for (file, rows) in [
        ("demandes.csv", EDGE_DEMANDES.to_owned()),
        ("membres.csv", format!("{EDGE_MEMBRES}{new_household}")),
        ("attributions.csv", EDGE_ATTRIBUTIONS.to_owned()),
    ] {
        std::fs::write(update.path().join(file), header(dir, file) + &rows).expect("write");
    }
    for test in every_backend().await {
        let store = &*test.store;
        assert!(import(store, dir).await.written, "first import");
        // The whole load wrote its projections as it read the rows: nothing is left to
        // rebuild, and the second import must bring them up to date itself.
        assert!(!store.prepare_bilan().await.expect("projections"), "ready after a whole load");
        let outcome = import(store, update.path()).await;
        assert!(outcome.written, "{:?}", outcome.report);
        agree_on_2023_to_2025(store, test.name).await;
        test.finish().await;
    }
}
