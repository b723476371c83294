//! French words for the flux documents: the five dimensions of what a holder received and
//! their codes' labels in code order, the reasons a letting is set aside, and the definitions
//! of the terms and abbreviations the documents use.

use super::Names;
use crate::document::{Block, Span};
use logis_domain::{ConstructionPeriod, Financement, Typologie};
use logis_flux::bilan::Breakdown;
use logis_flux::set_aside::SetAsideCounts;

/// A dimension of what a line received (flux.md, `par`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Typologie,
    Financement,
    Qpv,
    Commune,
    Periode,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Typologie,
        Dimension::Financement,
        Dimension::Qpv,
        Dimension::Commune,
        Dimension::Periode,
    ];

    /// Its key in the contract's JSON.
    fn key(self) -> &'static str {
        match self {
            Dimension::Typologie => "typologie",
            Dimension::Financement => "financement",
            Dimension::Qpv => "qpv",
            Dimension::Commune => "commune",
            Dimension::Periode => "periode_construction",
        }
    }

    /// « Logements reçus par … ».
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Typologie => "typologie",
            Dimension::Financement => "financement",
            Dimension::Qpv => "quartier prioritaire (QPV)",
            Dimension::Commune => "commune",
            Dimension::Periode => "période de construction",
        }
    }

    /// The French label of one of its codes.
    pub fn label(self, code: &str, names: &Names) -> String {
        let known = match self {
            Dimension::Typologie => Typologie::from_code(code).map(|t| t.label().to_owned()),
            Dimension::Financement if code == "non_renseigne" => Some("non renseigné".to_owned()),
            Dimension::Financement => Financement::from_code(code).map(|f| f.label().to_owned()),
            Dimension::Qpv if code == "oui" => Some("en QPV".to_owned()),
            Dimension::Qpv if code == "non" => Some("hors QPV".to_owned()),
            Dimension::Qpv => None,
            Dimension::Commune => Some(names.commune(code)),
            Dimension::Periode => ConstructionPeriod::from_code(code).map(|p| p.label().to_owned()),
        };
        known.unwrap_or_else(|| code.to_owned())
    }

    /// A column's header in a workbook, for one of its codes (« T2 », « en QPV »,
    /// « construction avant 1975 »).
    pub fn column(self, code: &str, names: &Names) -> String {
        let label = self.label(code, names);
        match self {
            Dimension::Financement if code == "non_renseigne" => format!("financement {label}"),
            Dimension::Periode => format!("construction {label}"),
            _ => label,
        }
    }

    /// Where a code comes in a table: code order (formats.md), unknown codes last; communes
    /// by name.
    fn rank(self, code: &str, names: &Names) -> (usize, String) {
        let position = match self {
            Dimension::Typologie => Typologie::from_code(code).map(|t| t as usize),
            Dimension::Financement => Financement::from_code(code).map(|f| f as usize),
            Dimension::Qpv => ["oui", "non"].iter().position(|c| *c == code),
            Dimension::Commune => Some(0),
            Dimension::Periode => ConstructionPeriod::from_code(code).map(|p| p as usize),
        };
        let name = match self {
            Dimension::Commune => logis_domain::french::folded(&names.commune(code)),
            _ => code.to_owned(),
        };
        (position.unwrap_or(usize::MAX), name)
    }

    /// What `par` counts in this dimension, code → count. The counts are read through their
    /// JSON, the only view `logis_flux` gives of them.
    pub fn counts(self, par: &Breakdown) -> Vec<(String, u64)> {
        let json = serde_json::to_value(par).unwrap_or_default();
        json.get(self.key())
            .and_then(serde_json::Value::as_object)
            .map(|m| m.iter().filter_map(|(c, n)| Some((c.clone(), n.as_u64()?))).collect())
            .unwrap_or_default()
    }

    /// Every code counted on any of `breakdowns`, in table order.
    pub fn codes<'b>(
        self,
        breakdowns: impl Iterator<Item = &'b Breakdown>,
        names: &Names,
    ) -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        for par in breakdowns {
            for (code, _) in self.counts(par) {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        codes.sort_by_cached_key(|c| self.rank(c, names));
        codes
    }
}

/// The reasons a letting is set aside, with their counts in `counts`.
pub fn set_aside(counts: &SetAsideCounts) -> [(&'static str, u64); 2] {
    [
        ("relogements de ménages au titre du renouvellement urbain (ANRU)", counts.relogement_anru),
        ("mutations internes chez le même bailleur", counts.mutation_interne),
    ]
}

/// The terms and abbreviations of the bilan, as a list.
pub fn definitions() -> Block {
    let item = |term: &str, meaning: &str| {
        vec![Span::Strong(format!("{term} : ")), Span::Text(meaning.to_owned())]
    };
    Block::List(vec![
        item(
            "Flux net",
            "les logements loués dans l'année (baux signés), moins ceux mis de côté : relogements de ménages au titre du renouvellement urbain et mutations internes de locataires du même bailleur.",
        ),
        item(
            "Part",
            "la part du flux net que la convention de réservation donne au réservataire, sur tout le territoire ; le bailleur garde ce que les conventions laissent.",
        ),
        item(
            "Droit",
            "part × flux net ÷ 100, arrondi au dixième (une convention limitée à une commune s'applique au flux net de cette commune).",
        ),
        item(
            "Écart",
            "logements reçus moins droit ; négatif, des logements restent dus au réservataire.",
        ),
        item("ANRU", "Agence nationale pour la rénovation urbaine."),
        item("QPV", "quartier prioritaire de la politique de la ville."),
        item(
            "PLAI, PLUS, PLS, PLI",
            "financements du logement : prêt locatif aidé d'intégration (loyers les plus bas), prêt locatif à usage social, prêt locatif social, prêt locatif intermédiaire.",
        ),
    ])
}
