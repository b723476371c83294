//! The reservation rights of the year as a flow (« gestion en flux », ../shared/spec/flux.md)
//! seen from the territory: per reservation holder, what the landlords' bilans of the year
//! entitle it to and what it received, summed over the landlords; the lettings, those set
//! aside and the net flow; and the share of the net flow that went to priority households.
//! Counted once, by `logis_flux` on the register of the year, and attached to the bilan of the
//! year a report is about (the key `flux`, docs/bilan.md).

use crate::model::Segment;
use crate::numbers::ratio;
use crate::secrecy::{MERGED, merged, small_cell};
use logis_domain::{NumeroUnique, OrganismeId};
use logis_flux::Register;
use logis_flux::bilan::bilans;
pub use logis_flux::set_aside::SetAsideCounts;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The flux section of the bilan of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flux {
    /// Rows of conventions for the year (landlord × holder × commune).
    pub conventions: u64,
    /// Attributions of the year, every landlord together.
    pub loues: u64,
    /// Those set aside from the flow, by reason (both always written).
    pub mis_de_cote: SetAsideCounts,
    /// `loues` − those set aside.
    pub flux_net: u64,
    /// Per holder, summed over the landlords, in identifier order.
    pub reservataires: Vec<FluxReservataire>,
    pub prioritaires: FluxPrioritaires,
}

/// What a holder was entitled to and received from every landlord together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FluxReservataire {
    /// Its `organisme_id` ([`MERGED_LINE`] for the lines merged under statistical secrecy).
    pub reservataire: String,
    /// Its name, when the organismes know it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservataire_nom: Option<String>,
    /// Whether the line holds a landlord's own share of its flow (what its conventions leave).
    pub part_propre: bool,
    /// The sum of its entitlements in the landlords' bilans (each rounded there to one
    /// decimal): one decimal.
    pub droit: f64,
    pub recus: u64,
    /// `recus − droit`: negative, the holder is owed dwellings.
    pub ecart: f64,
}

/// The net flow's attributions to priority households (the definition of the objective
/// `prioritaires`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FluxPrioritaires {
    /// Null under statistical secrecy when it, or the rest of the net flow, is a small count.
    pub menages: Option<u64>,
    /// `menages / flux_net`, 4 decimals; null without net flow (or when `menages` is).
    pub part: Option<f64>,
}

/// Tenths of a dwelling from a figure the flux bilans give with one decimal.
fn tenths(value: f64) -> i64 {
    (value * 10.0).round() as i64
}

/// A line's sums while the landlords' bilans are read.
#[derive(Default)]
struct Sums {
    own: bool,
    droit_tenths: i64,
    recus: u64,
}

/// The flux section of `year` from `register` (at least its attributions and conventions of
/// the year, with the social tenants among their households), `priority` naming the
/// applications of priority households.
pub fn flux(year: i32, register: &Register, priority: &HashSet<NumeroUnique>) -> Flux {
    let of_year = || register.attributions.iter().filter(move |a| a.year() == year);
    let conventions = register.conventions.iter().filter(|c| c.annee == year);
    // Every landlord that let a dwelling or signed a convention for the year.
    let landlords: BTreeSet<&OrganismeId> =
        of_year().map(|a| &a.bailleur).chain(conventions.clone().map(|c| &c.bailleur)).collect();
    let landlords: Vec<OrganismeId> = landlords.into_iter().cloned().collect();
    let mut section = Flux {
        conventions: conventions.count() as u64,
        loues: 0,
        mis_de_cote: SetAsideCounts::default(),
        flux_net: 0,
        reservataires: Vec::new(),
        prioritaires: FluxPrioritaires { menages: None, part: None },
    };
    let mut lines: BTreeMap<String, Sums> = BTreeMap::new();
    for b in bilans(year, &landlords, register).bailleurs {
        section.loues += b.loues;
        section.mis_de_cote.relogement_anru += b.mis_de_cote.relogement_anru;
        section.mis_de_cote.mutation_interne += b.mis_de_cote.mutation_interne;
        section.flux_net += b.flux_net;
        for line in b.reservataires {
            let own = line.reservataire == b.bailleur;
            // A landlord without net flow has nothing of its own to share.
            if own && b.flux_net == 0 {
                continue;
            }
            let sums = lines.entry(line.reservataire).or_default();
            sums.own |= own;
            sums.droit_tenths += tenths(line.droit);
            sums.recus += line.recus;
        }
    }
    section.reservataires = lines
        .into_iter()
        .map(|(reservataire, s)| line(reservataire, s.own, s.droit_tenths, s.recus))
        .collect();
    // Whether a letting is set aside depends on it alone (and its household): the net flow of
    // the priority households' lettings alone is their part of the net flow.
    let of_priority = Register {
        attributions: of_year().filter(|a| priority.contains(&a.numero_unique)).cloned().collect(),
        social_tenants: register.social_tenants.clone(),
        ..Register::default()
    };
    let to_priority =
        bilans(year, &landlords, &of_priority).bailleurs.iter().map(|b| b.flux_net).sum();
    section.prioritaires = FluxPrioritaires {
        menages: Some(to_priority),
        part: ratio(to_priority, section.flux_net, 4),
    };
    section
}

fn line(reservataire: String, own: bool, droit_tenths: i64, recus: u64) -> FluxReservataire {
    FluxReservataire {
        reservataire,
        reservataire_nom: None,
        part_propre: own,
        droit: droit_tenths as f64 / 10.0,
        recus,
        ecart: (recus as i64 * 10 - droit_tenths) as f64 / 10.0,
    }
}

impl Flux {
    /// Names the holders' lines.
    pub fn name_holders(&mut self, name: &dyn Fn(&str) -> Option<String>) {
        for line in &mut self.reservataires {
            if line.reservataire != MERGED_LINE {
                line.reservataire_nom = name(&line.reservataire);
            }
        }
    }

    /// The section as readers without access to personal data may read it: the holders that
    /// received a few dwellings merged as the modalities of a segment are ([`merged`], their
    /// entitlements summed with them), and the count of priority households hidden as an
    /// objective's numerator is. The territory's totals stay as they are.
    pub fn with_secrecy(&self, threshold: u64) -> Flux {
        let as_cells: Vec<Segment> = self
            .reservataires
            .iter()
            .map(|l| Segment::of(l.reservataire.clone(), 0, l.recus))
            .collect();
        let (published, _) = merged(&as_cells, threshold);
        let mut lines: Vec<FluxReservataire> = Vec::new();
        let (mut own, mut droit_tenths, mut recus) = (false, 0, 0);
        for l in &self.reservataires {
            if published.iter().any(|p| p.modalite == l.reservataire) {
                lines.push(l.clone());
            } else {
                own |= l.part_propre;
                droit_tenths += tenths(l.droit);
                recus += l.recus;
            }
        }
        if published.iter().any(|p| p.modalite == MERGED) {
            lines.push(FluxReservataire {
                reservataire_nom: Some(MERGED_NAME.to_owned()),
                ..line(MERGED_LINE.to_owned(), own, droit_tenths, recus)
            });
        }
        let hidden =
            self.prioritaires.menages.is_some_and(|n| small_cell(n, self.flux_net, threshold));
        Flux {
            reservataires: lines,
            prioritaires: if hidden {
                FluxPrioritaires { menages: None, part: None }
            } else {
                self.prioritaires.clone()
            },
            ..self.clone()
        }
    }
}

/// The code of the line that merges holders under statistical secrecy.
pub const MERGED_LINE: &str = "regroupes";

/// Its name.
pub const MERGED_NAME: &str = "autres réservataires, regroupés (secret statistique)";

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::{Attribution, CodeInsee, Convention, Part, Typologie};
    use time::macros::date;

    fn id(text: &str) -> OrganismeId {
        OrganismeId::parse(text).expect("id")
    }

    fn lease(numero: &str, landlord: &str, holder: &str, commune: &str) -> Attribution {
        Attribution {
            numero_unique: NumeroUnique::parse(numero).expect("numero"),
            logement_id: None,
            bailleur: id(landlord),
            commune: CodeInsee::parse(commune).expect("commune"),
            qpv: None,
            typologie: Typologie::T3,
            reservataire: id(holder),
            date_cal: None,
            date_bail: date!(2025 - 06 - 01),
            relogement_anru: None,
            motif_ecart: None,
        }
    }

    fn convention(landlord: &str, holder: &str, share: &str, commune: Option<&str>) -> Convention {
        Convention {
            bailleur: id(landlord),
            reservataire: id(holder),
            annee: 2025,
            part: Part::parse(share).expect("share"),
            commune: commune.map(|c| CodeInsee::parse(c).expect("commune")),
            date_signature: None,
        }
    }

    /// Two landlords. B1 lets 3 dwellings (2 in 82033), one set aside for urban renewal; B2
    /// lets 2. Conventions: B1 gives 15 % to etat and 25 % of 82033 to al; B2 gives 15 % to
    /// etat.
    fn register() -> Register {
        let mut anru = lease("N3", "b1", "b1", "82033");
        anru.relogement_anru = Some(true);
        let mut last_year = lease("N9", "b2", "etat", "82033");
        last_year.date_bail = date!(2024 - 12 - 31);
        Register {
            attributions: vec![
                lease("N1", "b1", "etat", "82033"),
                lease("N2", "b1", "b1", "82112"),
                anru,
                lease("N4", "b2", "etat", "82033"),
                lease("N5", "b2", "al", "82033"),
                last_year,
            ],
            conventions: vec![
                convention("b1", "etat", "15", None),
                convention("b1", "al", "25", Some("82033")),
                convention("b2", "etat", "15", None),
                Convention { annee: 2024, ..convention("b2", "al", "50", None) },
            ],
            ..Register::default()
        }
    }

    #[test]
    fn entitlements_are_the_landlords_bilans_summed_per_holder() {
        // The ANRU rehousing is priority but set aside; N1 and N4 are priority households.
        let priority: HashSet<NumeroUnique> =
            ["N1", "N3", "N4"].map(|n| NumeroUnique::parse(n).expect("numero")).into();
        let f = flux(2025, &register(), &priority);
        assert_eq!((f.conventions, f.loues, f.flux_net), (3, 5, 4));
        assert_eq!(f.mis_de_cote, SetAsideCounts { relogement_anru: 1, mutation_interne: 0 });
        // B1's net flow: 2 (one in 82033). etat: 15 % × 2 = 0.3; al: 25 % × 1 = 0.25 → 0.3
        // (half away from zero); b1: 2 − 0.3 − 0.3 = 1.4. B2's net flow: 2. etat: 15 % × 2 =
        // 0.3; al: no convention for 2025, 0; b2: 2 − 0.3 = 1.7.
        let lines: Vec<(&str, bool, f64, u64, f64)> = f
            .reservataires
            .iter()
            .map(|l| (l.reservataire.as_str(), l.part_propre, l.droit, l.recus, l.ecart))
            .collect();
        assert_eq!(
            lines,
            [
                ("al", false, 0.3, 1, 0.7),
                ("b1", true, 1.4, 1, -0.4),
                ("b2", true, 1.7, 0, -1.7),
                ("etat", false, 0.6, 2, 1.4),
            ]
        );
        // 2 of the 4 lettings of the net flow.
        assert_eq!(f.prioritaires, FluxPrioritaires { menages: Some(2), part: Some(0.5) });
    }

    #[test]
    fn a_year_without_conventions_nor_lettings_has_an_empty_section() {
        let f = flux(2030, &register(), &HashSet::new());
        assert_eq!((f.conventions, f.loues, f.flux_net), (0, 0, 0));
        assert!(f.reservataires.is_empty());
        assert_eq!(f.prioritaires, FluxPrioritaires { menages: Some(0), part: None });
        let json = serde_json::to_value(&f).expect("JSON");
        assert_eq!(
            json,
            serde_json::json!({
                "conventions": 0, "loues": 0,
                "mis_de_cote": {"relogement_anru": 0, "mutation_interne": 0},
                "flux_net": 0, "reservataires": [],
                "prioritaires": {"menages": 0, "part": null}
            })
        );
    }

    #[test]
    fn holders_of_few_lettings_are_merged_under_secrecy() {
        let priority: HashSet<NumeroUnique> =
            ["N1", "N4"].map(|n| NumeroUnique::parse(n).expect("numero")).into();
        let whole = flux(2025, &register(), &priority);
        // Every line received 0, 1 or 2 lettings: al, b1 and etat merged, then b2 (the smallest
        // other) to make them safe; all together they are still 4: nothing is published.
        let open = whole.with_secrecy(5);
        let lines: Vec<(&str, bool, f64, u64, f64)> = open
            .reservataires
            .iter()
            .map(|l| (l.reservataire.as_str(), l.part_propre, l.droit, l.recus, l.ecart))
            .collect();
        assert!(lines.is_empty(), "4 lettings merged are still too few: {lines:?}");
        assert_eq!(open.prioritaires, FluxPrioritaires { menages: None, part: None });
        assert_eq!(open.flux_net, 4, "totals stay");
        let open = whole.with_secrecy(2);
        let lines: Vec<(&str, bool, f64, u64, f64)> = open
            .reservataires
            .iter()
            .map(|l| (l.reservataire.as_str(), l.part_propre, l.droit, l.recus, l.ecart))
            .collect();
        // al (1) and b1 (1): 0.3 + 1.4 = 1.7 for 2 lettings.
        assert_eq!(
            lines,
            [
                ("b2", true, 1.7, 0, -1.7),
                ("etat", false, 0.6, 2, 1.4),
                (MERGED_LINE, true, 1.7, 2, 0.3)
            ]
        );
        assert_eq!(open.prioritaires, whole.prioritaires, "2 of 4: neither count is small");
    }
}
