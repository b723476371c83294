//! The indicators of the seed that the allocation work kept in Logis and the settings feed
//! added to bilan.md's document under new keys: the offers refused in the year by
//! reason and legitimacy (`refus`), the share of the year's leases — those decided by a
//! commission in Logis — that went to the dwelling's best-scored candidate and the reasons
//! otherwise (`attributions_mieux_classees`), and the share of active applications within the
//! PLAI income ceilings (`eligibilite_plai`). Each is counted once, from the store's rows.

use crate::numbers::ratio;
use logis_domain::french::folded;
use logis_store::bilan::workflow::{RankedLease, RefusedOffers};
use serde::Serialize;

/// The offers refused in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refus {
    pub offres_refusees: u64,
    pub motif_legitime: u64,
    pub motif_non_legitime: u64,
    /// Refusals recorded without saying whether their reason was legitimate.
    pub legitimite_non_renseignee: u64,
    /// By stated reason (spellings that differ only by case, accents or spaces together), the
    /// most frequent first.
    pub par_motif: Vec<MotifRefus>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MotifRefus {
    pub motif: String,
    pub refus: u64,
    pub legitimes: u64,
    pub non_legitimes: u64,
}

/// The year's leases decided by a commission in Logis, against the score order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MieuxClassees {
    /// Leases of the year after an offer made in Logis, with the commission's decision.
    pub attributions_suivies: u64,
    /// Of those, to the dwelling's best-scored candidate.
    pub au_mieux_classe: u64,
    /// `au_mieux_classe / attributions_suivies`, 4 decimals; null without any.
    pub part: Option<f64>,
    /// Why the others did not go to the best-scored candidate, the most frequent first.
    pub motifs: Vec<MotifEcart>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MotifEcart {
    pub motif: String,
    pub attributions: u64,
}

/// The active applications at the reference date against the PLAI income ceilings of the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EligibilitePlai {
    /// The ceilings' year: the bilan's (they apply to the revenu fiscal de référence of N − 2).
    pub annee_plafonds: i32,
    pub demandes_actives: u64,
    pub eligibles: u64,
    pub non_eligibles: u64,
    /// Without revenu fiscal de référence, or without the year's table for their zone.
    pub inconnues: u64,
    /// `eligibles / (eligibles + non_eligibles)`, 4 decimals; null when none is known.
    pub part: Option<f64>,
}

/// The words of a reason the Logis itself writes when the commission gave none.
pub const BETTER_REFUSED: &str = "le candidat mieux classé a refusé la proposition";
pub const NO_REASON: &str = "aucun motif enregistré";
pub const NO_REFUSAL_REASON: &str = "motif non renseigné";

/// `text` with its spaces collapsed.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts grouped by reason (case, accents and spaces ignored; the first spelling met named),
/// the most frequent first, then by name.
fn grouped<T>(items: impl Iterator<Item = (String, T)>, add: impl Fn(&mut T, T)) -> Vec<(String, T)>
where
    T: Default + Ord + Copy,
{
    let mut groups: Vec<(String, String, T)> = Vec::new();
    for (reason, value) in items {
        let key = folded(&reason);
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, total)) => add(total, value),
            None => {
                let mut total = T::default();
                add(&mut total, value);
                groups.push((key, reason, total));
            }
        }
    }
    groups.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    groups.into_iter().map(|(_, reason, total)| (reason, total)).collect()
}

impl Refus {
    pub fn of(rows: &[RefusedOffers]) -> Self {
        let mut r = Refus {
            offres_refusees: 0,
            motif_legitime: 0,
            motif_non_legitime: 0,
            legitimite_non_renseignee: 0,
            par_motif: Vec::new(),
        };
        for row in rows {
            r.offres_refusees += row.offres;
            match row.legitime {
                Some(true) => r.motif_legitime += row.offres,
                Some(false) => r.motif_non_legitime += row.offres,
                None => r.legitimite_non_renseignee += row.offres,
            }
        }
        let items = rows.iter().map(|row| {
            let motif = tidy(&row.motif);
            let motif = if motif.is_empty() { NO_REFUSAL_REASON.to_owned() } else { motif };
            let legit = (
                row.offres,
                u64::from(row.legitime == Some(true)) * row.offres,
                u64::from(row.legitime == Some(false)) * row.offres,
            );
            (motif, legit)
        });
        r.par_motif = grouped(items, |t, v| {
            t.0 += v.0;
            t.1 += v.1;
            t.2 += v.2;
        })
        .into_iter()
        .map(|(motif, (refus, legitimes, non_legitimes))| MotifRefus {
            motif,
            refus,
            legitimes,
            non_legitimes,
        })
        .collect();
        r
    }
}

impl MieuxClassees {
    pub fn of(leases: &[RankedLease]) -> Self {
        let best = leases.iter().filter(|l| l.position_score == 1).count() as u64;
        let others = leases.iter().filter(|l| l.position_score != 1).map(|l| {
            let reason = match (&l.motif_ecart, l.refus_avant) {
                (Some(m), _) => tidy(m),
                (None, true) => BETTER_REFUSED.to_owned(),
                (None, false) => NO_REASON.to_owned(),
            };
            (reason, 1u64)
        });
        let all = leases.len() as u64;
        MieuxClassees {
            attributions_suivies: all,
            au_mieux_classe: best,
            part: ratio(best, all, 4),
            motifs: grouped(others, |t, v| *t += v)
                .into_iter()
                .map(|(motif, attributions)| MotifEcart { motif, attributions })
                .collect(),
        }
    }
}

impl EligibilitePlai {
    /// From the count of eligible, not eligible and unknown applications.
    pub fn of(annee_plafonds: i32, eligibles: u64, non_eligibles: u64, inconnues: u64) -> Self {
        EligibilitePlai {
            annee_plafonds,
            demandes_actives: eligibles + non_eligibles + inconnues,
            eligibles,
            non_eligibles,
            inconnues,
            part: ratio(eligibles, eligibles + non_eligibles, 4),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(motif: &str, legitime: Option<bool>, offres: u64) -> RefusedOffers {
        RefusedOffers { motif: motif.to_owned(), legitime, offres }
    }

    #[test]
    fn refusals_are_counted_by_reason_whatever_its_spelling() {
        let r = Refus::of(&[
            refused("Logement trop éloigné", Some(true), 2),
            refused("logement  trop eloigne", Some(false), 1),
            refused("Loyer trop élevé", Some(false), 4),
            refused("", None, 1),
        ]);
        assert_eq!(
            (
                r.offres_refusees,
                r.motif_legitime,
                r.motif_non_legitime,
                r.legitimite_non_renseignee
            ),
            (8, 2, 5, 1)
        );
        let by: Vec<(&str, u64, u64, u64)> = r
            .par_motif
            .iter()
            .map(|m| (m.motif.as_str(), m.refus, m.legitimes, m.non_legitimes))
            .collect();
        assert_eq!(
            by,
            vec![
                ("Loyer trop élevé", 4, 0, 4),
                ("Logement trop éloigné", 3, 2, 1),
                (NO_REFUSAL_REASON, 1, 0, 0),
            ]
        );
    }

    #[test]
    fn leases_to_others_than_the_best_scored_say_why() {
        let lease = |position, motif: Option<&str>, refus_avant| RankedLease {
            position_score: position,
            motif_ecart: motif.map(str::to_owned),
            refus_avant,
        };
        let m = MieuxClassees::of(&[
            lease(1, None, false),
            lease(1, None, false),
            lease(1, None, true),
            lease(2, None, true),
            lease(3, Some("Rapprochement du lieu de travail"), false),
            lease(2, Some("rapprochement du lieu de travail "), false),
            lease(2, None, false),
        ]);
        assert_eq!((m.attributions_suivies, m.au_mieux_classe, m.part), (7, 3, Some(0.4286)));
        let motifs: Vec<(&str, u64)> =
            m.motifs.iter().map(|x| (x.motif.as_str(), x.attributions)).collect();
        assert_eq!(
            motifs,
            vec![("Rapprochement du lieu de travail", 2), (NO_REASON, 1), (BETTER_REFUSED, 1)]
        );
        assert_eq!(MieuxClassees::of(&[]).part, None);
    }

    #[test]
    fn the_plai_share_is_among_the_applications_whose_income_is_known() {
        let e = EligibilitePlai::of(2025, 30, 10, 5);
        assert_eq!((e.demandes_actives, e.part), (45, Some(0.75)));
        assert_eq!(EligibilitePlai::of(2026, 0, 0, 7).part, None);
    }
}
