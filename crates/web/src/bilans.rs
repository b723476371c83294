//! The yearly evaluations the pages show, computed once and kept: a national year takes
//! seconds to count. A kept bilan is used for [`KEEP`] at most (an import from the command line
//! does not tell the server), and forgotten at once when the settings or the data change from
//! the application (an import, a save, a label, a lease: `AppState::data_changed`). The year a
//! page reports on gets the indicators of the work done in Logis; a reader without access to
//! personal data reads the bilans under statistical secrecy ([`BilanCache::readable`]).

use crate::render::Refusal;
use logis_evaluation::{Bilan, Settings};
use logis_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a computed bilan is kept.
pub const KEEP: Duration = Duration::from_secs(15 * 60);

/// Bilans by year, with the time they were computed and the settings' text they used.
#[derive(Default)]
pub struct BilanCache {
    kept: Mutex<HashMap<i32, (Instant, String, Bilan)>>,
    /// Whether a computation started by [`BilanCache::ready`] is running.
    computing: std::sync::atomic::AtomicBool,
}

/// The years of the last complete evaluation a home page shows: the year a page opens on
/// among those with allocations (`years`), and the year before it when there is one, for the
/// comparison.
pub fn latest_years(years: &[i32], today: time::Date) -> Option<(i32, Vec<i32>)> {
    let year = default_year(years, today)?;
    Some((year, years.iter().copied().filter(|y| (year - 1..=year).contains(y)).collect()))
}

/// The year a page opens on among `years` (with allocations, oldest first): the last complete
/// one before `today`'s year; the current year only when the data hold no other.
pub fn default_year(years: &[i32], today: time::Date) -> Option<i32> {
    let complete = years.iter().copied().filter(|y| *y < today.year()).max();
    complete.or_else(|| years.last().copied())
}

/// The territory's settings as saved on the settings page (defaults when never saved or
/// unreadable), with their text.
pub async fn territory_settings(store: &dyn Store) -> Result<(Settings, String), StoreError> {
    logis_evaluation::stored_settings(store).await
}

impl BilanCache {
    /// Forgets every kept bilan.
    pub fn forget(&self) {
        self.kept.lock().expect("bilan cache").clear();
    }

    /// The bilans of `years` when they are kept already; otherwise `None` at once, their
    /// computation started in the background (once, whoever asks): a home page shows what is
    /// ready and never waits the minutes a national evaluation takes on a cold cache.
    pub async fn ready(
        self: &Arc<Self>,
        store: &Arc<dyn Store>,
        years: &[i32],
        secrecy: Option<u32>,
    ) -> Result<Option<Vec<Bilan>>, Refusal> {
        use std::sync::atomic::Ordering;
        let (_, text) = territory_settings(&**store).await.map_err(Refusal::of_figures)?;
        let all_kept = {
            let kept = self.kept.lock().expect("bilan cache");
            years.iter().all(|y| {
                kept.get(y).is_some_and(|entry| entry.0.elapsed() < KEEP && entry.1 == text)
            })
        };
        if all_kept {
            return self.readable(&**store, years, secrecy).await.map(Some);
        }
        if !self.computing.swap(true, Ordering::SeqCst) {
            let (cache, store, years) = (self.clone(), store.clone(), years.to_vec());
            tokio::spawn(async move {
                if let Err(e) = cache.of(&*store, &years).await {
                    tracing::warn!("bilans de l'accueil non calculés : {e}");
                }
                cache.computing.store(false, Ordering::SeqCst);
            });
        }
        Ok(None)
    }

    /// The bilans of `years`, in that order, as a reader under statistical secrecy `secrecy`
    /// may read them (refused as [`Refusal::Recounting`] while an import holds the data) ([`AppState::secrecy_for`](crate::state::AppState::secrecy_for)).
    pub async fn readable(
        &self,
        store: &dyn Store,
        years: &[i32],
        secrecy: Option<u32>,
    ) -> Result<Vec<Bilan>, Refusal> {
        let bilans = self.of(store, years).await.map_err(Refusal::of_figures)?;
        Ok(match secrecy {
            Some(threshold) => bilans.iter().map(|b| b.with_secrecy(threshold)).collect(),
            None => bilans,
        })
    }

    /// The bilans of `years`, in that order; the last one (the year a page reports on, after
    /// the years of its trend) with the indicators of the work done in Logis and of the PLAI
    /// ceilings ([`logis_transfer::bilan::add_practice`]), added once to a bilan kept without them.
    pub async fn of(&self, store: &dyn Store, years: &[i32]) -> Result<Vec<Bilan>, StoreError> {
        let (settings, text) = territory_settings(store).await?;
        let fresh = |entry: &(Instant, String, Bilan)| entry.0.elapsed() < KEEP && entry.1 == text;
        let missing: Vec<i32> = {
            let kept = self.kept.lock().expect("bilan cache");
            years.iter().copied().filter(|y| !kept.get(y).is_some_and(fresh)).collect()
        };
        if !missing.is_empty() {
            let computed = logis_transfer::bilan::several(store, &missing, &settings).await?;
            let mut kept = self.kept.lock().expect("bilan cache");
            for bilan in computed {
                kept.insert(bilan.annee, (Instant::now(), text.clone(), bilan));
            }
        }
        let last = years.last().and_then(|y| {
            let kept = self.kept.lock().expect("bilan cache");
            kept.get(y).filter(|(_, _, b)| b.refus.is_none()).map(|(at, _, b)| (*at, b.clone()))
        });
        if let Some((at, mut bilan)) = last {
            logis_transfer::bilan::add_practice(store, &mut bilan).await?;
            let mut kept = self.kept.lock().expect("bilan cache");
            kept.insert(bilan.annee, (at, text.clone(), bilan));
        }
        let kept = self.kept.lock().expect("bilan cache");
        Ok(years.iter().filter_map(|y| kept.get(y).map(|(_, _, b)| b.clone())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::default_year;
    use time::macros::date;

    #[test]
    fn pages_open_on_the_last_complete_year() {
        let years = [2019, 2024, 2025, 2026];
        assert_eq!(default_year(&years, date!(2026 - 12 - 04)), Some(2025));
        assert_eq!(default_year(&years, date!(2027 - 01 - 01)), Some(2026));
        assert_eq!(default_year(&[2026], date!(2026 - 12 - 04)), Some(2026), "nothing else");
        assert_eq!(default_year(&[], date!(2026 - 12 - 04)), None);
    }
}
