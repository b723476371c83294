//! Applicants' evidence documents as the pages show them, for the applicant and for partners
//! alike: one line per document ([`DocumentLine`]), a document sent back as a download (its
//! type read from its bytes at deposit, never shown in the browser), and a capability's
//! refusal turned into the page's.

use crate::format;
use crate::render::{self, Refusal};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use logis_applicants::documents::{self, Document, DocumentContent, DocumentError};

/// One document, formatted.
pub struct DocumentLine {
    pub id: i64,
    pub piece: &'static str,
    pub nom: String,
    pub taille: String,
    pub depose: String,
    pub statut: &'static str,
    pub statut_code: &'static str,
    pub motif: Option<String>,
    /// Still waiting for a partner's examination (or refused: it may still be validated).
    pub a_examiner: bool,
}

impl DocumentLine {
    pub fn of(d: &Document) -> Self {
        DocumentLine {
            id: d.id.get(),
            piece: d.piece.label(),
            nom: d.nom_fichier.clone(),
            taille: size(d.taille),
            depose: format::moment(d.depose_le),
            statut: d.statut.label(),
            statut_code: d.statut.code(),
            motif: d.motif_refus.clone(),
            a_examiner: d.statut != documents::DocumentStatus::Validated,
        }
    }
}

/// A size in words: « 1,2 Mo », « 350 ko ».
fn size(bytes: i64) -> String {
    let bytes = bytes.max(0) as f64;
    if bytes >= 1024.0 * 1024.0 {
        format!("{}\u{a0}Mo", format::decimal(bytes / (1024.0 * 1024.0), 1))
    } else {
        format!("{}\u{a0}ko", format::decimal((bytes / 1024.0).max(1.0), 0))
    }
}

/// The document as a file to save (never displayed inline: a PDF's scripts and an image's
/// tricks stay out of the application's pages).
pub fn download(content: DocumentContent) -> Response {
    let name = documents::download_name(&content.document);
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, content.document.type_contenu.code().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        content.bytes,
    )
        .into_response()
}

/// The page's refusal of a capability's refusal.
pub fn refusal(e: DocumentError) -> Refusal {
    match e {
        DocumentError::Store(e) => Refusal::from(e),
        DocumentError::UnknownDocument | DocumentError::UnknownApplication => Refusal::NotFound,
        e => Refusal::Invalid(render::sentence(&e.to_string())),
    }
}
