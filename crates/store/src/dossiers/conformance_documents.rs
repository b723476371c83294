//! The conformance cases of the applicants' evidence documents, run with the store's suite on
//! every backend: bytes kept exactly, a document reached only through its own application,
//! a validation verifying its piece once, the purge erasing the documents of the applications
//! it purges (and their renewal notices) and no other.

use super::documents::{self, ContentType, Deposit, DocumentId, DocumentStatus};
use super::notices;
use crate::conformance::{date, demande};
use crate::retention::{self, PurgeLimits};
use crate::{Store, Table, lookup_all};
use logis_domain::{Demande, NumeroUnique, Piece};

/// `demandes` written to `store`.
async fn written(store: &dyn Store, demandes: &[Demande]) {
    let mut tx = store.begin_import().await.expect("begin");
    tx.write(
        Table::Demandes,
        &demandes.iter().map(crate::codec::Stored::to_row).collect::<Vec<_>>(),
    )
    .await
    .expect("write");
    tx.commit().await.expect("commit");
}

/// Every byte value, zeros and invalid UTF-8 included, behind a PNG's signature.
fn png_bytes() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..=u8::MAX).cycle().take(40_000));
    bytes
}

/// Deposits `bytes` as evidence of `piece` of `numero` at `at` (at most 30 per application).
async fn deposited(
    store: &dyn Store,
    numero: &NumeroUnique,
    piece: Piece,
    bytes: &[u8],
    at: i64,
) -> DocumentId {
    let deposit = Deposit {
        numero,
        piece,
        file_name: "avis d'imposition.png",
        content_type: ContentType::Png,
        bytes,
        at,
    };
    documents::deposit(store, &deposit, 30).await.expect("deposit").expect("under the limit")
}

pub async fn documents_are_kept_whole_and_reached_through_their_application(store: &dyn Store) {
    let (first, second) = (demande(1), demande(2));
    written(store, &[first.clone(), second.clone()]).await;
    let (mine, other) = (&first.numero_unique, &second.numero_unique);
    let bytes = png_bytes();
    let older = deposited(store, mine, Piece::Ressources, &bytes, 10).await;
    let newer = deposited(store, mine, Piece::Motifs, b"\x89PNG\r\n\x1a\n", 20).await;
    assert_ne!(older, newer);

    let read = documents::content(store, mine, older).await.expect("read").expect("found");
    assert_eq!(read.bytes, bytes, "every byte back");
    let d = &read.document;
    assert_eq!(
        (d.id, &d.numero_unique, d.piece, d.nom_fichier.as_str(), d.type_contenu),
        (older, mine, Piece::Ressources, "avis d'imposition.png", ContentType::Png)
    );
    assert_eq!(
        (d.taille, d.depose_le, d.statut, &d.examinee_par),
        (i64::try_from(bytes.len()).expect("small"), 10, DocumentStatus::Deposited, &None)
    );

    assert_eq!(documents::content(store, other, older).await.expect("read"), None, "not its own");
    assert_eq!(documents::one(store, other, older).await.expect("read"), None);
    assert_eq!(documents::of_application(store, other).await.expect("list"), []);
    assert_eq!(documents::count(store, other).await.expect("count"), 0);
    let unknown = DocumentId::new(newer.get() + 1000);
    assert_eq!(documents::content(store, mine, unknown).await.expect("read"), None);

    let listed = documents::of_application(store, mine).await.expect("list");
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), [newer, older], "newest first");
    assert_eq!(listed[1], read.document);
    assert_eq!(documents::count(store, mine).await.expect("count"), 2);

    let third = Deposit {
        numero: mine,
        piece: Piece::Motifs,
        file_name: "x.png",
        content_type: ContentType::Png,
        bytes: &bytes,
        at: 30,
    };
    assert_eq!(documents::deposit(store, &third, 2).await.expect("deposit"), None, "at most 2");
    assert_eq!(documents::count(store, mine).await.expect("count"), 2, "nothing written");
    assert!(documents::deposit(store, &third, 3).await.expect("deposit").is_some());
}

pub async fn a_validated_document_verifies_its_piece_once(store: &dyn Store) {
    let application = Demande { pieces_verifiees: vec![], ..demande(1) };
    written(store, std::slice::from_ref(&application)).await;
    let numero = &application.numero_unique;
    let verified = || async {
        lookup_all::<Demande>(store, &[numero.as_str()]).await.expect("read")[0]
            .pieces_verifiees
            .clone()
    };
    let resources = deposited(store, numero, Piece::Ressources, b"\x89PNG\r\n\x1a\n1", 10).await;
    let motives = deposited(store, numero, Piece::Motifs, b"\x89PNG\r\n\x1a\n2", 11).await;
    let refused =
        deposited(store, numero, Piece::CompositionMenage, b"\x89PNG\r\n\x1a\n3", 12).await;
    let document =
        |id| async move { documents::one(store, numero, id).await.expect("read").expect("found") };

    let first = document(resources).await;
    store.execute(&documents::validated(&first, "bailleur", 100)).await.expect("validate");
    assert_eq!(verified().await, [Piece::Ressources]);
    store.execute(&documents::validated(&first, "autre", 200)).await.expect("again");
    assert_eq!(verified().await, [Piece::Ressources], "once");
    let validated = document(resources).await;
    assert_eq!(
        (validated.statut, validated.examinee_par.as_deref(), validated.examinee_le),
        (DocumentStatus::Validated, Some("bailleur"), Some(100)),
        "who validated it first"
    );
    let late = documents::refused(&validated, "autre", "illisible", 300);
    assert_eq!(store.execute(&[late]).await.expect("refuse"), 0, "a validated one stays");
    assert_eq!(document(resources).await.statut, DocumentStatus::Validated);

    store
        .execute(&documents::validated(&document(motives).await, "epci", 400))
        .await
        .expect("validate");
    assert_eq!(verified().await, [Piece::Ressources, Piece::Motifs]);

    let no = documents::refused(&document(refused).await, "epci", "Pièce illisible", 500);
    store.execute(&[no]).await.expect("refuse");
    let no = document(refused).await;
    assert_eq!(
        (no.statut, no.examinee_par.as_deref(), no.motif_refus.as_deref()),
        (DocumentStatus::Refused, Some("epci"), Some("Pièce illisible"))
    );
    assert_eq!(verified().await, [Piece::Ressources, Piece::Motifs], "nothing verified");
}

pub async fn the_purge_erases_the_documents_of_purged_applications_only(store: &dyn Store) {
    let (active, closed) = (demande(1), demande(3));
    assert!(closed.date_radiation.is_some() && active.date_radiation.is_none());
    written(store, &[active.clone(), closed.clone()]).await;
    let kept = deposited(store, &active.numero_unique, Piece::Ressources, &png_bytes(), 1).await;
    for at in [2, 3] {
        deposited(store, &closed.numero_unique, Piece::Ressources, &png_bytes(), at).await;
    }
    for d in [&active, &closed] {
        let notice = notices::Notice {
            numero_unique: d.numero_unique.clone(),
            echeance: date(2022, 6, 1),
            moyen: notices::Channel::Letter,
            statut: notices::NoticeStatus::Sent,
            jour: date(2022, 5, 2),
            envoye_le: 1,
        };
        assert!(notices::record(store, &notice).await.expect("notice"));
    }
    let limits = PurgeLimits { closed_before: date(2023, 1, 1), audit_before: 0 };
    let simulated = retention::simulate(store, limits).await.expect("simulate");
    assert_eq!(simulated.documents, 2);
    let report = retention::purge(store, limits, "test", 1_000).await.expect("purge");
    assert_eq!(report.counts, simulated);
    assert_eq!(retention::reports(store, 1).await.expect("reports")[0].counts.documents, 2);

    assert_eq!(documents::count(store, &closed.numero_unique).await.expect("count"), 0);
    let left = documents::of_application(store, &active.numero_unique).await.expect("list");
    assert_eq!(left.iter().map(|d| d.id).collect::<Vec<_>>(), [kept], "an active one's kept");
    let again = retention::simulate(store, limits).await.expect("simulate");
    assert_eq!(again.documents, 0);
    let notices_left = notices::of_day(store, date(2022, 5, 2)).await.expect("notices");
    let left: Vec<&NumeroUnique> = notices_left.iter().map(|n| &n.numero_unique).collect();
    assert_eq!(left, [&active.numero_unique], "the purged application's notice goes with it");
}
