//! The API's JSON documents: codes as in interchange format v1, dates ISO 8601, amounts in
//! euros with cents as decimals. Their schemas are in the OpenAPI document (`super::openapi`):
//! the fields' doc comments are its descriptions, in French.

use logis_cotation::stored::ApplicantFile;
use logis_domain::Membre;
use logis_store::Overview;
use logis_store::dossiers::labels::PriorityLabel;
use logis_store::dossiers::notes::Note;
use logis_store::dossiers::search::{ApplicationLine, ApplicationPage};
use serde::Serialize;
use utoipa::ToSchema;

fn iso(date: time::Date) -> String {
    date.to_string()
}

fn codes(joined: &str) -> Vec<String> {
    joined.split('|').filter(|c| !c.is_empty()).map(str::to_owned).collect()
}

#[derive(Serialize, ToSchema)]
#[schema(as = ResumeDemande)]
pub struct ApplicationSummary {
    numero_unique: String,
    nom: Option<String>,
    prenom: Option<String>,
    #[schema(format = Date)]
    date_depot: Option<String>,
    statut: String,
    commune_residence: Option<String>,
    situation_logement: String,
    typologies_souhaitees: Vec<String>,
    communes_souhaitees: Vec<String>,
    criteres_prioritaires: Vec<String>,
    dalo: bool,
    prioritaire: bool,
    score: Option<i64>,
    score_provisoire: bool,
    /// Demande active sans score : aucune grille enregistrée, ou cotation en cours de recalcul. Elle est listée après les demandes cotées.
    non_cotee: bool,
    rang: Option<i64>,
    comparables: Option<i64>,
}

impl From<&ApplicationLine> for ApplicationSummary {
    fn from(l: &ApplicationLine) -> Self {
        ApplicationSummary {
            numero_unique: l.numero_unique.clone(),
            nom: l.nom.clone(),
            prenom: l.prenom.clone(),
            date_depot: l.date_depot.map(iso),
            statut: l.statut.clone(),
            commune_residence: l.commune_residence.clone(),
            situation_logement: l.situation_logement.clone(),
            typologies_souhaitees: codes(&l.typologies_souhaitees),
            communes_souhaitees: codes(&l.communes_souhaitees),
            criteres_prioritaires: codes(&l.criteres_prioritaires),
            dalo: l.dalo,
            prioritaire: l.prioritaire(),
            score: l.score,
            score_provisoire: l.provisoire,
            non_cotee: l.unscored(),
            rang: l.rang,
            comparables: l.comparables,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = ListeDemandes)]
pub struct ApplicationList {
    /// Demandes qui correspondent, comptées jusqu'à 1 000
    total: u64,
    /// Plus de demandes correspondent que total
    plus: bool,
    page: u32,
    taille: u32,
    demandes: Vec<ApplicationSummary>,
}

impl ApplicationList {
    pub fn new(found: ApplicationPage, page: u32, taille: u32) -> Self {
        ApplicationList {
            total: found.matching,
            plus: found.more,
            page,
            taille,
            demandes: found.lines.iter().map(ApplicationSummary::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct Member {
    rang: u16,
    lien: &'static str,
    #[schema(format = Date)]
    date_naissance: String,
}

#[derive(Serialize, ToSchema)]
struct PointLine {
    critere: String,
    libelle: String,
    points: i32,
    justification: &'static str,
}

#[derive(Serialize, ToSchema)]
struct Cotation {
    score: i64,
    provisoire: bool,
    grille: Option<String>,
    #[schema(format = Date)]
    calcule_le: String,
    rang: i64,
    comparables: i64,
    #[schema(inline)]
    detail: Vec<PointLine>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Etiquette)]
pub struct Label {
    critere: String,
    #[schema(schema_with = super::openapi::label_status)]
    statut: String,
    justificatif: String,
    auteur: String,
    organisme: Option<String>,
    /// Secondes depuis 1970
    moment: i64,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Note)]
pub struct NoteView {
    auteur: String,
    organisme: Option<String>,
    /// Secondes depuis 1970
    moment: i64,
    texte: String,
}

impl From<&PriorityLabel> for Label {
    fn from(l: &PriorityLabel) -> Self {
        Label {
            critere: l.critere.code().to_owned(),
            statut: l.statut.code().to_owned(),
            justificatif: l.justificatif.clone(),
            auteur: l.auteur.clone(),
            organisme: l.organisme.as_ref().map(ToString::to_string),
            moment: l.moment,
        }
    }
}

impl From<&Note> for NoteView {
    fn from(n: &Note) -> Self {
        NoteView {
            auteur: n.auteur.clone(),
            organisme: n.organisme.as_ref().map(ToString::to_string),
            moment: n.moment,
            texte: n.texte.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Dossier)]
pub struct ApplicationFile {
    numero_unique: String,
    statut: &'static str,
    #[schema(format = Date)]
    date_depot: String,
    #[schema(format = Date)]
    date_renouvellement: Option<String>,
    nom: Option<String>,
    prenom: Option<String>,
    situation_logement: &'static str,
    /// En euros
    ressources_mensuelles: f64,
    typologies_souhaitees: Vec<&'static str>,
    communes_souhaitees: Vec<String>,
    criteres_prioritaires: Vec<&'static str>,
    dalo: Option<bool>,
    #[schema(inline)]
    membres: Vec<Member>,
    /// Nulle pour une demande sans score
    #[schema(inline)]
    cotation: Option<Cotation>,
    etiquettes_prioritaires: Vec<Label>,
    notes: Vec<NoteView>,
}

impl ApplicationFile {
    pub fn new(
        file: &ApplicantFile,
        members: &[Membre],
        labels: &[PriorityLabel],
        notes: &[Note],
    ) -> Self {
        let d = &file.demande;
        ApplicationFile {
            numero_unique: d.numero_unique.as_str().to_owned(),
            statut: d.statut.code(),
            date_depot: iso(d.date_depot),
            date_renouvellement: d.date_renouvellement.map(iso),
            nom: d.nom.clone(),
            prenom: d.prenom.clone(),
            situation_logement: d.situation_logement.code(),
            ressources_mensuelles: d.ressources_mensuelles.as_f64(),
            typologies_souhaitees: d.typologies_souhaitees.iter().map(|t| t.code()).collect(),
            communes_souhaitees: d
                .communes_souhaitees
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            criteres_prioritaires: d.criteres_prioritaires.iter().map(|c| c.code()).collect(),
            dalo: d.dalo,
            membres: members
                .iter()
                .map(|m| Member {
                    rang: m.rang,
                    lien: m.lien.code(),
                    date_naissance: iso(m.date_naissance),
                })
                .collect(),
            cotation: file.score.as_ref().map(|s| Cotation {
                score: s.score,
                provisoire: s.provisoire,
                grille: file.grid_name.clone(),
                calcule_le: iso(s.calcule_le),
                rang: s.rang,
                comparables: s.comparables,
                detail: file
                    .lines
                    .iter()
                    .map(|l| PointLine {
                        critere: l.line.code.to_string(),
                        libelle: l.libelle.clone(),
                        points: l.line.points,
                        justification: l.line.status.label(),
                    })
                    .collect(),
            }),
            etiquettes_prioritaires: labels.iter().map(Label::from).collect(),
            notes: notes.iter().map(NoteView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct YearCount {
    annee: i32,
    attributions: u64,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Statistiques)]
pub struct Statistics {
    /// Le jour des chiffres
    #[schema(format = Date)]
    date: Option<String>,
    demandes_actives: u64,
    demandes_total: u64,
    logements: u64,
    bailleurs: u64,
    #[schema(inline)]
    attributions_par_annee: Vec<YearCount>,
}

impl From<Overview> for Statistics {
    fn from(o: Overview) -> Self {
        Statistics {
            date: o.reference.map(iso),
            demandes_actives: o.demandes_actives,
            demandes_total: o.demandes_total,
            logements: o.logements,
            bailleurs: o.bailleurs,
            attributions_par_annee: o
                .attributions_par_annee
                .into_iter()
                .map(|(annee, attributions)| YearCount { annee, attributions })
                .collect(),
        }
    }
}
