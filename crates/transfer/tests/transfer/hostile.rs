//! Hostile input, read in bounded memory and refused in French: archives that would expand to
//! gigabytes (whatever their headers announce), archives of thousands of entries, a record
//! without end, a UTF-8 file with a few broken bytes (never read as Windows-1252), and UTF-16
//! files, which are read.

use crate::bad_input::{DEMANDES_HEADER, GOOD_DEMANDE, GOOD_MEMBRES, messages, refused};
use crate::support::{file_set, import, sqlite};
use logis_exchange::Limits;
use logis_testkit::bomb::{Announced, zip_bomb};
use logis_transfer::{ImportOptions, Mode, Silent};
use std::io::Write;
use std::sync::Arc;

#[tokio::test]
async fn an_archive_that_announces_its_expansion_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("jeu.zip");
    zip_bomb(&path, 64, Announced::Truth); // 64 Mio in about 70 Ko
    let outcome = refused(&path).await;
    let said = messages(&outcome).join("\n");
    assert!(said.contains("le fichier demandes.csv de l'archive se décompresse"), "{said}");
    assert!(said.contains("bombe de décompression"), "{said}");
}

#[tokio::test]
async fn an_archive_that_lies_is_stopped_as_soon_as_it_expands_past_its_word() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("jeu.zip");
    zip_bomb(&path, 4096, Announced::Lie(512 << 10)); // 4 Gio announced as 512 Kio
    let outcome = refused(&path).await;
    let said = messages(&outcome).join("\n");
    assert!(said.contains("se décompresse au-delà de 524288 octets"), "{said}");
}

#[tokio::test]
async fn a_field_without_end_is_a_record_too_long() {
    let mut demandes = format!("{DEMANDES_HEADER}{GOOD_DEMANDE}B2;2022-01-01;active;hotel;900;");
    demandes.push_str(&"8".repeat(3 << 20));
    demandes.push_str("\nB3;2022-01-01;active;hotel;900;82033\n");
    let set = file_set(&[
        ("demandes.csv", demandes.as_bytes()),
        ("membres.csv", GOOD_MEMBRES.as_bytes()),
    ]);
    let outcome = refused(set.path()).await;
    assert_eq!(
        messages(&outcome),
        [
            "demandes.csv, ligne 3 : ligne de plus de 1024 Ko : la lecture du fichier s'arrête là (attendu : des lignes de quelques centaines de caractères ; un guillemet ouvert et jamais fermé fait souvent d'un fichier une seule ligne)"
        ]
    );
    // The limit is the territory's setting.
    let store = sqlite().await;
    let generous = Limits { record_bytes: 8 << 20, ..Limits::default() };
    let options =
        ImportOptions { mode: Mode::Check, limits: generous, register_at: None, reread: false };
    let checked = logis_transfer::import_with(&*store.store, set.path(), Arc::new(Silent), options)
        .await
        .expect("import");
    assert!(
        !messages(&checked).join("\n").contains("ligne de plus de"),
        "{:?}",
        messages(&checked)
    );
    store.finish().await;
}

#[tokio::test]
async fn an_archive_of_thousands_of_entries_is_refused_without_reading_them() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("jeu.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    for i in 0..3_000 {
        zip.start_file(format!("f{i}.csv"), zip::write::SimpleFileOptions::default())
            .expect("file");
        zip.write_all(b"x").expect("write");
    }
    zip.finish().expect("finish");
    let outcome = refused(&path).await;
    assert!(
        messages(&outcome)[0].contains("archive de 3000 fichiers refusée"),
        "{:?}",
        messages(&outcome)
    );
}

#[tokio::test]
async fn a_utf8_file_with_a_few_broken_bytes_is_reported_not_mangled() {
    let mut demandes = format!("{DEMANDES_HEADER}{GOOD_DEMANDE}").into_bytes();
    demandes.extend("B2;2022-01-01;active;hotel;900;82033;Hélène\n".as_bytes());
    let mut demandes = String::from_utf8(demandes)
        .expect("UTF-8")
        .replace("communes_souhaitees\n", "communes_souhaitees;prenom\n");
    demandes = demandes.replace("82033\nB2", "82033;Zoé\nB2");
    let mut bytes = demandes.into_bytes();
    bytes.extend(b"B3;2022-01-01;active;hotel;900;82033;No\xEBl\n");
    let set = file_set(&[("demandes.csv", &bytes), ("membres.csv", GOOD_MEMBRES.as_bytes())]);
    let outcome = refused(set.path()).await;
    let said = messages(&outcome).join("\n");
    assert!(
        said.starts_with(
            "demandes.csv, ligne 4 : octet 0xEB au 40e octet de la ligne : ce n'est pas de l'UTF-8"
        ),
        "{said}"
    );
}

#[tokio::test]
async fn utf16_files_are_read_like_utf8_ones() {
    let store = sqlite().await;
    let utf16 = |text: &str| -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let demandes = utf16(&format!(
        "{}B1;2022-01-01;active;locataire_prive;900;82033;Hélène\n",
        DEMANDES_HEADER.replace('\n', ";prenom\n")
    ));
    let set = file_set(&[("demandes.csv", &demandes), ("membres.csv", &utf16(GOOD_MEMBRES))]);
    let outcome = import(&*store.store, set.path()).await;
    assert!(outcome.written, "{:?}", messages(&outcome));
    let read: Vec<logis_domain::Demande> = logis_testkit::all(&*store.store).await;
    assert_eq!(read[0].prenom.as_deref(), Some("Hélène"));
    store.finish().await;
}
