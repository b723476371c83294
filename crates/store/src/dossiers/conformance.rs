//! The conformance cases of the partners' work, run with the store's suite on every backend:
//! the search (filters, sorts, cap), follow-ups, priority labels, notes and events, and
//! settings, all through the two primitives.

use super::followups::{self, FollowUp};
use super::labels::{self, PriorityLabel};
use super::notes::{self, Event, Note};
use super::search::{ApplicationFilter, Sort, search};
use crate::conformance::demande;
use crate::settings::{self, StoredSetting};
use crate::{Store, lookup_all};
use logis_domain::work::{LabelCriterion, LabelStatus};
use logis_domain::{CriterePrioritaire, Demande, NumeroUnique, OrganismeId};

/// Nine sample applications written to `store`, for the cases that search or work on them.
async fn nine_applications(store: &dyn Store) -> Vec<Demande> {
    let demandes: Vec<Demande> = (1..=9).map(demande).collect();
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(
        crate::Table::Demandes,
        &demandes.iter().map(crate::codec::Stored::to_row).collect::<Vec<_>>(),
    )
    .await
    .expect("write");
    tx.commit().await.expect("commit");
    demandes
}

pub async fn searches_filter_sort_and_count(store: &dyn Store) {
    nine_applications(store).await;
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
    unscored_applications_follow_the_scored_ones(store).await;
}

/// One text finds an application by the start of its numéro, of its surname (or the
/// surname's last word), of its first name, whatever the accents, case and hyphens; the
/// database folds names exactly as `logis_domain::french::folded` does.
pub async fn one_search_finds_a_numero_or_a_name_whatever_its_accents(store: &dyn Store) {
    nine_applications(store).await;
    let every_folded_letter: String =
        logis_domain::french::FOLDING.iter().map(|(c, _)| *c).collect();
    let named = |n: u32, nom: &str, prenom: &str| Demande {
        nom: Some(nom.to_owned()),
        prenom: Some(prenom.to_owned()),
        ..demande(100 + n)
    };
    let people = [
        named(1, "Le Goff-Hervé", "Chloé"),
        named(2, "DUPRÉ", "Éric"),
        named(3, "N'Diaye", "Jean-Pierre"),
        named(4, &format!("Z{every_folded_letter}"), "Œdipe"),
    ];
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(
        crate::Table::Demandes,
        &people.iter().map(crate::codec::Stored::to_row).collect::<Vec<_>>(),
    )
    .await
    .expect("write");
    tx.commit().await.expect("commit");
    let found = |typed: &str| {
        let filter = ApplicationFilter { nom: Some(typed.into()), ..Default::default() };
        async move {
            let page = search(store, &filter, Sort::Anciennete, 0, 50, 100).await.expect("search");
            page.lines.into_iter().map(|l| l.numero_unique).collect::<Vec<_>>()
        }
    };
    let numero = |d: &Demande| vec![d.numero_unique.as_str().to_owned()];
    for (typed, expected) in [
        ("chloe", numero(&people[0])),
        ("CHLOÉ", numero(&people[0])),
        ("le goff", numero(&people[0])),
        ("herve", numero(&people[0])),
        ("Hervé chlo", numero(&people[0])),
        ("éric", numero(&people[1])),
        ("Eric dupre", numero(&people[1])),
        ("dupré", numero(&people[1])),
        ("n'diaye", numero(&people[2])),
        ("jean pierre", numero(&people[2])),
        ("jean-pierre n diaye", numero(&people[2])),
        ("oedipe", numero(&people[3])),
        (&logis_domain::french::folded(&format!("z{every_folded_letter}")), numero(&people[3])),
        (&people[1].numero_unique.as_str()[..10], {
            let prefix = &people[1].numero_unique.as_str()[..10];
            let mut all: Vec<String> = (1..=9)
                .map(demande)
                .chain(people.iter().cloned())
                .map(|d| d.numero_unique.as_str().to_owned())
                .filter(|n| n.starts_with(prefix))
                .collect();
            all.sort();
            all
        }),
        ("chloe eric", vec![]),
        ("zzz", vec![]),
    ] {
        let mut got = found(typed).await;
        got.sort();
        assert_eq!(got, expected, "« {typed} »");
    }
    sorted_by_name_and_by_numero(store).await;
    // A name changed by a plain UPDATE (not through Logis's writes) is found by its new keys:
    // the database's trigger folds it as Logis does, after a whole load as after any other.
    let renamed = people[1].numero_unique.as_str();
    store
        .execute(&[crate::statement::Statement::new(
            "UPDATE demandes SET nom = 'Lefèvre-Œuvray', prenom = 'Anaïs' WHERE numero_unique = $1",
            vec![crate::statement::text(renamed)],
        )])
        .await
        .expect("renamed");
    for typed in ["lefevre", "oeuvray", "anais lef"] {
        assert_eq!(found(typed).await, vec![renamed.to_owned()], "« {typed} » after the UPDATE");
    }
    assert!(found("dupre").await.is_empty(), "the former name is forgotten");
    let folded_in_database = store
        .fetch(
            "SELECT cle_nom, cle_nom_fin, cle_prenom FROM demandes WHERE numero_unique = $1",
            &[crate::statement::text(people[3].numero_unique.as_str())],
            &[crate::tables::ColumnType::Text; 3],
        )
        .await
        .expect("read");
    let mut v = crate::statement::Values::of(folded_in_database.into_iter().next().expect("row"));
    let nom = logis_domain::french::folded(&format!("Z{every_folded_letter}"));
    let last = nom.rsplit(' ').next().expect("a word").to_owned();
    assert_eq!(v.text().expect("cle_nom"), nom, "the database folds like the search");
    assert_eq!(v.text().expect("cle_nom_fin"), last);
    assert_eq!(v.text().expect("cle_prenom"), "oedipe");
}

/// The list by surname follows the folded names (« DUPRÉ » between « dupont » and « Durand »,
/// whatever the accents and case), a first name breaking a tie; by numéro, the numéros' order.
async fn sorted_by_name_and_by_numero(store: &dyn Store) {
    let every = ApplicationFilter { statut: None, ..Default::default() };
    let by_name = search(store, &every, Sort::Nom, 0, 50, 100).await.expect("search");
    let names: Vec<String> = by_name
        .lines
        .iter()
        .map(|l| {
            let folded =
                |t: &Option<String>| logis_domain::french::folded(t.as_deref().unwrap_or_default());
            format!("{} {}", folded(&l.nom), folded(&l.prenom))
        })
        .collect();
    assert_eq!(names.len(), 13, "every application, whatever its status");
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by folded surname: {names:?}");
    let dupre = names.iter().position(|n| n.starts_with("dupre ")).expect("DUPRÉ");
    let goff = names.iter().position(|n| n.starts_with("le goff")).expect("Le Goff");
    assert!(dupre < goff, "« DUPRÉ » before « Le Goff-Hervé »: {names:?}");
    let by_numero = search(store, &every, Sort::Numero, 1, 5, 100).await.expect("search");
    let numeros: Vec<&str> = by_numero.lines.iter().map(|l| l.numero_unique.as_str()).collect();
    let mut expected: Vec<String> = by_name.lines.iter().map(|l| l.numero_unique.clone()).collect();
    expected.sort();
    assert_eq!(numeros, expected[5..10].iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!((by_numero.matching, by_numero.more), (13, false));
}

/// Applications without a score (no grid yet, a cotation being recomputed) are listed after the
/// scored ones, never left out — across pages, counts and filters.
async fn unscored_applications_follow_the_scored_ones(store: &dyn Store) {
    let all = ApplicationFilter::default();
    let active = ApplicationFilter { statut: Some("active".into()), ..Default::default() };
    let none_scored = search(store, &active, Sort::Score, 0, 50, 100).await.expect("search");
    assert_eq!((none_scored.matching, none_scored.lines.len()), (6, 6), "nothing scored yet");
    let actives = search(store, &active, Sort::Anciennete, 0, 50, 100).await.expect("search");
    let closed = ApplicationFilter { statut: Some("radiee".into()), ..Default::default() };
    let closed_before = search(store, &closed, Sort::Score, 0, 50, 100).await.expect("search");
    assert!(!closed_before.lines.is_empty(), "the fixture has withdrawn applications");
    // Four active applications scored, and one withdrawn whose score line lingers (until the
    // next cotation).
    let scored: Vec<&str> = actives
        .lines
        .iter()
        .take(4)
        .chain(closed_before.lines.first())
        .map(|l| l.numero_unique.as_str())
        .collect();
    let mut tx = store.begin_import().await.expect("begin");
    let rows: Vec<crate::Row> = scored
        .iter()
        .enumerate()
        .map(|(i, numero)| {
            crate::codec::Stored::to_row(&crate::StoredScore {
                numero_unique: logis_domain::NumeroUnique::parse(numero).expect("valid"),
                calcule_le: crate::conformance::date(2024, 1, 1),
                grille_en_vigueur: crate::conformance::date(2023, 1, 1),
                grille_empreinte: "g".into(),
                score: 10 * (i as i64 + 1),
                provisoire: false,
                detail: String::new(),
                commune: "82112".into(),
                typologie: "T3".into(),
                rang: 1,
                comparables: 1,
            })
        })
        .collect();
    tx.write(crate::Table::Scores, &rows).await.expect("scores");
    tx.commit().await.expect("commit");
    let mut listed = Vec::new();
    for page in 0..3 {
        let found = search(store, &active, Sort::Score, page, 2, 100).await.expect("search");
        assert_eq!((found.matching, found.more), (6, false), "page {page}");
        listed.extend(found.lines);
    }
    let scores: Vec<Option<i64>> = listed.iter().map(|l| l.score).collect();
    assert_eq!(scores, [Some(40), Some(30), Some(20), Some(10), None, None]);
    let unscored: Vec<_> = listed[4..].iter().map(|l| l.date_depot).collect();
    assert!(unscored.windows(2).all(|w| w[0] <= w[1]), "the unscored ones oldest first");
    let everyone = search(store, &all, Sort::Score, 0, 50, 100).await.expect("search");
    assert_eq!(everyone.matching, 9, "closed applications too, after the scored ones");
    let capped = search(store, &active, Sort::Score, 1, 4, 5).await.expect("search");
    assert_eq!((capped.matching, capped.more, capped.lines.len()), (5, true, 2));
    let closed_ones = search(store, &closed, Sort::Score, 0, 50, 100).await.expect("search");
    assert!(closed_ones.lines.iter().all(|l| l.statut == "radiee"));
    assert_eq!(closed_ones.matching, closed_before.matching, "a lingering score hides nothing");
    assert_eq!(closed_ones.lines.len(), closed_before.lines.len());
    // Past the count's cap, the pages after the scored ones still list the unscored ones.
    let past_cap = search(store, &active, Sort::Score, 2, 2, 3).await.expect("search");
    let past: Vec<Option<i64>> = past_cap.lines.iter().map(|l| l.score).collect();
    assert_eq!((past, past_cap.matching, past_cap.more), (vec![None, None], 3, true));
    // An export (every line, nothing counted) has the unscored ones too.
    let export = search(store, &active, Sort::Score, 0, 7, 0).await.expect("search");
    assert_eq!(export.lines.len(), 6, "an export lists every active application");
    let high = ApplicationFilter { score_min: Some(25), ..active.clone() };
    let found = search(store, &high, Sort::Score, 0, 50, 100).await.expect("search");
    assert_eq!(found.matching, 2, "a score filter keeps scored applications only");
}

pub async fn labels_notes_and_follow_ups(store: &dyn Store) {
    let demandes = nine_applications(store).await;
    let numero = demandes[0].numero_unique.as_str();
    let label = |critere: &str, statut: LabelStatus, moment: i64| PriorityLabel {
        numero_unique: NumeroUnique::parse(numero).expect("a numéro"),
        critere: LabelCriterion::from_code(critere).expect("a criterion"),
        statut,
        justificatif: "Attestation vue".to_owned(),
        auteur: "agent".to_owned(),
        organisme: OrganismeId::parse("tgh").ok(),
        moment,
    };
    store
        .execute(&labels::record(&label("handicap", LabelStatus::Proposed, 10)))
        .await
        .expect("proposal");
    let before = lookup_all::<Demande>(store, &[numero]).await.expect("lookup")[0]
        .criteres_prioritaires
        .clone();
    assert!(!before.contains(&CriterePrioritaire::Handicap), "a proposal changes nothing");
    for moment in [20, 30] {
        store
            .execute(&labels::record(&label("handicap", LabelStatus::Recognised, moment)))
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
    assert_eq!(stored[0], label("handicap", LabelStatus::Proposed, 10));

    let note = |moment: i64, texte: &str| Note {
        numero_unique: NumeroUnique::parse(numero).expect("a numéro"),
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
        numero_unique: NumeroUnique::parse(numero).expect("a numéro"),
        moment: 7,
        auteur: "x".into(),
        nature: logis_domain::work::EventNature::Modification,
        detail: "d".into(),
    };
    store.execute(&[notes::write_event(&event)]).await.expect("event");
    assert_eq!(notes::events_of(store, numero).await.expect("events"), [event]);

    let link = FollowUp {
        numero_unique: NumeroUnique::parse(numero).expect("a numéro"),
        login: login("social"),
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

pub async fn settings_are_saved_and_replaced(store: &dyn Store) {
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

/// `text` as a login (the cases' logins are valid ones).
fn login(text: &str) -> logis_access::Login {
    logis_access::Login::parse(text).expect("a login")
}
