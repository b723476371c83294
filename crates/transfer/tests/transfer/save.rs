//! A form's save: written under the import's rules with the statements of its step (the
//! application's event), refused beyond a form's size — and then nothing of the step either.

use logis_domain::NumeroUnique;
use logis_domain::work::EventNature;
use logis_exchange::{FileKind, Limits, Record};
use logis_store::dossiers::notes::{self, Event};
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

/// The event « registered » of the first application of [`applications`].
fn registered() -> Vec<logis_store::Statement> {
    let event = Event {
        numero_unique: NumeroUnique::parse("0820119000000G0001").expect("numéro"),
        moment: logis_testkit::now(),
        auteur: "guichet".to_owned(),
        nature: EventNature::Creation,
        detail: "Demande enregistrée dans Logis".to_owned(),
    };
    vec![notes::write_event(&event)]
}

#[tokio::test]
async fn a_save_larger_than_a_form_is_refused_and_writes_nothing() {
    let test = logis_testkit::sqlite().await;
    let events = || async { notes::events_of(&*test.store, "0820119000000G0001").await };
    let too_many = vec![applications(MOST_ROWS), titulaires(MOST_ROWS)];
    let saved = save(&*test.store, too_many, Limits::default(), registered())
        .await
        .expect("the machinery works");
    let Saved::Refused(report) = saved else { panic!("a whole register is not a form") };
    assert!(report.errors.iter().any(|e| e.message.contains("passez par l'import")), "{report:?}");
    let overview = test.store.overview(logis_testkit::TODAY).await.expect("overview");
    assert_eq!(overview.demandes_total, 0, "nothing written");
    assert!(events().await.expect("events").is_empty(), "nor the step's event");
    let one = vec![applications(1), titulaires(1)];
    let saved = save(&*test.store, one, Limits::default(), registered()).await.expect("save");
    assert!(matches!(saved, Saved::Written), "{saved:?}");
    let written = events().await.expect("events");
    assert_eq!(written.len(), 1, "the event, with the rows");
    assert_eq!(written[0].nature, EventNature::Creation);
    test.finish().await;
}
