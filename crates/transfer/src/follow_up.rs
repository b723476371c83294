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

/// What an import that loaded the register whole found as it read it, for the steps that
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
    let rescored = refresh_if_registered(
        store,
        logis_domain::french::paris_date(now),
        now.unix_timestamp(),
        read.cotation,
    )
    .await;
    watch.lap("cotation et index des candidats");
    let duplicates = match read.duplicate_groups {
        Some(groups) => {
            duplicates::detect_among(store, logis_domain::french::paris_date(now), groups).await
        }
        None => duplicates::detect(store, logis_domain::french::paris_date(now)).await,
    };
    watch.lap("recherche des doublons possibles");
    FollowUp { prepared, rescored, duplicates, phases: watch.phases }
}
