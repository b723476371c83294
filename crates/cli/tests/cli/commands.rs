//! Help, demo, generate, import with an error report, export — on SQLite and PostgreSQL.

use crate::support::{files, logis, stderr, stdout};

#[test]
fn help_lists_every_command_in_french() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let help = stdout(&logis(dir.path(), &["--help"]));
    for command in ["demo", "import", "export", "generate", "cotation", "--database"] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
    assert!(help.contains("Base de données"), "{help}");
    for command in ["demo", "import", "export", "generate", "cotation"] {
        let out = logis(dir.path(), &[command, "--help"]);
        assert!(out.status.success(), "{command} --help");
        assert!(stdout(&out).contains("Usage"), "{command}");
    }
    assert!(stdout(&logis(dir.path(), &["import", "--help"])).contains("Tout ou rien"));
}

#[test]
fn demo_creates_the_territory_once_and_matches_the_seed() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let first = logis(dir.path(), &["demo", "--sans-serveur"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(text.contains("Première exécution"), "{text}");
    assert!(dir.path().join("logis.db").exists(), "default database in the current folder");
    let active: u64 = text
        .lines()
        .find(|l| l.contains("Demandes actives au 31/12/"))
        .and_then(|l| l.rsplit(": ").next())
        .map(|n| n.replace('\u{a0}', "").parse().expect("a count"))
        .expect("active applications line");
    assert!((420..=600).contains(&active), "about 500 active applications, got {active}");
    for year in 2019..=2025 {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{year} :")))
            .expect("year line");
        let n: u64 = line.rsplit(": ").next().expect("count").parse().expect("number");
        assert!((110..=200).contains(&n), "about 150 allocations in {year}, got {n}");
    }
    assert!(!text.contains("2018 :"), "the history starts in 2019");
    assert!(text.contains("Bailleurs : 3"), "{text}");
    assert!(text.contains("Comptes de démonstration"), "the accounts, as the README says");
    assert!(text.contains("demo-administrateur"), "{text}");

    let second = stdout(&logis(dir.path(), &["demo", "--sans-serveur"]));
    assert!(!second.contains("Première exécution"));
    let summary = |t: &str| t[t.find("Logis —").expect("summary header")..].to_owned();
    assert_eq!(summary(&second), summary(&text), "the second run shows the same territory");
    let listed = stdout(&logis(dir.path(), &["user", "list"]));
    assert_eq!(listed.matches("démonstration").count(), 6, "one marked account per role: {listed}");

    // `logis user list | head -0`: the reader has gone before the first line.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let closed = std::process::Command::new(env!("CARGO_BIN_EXE_logis"))
        .args(["user", "list"])
        .current_dir(dir.path())
        .env_remove("LOGIS_DATABASE_URL")
        .stdout(writer)
        .output()
        .expect("the logis binary runs");
    assert!(closed.status.success(), "a closed pipe ends the command quietly: {closed:?}");
    assert!(stderr(&closed).is_empty(), "no panic: {}", stderr(&closed));
}

#[test]
fn generation_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().expect("temporary folder");
    for out in ["a", "b"] {
        assert!(
            logis(dir.path(), &["generate", "--scale", "cctc", "--out", out, "--seed", "3"])
                .status
                .success()
        );
    }
    assert!(
        logis(dir.path(), &["generate", "--scale", "cctc", "--out", "c", "--seed", "4"])
            .status
            .success()
    );
    let (a, b, c) =
        (files(&dir.path().join("a")), files(&dir.path().join("b")), files(&dir.path().join("c")));
    assert_eq!(a.len(), 7, "{:?}", a.keys());
    assert_eq!(a, b);
    assert_ne!(a["demandes.csv"], c["demandes.csv"]);
}

#[test]
fn a_refused_import_exits_non_zero_and_writes_the_csv_report() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("set")).expect("folder");
    std::fs::write(
        dir.path().join("set/demandes.csv"),
        "numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees\nB1;2022-13-01;active;hotel;10;82033\n",
    )
    .expect("write");
    let out = logis(dir.path(), &["import", "set", "--errors", "rapport.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Import refusé : 1 erreur — rien n'a été écrit dans la base."), "{err}");
    assert!(
        err.contains("demandes.csv, ligne 2, colonne date_depot, valeur « 2022-13-01 »"),
        "{err}"
    );
    let report = std::fs::read_to_string(dir.path().join("rapport.csv")).expect("report written");
    assert!(
        report.starts_with("\u{feff}gravite;fichier;ligne;colonne;valeur;probleme;attendu\n"),
        "{report}"
    );
    assert!(
        report.contains("erreur;demandes.csv;2;date_depot;2022-13-01;valeur invalide;"),
        "{report}"
    );
}

fn import_and_export(
    dir: &std::path::Path,
    database: &str,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    assert!(
        logis(dir, &["generate", "--scale", "cctc", "--out", "set", "--seed", "5"])
            .status
            .success()
    );
    let out = logis(dir, &["--database", database, "import", "set"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Import réussi"), "{}", stdout(&out));
    let out = logis(dir, &["--database", database, "export", "exported"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = files(&dir.join("exported"));
    // The generated conventions are imported as they are (PostgreSQL may export them in another order).
    let sorted_rows = |bytes: &[u8]| {
        let mut rows: Vec<String> =
            String::from_utf8_lossy(bytes).lines().skip(1).map(str::to_owned).collect();
        rows.sort();
        rows
    };
    let generated = std::fs::read(dir.join("set/conventions.csv")).expect("generated conventions");
    let imported = sorted_rows(&exported["conventions.csv"]);
    assert!(imported.len() > 100, "{} conventions", imported.len());
    assert_eq!(imported, sorted_rows(&generated));
    exported
}

#[test]
fn import_then_export_on_sqlite_and_postgres_give_the_same_files() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let sqlite = import_and_export(dir.path(), "sqlite://cli.db");
    assert_eq!(sqlite.len(), 7);
    let generated = files(&dir.path().join("set"));
    assert_eq!(sqlite, generated, "the imported files, byte for byte, in the order stored");
    let Some(server) = logis_store_postgres::testing::server_url() else { return };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let db = runtime
        .block_on(logis_store_postgres::testing::TempDatabase::create(&server))
        .expect("database");
    let pg_dir = tempfile::tempdir().expect("temporary folder");
    let postgres = import_and_export(pg_dir.path(), &db.url);
    runtime.block_on(db.drop_now()).expect("drop database");
    // SQLite writes the rows in the order stored, PostgreSQL in the order its pages hold them: the same rows.
    let sorted = |exported: &std::collections::BTreeMap<String, Vec<u8>>| {
        exported
            .iter()
            .map(|(name, bytes)| {
                let mut lines: Vec<String> =
                    String::from_utf8_lossy(bytes).lines().map(str::to_owned).collect();
                lines.sort();
                (name.clone(), lines)
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(sorted(&postgres), sorted(&sqlite));
}

#[test]
fn an_unknown_database_url_is_explained() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = logis(dir.path(), &["--database", "mysql://x", "demo", "--sans-serveur"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("doit commencer par sqlite://"), "{}", stderr(&out));
}

#[test]
fn verifier_checks_against_the_database_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    assert!(
        logis(dir.path(), &["generate", "--scale", "cctc", "--out", "set", "--seed", "9"])
            .status
            .success()
    );
    let out = logis(dir.path(), &["import", "set", "--verifier"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Vérification réussie"), "{}", stdout(&out));
    assert!(logis(dir.path(), &["export", "empty"]).status.success());
    let exported = files(&dir.path().join("empty"));
    assert!(
        exported.values().all(|f| f.iter().filter(|&&b| b == b'\n').count() == 1),
        "nothing was written"
    );

    // Members alone refer to applications that are not in the (empty) database.
    std::fs::create_dir(dir.path().join("only_members")).expect("folder");
    std::fs::copy(dir.path().join("set/membres.csv"), dir.path().join("only_members/membres.csv"))
        .expect("copy");
    let out = logis(dir.path(), &["import", "only_members", "--verifier"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("demande inconnue"), "{}", stderr(&out));
}

#[test]
fn the_flux_bilan_and_inventory_are_written_in_the_contract_s_json() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let generated =
        logis(dir.path(), &["generate", "--scale", "cctc", "--out", "set", "--seed", "9"]);
    assert!(generated.status.success());
    assert!(logis(dir.path(), &["import", "set"]).status.success());
    std::fs::create_dir(dir.path().join("conventions")).expect("folder");
    std::fs::write(
        dir.path().join("conventions/conventions.csv"),
        "bailleur;reservataire;annee;part;commune;date_signature\ntgh;etat;2025;25;;2024-12-15\n",
    )
    .expect("file");
    let out = logis(dir.path(), &["import", "conventions"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = logis(dir.path(), &["flux", "bilan", "--year", "2025", "--bailleur", "tgh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bilan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let set_aside = &bilan["mis_de_cote"];
    let net = bilan["flux_net"].as_i64().expect("flux_net");
    assert_eq!(
        net,
        bilan["loues"].as_i64().expect("loues")
            - set_aside["relogement_anru"].as_i64().expect("anru")
            - set_aside["mutation_interne"].as_i64().expect("mutation")
    );
    assert!(net > 0, "the generated territory lets dwellings in 2025");
    let lines = bilan["reservataires"].as_array().expect("lines");
    assert_eq!(lines.last().expect("the landlord")["reservataire"], "tgh");
    // The landlord keeps what its conventions (the generated ones and this one) leave.
    let held: f64 = lines.iter().rev().skip(1).map(|l| l["part"].as_f64().expect("part")).sum();
    assert!(held > 25.0, "the generated conventions give more than the State's share");
    assert_eq!(lines.last().expect("the landlord")["part"].as_f64(), Some(100.0 - held));
    let state = lines.iter().find(|l| l["reservataire"] == "etat").expect("the State's line");
    assert_eq!(state["part"], 25.0);
    // 25 % of the net flow, to one decimal, half away from zero.
    let tenths = (25 * net * 10 + 50) / 100;
    assert_eq!(state["droit"].as_f64(), Some(tenths as f64 / 10.0));
    let received: i64 = lines.iter().map(|l| l["recus"].as_i64().expect("recus")).sum();
    assert_eq!(received, net, "every letting of the net flow is received by one line");

    let out = logis(dir.path(), &["flux", "bilan", "--year", "2025"]);
    let all: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let landlords: Vec<&str> = all["bailleurs"]
        .as_array()
        .expect("landlords")
        .iter()
        .map(|b| b["bailleur"].as_str().expect("id"))
        .collect();
    assert!(landlords.contains(&"tgh") && landlords.is_sorted(), "{landlords:?}");

    let out = logis(dir.path(), &["flux", "inventaire", "--year", "2026", "--bailleur", "tgh"]);
    let inventory: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(inventory["annees"], serde_json::json!([2023, 2024, 2025]));
    let parts: f64 = inventory["reservataires"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["part_proposee"].as_f64())
        .sum();
    assert!((parts - 100.0).abs() < 0.05, "the proposed shares add up to 100 %: {parts}");

    let out = logis(dir.path(), &["flux", "bilan", "--year", "2025", "--bailleur", "inconnu"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("aucun bailleur « inconnu »"), "{}", stderr(&out));
}
