//! Everything Logis holds about one applicant, gathered on request (the right of access of the
//! RGPD, article 15): the application and its household in the columns of format v1, the
//! cotation and its history, priority labels with their evidence, partners' notes, social
//! workers' follow-ups, the application's timeline, the commissions' decisions and the offers,
//! the allocation, and who consulted the file (the audit log's lines that name it), as plain
//! records written as JSON (the web application typesets them as a PDF).

use logis_domain::french::date as french_date;
use logis_domain::{Attribution, Demande, Membre, NumeroUnique};
use logis_exchange::records::Record as _;
use logis_exchange::{FileKind, MembreRow};
use logis_store::access::audit;
use logis_store::allocation::{commissions, offers};
use logis_store::dossiers::{followups, labels, notes};
use logis_store::{Result, ScoreHistoryEntry, Store, StoredScore, lookup_all};
use serde::Serialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// The most audit lines gathered.
const MOST_AUDIT_LINES: u32 = 10_000;

/// A record as named columns and their values (empty values left out).
pub type Fields = BTreeMap<String, String>;

/// One application's data, whole.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicantData {
    pub numero_unique: String,
    /// When it was gathered (seconds since 1970).
    pub rassemble_le: i64,
    pub demande: Fields,
    pub membres: Vec<Fields>,
    pub score: Option<Fields>,
    pub historique_scores: Vec<Fields>,
    pub etiquettes_priorite: Vec<Fields>,
    pub notes: Vec<Fields>,
    pub suivis: Vec<Fields>,
    pub historique: Vec<Fields>,
    pub decisions_commission: Vec<Fields>,
    pub propositions: Vec<Fields>,
    /// The evidence the applicant deposited (what it is, not its bytes: they are given apart).
    pub justificatifs: Vec<Fields>,
    pub attributions: Vec<Fields>,
    pub consultations: Vec<Fields>,
}

/// A moment as users read it.
pub fn moment(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds).map_or_else(
        |_| String::new(),
        |t| format!("{} à {:02}:{:02} UTC", french_date(t.date()), t.hour(), t.minute()),
    )
}

fn fields(pairs: impl IntoIterator<Item = (&'static str, String)>) -> Fields {
    pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A record of format v1 as its columns.
fn columns(kind: FileKind, cells: Vec<String>) -> Fields {
    fields(kind.columns().iter().map(|c| c.name).zip(cells))
}

fn or_empty(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Gathers the data of application `numero`; `None` when there is none.
pub async fn gather(store: &dyn Store, numero: &str, now: i64) -> Result<Option<ApplicantData>> {
    let Some(demande) = lookup_all::<Demande>(store, &[numero]).await?.into_iter().next() else {
        return Ok(None);
    };
    let members: Vec<(NumeroUnique, Membre)> = lookup_all(store, &[numero]).await?;
    let score = lookup_all::<StoredScore>(store, &[numero]).await?.into_iter().next();
    let history: Vec<ScoreHistoryEntry> = lookup_all(store, &[numero]).await?;
    let attributions: Vec<Attribution> = lookup_all(store, &[numero]).await?;
    Ok(Some(ApplicantData {
        numero_unique: numero.to_owned(),
        rassemble_le: now,
        demande: columns(FileKind::Demandes, demande.cells()),
        membres: members
            .into_iter()
            .map(|(numero_unique, membre)| {
                columns(FileKind::Membres, MembreRow { numero_unique, membre }.cells())
            })
            .collect(),
        score: score.map(|s| {
            fields([
                ("score", s.score.to_string()),
                ("provisoire", if s.provisoire { "oui" } else { "non" }.to_owned()),
                ("calcule_le", french_date(s.calcule_le)),
                ("grille_en_vigueur_le", french_date(s.grille_en_vigueur)),
                ("rang", format!("{} sur {}", s.rang, s.comparables)),
            ])
        }),
        historique_scores: history
            .into_iter()
            .map(|h| fields([("depuis", french_date(h.depuis)), ("score", h.score.to_string())]))
            .collect(),
        etiquettes_priorite: labels::of_application(store, numero)
            .await?
            .into_iter()
            .map(|l| {
                fields([
                    ("critere", l.critere.code().to_owned()),
                    ("statut", l.statut.code().to_owned()),
                    ("justificatif", l.justificatif),
                    ("auteur", l.auteur),
                    ("organisme", or_empty(l.organisme)),
                    ("le", moment(l.moment)),
                ])
            })
            .collect(),
        notes: notes::notes_of(store, numero)
            .await?
            .into_iter()
            .map(|n| {
                fields([
                    ("auteur", n.auteur),
                    ("organisme", or_empty(n.organisme)),
                    ("le", moment(n.moment)),
                    ("texte", n.texte),
                ])
            })
            .collect(),
        suivis: followups::of_application(store, numero)
            .await?
            .into_iter()
            .map(|f| {
                fields([
                    ("travailleur_social", f.login.to_string()),
                    ("consentement_le", french_date(f.consentement_le)),
                    ("cree_par", f.cree_par),
                ])
            })
            .collect(),
        historique: notes::events_of(store, numero)
            .await?
            .into_iter()
            .map(|e| fields([("le", moment(e.moment)), ("auteur", e.auteur), ("detail", e.detail)]))
            .collect(),
        decisions_commission: commissions::decisions_about(store, numero)
            .await?
            .into_iter()
            .map(|d| {
                fields([
                    ("commission", d.commission.to_string()),
                    ("logement_vacant", d.vacance.to_string()),
                    ("decision", d.nature.code().to_owned()),
                    ("rang", or_empty(d.rang)),
                    ("motif", or_empty(d.motif)),
                    ("motif_ecart", or_empty(d.motif_ecart)),
                    ("piece_manquante", or_empty(d.piece_manquante)),
                    ("le", moment(d.decidee_le)),
                ])
            })
            .collect(),
        propositions: offers::of_application(store, numero)
            .await?
            .into_iter()
            .map(|o| {
                fields([
                    ("logement_vacant", o.vacance.to_string()),
                    ("proposee_le", french_date(o.proposee_le)),
                    ("reponse", or_empty(o.reponse)),
                    ("motif_refus", or_empty(o.motif_refus)),
                    ("bail_signe_le", or_empty(o.bail_signe_le.map(french_date))),
                ])
            })
            .collect(),
        justificatifs: logis_store::dossiers::documents::of_application(
            store,
            &demande.numero_unique,
        )
        .await?
        .into_iter()
        .map(|d| {
            fields([
                ("piece", d.piece.code().to_owned()),
                ("fichier", d.nom_fichier),
                ("type", d.type_contenu.code().to_owned()),
                ("taille_octets", d.taille.to_string()),
                ("depose_le", moment(d.depose_le)),
                ("statut", d.statut.code().to_owned()),
                ("examine_par", or_empty(d.examinee_par)),
                ("motif_refus", or_empty(d.motif_refus)),
            ])
        })
        .collect(),
        attributions: attributions
            .into_iter()
            .map(|a| columns(FileKind::Attributions, a.cells()))
            .collect(),
        consultations: audit::mentioning(store, numero, MOST_AUDIT_LINES)
            .await?
            .into_iter()
            .map(|l| {
                fields([
                    ("le", moment(l.at)),
                    ("compte", l.login),
                    ("action", l.action.code().to_owned()),
                    ("origine", l.origin),
                ])
            })
            .collect(),
    }))
}

impl ApplicantData {
    /// The JSON document.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serialises")
    }
}
