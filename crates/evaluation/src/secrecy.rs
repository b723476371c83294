//! Statistical secrecy for readers without access to personal data (the observer, an open
//! aggregate): no published cell counts fewer households than a threshold (a setting, 5 by
//! default). The modalities of a dimension that would, and then the smallest others until the
//! group itself is safe, are merged into one modality, [`MERGED`] — totals stay exact, and no
//! hidden cell can be deduced from them; a reservation holder's objective measured on too few
//! allocations joins a merged one (with the smallest published one when the merged ones are
//! still too few); a territory's objective measured on too few loses its numerator and rate,
//! and so does any objective whose numerator — or what its denominator counts beside it — is
//! a small count ([`objective_masked`]). The document says so ([`Secrecy`]). The territory's own
//! totals (key figures, profiles) are published as they are: they identify no one.

use crate::model::{Bilan, Objectif, Segment};
use serde::Serialize;

/// The code of the modality that merges the small ones.
pub const MERGED: &str = "regroupees";

/// The code of the objective that merges the reservation holders measured on too few.
pub const MERGED_HOLDERS: &str = "prioritaires:regroupes";

/// What statistical secrecy did to a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Secrecy {
    /// Cells under this count are not published.
    pub seuil: u32,
    /// Modalities merged, all dimensions together.
    pub modalites_regroupees: u64,
    /// Objectives merged or without their numerator.
    pub objectifs_masques: u64,
    /// What a reader is told.
    pub note: String,
}

/// Whether a count would be published although under the threshold.
fn small(n: u64, threshold: u64) -> bool {
    n > 0 && n < threshold
}

/// The modalities of one dimension, the small ones merged; how many were merged.
pub fn merged(segments: &[Segment], threshold: u64) -> (Vec<Segment>, u64) {
    let risky = |s: &Segment| small(s.demandes, threshold) || small(s.attributions, threshold);
    let (mut group, mut kept): (Vec<Segment>, Vec<Segment>) =
        segments.iter().cloned().partition(risky);
    if group.is_empty() {
        return (kept, 0);
    }
    loop {
        let (demandes, attributions) =
            group.iter().fold((0, 0), |(d, a), s| (d + s.demandes, a + s.attributions));
        let safe = !small(demandes, threshold) && !small(attributions, threshold);
        // One modality alone would be named by the merge: merge another one too.
        if (safe && group.len() > 1) || kept.is_empty() {
            break;
        }
        let smallest = kept
            .iter()
            .enumerate()
            .min_by_key(|(_, s)| (s.demandes + s.attributions, s.modalite.clone()))
            .map(|(i, _)| i)
            .expect("kept is not empty");
        group.push(kept.remove(smallest));
    }
    let count = group.len() as u64;
    let (demandes, attributions) =
        group.iter().fold((0, 0), |(d, a), s| (d + s.demandes, a + s.attributions));
    let keep = !(small(demandes, threshold) || small(attributions, threshold));
    if keep {
        kept.push(Segment::of(MERGED.to_owned(), demandes, attributions));
    }
    (kept, count)
}

/// `o` as open readers may read it, when it must change: its numerator — and so its rate and
/// whether it is reached — hidden when the numerator, or what the denominator counts beside
/// it, is a count under `threshold` (« 2 attributions sur 40 » would count two households).
pub fn objective_masked(o: &Objectif, threshold: u64) -> Option<Objectif> {
    let n = o.numerateur?;
    small_cell(n, o.denominateur, threshold).then(|| Objectif {
        numerateur: None,
        taux: None,
        atteint: None,
        ..o.clone()
    })
}

/// Whether `n` of `total` would count a few households: `n`, or the rest of `total` beside
/// it, under `threshold`.
pub(crate) fn small_cell(n: u64, total: u64, threshold: u64) -> bool {
    small(n, threshold) || small(total.saturating_sub(n), threshold)
}

/// The objectives with secrecy applied; how many were merged or masked.
fn objectives(objectifs: &[Objectif], threshold: u64) -> (Vec<Objectif>, u64) {
    let mut out = Vec::new();
    let mut merged: Option<Objectif> = None;
    let mut masked = 0;
    let join = |merged: &mut Option<Objectif>, o: &Objectif| {
        let m = merged.get_or_insert_with(|| Objectif {
            code: MERGED_HOLDERS.to_owned(),
            libelle: "Attributions aux ménages prioritaires sur les autres contingents, regroupés (secret statistique)".to_owned(),
            cible: o.cible,
            numerateur: Some(0),
            denominateur: 0,
            taux: None,
            atteint: None,
            reservataire_nom: None,
        });
        m.numerateur = m.numerateur.zip(o.numerateur).map(|(a, b)| a + b);
        m.denominateur += o.denominateur;
    };
    for o in objectifs {
        let too_few = small(o.denominateur, threshold);
        if too_few && o.code.starts_with("prioritaires:") {
            masked += 1;
            join(&mut merged, o);
        } else if too_few {
            masked += 1;
            out.push(Objectif { numerateur: None, taux: None, atteint: None, ..o.clone() });
        } else {
            out.push(o.clone());
        }
    }
    // Holders merged and still too few: the smallest published holder joins them, then the
    // next, until they are enough (or none is left, and the merge is not published).
    while merged.as_ref().is_some_and(|m| small(m.denominateur, threshold)) {
        let smallest = out
            .iter()
            .enumerate()
            .filter(|(_, o)| o.code.starts_with("prioritaires:"))
            .min_by_key(|(_, o)| (o.denominateur, o.code.clone()))
            .map(|(i, _)| i);
        let Some(i) = smallest else { break };
        let holder = out.remove(i);
        masked += 1;
        join(&mut merged, &holder);
    }
    if let Some(m) = merged.filter(|m| !small(m.denominateur, threshold)) {
        out.push(crate::assemble::objective(
            m.code,
            m.libelle,
            m.cible,
            m.numerateur,
            m.denominateur,
        ));
    }
    let out = out
        .into_iter()
        .map(|o| match objective_masked(&o, threshold) {
            Some(hidden) => {
                masked += 1;
                hidden
            }
            None => o,
        })
        .collect();
    (out, masked)
}

impl Bilan {
    /// The bilan as readers without access to personal data may read it.
    pub fn with_secrecy(&self, threshold: u32) -> Bilan {
        let t = u64::from(threshold);
        let mut b = self.clone();
        let mut modalities = 0;
        let s = &mut b.segments;
        let mut dimensions: Vec<&mut Vec<Segment>> = vec![
            &mut s.age,
            &mut s.composition,
            &mut s.situation_logement,
            &mut s.sans_logement_propre,
            &mut s.mutation,
            &mut s.priorite,
            &mut s.typologie,
            &mut s.commune,
        ];
        if let Some(quartile) = s.quartile.as_mut() {
            dimensions.push(quartile);
        }
        for dimension in dimensions {
            let (safe, n) = merged(dimension, t);
            *dimension = safe;
            modalities += n;
        }
        let (objectifs, masked) = objectives(&self.objectifs, t);
        b.objectifs = objectifs;
        // Reasons are written by people, about households: only their counts are published.
        if let Some(r) = b.refus.as_mut() {
            r.par_motif.clear();
        }
        if let Some(m) = b.attributions_mieux_classees.as_mut() {
            m.motifs.clear();
        }
        // A share of few leases would count households, as an objective would.
        let risky = |m: &crate::practice::MieuxClassees| {
            small(m.au_mieux_classe, t) || small(m.attributions_suivies - m.au_mieux_classe, t)
        };
        if b.attributions_mieux_classees.as_ref().is_some_and(risky) {
            b.attributions_mieux_classees = None;
        }
        b.flux = b.flux.as_ref().map(|f| f.with_secrecy(t));
        b.secret_statistique = Some(Secrecy {
            seuil: threshold,
            modalites_regroupees: modalities,
            objectifs_masques: masked,
            note: format!(
                "Secret statistique : aucune case ne compte moins de {threshold} ménages. Les modalités plus petites sont regroupées (« autres modalités, regroupées »), et le résultat d'un objectif n'est pas publié quand il compterait moins de {threshold} attributions."
            ),
        });
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(modalite: &str, demandes: u64, attributions: u64) -> Segment {
        Segment::of(modalite.to_owned(), demandes, attributions)
    }

    #[test]
    fn small_modalities_are_merged_until_the_group_is_safe() {
        let (safe, n) =
            merged(&[seg("a", 40, 10), seg("b", 2, 0), seg("c", 30, 6), seg("d", 9, 5)], 5);
        assert_eq!(n, 2, "b, then the smallest other (d), so that b cannot be deduced");
        assert_eq!(safe, [seg("a", 40, 10), seg("c", 30, 6), seg(MERGED, 11, 5)]);
        let totals =
            |s: &[Segment]| s.iter().fold((0, 0), |(d, a), x| (d + x.demandes, a + x.attributions));
        assert_eq!(totals(&safe), (81, 21), "totals are kept");
        let (kept, n) = merged(&[seg("a", 40, 10), seg("b", 6, 5)], 5);
        assert_eq!((kept.len(), n), (2, 0), "nothing to hide");
        let (all, _) = merged(&[seg("a", 2, 1), seg("b", 1, 1)], 5);
        assert!(all.is_empty(), "a whole dimension under the threshold is not published");
    }

    fn objective(code: &str, n: u64, d: u64) -> Objectif {
        crate::assemble::objective(code.to_owned(), "objectif".to_owned(), 0.25, Some(n), d)
    }

    #[test]
    fn a_result_that_would_count_few_households_is_not_published() {
        let hidden = objective_masked(&objective("q1_hors_qpv", 2, 40), 5).expect("2 of 40");
        assert_eq!((hidden.numerateur, hidden.taux, hidden.atteint), (None, None, None));
        assert_eq!(hidden.denominateur, 40, "the allocations concerned stay published");
        assert!(objective_masked(&objective("q1_hors_qpv", 38, 40), 5).is_some(), "2 without");
        assert!(objective_masked(&objective("q1_hors_qpv", 10, 40), 5).is_none());
        assert!(objective_masked(&objective("q1_hors_qpv", 0, 40), 5).is_none(), "none is safe");
    }

    #[test]
    fn holders_too_few_even_merged_take_the_smallest_published_one_along() {
        let all = [
            objective("prioritaires", 15, 53),
            objective("prioritaires:a", 2, 3),
            objective("prioritaires:b", 6, 20),
            objective("prioritaires:c", 10, 30),
        ];
        let (safe, masked) = objectives(&all, 5);
        let codes: Vec<&str> = safe.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["prioritaires", "prioritaires:c", MERGED_HOLDERS]);
        let merged = &safe[2];
        assert_eq!((merged.numerateur, merged.denominateur), (Some(8), 23), "a and b together");
        assert_eq!(masked, 2);
        let total: u64 = safe.iter().skip(1).map(|o| o.denominateur).sum();
        assert_eq!(total, 53, "every holder's allocations are still counted once");
    }

    proptest::proptest! {
        #[test]
        fn no_published_cell_is_small_and_no_household_is_lost(
            cells in proptest::collection::vec((0u64..30, 0u64..12), 0..25),
            threshold in 2u64..12,
        ) {
            let segments: Vec<Segment> = cells
                .iter()
                .enumerate()
                .map(|(i, (d, a))| seg(&format!("m{i:02}"), *d, *a))
                .collect();
            let (safe, _) = merged(&segments, threshold);
            for s in &safe {
                proptest::prop_assert!(!small(s.demandes, threshold) && !small(s.attributions, threshold));
            }
            let total = |s: &[Segment]| s.iter().map(|x| x.demandes + x.attributions).sum::<u64>();
            let everything = total(&segments);
            // Only a whole dimension under the threshold may go unpublished.
            proptest::prop_assert!(total(&safe) == everything || total(&safe) == 0);
        }
    }
}
