//! An import sent over HTTP, by the import page or by the API: the files of a multipart form
//! streamed to a temporary folder (names made safe, the size stopped at the settings' limit),
//! then imported in the background as a job whose progress and report the page and the API
//! follow ([`crate::imports`]). The audit log says who sent what.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::imports::{JobProgress, JobState};
use crate::render::Refusal;
use crate::state::AppState;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use logis_transfer::{ImportOptions, Mode};
use std::io::Write;
use std::sync::Arc;

/// The folder, inside the upload's temporary one, that holds the files received: its name is
/// the one the import's report gives a problem of the whole set (« aucun fichier du format
/// d'échange v1 trouvé »).
const UPLOADED: &str = "fichiers envoyés";

/// Files received for an import.
pub struct Received {
    dir: tempfile::TempDir,
    names: Vec<String>,
    boxes: Boxes,
}

/// The boxes of the import form, checked or not.
#[derive(Default, Clone, Copy)]
struct Boxes {
    /// « Vérifier seulement » : nothing written.
    check_only: bool,
    /// « Tout relire » : the files read even if they are those of the last import.
    reread: bool,
}

/// A file name of the upload, kept to its last part and to the characters of format v1's names.
fn safe_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next()?.trim().to_lowercase();
    let fine = !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && (last.ends_with(".csv") || last.ends_with(".zip"))
        && !last.starts_with('.');
    fine.then_some(last)
}

fn bad(message: &str) -> Refusal {
    Refusal::BadRequest(message.to_owned())
}

/// The refusal of an upload past `limit` bytes (the settings' « envoi_max_mo »).
fn too_large(limit: u64) -> Refusal {
    Refusal::BadRequest(format!(
        "L'envoi dépasse {} Mo, la taille la plus grande acceptée : rien n'est importé. Compressez les fichiers en .zip, \
         ou demandez à l'administrateur d'augmenter « envoi_max_mo » dans les paramètres.",
        limit >> 20
    ))
}

/// Writes the uploaded files into `dir`, at most `limit` bytes in all; their names, and the
/// form's boxes.
async fn files(
    mut multipart: Multipart,
    dir: &std::path::Path,
    limit: u64,
) -> Result<(Vec<String>, Boxes), Refusal> {
    let mut names = Vec::new();
    let mut boxes = Boxes::default();
    let mut received: u64 = 0;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(&format!("Envoi interrompu : {e}. Recommencez.")))?
    {
        match field.name() {
            Some("verifier") => boxes.check_only = true,
            Some("tout_relire") => boxes.reread = true,
            Some("fichiers") => {
                let Some(original) = field.file_name().map(str::to_owned) else { continue };
                if original.is_empty() {
                    continue;
                }
                let name = safe_name(&original).ok_or_else(|| {
                    bad(&format!("« {original} » n'est ni un fichier .csv du format d'échange ni une archive .zip."))
                })?;
                let mut file = std::fs::File::create(dir.join(&name))
                    .map_err(|e| Refusal::Store(format!("fichier temporaire : {e}")))?;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| bad(&format!("Envoi interrompu : {e}. Recommencez.")))?
                {
                    received += chunk.len() as u64;
                    if received > limit {
                        return Err(too_large(limit));
                    }
                    file.write_all(&chunk)
                        .map_err(|e| Refusal::Store(format!("fichier temporaire : {e}")))?;
                }
                names.push(name);
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(bad(
            "Aucun fichier reçu : choisissez une archive .zip ou les fichiers .csv du jeu à importer.",
        ));
    }
    let zips = names.iter().filter(|n| n.ends_with(".zip")).count();
    if zips > 0 && names.len() > 1 {
        return Err(bad(
            "Envoyez soit une seule archive .zip, soit les fichiers .csv, pas les deux.",
        ));
    }
    Ok((names, boxes))
}

/// Receives the files of `multipart` (at most the settings' upload size).
pub async fn receive(
    state: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Received, Refusal> {
    let multipart = multipart.map_err(|_| {
        bad("Le formulaire d'import n'a pas été reçu en entier : choisissez les fichiers et recommencez.")
    })?;
    let dir =
        tempfile::tempdir().map_err(|e| Refusal::Store(format!("dossier temporaire : {e}")))?;
    let limit = state.privacy().imports.upload_bytes();
    let uploaded = dir.path().join(UPLOADED);
    std::fs::create_dir(&uploaded)
        .map_err(|e| Refusal::Store(format!("dossier temporaire : {e}")))?;
    let (names, boxes) = files(multipart, &uploaded, limit).await?;
    Ok(Received { dir, names, boxes })
}

/// Starts importing `received` in the background for `principal`; the job's number.
pub async fn start(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    received: Received,
) -> Result<u64, Refusal> {
    let Received { dir, names, boxes: Boxes { check_only, reread } } = received;
    let settings = state.privacy().imports;
    let uploaded = dir.path().join(UPLOADED);
    let path = if names.len() == 1 && names[0].ends_with(".zip") {
        uploaded.join(&names[0])
    } else {
        uploaded
    };
    let what = format!(
        "import{} de {}",
        if check_only { " (vérification)" } else { "" },
        names.join(", ")
    );
    audit::by(state, principal, origin, audit::Action::Import, &what).await?;
    let (id, job) = state.imports.start(&principal.login, names, state.clock.unix());
    let progress = Arc::new(JobProgress(job.clone()));
    let background = state.clone();
    tokio::spawn(async move {
        let _kept_until_the_end = dir;
        let store = &*background.store;
        let mode = if check_only { Mode::Check } else { Mode::Write };
        let register_at = (!check_only).then(|| background.clock.now());
        let options = ImportOptions { mode, limits: settings.limits, register_at, reread };
        let requests = background.rescorer.requests();
        let outcome = logis_transfer::import_with(store, &path, progress, options).await;
        let finished = match outcome {
            Err(e) => JobState::Failed(e.to_string()),
            Ok(mut o) => {
                let mut follow_up = Vec::new();
                follow_up.extend(o.changes_said());
                if o.written {
                    background.data_changed();
                    background.organismes.refresh(background.store.clone());
                }
                let now = background.clock.now();
                let followed = logis_transfer::follow_up::after(store, now, &mut o).await;
                if followed.is_some() {
                    // A change saved while the import or its follow-up ran is scored again.
                    let (rescorer, clock) = (&background.rescorer, background.clock.clone());
                    rescorer.request_if_asked_since(requests, background.store.clone(), clock);
                }
                if let Some(done) = followed {
                    match done.rescored {
                        Ok(Some(r)) => follow_up.push(logis_transfer::follow_up::rescored_said(&r)),
                        Ok(None) => {}
                        Err(e) => follow_up.push(format!(
                            "La cotation n'a pas pu être recalculée ({e}) : relancez-la."
                        )),
                    }
                    if let Err(e) = done.prepared {
                        follow_up.push(format!(
                            "Les données du bilan seront préparées au prochain bilan ({e})."
                        ));
                    }
                    match done.duplicates {
                        Ok(d) if d.pairs > 0 => follow_up.push(format!(
                            "{} L'EPCI les fusionne ou les écarte sur la page « Doublons ».",
                            logis_transfer::follow_up::duplicates_said(&d)
                        )),
                        Ok(_) => {}
                        Err(e) => follow_up.push(format!(
                            "Les doublons possibles n'ont pas pu être recherchés ({e}) : ils le seront cette nuit."
                        )),
                    }
                }
                JobState::Finished {
                    report: o.report,
                    written: o.written,
                    check_only,
                    rows: o.rows,
                    follow_up,
                }
            }
        };
        job.set(finished);
    });
    Ok(id)
}
