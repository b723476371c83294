//! The evaluation as one model, serialised with exactly the keys of bilan.md.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bilan {
    pub annee: i32,
    /// `AAAA-MM-JJ`: 31 December of the year.
    pub date_reference: String,
    pub territoire: Territoire,
    pub chiffres_cles: ChiffresCles,
    pub segments: Segments,
    pub profils: Profils,
    pub objectifs: Vec<Objectif>,
    /// Whether the year has income thresholds (without them, quartiles are null).
    pub seuils_disponibles: bool,
    /// The offers refused in the year (issue 16; absent where only the counts were read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refus: Option<crate::practice::Refus>,
    /// The year's leases decided in Logis against the score order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributions_mieux_classees: Option<crate::practice::MieuxClassees>,
    /// The active applications against the year's PLAI ceilings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibilite_plai: Option<crate::practice::EligibilitePlai>,
    /// Reservation rights as a yearly flow, per holder over every landlord (issue 18; absent
    /// where only the counts were read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flux: Option<crate::flux::Flux>,
    /// Statistical secrecy applied for readers without access to personal data
    /// ([`Bilan::with_secrecy`]); absent from the whole bilan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_statistique: Option<crate::secrecy::Secrecy>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Territoire {
    pub code: String,
    pub nom: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChiffresCles {
    pub demandes_actives: u64,
    pub demandes_mutation: u64,
    pub demandes_nouvelles: u64,
    pub demandes_satisfaites: u64,
    pub attributions: u64,
    pub pression: Option<f64>,
    pub anciennete_moyenne_mois: Option<f64>,
    pub delai_median_attribution_mois: Option<f64>,
}

/// One modality of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub modalite: String,
    pub demandes: u64,
    pub attributions: u64,
    pub pression: Option<f64>,
    /// The median delay from filing to lease of the modality's attributions of the year, in
    /// months (issue 16: a key added to bilan.md's segments); null without any, and for
    /// modalities merged under statistical secrecy.
    pub delai_median_attribution_mois: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segments {
    pub age: Vec<Segment>,
    pub composition: Vec<Segment>,
    pub situation_logement: Vec<Segment>,
    pub sans_logement_propre: Vec<Segment>,
    pub mutation: Vec<Segment>,
    /// Null when the year has no thresholds.
    pub quartile: Option<Vec<Segment>>,
    pub priorite: Vec<Segment>,
    pub typologie: Vec<Segment>,
    pub commune: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profil {
    pub demandes: u64,
    pub attributions: u64,
    pub pression: Option<f64>,
    pub age: Option<String>,
    pub composition: Option<String>,
    pub situation_logement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profils {
    pub ensemble: Profil,
    /// Null when the year has no thresholds.
    pub bas_revenus: Option<Profil>,
    pub mutation: Profil,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objectif {
    pub code: String,
    pub libelle: String,
    pub cible: f64,
    /// Null when it needs quartiles and the year has no thresholds.
    pub numerateur: Option<u64>,
    pub denominateur: u64,
    pub taux: Option<f64>,
    pub atteint: Option<bool>,
    /// For `prioritaires:<organisme_id>`: the reservation holder's name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservataire_nom: Option<String>,
}

impl Segment {
    /// A modality with its pressure (demandes for one attribution, 2 decimals).
    pub fn of(modalite: String, demandes: u64, attributions: u64) -> Self {
        let pression = crate::numbers::ratio(demandes, attributions, 2);
        Segment { modalite, demandes, attributions, pression, delai_median_attribution_mois: None }
    }
}

impl Segments {
    /// The modalities of a dimension of bilan.md by its key (`None` for the quartiles of a year
    /// without thresholds, and for an unknown key).
    pub fn get(&self, dimension: &str) -> Option<&Vec<Segment>> {
        match dimension {
            "age" => Some(&self.age),
            "composition" => Some(&self.composition),
            "situation_logement" => Some(&self.situation_logement),
            "sans_logement_propre" => Some(&self.sans_logement_propre),
            "mutation" => Some(&self.mutation),
            "quartile" => self.quartile.as_ref(),
            "priorite" => Some(&self.priorite),
            "typologie" => Some(&self.typologie),
            "commune" => Some(&self.commune),
            _ => None,
        }
    }
}

impl Objectif {
    /// The allocations that would have reached the target beyond those made: the least `x`
    /// with `numerateur + x ≥ cible × denominateur`, decided exactly (in integers on a target
    /// with at most 4 decimals). `None` when the objective cannot be measured. `atteint` is
    /// `missing == 0`.
    pub fn missing_allocations(&self) -> Option<u64> {
        missing_allocations(self.cible, self.numerateur, self.denominateur)
    }
}

/// See [`Objectif::missing_allocations`].
pub(crate) fn missing_allocations(
    cible: f64,
    numerateur: Option<u64>,
    denominateur: u64,
) -> Option<u64> {
    let n = u128::from(numerateur?);
    if denominateur == 0 {
        return None;
    }
    let target = (cible * 10_000.0).round() as u128 * u128::from(denominateur);
    let have = n * 10_000;
    Some(if have >= target { 0 } else { (target - have).div_ceil(10_000) as u64 })
}

impl Bilan {
    /// Names the reservation holders of the `prioritaires:<organisme_id>` objectives (their
    /// label then says "sur le contingent de <nom>") and of the flux section's lines.
    pub fn name_reservation_holders(&mut self, name: &dyn Fn(&str) -> Option<String>) {
        for o in &mut self.objectifs {
            let Some(id) = o.code.strip_prefix("prioritaires:") else { continue };
            if let Some(nom) = name(id) {
                o.libelle = format!(
                    "Attributions aux ménages prioritaires sur le contingent {}",
                    logis_domain::french::of(&nom)
                );
                o.reservataire_nom = Some(nom);
            }
        }
        if let Some(flux) = self.flux.as_mut() {
            flux.name_holders(name);
        }
    }

    /// The JSON document of bilan.md.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the model always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::missing_allocations;

    #[test]
    fn missing_allocations_reach_the_target_exactly() {
        assert_eq!(missing_allocations(0.25, Some(20), 100), Some(5));
        assert_eq!(missing_allocations(0.25, Some(25), 100), Some(0));
        assert_eq!(missing_allocations(0.25, Some(0), 3), Some(1));
        assert_eq!(missing_allocations(0.5, Some(0), 3), Some(2));
        assert_eq!(missing_allocations(0.25, None, 3), None);
        assert_eq!(missing_allocations(0.25, Some(0), 0), None);
    }
}
