//! An applicant's data, whole, on request (the right of access): everything Logis holds about
//! the application, as JSON and as a PDF, for the administrateur who answers the request
//! (`logis_privacy::applicant`). Each download is in the audit log.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use logis_privacy::applicant::{self, ApplicantData, Fields};
use logis_report::document::{Block, Document, Section, Table, paragraph};

async fn gathered(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    numero: &str,
    format: &str,
) -> Result<ApplicantData, Refusal> {
    let now = state.clock.unix();
    let data = applicant::gather(&*state.store, numero, now).await?.ok_or(Refusal::NotFound)?;
    let what = format!("données de la demande {numero} (droit d'accès), {format}");
    audit::by(state, principal, origin, audit::Action::Export, &what).await?;
    Ok(data)
}

pub async fn json(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    let data = gathered(&state, &principal, &origin, &numero, "JSON").await?;
    let name = format!("donnees-demande-{numero}.json");
    Ok(render::download(data.to_json().into_bytes(), "application/json", &name))
}

pub async fn pdf(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    let data = gathered(&state, &principal, &origin, &numero, "PDF").await?;
    let document = document(&data, &state.territoire);
    render::pdf(document, &format!("donnees-demande-{numero}.pdf")).await
}

/// The PDF's document of `data` (every section, empty ones saying so).
fn document(data: &ApplicantData, territory: &str) -> Document {
    let listed = |title: &str, records: &[Fields], empty: &str| {
        let blocks = if records.is_empty() { vec![paragraph(empty)] } else { vec![table(records)] };
        Section { title: title.to_owned(), blocks }
    };
    let single = |record: &Fields| -> Block {
        Block::Table(Table {
            headers: vec!["Donnée".to_owned(), "Valeur".to_owned()],
            rows: record.iter().map(|(k, v)| vec![k.replace('_', " "), v.clone()]).collect(),
            numeric: vec![false, false],
        })
    };
    let score = match &data.score {
        Some(s) => vec![single(s)],
        None => {
            vec![paragraph("Pas de score en cours (demande non cotée ou sortie du registre).")]
        }
    };
    Document {
            title: format!("Données de la demande n° {}", data.numero_unique),
            subtitle: format!(
                "Tout ce que Logis conserve sur cette demande au {} — {territory}",
                applicant::moment(data.rassemble_le)
            ),
            running_head: format!("Droit d'accès · demande n° {}", data.numero_unique),
            footer: "Document nominatif, remis au demandeur au titre de son droit d'accès (RGPD, article 15).".to_owned(),
            sections: vec![
                Section { title: "La demande".to_owned(), blocks: vec![single(&data.demande)] },
                listed("Le ménage", &data.membres, "Aucune personne enregistrée."),
                Section { title: "La cotation".to_owned(), blocks: score },
                listed("Historique des scores", &data.historique_scores, "Aucun score antérieur."),
                listed("Étiquettes de priorité", &data.etiquettes_priorite, "Aucune étiquette."),
                listed("Notes des partenaires", &data.notes, "Aucune note."),
                listed("Suivis par un travailleur social", &data.suivis, "Aucun suivi."),
                listed("Historique de la demande dans Logis", &data.historique, "Aucun événement."),
                listed("Décisions de commission", &data.decisions_commission, "Aucune décision."),
                listed("Propositions de logement", &data.propositions, "Aucune proposition."),
                listed(
                    "Justificatifs déposés en ligne",
                    &data.justificatifs,
                    "Aucun justificatif déposé.",
                ),
                listed("Attribution", &data.attributions, "Aucune attribution."),
                listed(
                    "Consultations et traitements du dossier",
                    &data.consultations,
                    "Aucune ligne du journal d'audit ne nomme cette demande.",
                ),
            ],
        }
}

/// Records of the same kind as one table, their columns in the order first met.
fn table(records: &[Fields]) -> Block {
    let mut headers: Vec<String> = Vec::new();
    for record in records {
        for key in record.keys() {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    let rows = records
        .iter()
        .map(|r| headers.iter().map(|h| r.get(h).cloned().unwrap_or_default()).collect())
        .collect();
    Block::Table(Table {
        numeric: vec![false; headers.len()],
        headers: headers.iter().map(|h| h.replace('_', " ")).collect(),
        rows,
    })
}
