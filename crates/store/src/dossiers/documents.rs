//! Applicants' evidence documents (`pieces_demandeurs`): a PDF, JPEG or PNG an applicant
//! deposits as evidence of one piece of their application, kept with its bytes in the main
//! database (so that its backup keeps them; no file is ever named after an upload). Partners
//! see the list without the bytes ([`of_application`]); the bytes are read one document at a
//! time and only through the application they belong to ([`content`]). A validated document
//! makes its piece verified on the application (`pieces_verifiees`), as a recognised label
//! does; a refused one keeps its reason. The rules (types, sizes, names, who may do what) are
//! `logis_applicants::documents`'; the purge erases the documents with the applications it
//! purges ([`crate::retention`]).

use super::labels::appended;
use crate::record::{self, StoredRecord};
use crate::statement::{Statement, Values, bytes, int, text};
use crate::tables::ColumnType::{self, Bytes, Int};
use crate::{Result, Store};
use logis_domain::{NumeroUnique, Piece};
use std::fmt;

/// A document's number, given by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentId(i64);

impl DocumentId {
    pub fn new(id: i64) -> Self {
        DocumentId(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a document is, as read from its first bytes (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentType {
    Pdf,
    Jpeg,
    Png,
}

impl ContentType {
    pub const ALL: [ContentType; 3] = [ContentType::Pdf, ContentType::Jpeg, ContentType::Png];

    /// Its media type, as stored and sent in `Content-Type`.
    pub fn code(self) -> &'static str {
        match self {
            ContentType::Pdf => "application/pdf",
            ContentType::Jpeg => "image/jpeg",
            ContentType::Png => "image/png",
        }
    }

    /// The media type of an exact code, if it is one of these.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The usual extension of its files, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ContentType::Pdf => "pdf",
            ContentType::Jpeg => "jpg",
            ContentType::Png => "png",
        }
    }
}

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    /// Deposited, not examined yet.
    Deposited,
    /// Validated by a partner: its piece is verified on the application.
    Validated,
    /// Refused by a partner, with a reason the applicant reads.
    Refused,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 3] =
        [DocumentStatus::Deposited, DocumentStatus::Validated, DocumentStatus::Refused];

    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            DocumentStatus::Deposited => "deposee",
            DocumentStatus::Validated => "validee",
            DocumentStatus::Refused => "refusee",
        }
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            DocumentStatus::Deposited => "déposée, en attente d'examen",
            DocumentStatus::Validated => "validée",
            DocumentStatus::Refused => "refusée",
        }
    }

    /// The status of an exact code, if it is one.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

crate::stored_record! {
    /// A document as lists show it: everything but its bytes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Document in "pieces_demandeurs" {
        pub id: DocumentId,
        pub numero_unique: NumeroUnique,
        /// The piece it is evidence of.
        pub piece: Piece,
        /// The name as uploaded, cleaned: for display only.
        pub nom_fichier: String,
        /// Read from the bytes.
        pub type_contenu: ContentType,
        /// In bytes.
        pub taille: i64,
        /// Seconds since 1970.
        pub depose_le: i64,
        pub statut: DocumentStatus,
        /// The partner's login who validated or refused it.
        pub examinee_par: Option<String>,
        pub examinee_le: Option<i64>,
        /// Why it was refused.
        pub motif_refus: Option<String>,
    }
}

/// A document with its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentContent {
    pub document: Document,
    pub bytes: Vec<u8>,
}

/// The bytes are left out: they never reach a log.
impl fmt::Debug for DocumentContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentContent")
            .field("document", &self.document)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A document to keep, its rules checked.
#[derive(Debug, Clone, Copy)]
pub struct Deposit<'a> {
    pub numero: &'a NumeroUnique,
    pub piece: Piece,
    /// Already cleaned.
    pub file_name: &'a str,
    pub content_type: ContentType,
    pub bytes: &'a [u8],
    /// Seconds since 1970.
    pub at: i64,
}

/// Keeps `deposit` as a new document, unless its application already holds `most`
/// documents; its number, or `None` when it holds them.
pub async fn deposit(
    store: &dyn Store,
    deposit: &Deposit<'_>,
    most: i64,
) -> Result<Option<DocumentId>> {
    let size = i64::try_from(deposit.bytes.len()).unwrap_or(i64::MAX);
    let sql = "INSERT INTO pieces_demandeurs (numero_unique, piece, nom_fichier, type_contenu,
    taille, contenu, depose_le, statut)
SELECT $1, $2, $3, $4, $5, $6, $7, $8
WHERE (SELECT COUNT(*) FROM pieces_demandeurs WHERE numero_unique = $1) < $9
RETURNING id";
    let params = [
        text(deposit.numero.as_str()),
        text(deposit.piece.code()),
        text(deposit.file_name),
        text(deposit.content_type.code()),
        int(size),
        bytes(deposit.bytes),
        int(deposit.at),
        text(DocumentStatus::Deposited.code()),
        int(most),
    ];
    let rows = store.fetch(sql, &params, &[Int]).await?;
    rows.into_iter().next().map(|row| Values::of(row).int().map(DocumentId::new)).transpose()
}

/// The documents of application `numero`, newest first, without their bytes.
pub async fn of_application(store: &dyn Store, numero: &NumeroUnique) -> Result<Vec<Document>> {
    let sql = format!(
        "SELECT {} FROM pieces_demandeurs WHERE numero_unique = $1 ORDER BY depose_le DESC, id DESC",
        record::select_list::<Document>()
    );
    let rows = store.fetch(&sql, &[text(numero.as_str())], Document::TYPES).await?;
    rows.into_iter().map(Document::read).collect()
}

/// Document `id` of application `numero`, without its bytes; `None` when there is none, or
/// when it belongs to another application.
pub async fn one(
    store: &dyn Store,
    numero: &NumeroUnique,
    id: DocumentId,
) -> Result<Option<Document>> {
    let sql = format!(
        "SELECT {} FROM pieces_demandeurs WHERE id = $1 AND numero_unique = $2",
        record::select_list::<Document>()
    );
    let params = [int(id.get()), text(numero.as_str())];
    let rows = store.fetch(&sql, &params, Document::TYPES).await?;
    rows.into_iter().next().map(Document::read).transpose()
}

/// Document `id` of application `numero` with its bytes; `None` when there is none, or when
/// it belongs to another application (the only way to its bytes: an id alone reaches nothing).
pub async fn content(
    store: &dyn Store,
    numero: &NumeroUnique,
    id: DocumentId,
) -> Result<Option<DocumentContent>> {
    let sql = format!(
        "SELECT {}, contenu FROM pieces_demandeurs WHERE id = $1 AND numero_unique = $2",
        record::select_list::<Document>()
    );
    let types: Vec<ColumnType> = Document::TYPES.iter().copied().chain([Bytes]).collect();
    let params = [int(id.get()), text(numero.as_str())];
    let Some(mut row) = store.fetch(&sql, &params, &types).await?.into_iter().next() else {
        return Ok(None);
    };
    let bytes = Values::of(row.split_off(Document::COLUMNS.len())).bytes()?;
    Ok(Some(DocumentContent { document: Document::read(row)?, bytes }))
}

/// How many documents application `numero` holds.
pub async fn count(store: &dyn Store, numero: &NumeroUnique) -> Result<i64> {
    let rows = store
        .fetch(
            "SELECT COUNT(*) FROM pieces_demandeurs WHERE numero_unique = $1",
            &[text(numero.as_str())],
            &[Int],
        )
        .await?;
    Ok(rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?.unwrap_or(0))
}

/// The statements that validate `document` by `by` at `now` (a document validated already
/// keeps who validated it and when) and make its piece verified on its application (once).
/// The bilan's projections do not read the verified pieces: they stay as they are; the
/// cotation does, and the caller has the scores recomputed.
pub fn validated(document: &Document, by: &str, now: i64) -> Vec<Statement> {
    vec![
        Statement::new(
            "UPDATE pieces_demandeurs SET statut = $3, examinee_par = $4, examinee_le = $5,
    motif_refus = NULL
WHERE id = $1 AND numero_unique = $2 AND statut <> $3",
            vec![
                int(document.id.get()),
                text(document.numero_unique.as_str()),
                text(DocumentStatus::Validated.code()),
                text(by),
                int(now),
            ],
        ),
        appended("pieces_verifiees", document.numero_unique.as_str(), document.piece.code()),
    ]
}

/// The statement that refuses `document` by `by` at `now` for `reason`, unless it was
/// validated meanwhile.
pub fn refused(document: &Document, by: &str, reason: &str, now: i64) -> Statement {
    Statement::new(
        "UPDATE pieces_demandeurs SET statut = $3, examinee_par = $4, examinee_le = $5,
    motif_refus = $6
WHERE id = $1 AND numero_unique = $2 AND statut <> $7",
        vec![
            int(document.id.get()),
            text(document.numero_unique.as_str()),
            text(DocumentStatus::Refused.code()),
            text(by),
            int(now),
            text(reason),
            text(DocumentStatus::Validated.code()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for t in ContentType::ALL {
            assert_eq!(ContentType::from_code(t.code()), Some(t));
        }
        for s in DocumentStatus::ALL {
            assert_eq!(DocumentStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(ContentType::from_code("application/zip"), None);
    }

    #[test]
    fn a_content_s_debug_shows_no_byte() {
        let document = Document {
            id: DocumentId::new(1),
            numero_unique: NumeroUnique::parse("0820119000001G0001").expect("a numéro"),
            piece: Piece::Ressources,
            nom_fichier: "avis.pdf".into(),
            type_contenu: ContentType::Pdf,
            taille: 9,
            depose_le: 0,
            statut: DocumentStatus::Deposited,
            examinee_par: None,
            examinee_le: None,
            motif_refus: None,
        };
        let shown = format!("{:?}", DocumentContent { document, bytes: b"%PDF-1.7\n".to_vec() });
        assert!(shown.contains("bytes: 9") && !shown.contains("PDF-1.7"), "{shown}");
    }
}
