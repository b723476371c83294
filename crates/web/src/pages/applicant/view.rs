//! What the applicant reads of their application, every sentence in plain French: where it
//! stands and when to renew it, the data registered, the cotation line by line (verified,
//! declared or waiting, and the document that would make it count), the position among
//! comparable applications, the observed waiting time, the priority, each commission decision,
//! the history. Partners' names, notes and internal remarks are not part of it.

use super::standing::standing;
use crate::format;
use crate::pages::file::FileView;
use crate::state::AppState;
use logis_cotation::Status;
use logis_cotation::stored::ApplicantFile;
use logis_domain::allocation::Nature;
use logis_domain::french::{Gender::Feminine, ordinal};
use logis_domain::{Demande, MotifRadiation, Piece, Statut};
use logis_store::allocation::commissions::Decision;
use time::Date;

/// One criterion of the cotation, in words.
pub struct CriterionLine {
    pub libelle: String,
    pub points: String,
    /// « vérifié », « déclaré », « en attente d'un justificatif ».
    pub etat: &'static str,
    pub explication: &'static str,
    /// The documents that would make it verified (or count), when it is not yet.
    pub a_apporter: Vec<&'static str>,
}

/// One decision of a commission about the application.
pub struct DecisionView {
    pub titre: String,
    pub decision: String,
    pub motif: Option<String>,
    pub ordre: String,
}

/// The applicant's page.
pub struct ApplicantView {
    pub numero: String,
    pub statut: String,
    /// « Renouvelez votre demande avant le … » and how near it is.
    pub echeance: Option<String>,
    pub echeance_proche: bool,
    /// Online renewal is open.
    pub renouvelable: bool,
    pub file: FileView,
    pub score_phrase: Option<String>,
    pub lignes: Vec<CriterionLine>,
    /// Every document the cotation waits for, once.
    pub pieces_attendues: Vec<&'static str>,
    /// The pieces those documents prove.
    pub pieces_manquantes: Vec<Piece>,
    pub position_phrase: Option<String>,
    pub graphique: Option<String>,
    pub repartition_phrase: Option<String>,
    pub attente_phrase: String,
    pub prioritaire_phrase: String,
    pub criteres_prioritaires: Vec<&'static str>,
    pub decisions: Vec<DecisionView>,
}

/// The document that proves a fact, as an applicant would call it.
pub fn evidence_for(piece: Piece) -> &'static str {
    match piece {
        Piece::SituationLogement => {
            "un justificatif de votre logement actuel (bail, quittance, attestation d'hébergement, jugement d'expulsion…)"
        }
        Piece::CompositionMenage => {
            "un justificatif de la composition de votre foyer (livret de famille, acte de naissance, certificat de grossesse, jugement…)"
        }
        Piece::Ressources => {
            "un justificatif de vos ressources (avis d'imposition, bulletins de salaire, attestation de la CAF ou de France Travail…)"
        }
        Piece::Motifs => {
            "un justificatif du motif de votre demande (certificat médical, attestation de l'employeur, constat d'insalubrité…)"
        }
        Piece::CriteresPrioritaires => {
            "un justificatif de votre situation prioritaire (décision, rapport d'un travailleur social, attestation…)"
        }
    }
}

fn status_sentence(d: &Demande) -> String {
    match d.statut {
        Statut::Active => "Votre demande est active : elle est examinée pour les logements qui se libèrent dans les communes que vous avez choisies.".to_owned(),
        Statut::Attribuee => "Un logement vous a été attribué : votre demande est satisfaite.".to_owned(),
        Statut::Radiee => {
            let when = d.date_radiation.map(|day| format!(" le {}", format::date(day))).unwrap_or_default();
            let why = match d.motif_radiation {
                Some(MotifRadiation::NonRenouvellement) => " car elle n'a pas été renouvelée à temps. Dans le mois qui suit, un guichet peut encore la réinscrire ; ensuite, il faut déposer une nouvelle demande".to_owned(),
                Some(motif) => format!(" ({})", motif.label()),
                None => String::new(),
            };
            format!("Votre demande a été radiée{when}{why}.")
        }
    }
}

fn criterion_line(
    line: &logis_cotation::stored::ExplainedLine,
    verified: &[Piece],
) -> CriterionLine {
    let (etat, explication) = match line.line.status {
        Status::Verifie if line.needs.is_empty() => (
            "vérifié",
            "Établi à partir des dates et des décisions enregistrées : ces points sont acquis.",
        ),
        Status::Verifie => ("vérifié", "Un justificatif a été vu : ces points sont acquis."),
        Status::Declare => (
            "déclaré",
            "Compté sur votre déclaration : votre score reste provisoire tant qu'un justificatif n'a pas été vu.",
        ),
        Status::EnAttente => (
            "en attente d'un justificatif",
            "Pas encore compté : ces points s'ajouteront quand le justificatif aura été vu.",
        ),
    };
    let a_apporter = if line.line.status == Status::Verifie {
        Vec::new()
    } else {
        line.needs.iter().filter(|p| !verified.contains(p)).map(|p| evidence_for(*p)).collect()
    };
    CriterionLine {
        libelle: line.libelle.clone(),
        points: format!(
            "{} point{}",
            format::signed(i64::from(line.line.points)),
            if line.line.points.abs() > 1 { "s" } else { "" }
        ),
        etat,
        explication,
        a_apporter,
    }
}

/// A decision in words, with the dwelling it was about.
pub struct DecidedOn {
    pub decision: Decision,
    pub seance: Option<Date>,
    pub bailleur: String,
    pub logement: Option<String>,
}

fn decision_view(d: DecidedOn) -> DecisionView {
    let dec = &d.decision;
    let when = d
        .seance
        .map(|day| format!("Commission du {}", format::date(day)))
        .unwrap_or_else(|| "Commission d'attribution".to_owned());
    let titre = match &d.logement {
        Some(l) => format!("{when} — {l} ({})", d.bailleur),
        None => format!("{when} ({})", d.bailleur),
    };
    let rang = dec.rang.unwrap_or(1).max(1) as u64;
    let decision = match dec.nature {
        Nature::Attribution => "Le logement vous a été attribué.".to_owned(),
        Nature::AttributionRang => format!(
            "Le logement vous a été attribué en {} rang : vous l'obtenez si les candidats placés avant vous le refusent.",
            ordinal(rang, logis_domain::french::Gender::Masculine)
        ),
        Nature::ConditionSuspensive => {
            let piece =
                dec.piece_manquante.clone().unwrap_or_else(|| "la pièce demandée".to_owned());
            let until = dec
                .echeance
                .map(|day| format!(" avant le {}", format::date(day)))
                .unwrap_or_default();
            format!("Le logement vous a été attribué sous condition : fournir {piece}{until}.")
        }
        Nature::NonAttribution => "Le logement ne vous a pas été attribué.".to_owned(),
        Nature::Irrecevable => {
            "Votre demande n'a pas pu être retenue pour ce logement (irrecevable).".to_owned()
        }
    };
    DecisionView {
        titre,
        decision,
        motif: dec.motif.clone().filter(|m| !m.trim().is_empty()),
        ordre: format!(
            "Parmi les candidats présentés, votre demande était la {} dans l'ordre de la cotation.",
            ordinal(dec.position_score.max(1) as u64, Feminine)
        ),
    }
}

impl ApplicantView {
    pub fn new(
        state: &AppState,
        cotation: &ApplicantFile,
        file: FileView,
        decisions: Vec<DecidedOn>,
        today: Date,
    ) -> Self {
        let d = &cotation.demande;
        let active = d.statut == Statut::Active;
        let deadline = d.renewal_deadline();
        let echeance_proche = active && deadline <= logis_domain::calendar::months_after(today, 1);
        let echeance = active.then(|| {
            if deadline < today {
                format!("La date limite de renouvellement, le {}, est passée : renouvelez-la sans attendre, ou adressez-vous à un guichet, sinon elle sera radiée.", format::date(deadline))
            } else {
                format!("Renouvelez votre demande avant le {}. Sans renouvellement, elle est radiée un mois après cette date.", format::date(deadline))
            }
        });
        let lignes: Vec<CriterionLine> =
            cotation.lines.iter().map(|l| criterion_line(l, &d.pieces_verifiees)).collect();
        let mut pieces_manquantes: Vec<Piece> = Vec::new();
        for line in cotation.lines.iter().filter(|l| l.line.status != Status::Verifie) {
            for piece in &line.needs {
                if !d.pieces_verifiees.contains(piece) && !pieces_manquantes.contains(piece) {
                    pieces_manquantes.push(*piece);
                }
            }
        }
        let pieces_attendues = pieces_manquantes.iter().map(|p| evidence_for(*p)).collect();
        let score = cotation.score.as_ref();
        let score_phrase = score.map(|sc| {
            let provisional = if sc.provisoire { " Ce score est provisoire : une partie repose sur votre déclaration, en attendant les justificatifs." } else { "" };
            format!("Votre demande compte {} point{}.{provisional}", format::signed(sc.score), if sc.score.abs() > 1 { "s" } else { "" })
        });
        let commune = |code: &str| state.communes.name(code);
        let position_phrase = score.map(|sc| {
            let typology = if sc.typologie.is_empty() { "toutes tailles".to_owned() } else { sc.typologie.clone() };
            format!(
                "Parmi les {} demandes comparables à la vôtre (même première commune souhaitée, {}, et même taille de logement, {}), la vôtre est la {} par son score.",
                format::int(sc.comparables.max(0) as u64),
                commune(&sc.commune),
                typology,
                ordinal(sc.rang.max(1) as u64, Feminine)
            )
        });
        let (graphique, repartition_phrase) = match (score, &cotation.group) {
            (Some(sc), Some(g)) => {
                let phrase = format!(
                    "La moitié des demandes comparables ont entre {} et {} points ; la médiane est à {} points. Votre score : {} points.",
                    format::signed(g.score_q1),
                    format::signed(g.score_q3),
                    format::signed(g.score_mediane),
                    format::signed(sc.score)
                );
                (
                    Some(standing(sc.score, g.score_q1, g.score_mediane, g.score_q3, &phrase)),
                    Some(phrase),
                )
            }
            _ => (None, None),
        };
        let attente_phrase = match &cotation.group {
            Some(g) if g.attente_mois_dixiemes.is_some() => format!(
                "Ces 12 derniers mois, pour des demandes comme la vôtre, le délai médian entre le dépôt de la demande et la signature du bail a été de {} mois (la moitié des ménages ont attendu moins, la moitié plus), sur {} attribution{}. Votre demande a {} d'ancienneté.",
                format::tenths(g.attente_mois_dixiemes.unwrap_or(0).max(0) as u64),
                format::int(g.attente_attributions.max(0) as u64),
                if g.attente_attributions > 1 { "s" } else { "" },
                file.anciennete
            ),
            _ => "Aucune attribution comparable n'a été observée ces 12 derniers mois : nous ne pouvons pas encore estimer le délai d'attente.".to_owned(),
        };
        let mut criteres_prioritaires: Vec<&'static str> =
            d.criteres_prioritaires.iter().map(|c| c.label()).collect();
        if d.dalo == Some(true) {
            criteres_prioritaires.insert(0, "reconnu prioritaire et urgent par la commission DALO");
        }
        let prioritaire_phrase = if criteres_prioritaires.is_empty() {
            "Votre foyer n'est pas reconnu prioritaire. Si vous pensez l'être (handicap, violences, logement indigne, hébergement…), parlez-en à un travailleur social ou à un guichet : la reconnaissance se fait sur justificatif.".to_owned()
        } else {
            "Votre foyer est reconnu prioritaire pour l'attribution d'un logement social, au titre de :".to_owned()
        };
        ApplicantView {
            numero: d.numero_unique.as_str().to_owned(),
            statut: status_sentence(d),
            echeance,
            echeance_proche,
            renouvelable: matches!(
                logis_applicants::renewal::window(d, today),
                logis_applicants::renewal::Window::Open { .. }
            ),
            score_phrase,
            lignes,
            pieces_attendues,
            pieces_manquantes,
            position_phrase,
            graphique,
            repartition_phrase,
            attente_phrase,
            prioritaire_phrase,
            criteres_prioritaires,
            decisions: decisions.into_iter().map(decision_view).collect(),
            file,
        }
    }
}
