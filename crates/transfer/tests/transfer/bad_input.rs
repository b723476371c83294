//! Bad input never corrupts and never crashes: each case gets a clear French message and
//! nothing is written.

use crate::support::{export_texts, file_set, import, sqlite};
use logis_transfer::ImportOutcome;
use std::path::Path;

pub const DEMANDES_HEADER: &str = "numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees\n";
pub const GOOD_DEMANDE: &str = "B1;2022-01-01;active;locataire_prive;900;82033\n";
pub const GOOD_MEMBRES: &str =
    "numero_unique;rang;lien;date_naissance\nB1;1;titulaire;1980-01-01\n";

/// Imports `path` into a store that already holds one application, and checks that the
/// import was refused and changed nothing.
pub async fn refused(path: &Path) -> ImportOutcome {
    let backend = sqlite().await;
    let seed = file_set(&[
        (
            "demandes.csv",
            format!("{DEMANDES_HEADER}S1;2020-01-01;active;hotel;500;82112\n").as_bytes(),
        ),
        ("membres.csv", b"numero_unique;rang;lien;date_naissance\nS1;1;titulaire;1970-05-05\n"),
    ]);
    assert!(import(&*backend.store, seed.path()).await.written);
    let before = export_texts(&*backend.store).await;
    let outcome = import(&*backend.store, path).await;
    assert!(!outcome.written, "the set should have been refused");
    assert!(outcome.report.has_errors());
    assert_eq!(export_texts(&*backend.store).await, before, "nothing is written");
    backend.finish().await;
    outcome
}

pub fn messages(outcome: &ImportOutcome) -> Vec<String> {
    outcome.report.errors.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn every_faulty_row_is_reported_with_file_line_column_and_value() {
    let demandes = format!(
        "{DEMANDES_HEADER}{GOOD_DEMANDE}B2;31/02/2022;active;locataire_prive;900;82033\nB3;2022-01-01;en_cours;chateau;neuf cents;8203\n"
    );
    let set = file_set(&[
        ("demandes.csv", demandes.as_bytes()),
        ("membres.csv", GOOD_MEMBRES.as_bytes()),
    ]);
    let outcome = refused(set.path()).await;
    let m = messages(&outcome);
    assert_eq!(m.len(), 5, "{m:#?}");
    assert_eq!(
        m[0],
        "demandes.csv, ligne 3, colonne date_depot, valeur « 31/02/2022 » : valeur invalide \
         (attendu : une date qui existe dans le calendrier (une date AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2022-12-31 ou 31/12/2022))"
    );
    assert!(m[1].starts_with("demandes.csv, ligne 4, colonne statut, valeur « en_cours » : valeur invalide (attendu : un de ces codes : `active`"), "{}", m[1]);
    assert!(m[2].contains("ligne 4, colonne situation_logement, valeur « chateau »"), "{}", m[2]);
    assert!(
        m[3].contains("ligne 4, colonne ressources_mensuelles, valeur « neuf cents »"),
        "{}",
        m[3]
    );
    assert!(
        m[4].contains("ligne 4, colonne communes_souhaitees, valeur « 8203 »")
            && m[4].contains("INSEE"),
        "{}",
        m[4]
    );
}

#[tokio::test]
async fn a_truncated_zip_is_refused() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let zip_path = dir.path().join("coupe.zip");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("create"));
        zip.start_file("demandes.csv", zip::write::SimpleFileOptions::default()).expect("entry");
        zip.write_all(format!("{DEMANDES_HEADER}{}", GOOD_DEMANDE.repeat(2000)).as_bytes())
            .expect("data");
        zip.finish().expect("zip");
    }
    let bytes = std::fs::read(&zip_path).expect("read zip");
    std::fs::write(&zip_path, &bytes[..bytes.len() / 2]).expect("truncate");
    let outcome = refused(&zip_path).await;
    assert!(
        messages(&outcome)[0].contains("archive ZIP illisible (tronquée"),
        "{:?}",
        messages(&outcome)
    );
}

#[tokio::test]
async fn a_binary_file_named_csv_is_refused() {
    let set = file_set(&[("demandes.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")]);
    let outcome = refused(set.path()).await;
    assert!(messages(&outcome)[0].contains("n'est pas un texte CSV"), "{:?}", messages(&outcome));
}

#[tokio::test]
async fn an_empty_file_is_refused() {
    let set = file_set(&[("demandes.csv", b"")]);
    let outcome = refused(set.path()).await;
    assert_eq!(
        messages(&outcome),
        ["demandes.csv : fichier vide : il doit au moins contenir la ligne d'en-tête"]
    );
}

#[tokio::test]
async fn a_header_only_file_writes_nothing_and_says_so() {
    let backend = sqlite().await;
    let set = file_set(&[("demandes.csv", DEMANDES_HEADER.as_bytes())]);
    let outcome = import(&*backend.store, set.path()).await;
    assert!(!outcome.report.has_errors());
    let warnings: Vec<String> = outcome.report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["demandes.csv : aucune ligne de données : le fichier ne contient que l'en-tête"]
    );
    assert!(export_texts(&*backend.store).await["demandes.csv"].lines().count() == 1);
    backend.finish().await;
}

#[tokio::test]
async fn a_line_of_a_million_columns_is_refused() {
    let mut demandes = String::from(DEMANDES_HEADER);
    demandes.push_str(GOOD_DEMANDE);
    demandes.push_str(&"x;".repeat(999_999));
    demandes.push_str("x\n");
    let set = file_set(&[
        ("demandes.csv", demandes.as_bytes()),
        ("membres.csv", GOOD_MEMBRES.as_bytes()),
    ]);
    let outcome = refused(set.path()).await;
    assert_eq!(messages(&outcome).len(), 1);
    assert!(
        messages(&outcome)[0].starts_with("demandes.csv, ligne 3 : ligne de plus de 4096 colonnes"),
        "{:?}",
        messages(&outcome)
    );
}

#[tokio::test]
async fn a_duplicate_key_in_one_file_is_refused() {
    let demandes = format!("{DEMANDES_HEADER}{GOOD_DEMANDE}{GOOD_DEMANDE}");
    let set = file_set(&[
        ("demandes.csv", demandes.as_bytes()),
        ("membres.csv", GOOD_MEMBRES.as_bytes()),
    ]);
    let outcome = refused(set.path()).await;
    assert_eq!(
        messages(&outcome),
        [
            "demandes.csv, ligne 3, colonne numero_unique, valeur « B1 » : clé en double dans le fichier (déjà ligne 2)"
        ]
    );
}

#[tokio::test]
async fn unknown_references_are_refused_but_known_ones_come_from_the_database() {
    // S1 exists in the database: its members may be loaded alone. X9 exists nowhere.
    let membres = "numero_unique;rang;lien;date_naissance\nS1;1;titulaire;1970-05-05\nS1;2;enfant;2010-01-01\nX9;1;titulaire;1990-01-01\n";
    let set = file_set(&[("membres.csv", membres.as_bytes())]);
    let outcome = refused(set.path()).await;
    assert_eq!(
        messages(&outcome),
        [
            "membres.csv, ligne 4, colonne numero_unique, valeur « X9 » : demande inconnue : ce numéro unique n'est ni dans demandes.csv ni dans la base ; ajoutez la demande à demandes.csv ou corrigez le numéro"
        ]
    );
}

#[tokio::test]
async fn unknown_references_of_every_kind_are_reported_together() {
    // An allocation naming an unknown application, dwelling, landlord and reservation holder.
    let attributions = "numero_unique;logement_id;bailleur;commune;qpv;typologie;reservataire;date_bail\n\
                        X9;L9;bailleur_x;82033;;T3;reservataire_x;2023-01-01\n";
    let set = file_set(&[("attributions.csv", attributions.as_bytes())]);
    let m = messages(&refused(set.path()).await);
    assert_eq!(m.len(), 4, "{m:#?}");
    for (column, kind) in [
        ("numero_unique", "demande inconnue"),
        ("logement_id", "logement inconnu"),
        ("bailleur", "organisme inconnu"),
        ("reservataire", "organisme inconnu"),
    ] {
        assert!(
            m.iter().any(|e| e.contains(&format!("colonne {column},")) && e.contains(kind)),
            "{column}: {m:#?}"
        );
    }
}

#[tokio::test]
async fn households_must_have_one_titulaire_and_every_application_members() {
    let demandes = format!(
        "{DEMANDES_HEADER}{GOOD_DEMANDE}B2;2022-01-01;active;hotel;0;82033\nB3;2022-01-01;active;hotel;0;82033\n"
    );
    let membres = "numero_unique;rang;lien;date_naissance\nB1;1;titulaire;1980-01-01\nB2;1;enfant;2010-01-01\nB2;2;cotitulaire;1980-01-01\n";
    let set =
        file_set(&[("demandes.csv", demandes.as_bytes()), ("membres.csv", membres.as_bytes())]);
    let m = messages(&refused(set.path()).await);
    assert_eq!(
        m,
        [
            "membres.csv, ligne 3, colonne numero_unique, valeur « B2 » : le ménage doit avoir exactement un titulaire, au rang 1",
            "demandes.csv, ligne 4, colonne numero_unique, valeur « B3 » : aucun membre dans membres.csv pour cette demande (attendu : au moins la ligne du titulaire (rang 1) dans membres.csv)",
        ]
    );
}

#[tokio::test]
async fn a_missing_required_column_is_an_error_for_the_file() {
    let set = file_set(&[("demandes.csv", b"numero_unique;statut\nB1;active\n")]);
    let m = messages(&refused(set.path()).await);
    assert_eq!(m.len(), 4, "{m:#?}");
    assert!(
        m[0].starts_with("demandes.csv : colonne obligatoire absente de l'en-tête : date_depot"),
        "{}",
        m[0]
    );
}

#[tokio::test]
async fn a_folder_without_any_known_file_is_refused() {
    let set = file_set(&[("notes.txt", b"bonjour")]);
    let outcome = refused(set.path()).await;
    assert!(messages(&outcome).iter().any(|m| m.contains("aucun fichier du format d'échange v1")));
    let warning = outcome.report.warnings[0].to_string();
    assert!(warning.contains("fichier ignoré"), "{warning}");
    assert!(warning.contains("demandes.csv") && warning.contains("conventions.csv"), "{warning}");
}

#[tokio::test]
async fn a_construction_year_must_be_a_year() {
    let logements = "logement_id;bailleur;commune;typologie;loyer;financement;annee_construction\n\
L1;tgh;82112;T3;380;PLUS;1987\nL2;tgh;82112;T3;380;PLUS;vers 1990\nL3;tgh;82112;T3;380;PLUS;19\n";
    let organismes = "organisme_id;nom;type\ntgh;Tarn-et-Garonne Habitat;bailleur\n";
    let set = file_set(&[
        ("organismes.csv", organismes.as_bytes()),
        ("logements.csv", logements.as_bytes()),
    ]);
    let outcome = refused(set.path()).await;
    let m = messages(&outcome);
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(m[0].contains("ligne 3, colonne annee_construction, valeur « vers 1990 »"), "{}", m[0]);
    assert!(m[0].contains("une année sur quatre chiffres"), "{}", m[0]);
    assert!(m[1].contains("ligne 4, colonne annee_construction, valeur « 19 »"), "{}", m[1]);
}
