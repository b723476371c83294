//! Statistical secrecy for readers without access to personal data (the observer, an open
//! aggregate): no published cell counts fewer households than a threshold (a setting, 5 by
//! default). The modalities of a dimension that would, and then the smallest others until the
//! group itself is safe, are merged into one modality, [`MERGED`] — totals stay exact, and no
//! hidden cell can be deduced from them; a reservation holder's objective measured on too few
//! allocations joins a merged one; a territory's objective measured on too few loses its
//! numerator and rate. The document says so ([`Secrecy`]). The territory's own totals (key
//! figures, profiles) are published as they are: they identify no one.

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

/// The objectives with secrecy applied; how many were merged or masked.
fn objectives(objectifs: &[Objectif], threshold: u64) -> (Vec<Objectif>, u64) {
    let mut out = Vec::new();
    let mut merged: Option<Objectif> = None;
    let mut masked = 0;
    for o in objectifs {
        let too_few = small(o.denominateur, threshold);
        if too_few && o.code.starts_with("prioritaires:") {
            masked += 1;
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
        } else if too_few {
            masked += 1;
            out.push(Objectif { numerateur: None, taux: None, atteint: None, ..o.clone() });
        } else {
            out.push(o.clone());
        }
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
        b.secret_statistique = Some(Secrecy {
            seuil: threshold,
            modalites_regroupees: modalities,
            objectifs_masques: masked,
            note: format!(
                "Secret statistique : aucune case ne compte moins de {threshold} ménages. Les modalités plus petites sont regroupées (« autres modalités, regroupées »), et un objectif mesuré sur moins de {threshold} attributions n'est pas publié."
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
