//! The partners' writes on an application that the pages and the API share: a note (the
//! account's reach checked here), a priority label — checked ([`check`]), then recognised or
//! proposed by role, the cotation following; the caller checks the reach — and the criteria a
//! label may name with their French labels (DALO, then those of format v1). Each writes its
//! statements in one transaction and puts its line in the audit log.

use crate::audit;
use crate::dossier;
use crate::guard::{Origin, Principal, may_reach};
use crate::render::Refusal;
use crate::state::AppState;
use logis_domain::CriterePrioritaire;
use logis_domain::work::EventNature;
use logis_domain::work::LabelStatus;
use logis_store::dossiers::labels::{self, PriorityLabel};
use logis_store::dossiers::notes::{self, Event, Note};
use serde::Deserialize;

/// The longest note kept.
pub const MAX_NOTE: usize = 2000;

/// A note as sent (also the API's JSON body).
#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    pub texte: String,
}

/// Writes the note of `principal` on application `numero` (which they reach), with its line in
/// the audit log.
pub async fn write_note(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    numero: &str,
    form: &NoteForm,
) -> Result<Note, Refusal> {
    may_reach(state, principal, numero).await?;
    dossier::application(state, numero).await?;
    let texte = form.texte.trim();
    if texte.is_empty() || texte.chars().count() > MAX_NOTE {
        return Err(Refusal::BadRequest(format!(
            "Une note contient de 1 à {MAX_NOTE} caractères."
        )));
    }
    let note = Note {
        numero_unique: numero.to_owned(),
        auteur: principal.login.clone(),
        organisme: principal.organisme.clone(),
        moment: state.clock.unix(),
        texte: texte.to_owned(),
    };
    state.store.execute(&[notes::write_note(&note)]).await?;
    audit::by(state, principal, origin, audit::MODIFICATION, &format!("{numero} : note")).await?;
    Ok(note)
}

/// How long a label's page waits for the new score before it answers (the recomputation
/// goes on after, and the file says so).
pub const RESCORING_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// The longest evidence text kept.
pub const MAX_EVIDENCE: usize = 1000;

/// The criteria a label may name: DALO, then the priority criteria of format v1 (code, label).
pub fn criteria() -> Vec<(&'static str, &'static str)> {
    let mut all =
        vec![("dalo", "reconnu prioritaire et urgent par la commission de médiation DALO")];
    all.extend(CriterePrioritaire::ALL.iter().map(|c| (c.code(), c.label())));
    all
}

/// The French label of a priority criterion code (or `dalo`).
pub fn criterion_label(code: &str) -> String {
    criteria()
        .into_iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, label)| label.to_owned())
}

/// The form as sent (also the API's JSON body).
#[derive(Debug, Default, Deserialize)]
pub struct LabelForm {
    #[serde(default)]
    pub critere: String,
    #[serde(default)]
    pub justificatif: String,
}

/// What is wrong with a label, in French (nothing when it can be recorded).
pub fn check(form: &LabelForm) -> Vec<String> {
    let mut errors = Vec::new();
    if !criteria().iter().any(|(code, _)| *code == form.critere) {
        errors.push("Choisissez le critère de priorité qui s'applique au ménage.".to_owned());
    }
    let evidence = form.justificatif.trim();
    if evidence.chars().count() < 5 {
        errors.push("Indiquez le justificatif vu (document, décision, rapport social) : c'est ce que les partenaires liront.".to_owned());
    } else if evidence.chars().count() > MAX_EVIDENCE {
        errors.push(format!("Le justificatif dépasse {MAX_EVIDENCE} caractères : résumez-le."));
    }
    errors
}

/// Records a checked label of `principal` on application `numero` (recognised or proposed,
/// by role), with its event in the timeline and its line in the audit log.
pub async fn record(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    numero: &str,
    form: &LabelForm,
) -> Result<PriorityLabel, Refusal> {
    let numero = numero.to_owned();
    let recognised = principal.permissions().label_priority;
    let now = state.clock.unix();
    let label = PriorityLabel {
        numero_unique: numero.clone(),
        critere: form.critere.clone(),
        statut: if recognised { LabelStatus::Recognised } else { LabelStatus::Proposed },
        justificatif: form.justificatif.trim().to_owned(),
        auteur: principal.login.clone(),
        organisme: principal.organisme.clone(),
        moment: now,
    };
    let mut statements = labels::record(&label);
    let earlier = labels::of_application(&*state.store, &numero).await?;
    let proposal = labels::current(&earlier)
        .into_iter()
        .find(|l| l.critere == form.critere && l.statut == LabelStatus::Proposed)
        .map(|l| format!(" (proposée par {} le {})", l.auteur, crate::format::moment(l.moment)));
    let verb = match (recognised, &proposal) {
        (true, Some(_)) => "Priorité confirmée",
        (true, None) => "Priorité reconnue",
        (false, _) => "Priorité proposée",
    };
    statements.push(notes::write_event(&Event {
        numero_unique: numero.clone(),
        moment: now,
        auteur: principal.login.clone(),
        nature: EventNature::Label,
        detail: format!(
            "{verb} : {}{}",
            criterion_label(&form.critere),
            proposal.filter(|_| recognised).unwrap_or_default()
        ),
    }));
    state.store.execute(&statements).await?;
    if recognised {
        // A verified criterion: the score, the candidates' index and the bilan follow.
        state.data_changed();
        state.rescorer.request(state.store.clone(), state.clock.clone());
        state.rescorer.settled(RESCORING_WAIT).await;
    }
    let what = format!("{numero} : étiquette de priorité");
    audit::by(state, principal, origin, audit::MODIFICATION, &what).await?;
    Ok(label)
}
