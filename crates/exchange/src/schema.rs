//! The files of format v1 and their columns, in the order the exporter writes them.

/// One of the files of a file set, in the order they are loaded (referenced files first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Organismes,
    Seuils,
    Demandes,
    Membres,
    Logements,
    Attributions,
    /// Reservation rights as a yearly flow (../shared/spec/flux.md).
    Conventions,
}

/// A column: its name and whether a value is required in every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

const fn req(name: &'static str) -> Column {
    Column { name, required: true }
}
const fn opt(name: &'static str) -> Column {
    Column { name, required: false }
}

const ORGANISMES: &[Column] = &[req("organisme_id"), req("nom"), req("type"), opt("commune")];

const DEMANDES: &[Column] = &[
    req("numero_unique"),
    req("date_depot"),
    opt("date_renouvellement"),
    req("statut"),
    opt("date_radiation"),
    opt("motif_radiation"),
    opt("commune_residence"),
    req("situation_logement"),
    opt("bailleur_actuel"),
    req("ressources_mensuelles"),
    opt("revenu_fiscal_reference"),
    opt("motifs"),
    opt("typologies_souhaitees"),
    req("communes_souhaitees"),
    opt("pmr"),
    opt("criteres_prioritaires"),
    opt("dalo"),
    opt("date_dalo"),
    opt("salarie_prive"),
    opt("agent_public"),
    opt("guichet"),
    opt("nom"),
    opt("prenom"),
    opt("email"),
    opt("telephone"),
    opt("adresse"),
    // Logis extensions of format v1 (docs/import.md): optional, read when present.
    opt("loyer_actuel"),
    opt("refus_offres_adaptees"),
    opt("pieces_verifiees"),
];

const MEMBRES: &[Column] = &[req("numero_unique"), req("rang"), req("lien"), req("date_naissance")];

const LOGEMENTS: &[Column] = &[
    req("logement_id"),
    req("bailleur"),
    req("commune"),
    opt("adresse"),
    opt("qpv"),
    req("typologie"),
    opt("surface"),
    req("loyer"),
    opt("charges"),
    req("financement"),
    opt("etage"),
    opt("ascenseur"),
    opt("pmr"),
    opt("reservataire"),
    // Added for reservation rights as a yearly flow (../shared/spec/flux.md).
    opt("annee_construction"),
];

const ATTRIBUTIONS: &[Column] = &[
    req("numero_unique"),
    opt("logement_id"),
    req("bailleur"),
    req("commune"),
    opt("qpv"),
    req("typologie"),
    req("reservataire"),
    opt("date_cal"),
    req("date_bail"),
    opt("relogement_anru"),
    // Logis extension of format v1 (docs/import.md).
    opt("motif_ecart"),
];

const SEUILS: &[Column] = &[req("annee"), req("q1"), req("q2"), req("q3")];

const CONVENTIONS: &[Column] = &[
    req("bailleur"),
    req("reservataire"),
    req("annee"),
    req("part"),
    opt("commune"),
    opt("date_signature"),
];

impl FileKind {
    pub const ALL: [FileKind; 7] = [
        FileKind::Organismes,
        FileKind::Seuils,
        FileKind::Demandes,
        FileKind::Membres,
        FileKind::Logements,
        FileKind::Attributions,
        FileKind::Conventions,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Organismes => "organismes.csv",
            FileKind::Demandes => "demandes.csv",
            FileKind::Membres => "membres.csv",
            FileKind::Logements => "logements.csv",
            FileKind::Attributions => "attributions.csv",
            FileKind::Seuils => "seuils.csv",
            FileKind::Conventions => "conventions.csv",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            FileKind::Organismes => ORGANISMES,
            FileKind::Demandes => DEMANDES,
            FileKind::Membres => MEMBRES,
            FileKind::Logements => LOGEMENTS,
            FileKind::Attributions => ATTRIBUTIONS,
            FileKind::Seuils => SEUILS,
            FileKind::Conventions => CONVENTIONS,
        }
    }

    /// Columns that must be present in the header even when their cells may be empty.
    pub fn must_be_present(self, column: &str) -> bool {
        // formats.md: the qpv column of attributions.csv "must be present" (empty = outside).
        self == FileKind::Attributions && column == "qpv"
    }

    /// The kind of a file name, matched without case (`Demandes.CSV` is demandes.csv).
    pub fn from_file_name(name: &str) -> Option<FileKind> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name).to_ascii_lowercase();
        FileKind::ALL.into_iter().find(|k| k.file_name() == base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_match_without_case() {
        assert_eq!(FileKind::from_file_name("set/Demandes.CSV"), Some(FileKind::Demandes));
        assert_eq!(FileKind::from_file_name("notes.txt"), None);
    }
}
