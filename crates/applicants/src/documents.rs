//! The applicants' evidence documents (issue 19): an applicant deposits a PDF, JPEG or PNG as
//! evidence of one piece of their application ([`deposit`]); its type is read from its first
//! bytes, never from its name, its size is limited ([`MOST_BYTES`]) and so is their number
//! ([`MOST_DOCUMENTS`]); its name is kept cleaned, for display only. A partner within reach
//! validates it ([`validate`]: its piece becomes verified on the application, as a recognised
//! label's evidence does) or refuses it with a reason the applicant reads ([`refuse`]). A
//! document is read only through its own application ([`content`]). Reach, permissions and the
//! audit line of every view and download are the caller's (the web's guards and
//! `logis_casework::reach`), as for the other reads of a file.

use logis_domain::work::EventNature;
use logis_domain::{Demande, NumeroUnique, Piece, Statut};
use logis_store::dossiers::documents::{self, Deposit};
use logis_store::dossiers::notes::{self, Event};
use logis_store::{Store, StoreError, lookup_all};

pub use logis_store::dossiers::documents::{
    ContentType, Document, DocumentContent, DocumentId, DocumentStatus,
};

/// The largest document accepted: 5 Mio.
pub const MOST_BYTES: usize = 5 * 1024 * 1024;
/// The most documents one application holds.
pub const MOST_DOCUMENTS: i64 = 30;
/// The longest name kept, in characters.
pub const MOST_NAME_CHARS: usize = 120;
/// The longest reason for a refusal, in characters.
pub const MOST_REASON_CHARS: usize = 500;

/// Why a document was refused or could not be examined (each said in French to the applicant
/// or the partner).
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("aucune demande ne porte ce numéro")]
    UnknownApplication,
    #[error(
        "cette demande n'est plus active : aucune pièce ne peut plus y être déposée ; adressez-vous à un guichet d'enregistrement"
    )]
    NotActive,
    #[error("le fichier est vide : choisissez le document à envoyer")]
    Empty,
    #[error("le fichier dépasse 5 Mo : envoyez une photo moins grande ou un PDF plus léger")]
    TooLarge { bytes: usize },
    #[error("seuls les fichiers PDF, JPEG et PNG sont acceptés")]
    UnsupportedType,
    #[error(
        "cette demande compte déjà 30 pièces justificatives, le maximum : adressez-vous à un guichet d'enregistrement"
    )]
    TooMany,
    /// No such document, or one of another application (which of the two is not said).
    #[error("pièce justificative introuvable")]
    UnknownDocument,
    #[error("cette pièce est déjà validée : elle ne peut plus être refusée")]
    AlreadyValidated,
    #[error("indiquez le motif du refus : le demandeur le lira")]
    ReasonMissing,
    #[error("le motif du refus dépasse 500 caractères : résumez-le")]
    ReasonTooLong,
    /// The store failed; its cause is kept for the server's log.
    #[error("service momentanément indisponible")]
    Store(#[from] StoreError),
}

/// A validation done: the document as it now stands, and whether its piece became verified
/// by it (the caller then has the scores recomputed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    pub document: Document,
    pub newly_verified: bool,
}

/// What `bytes` are, read from their first bytes; `None` for anything but PDF, JPEG and PNG.
pub fn sniff(bytes: &[u8]) -> Option<ContentType> {
    const SIGNATURES: [(&[u8], ContentType); 3] = [
        (b"%PDF-", ContentType::Pdf),
        (&[0xFF, 0xD8, 0xFF], ContentType::Jpeg),
        (&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A], ContentType::Png),
    ];
    SIGNATURES.into_iter().find(|(signature, _)| bytes.starts_with(signature)).map(|(_, t)| t)
}

/// The type of `bytes` once their size and type are checked.
pub fn checked(bytes: &[u8]) -> Result<ContentType, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MOST_BYTES {
        return Err(DocumentError::TooLarge { bytes: bytes.len() });
    }
    sniff(bytes).ok_or(DocumentError::UnsupportedType)
}

/// The name of an upload as kept, for display only: its last component (no folder, whatever
/// the separator), without control or direction-changing characters, trimmed, at most
/// [`MOST_NAME_CHARS`] characters; `document.<extension>` when nothing is left.
pub fn cleaned_name(file_name: &str, content_type: ContentType) -> String {
    let last = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last.chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).collect();
    let kept: String = kept.trim().chars().take(MOST_NAME_CHARS).collect();
    let kept = kept.trim();
    if kept.is_empty() || kept.chars().all(|c| c == '.') {
        format!("document.{}", content_type.extension())
    } else {
        kept.to_owned()
    }
}

/// Characters that change the direction of the text: they could show `fdp.exe` as `exe.pdf`.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The name to offer when the document is downloaded: its kept name, with the extension of its
/// type when it has another.
pub fn download_name(document: &Document) -> String {
    let extension = document.type_contenu.extension();
    let name = &document.nom_fichier;
    let has_it = name.rsplit_once('.').is_some_and(|(_, e)| {
        e.eq_ignore_ascii_case(extension)
            || (document.type_contenu == ContentType::Jpeg && e.eq_ignore_ascii_case("jpeg"))
    });
    if has_it { name.clone() } else { format!("{name}.{extension}") }
}

/// The pieces of `needed` (bits of `Piece::ALL`, as a grid criterion's `pieces`) that are not
/// among `verified`, in `Piece::ALL`'s order: the evidence still expected.
pub fn missing_pieces(needed: u8, verified: &[Piece]) -> Vec<Piece> {
    Piece::ALL
        .iter()
        .enumerate()
        .filter(|(bit, piece)| needed & (1 << bit) != 0 && !verified.contains(piece))
        .map(|(_, piece)| *piece)
        .collect()
}

/// Keeps `bytes`, named `file_name` by the applicant, as evidence of `piece` of the active
/// application `numero` at `now`; the document's number.
pub async fn deposit(
    store: &dyn Store,
    numero: &NumeroUnique,
    piece: Piece,
    file_name: &str,
    bytes: &[u8],
    now: i64,
) -> Result<DocumentId, DocumentError> {
    let content_type = checked(bytes)?;
    let application = application(store, numero).await?;
    if application.statut != Statut::Active {
        return Err(DocumentError::NotActive);
    }
    let file_name = cleaned_name(file_name, content_type);
    let deposit = Deposit { numero, piece, file_name: &file_name, content_type, bytes, at: now };
    documents::deposit(store, &deposit, MOST_DOCUMENTS).await?.ok_or(DocumentError::TooMany)
}

/// The documents of application `numero`, newest first, without their bytes.
pub async fn of_application(
    store: &dyn Store,
    numero: &NumeroUnique,
) -> Result<Vec<Document>, DocumentError> {
    Ok(documents::of_application(store, numero).await?)
}

/// Document `id` with its bytes, if it is one of application `numero`'s.
pub async fn content(
    store: &dyn Store,
    numero: &NumeroUnique,
    id: DocumentId,
) -> Result<Option<DocumentContent>, DocumentError> {
    Ok(documents::content(store, numero, id).await?)
}

/// Validates document `id` of application `numero`, by the partner `by` at `now`: its piece
/// becomes verified on the application (once), with an event in its timeline. Validating a
/// document validated already changes nothing.
pub async fn validate(
    store: &dyn Store,
    id: DocumentId,
    numero: &NumeroUnique,
    by: &str,
    now: i64,
) -> Result<Validation, DocumentError> {
    let document = document(store, numero, id).await?;
    if document.statut == DocumentStatus::Validated {
        return Ok(Validation { document, newly_verified: false });
    }
    let application = application(store, numero).await?;
    let newly_verified = !application.pieces_verifiees.contains(&document.piece);
    let detail = format!("Pièce justificative validée : {}", document.piece.label());
    let mut statements = documents::validated(&document, by, now);
    statements.push(notes::write_event(&event(numero, by, now, detail)));
    store.execute(&statements).await?;
    let document = self::document(store, numero, id).await?;
    Ok(Validation { document, newly_verified })
}

/// Refuses document `id` of application `numero`, by the partner `by` at `now`, for `reason`
/// (which the applicant reads), with an event in its timeline. A validated document is not
/// refused.
pub async fn refuse(
    store: &dyn Store,
    id: DocumentId,
    numero: &NumeroUnique,
    by: &str,
    reason: &str,
    now: i64,
) -> Result<Document, DocumentError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DocumentError::ReasonMissing);
    }
    if reason.chars().count() > MOST_REASON_CHARS {
        return Err(DocumentError::ReasonTooLong);
    }
    let document = document(store, numero, id).await?;
    if document.statut == DocumentStatus::Validated {
        return Err(DocumentError::AlreadyValidated);
    }
    let detail = format!("Pièce justificative refusée : {} — {reason}", document.piece.label());
    let statements = [
        documents::refused(&document, by, reason, now),
        notes::write_event(&event(numero, by, now, detail)),
    ];
    store.execute(&statements).await?;
    let document = self::document(store, numero, id).await?;
    if document.statut == DocumentStatus::Validated {
        return Err(DocumentError::AlreadyValidated); // validated meanwhile
    }
    Ok(document)
}

/// Application `numero`.
async fn application(store: &dyn Store, numero: &NumeroUnique) -> Result<Demande, DocumentError> {
    let found = lookup_all::<Demande>(store, &[numero.as_str()]).await?;
    found.into_iter().next().ok_or(DocumentError::UnknownApplication)
}

/// Document `id` of application `numero`, without its bytes.
async fn document(
    store: &dyn Store,
    numero: &NumeroUnique,
    id: DocumentId,
) -> Result<Document, DocumentError> {
    documents::one(store, numero, id).await?.ok_or(DocumentError::UnknownDocument)
}

/// The timeline's event of an examination.
fn event(numero: &NumeroUnique, by: &str, now: i64, detail: String) -> Event {
    Event {
        numero_unique: numero.clone(),
        moment: now,
        auteur: by.to_owned(),
        nature: EventNature::Modification,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0";

    #[test]
    fn the_type_is_read_from_the_bytes_never_the_name() {
        assert_eq!(sniff(PDF), Some(ContentType::Pdf));
        assert_eq!(sniff(JPEG), Some(ContentType::Jpeg));
        assert_eq!(sniff(PNG), Some(ContentType::Png));
        // A PNG named .pdf is a PNG, kept under its name.
        assert_eq!(checked(PNG).expect("accepted"), ContentType::Png);
        assert_eq!(cleaned_name("avis.pdf", ContentType::Png), "avis.pdf");
        // A program renamed .pdf, a ZIP, an HTML page, a truncated signature: refused.
        for refused in [
            &b"MZ\x90\0\x03\0\0\0\x04\0"[..],
            b"PK\x03\x04\x14\0\0\0",
            b"<html><script>alert(1)</script>",
            b"%PD",
            b"\xff\xd8",
            b" %PDF-1.4",
        ] {
            assert!(matches!(checked(refused), Err(DocumentError::UnsupportedType)), "{refused:?}");
        }
    }

    #[test]
    fn sizes_are_limited() {
        assert!(matches!(checked(b""), Err(DocumentError::Empty)));
        let mut largest = PDF.to_vec();
        largest.resize(MOST_BYTES, b' ');
        assert_eq!(checked(&largest).expect("at the limit"), ContentType::Pdf);
        largest.push(b' ');
        assert!(matches!(
            checked(&largest),
            Err(DocumentError::TooLarge { bytes }) if bytes == MOST_BYTES + 1
        ));
    }

    #[test]
    fn names_lose_their_folders_and_control_characters() {
        let png = ContentType::Png;
        assert_eq!(cleaned_name("../../etc/passwd", png), "passwd");
        assert_eq!(
            cleaned_name("C:\\Users\\Zoé\\Mes documents\\bulletin.png", png),
            "bulletin.png"
        );
        assert_eq!(cleaned_name("a\u{0}b\r\nc\t.png", png), "abc.png");
        assert_eq!(cleaned_name("facture\u{202E}gpj.exe", png), "facturegpj.exe");
        assert_eq!(cleaned_name("  avis.png  ", png), "avis.png");
        for nothing in ["", "dossier/", "..", "/../", "\u{7}"] {
            assert_eq!(cleaned_name(nothing, png), "document.png", "{nothing:?}");
        }
        let long = format!("{}.pdf", "é".repeat(200));
        let kept = cleaned_name(&long, ContentType::Pdf);
        assert_eq!(kept.chars().count(), MOST_NAME_CHARS);
        assert!(kept.chars().all(|c| c == 'é'));
    }

    #[test]
    fn a_download_s_name_has_the_extension_of_its_type() {
        let document = |name: &str, type_contenu| Document {
            id: DocumentId::new(1),
            numero_unique: NumeroUnique::parse("0820119000001G0001").expect("a numéro"),
            piece: Piece::Ressources,
            nom_fichier: name.to_owned(),
            type_contenu,
            taille: 1,
            depose_le: 0,
            statut: DocumentStatus::Deposited,
            examinee_par: None,
            examinee_le: None,
            motif_refus: None,
        };
        assert_eq!(download_name(&document("avis.PDF", ContentType::Pdf)), "avis.PDF");
        assert_eq!(download_name(&document("photo.jpeg", ContentType::Jpeg)), "photo.jpeg");
        assert_eq!(download_name(&document("avis.pdf", ContentType::Png)), "avis.pdf.png");
        assert_eq!(download_name(&document("scan", ContentType::Jpeg)), "scan.jpg");
    }

    #[test]
    fn the_pieces_missing_are_those_needed_and_not_verified() {
        let all = (1u8 << Piece::ALL.len()) - 1;
        assert_eq!(missing_pieces(all, Piece::ALL), []);
        assert_eq!(missing_pieces(0, &[]), []);
        assert_eq!(missing_pieces(all, &[]), Piece::ALL);
        let needed = 0b101; // the first and the third
        assert_eq!(missing_pieces(needed, &[]), [Piece::ALL[0], Piece::ALL[2]]);
        assert_eq!(missing_pieces(needed, &[Piece::ALL[0], Piece::ALL[1]]), [Piece::ALL[2]]);
        assert_eq!(missing_pieces(0b1000_0000, &[]), [], "bits past the list mean nothing");
    }
}
