//! The objectives followed live on the dashboard: the current year's allocations so far, by
//! landlord, reservation holder and commune, counted at most once a minute (a year of a
//! national register is some 400 000 attributions) and forgotten when the data change.

use crate::render::Refusal;
use logis_allocation::progress::{Progress, progress};
use logis_store::Store;
use std::sync::Mutex;

/// How long counted figures are used.
pub const KEEP_SECONDS: i64 = 60;

#[derive(Default)]
pub struct ProgressCache {
    kept: Mutex<Option<(i64, Progress)>>,
}

impl ProgressCache {
    /// This year's allocations up to today (refused as [`Refusal::Recounting`] while an import
    /// holds the data).
    pub async fn get(&self, store: &dyn Store) -> Result<Progress, Refusal> {
        let now = time::OffsetDateTime::now_utc();
        if let Some((at, kept)) = &*self.kept.lock().expect("progress cache")
            && now.unix_timestamp() - at < KEEP_SECONDS
            && kept.until == now.date()
        {
            return Ok(kept.clone());
        }
        let counted = progress(store, now.date()).await.map_err(Refusal::of_figures)?;
        *self.kept.lock().expect("progress cache") = Some((now.unix_timestamp(), counted.clone()));
        Ok(counted)
    }

    pub fn forget(&self) {
        *self.kept.lock().expect("progress cache") = None;
    }
}
