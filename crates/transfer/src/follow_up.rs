//! What follows a change of the data: after an import, wherever it was started (command line
//! or web page), and after every change made in the application (through the web's rescorer).
//! The bilan's projections rebuilt when they were marked for it, the cotation recomputed with
//! the grid in force, so that scores follow the data at once, and the possible duplicates found
//! again.

use crate::timing::{PhaseTime, Stopwatch};
use logis_cotation::stored::{CotationError, Gathering, Refresh, refresh_if_registered};
use logis_store::dossiers::duplicate_keys::Groups;
use logis_store::dossiers::duplicates::{self, Detection};
use logis_store::{Store, StoreError};

/// What an import that brought the whole register found as it read it, for the steps that
/// follow it not to read millions of rows back (empty otherwise: they read the store).
#[derive(Debug, Default)]
pub struct ReadAhead {
    /// The groups of active applications sharing a possible duplicates' key.
    pub duplicate_groups: Option<Groups>,
    /// The applications the cotation scores, when a grid was in force on the import's date.
    pub cotation: Option<Gathering>,
}

/// The three steps' outcomes; each may fail without undoing the import.
pub struct FollowUp {
    /// Seconds the bilan's projections took, or `None` when there was nothing to rebuild.
    pub prepared: Result<Option<u64>, StoreError>,
    /// The new cotation, or `None` when no grid is registered.
    pub rescored: Result<Option<Refresh>, CotationError>,
    /// The possible duplicates among the active applications.
    pub duplicates: Result<Detection, StoreError>,
    /// How long each step took, and its peak memory.
    pub phases: Vec<PhaseTime>,
}

/// The new cotation in one French sentence, the same on the command line and the web page:
/// « Cotation recalculée au 05/12/2026 : 1 234 demandes actives, aucun score nouveau ou
/// modifié. »
pub fn rescored_said(r: &Refresh) -> String {
    use logis_domain::french::{date, int, plural};
    let changed = match r.changed {
        0 => "aucun score nouveau ou modifié".to_owned(),
        1 => "1 score nouveau ou modifié".to_owned(),
        n => format!("{} scores nouveaux ou modifiés", int(n as u64)),
    };
    let s = plural(r.scored as u64);
    format!(
        "Cotation recalculée au {} : {} demande{s} active{s}, {changed}.",
        date(r.date),
        int(r.scored as u64)
    )
}

/// The possible duplicates found, in one French sentence: « Doublons possibles à examiner :
/// 5 paires de demandes actives, dont 2 nouvelles. » (« aucune nouvelle », « 1 paire, nouvelle »).
pub fn duplicates_said(d: &Detection) -> String {
    use logis_domain::french::{int, plural};
    let new = match (d.pairs, d.new) {
        (_, 0) => "aucune nouvelle".to_owned(),
        (1, _) => "nouvelle".to_owned(),
        (_, n) => format!("dont {} nouvelle{}", int(n), plural(n)),
    };
    format!(
        "Doublons possibles à examiner : {} paire{} de demandes actives, {new}.",
        int(d.pairs),
        plural(d.pairs)
    )
}

/// [`after_import`] after `import`, when it changed data: an import that wrote no new or
/// changed row (a re-import of an unchanged register) leaves the projections, the scores and
/// the possible duplicates as they follow the data already (the server's nightly maintenance
/// moves the scores with the date); `None` then, and for an import that wrote nothing.
pub async fn after(
    store: &dyn Store,
    now: time::OffsetDateTime,
    import: &mut crate::ImportOutcome,
) -> Option<FollowUp> {
    if !import.written || import.changed_nothing() {
        return None;
    }
    Some(after_import(store, now, std::mem::take(&mut import.read_ahead)).await)
}

/// Runs the three steps after an import that wrote data, at `now`, on what the import `read`
/// ahead ([`crate::ImportOutcome::read_ahead`]) where it did, else on the stored applications.
pub async fn after_import(
    store: &dyn Store,
    now: time::OffsetDateTime,
    read: ReadAhead,
) -> FollowUp {
    let mut watch = Stopwatch::start();
    let started = std::time::Instant::now();
    let prepared =
        store.prepare_bilan().await.map(|rebuilt| rebuilt.then(|| started.elapsed().as_secs()));
    watch.lap("projections du bilan");
    let today = logis_domain::french::paris_date(now);
    let rescored = refresh_if_registered(store, today, now.unix_timestamp(), read.cotation).await;
    watch.lap("cotation et index des candidats");
    let duplicates = match read.duplicate_groups {
        Some(groups) => duplicates::detect_among(store, today, groups).await,
        None => duplicates::detect(store, today).await,
    };
    watch.lap("recherche des doublons possibles");
    FollowUp { prepared, rescored, duplicates, phases: watch.phases }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn refresh(scored: usize, changed: usize) -> Refresh {
        Refresh {
            date: date!(2026 - 12 - 05),
            grid_name: "CCTC".into(),
            grid_date: date!(2025 - 01 - 01),
            scored,
            changed,
            provisional: 0,
            groups: 0,
        }
    }

    #[test]
    fn the_cotation_is_said_in_french_with_its_plurals() {
        assert_eq!(
            rescored_said(&refresh(1234, 0)),
            "Cotation recalculée au 05/12/2026 : 1\u{a0}234 demandes actives, aucun score nouveau ou modifié."
        );
        assert_eq!(
            rescored_said(&refresh(1, 1)),
            "Cotation recalculée au 05/12/2026 : 1 demande active, 1 score nouveau ou modifié."
        );
        assert!(rescored_said(&refresh(9, 2)).ends_with(", 2 scores nouveaux ou modifiés."));
    }

    #[test]
    fn the_duplicates_are_said_in_french_with_their_plurals() {
        let found = |pairs, new| Detection { pairs, new, ..Detection::default() };
        assert_eq!(
            duplicates_said(&found(5, 0)),
            "Doublons possibles à examiner : 5 paires de demandes actives, aucune nouvelle."
        );
        assert_eq!(
            duplicates_said(&found(5, 2)),
            "Doublons possibles à examiner : 5 paires de demandes actives, dont 2 nouvelles."
        );
        assert_eq!(
            duplicates_said(&found(1, 1)),
            "Doublons possibles à examiner : 1 paire de demandes actives, nouvelle."
        );
    }
}
