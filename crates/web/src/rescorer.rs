//! After a change made from the application — an application saved, a priority recognised or
//! withdrawn, a lease, a merge, a new grid, the nightly work or a start on stale scores — the
//! follow-up of the data runs in the background (`logis_transfer::follow_up`: the bilan's
//! projections, the cotation, the possible duplicates): one run at a time, and one more when
//! requests arrived while it ran (ten quick saves cost two runs, not ten). The page answers at
//! once (a label's page waits a little: [`Rescorer::settled`]); the new score shows a moment
//! later.

use logis_domain::Clock;
use logis_store::Store;
use logis_transfer::follow_up::{ReadAhead, after_import};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Default)]
pub struct Rescorer {
    running: AtomicBool,
    again: AtomicBool,
    /// Requests made since the server started.
    requests: AtomicU64,
}

impl Rescorer {
    /// Asks for a recomputation of the scores (and of the bilan's projections), at the moment
    /// `clock` tells when it runs.
    pub fn request(self: &Arc<Self>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.again.store(true, Ordering::SeqCst);
        if self.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                while me.again.swap(false, Ordering::SeqCst) {
                    let nothing_read = ReadAhead::default();
                    let done = after_import(&*store, clock.now(), nothing_read).await;
                    if let Err(e) = done.rescored {
                        tracing::warn!("cotation non recalculée après une saisie : {e}");
                    }
                    if let Err(e) = done.duplicates {
                        tracing::warn!("doublons possibles non recherchés après une saisie : {e}");
                    }
                }
                me.running.store(false, Ordering::SeqCst);
                // A request that came between the last check and now would be lost: take it.
                if !me.again.load(Ordering::SeqCst) || me.running.swap(true, Ordering::SeqCst) {
                    break;
                }
            }
        });
    }

    /// How many recomputations were asked for so far: what an import's follow-up compares
    /// before and after it ([`Rescorer::request_if_asked_since`]).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    /// Asks for one more recomputation when one was asked for since `requests` were counted.
    /// An import's follow-up runs beside the rescorer, on what the import read: a change saved
    /// meanwhile (held back by the import's lock until its commit, or made while the follow-up
    /// runs) may have been scored first and then overwritten by the follow-up; this run,
    /// after it, reads the store and scores it again.
    pub fn request_if_asked_since(
        self: &Arc<Self>,
        requests: u64,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
    ) -> bool {
        let asked = self.requests() != requests;
        if asked {
            self.request(store, clock);
        }
        asked
    }

    /// Whether a recomputation is running or asked for (tests wait for it).
    pub fn busy(&self) -> bool {
        self.running.load(Ordering::SeqCst) || self.again.load(Ordering::SeqCst)
    }

    /// Waits for the recomputation to end, `at_most` long: a label's new score shows on the
    /// page that follows on a territory's scale; a national recomputation keeps running after.
    pub async fn settled(&self, at_most: std::time::Duration) {
        let step = std::time::Duration::from_millis(25);
        let mut waited = std::time::Duration::ZERO;
        while self.busy() && waited < at_most {
            tokio::time::sleep(step).await;
            waited += step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_follow_up_is_run_again_only_when_a_change_was_asked_for_meanwhile() {
        let test = logis_testkit::sqlite().await;
        let (store, clock): (Arc<dyn Store>, Arc<dyn Clock>) =
            (test.store.clone(), logis_testkit::clock());
        let rescorer = Arc::new(Rescorer::default());
        let before = rescorer.requests();
        assert!(!rescorer.request_if_asked_since(before, store.clone(), clock.clone()));
        assert_eq!(rescorer.requests(), before, "nothing asked: no run");
        rescorer.request(store.clone(), clock.clone());
        assert!(rescorer.request_if_asked_since(before, store, clock), "a save meanwhile");
        assert_eq!(rescorer.requests(), before + 2, "one more run, after the follow-up");
        rescorer.settled(std::time::Duration::from_secs(30)).await;
        test.finish().await;
    }
}
