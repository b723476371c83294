//! The territory's key figures, counted at most once a minute: the dashboard, the bilan's
//! choice of years and the API read them on every visit, and at national scale counting them
//! takes a second or two. An import from the application forgets them at once.

use logis_store::{Overview, Store, StoreError};
use std::sync::Mutex;

/// How long counted figures are used.
pub const KEEP_SECONDS: i64 = 60;

#[derive(Default)]
pub struct OverviewCache {
    kept: Mutex<Option<(i64, Overview)>>,
}

impl OverviewCache {
    /// Today's figures.
    pub async fn get(&self, store: &dyn Store) -> Result<Overview, StoreError> {
        let now = time::OffsetDateTime::now_utc();
        if let Some((at, overview)) = &*self.kept.lock().expect("overview cache")
            && now.unix_timestamp() - at < KEEP_SECONDS
            && overview.reference == Some(now.date())
        {
            return Ok(overview.clone());
        }
        let counted = store.overview(now.date()).await?;
        *self.kept.lock().expect("overview cache") = Some((now.unix_timestamp(), counted.clone()));
        Ok(counted)
    }

    pub fn forget(&self) {
        *self.kept.lock().expect("overview cache") = None;
    }
}
