//! The objectives followed live on the dashboard: the current year's allocations so far, by
//! landlord, reservation holder and commune, counted at most once a minute (a year of a
//! national register is some 400 000 attributions) and forgotten when the data change.

use crate::render::Refusal;
use logis_allocation::progress::{Progress, progress};
use logis_store::Store;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long counted figures are used.
pub const KEEP: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct ProgressCache {
    kept: Mutex<Option<(Instant, Progress)>>,
}

impl ProgressCache {
    /// This year's allocations up to `today` (refused as [`Refusal::Recounting`] while an
    /// import holds the data).
    pub async fn get(&self, store: &dyn Store, today: time::Date) -> Result<Progress, Refusal> {
        if let Some((at, kept)) = &*self.kept.lock().expect("progress cache")
            && at.elapsed() < KEEP
            && kept.until == today
        {
            return Ok(kept.clone());
        }
        let counted = progress(store, today).await.map_err(Refusal::of_figures)?;
        *self.kept.lock().expect("progress cache") = Some((Instant::now(), counted.clone()));
        Ok(counted)
    }

    pub fn forget(&self) {
        *self.kept.lock().expect("progress cache") = None;
    }
}
