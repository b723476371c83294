//! A form's save: written under the import's rules, refused beyond a form's size.

use logis_exchange::{FileKind, Limits, Record};
use logis_transfer::save::{MOST_ROWS, Saved, save};

/// The titulaire of each of `n` applications, as `membres.csv`.
fn titulaires(n: usize) -> (FileKind, Vec<u8>) {
    let mut file = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    file.write_record(FileKind::Membres.columns().iter().map(|c| c.name)).expect("header");
    for i in 0..n {
        let row = logis_exchange::MembreRow {
            numero_unique: logis_domain::NumeroUnique::parse(&format!("0820119{i:06}G0001"))
                .expect("numéro"),
            membre: logis_domain::Membre {
                rang: 1,
                lien: logis_domain::Lien::Titulaire,
                date_naissance: time::macros::date!(1990 - 02 - 28),
            },
        };
        file.write_record(row.cells()).expect("row");
    }
    (FileKind::Membres, file.into_inner().expect("bytes"))
}

/// `demandes.csv` holding `n` applications.
fn applications(n: usize) -> (FileKind, Vec<u8>) {
    let mut file = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    file.write_record(FileKind::Demandes.columns().iter().map(|c| c.name)).expect("header");
    for i in 0..n {
        let numero = format!("0820119{i:06}G0001");
        let d = logis_domain::fixtures::demande(&numero, time::macros::date!(2024 - 01 - 15));
        file.write_record(d.cells()).expect("row");
    }
    (FileKind::Demandes, file.into_inner().expect("bytes"))
}

#[tokio::test]
async fn a_save_larger_than_a_form_is_refused_and_writes_nothing() {
    let test = logis_testkit::sqlite().await;
    let too_many = vec![applications(MOST_ROWS), titulaires(MOST_ROWS)];
    let saved = save(&*test.store, too_many, Limits::default()).await.expect("the machinery works");
    let Saved::Refused(report) = saved else { panic!("a whole register is not a form") };
    assert!(report.errors.iter().any(|e| e.message.contains("passez par l'import")), "{report:?}");
    let overview = test.store.overview(logis_testkit::TODAY).await.expect("overview");
    assert_eq!(overview.demandes_total, 0, "nothing written");
    let one = vec![applications(1), titulaires(1)];
    let saved = save(&*test.store, one, Limits::default()).await.expect("save");
    assert!(matches!(saved, Saved::Written), "{saved:?}");
    test.finish().await;
}
