//! The conformance cases of the partners' work, run with the store's suite on every backend:
//! the search (filters, sorts, cap), follow-ups, priority labels, notes and events, and
//! settings, all through the two primitives.

use super::followups::{self, FollowUp};
use super::labels::{self, PROPOSED, PriorityLabel, RECOGNISED};
use super::notes::{self, Event, Note};
use super::search::{ApplicationFilter, Sort, search};
use crate::conformance::demande;
use crate::settings::{self, StoredSetting};
use crate::{Store, lookup_all};
use logis_domain::{CriterePrioritaire, Demande};

/// Runs every case on `store` (filled by the case itself).
pub async fn run(store: Box<dyn Store>) {
    let store = &*store;
    let demandes: Vec<Demande> = (1..=9).map(demande).collect();
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(crate::Table::Demandes, demandes.iter().map(crate::codec::Stored::to_row).collect())
        .await
        .expect("write");
    tx.commit().await.expect("commit");
    searches_filter_sort_and_count(store).await;
    labels_notes_and_follow_ups(store, demandes[0].numero_unique.as_str()).await;
    settings_are_saved_and_replaced(store).await;
}

async fn searches_filter_sort_and_count(store: &dyn Store) {
    let all = ApplicationFilter::default();
    let found = search(store, &all, Sort::Anciennete, 0, 4, 100).await.expect("search");
    assert_eq!((found.matching, found.more, found.lines.len()), (9, false, 4));
    let dates: Vec<_> = found.lines.iter().map(|l| l.date_depot).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let capped = search(store, &all, Sort::Anciennete, 2, 4, 5).await.expect("search");
    assert_eq!(
        (capped.matching, capped.more, capped.lines.len()),
        (5, true, 1),
        "third page of four"
    );
    let active = ApplicationFilter { statut: Some("active".into()), ..Default::default() };
    assert_eq!(
        search(store, &active, Sort::Anciennete, 0, 50, 100).await.expect("search").matching,
        6
    );
    let by_number =
        ApplicationFilter { numero: Some("0820119000004".into()), ..Default::default() };
    let one = search(store, &by_number, Sort::Anciennete, 0, 50, 100).await.expect("search");
    assert_eq!(one.lines.len(), 1);
    let t3 = ApplicationFilter {
        typologie: Some("T3".into()),
        commune: Some("82112".into()),
        ..Default::default()
    };
    assert_eq!(search(store, &t3, Sort::Anciennete, 0, 50, 100).await.expect("search").matching, 9);
    let t5 = ApplicationFilter { typologie: Some("T5".into()), ..Default::default() };
    assert_eq!(search(store, &t5, Sort::Anciennete, 0, 50, 100).await.expect("search").matching, 0);
    let joker = ApplicationFilter { nom: Some("%".into()), ..Default::default() };
    let escaped = search(store, &joker, Sort::Anciennete, 0, 50, 100).await.expect("search");
    assert_eq!(escaped.matching, 0, "a typed % is not a wildcard");
    // Sorting by score reads scored applications only: none are scored here.
    assert_eq!(search(store, &all, Sort::Score, 0, 50, 100).await.expect("search").matching, 0);
}

async fn labels_notes_and_follow_ups(store: &dyn Store, numero: &str) {
    let label = |critere: &str, statut: &str, moment: i64| PriorityLabel {
        numero_unique: numero.to_owned(),
        critere: critere.to_owned(),
        statut: statut.to_owned(),
        justificatif: "Attestation vue".to_owned(),
        auteur: "agent".to_owned(),
        organisme: Some("tgh".to_owned()),
        moment,
    };
    store.execute(&labels::record(&label("handicap", PROPOSED, 10))).await.expect("proposal");
    let before = lookup_all::<Demande>(store, &[numero]).await.expect("lookup")[0]
        .criteres_prioritaires
        .clone();
    assert!(!before.contains(&CriterePrioritaire::Handicap), "a proposal changes nothing");
    for moment in [20, 30] {
        store
            .execute(&labels::record(&label("handicap", RECOGNISED, moment)))
            .await
            .expect("label");
    }
    let after = lookup_all::<Demande>(store, &[numero]).await.expect("lookup")[0]
        .criteres_prioritaires
        .clone();
    assert_eq!(after.iter().filter(|c| **c == CriterePrioritaire::Handicap).count(), 1);
    assert_eq!(after.len(), before.len() + 1);
    let stored = labels::of_application(store, numero).await.expect("labels");
    assert_eq!(stored.iter().map(|l| l.moment).collect::<Vec<_>>(), [10, 20, 30]);
    assert_eq!(stored[0], label("handicap", PROPOSED, 10));

    let note = |moment: i64, texte: &str| Note {
        numero_unique: numero.to_owned(),
        auteur: "agent".to_owned(),
        organisme: None,
        moment,
        texte: texte.to_owned(),
    };
    store
        .execute(&[notes::write_note(&note(5, "b")), notes::write_note(&note(1, "a"))])
        .await
        .expect("notes");
    let read: Vec<String> =
        notes::notes_of(store, numero).await.expect("notes").into_iter().map(|n| n.texte).collect();
    assert_eq!(read, ["a", "b"], "oldest first");
    let event = Event {
        numero_unique: numero.to_owned(),
        moment: 7,
        auteur: "x".into(),
        nature: "modification".into(),
        detail: "d".into(),
    };
    store.execute(&[notes::write_event(&event)]).await.expect("event");
    assert_eq!(notes::events_of(store, numero).await.expect("events"), [event]);

    let link = FollowUp {
        numero_unique: numero.to_owned(),
        login: "social".to_owned(),
        consentement_le: time::macros::date!(2025 - 03 - 04),
        cree_par: "guichet".to_owned(),
        cree_le: 3,
    };
    store
        .execute(&[followups::create(&link), followups::create(&link)])
        .await
        .expect("twice is once");
    assert!(followups::follows(store, "social", numero).await.expect("follows"));
    assert!(!followups::follows(store, "autre", numero).await.expect("follows"));
    assert_eq!(followups::of_application(store, numero).await.expect("links"), [link]);
    let filter = ApplicationFilter { suivi_par: Some("social".into()), ..Default::default() };
    let mine = search(store, &filter, Sort::Anciennete, 0, 50, 100).await.expect("search");
    assert_eq!(mine.lines.iter().map(|l| l.numero_unique.as_str()).collect::<Vec<_>>(), [numero]);
}

async fn settings_are_saved_and_replaced(store: &dyn Store) {
    assert_eq!(settings::get(store, settings::BILAN).await.expect("get"), None);
    for text in ["[objectifs]\nq1_hors_qpv = 0.3\n", "[objectifs]\nq1_hors_qpv = 0.35\n"] {
        let setting = StoredSetting {
            key: settings::BILAN.into(),
            text: text.into(),
            changed_at: 1,
            changed_by: "admin".into(),
        };
        store.execute(&[settings::save(&setting)]).await.expect("save");
        assert_eq!(settings::get(store, settings::BILAN).await.expect("get"), Some(setting));
    }
}
