//! A note on an application, for the partners who reach it (the applicant never sees them).

use crate::{CaseworkError, Worker, invalid, reach};
use logis_store::Store;
use logis_store::dossiers::notes::{self, Note};

/// The longest note kept, in characters.
pub const MAX_NOTE: usize = 2000;

/// Writes the note `texte` of `worker` on application `numero`.
pub async fn write(
    store: &dyn Store,
    worker: &Worker<'_>,
    numero: &str,
    texte: &str,
) -> Result<Note, CaseworkError> {
    if !worker.permissions().annotate {
        return Err(CaseworkError::Forbidden);
    }
    let application = reach::reached(store, worker, numero).await?;
    let texte = texte.trim();
    if texte.is_empty() || texte.chars().count() > MAX_NOTE {
        return Err(invalid(format!("Une note contient de 1 à {MAX_NOTE} caractères.")));
    }
    let note = Note {
        numero_unique: application.numero_unique.clone(),
        auteur: worker.login.to_owned(),
        organisme: worker.organisation(),
        moment: worker.at,
        texte: texte.to_owned(),
    };
    store.execute(&[notes::write_note(&note)]).await?;
    worker.audit(store, format!("{numero} : note")).await?;
    Ok(note)
}
