//! The territory's key figures, counted at most once a minute: the dashboard, the bilan's
//! choice of years and the API read them on every visit, and at national scale counting them
//! takes a second or two. Any change of the data made from the application forgets them at once.

use logis_store::{Overview, Store, StoreError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long counted figures are used.
pub const KEEP: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct OverviewCache {
    kept: Mutex<Option<(Instant, Overview)>>,
}

impl OverviewCache {
    /// The figures of `today`.
    pub async fn get(&self, store: &dyn Store, today: time::Date) -> Result<Overview, StoreError> {
        if let Some((at, overview)) = &*self.kept.lock().expect("overview cache")
            && at.elapsed() < KEEP
            && overview.reference == Some(today)
        {
            return Ok(overview.clone());
        }
        let counted = store.overview(today).await?;
        *self.kept.lock().expect("overview cache") = Some((Instant::now(), counted.clone()));
        Ok(counted)
    }

    pub fn forget(&self) {
        *self.kept.lock().expect("overview cache") = None;
    }
}
