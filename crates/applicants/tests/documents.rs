//! The applicants' evidence documents, on both backends: a deposit kept whole under a cleaned
//! name, refused for a type other than PDF, JPEG or PNG whatever its name, for an application
//! no longer active, past 30 documents; a document reached only through its own application;
//! a refusal with its reason, a validation verifying the piece once, a validated document no
//! longer refused; both in the application's timeline.

use logis_applicants::documents::{
    self, ContentType, DocumentError, DocumentStatus, MOST_DOCUMENTS, MOST_REASON_CHARS,
};
use logis_domain::{Demande, NumeroUnique, Piece, Statut};
use logis_store::dossiers::notes;
use logis_store::lookup_all;
use logis_testkit::{all, cctc_files, every_backend, import};

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_are_deposited_read_through_their_application_and_examined() {
    let files = cctc_files(2);
    for backend in every_backend().await {
        let (store, name) = (&*backend.store, backend.name);
        assert!(import(store, files.path()).await.written, "{name}");
        let demandes: Vec<Demande> = all(store).await;
        let active = demandes.iter().find(|d| d.statut == Statut::Active).expect("an active one");
        let closed = demandes.iter().find(|d| d.statut != Statut::Active).expect("a closed one");
        let other = demandes
            .iter()
            .find(|d| d.statut == Statut::Active && d.numero_unique != active.numero_unique)
            .expect("another active one");
        let numero = &active.numero_unique;
        let now = 1_800_000_000;

        // A deposit, kept whole under its cleaned name.
        let id = documents::deposit(store, numero, Piece::Ressources, "../../avis.pdf", PDF, now)
            .await
            .expect("deposited");
        let read = documents::content(store, numero, id).await.expect("read").expect("found");
        assert_eq!(read.bytes, PDF, "{name}");
        assert_eq!(
            (read.document.nom_fichier.as_str(), read.document.type_contenu),
            ("avis.pdf", ContentType::Pdf)
        );
        assert_eq!(read.document.statut, DocumentStatus::Deposited);
        let listed = documents::of_application(store, numero).await.expect("list");
        assert_eq!(listed, std::slice::from_ref(&read.document));

        // Only through its own application.
        let elsewhere = documents::content(store, &other.numero_unique, id).await.expect("read");
        assert!(elsewhere.is_none(), "{name}: another application's document");
        let foreign = documents::validate(store, id, &other.numero_unique, "bailleur", now).await;
        assert!(matches!(foreign, Err(DocumentError::UnknownDocument)), "{foreign:?}");

        // Refusals of a deposit.
        let zip = b"PK\x03\x04\x14\0\0\0\0\0";
        let named_pdf = documents::deposit(store, numero, Piece::Motifs, "a.pdf", zip, now).await;
        assert!(matches!(named_pdf, Err(DocumentError::UnsupportedType)), "{named_pdf:?}");
        let late =
            documents::deposit(store, &closed.numero_unique, Piece::Motifs, "a.pdf", PDF, now)
                .await;
        assert!(matches!(late, Err(DocumentError::NotActive)), "{late:?}");
        let nobody = NumeroUnique::parse("0820000000000G0000").expect("a numéro");
        let unknown = documents::deposit(store, &nobody, Piece::Motifs, "a.pdf", PDF, now).await;
        assert!(matches!(unknown, Err(DocumentError::UnknownApplication)), "{unknown:?}");

        // A refusal needs its reason, short enough; then a validation verifies the piece once.
        let piece = Piece::ALL
            .iter()
            .copied()
            .find(|p| !active.pieces_verifiees.contains(p))
            .unwrap_or(Piece::Ressources);
        let evidence = documents::deposit(store, numero, piece, "justificatif.pdf", PDF, now + 1)
            .await
            .expect("deposited");
        let blank = documents::refuse(store, evidence, numero, "epci", "  ", now + 2).await;
        assert!(matches!(blank, Err(DocumentError::ReasonMissing)), "{blank:?}");
        let long = "x".repeat(MOST_REASON_CHARS + 1);
        let long = documents::refuse(store, evidence, numero, "epci", &long, now + 2).await;
        assert!(matches!(long, Err(DocumentError::ReasonTooLong)), "{long:?}");
        let refused = documents::refuse(store, evidence, numero, "epci", " Illisible ", now + 2)
            .await
            .expect("refused");
        assert_eq!(
            (refused.statut, refused.motif_refus.as_deref(), refused.examinee_le),
            (DocumentStatus::Refused, Some("Illisible"), Some(now + 2))
        );
        let validation = documents::validate(store, evidence, numero, "bailleur", now + 3)
            .await
            .expect("validated");
        assert_eq!(validation.newly_verified, !active.pieces_verifiees.contains(&piece));
        assert_eq!(
            (validation.document.statut, validation.document.motif_refus.as_deref()),
            (DocumentStatus::Validated, None)
        );
        let again = documents::validate(store, evidence, numero, "epci", now + 4).await;
        let again = again.expect("validated already");
        assert!(!again.newly_verified);
        assert_eq!(again.document.examinee_par.as_deref(), Some("bailleur"), "the first kept");
        let verified = lookup_all::<Demande>(store, &[numero.as_str()]).await.expect("read")[0]
            .pieces_verifiees
            .clone();
        assert_eq!(verified.iter().filter(|p| **p == piece).count(), 1, "{name}: once");
        let no = documents::refuse(store, evidence, numero, "epci", "Trop tard", now + 5).await;
        assert!(matches!(no, Err(DocumentError::AlreadyValidated)), "{no:?}");
        let timeline = notes::events_of(store, numero.as_str()).await.expect("events");
        let said: Vec<&str> = timeline.iter().map(|e| e.detail.as_str()).collect();
        assert!(
            said.iter().any(|d| d.starts_with("Pièce justificative refusée"))
                && said.iter().any(|d| d.starts_with("Pièce justificative validée")),
            "{said:?}"
        );

        // At most 30 documents.
        let held = logis_store::dossiers::documents::count(store, numero).await.expect("count");
        for n in held..MOST_DOCUMENTS {
            documents::deposit(store, numero, Piece::Motifs, "p.pdf", PDF, now + 10 + n)
                .await
                .expect("under the limit");
        }
        let over = documents::deposit(store, numero, Piece::Motifs, "p.pdf", PDF, now + 50).await;
        assert!(matches!(over, Err(DocumentError::TooMany)), "{over:?}");
        backend.finish().await;
    }
}
