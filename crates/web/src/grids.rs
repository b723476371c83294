//! The registered cotation grids, read and parsed once a minute at most: every file page
//! explains its score with the grid's wording. Saving a grid from the settings page forgets
//! them at once.

use logis_cotation::Grid;
use logis_cotation::stored::{CotationError, registered_grids};
use logis_store::Store;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long read grids are used.
pub const KEEP: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct GridCache {
    kept: Mutex<Option<(Instant, Arc<Vec<Grid>>)>>,
}

impl GridCache {
    pub async fn get(&self, store: &dyn Store) -> Result<Arc<Vec<Grid>>, CotationError> {
        if let Some((at, grids)) = &*self.kept.lock().expect("grid cache")
            && at.elapsed() < KEEP
        {
            return Ok(grids.clone());
        }
        let grids = Arc::new(registered_grids(store).await?);
        *self.kept.lock().expect("grid cache") = Some((Instant::now(), grids.clone()));
        Ok(grids)
    }

    pub fn forget(&self) {
        *self.kept.lock().expect("grid cache") = None;
    }
}
