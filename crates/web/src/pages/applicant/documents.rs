//! The applicant's evidence documents: deposited from their space (a multipart form, the file
//! read up to the capability's limit and no further), listed with what partners made of them,
//! and downloaded again — only their own application's, whatever id an address names. Each
//! deposit and each download is in the audit log.

use super::sign_in::AUDITED_AS;
use super::space::{Notice, page};
use crate::audit::{self, Action};
use crate::evidence;
use crate::guard::{Applicant, Origin};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use logis_applicants::documents::{self, DocumentError, DocumentId, MOST_BYTES};
use logis_domain::Piece;

/// The largest body of a deposit: the document and the form around it.
pub const DEPOSIT_LIMIT: usize = MOST_BYTES + 64 * 1024;

/// What the form sent.
#[derive(Default)]
struct Deposited {
    piece: Option<Piece>,
    file_name: String,
    bytes: Vec<u8>,
    too_large: bool,
}

/// Reads the form: the piece chosen and the file, stopped past [`MOST_BYTES`].
async fn read(mut multipart: Multipart) -> Result<Deposited, Refusal> {
    let unreadable = || {
        Refusal::BadRequest(
            "Le formulaire n'a pas pu être lu : rechargez la page et recommencez.".into(),
        )
    };
    let mut sent = Deposited::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("piece") => {
                let code = field.text().await.map_err(|_| unreadable())?;
                sent.piece = Piece::from_code(code.trim());
            }
            Some("fichier") => {
                sent.file_name = field.file_name().unwrap_or_default().to_owned();
                while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
                    if sent.bytes.len() + chunk.len() > MOST_BYTES {
                        sent.too_large = true;
                        break;
                    }
                    sent.bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    Ok(sent)
}

pub async fn deposit(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
    multipart: Multipart,
) -> Result<Response, Refusal> {
    let sent = read(multipart).await?;
    let said = |e: DocumentError| render::sentence(&e.to_string());
    let refused = match (sent.piece, sent.too_large) {
        (None, _) => "Choisissez ce que prouve le document.".to_owned(),
        (_, true) => said(DocumentError::TooLarge { bytes: MOST_BYTES }),
        (Some(piece), false) => {
            let now = state.clock.unix();
            let store = &*state.store;
            let numero = &applicant.numero;
            match documents::deposit(store, numero, piece, &sent.file_name, &sent.bytes, now).await
            {
                Ok(id) => {
                    let what = format!("{} (pièce n° {id} : {})", numero.as_str(), piece.label());
                    audit::record(&state, AUDITED_AS, &origin, Action::DocumentUploaded, &what)
                        .await?;
                    return Ok(
                        Redirect::to("/demandeur/espace?fait=piece#t-pieces").into_response()
                    );
                }
                Err(DocumentError::Store(e)) => return Err(Refusal::from(e)),
                Err(e) => said(e),
            }
        }
    };
    let notice = Notice { done: None, error: Some(refused) };
    let page = page(&state, &applicant, &origin, notice).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    let id = DocumentId::new(id.parse::<i64>().map_err(|_| Refusal::NotFound)?);
    let content = documents::content(&*state.store, &applicant.numero, id)
        .await
        .map_err(evidence::refusal)?
        .ok_or(Refusal::NotFound)?;
    let what = format!("{} (pièce n° {id})", applicant.numero.as_str());
    audit::record(&state, AUDITED_AS, &origin, Action::DocumentViewed, &what).await?;
    Ok(evidence::download(content))
}
