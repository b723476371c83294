//! The file as the page shows it: every value already formatted in French.

use super::timeline::{Moment, timeline};
use crate::format;
use crate::state::Communes;
use logis_cotation::Status;
use logis_cotation::stored::ApplicantFile;
use logis_domain::french::{
    Gender::{Feminine, Masculine},
    ordinal,
};
use logis_domain::household::{ConsumptionUnits, age_at, composition};
use logis_domain::seuils::annual_resources_per_uc;
use logis_domain::work::EventNature;
use logis_domain::work::{LabelCriterion, LabelStatus};
use logis_domain::{Attribution, Membre, Seuils, Statut};
use logis_store::dossiers::followups::FollowUp;
use logis_store::dossiers::labels::PriorityLabel;
use logis_store::dossiers::notes::{Event, Note};
use logis_store::dossiers::renewal::REINSTATEMENT_MONTHS;
use time::Date;

/// What the file is assembled from, besides the cotation.
pub struct Sources {
    pub labels: Vec<PriorityLabel>,
    pub notes: Vec<Note>,
    pub events: Vec<Event>,
    pub followers: Vec<FollowUp>,
    pub members: Vec<Membre>,
    pub seuils: Option<Seuils>,
    pub attribution: Option<Attribution>,
    /// The last import of the register's applications: (when, the day in words).
    pub register_import: Option<(i64, String)>,
}

pub struct MemberView {
    pub lien: &'static str,
    pub age: String,
    pub naissance: String,
}

pub struct PointLine {
    pub libelle: String,
    pub points: String,
    pub statut: &'static str,
    pub en_attente: bool,
}

pub struct LabelView {
    pub critere: String,
    /// The criterion's code (for the actions).
    pub code: String,
    /// « reconnue », « proposée » or « retirée ».
    pub statut: &'static str,
    pub reconnue: bool,
    pub auteur: String,
    pub moment: String,
    pub justificatif: String,
    /// The reader may confirm this proposal, still the latest word on its criterion.
    pub may_confirm: bool,
    /// The reader may withdraw this recognition, still the latest word on its criterion.
    pub may_withdraw: bool,
}

/// A priority criterion the application holds, and where it comes from.
pub struct CriterionView {
    pub critere: String,
    pub origine: String,
}

pub struct NoteView {
    pub auteur: String,
    pub moment: String,
    pub texte: String,
}

/// Label and value.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct FileView {
    pub numero: String,
    pub nom: String,
    pub statut: &'static str,
    pub statut_code: &'static str,
    pub prioritaire: bool,
    pub dalo: bool,
    pub situation: Vec<Fact>,
    pub members: Vec<MemberView>,
    pub composition: String,
    pub resources: Vec<Fact>,
    pub score: Option<String>,
    pub provisoire: bool,
    pub grille: String,
    pub points: Vec<PointLine>,
    pub position: Option<String>,
    pub distribution: Option<String>,
    pub attente: String,
    pub anciennete: String,
    pub labels: Vec<LabelView>,
    /// The priority criteria (and DALO) the application holds, with their origin.
    pub criteria: Vec<CriterionView>,
    pub notes: Vec<NoteView>,
    pub followers: Vec<String>,
    pub timeline: Vec<Moment>,
    pub may_label: bool,
    pub may_annotate: bool,
    pub may_update: bool,
    pub may_follow: bool,
    /// The administrateur answers an applicant's request for their data.
    pub may_export_data: bool,
    /// The administrateur may reinstate an application struck off for non-renewal less than a
    /// month ago.
    pub may_reinstate: bool,
}

/// Whether `label` is the latest word on its criterion.
fn is_current(label: &PriorityLabel, labels: &[PriorityLabel]) -> bool {
    logis_store::dossiers::labels::current(labels).iter().any(|l| std::ptr::eq(*l, label))
}

/// Where the application's data came from last: its registration or correction in Logis (when,
/// by whom), or the import of the register (its day) when that came later.
fn received(events: &[Event], register_import: Option<&(i64, String)>) -> String {
    let saved = events
        .iter()
        .filter(|e| matches!(e.nature, EventNature::Creation | EventNature::Modification))
        .max_by_key(|e| e.moment);
    let in_logis = |e: &Event| {
        format!(
            "déclaré {} dans Logis le {} par {}",
            if e.nature == EventNature::Creation {
                "à l'enregistrement"
            } else {
                "à la modification"
            },
            format::moment(e.moment),
            e.auteur
        )
    };
    match (saved, register_import) {
        (Some(e), None) => in_logis(e),
        (Some(e), Some((at, _))) if e.moment >= *at => in_logis(e),
        (_, Some((_, day))) => format!("reçu avec la demande, par l'import du registre du {day}"),
        (None, None) => "reçu avec la demande (import du registre)".to_owned(),
    }
}

/// The criteria the application holds: recognised in Logis (by whom, when), or received with
/// it (the import of the register, or its registration form: [`received`]).
fn criteria_held(
    d: &logis_domain::Demande,
    labels: &[PriorityLabel],
    received: &str,
) -> Vec<CriterionView> {
    let current = logis_store::dossiers::labels::current(labels);
    let origin = |criterion: LabelCriterion| {
        current
            .iter()
            .find(|l| l.critere == criterion && l.statut == LabelStatus::Recognised)
            .map_or_else(
                || received.to_owned(),
                |l| format!("reconnu dans Logis par {} le {}", l.auteur, format::moment(l.moment)),
            )
    };
    let mut held: Vec<CriterionView> = d
        .criteres_prioritaires
        .iter()
        .map(|c| CriterionView {
            critere: c.label().to_owned(),
            origine: origin(LabelCriterion::Priority(*c)),
        })
        .collect();
    if d.dalo == Some(true) {
        let when = d.date_dalo.map(|day| format!(", décision du {}", format::date(day)));
        held.insert(
            0,
            CriterionView {
                critere: LabelCriterion::Dalo.label().to_owned(),
                origine: format!("{}{}", origin(LabelCriterion::Dalo), when.unwrap_or_default()),
            },
        );
    }
    held
}

/// The renewal deadline of an active application, and how near it is.
fn renewal(d: &logis_domain::Demande, today: Date) -> String {
    if d.statut != Statut::Active {
        return "—".to_owned();
    }
    let deadline = d.renewal_deadline();
    let when = format::date(deadline);
    if deadline < today {
        format!("{when} (échéance dépassée : radiée un mois après sans renouvellement)")
    } else if deadline <= logis_domain::calendar::months_after(today, 1) {
        format!("{when} (dans moins d'un mois)")
    } else {
        when
    }
}

pub fn list_of<T>(codes: &[T], label: impl Fn(&T) -> String) -> String {
    if codes.is_empty() {
        "—".to_owned()
    } else {
        codes.iter().map(label).collect::<Vec<_>>().join(", ")
    }
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "oui".into(),
        Some(false) => "non".into(),
        None => "non renseigné".into(),
    }
}

impl FileView {
    pub fn new(
        file: &ApplicantFile,
        s: Sources,
        communes: &Communes,
        p: &logis_access::Permissions,
        today: Date,
    ) -> Self {
        let d = &file.demande;
        let commune = |c: &logis_domain::CodeInsee| communes.name(c.as_str());
        let situation = vec![
            Fact { label: "Déposée le", value: format::date(d.date_depot) },
            Fact {
                label: "Dernier renouvellement",
                value: d.date_renouvellement.map(format::date).unwrap_or_else(|| "—".into()),
            },
            Fact { label: "À renouveler avant le", value: renewal(d, today) },
            Fact { label: "Situation de logement", value: d.situation_logement.label().to_owned() },
            Fact {
                label: "Commune de résidence",
                value: d.commune_residence.as_ref().map(commune).unwrap_or_else(|| "—".into()),
            },
            Fact {
                label: "Typologies souhaitées",
                value: list_of(&d.typologies_souhaitees, |t| t.label().to_owned()),
            },
            Fact { label: "Communes souhaitées", value: list_of(&d.communes_souhaitees, commune) },
            Fact {
                label: "Motifs de la demande",
                value: list_of(&d.motifs, |m| m.label().to_owned()),
            },
            Fact { label: "Logement adapté (PMR)", value: yes_no(d.pmr) },
            Fact {
                label: "Guichet d'enregistrement",
                value: d.guichet.clone().unwrap_or_else(|| "—".into()),
            },
        ];
        let uc = ConsumptionUnits::at(&s.members, today);
        let mut resources = vec![
            Fact {
                label: "Ressources mensuelles",
                value: format::euros(d.ressources_mensuelles.cents()),
            },
            Fact { label: "Unités de consommation", value: format::decimal(uc.as_f64(), 1) },
            Fact {
                label: "Ressources annuelles par UC",
                value: format!(
                    "{}\u{a0}€",
                    format::int(annual_resources_per_uc(d.ressources_mensuelles, uc).round() as u64)
                ),
            },
        ];
        if let Some(seuils) = &s.seuils {
            resources.push(Fact {
                label: "Quartile de ressources",
                value: format!(
                    "{} quartile (seuils de {})",
                    ordinal(
                        u64::from(seuils.quartile(d.ressources_mensuelles, uc).number()),
                        Masculine
                    ),
                    seuils.annee
                ),
            });
        }
        let nom = match (&d.nom, &d.prenom) {
            (Some(n), Some(p)) => format!("{n} {p}"),
            (Some(n), None) => n.clone(),
            _ => "(nom non renseigné)".to_owned(),
        };
        let members = s
            .members
            .iter()
            .map(|m| MemberView {
                lien: m.lien.label(),
                age: format!("{} ans", age_at(m.date_naissance, today)),
                naissance: format::date(m.date_naissance),
            })
            .collect();
        let score = file.score.as_ref();
        let position = score.map(|sc| {
            format!(
                "{} sur {} demande{} comparable{} ({}, {})",
                ordinal(sc.rang.max(0) as u64, Feminine),
                format::int(sc.comparables.max(0) as u64),
                if sc.comparables > 1 { "s" } else { "" },
                if sc.comparables > 1 { "s" } else { "" },
                communes.name(&sc.commune),
                if sc.typologie.is_empty() { "toutes typologies" } else { &sc.typologie }
            )
        });
        let distribution = file.group.as_ref().map(|g| {
            format!(
                "1er quartile {} · médiane {} · 3e quartile {}",
                format::signed(g.score_q1),
                format::signed(g.score_mediane),
                format::signed(g.score_q3)
            )
        });
        let attente = match (&file.group, file.waiting_level) {
            (Some(g), Some(level)) if g.attente_mois_dixiemes.is_some() => format!(
                "{} mois (médiane des attributions des 12 derniers mois {})",
                format::tenths(g.attente_mois_dixiemes.unwrap_or(0).max(0) as u64),
                level.label()
            ),
            _ => "aucune attribution observée ces 12 derniers mois".to_owned(),
        };
        let months = logis_domain::calendar::whole_months(d.date_depot, today);
        FileView {
            numero: d.numero_unique.as_str().to_owned(),
            nom,
            statut: d.statut.label(),
            statut_code: d.statut.code(),
            prioritaire: d.dalo == Some(true) || !d.criteres_prioritaires.is_empty(),
            dalo: d.dalo == Some(true),
            situation,
            composition: composition(&s.members).label().to_owned(),
            members,
            resources,
            score: score.map(|sc| format::signed(sc.score)),
            provisoire: score.is_some_and(|sc| sc.provisoire),
            grille: file.grid_name.clone().unwrap_or_default(),
            points: file
                .lines
                .iter()
                .map(|l| PointLine {
                    libelle: l.libelle.clone(),
                    points: format::signed(i64::from(l.line.points)),
                    statut: l.line.status.label(),
                    en_attente: l.line.status == Status::EnAttente,
                })
                .collect(),
            position,
            distribution,
            attente,
            anciennete: if d.statut == Statut::Active {
                format!("{months} mois")
            } else {
                "—".into()
            },
            criteria: criteria_held(d, &s.labels, &received(&s.events, s.register_import.as_ref())),
            labels: s
                .labels
                .iter()
                .map(|l| LabelView {
                    critere: l.critere.label().to_owned(),
                    code: l.critere.code().to_owned(),
                    statut: l.statut.label(),
                    may_confirm: p.label_priority
                        && l.statut == LabelStatus::Proposed
                        && is_current(l, &s.labels),
                    may_withdraw: p.label_priority
                        && l.statut == LabelStatus::Recognised
                        && is_current(l, &s.labels),
                    reconnue: l.statut == LabelStatus::Recognised,
                    auteur: match &l.organisme {
                        Some(o) => format!("{} ({o})", l.auteur),
                        None => l.auteur.clone(),
                    },
                    moment: format::moment(l.moment),
                    justificatif: l.justificatif.clone(),
                })
                .collect(),
            notes: s
                .notes
                .iter()
                .map(|n| NoteView {
                    auteur: n.auteur.clone(),
                    moment: format::moment(n.moment),
                    texte: n.texte.clone(),
                })
                .collect(),
            followers: s
                .followers
                .iter()
                .map(|f| {
                    format!("{} (consentement du {})", f.login, format::date(f.consentement_le))
                })
                .collect(),
            timeline: timeline(
                file,
                &s.labels,
                &s.notes,
                &s.events,
                s.attribution.as_ref(),
                communes,
                today,
            ),
            may_label: p.label_priority || p.propose_priority,
            may_annotate: p.annotate,
            may_update: p.register_applications,
            may_follow: p.register_applications,
            may_export_data: p.administer,
            may_reinstate: p.administer
                && d.statut == Statut::Radiee
                && d.motif_radiation == Some(logis_domain::MotifRadiation::NonRenouvellement)
                && d.date_radiation.is_some_and(|struck| {
                    struck >= logis_domain::calendar::months_before(today, REINSTATEMENT_MONTHS)
                }),
        }
    }
}
